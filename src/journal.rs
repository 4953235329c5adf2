//! The change journal: every applied write with its inverse, one JSONL file per provider under
//! the XDG state dir (mode 0600). Password values are never written.

use std::fs::{self, OpenOptions};
use std::io::{BufRead, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ldap::write::change::{Change, Image, is_secret};
use crate::spool::Spool;

/// One applied write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Stable id, time-ordered: `20261123T203600Z-1a2b`.
    pub id: String,
    /// When it was applied (UTC, RFC 3339).
    pub time: String,
    /// Provider slug.
    pub provider: String,
    /// The entry.
    pub dn: String,
    /// add, modify, delete, modrdn.
    pub kind: String,
    /// What it does in words (`disable`, `passwd`, `modify mail`, `group staff +bob`);
    /// empty in records written before it existed (then `kind` says it).
    #[serde(default)]
    pub operation: String,
    /// The change as LDIF, passwords masked.
    pub ldif: String,
    /// The change that undoes it; none for password changes.
    pub inverse: Option<Change>,
    /// Why there is no inverse, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_undo: Option<String>,
    /// This record undid the record with this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    /// For a modify: the touched attributes as this write left them, so an undo can tell
    /// whether someone changed them since (passwords never kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<crate::ldap::write::change::Image>,
    /// Written as `intent` before the change is sent, then again as `applied` or `failed`;
    /// the last line for an id wins. Records from before intents existed read as applied.
    #[serde(default)]
    pub status: Status,
}

/// Where a journaled change stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The server accepted it.
    #[default]
    Applied,
    /// About to be sent; with no later line, it may or may not have reached the server.
    Intent,
    /// The server refused it: nothing changed.
    Failed,
}

impl Status {
    /// How the journal shows it.
    pub fn describe(self) -> &'static str {
        match self {
            Status::Applied => "applied",
            Status::Intent => "may have been applied: check",
            Status::Failed => "failed",
        }
    }
}

/// Why the journal could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// File system trouble.
    #[error("journal {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// No record has this id.
    #[error("no journal record {0}")]
    NotFound(String),
}

/// Where this process journals instead of the user's state dir (the demo's private one).
static DIR_OVERRIDE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Journals this process's writes in `dir` (set once, before any write): `ldapdeck demo`
/// keeps its journal in its own temporary directory, removed with the demo directory.
pub fn use_dir(dir: PathBuf) {
    let _ = DIR_OVERRIDE.set(dir);
}

/// The journal directory: `$XDG_STATE_HOME/ldapdeck/journal`.
pub fn dir() -> PathBuf {
    if let Some(d) = DIR_OVERRIDE.get() {
        return d.clone();
    }
    match directories::ProjectDirs::from("", "", "ldapdeck") {
        Some(d) => d.state_dir().unwrap_or(d.data_local_dir()).join("journal"),
        None => PathBuf::from(".ldapdeck-journal"),
    }
}

/// The journal's directory, made (0700) if it is not there yet: where a batch spills what it
/// holds (`Spool::on_disk`), beside the records it will write.
pub fn made_dir() -> std::io::Result<PathBuf> {
    let d = dir();
    make(&d)?;
    Ok(d)
}

/// Makes the journal's directory `dir` (0700), as every write to it first does.
fn make(dir: &Path) -> std::io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

fn file(dir: &Path, slug: &str) -> PathBuf {
    dir.join(format!("{slug}.jsonl"))
}

fn now() -> (String, String) {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let t = crate::ldap::net::tls::rfc3339(d.as_secs() as i64);
    let compact: String = t.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    // The sub-second part keeps ids unique for writes within one second.
    (t, format!("{compact}-{:06}", d.subsec_micros()))
}

