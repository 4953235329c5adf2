//! The shape check between the network and ldap3. ldap3's decoder and result readers
//! `expect()` the shapes RFC 4511 promises (a message id INTEGER, a SET of values, a UTF-8
//! diagnostic message...) and panic when a server sends anything else. Every message a
//! server sends is therefore framed, size-capped and checked here first; ldap3 only ever
//! sees messages of the exact shapes it can read. Pure functions: no I/O.

mod shapes;

use shapes::{
    check_controls, check_entry, check_intermediate, check_result, children, int, octets,
    seq_children, uint_value, utf8,
};

use std::collections::HashMap;

/// What the front of a receive buffer holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Not a whole message yet.
    Incomplete,
    /// A whole message of this many bytes.
    Complete(usize),
    /// A message that announces more bytes than the cap.
    TooLarge(usize),
    /// Not an LDAP message at all.
    Bad(String),
}

/// Frames the message at the front of `buf` without buffering past `max`.
pub fn frame(buf: &[u8], max: usize) -> Frame {
    let Some(&first) = buf.first() else {
        return Frame::Incomplete;
    };
    if first != 0x30 {
        return Frame::Bad(format!(
            "a message must start with a SEQUENCE (0x30), got 0x{first:02x}"
        ));
    }
    let Some(&l0) = buf.get(1) else {
        return Frame::Incomplete;
    };
    let (len, header) = if l0 & 0x80 == 0 {
        (usize::from(l0), 2)
    } else {
        let n = usize::from(l0 & 0x7f);
        if n == 0 {
            return Frame::Bad("indefinite length (not allowed in LDAP)".into());
        }
        if n > 4 {
            return Frame::Bad(format!("a length of {n} length bytes"));
        }
        let Some(bytes) = buf.get(2..2 + n) else {
            return Frame::Incomplete;
        };
        let len = bytes
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, 2 + n)
    };
    let total = header + len;
    if total > max {
        return Frame::TooLarge(total);
    }
    if buf.len() < total {
        Frame::Incomplete
    } else {
        Frame::Complete(total)
    }
}

/// What speaks on a port that answered with `first` bytes instead of LDAP, when its first
/// bytes tell (an HTTP reply, an SSH or mail banner, a TLS record).
pub fn sniff(first: &[u8]) -> Option<&'static str> {
    let starts = |p: &[u8]| first.len() >= p.len() && first[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"HTTP/") {
        Some("HTTP")
    } else if starts(b"SSH-") {
        Some("SSH")
    } else if starts(b"220 ") || starts(b"220-") {
        Some("SMTP or FTP (a 220 greeting)")
    } else if starts(b"+OK") {
        Some("POP3")
    } else if starts(b"* OK") {
        Some("IMAP")
    } else if matches!(first, [0x15 | 0x16, 0x03, ..]) {
        Some("TLS")
    } else {
        None
    }
}

/// The kind of request a message id belongs to, which decides the answers it may get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// BindRequest.
    Bind,
    /// SearchRequest: entries, references, intermediates, then done.
    Search,
    /// ModifyRequest.
    Modify,
    /// AddRequest.
    Add,
    /// DelRequest.
    Delete,
    /// ModifyDNRequest.
    ModDn,
    /// CompareRequest.
    Compare,
    /// ExtendedRequest.
    Extended,
}

/// Requests sent and not answered yet, by message id.
#[derive(Debug, Default)]
pub struct Pending {
    ops: HashMap<i64, Op>,
}

impl Pending {
    /// Notes a request the client sent (ldap3's own, so well formed); abandon and unbind
    /// forget what they end.
    pub fn sent(&mut self, msg: &[u8]) {
        let Ok(parts) = seq_children(msg) else {
            return;
        };
        let (Some(id), Some(op)) = (parts.first(), parts.get(1)) else {
            return;
        };
        let Some(id) = int(id) else {
            return;
        };
        let kind = match op.tag {
            0x60 => Op::Bind,
            0x63 => Op::Search,
            0x66 => Op::Modify,
            0x68 => Op::Add,
            0x4a => Op::Delete,
            0x6c => Op::ModDn,
            0x6e => Op::Compare,
            0x77 => Op::Extended,
            0x50 => {
                if let Some(gone) = uint_value(op.value) {
                    self.ops.remove(&(gone as i64));
                }
                return;
            }
            _ => return,
        };
        self.ops.insert(id, kind);
    }

