//! LDAP Transactions (RFC 5805) for `--atomic`: start one, send every change of a batch with
//! the Transaction Specification control, then commit (or abort): the server applies all of
//! them or none. The transaction identifier from the server is used as bytes, never trusted
//! to be text.

use ldap3::LdapError;
use ldap3::controls::RawControl;
use ldap3::exop::Exop;

use crate::ldap::net::session::Session;
use crate::ldap::write::change::{Change, TREE_DELETE};
use crate::ldap::write::edit::{ldap_attrs, ldap_mods as mods};
use crate::ldap::write::undelete::refused;

/// The Start Transaction extended operation.
pub const START: &str = "1.3.6.1.1.21.1";
/// The End Transaction extended operation.
const END: &str = "1.3.6.1.1.21.3";
/// The Transaction Specification control.
const SPEC: &str = "1.3.6.1.1.21.2";

/// Starts a transaction: its identifier.
pub async fn start(s: &mut Session) -> Result<Vec<u8>, LdapError> {
    let t = s.timeout;
    let (exop, res) = s
        .ldap
        .with_timeout(t)
        .extended(Exop {
            name: Some(START.into()),
            val: None,
        })
        .await?
        .success()?;
    let _ = res;
    // slapd's identifier is empty (one transaction per connection): any value will do.
    exop.val.ok_or_else(|| {
        refused(
            80,
            "the server started a transaction without an identifier".into(),
        )
    })
}

/// Commits (or aborts) the transaction `id`.
pub async fn end(s: &mut Session, id: &[u8], commit: bool) -> Result<(), LdapError> {
    let t = s.timeout;
    // txnEndReq ::= SEQUENCE { commit BOOLEAN DEFAULT TRUE, identifier OCTET STRING }
    let mut body = Vec::new();
    if !commit {
        body.extend_from_slice(&[0x01, 0x01, 0x00]);
    }
    body.extend(crate::syntax::ber::tlv(0x04, id));
    let val = crate::syntax::ber::tlv(0x30, &body);
    s.ldap
        .with_timeout(t)
        .extended(Exop {
            name: Some(END.into()),
            val: Some(val),
        })
        .await?
        .success()
        .map(|_| ())
}

fn spec(id: &[u8]) -> RawControl {
    RawControl {
        ctype: SPEC.into(),
        crit: true,
        val: Some(id.to_vec()),
    }
}

/// Sends one change inside the transaction `id`.
pub async fn apply(s: &mut Session, id: &[u8], change: &Change) -> Result<(), LdapError> {
    let t = s.timeout;
    let c = vec![spec(id)];
    let res = match change {
        Change::Add { dn, attrs, rejoin } if rejoin.is_empty() => {
            s.ldap
                .with_controls(c)
                .with_timeout(t)
                .add(dn, ldap_attrs(attrs))
                .await?
        }
        Change::Modify { dn, mods: m } => {
            s.ldap
                .with_controls(c)
                .with_timeout(t)
                .modify(dn, mods(m))
                .await?
        }
        Change::Delete { dn, leave } => {
            for m in leave {
                let one = [m.modification(false)];
                s.ldap
                    .with_controls(c.clone())
                    .with_timeout(t)
                    .modify(&m.group, mods(&one))
                    .await?
                    .success()?;
            }
            s.ldap.with_controls(c).with_timeout(t).delete(dn).await?
        }
        Change::ModRdn {
            dn,
            new_rdn,
            new_superior,
            keep_old_rdn,
        } => {
            s.ldap
                .with_controls(c)
                .with_timeout(t)
                .modifydn(dn, new_rdn, !keep_old_rdn, new_superior.as_deref())
                .await?
        }
        Change::DeleteTree { dn } => {
            let tree = RawControl {
                ctype: TREE_DELETE.into(),
                crit: true,
                val: None,
            };
            s.ldap
                .with_controls(vec![spec(id), tree])
                .with_timeout(t)
                .delete(dn)
                .await?
        }
        other => {
            return Err(refused(
                53,
                format!(
                    "a {} is not sent inside a transaction by ldapdeck",
                    other.kind()
                ),
            ));
        }
    };
    res.success().map(|_| ())
}
