//! Distinguished names (RFC 4514): parse with a positioned error, escape one RDN value.
//!
//! Spaces around `,`, `+` and `=` are tolerated (as OpenLDAP and AD do), since
//! sysadmins paste DNs such as `cn=admin, dc=example, dc=com`.

use std::fmt;

use crate::syntax::attr::check_attribute_type;

/// One `type=value` pair of an RDN, with the value unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ava {
    /// Attribute type as written (`cn`, `2.5.4.3`).
    pub attr: String,
    /// The value with escapes resolved (hex strings `#...` are kept as written).
    pub value: String,
}

/// A parsed DN: RDNs from the leaf to the root.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dn {
    /// RDNs, leaf first; each holds one or more AVAs (multi-valued with `+`).
    pub rdns: Vec<Vec<Ava>>,
}

/// Why a DN did not parse, and where (0-based character column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnError {
    /// 0-based character offset of the problem.
    pub column: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for DnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.column + 1)
    }
}

impl Dn {
    /// True when `self` equals `ancestor` or lies below it (case-insensitive).
    pub fn is_within(&self, ancestor: &Dn) -> bool {
        if ancestor.rdns.len() > self.rdns.len() {
            return false;
        }
        let offset = self.rdns.len() - ancestor.rdns.len();
        self.rdns[offset..]
            .iter()
            .zip(&ancestor.rdns)
            .all(|(a, b)| rdn_eq(a, b))
    }

    /// The same entry as `other` (names compared as servers compare them).
    pub fn same_entry(&self, other: &Dn) -> bool {
        self.rdns.len() == other.rdns.len() && self.is_within(other)
    }

    /// The name as one comparable string (see `dn_key`).
    pub fn key(&self) -> String {
        self.key_from(0)
    }

    /// The key of the name from its `skip`-th RDN up (1: its parent's), from this parse.
    pub fn key_from(&self, skip: usize) -> String {
        let mut out = String::with_capacity(64);
        for (i, rdn) in self.rdns.iter().skip(skip).enumerate() {
            if i > 0 {
                out.push(',');
            }
            for (j, a) in rdn.iter().enumerate() {
                if j > 0 {
                    out.push('+');
                }
                push_lower(&mut out, &a.attr);
                out.push('=');
                let mut v = String::with_capacity(a.value.len());
                push_lower(&mut v, &a.value);
                push_escaped(&mut out, &v);
            }
        }
        out
    }

    /// The DN one level up, if any.
    pub fn parent(&self) -> Option<Dn> {
        (!self.rdns.is_empty()).then(|| Dn {
            rdns: self.rdns[1..].to_vec(),
        })
    }
}

fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&s.to_lowercase());
    }
}

fn rdn_eq(a: &[Ava], b: &[Ava]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| {
            b.iter().any(|y| {
                x.attr.eq_ignore_ascii_case(&y.attr)
                    && x.value.to_lowercase() == y.value.to_lowercase()
            })
        })
}

impl fmt::Display for Dn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, rdn) in self.rdns.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            for (j, ava) in rdn.iter().enumerate() {
                if j > 0 {
                    f.write_str("+")?;
                }
                write!(f, "{}={}", ava.attr, escape_rdn_value(&ava.value))?;
            }
        }
        Ok(())
    }
}

/// Whether two DNs name the same entry; text that does not parse as a DN is compared as
/// text, ignoring case.
pub fn same_dn(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    match (parse_dn(a), parse_dn(b)) {
        (Ok(x), Ok(y)) => x.same_entry(&y),
        _ => false,
    }
}

/// A DN as one comparable string (types and values lower-cased, escapes resolved, spaces
/// around separators gone, values escaped again so that no two names share one): two spellings
/// of one name give the same key. Text that is not a DN is its own key, lower-cased.
pub fn dn_key(dn: &str) -> String {
    parse_dn(dn)
        .map(|d| d.key())
        .unwrap_or_else(|_| dn.to_lowercase())
}

/// Escapes one attribute value for use inside a DN (RFC 4514 §2.4).
pub fn escape_rdn_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 4);
    push_escaped(&mut out, value);
    out
}

/// `escape_rdn_value` onto the end of `out`.
fn push_escaped(out: &mut String, value: &str) {
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '\0' => out.push_str("\\00"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '#' if i == 0 => out.push_str("\\#"),
            _ => out.push(c),
        }
    }
}

/// Splits a DN string into its first RDN and the parent, as written (an escaped `\,` stays
/// inside the RDN); the parent is empty for a one-RDN DN.
pub fn split_rdn(dn: &str) -> (&str, &str) {
    let mut escaped = false;
    for (i, c) in dn.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => return (&dn[..i], &dn[i + 1..]),
            _ => {}
        }
    }
    (dn, "")
}

