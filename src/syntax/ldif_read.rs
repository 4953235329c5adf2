//! Reading LDIF (RFC 2849): content records and change records (add, delete, modify with
//! add/delete/replace/increment, modrdn/moddn), folded lines, base64 values, `version: 1`,
//! comments and `control:` lines. Every error names its line and column. `Display` writes a
//! record back as LDIF that reads back to the same record.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::ldif::line;

/// A `control:` line of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    /// The control's OID.
    pub oid: String,
    /// Its criticality.
    pub critical: bool,
    /// Its value, if any.
    pub value: Option<Vec<u8>>,
}

/// One modification of a modify record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModOp {
    /// `add:`
    Add,
    /// `delete:` (no values: the whole attribute)
    Delete,
    /// `replace:` (no values: remove it)
    Replace,
    /// `increment:` (RFC 4525)
    Increment,
}

/// One modification: the operation, the attribute, its values.
pub type Modification = (ModOp, String, Vec<Vec<u8>>);

/// What a record does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A content record or `changetype: add`: the entry's attributes.
    Add(Vec<(String, Vec<u8>)>),
    /// `changetype: delete`.
    Delete,
    /// `changetype: modify`: operations in order, each on one attribute with its values.
    Modify(Vec<Modification>),
    /// `changetype: modrdn` / `moddn`.
    ModRdn {
        /// The new RDN.
        new_rdn: String,
        /// `deleteoldrdn: 1`.
        delete_old: bool,
        /// `newsuperior:`, when it moves.
        new_superior: Option<String>,
    },
}

/// One record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line its `dn:` is on (1-based).
    pub line: usize,
    /// The entry.
    pub dn: String,
    /// Its `control:` lines.
    pub controls: Vec<Control>,
    /// What it does.
    pub kind: Kind,
}

/// Why LDIF did not read, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct LdifError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// How `attr:< url` values are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileUrls {
    /// Refused (the default: a file from someone else must not read this machine's files).
    #[default]
    Refuse,
    /// `file://` URLs are read.
    Allow,
}

/// Values read from files at most (a file URL naming /dev/zero must not fill memory).
const MAX_FILE_VALUE: u64 = 16 << 20;

/// A logical line (folds joined), with the line it started on.
struct Logical {
    line: usize,
    text: String,
}

fn err(line: usize, column: usize, message: impl Into<String>) -> LdifError {
    LdifError {
        line,
        column,
        message: message.into(),
    }
}

/// Joins folded lines, drops comments, and splits into records at blank lines, one record's
/// lines at a time.
struct Blocks<'a> {
    lines: std::iter::Enumerate<std::str::Split<'a, char>>,
    failed: bool,
}

impl Iterator for Blocks<'_> {
    type Item = Result<Vec<Logical>, LdifError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let mut current: Vec<Logical> = Vec::new();
        let mut in_comment = false;
        for (i, raw) in self.lines.by_ref() {
            let n = i + 1;
            let l = raw.strip_suffix('\r').unwrap_or(raw);
            if let Some(rest) = l.strip_prefix(' ') {
                if in_comment {
                    continue;
                }
                match current.last_mut() {
                    Some(last) => last.text.push_str(rest),
                    None => {
                        self.failed = true;
                        return Some(Err(err(
                            n,
                            1,
                            "a continuation line with nothing to continue",
                        )));
                    }
                }
                continue;
            }
            in_comment = false;
            if l.is_empty() {
                if !current.is_empty() {
                    return Some(Ok(current));
                }
                continue;
            }
            if l.starts_with('#') {
                in_comment = true;
                continue;
            }
            current.push(Logical {
                line: n,
                text: l.to_string(),
            });
        }
        (!current.is_empty()).then_some(Ok(current))
    }
}

fn blocks(text: &str) -> Blocks<'_> {
    Blocks {
        lines: text.split('\n').enumerate(),
        failed: false,
    }
}

