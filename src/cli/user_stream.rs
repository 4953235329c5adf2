//! Users written as they stream in: a table sized from the first rows, CSV, LDIF, JSON or
//! JSON lines with the decoded account state; a closed output (`| head`) stops the search.

use super::output::Output;
use crate::error::Error;
use crate::ldap::read::expiry::Ages;
use crate::ldap::read::record::{self, Column};
use crate::ldap::write::account::{AccountState, Scheme};
use crate::syntax::ldif;
use std::io::{BufWriter, IsTerminal, Write};

pub(super) enum Format {
    Table,
    Json,
    Jsonl,
    Ldif,
    Csv,
}

pub(super) fn format(f: Option<&str>, out: &Output) -> Result<Format, Error> {
    Ok(match f {
        None if out.json => Format::Json,
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Jsonl,
        Some("table") => Format::Table,
        Some("json") => Format::Json,
        Some("jsonl") => Format::Jsonl,
        Some("ldif") => Format::Ldif,
        Some("csv") => Format::Csv,
        Some(other) => {
            return Err(Error::Usage(format!(
                "unknown --format {other}: use table, json, jsonl, ldif or csv"
            )));
        }
    })
}

/// Writes entries as they come in one of the formats.
pub(super) struct Writer<'a> {
    pub(super) fmt: Format,
    pub(super) cols: &'a [Column],
    pub(super) login: &'a str,
    pub(super) out: BufWriter<std::io::StdoutLock<'static>>,
    pub(super) count: usize,
    pub(super) error: Option<std::io::Error>,
    pub(super) rows: Vec<Vec<String>>,
    /// Table column widths, fixed from the first rows once they are printed.
    pub(super) widths: Option<Vec<usize>>,
    /// How the provider marks accounts and the password ages in force: JSON gets the
    /// decoded `state` from them.
    pub(super) state: Option<(Scheme, Ages)>,
    /// Reads the ages the first time an entry has a password age to judge (so a listing
    /// whose users carry none never asks the server anything more).
    pub(super) ages_later: Option<Box<dyn FnOnce() -> Ages>>,
}

/// A user as JSON, with the decoded account `state` when the scheme is known.
pub(super) fn user_json(
    rec: &record::Record,
    cols: &[Column],
    state: Option<&(Scheme, Ages)>,
    e: &ldap3::SearchEntry,
) -> serde_json::Value {
    let mut v = rec.json(cols);
    if let Some((s, ages)) = state {
        let state = AccountState::of(s, ages, |a| record::values(e, a));
        v["state"] = serde_json::to_value(&state).unwrap_or_default();
    }
    v
}

/// The attributes a listing asks for, plus those that decode the account state.
pub(super) fn with_state(attrs: Vec<String>, p: &crate::config::Provider) -> Vec<String> {
    crate::ldap::write::account::with_state_attrs(attrs, &Scheme::of(p))
}

/// Rows a table waits for to size its columns before it prints and streams the rest.
const TABLE_SAMPLE: usize = 200;

impl<'a> Writer<'a> {
    pub(super) fn new(fmt: Format, cols: &'a [Column], login: &'a str) -> Writer<'a> {
        Writer {
            fmt,
            cols,
            login,
            out: BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
            count: 0,
            error: None,
            rows: Vec::new(),
            widths: None,
            state: None,
            ages_later: None,
        }
    }

    /// Writes one entry; false once the output is closed (`| head`), which stops the search.
    pub(super) fn entry(&mut self, e: &ldap3::SearchEntry) -> bool {
        let rec = record::record(e, self.login, self.cols);
        if self.ages_later.is_some()
            && Ages::needed(|a| record::values(e, a))
            && let (Some(read), Some((_, ages))) = (self.ages_later.take(), self.state.as_mut())
        {
            *ages = read();
        }
        let json = || user_json(&rec, self.cols, self.state.as_ref(), e);
        let text = match self.fmt {
            Format::Json => format!("{}{}", if self.count == 0 { "[\n" } else { ",\n" }, json()),
            Format::Jsonl => format!("{}\n", json()),
            Format::Ldif => format!(
                "{}{}",
                if self.count == 0 {
                    "version: 1\n\n"
                } else {
                    ""
                },
                ldif::entry(e)
            ),
            Format::Csv => {
                let mut s = String::new();
                if self.count == 0 {
                    s.push_str(&ldif::csv_row(
                        ["id", "dn"]
                            .into_iter()
                            .chain(self.cols.iter().map(|c| c.name.as_str())),
                    ));
                }
                let fields: Vec<String> = rec.fields.iter().map(|v| v.join("; ")).collect();
                s.push_str(&ldif::csv_row(
                    [rec.id.as_deref().unwrap_or(""), rec.dn.as_str()]
                        .into_iter()
                        .chain(fields.iter().map(String::as_str)),
                ));
                s
            }
            Format::Table => {
                // Widths come from the first rows; later rows stream (and a closed pipe stops
                // the search) with those widths, longer cells cut with `…`.
                let mut row = vec![rec.id.clone().unwrap_or_default()];
                row.extend(rec.fields.iter().take(4).map(|v| v.join(", ")));
                self.count += 1;
                match &self.widths {
                    Some(w) => {
                        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
                        format!("{}\n", super::output::table_line(w, &cells))
                    }
                    None => {
                        self.rows.push(row);
                        if self.rows.len() < TABLE_SAMPLE {
                            return true;
                        }
                        self.table_head()
                    }
                }
            }
        };
        self.count += 1;
        match self.out.write_all(text.as_bytes()) {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    fn header(&self) -> Vec<String> {
        let mut header = vec!["ID".to_string()];
        header.extend(self.cols.iter().take(4).map(|c| c.name.to_uppercase()));
        header
    }

    /// The header and the sampled rows, fixing the widths for the rest.
    fn table_head(&mut self) -> String {
        let header = self.header();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let w = super::output::widths(&header, &self.rows);
        let s = super::output::table_with(&w, &header, &std::mem::take(&mut self.rows));
        self.widths = Some(w);
        s
    }

    pub(super) fn finish(mut self) -> std::io::Result<()> {
        let tail = match self.fmt {
            Format::Json if self.count == 0 => "[]\n".to_string(),
            Format::Json => "\n]\n".to_string(),
            Format::Table => {
                let head = if self.widths.is_none() {
                    self.table_head()
                } else {
                    String::new()
                };
                let n = self.count;
                format!("{head}{n} user{}\n", if n == 1 { "" } else { "s" })
            }
            _ => String::new(),
        };
        match self.error.take() {
            // The reader went away (`| head`): not a failure.
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Some(e) => return Err(e),
            None => {}
        }
        self.out.write_all(tail.as_bytes())?;
        match self.out.flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}
