//! `apply SLUG FILE|-`: an LDIF file (RFC 2849, content or change records) applied as one
//! journaled batch. Everything is read and checked first (syntax with line and column, known
//! controls, each DN existing or not as its change needs, the schema), the plan is shown (counts,
//! then each change as LDIF, passwords masked), and only then is it sent, one change at a
//! time with the conflict check; `journal undo` takes the applied part back.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use serde_json::{Value, json};

use super::output::Output;
use super::password::PasswordArgs;
use super::write::{Confirm, confirm, connect, runtime, writable};
use crate::error::{EXIT_FAILED, EXIT_OK, Error};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::{Change, Image, Mod, TREE_DELETE};
use crate::syntax::ldif_read::{self, FileUrls, Kind, ModOp, Record};
use crate::writes::batch::{self, Outcome};

/// LDIF read at most (a file is planned whole before anything is sent).
const MAX_LDIF: u64 = 256 << 20;

/// `apply`
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// Provider slug.
    pub slug: String,
    /// The LDIF file; `-` reads standard input.
    pub file: String,
    /// Go on after a change fails (by default the first failure stops the rest).
    #[arg(long)]
    pub continue_on_error: bool,
    /// Read `attr:< file://...` values (refused by default).
    #[arg(long)]
    pub allow_file_urls: bool,
    /// All or nothing, in one LDAP transaction (RFC 5805), where the server offers them.
    #[arg(long, conflicts_with = "continue_on_error")]
    pub atomic: bool,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

/// One record made a change, with the entry as read for it.
pub(super) struct Step {
    /// The line (or row) it came from.
    pub line: usize,
    /// The change.
    pub change: Change,
    /// The entry as read for it.
    pub before: Option<Image>,
}