/// Parses a DN. The empty string is the root DN (no RDNs).
pub fn parse_dn(input: &str) -> Result<Dn, DnError> {
    let chars: Vec<char> = input.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
    };
    let mut dn = Dn::default();
    p.skip_spaces();
    if p.at_end() {
        return Ok(dn);
    }
    loop {
        let mut rdn = Vec::new();
        loop {
            rdn.push(p.ava()?);
            p.skip_spaces();
            if p.eat('+') {
                p.skip_spaces();
                continue;
            }
            break;
        }
        dn.rdns.push(rdn);
        if p.at_end() {
            return Ok(dn);
        }
        if p.eat(',') || p.eat(';') {
            p.skip_spaces();
            if p.at_end() {
                return Err(p.err("the DN ends with a separator; remove the trailing ','"));
            }
            continue;
        }
        return Err(p.err(&format!(
            "unexpected '{}'; RDNs are separated by ',' (escape a literal one as \\,)",
            p.peek().unwrap_or(' ')
        )));
    }
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
}

impl Parser<'_> {
    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
    }
    fn err(&self, message: &str) -> DnError {
        DnError {
            column: self.pos,
            message: message.to_string(),
        }
    }

    fn ava(&mut self) -> Result<Ava, DnError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == '=' || c == ',' || c == '+' || c == ' ' {
                break;
            }
            self.pos += 1;
        }
        let attr: String = self.chars[start..self.pos].iter().collect();
        if attr.is_empty() {
            return Err(self.err("expected an attribute type such as cn, ou or dc"));
        }
        check_attribute_type(&attr).map_err(|m| DnError {
            column: start,
            message: m,
        })?;
        self.skip_spaces();
        if !self.eat('=') {
            return Err(self.err(&format!("expected '=' after '{attr}' (e.g. {attr}=value)")));
        }
        self.skip_spaces();
        let value = self.value()?;
        Ok(Ava { attr, value })
    }

    fn value(&mut self) -> Result<String, DnError> {
        if self.peek() == Some('#') {
            let start = self.pos;
            self.pos += 1;
            while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                self.pos += 1;
            }
            let digits = self.pos - start - 1;
            if digits == 0 || digits % 2 == 1 {
                return Err(self.err("a '#' value must be followed by pairs of hex digits"));
            }
            return Ok(self.chars[start..self.pos].iter().collect());
        }
        let mut bytes: Vec<u8> = Vec::new();
        // Trailing unescaped spaces are separator padding, not value.
        let mut pending_spaces = 0usize;
        while let Some(c) = self.peek() {
            match c {
                ',' | '+' | ';' => break,
                '\\' => {
                    bytes.extend(std::iter::repeat_n(b' ', pending_spaces));
                    pending_spaces = 0;
                    self.pos += 1;
                    match self.peek() {
                        Some(h) if h.is_ascii_hexdigit() => {
                            let lo = self.chars.get(self.pos + 1).copied();
                            match lo.and_then(|l| hex_pair(h, l)) {
                                Some(b) => {
                                    bytes.push(b);
                                    self.pos += 2;
                                }
                                None => {
                                    return Err(self.err(
                                        "'\\' must be followed by two hex digits or one of \\ \" + , ; < > = # space",
                                    ));
                                }
                            }
                        }
                        Some(e @ ('\\' | '"' | '+' | ',' | ';' | '<' | '>' | '=' | '#' | ' ')) => {
                            let mut buf = [0u8; 4];
                            bytes.extend_from_slice(e.encode_utf8(&mut buf).as_bytes());
                            self.pos += 1;
                        }
                        _ => {
                            return Err(self.err(
                                "'\\' must be followed by two hex digits or one of \\ \" + , ; < > = # space",
                            ));
                        }
                    }
                }
                '"' | '<' | '>' | '\0' => {
                    return Err(self.err(&format!(
                        "'{}' must be escaped in a DN value (write \\{})",
                        c.escape_default(),
                        if c == '\0' {
                            "00".to_string()
                        } else {
                            c.to_string()
                        }
                    )));
                }
                '=' => {
                    // RFC 4514 allows it, but in practice it is a missing ',' (ou=a dc=b).
                    return Err(self.err(
                        "'=' inside a value: is a ',' missing before it? (escape a literal one as \\=)",
                    ));
                }
                ' ' => {
                    pending_spaces += 1;
                    self.pos += 1;
                }
                _ => {
                    bytes.extend(std::iter::repeat_n(b' ', pending_spaces));
                    pending_spaces = 0;
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    self.pos += 1;
                }
            }
        }
        String::from_utf8(bytes).map_err(|_| self.err("escaped bytes do not form valid UTF-8"))
    }
}

