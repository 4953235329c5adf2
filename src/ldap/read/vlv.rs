//! Server-side sort (RFC 2891) and virtual list view (draft-ietf-ldapext-ldapv3-vlv): the
//! request controls ldap3 does not build, and a non-panicking reader of the VLV response.
//! Together they fetch one window of a sorted result without reading the rest.

use ldap3::controls::RawControl;
use ldap3::{LdapError, Scope, SearchEntry};

use crate::ldap::doctor::rootdse::{CTRL_SORT, CTRL_VLV};
use crate::ldap::net::session::Session;
use crate::syntax::ber::{children, read_tlv, tlv, uint};

/// OID of the VLV response control.
pub const CTRL_VLV_RESPONSE: &str = "2.16.840.1.113730.3.4.10";

fn integer(n: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        // Zero, or a high bit that would read as negative: lead with 0x00.
        bytes.insert(0, 0);
    }
    tlv(0x02, &bytes)
}

/// Ordering rule for sorting text attributes that have none in the schema (uid, cn, mail).
pub const CASE_IGNORE_ORDERING: &str = "caseIgnoreOrderingMatch";

/// The server-side sort request: one key, ascending, with an optional ordering rule.
pub fn sort_control(attr: &str, ordering: Option<&str>) -> RawControl {
    let mut key = tlv(0x04, attr.as_bytes());
    if let Some(rule) = ordering {
        key.extend(tlv(0x80, rule.as_bytes()));
    }
    let key = tlv(0x30, &key);
    RawControl {
        ctype: CTRL_SORT.into(),
        crit: true,
        val: Some(tlv(0x30, &key)),
    }
}

/// The VLV request for `before` + 1 + `after` entries around `offset` (1-based) of a list
/// of about `count` entries (0 when unknown).
pub fn vlv_control(before: u64, after: u64, offset: u64, count: u64) -> RawControl {
    let by_offset = tlv(0xa0, &[integer(offset), integer(count)].concat());
    let value = tlv(0x30, &[integer(before), integer(after), by_offset].concat());
    RawControl {
        ctype: CTRL_VLV.into(),
        crit: true,
        val: Some(value),
    }
}

/// What the server says about the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VlvResponse {
    /// Position of the target entry (1-based).
    pub target: u64,
    /// How many entries the whole list holds (the server's estimate).
    pub count: u64,
    /// 0 is success; others are LDAP result codes (e.g. 61 offsetRangeError).
    pub result: u64,
}

/// OID of the server-side sort response control (RFC 2891).
pub const CTRL_SORT_RESPONSE: &str = "1.2.840.113556.1.4.474";

/// The sortResult of a sort response control value; `None` when it is not one.
pub fn decode_sort_result(value: &[u8]) -> Option<u64> {
    let (seq, _) = read_tlv(value)?;
    if seq.tag != 0x30 {
        return None;
    }
    children(seq.value)
        .first()
        .filter(|t| t.tag == 0x0a)
        .and_then(|t| uint(t.value))
}

/// Reads a VLV response control value; `None` when it is not one.
pub fn decode_response(value: &[u8]) -> Option<VlvResponse> {
    let (seq, _) = read_tlv(value)?;
    if seq.tag != 0x30 {
        return None;
    }
    let parts = children(seq.value);
    let int = |i: usize, tag: u8| {
        parts
            .get(i)
            .filter(|t| t.tag == tag)
            .and_then(|t| uint(t.value))
    };
    Some(VlvResponse {
        target: int(0, 0x02)?,
        count: int(1, 0x02)?,
        result: int(2, 0x0a)?,
    })
}

/// Whether a sorted search was refused for its ordering rule (and may work without it).
fn refuses_rule(rc: u32, text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    // 1 operationsError (389), 18 inappropriateMatching, 53 unwillingToPerform.
    matches!(rc, 1 | 18 | 53) && (t.contains("sort") || rc == 18)
}

/// The ordering rule to sort a provider's users with: case-insensitive everywhere but on
/// 389 DS, which refuses a key with a rule and whose ns-slapd 2.3 was seen to crash on one
/// with a virtual list view (its own ordering for the attribute is used there).
pub fn ordering_for(t: crate::config::ServerType) -> Option<&'static str> {
    match t {
        crate::config::ServerType::Ds389 | crate::config::ServerType::FreeIpa => None,
        _ => Some(CASE_IGNORE_ORDERING),
    }
}

