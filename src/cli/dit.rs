//! The whole directory from the shell: `search` (ldapsearch for people: any base, scope and
//! filter, paged and bounded, the server's size limit said), `entry` (one entry by DN) and
//! `rootdse` (what the server is and supports). Password attributes are never printed.

use std::io::{BufWriter, Write};
use std::time::Duration;

use base64::Engine;
use clap::Args;
use ldap3::{Scope, SearchEntry};
use serde_json::{Map, Value, json};

use super::output::{Output, table};
use super::password::PasswordArgs;
use super::write::{connect, runtime};
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::write::change::is_secret;
use crate::syntax::ldif;

/// `search`
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Provider slug.
    pub slug: String,
    /// Where to search from (default: the provider's base_dn).
    #[arg(long)]
    pub base: Option<String>,
    /// base, one or sub.
    #[arg(long, default_value = "sub")]
    pub scope: String,
    /// A raw RFC 4515 filter (default: every entry).
    #[arg(long, conflicts_with = "where_")]
    pub filter: Option<String>,
    /// A structured filter: {"mode":"and","criteria":[{"attribute":..,"operation":..,"value":..}]}.
    #[arg(long = "where", id = "where_", value_name = "JSON")]
    pub where_: Option<String>,
    /// Attributes to return, comma-separated (`+` adds the operational ones; default: all).
    #[arg(long, value_delimiter = ',')]
    pub attrs: Vec<String>,
    /// Output: table (default on a terminal), json, jsonl, ldif or csv.
    #[arg(long)]
    pub format: Option<String>,
    /// Stop after N entries.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Also print (on stderr) the ldapsearch that asks the same; the password is asked for
    /// with -W, never shown.
    #[arg(long)]
    pub show_command: bool,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `entry`