    /// How many requests wait for an answer.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// True when nothing waits.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// What to do with a message from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Well formed and expected: hand it to ldap3.
    Forward,
    /// Well formed but for no request waiting (abandoned, unsolicited): drop it.
    Drop,
}

/// Checks one whole message from the server against the request it answers.
pub fn check(msg: &[u8], pending: &mut Pending) -> Result<Verdict, String> {
    let parts = seq_children(msg)?;
    let (id, op) = match parts.as_slice() {
        [id, op] => (id, op),
        [id, op, controls] if controls.tag == 0xa0 => {
            check_controls(controls.value)?;
            (id, op)
        }
        // Active Directory puts a Notice of Disconnection's OID here; ldap3 skips it.
        [id, op, name] if name.tag == 0x8a && op.tag == 0x78 => {
            utf8(name.value, "the response name")?;
            (id, op)
        }
        _ => {
            return Err(format!(
                "a message has {} parts (expected an id, an operation and optional controls)",
                parts.len()
            ));
        }
    };
    if id.tag != 0x02 {
        return Err(format!(
            "the message id is not an INTEGER (tag 0x{:02x})",
            id.tag
        ));
    }
    let id = int(id).ok_or("the message id is not a positive 32-bit INTEGER")?;
    if id == 0 {
        // Unsolicited notification (RFC 4511 4.4): ldap3 has nobody to give it to.
        check_result(op, 0x78, &[0x8a, 0x8b])?;
        return Ok(Verdict::Drop);
    }
    let Some(kind) = pending.ops.get(&id).copied() else {
        return Ok(Verdict::Drop);
    };
    let done = match (kind, op.tag) {
        (Op::Search, 0x64) => {
            check_entry(op)?;
            false
        }
        (Op::Search, 0x73) => {
            let urls = children(op.value)?;
            if urls.is_empty() {
                return Err("a search reference with no URL".into());
            }
            for u in urls {
                octets(&u, "a referral URL")?;
                utf8(u.value, "a referral URL")?;
            }
            false
        }
        (Op::Search, 0x79) => {
            check_intermediate(op)?;
            false
        }
        (Op::Search, 0x65) => check_result(op, 0x65, &[]).map(|_| true)?,
        (Op::Bind, _) => check_result(op, 0x61, &[0x87]).map(|_| true)?,
        (Op::Modify, _) => check_result(op, 0x67, &[]).map(|_| true)?,
        (Op::Add, _) => check_result(op, 0x69, &[]).map(|_| true)?,
        (Op::Delete, _) => check_result(op, 0x6b, &[]).map(|_| true)?,
        (Op::ModDn, _) => check_result(op, 0x6d, &[]).map(|_| true)?,
        (Op::Compare, _) => check_result(op, 0x6f, &[]).map(|_| true)?,
        (Op::Extended, _) => check_result(op, 0x78, &[0x8a, 0x8b]).map(|_| true)?,
        (Op::Search, t) => {
            return Err(format!(
                "a search was answered with operation tag 0x{t:02x}"
            ));
        }
    };
    if done {
        pending.ops.remove(&id);
    }
    Ok(Verdict::Forward)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ber::tlv;
    use shapes::{PAGED_OID, Tlv};

    fn msg(id: &[u8], op: Vec<u8>) -> Vec<u8> {
        tlv(0x30, &[tlv(0x02, id), op].concat())
    }

    fn result(tag: u8, rc: u8, text: &str) -> Vec<u8> {
        tlv(
            tag,
            &[tlv(0x0a, &[rc]), tlv(0x04, b""), tlv(0x04, text.as_bytes())].concat(),
        )
    }

    fn pending(id: u8, op: u8) -> Pending {
        let mut p = Pending::default();
        p.sent(&tlv(0x30, &[tlv(0x02, &[id]), tlv(op, b"")].concat()));
        p
    }

    #[test]
    fn other_services_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff(b"HTTP/1.1 400 Bad Request\r\n"), Some("HTTP"));
        assert_eq!(sniff(b"SSH-2.0-OpenSSH_9.2"), Some("SSH"));
        assert_eq!(
            sniff(b"220 mail.example ESMTP"),
            Some("SMTP or FTP (a 220 greeting)")
        );
        assert_eq!(sniff(&[0x15, 0x03, 0x03, 0x00, 0x02]), Some("TLS"));
        assert_eq!(sniff(&[0x30, 0x0c]), None);
    }

    #[test]
    fn frames_and_caps() {
        let m = msg(&[1], result(0x61, 0, ""));
        assert_eq!(frame(&m, 100), Frame::Complete(m.len()));
        assert_eq!(frame(&m[..3], 100), Frame::Incomplete);
        assert_eq!(
            frame(&[0x30, 0x84, 0x7f, 0xff, 0xff, 0xff], 1 << 24),
            Frame::TooLarge(0x7fff_ffff + 6)
        );
        assert!(matches!(frame(b"HTTP/1.1 400", 100), Frame::Bad(_)));
        assert!(matches!(frame(&[0x30, 0x80], 100), Frame::Bad(_)));
    }

    #[test]
    fn the_shapes_that_panic_ldap3_are_refused() {
        let mut p = pending(1, 0x60);
        // 30 00, 30 03 02 01 01, a non-INTEGER id.
        assert!(check(&[0x30, 0x00], &mut p).is_err());
        assert!(check(&[0x30, 0x03, 0x02, 0x01, 0x01], &mut p).is_err());
        assert!(check(&msg(&[1], result(0x61, 0, ""))[..], &mut p).is_ok());
        let mut p = pending(1, 0x60);
        let bad_id = tlv(0x30, &[tlv(0x04, b"x"), result(0x61, 0, "")].concat());
        assert!(check(&bad_id, &mut p).is_err());
        // A diagnostic message that is not UTF-8.
        let op = tlv(
            0x61,
            &[tlv(0x0a, &[0]), tlv(0x04, b""), tlv(0x04, &[0xff])].concat(),
        );
        assert!(check(&msg(&[1], op), &mut p).is_err());
    }

    #[test]
    fn entries_must_have_sets_of_values() {
        let attr = |set: u8| {
            tlv(
                0x30,
                &[tlv(0x04, b"cn"), tlv(set, &tlv(0x04, b"x"))].concat(),
            )
        };
        let entry = |set: u8| {
            msg(
                &[2],
                tlv(0x64, &[tlv(0x04, b"cn=x"), tlv(0x30, &attr(set))].concat()),
            )
        };
        let mut p = pending(2, 0x63);
        assert_eq!(check(&entry(0x31), &mut p), Ok(Verdict::Forward));
        assert!(check(&entry(0x30), &mut p).is_err());
        assert!(check(&msg(&[2], tlv(0x64, b"")), &mut p).is_err());
        // A bind answer to a search.
        assert!(check(&msg(&[2], result(0x61, 0, "")), &mut p).is_err());
        assert_eq!(
            check(&msg(&[2], result(0x65, 0, "")), &mut p),
            Ok(Verdict::Forward)
        );
        // The search is done: anything more for it is dropped.
        assert_eq!(check(&entry(0x31), &mut p), Ok(Verdict::Drop));
    }

    #[test]
    fn controls_are_checked_where_ldap3_reads_them() {
        let ctl = |v: Vec<u8>| {
            tlv(
                0xa0,
                &tlv(0x30, &[tlv(0x04, PAGED_OID), tlv(0x04, &v)].concat()),
            )
        };
        let good = tlv(0x30, &[tlv(0x02, &[0]), tlv(0x04, b"")].concat());
        let with = |c: Vec<u8>| tlv(0x30, &[tlv(0x02, &[3]), result(0x65, 0, ""), c].concat());
        let mut p = pending(3, 0x63);
        assert!(check(&with(ctl(b"junk".to_vec())), &mut p).is_err());
        let empty_bool = tlv(
            0xa0,
            &tlv(0x30, &[tlv(0x04, b"1.2.3"), tlv(0x01, b"")].concat()),
        );
        assert!(check(&with(empty_bool), &mut p).is_err());
        assert_eq!(check(&with(ctl(good)), &mut p), Ok(Verdict::Forward));
    }

    #[test]
    fn abandon_forgets_the_search() {
        let mut p = pending(4, 0x63);
        assert_eq!(p.len(), 1);
        p.sent(&tlv(0x30, &[tlv(0x02, &[5]), tlv(0x50, &[4])].concat()));
        assert!(p.is_empty());
    }

    #[test]
    fn message_ids_are_positive_32_bit() {
        let t = |v: &[u8]| {
            int(&Tlv {
                tag: 0x02,
                value: v,
            })
        };
        assert_eq!(t(&[1]), Some(1));
        assert_eq!(t(&[0, 0x80]), Some(128));
        assert_eq!(t(&[0x80]), None);
        assert_eq!(t(&[0x7f, 0xff, 0xff, 0xff]), Some(i32::MAX as i64));
        assert_eq!(t(&[1, 0, 0, 0, 0]), None);
        assert_eq!(t(&[]), None);
    }
}