/// Reads a file (or stdin for `-`) of text, bounded.
pub(super) fn read_input(file: &str) -> Result<String, Error> {
    let bytes = super::input::read_bytes(file, MAX_LDIF)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::Input(format!(
            "{file}: not UTF-8 text (byte {}): LDIF carries other bytes as base64 (attr:: ...)",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

/// The change a record asks for, before anything is read.
fn change_of(r: &Record) -> Result<Change, String> {
    let tree_delete = r.controls.iter().any(|c| c.oid == TREE_DELETE);
    if let Some(c) = r
        .controls
        .iter()
        .find(|c| !(c.oid == TREE_DELETE && r.kind == Kind::Delete))
    {
        return Err(format!(
            "control {} is not one ldapdeck sends (it knows the tree-delete control on a delete): nothing was sent",
            c.oid
        ));
    }
    let dn = r.dn.clone();
    Ok(match &r.kind {
        Kind::Add(pairs) => {
            let mut attrs = Image::new();
            for (a, v) in pairs {
                let key = attrs
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case(a))
                    .cloned()
                    .unwrap_or_else(|| a.clone());
                attrs.entry(key).or_default().push(v.clone());
            }
            Change::Add {
                dn,
                attrs,
                rejoin: Vec::new(),
            }
        }
        Kind::Delete if tree_delete => Change::DeleteTree { dn },
        Kind::Delete => Change::Delete {
            dn,
            leave: Vec::new(),
        },
        Kind::Modify(mods) => Change::Modify {
            dn,
            mods: mods
                .iter()
                .map(|(op, a, v)| match op {
                    ModOp::Add => Mod::Add(a.clone(), v.clone()),
                    ModOp::Delete => Mod::Delete(a.clone(), v.clone()),
                    ModOp::Replace => Mod::Replace(a.clone(), v.clone()),
                    ModOp::Increment => Mod::Increment(a.clone(), v.clone()),
                })
                .collect(),
        },
        Kind::ModRdn {
            new_rdn,
            delete_old,
            new_superior,
        } => Change::ModRdn {
            dn,
            new_rdn: new_rdn.clone(),
            new_superior: new_superior.clone(),
            keep_old_rdn: !delete_old,
        },
    })
}

fn key(dn: &str) -> String {
    crate::syntax::dn::parse_dn(dn)
        .map(|d| {
            d.rdns
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|a| format!("{}={}", a.attr.to_lowercase(), a.value.to_lowercase()))
                        .collect::<Vec<_>>()
                        .join("+")
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_else(|_| dn.to_lowercase())
}

/// Reads at most this many entries at once while planning (one connection carries them).
const READ_AHEAD: usize = 64;

/// What the plan reads of a record's entry: the attributes a modify touches (and the object
/// classes, for the schema), all of a delete's (its undo adds it back), none of the rest
/// (whether it exists).
fn needs(change: &Change) -> Vec<String> {
    match change {
        Change::Modify { mods, .. } => {
            let mut a: Vec<String> = mods.iter().map(|m| m.attr().to_string()).collect();
            a.push("objectClass".into());
            a
        }
        Change::Delete { .. } => vec!["*".into()],
        _ => vec!["1.1".into()],
    }
}

/// Every entry the records name, read ahead in groups (what the plan then decides with).
async fn read_ahead(
    c: &mut Connected,
    changes: &[Option<Change>],
) -> Vec<Option<Result<Option<Image>, ldap3::LdapError>>> {
    let t = c.session.timeout;
    let mut out = Vec::with_capacity(changes.len());
    for chunk in changes.chunks(READ_AHEAD) {
        let reads = chunk.iter().map(|ch| {
            let mut ldap = c.session.ldap.clone();
            async move {
                let ch = ch.as_ref()?;
                let attrs = needs(ch);
                let a: Vec<&str> = attrs.iter().map(String::as_str).collect();
                Some(crate::ldap::write::edit::read_on(&mut ldap, t, ch.dn(), &a).await)
            }
        });
        out.extend(futures::future::join_all(reads).await);
    }
    out
}

async fn plan(c: &mut Connected, records: &[Record]) -> Result<Vec<Step>, Vec<String>> {
    let schema = crate::ldap::read::schema::read(&mut c.session).await.ok();
    let mut problems = Vec::new();
    let mut steps = Vec::new();
    let changes: Vec<Option<Change>> = records
        .iter()
        .map(|r| match change_of(r) {
            Ok(c) => Some(c),
            Err(m) => {
                problems.push(format!("line {}: {m}", r.line));
                None
            }
        })
        .collect();
    let mut read = read_ahead(c, &changes).await;
    // DNs made or removed earlier in the file (a file may add an OU, then users in it).
    let (mut made, mut gone): (HashSet<String>, HashSet<String>) = Default::default();
    for (i, r) in records.iter().enumerate() {
        let Some(change) = changes[i].clone() else {
            continue;
        };
        let found = read[i].take();
        let exists_now = matches!(found, Some(Ok(Some(_))));
        let k = key(&r.dn);
        let earlier = made.contains(&k);
        let removed = gone.contains(&k) && !earlier;
        let mut before = None;
        match &change {
            Change::Add { attrs, .. } => {
                if earlier || (!removed && exists_now) {
                    problems.push(format!("line {}: {} exists already", r.line, r.dn));
                }
                if let Some(s) = &schema {
                    for p in s.check(attrs) {
                        problems.push(format!("line {}: {}: {p}", r.line, r.dn));
                    }
                }
            }
            _ if removed => problems.push(format!(
                "line {}: {} was deleted or renamed earlier in this file",
                r.line, r.dn
            )),
            // Made earlier in this file: nothing on the server to read yet.
            _ if earlier => {}
            Change::Modify { mods, .. } => match found.unwrap_or(Ok(None)) {
                Ok(Some(img)) => {
                    if let Some(s) = &schema {
                        for p in s.check_modify(&img, mods) {
                            problems.push(format!("line {}: {}: {p}", r.line, r.dn));
                        }
                    }
                    before = Some(img);
                }
                Ok(None) => problems.push(format!("line {}: there is no entry {}", r.line, r.dn)),
                Err(e) => problems.push(format!(
                    "line {}: {}: {}",
                    r.line,
                    r.dn,
                    classify_ldap(&e, Phase::Search, &c.ctx)
                )),
            },
            _ => {
                // A delete keeps the whole entry (its undo adds it back); a rename needs
                // only to know it is there.
                let full = matches!(change, Change::Delete { .. });
                match found.unwrap_or(Ok(None)) {
                    Ok(Some(img)) => before = full.then_some(img),
                    Ok(None) => {
                        problems.push(format!("line {}: there is no entry {}", r.line, r.dn))
                    }
                    Err(e) => problems.push(format!(
                        "line {}: {}: {}",
                        r.line,
                        r.dn,
                        classify_ldap(&e, Phase::Search, &c.ctx)
                    )),
                }
            }
        }
        // What this record leaves for the records after it.
        match &change {
            Change::Add { .. } => {
                made.insert(k.clone());
                gone.remove(&k);
            }
            Change::Delete { .. } | Change::DeleteTree { .. } => {
                gone.insert(k.clone());
                made.remove(&k);
            }
            Change::ModRdn {
                new_rdn,
                new_superior,
                ..
            } => {
                gone.insert(k.clone());
                made.remove(&k);
                let parent = new_superior
                    .clone()
                    .unwrap_or_else(|| crate::syntax::dn::split_rdn(&r.dn).1.to_string());
                let to = key(&format!("{new_rdn},{parent}"));
                gone.remove(&to);
                made.insert(to);
            }
            _ => {}
        }
        steps.push(Step {
            line: r.line,
            change,
            before,
        });
    }
    if problems.is_empty() {
        Ok(steps)
    } else {
        Err(problems)
    }
}

/// The plan in words: how many of each kind, then every change as LDIF.
fn preview(steps: &[Step]) -> String {
    let all = Change::Batch {
        changes: steps.iter().map(|s| s.change.clone()).collect(),
        left: Vec::new(),
    };
    format!("{}\n\n{}", all.operation(), all.ldif())
}

/// Shows a long plan in a pager on a terminal (less-style), else on stderr.
fn show(text: &str) {
    let long = text.lines().count() > 40;
    if long && std::io::stderr().is_terminal() && std::io::stdin().is_terminal() {
        let pager = std::process::Command::new("less")
            .args(["-FRX"])
            .stdin(std::process::Stdio::piped())
            .spawn();
        if let Ok(mut child) = pager {
            if let Some(mut i) = child.stdin.take() {
                let _ = i.write_all(crate::text::visible(text).as_bytes());
            }
            let _ = child.wait();
            return;
        }
    }
    let _ = writeln!(std::io::stderr(), "{}", crate::text::visible(text));
}

/// `apply`.
pub fn run(path: &std::path::Path, a: ApplyArgs, out: &Output) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    let text = read_input(&a.file)?;
    let urls = if a.allow_file_urls {
        FileUrls::Allow
    } else {
        FileUrls::Refuse
    };
    let records = ldif_read::parse_with(&text, urls)
        .map_err(|e| Error::Input(format!("{}: {e}: nothing was sent", a.file)))?;
    if records.is_empty() {
        return Err(Error::Input(format!(
            "{}: no records: nothing to do",
            a.file
        )));
    }
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let steps = match plan(&mut c, &records).await {
            Ok(s) => s,
            Err(problems) => {
                c.session.close().await;
                return Err(refuse(&problems, &a.file));
            }
        };
        let how = How {
            label: "line",
            continue_on_error: a.continue_on_error,
            atomic: a.atomic,
        };
        finish(&p, c, steps, how, &a.confirm, out).await
    })
}

