//! `ldapdeck users list|get`, `tenants list`, `groups list`: the directory from the shell.
//! Listings stream: each entry is written as it arrives, so memory stays flat.

use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::json;

use super::output::{Output, table};
use super::password::PasswordArgs;
use super::user_stream::{Format, Writer, format, user_json, with_state};
use crate::config::Provider;
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::directory::{self, Listing, Source};
use crate::ldap::read::expiry::Ages;
use crate::ldap::read::record::{self};
use crate::ldap::write::account::Scheme;
use crate::syntax::filter::{Filter, parse_filter};
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
    /// Two users side by side: attributes (same, only in one, different) and groups
    /// (--effective: through nested groups too); passwords are never compared.
    Compare(super::compare::CompareArgs),
    /// Many users from a CSV (header of mapped names or attributes, `id` required, an
    /// optional `action` column), checked whole, then sent as one journaled batch.
    Bulk(super::bulk::BulkArgs),
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
    pub place: Place,
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
    /// With --group: also the members of the groups inside it, at any depth (AD: the
    /// in-chain rule).
    #[arg(long, requires = "group")]
    pub effective: bool,
    /// How deep --effective follows nested groups.
    #[arg(long, value_name = "N", default_value_t = crate::ldap::read::nested::DEFAULT_DEPTH, requires = "effective")]
    pub max_depth: usize,
    /// Also print (on stderr) the ldapsearch that asks the same (for a group of the ou or
    /// AD layout; a membership group's members are read one by one); the password is asked
    /// for with -W, never shown.
    #[arg(long)]
    pub show_command: bool,
    #[command(flatten)]
    pub password: PasswordArgs,
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
    let json = matches!(fmt, Format::Json | Format::Jsonl);
    runtime()?.block_on(async {
        let pw = crate::cli::password::for_bind(&p, &a.password);
        let mut c = super::write::connect_as(&p, pw.clone()).await?;
        let source = directory::source(
            &p,
            &mut c.session,
            a.place.tenant.as_deref(),
            a.place.group.as_deref(),
        )
        .await
        .map_err(|e| tree_error(e, &c))?;
        let source = if a.effective {
            crate::ldap::read::nested::effective_source(&p, &mut c.session, source, a.max_depth)
                .await
                .map_err(|e| match e {
                    crate::ldap::read::nested::SourceError::Ldap(e) => {
                        Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx))
                    }
                    crate::ldap::read::nested::SourceError::NotAGroup(m) => Error::Usage(m),
                })?
        } else {
            source
        };
        if a.show_command {
            out.note(&match equivalent_search(&p, &source, &filter, &attrs) {
                Some(c) => format!("$ {c}"),
                None => "no single ldapsearch lists this: the group's members are read by DN, one at a time".into(),
            });
        }
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
        let mut w = Writer::new(fmt, &cols, &login);
        if json {
            w.state = Some((Scheme::of(&p), Ages::default()));
            let (p2, pw2) = (p.clone(), pw);
            w.ages_later = Some(Box::new(move || ages_for(p2, pw2)));
        }
        let result =
            directory::stream_users(&mut c.session, &source, &listing, &mut |e| w.entry(&e)).await;
        let written = w.finish();
        // Nothing, where the base has entries below it: they match nothing, or this account
        // may not see them (389 hides entries its ACIs deny, and says nothing).
        let hidden = match (&result, &source) {
            // Only for the plain listing: with criteria of the user's, nothing is an answer.
            (Ok(0), Source::Under { base, .. })
                if !out.json
                    && a.limit != Some(0)
                    && crate::syntax::filter::parse_filter(p.effective_user_filter())
                        .is_ok_and(|f| f.to_string() == filter.to_string()) =>
            {
                crate::ldap::read::search::subordinates(&mut c.session, base)
                    .await
                    .filter(|n| *n > 0)
                    .map(|n| (base.clone(), n))
            }
            _ => None,
        };
        let ctx = c.ctx.clone();
        c.session.close().await;
        if let Some((base, n)) = hidden {
            out.note(&format!(
                "no user matched, but {base} has {n} entries below it: none matches user_filter {}, or this account may not see them (access rights: 389's ACIs, OpenLDAP's access rules)",
                p.effective_user_filter()
            ));
        }
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

/// The ldapsearch that lists what `source` and `filter` list, where one search does.
fn equivalent_search(
    p: &Provider,
    source: &Source,
    filter: &Filter,
    attrs: &[String],
) -> Option<String> {
    use crate::ldap::doctor::commands::ldapsearch;
    match source {
        Source::Under { base, one_level } => {
            let scope = if *one_level { "one" } else { "sub" };
            ldapsearch(p, base, scope, &filter.to_string(), attrs)
        }
        Source::Matching { base, filter: also } => {
            let f = Filter::And(vec![filter.clone(), also.clone()]);
            ldapsearch(p, base, "sub", &f.to_string(), attrs)
        }
        Source::MemberDns(_) | Source::MemberLogins(_) => None,
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
        let ages = if found.iter().any(|e| Ages::needed(|a| record::values(e, a))) {
            Ages::read_within(&mut c.session, &p).await
        } else {
            Ages::default()
        };
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

/// The password ages in force, read on a connection of its own (on a thread of its own,
/// since the listing holds the runtime's one thread) within a short budget: a server that
/// never ends a stream cannot hold the listing up. Unknown (nothing marked expired) when
/// they cannot be read in time.
fn ages_for(p: Provider, pw: crate::ldap::doctor::Password) -> Ages {
    let budget = Ages::budget(&p);
    let read = std::thread::spawn(move || {
        let rt = runtime().ok()?;
        rt.block_on(async {
            tokio::time::timeout(budget, async {
                let mut c = super::write::connect_as(&p, pw).await.ok()?;
                let ages = Ages::read(&mut c.session, &p).await;
                c.session.close().await;
                Some(ages)
            })
            .await
            .ok()
            .flatten()
        })
    });
    read.join().ok().flatten().unwrap_or_default()
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