fn hex_pair(h: char, l: char) -> Option<u8> {
    let h = h.to_digit(16)?;
    let l = l.to_digit(16)?;
    Some((h * 16 + l) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dn_keys_match_spellings_and_never_merge_two_names() {
        assert_eq!(dn_key("UID=Ann, ou=P,dc=x"), dn_key("uid=ann,ou=p,dc=X"));
        assert_eq!(dn_key("cn=a\\2Cb,dc=x"), dn_key("cn=a\\,b,dc=x"));
        assert_ne!(dn_key("cn=a\\,b=c,dc=x"), dn_key("cn=a,b=c,dc=x"));
        assert_ne!(dn_key("cn=a\\+b=c,dc=x"), dn_key("cn=a+b=c,dc=x"));
    }

    #[test]
    fn the_same_entry_whatever_the_spelling() {
        assert!(same_dn("uid=a,OU=P,dc=x", "UID=a, ou=p,dc=x"));
        assert!(same_dn("cn=a+sn=b,dc=x", "sn=B+cn=a,dc=x"));
        assert!(!same_dn("uid=a,ou=p,dc=x", "ou=p,dc=x"));
        assert!(!same_dn("uid=a,ou=p,dc=x", "uid=a,ou=q,dc=x"));
        assert!(same_dn("not a dn", "NOT A DN"));
    }

    #[test]
    fn split_rdn_respects_escapes() {
        assert_eq!(
            split_rdn("cn=Doe\\, John,ou=p,dc=x"),
            ("cn=Doe\\, John", "ou=p,dc=x")
        );
        assert_eq!(split_rdn("uid=a,dc=x"), ("uid=a", "dc=x"));
        assert_eq!(split_rdn("dc=x"), ("dc=x", ""));
        assert_eq!(split_rdn("cn=a\\\\,dc=x"), ("cn=a\\\\", "dc=x"));
    }

    #[test]
    fn parses_plain_and_spaced_dns() {
        let dn =
            parse_dn("uid=ldap.user@netaxis.be,ou=ldap_group_1,ou=Instance1,dc=vendor,dc=intra")
                .expect("valid");
        assert_eq!(dn.rdns.len(), 5);
        assert_eq!(dn.rdns[0][0].value, "ldap.user@netaxis.be");
        let spaced = parse_dn("cn=admin, dc=example, dc=com").expect("valid");
        assert_eq!(spaced.to_string(), "cn=admin,dc=example,dc=com");
        assert!(parse_dn("").expect("root").rdns.is_empty());
    }

    #[test]
    fn parses_escapes_multivalued_and_hex() {
        let dn = parse_dn(r"cn=Smith\, John+uid=js,ou=a\2Cb,dc=x").expect("valid");
        assert_eq!(dn.rdns[0].len(), 2);
        assert_eq!(dn.rdns[0][0].value, "Smith, John");
        assert_eq!(dn.rdns[1][0].value, "a,b");
        assert!(parse_dn("cn=#04024869,dc=x").is_ok());
        assert_eq!(
            parse_dn(r"cn=caf\C3\A9").expect("utf8").rdns[0][0].value,
            "café"
        );
    }

    #[test]
    fn rejects_with_position() {
        let e = parse_dn("dc=example,,dc=com").expect_err("double comma");
        assert_eq!(e.column, 11);
        assert!(parse_dn("example.com").is_err());
        assert!(
            parse_dn("dc=example,")
                .expect_err("trailing")
                .message
                .contains("trailing")
        );
        assert!(parse_dn("cn=a\"b").is_err());
        assert!(parse_dn(r"cn=a\zz").is_err());
        assert!(parse_dn("cn=#abc").is_err());
        assert!(parse_dn("c n=x").is_err());
        assert!(
            parse_dn("ou=groups dc=x")
                .expect_err("missing comma")
                .message
                .contains("missing")
        );
        assert_eq!(
            parse_dn(r"cn=a\=b").expect("escaped").rdns[0][0].value,
            "a=b"
        );
    }

    #[test]
    fn escape_round_trips() {
        for v in [
            " lead",
            "trail ",
            "#hash",
            "a,b+c;d<e>f\"g\\h=i",
            "plain",
            "x\0y",
        ] {
            let dn = format!("cn={},dc=x", escape_rdn_value(v));
            let parsed = parse_dn(&dn).expect(&dn);
            assert_eq!(parsed.rdns[0][0].value, v, "{dn}");
        }
    }

    #[test]
    fn within_is_case_insensitive() {
        let base = parse_dn("DC=Example,DC=com").expect("ok");
        let user = parse_dn("uid=a,ou=people,dc=example,dc=com").expect("ok");
        assert!(user.is_within(&base));
        assert!(!base.is_within(&user));
        assert_eq!(user.parent().expect("parent").rdns.len(), 3);
    }
}
