//! `journal list|show|undo`: the writes ldapdeck made, and taking one back.

use clap::Subcommand;
use serde_json::json;

use super::output::{Output, table};
use super::password::PasswordArgs;
use super::write::{Confirm, commit, confirm, connect, report, runtime, writable};
use crate::error::{EXIT_OK, Error};
use crate::journal;

/// `journal ...`
#[derive(Debug, Subcommand)]
pub enum JournalCmd {
    /// The writes, newest first (as the console lists them).
    List {
        /// Only this provider's.
        slug: Option<String>,
    },
    /// One write: its LDIF and its undo.
    Show {
        /// Record id.
        id: String,
    },
    /// Undo a write (previewed and confirmed like any write).
    Undo {
        /// Record id.
        id: String,
        #[command(flatten)]
        confirm: Confirm,
        #[command(flatten)]
        password: PasswordArgs,
    },
}

/// `journal list|show|undo`.
pub fn journal_cmd(path: &std::path::Path, cmd: JournalCmd, out: &Output) -> Result<i32, Error> {
    let dir = journal::dir();
    let err = |e: journal::Error| match e {
        journal::Error::NotFound(m) => {
            Error::NotFound("no_such_record", format!("no journal record {m}"))
        }
        other => Error::Input(other.to_string()),
    };
    match cmd {
        JournalCmd::List { slug } => {
            let (mut recs, damaged) = journal::read(&dir, slug.as_deref()).map_err(err)?;
            recs.reverse();
            let undone = journal::undone(&recs);
            if damaged > 0 {
                out.warn(&format!(
                    "{damaged} damaged journal line(s) skipped in {} (an interrupted write)",
                    dir.display()
                ));
            }
            if out.json {
                out.json(&json!(recs));
            } else if recs.is_empty() {
                out.text(&format!("no write recorded yet ({})", dir.display()));
            } else {
                let rows: Vec<Vec<String>> = recs
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.provider.clone(),
                            r.what().to_string(),
                            r.dn.clone(),
                            if undone.contains(&r.id) {
                                "applied, undone".into()
                            } else {
                                r.status.describe().into()
                            },
                            if r.inverse.is_some() && r.status != journal::Status::Failed {
                                "yes".into()
                            } else {
                                "no".into()
                            },
                        ]
                    })
                    .collect();
                out.text(&table(
                    &["ID", "PROVIDER", "CHANGE", "DN", "STATUS", "UNDO"],
                    &rows,
                ));
            }
            Ok(EXIT_OK)
        }
        JournalCmd::Show { id } => {
            let r = journal::find(&dir, &id).map_err(err)?;
            if out.json {
                out.json(&json!(r));
            } else {
                let undo = match (&r.inverse, &r.no_undo) {
                    (Some(inv), note) => format!(
                        "# undo{}:\n{}",
                        note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default(),
                        inv.ldif()
                    ),
                    (None, Some(why)) => format!("# no undo: {why}\n"),
                    (None, None) => "# no undo\n".into(),
                };
                out.text(&format!(
                    "# {} {} by {} at {}\n{}\n{undo}",
                    r.id, r.kind, r.provider, r.time, r.ldif
                ));
            }
            Ok(EXIT_OK)
        }
        JournalCmd::Undo {
            id,
            confirm: c,
            password,
        } => {
            let r = journal::find(&dir, &id).map_err(err)?;
            if r.status == journal::Status::Failed {
                return Err(Error::NotFound(
                    "no_undo",
                    format!("record {id} failed on the server: nothing changed, nothing to undo"),
                ));
            }
            let inverse = r.inverse.clone().ok_or_else(|| {
                Error::NotFound(
                    "no_undo",
                    format!(
                        "record {id} cannot be undone: {}",
                        r.no_undo.clone().unwrap_or_default()
                    ),
                )
            })?;
            let p = writable(out, path, &r.provider)?;
            runtime()?.block_on(async {
                if !confirm(&inverse.ldif(), &c, out)? {
                    return Ok(EXIT_OK);
                }
                let mut conn = connect(&p, &password).await?;
                let before = crate::writes::undo_before(&mut conn, &r, &inverse)
                    .await
                    .map_err(Error::Ldap)?;
                let rec =
                    commit(&p, &mut conn, &inverse, before.as_ref(), Some(id.clone())).await?;
                conn.session.close().await;
                report(out, &rec, json!({"undoes": id}));
                Ok(EXIT_OK)
            })
        }
    }
}
