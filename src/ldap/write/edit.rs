//! Applying writes: read an entry's image, refuse when it changed since it was read, send
//! the change.

use std::collections::HashSet;

use ldap3::{LdapError, Scope, SearchEntry};

use crate::ldap::net::session::Session;
use crate::ldap::write::change::{Change, Image, Mod, values};

/// An entry's user attributes (text and binary) as an image.
pub fn image(e: &SearchEntry) -> Image {
    let mut img: Image = e
        .attrs
        .iter()
        .map(|(k, v)| (k.clone(), v.iter().map(|s| s.as_bytes().to_vec()).collect()))
        .collect();
    img.extend(e.bin_attrs.iter().map(|(k, v)| (k.clone(), v.clone())));
    img
}

/// Reads an entry's user attributes; `None` when it does not exist.
pub async fn read(s: &mut Session, dn: &str) -> Result<Option<Image>, LdapError> {
    read_with(s, dn, &[]).await
}

/// Reads an entry's user attributes and these others (operational ones such as
/// pwdAccountLockedTime are only returned when named).
pub async fn read_with(
    s: &mut Session,
    dn: &str,
    extra: &[&str],
) -> Result<Option<Image>, LdapError> {
    let mut attrs = vec!["*"];
    attrs.extend_from_slice(extra);
    let res =
        crate::ldap::read::search::read(s, dn, Scope::Base, "(objectClass=*)", &attrs, 1).await?;
    if res.result.rc == 32 {
        return Ok(None);
    }
    Ok(res.success()?.first().map(image))
}

/// Reads exactly these attributes of an entry (`*` for all user attributes, `1.1` for none)
/// on an ldap3 handle (a clone of a session's, to read while another request of the same
/// connection is on its way), within `t`; `None` when it does not exist.
pub async fn read_on(
    ldap: &mut ldap3::Ldap,
    t: std::time::Duration,
    dn: &str,
    attrs: &[&str],
) -> Result<Option<Image>, LdapError> {
    let res = crate::ldap::read::search::read_on(
        ldap,
        t,
        Vec::new(),
        dn,
        Scope::Base,
        "(objectClass=*)",
        attrs,
        1,
    )
    .await?;
    if res.result.rc == 32 {
        return Ok(None);
    }
    Ok(res.success()?.first().map(image))
}

/// The attributes whose values differ between the image read earlier and now, as a readable diff.
pub fn conflicts(before: &Image, now: &Image, attrs: &[&str]) -> Vec<String> {
    let show = |v: Option<&Vec<Vec<u8>>>| -> String {
        match v {
            None => "(none)".into(),
            Some(vals) => vals
                .iter()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    attrs
        .iter()
        .filter(|a| !crate::ldap::write::change::same_values(values(before, a), values(now, a)))
        .map(|a| {
            if crate::ldap::write::change::is_secret(a) {
                format!("{a}: changed on the server")
            } else {
                format!(
                    "{a}: was {} when read, is {} now",
                    show(values(before, a)),
                    show(values(now, a))
                )
            }
        })
        .collect()
}

fn set(v: &[Vec<u8>]) -> HashSet<Vec<u8>> {
    v.iter().cloned().collect()
}

/// Sends a change; the server's answer decides (a refusal is an `LdapResult` error).
pub async fn apply(s: &mut Session, change: &Change) -> Result<(), LdapError> {
    let t = s.timeout;
    let res = match change {
        Change::Add { dn, attrs, rejoin } => {
            s.ldap
                .with_timeout(t)
                .add(dn, ldap_attrs(attrs))
                .await?
                .success()?;
            for m in rejoin {
                membership_value(s, m, true).await?;
            }
            return Ok(());
        }
        Change::Modify { dn, mods } => return modify(s, dn, mods).await,
        Change::Delete { dn, leave } => {
            for m in leave {
                membership_value(s, m, false).await?;
            }
            s.ldap.with_timeout(t).delete(dn).await?
        }
        Change::Undelete {
            dn,
            guid,
            attrs,
            groups,
        } => return crate::ldap::write::undelete::apply(s, dn, guid, attrs, groups).await,
        Change::ModRdn {
            dn,
            new_rdn,
            new_superior,
            keep_old_rdn,
        } => {
            s.ldap
                .with_timeout(t)
                .modifydn(dn, new_rdn, !keep_old_rdn, new_superior.as_deref())
                .await?
        }
        Change::Batch { changes, .. } => {
            // Sent in order; `writes::commit_batch` is the journaled way, with conflict checks.
            for c in changes {
                Box::pin(apply(s, c)).await?;
            }
            return Ok(());
        }
        Change::DeleteTree { dn } => {
            let tree = ldap3::controls::RawControl {
                ctype: crate::ldap::write::change::TREE_DELETE.into(),
                crit: true,
                val: None,
            };
            s.ldap
                .with_controls(vec![tree])
                .with_timeout(t)
                .delete(dn)
                .await?
        }
    };
    res.success().map(|_| ())
}

/// Adds or removes one group value; already as wanted (added by someone, or gone) is fine.
async fn membership_value(
    s: &mut Session,
    m: &crate::ldap::write::change::Membership,
    join: bool,
) -> Result<(), LdapError> {
    match modify(s, &m.group, &[m.modification(join)]).await {
        // 20 attributeOrValueExists on add, 16 noSuchAttribute on delete.
        Err(LdapError::LdapResult { result }) if result.rc == 20 || result.rc == 16 => Ok(()),
        other => other,
    }
}

/// An entry's attributes as ldap3 adds them.
pub fn ldap_attrs(attrs: &Image) -> Vec<(Vec<u8>, HashSet<Vec<u8>>)> {
    attrs
        .iter()
        .map(|(k, v)| (k.as_bytes().to_vec(), set(v)))
        .collect()
}

/// The modifications as ldap3 sends them.
pub fn ldap_mods(mods: &[Mod]) -> Vec<ldap3::Mod<Vec<u8>>> {
    mods.iter()
        .map(|m| match m {
            Mod::Add(a, v) => ldap3::Mod::Add(a.as_bytes().to_vec(), set(v)),
            Mod::Replace(a, v) => ldap3::Mod::Replace(a.as_bytes().to_vec(), set(v)),
            Mod::Delete(a, v) => ldap3::Mod::Delete(a.as_bytes().to_vec(), set(v)),
            Mod::Increment(a, v) => ldap3::Mod::Increment(
                a.as_bytes().to_vec(),
                v.first().cloned().unwrap_or_else(|| b"0".to_vec()),
            ),
        })
        .collect()
}

/// Sends one modify request.
pub async fn modify(s: &mut Session, dn: &str, mods: &[Mod]) -> Result<(), LdapError> {
    let m = ldap_mods(mods);
    s.ldap
        .with_timeout(s.timeout)
        .modify(dn, m)
        .await?
        .success()
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_name_what_changed() {
        let before = Image::from([
            ("mail".into(), vec![b"a@x".to_vec()]),
            ("cn".into(), vec![b"A".to_vec()]),
        ]);
        let now = Image::from([
            ("mail".into(), vec![b"b@x".to_vec()]),
            ("cn".into(), vec![b"A".to_vec()]),
        ]);
        assert_eq!(
            conflicts(&before, &now, &["mail", "cn"]),
            ["mail: was a@x when read, is b@x now"]
        );
        assert!(conflicts(&before, &before, &["mail"]).is_empty());
    }
}
