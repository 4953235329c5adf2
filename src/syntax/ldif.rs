//! LDIF (RFC 2849) and CSV (RFC 4180) encoding of entries, without buffering a result.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ldap3::SearchEntry;

/// True when `v` may be written as is after `attr: ` (SAFE-STRING of RFC 2849).
pub fn is_safe(v: &[u8]) -> bool {
    let Some(&first) = v.first() else { return true };
    // RFC 2849 allows other control characters raw; they are base64 here so that LDIF
    // printed on a terminal cannot carry escape sequences.
    let safe_char = |b: u8| (0x20..0x7f).contains(&b);
    safe_char(first)
        && first != b' '
        && first != b':'
        && first != b'<'
        && v.iter().all(|b| safe_char(*b))
        && v.last() != Some(&b' ')
}

/// One `attr: value` or `attr:: base64` line.
pub fn line(attr: &str, v: &[u8]) -> String {
    if is_safe(v) {
        format!("{attr}: {}\n", String::from_utf8_lossy(v))
    } else {
        format!("{attr}:: {}\n", STANDARD.encode(v))
    }
}

/// An entry as an LDIF record (ending with a blank line); attributes sorted for stable output.
pub fn entry(e: &SearchEntry) -> String {
    let mut out = line("dn", e.dn.as_bytes());
    let mut names: Vec<&String> = e.attrs.keys().chain(e.bin_attrs.keys()).collect();
    names.sort_by_key(|n| n.to_lowercase());
    names.dedup();
    for name in names {
        if let Some(vals) = e.attrs.get(name) {
            for v in vals {
                out.push_str(&line(name, v.as_bytes()));
            }
        }
        if let Some(vals) = e.bin_attrs.get(name) {
            for v in vals {
                out.push_str(&line(name, v));
            }
        }
    }
    out.push('\n');
    out
}

/// One CSV field, quoted when it must be. A field a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a CR) gets a leading `'` (OWASP's advice), and
/// control characters other than newlines are written visibly (`\x1b`), never raw.
pub fn csv_field(v: &str) -> String {
    let mut v = std::borrow::Cow::Borrowed(v);
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v = std::borrow::Cow::Owned(format!("'{v}"));
    }
    let v = if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        let mut s = String::new();
        for c in v.chars() {
            if c.is_control() && c != '\n' && c != '\r' {
                s.push_str(&crate::text::one_line(&c.to_string()));
            } else {
                s.push(c);
            }
        }
        s
    } else {
        v.into_owned()
    };
    if v.contains([',', '"', '\n', '\r']) || v.starts_with(' ') || v.ends_with(' ') {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// A CSV row.
pub fn csv_row<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = fields
        .into_iter()
        .map(csv_field)
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn base64_exactly_where_rfc_2849_requires() {
        for (v, safe) in [
            ("plain value", true),
            ("", true),
            (" leading space", false),
            (":colon", false),
            ("<less", false),
            ("trailing ", false),
            ("multi\nline", false),
            ("café", false),
            ("a:b<c", true),
        ] {
            assert_eq!(is_safe(v.as_bytes()), safe, "{v:?}");
        }
        assert_eq!(line("cn", "café".as_bytes()), "cn:: Y2Fmw6k=\n");
    }

    #[test]
    fn an_entry_with_binary_values() {
        let e = SearchEntry {
            dn: "uid=a,dc=x".into(),
            attrs: HashMap::from([("cn".to_string(), vec!["A".to_string()])]),
            bin_attrs: HashMap::from([("jpegPhoto".to_string(), vec![vec![0xff, 0xd8, 0xff]])]),
        };
        assert_eq!(entry(&e), "dn: uid=a,dc=x\ncn: A\njpegPhoto:: /9j/\n\n");
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(
            csv_row(["a", "b,c", "say \"hi\"", "two\nlines"]),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
    }
}
