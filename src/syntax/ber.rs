//! Just enough BER to read what ldap3 does not parse for us, without ever panicking:
//! raw LDAP messages in the probes, and the password-policy response control.

/// One tag-length-value: the tag byte and the value bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (class, constructed bit and tag number < 31).
    pub tag: u8,
    /// The contents.
    pub value: &'a [u8],
}

/// Reads one TLV from the front of `input`; returns it and the rest.
pub fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (len, rest) = read_len(rest)?;
    if rest.len() < len {
        return None;
    }
    let (value, rest) = rest.split_at(len);
    Some((Tlv { tag, value }, rest))
}

/// The total size (header + value) of the TLV at the front of `input`, when the header is complete.
pub fn frame_len(input: &[u8]) -> Option<usize> {
    let (_, rest) = input.split_first()?;
    let (len, after) = read_len(rest)?;
    Some(input.len() - after.len() + len)
}

fn read_len(input: &[u8]) -> Option<(usize, &[u8])> {
    let (&first, rest) = input.split_first()?;
    if first & 0x80 == 0 {
        return Some((usize::from(first), rest));
    }
    let n = usize::from(first & 0x7f);
    if n == 0 || n > 4 || rest.len() < n {
        return None;
    }
    let len = rest[..n]
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
    Some((len, &rest[n..]))
}

/// All TLVs inside a constructed value, stopping at the first malformed one.
pub fn children(value: &[u8]) -> Vec<Tlv<'_>> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some((t, r)) = read_tlv(rest) {
        out.push(t);
        rest = r;
    }
    out
}

/// A non-negative INTEGER/ENUMERATED value (up to 8 bytes).
pub fn uint(value: &[u8]) -> Option<u64> {
    if value.is_empty() || value.len() > 8 {
        return None;
    }
    Some(value.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// Encodes a length in BER (short or long form).
pub fn encode_len(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Encodes one TLV.
pub fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    encode_len(value.len(), &mut out);
    out.extend_from_slice(value);
    out
}

/// The result code and diagnostic text of an LDAP response message (bind, extended...).
pub fn ldap_result(message: &[u8]) -> Option<(u64, String)> {
    let (msg, _) = read_tlv(message)?;
    if msg.tag != 0x30 {
        return None;
    }
    let parts = children(msg.value);
    let op = parts.get(1)?;
    let fields = children(op.value);
    let rc = uint(fields.first().filter(|t| t.tag == 0x0a)?.value)?;
    let text = fields
        .get(2)
        .map(|t| String::from_utf8_lossy(t.value).into_owned())
        .unwrap_or_default();
    Some((rc, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let long = tlv(0x04, &[7u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let (t, rest) = read_tlv(&long).expect("tlv");
        assert_eq!((t.tag, t.value.len(), rest.len()), (0x04, 300, 0));
        assert_eq!(frame_len(&long[..4]), Some(304));
    }

    #[test]
    fn malformed_input_is_none_not_a_panic() {
        for bad in [
            &[][..],
            &[0x30],
            &[0x30, 0x05, 1],
            &[0x30, 0x85, 1, 1, 1, 1, 1],
            &[0x30, 0x80],
        ] {
            assert!(read_tlv(bad).is_none(), "{bad:?}");
        }
        assert!(ldap_result(&[0x30, 0x03, 0x02, 0x01, 0x01]).is_none());
    }

    #[test]
    fn reads_an_extended_response() {
        // slapd's answer to StartTLS when TLS is not configured: rc 2, "unsupported extended operation".
        let text = b"unsupported extended operation";
        let op = [tlv(0x0a, &[2]), tlv(0x04, b""), tlv(0x04, text)].concat();
        let msg = tlv(0x30, &[tlv(0x02, &[1]), tlv(0x78, &op)].concat());
        assert_eq!(
            ldap_result(&msg),
            Some((2, "unsupported extended operation".into()))
        );
    }
}