#[derive(Debug, Args)]
pub struct EntryArgs {
    /// Provider slug.
    pub slug: String,
    /// The entry's DN.
    pub dn: String,
    /// Operational attributes too (createTimestamp, entryUUID, memberOf ...).
    #[arg(long)]
    pub operational: bool,
    /// ldif (default) or json.
    #[arg(long)]
    pub format: Option<String>,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `schema`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Provider slug.
    pub slug: String,
    /// An object class or attribute type (name or OID); without it, every name.
    pub name: Option<String>,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `tree`
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// Provider slug.
    pub slug: String,
    /// Where to start (default: every naming context of the server).
    pub dn: Option<String>,
    /// Levels below the start to show.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `rootdse`
#[derive(Debug, Args)]
pub struct RootDseArgs {
    /// Provider slug.
    pub slug: String,
    #[command(flatten)]
    password: PasswordArgs,
}

/// An entry as JSON: `{"dn", "attributes": {name: [values]}}`, binary values as
/// `{"base64": ...}`, passwords left out.
pub fn entry_json(e: &SearchEntry) -> Value {
    let mut attrs = Map::new();
    for (k, v) in &e.attrs {
        if !is_secret(k) {
            attrs.insert(k.clone(), json!(v));
        }
    }
    for (k, v) in &e.bin_attrs {
        if !is_secret(k) {
            let vals: Vec<Value> = v
                .iter()
                .map(|b| json!({"base64": base64::engine::general_purpose::STANDARD.encode(b)}))
                .collect();
            attrs.insert(k.clone(), Value::Array(vals));
        }
    }
    json!({"dn": e.dn, "attributes": attrs})
}

/// The entry without its password attributes.
fn without_secrets(mut e: SearchEntry) -> SearchEntry {
    e.attrs.retain(|k, _| !is_secret(k));
    e.bin_attrs.retain(|k, _| !is_secret(k));
    e
}

fn scope(s: &str) -> Result<Scope, Error> {
    match s {
        "base" => Ok(Scope::Base),
        "one" | "onelevel" => Ok(Scope::OneLevel),
        "sub" | "subtree" => Ok(Scope::Subtree),
        other => Err(Error::Usage(format!(
            "unknown --scope {other}: use base, one or sub"
        ))),
    }
}

/// `search`.
pub fn search(path: &std::path::Path, a: SearchArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    let fmt = a.format.clone().unwrap_or_else(|| {
        if out.json {
            "json".into()
        } else if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            "table".into()
        } else {
            "jsonl".into()
        }
    });
    if !["table", "json", "jsonl", "ldif", "csv"].contains(&fmt.as_str()) {
        return Err(Error::Usage(format!(
            "unknown --format {fmt}: use table, json, jsonl, ldif or csv"
        )));
    }
    let scope = scope(&a.scope)?;
    let filter = match (&a.filter, &a.where_) {
        (Some(f), _) => crate::syntax::filter::parse_filter(f)
            .map_err(|e| Error::Usage(format!("--filter: {e}")))?
            .to_string(),
        (None, Some(w)) => crate::syntax::structured::StructuredFilter::from_json(w)
            .map_err(Error::Usage)?
            .compile(&|name| p.attribute(name).map(str::to_string))
            .map_err(Error::Usage)?
            .to_string(),
        (None, None) => "(objectClass=*)".into(),
    };
    let base = a.base.clone().or(p.base_dn.clone()).unwrap_or_default();
    let attrs: Vec<String> = if a.attrs.is_empty() {
        vec!["*".into()]
    } else {
        a.attrs.clone()
    };
    if a.show_command
        && let Some(c) = crate::ldap::doctor::commands::ldapsearch(
            &p,
            &base,
            match scope {
                Scope::Base => "base",
                Scope::OneLevel => "one",
                _ => "sub",
            },
            &filter,
            &a.attrs,
        )
    {
        out.note(&format!("$ {c}"));
    }
    let columns: Vec<String> = a
        .attrs
        .iter()
        .filter(|c| *c != "+" && *c != "*")
        .cloned()
        .collect();
    let mut w = BufWriter::new(std::io::stdout().lock());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut count = 0usize;
    let ended = runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let mut on_entry = |e: SearchEntry| {
            let e = without_secrets(e);
            let text = match fmt.as_str() {
                "ldif" => format!(
                    "{}{}",
                    if count == 0 { "version: 1\n\n" } else { "" },
                    ldif::entry(&e)
                ),
                "jsonl" => format!("{}\n", entry_json(&e)),
                "json" => format!(
                    "{}{}",
                    if count == 0 { "[\n" } else { ",\n" },
                    entry_json(&e)
                ),
                "csv" => {
                    let mut s = String::new();
                    if count == 0 {
                        s.push_str(&ldif::csv_row(
                            std::iter::once("dn").chain(columns.iter().map(String::as_str)),
                        ));
                    }
                    let vals: Vec<String> = columns
                        .iter()
                        .map(|c| crate::ldap::read::record::values(&e, c).join("; "))
                        .collect();
                    s.push_str(&ldif::csv_row(
                        std::iter::once(e.dn.as_str()).chain(vals.iter().map(String::as_str)),
                    ));
                    s
                }
                _ => {
                    let mut row = vec![crate::text::visible(&e.dn).into_owned()];
                    row.extend(columns.iter().map(|c| {
                        crate::text::visible(&crate::ldap::read::record::values(&e, c).join(", "))
                            .into_owned()
                    }));
                    rows.push(row);
                    String::new()
                }
            };
            count += 1;
            // A closed output (`| head`) ends the search quietly.
            w.write_all(text.as_bytes()).is_ok()
        };
        let r = crate::ldap::read::dit::search(
            &mut c.session,
            &base,
            scope,
            &filter,
            &attrs,
            a.limit,
            Duration::from_secs(3600),
            &mut on_entry,
        )
        .await;
        let ctx = c.ctx.clone();
        c.session.close().await;
        r.map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &ctx)))
    })?;
    if fmt == "json" {
        let _ = w.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" });
    }
    if fmt == "table" {
        let mut head = vec!["DN".to_string()];
        head.extend(columns.iter().map(|c| c.to_uppercase()));
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        let _ = w.write_all(table(&head, &rows).as_bytes());
    }
    let _ = w.flush();
    drop(w);
    if ended.truncated {
        out.note(&format!(
            "truncated by the server's size limit after {} entries: narrow the filter or the base",
            ended.entries
        ));
    }
    Ok(EXIT_OK)
}

