//! `ldapdeck users list|get`, `tenants list`, `groups list`: the directory from the shell.
//! Listings stream: each entry is written as it arrives, so memory stays flat.

use std::io::{BufWriter, IsTerminal, Write};
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use super::output::{Output, table};
use super::password::PasswordArgs;
use crate::config::Provider;
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::directory::{self, Listing, Source};
use crate::ldap::read::expiry::Ages;
use crate::ldap::read::record::{self, Column};
use crate::ldap::write::account::{AccountState, Scheme};
use crate::syntax::filter::{Filter, parse_filter};
use crate::syntax::ldif;
use crate::syntax::structured::{StructuredFilter, and_with};

/// `users ...`
#[derive(Debug, Subcommand)]
pub enum UsersCmd {
    /// List users (streamed; memory stays flat however many there are).
    List(ListArgs),
    /// Show one user by id (the login attribute).
    Get(GetArgs),
    /// Create a user: preview the LDIF, then add (journaled, undoable).
    Create(super::user_create::CreateArgs),
    /// Change a user's attributes: --set, --add, --unset, --from-json; preview, then modify
    /// (journaled, undoable).
    Modify(super::user_edit::ModifyArgs),
    /// Delete a user: preview, then delete (journaled; undo re-creates the entry).
    Delete(super::user_edit::DeleteArgs),
    /// Enable a user (AD userAccountControl, FreeIPA nsAccountLock, ppolicy
    /// pwdAccountLockedTime, or the provider's status attribute); journaled, undoable.
    Enable(super::account::StatusArgs),
    /// Set a user's password (Password Modify exop when offered, AD unicodePwd over TLS),
    /// from a prompt, --new-password-stdin or --generate; never undoable.
    Passwd(super::passwd::PasswdArgs),
    /// A user's groups and the others; --add/--remove change membership (member,
    /// uniqueMember or memberUid per group), journaled, undoable.
    Groups(super::groups::GroupsArgs),
    /// Disable a user, the same way; journaled, undoable.
    Disable(super::account::StatusArgs),
}

/// Where in the tree.
#[derive(Debug, Args, Default)]
pub struct Place {
    /// Tenant (layout: ou=TENANT under tenants_base).
    #[arg(long)]
    pub tenant: Option<String>,
    /// Group (ou layout: ou=GROUP in the tenant; membership layout: the group entry's cn).
    #[arg(long)]
    pub group: Option<String>,
}

/// `users list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Provider slug.
    pub slug: String,
    #[command(flatten)]
    place: Place,
    /// A raw RFC 4515 filter, ANDed with user_filter.
    #[arg(long, conflicts_with_all = ["where_", "custom"])]
    pub filter: Option<String>,
    /// A structured filter: {"mode":"and","criteria":[{"attribute":..,"operation":..,"value":..}]}.
    #[arg(
        long = "where",
        id = "where_",
        value_name = "JSON",
        conflicts_with = "custom"
    )]
    pub where_: Option<String>,
    /// A named filter from [provider.custom_filters].
    #[arg(long)]
    pub custom: Option<String>,
    /// Extra raw attributes to output, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub attrs: Vec<String>,
    /// Output: table (default on a terminal), json, jsonl, ldif or csv.
    #[arg(long)]
    pub format: Option<String>,
    /// Stop after N users.
    #[arg(long)]
    pub limit: Option<usize>,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `users get`