/// Every problem of a file on stderr, one a line; the error says nothing was sent.
pub(super) fn refuse(problems: &[String], file: &str) -> Error {
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        crate::text::visible(&problems.join("\n"))
    );
    Error::Input(format!(
        "{} problem(s) in {file}: nothing was sent",
        problems.len()
    ))
}

/// How a batch from a file is sent.
pub(super) struct How {
    /// `line` of an LDIF file, `row` of a CSV.
    pub label: &'static str,
    /// Go on after a failure.
    pub continue_on_error: bool,
    /// In one transaction.
    pub atomic: bool,
}

/// Whether the RootDSE lists the Start Transaction extended operation.
async fn offers_transactions(c: &mut Connected) -> bool {
    crate::ldap::read::search::base_entry(&mut c.session, "", &["supportedExtension"])
        .await
        .is_ok_and(|e| {
            crate::ldap::read::record::values(&e, "supportedExtension")
                .iter()
                .any(|x| x == crate::writes::txn::START)
        })
}

/// Shows the plan, asks, sends the steps as one journaled batch (Ctrl-C stops between
/// changes) and reports each, numbered as `label` (`line` of an LDIF file, `row` of a CSV).
pub(super) async fn finish(
    p: &crate::config::Provider,
    mut c: Connected,
    steps: Vec<Step>,
    how: How,
    answer: &Confirm,
    out: &Output,
) -> Result<i32, Error> {
    let How {
        label,
        continue_on_error,
        atomic,
    } = how;
    if atomic && !offers_transactions(&mut c).await {
        c.session.close().await;
        return Err(Error::Usage(
            "--atomic: this server does not offer LDAP transactions (RFC 5805, 1.3.6.1.1.21.1): nothing was sent; without --atomic the first failure stops the rest".into(),
        ));
    }
    show(&preview(&steps));
    // The plan was shown; the question follows (or the dry run ends here).
    if !confirm("", answer, out)? {
        c.session.close().await;
        return Ok(EXIT_OK);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let watcher = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let tty = std::io::stderr().is_terminal() && !out.json;
    let mut progress = |done: usize, total: usize, _: &Outcome| {
        if tty && (done.is_multiple_of(50) || done == total) {
            let _ = write!(std::io::stderr(), "\r  {done} / {total}");
            if done == total {
                let _ = writeln!(std::io::stderr());
            }
        }
    };
    let lines: Vec<usize> = steps.iter().map(|s| s.line).collect();
    let pairs: Vec<(Change, Option<Image>)> =
        steps.into_iter().map(|s| (s.change, s.before)).collect();
    let kinds: Vec<(String, String)> = pairs
        .iter()
        .map(|(c, _)| (c.dn().to_string(), c.kind().to_string()))
        .collect();
    let opts = batch::Options {
        continue_on_error,
        stop: &stop,
        progress: &mut progress,
        undoes: None,
        atomic,
    };
    let sent = batch::commit_batch(p, &mut c, pairs, opts).await;
    watcher.abort();
    c.session.close().await;
    let (rec, outcomes) = sent?;
    report(out, &rec, (label, &lines), &kinds, &outcomes)
}

fn report(
    out: &Output,
    rec: &crate::journal::Record,
    (label, lines): (&str, &[usize]),
    kinds: &[(String, String)],
    outcomes: &[Outcome],
) -> Result<i32, Error> {
    let count = |w: &str| outcomes.iter().filter(|o| o.word() == w).count();
    let (applied, failed, skipped) = (count("applied"), count("failed"), count("skipped"));
    let results: Vec<Value> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let (dn, kind) = kinds.get(i).cloned().unwrap_or_default();
            let mut v = json!({label: lines.get(i), "dn": dn, "change": kind, "result": o.word()});
            if let Outcome::Failed(d) = o {
                v["cause"] = json!(d.cause.code());
                v["error"] = json!(format!("{}; {}", d.detail, d.hint));
            }
            v
        })
        .collect();
    if out.json {
        out.json(&json!({
            "journal": rec.id, "applied": applied, "failed": failed, "skipped": skipped,
            "results": results,
        }));
    } else {
        let mut s = String::new();
        for (i, o) in outcomes.iter().enumerate() {
            if let Outcome::Failed(d) = o {
                let (dn, kind) = kinds.get(i).cloned().unwrap_or_default();
                s.push_str(&format!(
                    "{label} {}: {kind} {dn}: failed: {} ({}; {})\n",
                    lines.get(i).copied().unwrap_or(0),
                    d.cause.code(),
                    d.detail,
                    d.hint
                ));
            }
        }
        s.push_str(&format!(
            "{applied} applied, {failed} failed, {skipped} skipped\njournal {} (ldapdeck journal undo {} takes back the applied part)",
            rec.id, rec.id
        ));
        out.text(&crate::text::visible(&s));
    }
    Ok(if failed > 0 || skipped > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}