/// Reads one entry by DN.
async fn one(
    p: &crate::config::Provider,
    flags: &PasswordArgs,
    dn: &str,
    attrs: &[&str],
) -> Result<SearchEntry, Error> {
    let mut c = connect(p, flags).await?;
    let r = crate::ldap::read::search::base_entry(&mut c.session, dn, attrs).await;
    let ctx = c.ctx.clone();
    c.session.close().await;
    r.map_err(|e| match &e {
        // noSuchObject: name the entry, not the provider's base_dn.
        ldap3::LdapError::LdapResult { result } if result.rc == 32 => {
            let known = if result.matched.is_empty() {
                String::new()
            } else {
                format!(" (the server has {})", result.matched)
            };
            Error::Ldap(crate::ldap::failure::cause::Diagnosis::new(
                crate::ldap::failure::cause::Cause::NoSuchEntry,
                format!("there is no entry {dn}{known}"),
                "check the DN: ldapdeck search SLUG --base PARENT --scope one lists what is there",
            ))
        }
        _ => Error::Ldap(classify_ldap(&e, Phase::Search, &ctx)),
    })
}

/// `entry`.
pub fn entry(path: &std::path::Path, a: EntryArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    crate::syntax::dn::parse_dn(&a.dn).map_err(|e| Error::Usage(format!("{}: {e}", a.dn)))?;
    let attrs: &[&str] = if a.operational { &["*", "+"] } else { &["*"] };
    let e = without_secrets(runtime()?.block_on(one(&p, &a.password, &a.dn, attrs))?);
    match a.format.as_deref() {
        Some("json") => out.json(&entry_json(&e)),
        None if out.json => out.json(&entry_json(&e)),
        None | Some("ldif") => out.text(&ldif::entry(&e)),
        Some(other) => {
            return Err(Error::Usage(format!(
                "unknown --format {other}: use ldif or json"
            )));
        }
    }
    Ok(EXIT_OK)
}

/// `rootdse`.
pub fn rootdse(path: &std::path::Path, a: RootDseArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    let e = runtime()?.block_on(one(&p, &a.password, "", &["*", "+"]))?;
    if out.json {
        out.json(&entry_json(&e));
    } else {
        out.text(&ldif::entry(&e));
    }
    Ok(EXIT_OK)
}