/// A record for an applied change; the inverse drops password values.
pub fn record(provider: &str, change: &Change, inverse: Option<Change>) -> Record {
    let (time, id) = now();
    let (inverse, no_undo) = if change.touches_secret() {
        (
            None,
            Some("password changes are not undone (the old password is never stored)".to_string()),
        )
    } else {
        match inverse {
            Some(Change::Add {
                dn,
                mut attrs,
                rejoin,
            }) => {
                let had_secret = attrs.keys().any(|k| is_secret(k));
                attrs.retain(|k, _| !is_secret(k));
                let note =
                    had_secret.then(|| "undo restores the entry without its password".to_string());
                (Some(Change::Add { dn, attrs, rejoin }), note)
            }
            Some(u @ Change::Undelete { .. }) => (
                Some(u),
                Some(
                    "undo brings the entry back from Active Directory's deleted objects, with its \
                     SID but without its password"
                        .to_string(),
                ),
            ),
            Some(other) => (Some(other), None),
            None => (
                None,
                Some("the entry could not be read before the change".to_string()),
            ),
        }
    };
    Record {
        id,
        time,
        provider: provider.to_string(),
        dn: change.dn().to_string(),
        kind: change.kind().to_string(),
        operation: change.operation(),
        ldif: change.ldif(),
        inverse,
        no_undo,
        undoes: None,
        left: None,
        status: Status::Applied,
    }
}

/// Journals `rec` as about to be sent (before the LDAP write: a kill after the server
/// accepted it still leaves a record).
pub fn intent(dir: &Path, rec: &Record) -> Result<(), Error> {
    append(
        dir,
        &Record {
            status: Status::Intent,
            ..rec.clone()
        },
    )
}

/// Journals how an intended change ended.
pub fn settle(dir: &Path, rec: &Record, status: Status) -> Result<(), Error> {
    append(
        dir,
        &Record {
            status,
            ..rec.clone()
        },
    )
}

/// Journals a batch as about to be sent, its LDIF written from `ldif` as it is made.
pub fn intent_batch(dir: &Path, rec: &Record, ldif: &dyn std::fmt::Display) -> Result<(), Error> {
    let none = (&Spool::new(), &Spool::new());
    settle_batch(dir, rec, Status::Intent, ldif, none)
}

/// Journals how an intended batch ended, with its inverse (`changes` to send last first,
/// each with what its change left) serialized straight from spools of their JSON into the
/// file, and its LDIF from `ldif` as it is made: a batch of any size is never held whole as
/// values or as one string.
pub fn settle_batch(
    dir: &Path,
    rec: &Record,
    status: Status,
    ldif: &dyn std::fmt::Display,
    (changes, left): (&Spool<Change>, &Spool<Option<Image>>),
) -> Result<(), Error> {
    let line = BatchLine {
        id: &rec.id,
        time: &rec.time,
        provider: &rec.provider,
        dn: &rec.dn,
        kind: &rec.kind,
        operation: &rec.operation,
        ldif: Streamed(ldif),
        inverse: (!changes.is_empty()).then_some(InverseOut::Batch {
            changes: Reversed(changes),
            left: Reversed(left),
        }),
        no_undo: rec.no_undo.as_deref(),
        undoes: rec.undoes.as_deref(),
        left: rec.left.as_ref(),
        status,
    };
    append_with(dir, &rec.provider, |w| {
        serde_json::to_writer(w, &line).map_err(std::io::Error::other)
    })
}

/// A [`Record`] as `settle_batch` writes it: the same fields, the inverse from spools.
#[derive(Serialize)]
struct BatchLine<'a> {
    id: &'a str,
    time: &'a str,
    provider: &'a str,
    dn: &'a str,
    kind: &'a str,
    operation: &'a str,
    ldif: Streamed<'a>,
    inverse: Option<InverseOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    no_undo: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undoes: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    left: Option<&'a Image>,
    status: Status,
}

/// `Change::Batch` as serde writes it, its lists read from spools.
#[derive(Serialize)]
enum InverseOut<'a> {
    #[serde(rename = "batch")]
    Batch {
        changes: Reversed<'a, Change>,
        left: Reversed<'a, Option<Image>>,
    },
}

/// Text written into the JSON string as it is formatted (serde_json escapes each piece).
struct Streamed<'a>(&'a dyn std::fmt::Display);

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

/// A spool's values, last first, as a JSON list.
struct Reversed<'a, T>(&'a Spool<T>);

impl<T: Serialize + serde::de::DeserializeOwned> Serialize for Reversed<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().rev())
    }
}

/// Appends a record to its provider's file (created 0600 in a 0700 directory) under the
/// file's lock, as one write followed by fsync; after a torn last line (a full disk, a
/// kill) it starts on a new line.
pub fn append(dir: &Path, rec: &Record) -> Result<(), Error> {
    append_with(dir, &rec.provider, |w| {
        serde_json::to_writer(w, rec).map_err(std::io::Error::other)
    })
}