#[derive(Debug, Args)]
pub struct GetArgs {
    /// Provider slug.
    pub slug: String,
    /// The user's id (login).
    pub id: String,
    #[command(flatten)]
    place: Place,
    /// Extra raw attributes to output, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub attrs: Vec<String>,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `tenants list SLUG` / `groups list SLUG [--tenant T]`
#[derive(Debug, Subcommand)]
pub enum TreeCmd {
    /// List them.
    List {
        /// Provider slug.
        slug: String,
        /// Tenant (groups only).
        #[arg(long)]
        tenant: Option<String>,
        #[command(flatten)]
        password: PasswordArgs,
    },
}

enum Format {
    Table,
    Json,
    Jsonl,
    Ldif,
    Csv,
}

fn format(f: Option<&str>, out: &Output) -> Result<Format, Error> {
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

/// The listing filter: user_filter AND sync_filter AND the one the user gave.
fn user_given_filter(
    p: &Provider,
    raw: Option<&str>,
    where_: Option<&str>,
    custom: Option<&str>,
) -> Result<Filter, Error> {
    let extra: Option<Filter> = match (raw, where_, custom) {
        (Some(r), _, _) => {
            Some(parse_filter(r).map_err(|e| Error::Usage(format!("--filter: {e}")))?)
        }
        (_, Some(w), _) => {
            let s = StructuredFilter::from_json(w)
                .map_err(|e| Error::Usage(format!("--where: {e}")))?;
            let map = |name: &str| p.attribute(name).map(str::to_string);
            Some(
                s.compile(&map)
                    .map_err(|e| Error::Usage(format!("--where: {e}")))?,
            )
        }
        (_, _, Some(c)) => {
            let text = p.custom_filters.get(c).ok_or_else(|| {
                let known: Vec<&str> = p.custom_filters.keys().map(String::as_str).collect();
                Error::Usage(format!(
                    "no custom filter '{c}' in provider '{}'{}",
                    p.slug,
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!("; it has {}", known.join(", "))
                    }
                ))
            })?;
            Some(parse_filter(text).map_err(|e| Error::Usage(format!("custom filter {c}: {e}")))?)
        }
        _ => None,
    };
    p.listing_filter(extra.as_ref()).map_err(Error::Usage)
}

use super::write::connect;

fn tree_error(e: directory::Error, c: &Connected) -> Error {
    match e {
        directory::Error::Layout(m) => Error::Usage(m),
        directory::Error::NotFound(m) => Error::NotFound("not_found", m),
        directory::Error::Ldap(e) => Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    // One thread: bulk listing is fastest when the connection and the writer share it.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the async runtime: {e}")))
}

/// `users list`.
pub fn list(path: &std::path::Path, a: ListArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    let fmt = format(a.format.as_deref(), out)?;
    let filter = user_given_filter(
        &p,
        a.filter.as_deref(),
        a.where_.as_deref(),
        a.custom.as_deref(),
    )?;
    let cols = record::columns(&p, &a.attrs);
    // JSON decodes the account state; LDIF and CSV carry only what was asked for.
    let attrs = if matches!(fmt, Format::Json | Format::Jsonl) {
        with_state(record::attributes(&p, &cols), &p)
    } else {
        record::attributes(&p, &cols)
    };
    let login = record::login_attr(&p).to_string();
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let source = directory::source(
            &p,
            &mut c.session,
            a.place.tenant.as_deref(),
            a.place.group.as_deref(),
        )
        .await
        .map_err(|e| tree_error(e, &c))?;
        let root = directory::flat_base(&p);
        let listing = Listing {
            filter: &filter,
            attrs: &attrs,
            page_size: p.page_size.map_or(0, |n| n as i32),
            limit: a.limit,
            login_attr: &login,
            root: &root,
            // A listing may be long; the provider's timeout still bounds every page.
            deadline: Duration::from_secs(3600),
        };
        let json = matches!(fmt, Format::Json | Format::Jsonl);
        let mut w = Writer::new(fmt, &cols, &login);
        if json {
            w.state = Some((Scheme::of(&p), Ages::read(&mut c.session, &p).await));
        }
        let result =
            directory::stream_users(&mut c.session, &source, &listing, &mut |e| w.entry(&e)).await;
        let written = w.finish();
        let ctx = c.ctx.clone();
        c.session.close().await;
        let n = result.map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &ctx)))?;
        written.map_err(|e| Error::Input(format!("cannot write the output: {e}")))?;
        if let Source::MemberDns(dns) = &source
            && !out.json
            && n < dns.len()
            && a.limit.is_none()
        {
            out.note(&format!(
                "{} of the group's {} members match the user filter",
                n,
                dns.len()
            ));
        }
        Ok(EXIT_OK)
    })
}

/// Writes entries as they come in one of the formats.
struct Writer<'a> {
    fmt: Format,
    cols: &'a [Column],
    login: &'a str,
    out: BufWriter<std::io::StdoutLock<'static>>,
    count: usize,
    error: Option<std::io::Error>,
    rows: Vec<Vec<String>>,
    /// Table column widths, fixed from the first rows once they are printed.
    widths: Option<Vec<usize>>,
    /// How the provider marks accounts and the password ages in force: JSON gets the
    /// decoded `state` from them.
    state: Option<(Scheme, Ages)>,
}