/// Splits `attr: value`, `attr:: base64` or `attr:< url` into the name and the value bytes.
fn attr_value(l: &Logical, urls: FileUrls) -> Result<(String, Vec<u8>), LdifError> {
    let Some(colon) = l.text.find(':') else {
        return Err(err(
            l.line,
            1,
            format!("expected attr: value, found {:?}", short(&l.text)),
        ));
    };
    let name = l.text[..colon].to_string();
    if name.is_empty() {
        return Err(err(l.line, 1, "an attribute name is missing before ':'"));
    }
    crate::syntax::attr::check_attribute_description(&name)
        .map_err(|e| err(l.line, 1, format!("{name}: {e}")))?;
    let rest = &l.text[colon + 1..];
    let col = colon + 3;
    let value = if let Some(b64) = rest.strip_prefix(':') {
        STANDARD
            .decode(b64.trim())
            .map_err(|e| err(l.line, col, format!("{name}:: is not base64: {e}")))?
    } else if let Some(url) = rest.strip_prefix('<') {
        let url = url.trim();
        if urls == FileUrls::Refuse {
            return Err(err(
                l.line,
                col,
                format!("{name}:< {url}: file URLs are refused (--allow-file-urls reads them)"),
            ));
        }
        let Some(path) = url.strip_prefix("file://") else {
            return Err(err(
                l.line,
                col,
                format!("{url}: only file:// URLs are read"),
            ));
        };
        read_file(path).map_err(|e| err(l.line, col, format!("{url}: {e}")))?
    } else {
        // One leading space is the separator (FILL may be more).
        rest.trim_start_matches(' ').as_bytes().to_vec()
    };
    Ok((name, value))
}

fn read_file(path: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    if !f.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err("not a regular file".into());
    }
    let mut v = Vec::new();
    f.take(MAX_FILE_VALUE + 1)
        .read_to_end(&mut v)
        .map_err(|e| e.to_string())?;
    if v.len() as u64 > MAX_FILE_VALUE {
        return Err(format!("larger than {} MiB", MAX_FILE_VALUE >> 20));
    }
    Ok(v)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn text(l: &Logical, name: &str, v: Vec<u8>) -> Result<String, LdifError> {
    String::from_utf8(v).map_err(|_| err(l.line, 1, format!("{name} is not UTF-8")))
}

/// Reads LDIF text into records (file URLs refused).
pub fn parse(input: &str) -> Result<Vec<Record>, LdifError> {
    parse_with(input, FileUrls::Refuse)
}

/// Reads LDIF text into records.
pub fn parse_with(input: &str, urls: FileUrls) -> Result<Vec<Record>, LdifError> {
    records(input, urls).collect()
}

/// Reads LDIF text into records one at a time (a large file is never held as records
/// whole); after the first error there are no more.
pub fn records(
    input: &str,
    urls: FileUrls,
) -> impl Iterator<Item = Result<Record, LdifError>> + '_ {
    let mut failed = false;
    blocks(input).enumerate().filter_map(move |(i, lines)| {
        if failed {
            return None;
        }
        let out = lines.and_then(|lines| first_record(i, lines, urls));
        failed = out.is_err();
        out.transpose()
    })
}

/// The record of one block (none for a version line standing alone).
fn first_record(
    i: usize,
    lines: Vec<Logical>,
    urls: FileUrls,
) -> Result<Option<Record>, LdifError> {
    let mut it = lines.into_iter().peekable();
    let Some(first) = it.next() else {
        return Ok(None);
    };
    if i == 0 && first.text.to_lowercase().starts_with("version:") {
        let v = first.text["version:".len()..].trim();
        if v != "1" {
            return Err(err(
                first.line,
                10,
                format!("version {v}: only version 1 is LDIF"),
            ));
        }
        // The version line may stand alone or head the first record.
        let Some(next) = it.next() else {
            return Ok(None);
        };
        return record(next, &mut it, urls).map(Some);
    }
    record(first, &mut it, urls).map(Some)
}

