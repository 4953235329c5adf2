//! Undoing a delete on Active Directory. AD cannot re-add an entry as it was (objectSid and
//! objectGUID are the DC's to assign, and a new SID loses every permission granted to the
//! old one), but it keeps a deleted entry as a tombstone for its tombstone lifetime. An undo
//! brings that tombstone back (MS-ADTS "undelete": Show Deleted control, delete isDeleted,
//! replace distinguishedName), then sets the attributes and groups the tombstone lost.

use std::collections::HashSet;

use ldap3::controls::RawControl;
use ldap3::{LdapError, LdapResult, Scope};

use crate::ldap::net::session::Session;
use crate::ldap::write::change::{Image, Mod, is_secret, same_values, texts, values};
use crate::syntax::ldif::line;

/// LDAP_SERVER_SHOW_DELETED_OID: lets a request see and name tombstones.
pub const SHOW_DELETED: &str = "1.2.840.113556.1.4.417";

/// Attributes the DC maintains itself (system-only or back-links, most not marked
/// NO-USER-MODIFICATION in its subschema), or that the new DN sets: never written back.
const SYSTEM_OWNED: &[&str] = &[
    "objectGUID",
    "objectSid",
    "objectClass",
    "objectCategory",
    "instanceType",
    "whenCreated",
    "whenChanged",
    "uSNCreated",
    "uSNChanged",
    "distinguishedName",
    "name",
    "cn",
    "sAMAccountType",
    "primaryGroupID",
    "pwdLastSet",
    "badPwdCount",
    "badPasswordTime",
    "lastLogon",
    "lastLogoff",
    "lastLogonTimestamp",
    "logonCount",
    "lockoutTime",
    "memberOf",
    "isDeleted",
    "isRecycled",
    "lastKnownParent",
    "adminCount",
    "operatorCount",
    "isCriticalSystemObject",
    "systemFlags",
    "sIDHistory",
    "dSCorePropagationData",
    "replPropertyMetaData",
    "msDS-KeyVersionNumber",
];

/// Written after the others and on its own: Windows refuses to enable an account that has
/// no password yet, and the rest should be back even then.
const ACCOUNT_CONTROL: &str = "userAccountControl";

/// AD's objectGUID (16 bytes, the first three fields little-endian) as AD prints it.
pub fn guid_text(raw: &[u8]) -> Option<String> {
    let b: &[u8; 16] = raw.try_into().ok()?;
    let hex = |r: &[u8]| r.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let rev = |r: &[u8]| r.iter().rev().copied().collect::<Vec<u8>>();
    Some(format!(
        "{}-{}-{}-{}-{}",
        hex(&rev(&b[0..4])),
        hex(&rev(&b[4..6])),
        hex(&rev(&b[6..8])),
        hex(&b[8..10]),
        hex(&b[10..16])
    ))
}

