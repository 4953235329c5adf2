//! `apply SLUG FILE|-`: an LDIF file (RFC 2849, content or change records) applied as one
//! journaled batch. Everything is read and checked first (syntax with line and column, known
//! controls, each DN existing or not as its change needs, the schema), the plan is shown (counts,
//! then each change as LDIF, passwords masked), and only then is it sent, one change at a
//! time with the conflict check; `journal undo` takes the applied part back.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use serde_json::{Value, json};

use super::apply_plan::plan;
use super::output::Output;
use super::password::PasswordArgs;
use super::write::{Confirm, confirm, connect, runtime, writable};
use crate::error::{EXIT_FAILED, EXIT_OK, Error};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::{Change, Image};
use crate::spool::Spool;
use crate::syntax::ldif_read::{self, FileUrls};
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

/// A file's changes as planned, each with the entry as read for it, kept as JSON until it is
/// sent (a large file is never held as values: past a few hundred, not in memory either), and
/// the line (or row) each came from.
#[derive(Default)]
pub(super) struct Planned {
    /// The line (or row) of each.
    pub lines: Vec<usize>,
    /// The kind of each change (for the plan's counts without reading the steps back).
    pub kinds: Vec<&'static str>,
    /// The changes with their entries.
    pub steps: Spool<(Change, Option<Image>)>,
}

impl Planned {
    /// Adds a step (one that cannot be kept is a problem of its `label`, line or row).
    pub fn push(&mut self, s: Step, label: &str) -> Result<(), String> {
        if self.steps.len() == crate::writes::batch::IN_MEMORY {
            self.spill();
        }
        let kind = s.change.kind();
        self.steps
            .push(&(s.change, s.before))
            .map_err(|e| format!("{label} {}: cannot be kept for sending: {e}", s.line))?;
        self.lines.push(s.line);
        self.kinds.push(kind);
        Ok(())
    }

    /// Moves the steps so far into a sealed file beside the journal (kept in memory if
    /// that cannot be made).
    fn spill(&mut self) {
        let Ok(mut disk) = crate::journal::made_dir().and_then(|d| Spool::on_disk(&d)) else {
            return;
        };
        if self.steps.iter().all(|s| disk.push(&s).is_ok()) {
            self.steps = disk;
        }
    }
}

/// Reads a file (or stdin for `-`) of text, bounded.
pub(super) fn read_input(file: &str) -> Result<String, Error> {
    let mut bytes = super::input::read_bytes(file, MAX_LDIF)?;
    // Held for the whole run: without the reader's spare capacity.
    bytes.shrink_to_fit();
    String::from_utf8(bytes).map_err(|e| {
        Error::Input(format!(
            "{file}: not UTF-8 text (byte {}): LDIF carries other bytes as base64 (attr:: ...)",
            e.utf8_error().valid_up_to() + 1
        ))
    })
}

/// The plan in words, a piece at a time: how many of each kind, then every change as LDIF.
fn preview(planned: &Planned) -> impl Iterator<Item = String> + '_ {
    let head = crate::ldap::write::change::batch_words_of(planned.kinds.iter().copied());
    // As the whole batch's LDIF was: the changes joined by a newline, and one at the end.
    std::iter::once(format!("{head}\n\n")).chain(planned.steps.iter().map(|(c, _)| {
        let mut t = c.ldif();
        t.push('\n');
        t
    }))
}

/// A progress bar and the count: `[#######.............]  7 / 20`.
fn progress_line(done: usize, total: usize) -> String {
    const WIDTH: usize = 30;
    let filled = (done.min(total) * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH);
    format!(
        "[{}{}] {done} / {total}",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled)
    )
}

/// Lines of a plan shown as they are (longer goes to a pager on a terminal).
const PAGE: usize = 40;

