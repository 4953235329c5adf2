//! The conflict check done by the server: a modify carries the Assertion control (RFC 4528)
//! that the entry's change sequence number (OpenLDAP's `entryCSN`) is still the one the plan
//! read, so "unchanged since read" and "write" are one operation, with no read in between.
//! The server refuses with assertionFailed (122) when anything in the entry changed; the
//! batch then re-reads the touched attributes and decides as it would without the control.

use ldap3::LdapError;

use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::Image;
use crate::ldap::write::edit;

/// The Assertion control.
pub const OID: &str = "1.3.6.1.1.12";

/// The attribute that changes with every write to an entry.
pub const CSN: &str = "entryCSN";

/// assertionFailed.
const FAILED: u32 = 122;

/// Takes the change sequence number out of an image read with [`CSN`] (it is the check's,
/// not part of what the change left or what its undo restores).
pub fn take_csn(img: &mut Image) -> Option<Vec<u8>> {
    let key = img.keys().find(|k| k.eq_ignore_ascii_case(CSN))?.clone();
    img.remove(&key)?.into_iter().next()
}

/// Whether an image carries a change sequence number.
pub fn has_csn(img: &Image) -> bool {
    img.keys().any(|k| k.eq_ignore_ascii_case(CSN))
}

/// The control asserting `(entryCSN=csn)`, BER-encoded by hand: the value is the server's
/// and is never parsed as filter text.
pub fn control(csn: &[u8]) -> ldap3::controls::RawControl {
    use crate::syntax::ber::tlv;
    let mut eq = tlv(0x04, CSN.as_bytes());
    eq.extend(tlv(0x04, csn));
    ldap3::controls::RawControl {
        ctype: OID.into(),
        // Critical: a server that ignored it would skip the check.
        crit: true,
        val: Some(tlv(0xa3, &eq)),
    }
}

/// Whether the RootDSE lists the Assertion control.
pub async fn offered(c: &mut Connected) -> bool {
    crate::ldap::read::search::base_entry(&mut c.session, "", &["supportedControl"])
        .await
        .is_ok_and(|e| {
            crate::ldap::read::record::values(&e, "supportedControl")
                .iter()
                .any(|x| x == OID)
        })
}

/// Sends a modify that applies only if the entry's CSN is still `csn`: `Ok(false)` when the
/// server says it changed (nothing was written).
pub async fn modify(
    c: &mut Connected,
    dn: &str,
    mods: &[crate::ldap::write::change::Mod],
    csn: &[u8],
) -> Result<bool, LdapError> {
    let s = &mut c.session;
    let res = s
        .ldap
        .with_controls(vec![control(csn)])
        .with_timeout(s.timeout)
        .modify(dn, edit::ldap_mods(mods))
        .await?;
    if res.rc == FAILED {
        return Ok(false);
    }
    res.success().map(|_| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_control_is_an_equality_filter_on_the_csn() {
        let c = control(b"20261202194746.097517Z#000000#000#000000");
        assert_eq!(c.ctype, OID);
        assert!(c.crit);
        let val = c.val.expect("value");
        let (f, rest) = crate::syntax::ber::read_tlv(&val).expect("tlv");
        assert!(rest.is_empty());
        assert_eq!(f.tag, 0xa3);
        let parts = crate::syntax::ber::children(f.value);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].value, b"entryCSN");
        assert_eq!(parts[1].value, b"20261202194746.097517Z#000000#000#000000");
    }

    #[test]
    fn the_csn_is_taken_out_of_the_image() {
        let mut img = Image::from([
            ("entryCSN".into(), vec![b"1#2".to_vec()]),
            ("mail".into(), vec![b"a@x".to_vec()]),
        ]);
        assert!(has_csn(&img));
        assert_eq!(take_csn(&mut img), Some(b"1#2".to_vec()));
        assert!(!has_csn(&img));
        assert_eq!(img.len(), 1);
        assert_eq!(take_csn(&mut img), None);
    }
}
