//! LDAP search filters (RFC 4515): a parser with positioned errors, the AST, and escaping.
//!
//! Values are kept as bytes because `\HH` escapes may encode any octet.

use std::fmt;

use crate::syntax::attr::check_attribute_description;

/// A parsed search filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `(&...)`; empty is absolute true (RFC 4526).
    And(Vec<Filter>),
    /// `(|...)`; empty is absolute false (RFC 4526).
    Or(Vec<Filter>),
    /// `(!...)`.
    Not(Box<Filter>),
    /// `(attr=value)`.
    Equal(String, Vec<u8>),
    /// `(attr~=value)`.
    Approx(String, Vec<u8>),
    /// `(attr>=value)`.
    GreaterOrEqual(String, Vec<u8>),
    /// `(attr<=value)`.
    LessOrEqual(String, Vec<u8>),
    /// `(attr=*)`.
    Present(String),
    /// `(attr=initial*any*...*final)`.
    Substring {
        /// Attribute description.
        attr: String,
        /// Text before the first `*`.
        initial: Option<Vec<u8>>,
        /// Pieces between `*`s.
        any: Vec<Vec<u8>>,
        /// Text after the last `*`.
        last: Option<Vec<u8>>,
    },
    /// `(attr:dn:rule:=value)`.
    Extensible {
        /// Attribute description, optional when a rule is given.
        attr: Option<String>,
        /// Matching rule OID or name.
        rule: Option<String>,
        /// `:dn` given.
        dn_attrs: bool,
        /// Assertion value.
        value: Vec<u8>,
    },
}

/// Why a filter did not parse, and where (0-based character column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// 0-based character offset of the problem.
    pub column: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.column + 1)
    }
}

/// Escapes a value for an assertion (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL become `\HH`.
pub fn escape_value(value: &str) -> String {
    escape_bytes(value.as_bytes())
}

fn escape_bytes(value: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    // Bytes that are not valid UTF-8 are hex-escaped too, so the output is always text.
    let mut rest = value;
    while !rest.is_empty() {
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(s) => (s, &[][..]),
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                // valid_up_to guarantees `ok` is UTF-8.
                (std::str::from_utf8(ok).unwrap_or_default(), tail)
            }
        };
        for c in valid.chars() {
            match c {
                '*' => out.push_str("\\2a"),
                '(' => out.push_str("\\28"),
                ')' => out.push_str("\\29"),
                '\\' => out.push_str("\\5c"),
                '\0' => out.push_str("\\00"),
                _ => out.push(c),
            }
        }
        match bad.split_first() {
            Some((b, tail)) => {
                out.push_str(&format!("\\{b:02x}"));
                rest = tail;
            }
            None => break,
        }
    }
    out
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::And(list) | Filter::Or(list) => {
                f.write_str(if matches!(self, Filter::And(_)) {
                    "(&"
                } else {
                    "(|"
                })?;
                for item in list {
                    item.fmt(f)?;
                }
                f.write_str(")")
            }
            Filter::Not(inner) => write!(f, "(!{inner})"),
            Filter::Equal(a, v) => write!(f, "({a}={})", escape_bytes(v)),
            Filter::Approx(a, v) => write!(f, "({a}~={})", escape_bytes(v)),
            Filter::GreaterOrEqual(a, v) => write!(f, "({a}>={})", escape_bytes(v)),
            Filter::LessOrEqual(a, v) => write!(f, "({a}<={})", escape_bytes(v)),
            Filter::Present(a) => write!(f, "({a}=*)"),
            Filter::Substring {
                attr,
                initial,
                any,
                last,
            } => {
                write!(f, "({attr}=")?;
                if let Some(i) = initial {
                    f.write_str(&escape_bytes(i))?;
                }
                f.write_str("*")?;
                for a in any {
                    write!(f, "{}*", escape_bytes(a))?;
                }
                if let Some(l) = last {
                    f.write_str(&escape_bytes(l))?;
                }
                f.write_str(")")
            }
            Filter::Extensible {
                attr,
                rule,
                dn_attrs,
                value,
            } => {
                f.write_str("(")?;
                if let Some(a) = attr {
                    f.write_str(a)?;
                }
                if *dn_attrs {
                    f.write_str(":dn")?;
                }
                if let Some(r) = rule {
                    write!(f, ":{r}")?;
                }
                write!(f, ":={})", escape_bytes(value))
            }
        }
    }
}

/// Parses a filter string. Outer parentheses are required, as RFC 4515 says.
pub fn parse_filter(input: &str) -> Result<Filter, FilterError> {
    let chars: Vec<char> = input.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
    };
    p.skip_ws();
    if p.peek() != Some('(') {
        let hint = if input.trim().is_empty() {
            "the filter is empty; e.g. (objectClass=person)".to_string()
        } else {
            format!(
                "a filter starts with '(': wrap it in parentheses, e.g. ({})",
                input.trim()
            )
        };
        return Err(p.err(&hint));
    }
    let f = p.filter(0)?;
    p.skip_ws();
    if !p.at_end() {
        return Err(p.err(
            "text after the end of the filter; combine several filters with (&...) or (|...)",
        ));
    }
    Ok(f)
}