/// Shows a plan: in a pager on a terminal when it is long (less-style), else on stderr;
/// written as it is made, so a large plan is never held whole.
fn show(pieces: impl Iterator<Item = String>) {
    let mut pieces = pieces.map(|p| crate::text::visible(&p).into_owned());
    let mut head = String::new();
    let terminal = std::io::stderr().is_terminal() && std::io::stdin().is_terminal();
    if terminal {
        for p in pieces.by_ref() {
            head.push_str(&p);
            if head.lines().count() > PAGE {
                break;
            }
        }
        if head.lines().count() > PAGE {
            let pager = std::process::Command::new("less")
                .args(["-FRX"])
                .stdin(std::process::Stdio::piped())
                .spawn();
            if let Ok(mut child) = pager {
                if let Some(mut i) = child.stdin.take() {
                    // A pager quit early (q) closes its input: the rest is not wanted.
                    let _ = std::iter::once(head)
                        .chain(pieces)
                        .try_for_each(|p| i.write_all(p.as_bytes()));
                }
                let _ = child.wait();
                return;
            }
        }
    }
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let _ = std::iter::once(head)
        .chain(pieces)
        .try_for_each(|p| err.write_all(p.as_bytes()));
    let _ = err.flush();
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
    // The whole file is read for its syntax first (before connecting), then again, a record
    // at a time, as the plan goes: its records are never all held at once.
    let mut count = 0usize;
    for r in ldif_read::records(&text, urls) {
        r.map_err(|e| Error::Input(format!("{}: {e}: nothing was sent", a.file)))?;
        count += 1;
    }
    if count == 0 {
        return Err(Error::Input(format!(
            "{}: no records: nothing to do",
            a.file
        )));
    }
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let records = ldif_read::records(&text, urls).filter_map(Result::ok);
        let steps = match plan(&mut c, p.server_type, records).await {
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
    planned: Planned,
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
    show(preview(&planned));
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
        // About a hundred redraws however large the batch, and never more than one in 50.
        let every = (total / 100).clamp(1, 50);
        if tty && (done.is_multiple_of(every) || done == total) {
            let _ = write!(std::io::stderr(), "\r  {}", progress_line(done, total));
            if done == total {
                let _ = writeln!(std::io::stderr());
            }
        }
    };
    let opts = batch::Options {
        continue_on_error,
        stop: &stop,
        progress: &mut progress,
        undoes: None,
        atomic,
    };
    let sent = batch::commit_spooled(p, &mut c, &planned.steps, opts).await;
    watcher.abort();
    c.session.close().await;
    let (rec, outcomes, _) = sent?;
    report(out, &rec, (label, &planned), &outcomes)
}

fn report(
    out: &Output,
    rec: &crate::journal::Record,
    (label, planned): (&str, &Planned),
    outcomes: &[Outcome],
) -> Result<i32, Error> {
    let count = |w: &str| outcomes.iter().filter(|o| o.word() == w).count();
    let (applied, failed, skipped) = (count("applied"), count("failed"), count("skipped"));
    // Each outcome with its line and change, read back from the plan in order.
    let each = || {
        outcomes
            .iter()
            .zip(planned.steps.iter())
            .zip(planned.lines.iter())
            .map(|((o, (c, _)), line)| (o, c, *line))
    };
    if out.json {
        let results: Vec<Value> = each()
            .map(|(o, c, line)| {
                let mut v =
                    json!({label: line, "dn": c.dn(), "change": c.kind(), "result": o.word()});
                if let Outcome::Failed(d) = o {
                    v["cause"] = json!(d.cause.code());
                    v["error"] = json!(format!("{}; {}", d.detail, d.hint));
                }
                v
            })
            .collect();
        out.json(&json!({
            "journal": rec.id, "applied": applied, "failed": failed, "skipped": skipped,
            "results": results,
        }));
    } else {
        let mut s = String::new();
        for (o, c, line) in each() {
            if let Outcome::Failed(d) = o {
                s.push_str(&format!(
                    "{label} {line}: {} {}: failed: {} ({}; {})\n",
                    c.kind(),
                    c.dn(),
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

#[cfg(test)]
mod tests {
    use super::progress_line;

    #[test]
    fn the_progress_bar_fills_with_the_count() {
        assert_eq!(progress_line(0, 10), format!("[{}] 0 / 10", ".".repeat(30)));
        assert_eq!(
            progress_line(5, 10),
            format!("[{}{}] 5 / 10", "#".repeat(15), ".".repeat(15))
        );
        assert_eq!(
            progress_line(10, 10),
            format!("[{}] 10 / 10", "#".repeat(30))
        );
        // Never past full, and an empty batch is done.
        assert!(progress_line(12, 10).starts_with(&format!("[{}]", "#".repeat(30))));
        assert!(progress_line(0, 0).starts_with(&format!("[{}]", "#".repeat(30))));
    }
}
