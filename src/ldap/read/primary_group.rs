//! Active Directory's primary group. Every AD user is a member of the group whose RID is its
//! `primaryGroupID` (Domain Users, 513, unless changed), yet neither the group's `member` nor
//! the user's `memberOf` says so. "Is this user in that group?" must count it.

use crate::ldap::net::session::Session;
use crate::ldap::read::search::{base_entry, dns};

/// The SID of the group with RID `rid` in the domain of `user_sid` (binary SIDs: revision,
/// sub-authority count, 6-byte authority, then 4-byte little-endian sub-authorities; the last
/// one is the RID).
pub fn group_sid(user_sid: &[u8], rid: u32) -> Option<Vec<u8>> {
    let count = usize::from(*user_sid.get(1)?);
    if user_sid.first() != Some(&1) || count == 0 || user_sid.len() != 8 + 4 * count {
        return None;
    }
    let mut sid = user_sid.to_vec();
    let last = sid.len() - 4;
    sid[last..].copy_from_slice(&rid.to_le_bytes());
    Some(sid)
}

/// Every byte escaped, as RFC 4515 allows for binary assertion values.
pub fn escape_bytes(b: &[u8]) -> String {
    b.iter().map(|x| format!("\\{x:02x}")).collect()
}

/// The DN of the user's primary group, looked up under `base`; `None` when the entry has no
/// primaryGroupID (not AD) or the group cannot be read.
pub async fn of(s: &mut Session, base: &str, user_dn: &str) -> Option<String> {
    let user = base_entry(s, user_dn, &["objectSid", "primaryGroupID"])
        .await
        .ok()?;
    let rid: u32 = user.attrs.get("primaryGroupID")?.first()?.parse().ok()?;
    let sid = user.bin_attrs.get("objectSid")?.first()?;
    let filter = format!("(objectSid={})", escape_bytes(&group_sid(sid, rid)?));
    dns(s, base, &filter).await.ok()?.into_iter().next()
}

/// A group's RID as users' primaryGroupID holds it (AD's constructed `primaryGroupToken`).
pub async fn token(s: &mut Session, group_dn: &str) -> Option<u32> {
    let g = base_entry(s, group_dn, &["primaryGroupToken"]).await.ok()?;
    g.attrs.get("primaryGroupToken")?.first()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_sid_swaps_the_rid() {
        // S-1-5-21-3373834306-124224904-1847308830-1102 as Samba stores it.
        let user = [
            1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 0x42, 0xa0, 0x18, 0xc9, 0x88, 0x85, 0x67, 0x07,
            0x1e, 0xb2, 0x1b, 0x6e, 0x4e, 0x04, 0, 0,
        ];
        let group = group_sid(&user, 513).expect("sid");
        assert_eq!(&group[..24], &user[..24]);
        assert_eq!(&group[24..], &[0x01, 0x02, 0, 0]);
        assert_eq!(group_sid(&user[..27], 513), None, "truncated");
        assert_eq!(group_sid(&[2, 0], 513), None);
        assert_eq!(escape_bytes(&[0x01, 0x2a, 0xff]), "\\01\\2a\\ff");
    }
}