fn record(
    first: Logical,
    it: &mut std::iter::Peekable<std::vec::IntoIter<Logical>>,
    urls: FileUrls,
) -> Result<Record, LdifError> {
    let (name, dn) = attr_value(&first, FileUrls::Refuse)?;
    if !name.eq_ignore_ascii_case("dn") {
        return Err(err(
            first.line,
            1,
            format!("a record starts with dn:, not {name}:"),
        ));
    }
    let dn = text(&first, "the DN", dn)?;
    if !dn.is_empty() {
        crate::syntax::dn::parse_dn(&dn)
            .map_err(|e| err(first.line, 5 + e.column, format!("the DN: {}", e.message)))?;
    }
    let mut controls = Vec::new();
    let mut changetype: Option<(usize, String)> = None;
    while let Some(l) = it.peek() {
        let lower = l.text.to_lowercase();
        if lower.starts_with("control:") {
            let l = it.next().unwrap_or(Logical {
                line: 0,
                text: String::new(),
            });
            controls.push(control(&l)?);
        } else if lower.starts_with("changetype:") {
            let l = it.next().unwrap_or(Logical {
                line: 0,
                text: String::new(),
            });
            changetype = Some((l.line, l.text["changetype:".len()..].trim().to_lowercase()));
            break;
        } else {
            break;
        }
    }
    let kind = match changetype {
        None => Kind::Add(attrs(it, urls)?),
        Some((_, t)) if t == "add" => Kind::Add(attrs(it, urls)?),
        Some((n, t)) if t == "delete" => {
            if let Some(l) = it.next() {
                return Err(err(
                    l.line,
                    1,
                    format!("a delete record has nothing after changetype (line {n})"),
                ));
            }
            Kind::Delete
        }
        Some((_, t)) if t == "modify" => Kind::Modify(mods(it, urls)?),
        Some((n, t)) if t == "modrdn" || t == "moddn" => moddn(n, it)?,
        Some((n, t)) => {
            return Err(err(
                n,
                12,
                format!("unknown changetype {t}: add, delete, modify, modrdn or moddn"),
            ));
        }
    };
    if matches!(&kind, Kind::Add(a) if a.is_empty()) {
        return Err(err(
            first.line,
            1,
            format!("{dn}: an entry to add needs attributes"),
        ));
    }
    Ok(Record {
        line: first.line,
        dn,
        controls,
        kind,
    })
}

fn control(l: &Logical) -> Result<Control, LdifError> {
    let rest = l.text["control:".len()..].trim_start();
    let (head, value) = match rest.find(':') {
        Some(c) => (&rest[..c], Some(&rest[c..])),
        None => (rest, None),
    };
    let mut words = head.split_whitespace();
    let oid = words.next().unwrap_or("").to_string();
    if !crate::syntax::attr::is_numeric_oid(&oid) {
        return Err(err(l.line, 10, format!("control: {oid:?} is not an OID")));
    }
    let critical = match words.next() {
        None => false,
        Some("true") => true,
        Some("false") => false,
        Some(w) => {
            return Err(err(
                l.line,
                10,
                format!("control criticality {w}: true or false"),
            ));
        }
    };
    let value = match value {
        None => None,
        Some(v) => {
            let fake = Logical {
                line: l.line,
                text: format!("value{v}"),
            };
            Some(attr_value(&fake, FileUrls::Refuse)?.1)
        }
    };
    Ok(Control {
        oid,
        critical,
        value,
    })
}

fn attrs(
    it: &mut std::iter::Peekable<std::vec::IntoIter<Logical>>,
    urls: FileUrls,
) -> Result<Vec<(String, Vec<u8>)>, LdifError> {
    it.map(|l| attr_value(&l, urls)).collect()
}

