//! `users create`: the DN from the layout, object classes from the server type, fields
//! from flags or JSON, checked against the server's schema before anything is sent.

use clap::Args;
use serde_json::json;

use super::output::Output;
use super::password::PasswordArgs;
use super::user_edit::{attr_of, json_want, pair, read_json};
use super::users::Place;
use super::write::{Confirm, commit, confirm, connect, report, runtime, writable};
use crate::error::{EXIT_OK, Error};
use crate::ldap::read::schema;
use crate::ldap::write::change::{Change, Image, Want};
use crate::ldap::write::new_user;

/// `users create`
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Provider slug.
    pub slug: String,
    #[command(flatten)]
    place: Place,
    /// A field: id=... (required), then mapped names or LDAP attributes (repeatable).
    #[arg(long = "set", value_name = "ATTR=VALUE")]
    pub sets: Vec<String>,
    /// Read the fields from a JSON object (Netaxis create body), - for stdin.
    #[arg(long, value_name = "FILE")]
    pub from_json: Option<String>,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `users create`.
pub fn create(path: &std::path::Path, a: CreateArgs, out: &Output) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    for s in &a.sets {
        let (k, v) = pair(s)?;
        fields.push((k, vec![v]));
    }
    if let Some(src) = &a.from_json {
        for (k, v) in read_json(src)? {
            // null in a new entry just means "not set".
            if let Want::Set(vals) = json_want(&v)? {
                fields.push((k, vals));
            }
        }
    }
    let id = fields
        .iter()
        .find(|(k, _)| k == "id")
        .and_then(|(_, v)| v.first().cloned())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Error::Usage("give the new user's id: --set id=jdoe (or \"id\" in the JSON)".into())
        })?;
    let mut attrs: Vec<(String, Vec<String>)> = Vec::new();
    for (k, vals) in fields.iter().filter(|(k, _)| k != "id") {
        attrs.push((attr_of(&p, k)?, vals.clone()));
    }
    let user = new_user::build(
        &p,
        a.place.tenant.as_deref(),
        a.place.group.as_deref(),
        &id,
        &attrs,
    )
    .map_err(Error::Usage)?;
    let (dn, mut attrs, join) = (user.dn, user.attrs, user.join);
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        match schema::read(&mut c.session).await {
            Ok(sch) => complete(&sch, &mut attrs)?,
            // Some servers hide their schema from this account: the server still checks.
            Err(e) => out.note(&format!(
                "could not read the schema ({e}); the server will check the entry"
            )),
        }
        let change = Change::Add {
            dn,
            attrs,
            rejoin: Vec::new(),
        };
        let mut preview = change.ldif();
        if let Some(g) = &join {
            preview.push_str(&format!("# then: add the new user to the group {g}\n"));
        }
        if !confirm(&preview, &a.confirm, out)? {
            return Ok(EXIT_OK);
        }
        let rec = commit(&p, &mut c, &change, None, None).await?;
        let mut results = json!({});
        if let Some(g) = &join {
            let group = super::groups::join(&p, &mut c, change.dn(), &id, g).await?;
            results = json!({"group": group.id});
            report(out, &group, json!({}));
        }
        c.session.close().await;
        report(out, &rec, results);
        Ok(EXIT_OK)
    })
}

/// Checks a new entry against the schema; asks for missing required attributes by name on a
/// terminal, and refuses with every problem listed otherwise.
fn complete(sch: &schema::Schema, attrs: &mut Image) -> Result<(), Error> {
    use std::io::{BufRead, IsTerminal, Write};
    loop {
        let problems = sch.check(attrs);
        if problems.is_empty() {
            return Ok(());
        }
        let only_missing = problems
            .iter()
            .all(|p| matches!(p, schema::Problem::Missing(_)));
        if !(only_missing && std::io::stdin().is_terminal()) {
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            return Err(Error::Usage(format!(
                "the server's schema would refuse this entry, so nothing was sent: {}",
                list.join("; ")
            )));
        }
        for p in problems {
            if let schema::Problem::Missing(attr) = p {
                let _ = write!(
                    std::io::stderr(),
                    "{} (required): ",
                    crate::text::one_line(&attr)
                );
                let _ = std::io::stderr().flush();
                let mut line = String::new();
                let _ = std::io::stdin().lock().read_line(&mut line);
                let v = line.trim();
                if v.is_empty() {
                    return Err(Error::Usage(format!(
                        "{attr} is required; nothing was sent"
                    )));
                }
                attrs.insert(attr, vec![v.as_bytes().to_vec()]);
            }
        }
    }
}