/// Appends the line `write` writes (without its newline) to `provider`'s file, as `append`.
fn append_with(
    dir: &Path,
    provider: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    make(dir).map_err(io(dir))?;
    let path = file(dir, provider);
    let f = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .open(&path)
        .map_err(io(&path))?;
    let mut f =
        crate::config::atomic::lock_file(f, &path, &path, std::time::Duration::from_secs(5))
            .map_err(|e| Error::Io {
                path: path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
    let torn = !ends_with_newline(&mut f).map_err(io(&path))?;
    // Serialized straight into the file: a batch's record is as large as the batch, and is
    // never held twice. A short record is still one write.
    let mut w = std::io::BufWriter::with_capacity(64 << 10, &mut f);
    if torn {
        w.write_all(b"\n").map_err(io(&path))?;
    }
    write(&mut w).map_err(io(&path))?;
    w.write_all(b"\n").map_err(io(&path))?;
    w.flush().map_err(io(&path))?;
    drop(w);
    f.sync_all().map_err(io(&path))
}

fn ends_with_newline(f: &mut fs::File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    f.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    f.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Every record, oldest first; of one provider when `slug` is given.
pub fn list(dir: &Path, slug: Option<&str>) -> Result<Vec<Record>, Error> {
    read(dir, slug).map(|(r, _)| r)
}

/// Every record (the last line for each id), and how many damaged lines were skipped.
pub fn read(dir: &Path, slug: Option<&str>) -> Result<(Vec<Record>, usize), Error> {
    let files: Vec<PathBuf> = match slug {
        Some(s) => vec![file(dir, s)],
        None => match fs::read_dir(dir) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect(),
            Err(_) => Vec::new(),
        },
    };
    let mut out: Vec<Record> = Vec::new();
    let mut skipped = 0;
    for path in files {
        let f = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(Error::Io { path, source }),
        };
        for line in std::io::BufReader::new(f).lines() {
            let line = line.map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            // A line that does not parse (an interrupted write) is skipped and counted.
            match serde_json::from_str::<Record>(&line) {
                Ok(r) => out.push(r),
                Err(_) if line.trim().is_empty() => {}
                Err(_) => skipped += 1,
            }
        }
    }
    // The last line for an id says how it ended; the stable sort keeps lines in file order.
    out.sort_by(|a, b| a.id.cmp(&b.id));
    let mut merged: Vec<Record> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if last.id == r.id => *last = r,
            _ => merged.push(r),
        }
    }
    Ok((merged, skipped))
}

impl Record {
    /// The operation for display (`kind` for records older than `operation`).
    pub fn what(&self) -> &str {
        if self.operation.is_empty() {
            &self.kind
        } else {
            &self.operation
        }
    }
}

/// Ids of the records a later record undid.
pub fn undone(records: &[Record]) -> std::collections::HashSet<String> {
    records.iter().filter_map(|r| r.undoes.clone()).collect()
}