fn mods(
    it: &mut std::iter::Peekable<std::vec::IntoIter<Logical>>,
    urls: FileUrls,
) -> Result<Vec<Modification>, LdifError> {
    let mut out = Vec::new();
    while let Some(l) = it.next() {
        let (op, attr) = attr_value(&l, FileUrls::Refuse)?;
        let op = match op.to_lowercase().as_str() {
            "add" => ModOp::Add,
            "delete" => ModOp::Delete,
            "replace" => ModOp::Replace,
            "increment" => ModOp::Increment,
            other => {
                return Err(err(
                    l.line,
                    1,
                    format!("{other}: a modify takes add:, delete:, replace: or increment:"),
                ));
            }
        };
        let attr = text(&l, "the attribute", attr)?;
        let mut values = Vec::new();
        loop {
            let Some(v) = it.next() else {
                return Err(err(
                    l.line,
                    1,
                    format!("the {attr} modification does not end with a '-' line"),
                ));
            };
            if v.text == "-" {
                break;
            }
            let (name, value) = attr_value(&v, urls)?;
            if !name.eq_ignore_ascii_case(&attr) {
                return Err(err(
                    v.line,
                    1,
                    format!("{name}: inside the {attr} modification only {attr} values may follow"),
                ));
            }
            values.push(value);
        }
        if op == ModOp::Increment && values.len() != 1 {
            return Err(err(l.line, 1, "increment: takes exactly one value"));
        }
        values.shrink_to_fit();
        out.push((op, attr, values));
    }
    // A file of thousands of records is held until it is sent: no spare capacity each.
    out.shrink_to_fit();
    Ok(out)
}

fn moddn(
    n: usize,
    it: &mut std::iter::Peekable<std::vec::IntoIter<Logical>>,
) -> Result<Kind, LdifError> {
    let mut get = |want: &str| -> Result<Option<(usize, String)>, LdifError> {
        let Some(l) = it.next() else { return Ok(None) };
        let (name, v) = attr_value(&l, FileUrls::Refuse)?;
        if !name.eq_ignore_ascii_case(want) {
            return Err(err(l.line, 1, format!("expected {want}:, found {name}:")));
        }
        Ok(Some((l.line, text(&l, want, v)?)))
    };
    let Some((_, new_rdn)) = get("newrdn")? else {
        return Err(err(n, 1, "a modrdn needs newrdn:"));
    };
    let delete_old = match get("deleteoldrdn")? {
        Some((_, v)) if v == "1" => true,
        Some((_, v)) if v == "0" => false,
        Some((l, v)) => return Err(err(l, 15, format!("deleteoldrdn: {v}: 0 or 1"))),
        None => return Err(err(n, 1, "a modrdn needs deleteoldrdn: 0 or 1")),
    };
    let new_superior = get("newsuperior")?.map(|(_, v)| v);
    if let Some(l) = it.next() {
        return Err(err(
            l.line,
            1,
            "nothing may follow newsuperior: in a modrdn",
        ));
    }
    Ok(Kind::ModRdn {
        new_rdn,
        delete_old,
        new_superior,
    })
}

