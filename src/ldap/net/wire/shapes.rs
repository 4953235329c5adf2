//! The BER reading under `check`: tag-length-value, and the shape of each part of an LDAP
//! message that ldap3 would otherwise `expect()`.

/// One strictly read TLV.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub(super) tag: u8,
    pub(super) value: &'a [u8],
}

pub(super) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    let (&tag, rest) = input.split_first().ok_or("a value ends early")?;
    if tag & 0x1f == 0x1f {
        return Err(format!("a multi-byte tag (0x{tag:02x}) LDAP never uses"));
    }
    let (&l0, rest) = rest.split_first().ok_or("a length is missing")?;
    let (len, rest) = if l0 & 0x80 == 0 {
        (usize::from(l0), rest)
    } else {
        let n = usize::from(l0 & 0x7f);
        if n == 0 || n > 4 {
            return Err("an indefinite or oversized length".into());
        }
        if rest.len() < n {
            return Err("a length ends early".into());
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return Err(format!(
            "a value claims {len} bytes but {} are left",
            rest.len()
        ));
    }
    let (value, rest) = rest.split_at(len);
    Ok((Tlv { tag, value }, rest))
}

pub(super) fn children(value: &[u8]) -> Result<Vec<Tlv<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let (t, r) = read(rest)?;
        out.push(t);
        rest = r;
    }
    Ok(out)
}

pub(super) fn seq_children(msg: &[u8]) -> Result<Vec<Tlv<'_>>, String> {
    let (outer, rest) = read(msg)?;
    if outer.tag != 0x30 || !rest.is_empty() {
        return Err("the message is not one SEQUENCE".into());
    }
    children(outer.value)
}

pub(super) fn constructed(t: &Tlv, what: &str) -> Result<(), String> {
    if t.tag & 0x20 == 0 {
        return Err(format!("{what} is not constructed"));
    }
    Ok(())
}

pub(super) fn octets(t: &Tlv, what: &str) -> Result<(), String> {
    if t.tag != 0x04 {
        return Err(format!(
            "{what} is not an OCTET STRING (tag 0x{:02x})",
            t.tag
        ));
    }
    Ok(())
}

pub(super) fn utf8(v: &[u8], what: &str) -> Result<(), String> {
    std::str::from_utf8(v)
        .map(|_| ())
        .map_err(|_| format!("{what} is not UTF-8"))
}