/// The record with this id.
pub fn find(dir: &Path, id: &str) -> Result<Record, Error> {
    list(dir, None)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::NotFound(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ldap::write::change::{Image, Mod};
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn an_intent_then_its_outcome_is_one_record_and_a_torn_line_is_skipped_and_said() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("journal");
        let del = |dn: &str| Change::Delete {
            dn: dn.into(),
            leave: Vec::new(),
        };
        let a = record("corp", &del("uid=a,dc=x"), None);
        intent(&dir, &a).expect("intent");
        assert_eq!(list(&dir, None).expect("list")[0].status, Status::Intent);
        settle(&dir, &a, Status::Applied).expect("settle");
        let all = list(&dir, None).expect("list");
        assert_eq!((all.len(), all[0].status), (1, Status::Applied));
        // A full disk or a kill leaves half a line without its newline.
        let path = dir.join("corp.jsonl");
        let mut f = OpenOptions::new().append(true).open(&path).expect("open");
        f.write_all(b"{\"id\":\"2026").expect("torn");
        drop(f);
        let b = record("corp", &del("uid=b,dc=x"), None);
        intent(&dir, &b).expect("append after a torn line");
        let (recs, damaged) = read(&dir, None).expect("read");
        assert_eq!(damaged, 1);
        assert_eq!(recs.len(), 2);
        assert_eq!(find(&dir, &b.id).expect("found").status, Status::Intent);
        assert_eq!(Status::Intent.describe(), "may have been applied: check");
    }

    #[test]
    fn a_batch_settled_from_spools_reads_as_the_record_with_its_inverse() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("journal");
        let m = |dn: &str, v: &str| Change::Modify {
            dn: dn.into(),
            mods: vec![Mod::Replace(
                "description".into(),
                vec![v.as_bytes().to_vec()],
            )],
        };
        let batch = Change::Batch {
            changes: vec![m("uid=a,dc=x", "new \"a\""), m("uid=b,dc=x", "new b")],
            left: Vec::new(),
        };
        let mut rec = record("corp", &batch, None);
        rec.no_undo = Some("1 of the applied changes have no undo".into());
        let (mut changes, mut left) = (Spool::new(), Spool::new());
        for (dn, old) in [("uid=a,dc=x", "old a"), ("uid=b,dc=x", "old b")] {
            changes.push(&m(dn, old)).expect("push");
            left.push(&Some(Image::from([(
                "description".into(),
                vec![b"x".to_vec()],
            )])))
            .expect("push");
        }
        settle_batch(&dir, &rec, Status::Applied, &rec.ldif, (&changes, &left)).expect("settle");
        let mut want = rec.clone();
        want.inverse = Some(Change::Batch {
            changes: changes.iter().rev().collect(),
            left: left.iter().rev().collect(),
        });
        assert_eq!(find(&dir, &rec.id).expect("found"), want);
        // Nothing applied: no inverse, and the line still reads.
        // Its LDIF written a piece at a time, escaped as one string.
        struct Pieces;
        impl std::fmt::Display for Pieces {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("dn: \"a\"\n")?;
                f.write_str("\u{1b}[2J")
            }
        }
        let none = record("corp", &batch, None);
        let empty = (&Spool::new(), &Spool::new());
        settle_batch(&dir, &none, Status::Failed, &Pieces, empty).expect("settle");
        let got = find(&dir, &none.id).expect("found");
        assert_eq!((got.inverse, got.status), (None, Status::Failed));
        assert_eq!(got.ldif, "dn: \"a\"\n\u{1b}[2J");
    }

    #[test]
    fn append_list_find_and_mode_0600() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("journal");
        let change = Change::Modify {
            dn: "uid=a,dc=x".into(),
            mods: vec![Mod::Replace("mail".into(), vec![b"new@x".to_vec()])],
        };
        let inverse = change.inverse(Some(&Image::from([(
            "mail".into(),
            vec![b"old@x".to_vec()],
        )])));
        let r = record("corp", &change, inverse);
        append(&dir, &r).expect("append");
        let r2 = record(
            "lab",
            &Change::Delete {
                dn: "uid=b,dc=y".into(),
                leave: Vec::new(),
            },
            None,
        );
        append(&dir, &r2).expect("append");
        assert_eq!(list(&dir, Some("corp")).expect("list"), vec![r.clone()]);
        assert_eq!(list(&dir, None).expect("all").len(), 2);
        assert_eq!(find(&dir, &r.id).expect("find"), r);
        assert!(matches!(find(&dir, "nope"), Err(Error::NotFound(_))));
        let mode = fs::metadata(dir.join("corp.jsonl"))
            .expect("file")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        assert!(r2.inverse.is_none() && r2.no_undo.is_some());
    }

    #[test]
    fn no_password_is_ever_written() {
        let before = Image::from([
            ("cn".into(), vec![b"A".to_vec()]),
            ("userPassword".into(), vec![b"{SSHA}hash".to_vec()]),
        ]);
        let del = Change::Delete {
            dn: "uid=a,dc=x".into(),
            leave: Vec::new(),
        };
        let r = record("corp", &del, del.inverse(Some(&before)));
        let json = serde_json::to_string(&r).expect("json");
        assert!(!json.contains("SSHA") && !json.contains("hash"), "{json}");
        assert!(
            r.no_undo
                .as_deref()
                .is_some_and(|n| n.contains("without its password"))
        );
        let pw = Change::Modify {
            dn: "uid=a,dc=x".into(),
            mods: vec![Mod::Replace(
                "userPassword".into(),
                vec![b"n3w-secret".to_vec()],
            )],
        };
        let r = record("corp", &pw, pw.inverse(Some(&before)));
        let json = serde_json::to_string(&r).expect("json");
        assert!(
            !json.contains("n3w-secret") && !json.contains("SSHA"),
            "{json}"
        );
        assert!(r.inverse.is_none());
    }
}