impl fmt::Display for Record {
    /// The record as LDIF (values base64 where they are not safe), ending with a blank line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&line("dn", self.dn.as_bytes()))?;
        for c in &self.controls {
            write!(f, "control: {} {}", c.oid, c.critical)?;
            match &c.value {
                Some(v) => f.write_str(&line("", v))?,
                None => f.write_str("\n")?,
            }
        }
        match &self.kind {
            Kind::Add(attrs) => {
                f.write_str("changetype: add\n")?;
                for (a, v) in attrs {
                    f.write_str(&line(a, v))?;
                }
            }
            Kind::Delete => f.write_str("changetype: delete\n")?,
            Kind::Modify(mods) => {
                f.write_str("changetype: modify\n")?;
                for (op, a, vals) in mods {
                    let op = match op {
                        ModOp::Add => "add",
                        ModOp::Delete => "delete",
                        ModOp::Replace => "replace",
                        ModOp::Increment => "increment",
                    };
                    writeln!(f, "{op}: {a}")?;
                    for v in vals {
                        f.write_str(&line(a, v))?;
                    }
                    f.write_str("-\n")?;
                }
            }
            Kind::ModRdn {
                new_rdn,
                delete_old,
                new_superior,
            } => {
                f.write_str("changetype: modrdn\n")?;
                f.write_str(&line("newrdn", new_rdn.as_bytes()))?;
                writeln!(f, "deleteoldrdn: {}", u8::from(*delete_old))?;
                if let Some(s) = new_superior {
                    f.write_str(&line("newsuperior", s.as_bytes()))?;
                }
            }
        }
        f.write_str("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_kind_reads_with_folds_base64_comments_and_controls() {
        let text = "version: 1\n\n# a comment\n#  folded comment\n\
            dn: uid=a,dc=x\nobjectClass: inetOrgPerson\ncn: A\n  Person\nsn:: w6k=\n\n\
            dn: uid=b,dc=x\ncontrol: 1.2.840.113556.1.4.805 true\nchangetype: delete\n\n\
            dn: uid=c,dc=x\nchangetype: modify\nadd: mail\nmail: c@x\n-\ndelete: fax\n-\n\
            replace: cn\ncn: C\ncn: Cee\n-\nincrement: uidNumber\nuidNumber: 1\n-\n\n\
            dn: uid=d,dc=x\nchangetype: moddn\nnewrdn: uid=e\ndeleteoldrdn: 0\nnewsuperior: ou=p,dc=x\n";
        let r = parse(text).expect("reads");
        assert_eq!(r.len(), 4);
        assert_eq!(
            r[0].kind,
            Kind::Add(vec![
                ("objectClass".into(), b"inetOrgPerson".to_vec()),
                ("cn".into(), b"A Person".to_vec()),
                ("sn".into(), "é".as_bytes().to_vec()),
            ])
        );
        assert_eq!(r[0].line, 5);
        assert_eq!(r[1].kind, Kind::Delete);
        assert_eq!(
            r[1].controls,
            vec![Control {
                oid: "1.2.840.113556.1.4.805".into(),
                critical: true,
                value: None
            }]
        );
        let Kind::Modify(m) = &r[2].kind else {
            panic!("modify")
        };
        assert_eq!(m.len(), 4);
        assert_eq!(m[1], (ModOp::Delete, "fax".into(), vec![]));
        assert_eq!(m[2].2.len(), 2);
        assert_eq!(m[3].0, ModOp::Increment);
        assert_eq!(
            r[3].kind,
            Kind::ModRdn {
                new_rdn: "uid=e".into(),
                delete_old: false,
                new_superior: Some("ou=p,dc=x".into())
            }
        );
        // Written back, it reads to the same records.
        let again: String = r.iter().map(|x| x.to_string()).collect();
        let back = parse(&again).expect("reads back");
        assert_eq!(
            back.iter()
                .map(|x| (&x.dn, &x.kind, &x.controls))
                .collect::<Vec<_>>(),
            r.iter()
                .map(|x| (&x.dn, &x.kind, &x.controls))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let e = parse("dn: uid=a,dc=x\nchangetype: modify\nadd: mail\nmail: a@x\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("'-'"), "{e}");
        let e = parse("dn: uid=a,dc=x\nchangetype: frobnicate\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 12), "{e}");
        let e = parse("dn: uid=a,dc=x\ncn:: !!!\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("cn: x\n").unwrap_err();
        assert!(e.message.contains("starts with dn:"), "{e}");
        let e = parse("dn: uid=a,dc=x\njpegPhoto:< file:///etc/passwd\n").unwrap_err();
        assert!(e.message.contains("file URLs are refused"), "{e}");
        let e = parse("dn: uid=a,,dc=x\ncn: x\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("version: 2\n\ndn: a=b\ncn: x\n").unwrap_err();
        assert!(e.message.contains("version 2"));
        let e = parse(" folded\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse("dn: a=b\ncontrol: notanoid\nchangetype: delete\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn crlf_and_a_version_heading_the_first_record_read_too() {
        let r = parse("version: 1\r\ndn: a=b\r\ncn: x\r\n").expect("reads");
        assert_eq!(r[0].dn, "a=b");
        assert_eq!(r[0].kind, Kind::Add(vec![("cn".into(), b"x".to_vec())]));
    }
}