/// One window of users sorted by `sort_attr`: `before` + 1 + `after` entries around `offset`.
#[allow(clippy::too_many_arguments)]
pub async fn window(
    s: &mut Session,
    base: &str,
    scope: Scope,
    filter: &str,
    attrs: &[String],
    sort_attr: &str,
    rule: Option<&str>,
    offset: u64,
    before: u64,
    after: u64,
) -> Result<(Vec<SearchEntry>, Option<VlvResponse>), LdapError> {
    // The window is before + 1 + after entries; a server sending more is cut there.
    let max = (before as usize) + (after as usize) + 1;
    let ask = |rule: Option<&str>| {
        vec![
            sort_control(sort_attr, rule),
            vlv_control(before, after, offset, 0),
        ]
    };
    let mut res =
        crate::ldap::read::search::read_with(s, ask(rule), base, scope, filter, attrs, max).await?;
    // 389 DS refuses a sort key with an ordering rule, with or without a VLV index: as the
    // search's result (operationsError "Sort Response Control") or, the control being
    // non-critical, in the sort response while the entries come unsorted. The attribute's
    // own ordering then.
    let sort_result = res
        .result
        .ctrls
        .iter()
        .find(|c| c.1.ctype == CTRL_SORT_RESPONSE)
        .and_then(|c| c.1.val.as_deref())
        .and_then(decode_sort_result);
    let refused =
        refuses_rule(res.result.rc, &res.result.text) || sort_result.is_some_and(|r| r != 0);
    if rule.is_some() && refused {
        res = crate::ldap::read::search::read_with(s, ask(None), base, scope, filter, attrs, max)
            .await?;
    }
    let response = res
        .result
        .ctrls
        .iter()
        .find(|c| c.1.ctype == CTRL_VLV_RESPONSE)
        .and_then(|c| c.1.val.as_deref())
        .and_then(decode_response);
    Ok((res.success()?, response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_never_negative() {
        assert_eq!(integer(0), [0x02, 0x01, 0x00]);
        assert_eq!(integer(5), [0x02, 0x01, 0x05]);
        assert_eq!(integer(128), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(integer(100_000), [0x02, 0x03, 0x01, 0x86, 0xa0]);
    }

    #[test]
    fn request_controls_encode_as_the_drafts_say() {
        let sss = sort_control("uid", None);
        assert_eq!(
            sss.val.as_deref(),
            Some(&[0x30, 0x07, 0x30, 0x05, 0x04, 0x03, b'u', b'i', b'd'][..])
        );
        assert!(sss.crit);
        let with_rule = sort_control("cn", Some("caseIgnoreOrderingMatch"));
        assert_eq!(
            with_rule.val.as_deref().map(|v| v[8..10].to_vec()),
            Some(vec![0x80, 0x17])
        );
        let vlv = vlv_control(0, 19, 1, 0);
        // SEQUENCE { 0, 19, [0] { offset 1, contentCount 0 } }
        assert_eq!(
            vlv.val.as_deref(),
            Some(
                &[
                    0x30, 0x0e, 0x02, 0x01, 0x00, 0x02, 0x01, 0x13, 0xa0, 0x06, 0x02, 0x01, 0x01,
                    0x02, 0x01, 0x00
                ][..]
            )
        );
    }

    #[test]
    fn a_refused_ordering_rule_is_retried_without_it() {
        assert!(refuses_rule(1, "Sort Response Control"));
        assert!(refuses_rule(18, ""));
        assert!(!refuses_rule(0, "sort"));
        assert!(!refuses_rule(1, "busy"));
        // SEQUENCE { sortResult ENUMERATED 18 (inappropriateMatching) }
        assert_eq!(
            decode_sort_result(&[0x30, 0x03, 0x0a, 0x01, 0x12]),
            Some(18)
        );
        assert_eq!(decode_sort_result(&[0x30, 0x03, 0x0a, 0x01, 0x00]), Some(0));
        assert_eq!(decode_sort_result(&[0x04, 0x00]), None);
    }

    #[test]
    fn responses_decode_and_garbage_does_not_panic() {
        let v = [
            0x30, 0x0b, 0x02, 0x01, 0x03, 0x02, 0x03, 0x01, 0x86, 0xa0, 0x0a, 0x01, 0x00,
        ];
        assert_eq!(
            decode_response(&v),
            Some(VlvResponse {
                target: 3,
                count: 100_000,
                result: 0
            })
        );
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x03, 0x02, 0x01, 0x01],
            &[0x04, 0x00],
        ] {
            assert_eq!(decode_response(bad), None);
        }
    }
}