const MAX_DEPTH: usize = 100;

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
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn err(&self, message: &str) -> FilterError {
        FilterError {
            column: self.pos,
            message: message.to_string(),
        }
    }

    fn filter(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if depth > MAX_DEPTH {
            return Err(self.err("the filter is nested too deeply"));
        }
        if self.peek() != Some('(') {
            return Err(self.err("expected '(' to start a filter"));
        }
        self.pos += 1;
        let f = match self.peek() {
            Some('&') => {
                self.pos += 1;
                Filter::And(self.list(depth)?)
            }
            Some('|') => {
                self.pos += 1;
                Filter::Or(self.list(depth)?)
            }
            Some('!') => {
                self.pos += 1;
                self.skip_ws();
                let inner = self.filter(depth + 1)?;
                self.skip_ws();
                Filter::Not(Box::new(inner))
            }
            None => return Err(self.err("the filter ends after '('; a ')' is missing")),
            _ => self.item()?,
        };
        if self.peek() != Some(')') {
            return Err(match self.peek() {
                None => self.err("missing ')' at the end: the parentheses are not balanced"),
                Some(c) => self.err(&format!("expected ')' but found '{c}'")),
            });
        }
        self.pos += 1;
        Ok(f)
    }

    fn list(&mut self, depth: usize) -> Result<Vec<Filter>, FilterError> {
        let mut items = Vec::new();
        self.skip_ws();
        while self.peek() == Some('(') {
            items.push(self.filter(depth + 1)?);
            self.skip_ws();
        }
        Ok(items)
    }

    fn item(&mut self) -> Result<Filter, FilterError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if matches!(c, '=' | '~' | '>' | '<' | ':' | '(' | ')') {
                break;
            }
            self.pos += 1;
        }
        let attr: String = self.chars[start..self.pos].iter().collect();
        let attr_err = |m: String| FilterError {
            column: start,
            message: format!("bad attribute '{attr}': {m}"),
        };
        match self.peek() {
            Some(':') => return self.extensible(attr, start),
            Some('=') | Some('~') | Some('>') | Some('<') => {}
            Some(')') | None => {
                return Err(self.err(&format!(
                    "'{attr}' has no operator: use =, ~=, >= or <= (e.g. ({attr}=value))"
                )));
            }
            Some(c) => return Err(self.err(&format!("unexpected '{c}' inside a filter item"))),
        }
        check_attribute_description(&attr).map_err(attr_err)?;
        let op = self.peek().unwrap_or('=');
        if op != '=' {
            self.pos += 1;
            if self.peek() != Some('=') {
                return Err(self.err(&format!("'{op}' must be followed by '=' ({op}=)")));
            }
        }
        self.pos += 1;
        let pieces = self.value_pieces()?;
        Ok(match op {
            '~' => Filter::Approx(attr, self.single(pieces)?),
            '>' => Filter::GreaterOrEqual(attr, self.single(pieces)?),
            '<' => Filter::LessOrEqual(attr, self.single(pieces)?),
            _ if pieces.len() == 1 => {
                Filter::Equal(attr, pieces.into_iter().next().unwrap_or_default())
            }
            _ if pieces.len() == 2 && pieces.iter().all(Vec::is_empty) => Filter::Present(attr),
            _ => {
                let n = pieces.len();
                let mut it = pieces.into_iter();
                let initial = it.next().filter(|v| !v.is_empty());
                let mut middle: Vec<Vec<u8>> = it.collect();
                let last = middle.pop().filter(|v| !v.is_empty());
                if middle.iter().any(Vec::is_empty) && n > 2 {
                    return Err(self.err("'**' is not allowed in a substring filter"));
                }
                Filter::Substring {
                    attr,
                    initial,
                    any: middle,
                    last,
                }
            }
        })
    }

    fn single(&self, pieces: Vec<Vec<u8>>) -> Result<Vec<u8>, FilterError> {
        if pieces.len() != 1 {
            return Err(
                self.err("'*' is only allowed with '=' (write \\2a for a literal asterisk)")
            );
        }
        Ok(pieces.into_iter().next().unwrap_or_default())
    }

    fn extensible(&mut self, attr: String, start: usize) -> Result<Filter, FilterError> {
        let attr = if attr.is_empty() {
            None
        } else {
            check_attribute_description(&attr).map_err(|m| FilterError {
                column: start,
                message: format!("bad attribute '{attr}': {m}"),
            })?;
            Some(attr)
        };
        let mut dn_attrs = false;
        let mut rule = None;
        loop {
            // at ':'
            self.pos += 1;
            if self.peek() == Some('=') {
                self.pos += 1;
                break;
            }
            let s = self.pos;
            while self
                .peek()
                .is_some_and(|c| c != ':' && c != ')' && c != '=')
            {
                self.pos += 1;
            }
            let word: String = self.chars[s..self.pos].iter().collect();
            if self.peek() != Some(':') {
                return Err(self.err("an extensible match ends with ':=' (e.g. (cn:dn:=Jane))"));
            }
            if word.eq_ignore_ascii_case("dn") && !dn_attrs && rule.is_none() {
                dn_attrs = true;
            } else if rule.is_none() && !word.is_empty() {
                rule = Some(word);
            } else {
                return Err(self.err("unexpected part in an extensible match"));
            }
        }
        if attr.is_none() && rule.is_none() {
            return Err(self.err("an extensible match needs an attribute or a matching rule"));
        }
        let pieces = self.value_pieces()?;
        let value = self.single(pieces)?;
        Ok(Filter::Extensible {
            attr,
            rule,
            dn_attrs,
            value,
        })
    }

    /// Reads an assertion value up to ')', split at unescaped '*'.
    fn value_pieces(&mut self) -> Result<Vec<Vec<u8>>, FilterError> {
        let mut pieces = vec![Vec::new()];
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err("missing ')' after the value"));
            };
            match c {
                ')' => break,
                '(' => {
                    return Err(
                        self.err("'(' inside a value must be escaped as \\28 (and ')' as \\29)")
                    );
                }
                '*' => {
                    pieces.push(Vec::new());
                    self.pos += 1;
                }
                '\\' => {
                    let h = self.chars.get(self.pos + 1).and_then(|c| c.to_digit(16));
                    let l = self.chars.get(self.pos + 2).and_then(|c| c.to_digit(16));
                    match (h, l) {
                        (Some(h), Some(l)) => {
                            if let Some(cur) = pieces.last_mut() {
                                cur.push((h * 16 + l) as u8);
                            }
                            self.pos += 3;
                        }
                        _ => {
                            return Err(self.err(
                                "'\\' must be followed by two hex digits (\\2a for *, \\5c for \\)",
                            ));
                        }
                    }
                }
                '\0' => return Err(self.err("NUL must be escaped as \\00")),
                _ => {
                    let mut buf = [0u8; 4];
                    if let Some(cur) = pieces.last_mut() {
                        cur.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    self.pos += 1;
                }
            }
        }
        Ok(pieces)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt(s: &str) -> String {
        parse_filter(s)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .to_string()
    }

    #[test]
    fn parses_every_kind() {
        for s in [
            "(objectClass=person)",
            "(&(objectCategory=person)(objectClass=user))",
            "(|(uid=a)(uid=b))",
            "(!(nsAccountLock=TRUE))",
            "(cn~=jon)",
            "(uidNumber>=1000)",
            "(uidNumber<=2000)",
            "(mail=*)",
            "(cn=J*n*th*)",
            "(cn=*doe)",
            "(userAccountControl:1.2.840.113556.1.4.803:=2)",
            "(cn:dn:=Jane)",
            "(:caseExactMatch:=x)",
            "(&)",
            "(|)",
        ] {
            assert_eq!(rt(s), s);
        }
    }

    #[test]
    fn escapes_are_decoded_and_reencoded() {
        let f = parse_filter(r"(cn=a\2a\28b\29\5c\00)").expect("valid");
        assert_eq!(f, Filter::Equal("cn".into(), b"a*(b)\\\0".to_vec()));
        assert_eq!(f.to_string(), r"(cn=a\2a\28b\29\5c\00)");
        assert!(matches!(parse_filter(r"(cn=\ff)"), Ok(Filter::Equal(_, v)) if v == [0xff]));
    }

    #[test]
    fn escape_value_neutralises_injection() {
        let v = escape_value("*)(uid=*");
        assert_eq!(v, r"\2a\29\28uid=\2a");
        let f = parse_filter(&format!("(uid={v})")).expect("valid");
        assert_eq!(f, Filter::Equal("uid".into(), b"*)(uid=*".to_vec()));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("objectClass=person", 0, "wrap it"),
            ("(uid=a", 6, "missing ')'"),
            ("(&(uid=a)(cn=b)", 15, "missing ')'"),
            ("(uid=a))", 7, "text after"),
            ("(uid=a(b))", 6, "escaped"),
            ("(uid)", 4, "no operator"),
            ("(u id=a)", 1, "bad attribute"),
            (r"(cn=\zz)", 4, "hex"),
            ("(cn~=a*)", 7, "only allowed"),
            ("(cn>a)", 4, "followed by '='"),
            ("", 0, "empty"),
        ];
        for (s, col, needle) in cases {
            let e = parse_filter(s).expect_err(s);
            assert!(e.message.contains(needle), "{s}: {e}");
            assert_eq!(e.column, col, "{s}: {e}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let s = format!("{}(a=b){}", "(!".repeat(500), ")".repeat(500));
        assert!(parse_filter(&s).is_err());
    }
}