/// What an undelete restores from the entry as it was: the attributes a client may write
/// (passwords never) and the groups it was in.
pub fn restorable(before: &Image) -> (Image, Vec<String>) {
    let skip = |k: &str| is_secret(k) || SYSTEM_OWNED.iter().any(|s| s.eq_ignore_ascii_case(k));
    let attrs = before
        .iter()
        .filter(|(k, _)| !skip(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (attrs, texts(before, "memberOf"))
}

/// The undelete as LDIF: the reanimation on the tombstone, then what is set again.
pub fn ldif(dn: &str, guid: &str, attrs: &Image, groups: &[String]) -> String {
    let mut out = format!(
        "# Active Directory undelete: the tombstone of objectGUID {guid} comes back with its \
         SID and GUID (control {SHOW_DELETED}); the values below are then set where they \
         differ. Its password is not restored.\n"
    );
    // Written as is (LDIF would base64 a value that starts with '<'): it is read by people.
    out.push_str(&format!("dn: <GUID={guid}>\n"));
    out.push_str("changetype: modify\ndelete: isDeleted\n-\nreplace: distinguishedName\n");
    out.push_str(&line("distinguishedName", dn.as_bytes()));
    out.push_str("-\n");
    if !attrs.is_empty() {
        out.push('\n');
        out.push_str(&line("dn", dn.as_bytes()));
        out.push_str("changetype: modify\n");
        for (a, vals) in attrs {
            out.push_str(&format!("replace: {a}\n"));
            for v in vals {
                out.push_str(&line(a, v));
            }
            out.push_str("-\n");
        }
    }
    for g in groups {
        out.push('\n');
        out.push_str(&line("dn", g.as_bytes()));
        out.push_str("changetype: modify\nadd: member\n");
        out.push_str(&line("member", dn.as_bytes()));
        out.push_str("-\n");
    }
    out
}

/// A refusal said by ldapdeck in the server's terms (an `LdapResult` with this code).
pub(crate) fn refused(rc: u32, text: String) -> LdapError {
    LdapError::LdapResult {
        result: LdapResult {
            rc,
            matched: String::new(),
            text,
            refs: Vec::new(),
            ctrls: Vec::new(),
        },
    }
}

/// Prefixes a server refusal that came after the entry was already back.
fn partly(e: LdapError, what: &str) -> LdapError {
    match e {
        LdapError::LdapResult { mut result } => {
            result.text = format!("the entry is back, but {what} failed: {}", result.text);
            LdapError::LdapResult { result }
        }
        other => other,
    }
}

/// The Show Deleted control, critical: a server without it must refuse, not answer without.
pub fn show_deleted() -> Vec<RawControl> {
    vec![RawControl {
        ctype: SHOW_DELETED.into(),
        crit: true,
        val: None,
    }]
}

/// An entry's objectGUID as AD prints it, when it has one.
pub fn guid_of(e: &ldap3::SearchEntry) -> Option<String> {
    e.bin_attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("objectGUID"))
        .and_then(|(_, v)| v.first())
        .and_then(|b| guid_text(b))
}

/// The tombstone's name: msDS-LastKnownRDN where the Recycle Bin keeps it, else its RDN value
/// before AD's "\nDEL:<guid>" mangling.
pub fn tombstone_name(e: &ldap3::SearchEntry) -> String {
    let kept = crate::ldap::read::record::values(e, "msDS-LastKnownRDN")
        .into_iter()
        .next();
    kept.filter(|n| !n.is_empty()).unwrap_or_else(|| {
        let rdn = crate::ldap::read::directory::rdn_value(&e.dn);
        let cut = rdn
            .find("\\0A")
            .or_else(|| rdn.find('\n'))
            .unwrap_or(rdn.len());
        rdn[..cut].to_string()
    })
}

/// The DN a tombstone comes back as: its naming attribute (from the tombstone's RDN) with
/// `name`, under `parent`.
pub fn restored_dn(tombstone_dn: &str, name: &str, parent: &str) -> String {
    let attr = crate::syntax::dn::split_rdn(tombstone_dn)
        .0
        .split('=')
        .next()
        .unwrap_or("CN");
    format!(
        "{attr}={},{parent}",
        crate::syntax::dn::escape_rdn_value(name)
    )
}

/// Why a restore was not planned.
#[derive(Debug)]
pub enum Refusal {
    /// The server failed.
    Ldap(LdapError),
    /// No tombstone has that GUID.
    NotFound(String),
    /// The parent is deleted or gone, or the name is taken: (what, what to do).
    Conflict(String, &'static str),
}

/// Plans the reanimation of the tombstone `guid` as `name` under `parent` (by default its
/// last known name and parent): refused when the parent is itself deleted or gone, or an
/// entry has the name already. Reads only; nothing is sent.
pub async fn plan_restore(
    s: &mut Session,
    guid: &str,
    name: Option<&str>,
    parent: Option<&str>,
) -> Result<crate::ldap::write::change::Change, Refusal> {
    let found = crate::ldap::read::search::read_with(
        s,
        show_deleted(),
        &format!("<GUID={guid}>"),
        Scope::Base,
        "(isDeleted=TRUE)",
        &["msDS-LastKnownRDN", "lastKnownParent"],
        1,
    )
    .await
    .map_err(Refusal::Ldap)?;
    let Some(tomb) = found.entries.into_iter().next() else {
        return Err(Refusal::NotFound(format!(
            "no deleted object has objectGUID {guid} (ldapdeck deleted list SLUG shows them)"
        )));
    };
    let name = name.map_or_else(|| tombstone_name(&tomb), str::to_string);
    let parent = match parent {
        Some(p) => p.to_string(),
        None => crate::ldap::read::record::values(&tomb, "lastKnownParent")
            .into_iter()
            .next()
            .unwrap_or_default(),
    };
    // The parent must be alive: a deleted parent holds "\nDEL:" in its DN.
    if parent.contains("\\0ADEL:")
        || parent.contains("\nDEL:")
        || crate::ldap::read::search::base_entry(s, &parent, &["1.1"])
            .await
            .is_err()
    {
        return Err(Refusal::Conflict(
            format!("the parent {parent} is itself deleted or gone: nothing was sent"),
            "restore the parent first, or give another parent",
        ));
    }
    let dn = restored_dn(&tomb.dn, &name, &parent);
    if crate::ldap::read::search::base_entry(s, &dn, &["1.1"])
        .await
        .is_ok()
    {
        return Err(Refusal::Conflict(
            format!("{dn} exists already: nothing was sent"),
            "give another name or another parent",
        ));
    }
    Ok(crate::ldap::write::change::Change::Undelete {
        dn,
        guid: guid.to_string(),
        attrs: Default::default(),
        groups: Vec::new(),
    })
}

/// Brings the tombstone of `guid` back as `dn`, then restores `attrs` and `groups`.
pub async fn apply(
    s: &mut Session,
    dn: &str,
    guid: &str,
    attrs: &Image,
    groups: &[String],
) -> Result<(), LdapError> {
    let t = s.timeout;
    let res = crate::ldap::read::search::read_with(
        s,
        show_deleted(),
        &format!("<GUID={guid}>"),
        Scope::Base,
        "(objectClass=*)",
        &["isDeleted"],
        1,
    )
    .await?;
    if res.result.rc == 32 {
        return Err(refused(
            32,
            format!(
                "no deleted object with objectGUID {guid} is left: its tombstone lifetime \
                 has passed or it was purged"
            ),
        ));
    }
    let tomb = res
        .success()?
        .into_iter()
        .next()
        .ok_or_else(|| refused(32, format!("no object with objectGUID {guid}")))?;
    if texts(&crate::ldap::write::edit::image(&tomb), "isDeleted").is_empty() {
        return Err(refused(
            68,
            format!(
                "the object with objectGUID {guid} is not deleted: it is {}",
                tomb.dn
            ),
        ));
    }
    let back = vec![
        ldap3::Mod::Delete(b"isDeleted".to_vec(), HashSet::new()),
        ldap3::Mod::Replace(
            b"distinguishedName".to_vec(),
            HashSet::from([dn.as_bytes().to_vec()]),
        ),
    ];
    s.ldap
        .with_controls(show_deleted())
        .with_timeout(t)
        .modify(&tomb.dn, back)
        .await?
        .success()?;

    let now = crate::ldap::write::edit::read_with(s, dn, &["memberOf"])
        .await
        .map_err(|e| partly(e, "reading it"))?
        .unwrap_or_default();
    let differs = |a: &str, v: &Vec<Vec<u8>>| !same_values(values(&now, a), Some(v));
    let (control, rest): (Vec<_>, Vec<_>) = attrs
        .iter()
        .filter(|(a, v)| differs(a, v))
        .map(|(a, v)| Mod::Replace(a.clone(), v.clone()))
        .partition(|m| m.attr().eq_ignore_ascii_case(ACCOUNT_CONTROL));
    for (mods, what) in [
        (rest, "restoring its attributes"),
        (control, ACCOUNT_CONTROL),
    ] {
        if !mods.is_empty() {
            crate::ldap::write::edit::modify(s, dn, &mods)
                .await
                .map_err(|e| partly(e, &format!("{what} (set a password, then enable it)")))?;
        }
    }
    let member_of: Vec<String> = texts(&now, "memberOf")
        .iter()
        .map(|g| g.to_lowercase())
        .collect();
    for g in groups
        .iter()
        .filter(|g| !member_of.contains(&g.to_lowercase()))
    {
        let join = [Mod::Add("member".into(), vec![dn.as_bytes().to_vec()])];
        crate::ldap::write::edit::modify(s, g, &join)
            .await
            .map_err(|e| partly(e, &format!("adding it back to {g}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_prints_as_ad_does() {
        // objectGUID:: iqv6PAuGC0WSO0PoiiL+MQ== as Samba showed it in a tombstone's DN.
        let raw = [
            0x8a, 0xab, 0xfa, 0x3c, 0x0b, 0x86, 0x0b, 0x45, 0x92, 0x3b, 0x43, 0xe8, 0x8a, 0x22,
            0xfe, 0x31,
        ];
        assert_eq!(
            guid_text(&raw).as_deref(),
            Some("3cfaab8a-860b-450b-923b-43e88a22fe31")
        );
        assert_eq!(guid_text(b"short"), None);
    }

    #[test]
    fn only_what_a_client_may_write_is_restored() {
        let before = Image::from([
            ("cn".into(), vec![b"John Doe".to_vec()]),
            ("mail".into(), vec![b"j@x".to_vec()]),
            ("userAccountControl".into(), vec![b"512".to_vec()]),
            ("objectSid".into(), vec![vec![1, 5]]),
            ("unicodePwd".into(), vec![b"x".to_vec()]),
            ("pwdLastSet".into(), vec![b"134".to_vec()]),
            ("memberOf".into(), vec![b"CN=Ops,DC=x".to_vec()]),
        ]);
        let (attrs, groups) = restorable(&before);
        assert_eq!(
            attrs.keys().collect::<Vec<_>>(),
            ["mail", "userAccountControl"]
        );
        assert_eq!(groups, ["CN=Ops,DC=x"]);
        let text = ldif("CN=John Doe,DC=x", "3cfa", &attrs, &groups);
        assert!(text.contains("dn: <GUID=3cfa>\nchangetype: modify\ndelete: isDeleted\n"));
        assert!(text.contains("dn: CN=Ops,DC=x\nchangetype: modify\nadd: member\n"));
        assert!(!text.contains("unicodePwd"));
    }
}