pub(super) fn uint_value(v: &[u8]) -> Option<u64> {
    // Never negative; at most 4 value bytes after one leading zero.
    let (&first, _) = v.split_first()?;
    if first & 0x80 != 0 {
        return None;
    }
    let v = if first == 0 && v.len() > 1 {
        &v[1..]
    } else {
        v
    };
    if v.len() > 4 {
        return None;
    }
    Some(v.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

pub(super) fn int(t: &Tlv) -> Option<i64> {
    if t.tag != 0x02 {
        return None;
    }
    let v = uint_value(t.value)?;
    (v <= i32::MAX as u64).then_some(v as i64)
}

/// LDAPResult plus the extra context-tagged fields `allowed` for this response type.
pub(super) fn check_result(op: &Tlv, tag: u8, allowed: &[u8]) -> Result<(), String> {
    if op.tag != tag {
        return Err(format!(
            "expected operation tag 0x{tag:02x}, got 0x{:02x}",
            op.tag
        ));
    }
    let f = children(op.value)?;
    let [rc, matched, text, rest @ ..] = f.as_slice() else {
        return Err("a result has fewer than three fields".into());
    };
    if rc.tag != 0x0a || uint_value(rc.value).is_none() {
        return Err("the result code is not an ENUMERATED".into());
    }
    octets(matched, "the matched DN")?;
    utf8(matched.value, "the matched DN")?;
    octets(text, "the diagnostic message")?;
    utf8(text.value, "the diagnostic message")?;
    let mut last = 0u8;
    for t in rest {
        // Each optional field at most once, in order.
        let n = t.tag & 0x1f;
        if n <= last {
            return Err(format!("result field 0x{:02x} out of order", t.tag));
        }
        last = n;
        match t.tag {
            0xa3 => {
                let urls = children(t.value)?;
                for u in urls {
                    octets(&u, "a referral URL")?;
                    utf8(u.value, "a referral URL")?;
                }
            }
            0x8a if allowed.contains(&0x8a) => utf8(t.value, "the response name")?,
            x if allowed.contains(&x) => {}
            x => return Err(format!("unexpected result field 0x{x:02x}")),
        }
    }
    Ok(())
}

pub(super) fn check_entry(op: &Tlv) -> Result<(), String> {
    constructed(op, "an entry")?;
    let f = children(op.value)?;
    let [dn, attrs] = f.as_slice() else {
        return Err(format!(
            "an entry has {} parts (expected a DN and attributes)",
            f.len()
        ));
    };
    octets(dn, "an entry's DN")?;
    utf8(dn.value, "an entry's DN")?;
    if attrs.tag != 0x30 {
        return Err("an entry's attributes are not a SEQUENCE".into());
    }
    for a in children(attrs.value)? {
        if a.tag != 0x30 {
            return Err("an attribute is not a SEQUENCE".into());
        }
        let parts = children(a.value)?;
        let [name, values] = parts.as_slice() else {
            return Err("an attribute is not a type and a set of values".into());
        };
        octets(name, "an attribute type")?;
        // RFC 4512 descriptions and OIDs with options: nothing else (it is printed raw).
        if name.value.is_empty()
            || !name
                .value
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"-;._".contains(b))
        {
            return Err(format!(
                "an attribute type is not a name: {:?}",
                String::from_utf8_lossy(&name.value[..name.value.len().min(64)])
            ));
        }
        if values.tag != 0x31 {
            return Err(format!(
                "the values of {} are not a SET (tag 0x{:02x})",
                String::from_utf8_lossy(name.value),
                values.tag
            ));
        }
        for v in children(values.value)? {
            octets(&v, "an attribute value")?;
        }
    }
    Ok(())
}

pub(super) fn check_intermediate(op: &Tlv) -> Result<(), String> {
    constructed(op, "an intermediate response")?;
    let mut last = 0u8;
    for t in children(op.value)? {
        match t.tag {
            0x80 if last < 1 => {
                utf8(t.value, "an intermediate response name")?;
                last = 1;
            }
            0x81 if last < 2 => last = 2,
            x => return Err(format!("unexpected intermediate field 0x{x:02x}")),
        }
    }
    Ok(())
}

/// Response controls ldap3 reads (and parses further when asked).
pub(super) fn check_controls(value: &[u8]) -> Result<(), String> {
    for c in children(value)? {
        if c.tag != 0x30 {
            return Err("a control is not a SEQUENCE".into());
        }
        let parts = children(c.value)?;
        let Some((oid, rest)) = parts.split_first() else {
            return Err("a control with no type".into());
        };
        octets(oid, "a control type")?;
        utf8(oid.value, "a control type")?;
        let rest = match rest.split_first() {
            Some((crit, r)) if crit.tag == 0x01 => {
                if crit.value.len() != 1 {
                    return Err("a control's criticality is not one byte".into());
                }
                r
            }
            _ => rest,
        };
        let val = match rest {
            [] => None,
            [v] => {
                octets(v, "a control value")?;
                Some(v.value)
            }
            _ => return Err("a control has extra fields".into()),
        };
        if oid.value == PAGED_OID {
            check_paged(val)?;
        }
    }
    Ok(())
}

pub(super) const PAGED_OID: &[u8] = b"1.2.840.113556.1.4.319";

/// ldap3's paged-results adapter parses this value with `expect()`s.
pub(super) fn check_paged(val: Option<&[u8]>) -> Result<(), String> {
    let val = val.ok_or("a paged-results control with no value")?;
    let (seq, _) = read(val)?;
    if seq.tag != 0x30 {
        return Err("a paged-results value is not a SEQUENCE".into());
    }
    let parts = children(seq.value)?;
    match parts.as_slice() {
        [size, cookie] if int(size).is_some() && cookie.tag == 0x04 => Ok(()),
        _ => Err("a paged-results value is not (size, cookie)".into()),
    }
}