/// `schema`.
pub fn schema(path: &std::path::Path, a: SchemaArgs, out: &Output) -> Result<i32, Error> {
    use crate::ldap::read::{schema, schema_view};
    let p = out.load(path)?.get(&a.slug)?.clone();
    let defs = runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let r = schema::definitions(&mut c.session).await;
        let ctx = c.ctx.clone();
        c.session.close().await;
        r.map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &ctx)))
    })?;
    let Some(name) = a.name else {
        let (classes, attrs) = schema_view::names(&defs);
        if out.json {
            out.json(&json!({"object_classes": classes, "attribute_types": attrs}));
        } else {
            out.text(&format!(
                "{} object classes: {}\n\n{} attribute types: {}\n",
                classes.len(),
                classes.join(", "),
                attrs.len(),
                attrs.join(", ")
            ));
        }
        return Ok(EXIT_OK);
    };
    let parsed = schema::Schema::parse(&defs.classes, &defs.attributes, &defs.rules);
    let Some(d) = schema_view::describe(&defs, &parsed, &name) else {
        return Err(Error::NotFound(
            "no_such_schema_element",
            format!("the server's schema has no object class or attribute type {name}"),
        ));
    };
    if out.json {
        out.json(&serde_json::to_value(&d).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    let mut s = format!(
        "{} {} ({})\n",
        d.kind.replace('_', " "),
        d.names.join(" | "),
        d.oid
    );
    for (k, v) in &d.fields {
        if v.is_empty() {
            s.push_str(&format!("  {k}\n"));
        } else {
            s.push_str(&format!("  {k:<22} {}\n", v.join(" ")));
        }
    }
    if let (Some(must), Some(may)) = (&d.must_all, &d.may_all) {
        s.push_str(&format!(
            "  {:<22} {}\n",
            "must (with SUP, rules)",
            must.join(", ")
        ));
        s.push_str(&format!(
            "  {:<22} {}\n",
            "may (with SUP, rules)",
            may.join(", ")
        ));
    }
    out.text(&crate::text::visible(&s));
    Ok(EXIT_OK)
}

/// Children shown per entry at most (a bigger OU says how many more there are).
const TREE_CHILDREN: usize = 1000;

/// `tree`.
pub fn tree(path: &std::path::Path, a: TreeArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    let nodes = runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let ldap = |e: ldap3::LdapError, c: &crate::ldap::net::connect::Connected| {
            Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx))
        };
        let roots = match &a.dn {
            Some(dn) => vec![dn.clone()],
            None => {
                let root =
                    crate::ldap::read::search::base_entry(&mut c.session, "", &["namingContexts"])
                        .await
                        .map_err(|e| ldap(e, &c))?;
                crate::ldap::read::record::values(&root, "namingContexts")
            }
        };
        // (dn, depth, children known to exist, more children than shown)
        let mut nodes: Vec<(String, usize, Option<bool>, bool)> = Vec::new();
        let mut todo: Vec<(String, usize)> = roots.into_iter().rev().map(|d| (d, 0)).collect();
        while let Some((dn, depth)) = todo.pop() {
            let at = nodes.len();
            nodes.push((dn.clone(), depth, None, false));
            if depth >= a.depth {
                continue;
            }
            let mut kids = Vec::new();
            let attrs = vec!["hasSubordinates".to_string(), "numSubordinates".to_string()];
            let ended = crate::ldap::read::dit::search(
                &mut c.session,
                &dn,
                Scope::OneLevel,
                "(objectClass=*)",
                &attrs,
                Some(TREE_CHILDREN + 1),
                Duration::from_secs(p.timeout_secs.max(1) * 10),
                &mut |e| {
                    kids.push(e.dn);
                    true
                },
            )
            .await
            .map_err(|e| ldap(e, &c))?;
            let more = kids.len() > TREE_CHILDREN || ended.truncated;
            kids.truncate(TREE_CHILDREN);
            nodes[at].2 = Some(!kids.is_empty());
            nodes[at].3 = more;
            for k in kids.into_iter().rev() {
                todo.push((k, depth + 1));
            }
        }
        c.session.close().await;
        Ok::<_, Error>(nodes)
    })?;
    if out.json {
        let list: Vec<Value> = nodes
            .iter()
            .map(|(dn, depth, kids, more)| json!({"dn": dn, "depth": depth, "children": kids, "more": more}))
            .collect();
        out.json(&Value::Array(list));
        return Ok(EXIT_OK);
    }
    let mut s = String::new();
    for (dn, depth, _, more) in &nodes {
        let name = if *depth == 0 {
            dn.clone()
        } else {
            crate::syntax::dn::split_rdn(dn).0.to_string()
        };
        s.push_str(&format!("{}{name}\n", "  ".repeat(*depth)));
        if *more {
            s.push_str(&format!(
                "{}… more than {TREE_CHILDREN} children: narrow with ldapdeck search\n",
                "  ".repeat(depth + 1)
            ));
        }
    }
    out.text(&crate::text::visible(&s));
    Ok(EXIT_OK)
}