/// A user as JSON, with the decoded account `state` when the scheme is known.
fn user_json(
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
fn with_state(attrs: Vec<String>, p: &crate::config::Provider) -> Vec<String> {
    crate::ldap::write::account::with_state_attrs(attrs, &Scheme::of(p))
}

/// Rows a table waits for to size its columns before it prints and streams the rest.
const TABLE_SAMPLE: usize = 200;

impl<'a> Writer<'a> {
    fn new(fmt: Format, cols: &'a [Column], login: &'a str) -> Writer<'a> {
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
        }
    }

    /// Writes one entry; false once the output is closed (`| head`), which stops the search.
    fn entry(&mut self, e: &ldap3::SearchEntry) -> bool {
        let rec = record::record(e, self.login, self.cols);
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

    fn finish(mut self) -> std::io::Result<()> {
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

/// `users get`.
pub fn get(path: &std::path::Path, a: GetArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    let login = record::login_attr(&p).to_string();
    let by_id = crate::syntax::structured::Criterion {
        attribute: login.clone(),
        operation: crate::syntax::structured::Operation::Equals,
        value: Some(a.id.clone()),
    };
    let one = StructuredFilter {
        mode: crate::syntax::structured::Mode::And,
        criteria: vec![by_id],
    }
    .compile(&|_| None)
    .map_err(Error::Usage)?;
    let filter = and_with(p.effective_user_filter(), Some(&one)).map_err(Error::Usage)?;
    let cols = record::columns(&p, &a.attrs);
    let attrs = with_state(record::attributes(&p, &cols), &p);
    let found = runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let source = directory::source(
            &p,
            &mut c.session,
            a.place.tenant.as_deref(),
            a.place.group.as_deref(),
        )
        .await
        .map_err(|e| tree_error(e, &c))?;
        let root = directory::flat_base(&p);
        let listing = Listing {
            filter: &filter,
            attrs: &attrs,
            page_size: 0,
            limit: Some(2),
            login_attr: &login,
            root: &root,
            deadline: Duration::from_secs(p.timeout_secs),
        };
        let mut found = Vec::new();
        let r = directory::stream_users(&mut c.session, &source, &listing, &mut |e| {
            found.push(e);
            true
        })
        .await;
        let ages = Ages::read(&mut c.session, &p).await;
        let ctx = c.ctx.clone();
        c.session.close().await;
        r.map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &ctx)))?;
        Ok::<_, Error>((found, ages))
    })?;
    let (found, ages) = found;
    let e = match found.as_slice() {
        [] => {
            return Err(Error::NotFound(
                "no_such_user",
                format!("no user has {login}={} here", a.id),
            ));
        }
        [e] => e,
        many => {
            let dns: Vec<&str> = many.iter().map(|e| e.dn.as_str()).collect();
            return Err(Error::NotFound(
                "ambiguous_user",
                format!("several users have {login}={}: {}", a.id, dns.join(", ")),
            ));
        }
    };
    let rec = record::record(e, &login, &cols);
    if out.json {
        out.json(&user_json(&rec, &cols, Some(&(Scheme::of(&p), ages)), e));
    } else {
        let mut s = format!("id: {}\ndn: {}\n", rec.id.unwrap_or_default(), rec.dn);
        for (c, v) in cols.iter().zip(&rec.fields) {
            if !v.is_empty() {
                s.push_str(&format!("{}: {}\n", c.name, v.join(", ")));
            }
        }
        out.text(&s);
    }
    Ok(EXIT_OK)
}

/// `tenants list` / `groups list`.
pub fn tree(
    path: &std::path::Path,
    groups: bool,
    cmd: TreeCmd,
    out: &Output,
) -> Result<i32, Error> {
    let TreeCmd::List {
        slug,
        tenant,
        password,
    } = cmd;
    if !groups && tenant.is_some() {
        return Err(Error::Usage("tenants list takes no --tenant".into()));
    }
    let p = out.load(path)?.get(&slug)?.clone();
    let nodes = runtime()?.block_on(async {
        let mut c = connect(&p, &password).await?;
        let r = if groups {
            directory::groups(&p, &mut c.session, tenant.as_deref()).await
        } else {
            directory::tenants(&p, &mut c.session).await
        };
        let r = r.map_err(|e| tree_error(e, &c));
        c.session.close().await;
        r
    })?;
    if out.json {
        out.json(&json!(nodes));
    } else {
        let rows: Vec<Vec<String>> = nodes
            .iter()
            .map(|n| {
                vec![
                    n.id.clone(),
                    n.dn.clone(),
                    n.description.clone().unwrap_or_default(),
                ]
            })
            .collect();
        out.text(&table(&["ID", "DN", "DESCRIPTION"], &rows));
    }
    Ok(EXIT_OK)
}
