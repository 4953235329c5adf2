//! `users modify|delete` and what every user edit shares: fields from flags or JSON, the
//! user found by id, the change computed as the smallest modification.

use std::time::Duration;

use clap::Args;
use serde_json::{Value, json};

use super::output::Output;
use super::password::PasswordArgs;
use super::users::Place;
use super::write::{Confirm, commit, confirm, connect, report, runtime, writable};
use crate::config::Provider;
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::directory::{self, Listing};
use crate::ldap::read::record;
use crate::ldap::write::change::{Change, Image, Mod, Want};
use crate::ldap::write::edit;
use crate::ldap::write::rename;
use crate::syntax::structured::{Criterion, Mode, Operation, StructuredFilter};

/// `users modify`
#[derive(Debug, Args)]
pub struct ModifyArgs {
    /// Provider slug.
    pub slug: String,
    /// The user's id (login).
    pub id: String,
    #[command(flatten)]
    place: Place,
    /// Replace a field's values (an empty value deletes it).
    #[arg(long = "set", value_name = "ATTR=VALUE")]
    pub sets: Vec<String>,
    /// Add a value.
    #[arg(long = "add", value_name = "ATTR=VALUE")]
    pub adds: Vec<String>,
    /// Delete a field.
    #[arg(long = "unset", value_name = "ATTR")]
    pub unsets: Vec<String>,
    /// Read the changes from a JSON object (null deletes), - for stdin.
    #[arg(long, value_name = "FILE")]
    pub from_json: Option<String>,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

/// `users delete`
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Provider slug.
    pub slug: String,
    /// The user's id (login).
    pub id: String,
    #[command(flatten)]
    place: Place,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

/// The LDAP attribute for a name given by the user (a mapped field or an LDAP name).
pub(super) fn attr_of(p: &Provider, name: &str) -> Result<String, Error> {
    // `id` is the login everywhere ldapdeck prints a user (users get, --json).
    if name == "id" {
        return Ok(crate::ldap::read::record::login_attr(p).to_string());
    }
    if let Some(a) = p.attribute(name) {
        return Ok(a.to_string());
    }
    crate::syntax::attr::check_attribute_description(name)
        .map_err(|m| Error::Usage(format!("'{name}': {m}")))?;
    if crate::ldap::write::change::is_secret(name) {
        return Err(Error::Usage(format!(
            "{name} cannot be given here: a password on the command line would show in ps and shell history"
        )));
    }
    Ok(name.to_string())
}

pub(super) fn pair(s: &str) -> Result<(String, String), Error> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .ok_or_else(|| Error::Usage(format!("expected attr=value, not '{s}'")))
}

/// A user's fields as JSON are small: more is not such a document.
const MAX_JSON: u64 = 16 << 20;

pub(super) fn read_json(src: &str) -> Result<serde_json::Map<String, Value>, Error> {
    let text = super::input::read_text(src, MAX_JSON)?;
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::Usage("the JSON must be an object of fields".into())),
        Err(e) => Err(Error::Usage(format!("not valid JSON: {e}"))),
    }
}

pub(super) fn json_want(v: &Value) -> Result<Want, Error> {
    Ok(match v {
        Value::Null => Want::Unset,
        Value::String(s) => Want::Set(vec![s.clone()]),
        Value::Number(n) => Want::Set(vec![n.to_string()]),
        Value::Bool(b) => Want::Set(vec![if *b { "TRUE".into() } else { "FALSE".into() }]),
        Value::Array(a) => Want::Set(
            a.iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect(),
        ),
        Value::Object(_) => return Err(Error::Usage("a field's value cannot be an object".into())),
    })
}

/// Finds a user by id in a place: its DN and current image.
pub(super) async fn find(
    p: &Provider,
    c: &mut Connected,
    place: &Place,
    id: &str,
) -> Result<(String, Image), Error> {
    let login = record::login_attr(p).to_string();
    let one = StructuredFilter {
        mode: Mode::And,
        criteria: vec![Criterion {
            attribute: login.clone(),
            operation: Operation::Equals,
            value: Some(id.to_string()),
        }],
    }
    .compile(&|_| None)
    .map_err(Error::Usage)?;
    let filter = p.listing_filter(Some(&one)).map_err(Error::Usage)?;
    let source = directory::source(
        p,
        &mut c.session,
        place.tenant.as_deref(),
        place.group.as_deref(),
    )
    .await
    .map_err(|e| Error::Usage(e.to_string()))?;
    let root = directory::flat_base(p);
    let attrs = vec!["1.1".to_string()];
    let listing = Listing {
        filter: &filter,
        attrs: &attrs,
        page_size: 0,
        limit: Some(2),
        login_attr: &login,
        root: &root,
        deadline: Duration::from_secs(p.timeout_secs),
    };
    let mut dns = Vec::new();
    directory::stream_users(&mut c.session, &source, &listing, &mut |e| {
        dns.push(e.dn);
        true
    })
    .await
    .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
    let dn = match dns.as_slice() {
        [] => {
            return Err(Error::NotFound(
                "no_such_user",
                format!("no user has {login}={id} here"),
            ));
        }
        [dn] => dn.clone(),
        _ => {
            return Err(Error::NotFound(
                "ambiguous_user",
                format!("several users have {login}={id}: {}", dns.join(", ")),
            ));
        }
    };
    let img = edit::read(&mut c.session, &dn)
        .await
        .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?
        .ok_or_else(|| Error::NotFound("no_such_user", format!("{dn} is gone")))?;
    Ok((dn, img))
}

/// `users modify`.
pub fn modify(path: &std::path::Path, a: ModifyArgs, out: &Output) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    let mut wants: Vec<(String, Want)> = Vec::new();
    for s in &a.sets {
        let (k, v) = pair(s)?;
        wants.push((
            attr_of(&p, &k)?,
            Want::Set(if v.is_empty() { vec![] } else { vec![v] }),
        ));
    }
    for s in &a.adds {
        let (k, v) = pair(s)?;
        wants.push((attr_of(&p, &k)?, Want::Add(vec![v])));
    }
    for k in &a.unsets {
        wants.push((attr_of(&p, k)?, Want::Unset));
    }
    if let Some(src) = &a.from_json {
        for (k, v) in read_json(src)? {
            wants.push((attr_of(&p, &k)?, json_want(&v)?));
        }
    }
    if wants.is_empty() {
        return Err(Error::Usage(
            "nothing to change: give --set, --add, --unset or --from-json".into(),
        ));
    }
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let (dn, before) = find(&p, &mut c, &a.place, &a.id).await?;
        let plan = rename::plan(&dn, &before, &wants).map_err(Error::Usage)?;
        if plan.rename.is_none() && plan.mods.is_empty() {
            out.text(&format!("{dn} already has these values: nothing to send"));
            return Ok(EXIT_OK);
        }
        let change = Change::Modify {
            dn: plan.dn.clone(),
            mods: plan.mods.clone(),
        };
        // Checked against the server's schema before the preview, so --dry-run says it too.
        match crate::ldap::read::schema::read(&mut c.session).await {
            Ok(sch) => {
                let problems = sch.check_modify(&before, &plan.mods);
                if !problems.is_empty() {
                    let unknown = problems.iter().any(|p| p.contains("is not an attribute"));
                    return Err(Error::Ldap(Diagnosis::new(
                        if unknown {
                            Cause::UndefinedAttributeType
                        } else {
                            Cause::ObjectClassViolation
                        },
                        format!(
                            "the server's schema would refuse this change, so nothing was sent: {}",
                            problems.join("; ")
                        ),
                        "check the attribute names (and the provider's attribute mapping) against the server's schema",
                    )));
                }
            }
            Err(e) => out.note(&format!(
                "could not read the schema ({e}); the server will check the change"
            )),
        }
        let mut preview = plan.rename.iter().map(Change::ldif).collect::<Vec<_>>();
        if !plan.mods.is_empty() {
            preview.push(change.ldif());
        }
        if !confirm(&preview.join("\n"), &a.confirm, out)? {
            return Ok(EXIT_OK);
        }
        let mut results: serde_json::Map<String, Value> = serde_json::Map::new();
        let mut renamed = Value::Null;
        if let Some(r) = &plan.rename {
            let rec = commit(&p, &mut c, r, None, None).await?;
            let attr = r.dn().split_once('=').map_or("", |(a, _)| a).to_string();
            results.insert(attr, json!("renamed"));
            renamed = json!({"from": dn, "journal": rec.id});
            if plan.mods.is_empty() || !out.json {
                report(out, &rec, Value::Object(results.clone()));
            }
            if plan.mods.is_empty() {
                c.session.close().await;
                return Ok(EXIT_OK);
            }
        }
        // The image moves with the entry: only the naming attribute differs, and the
        // modifications below do not touch it.
        let rec = commit(&p, &mut c, &change, Some(&before), None).await?;
        c.session.close().await;
        for m in &plan.mods {
            let word = match m {
                Mod::Add(..) => "added",
                // A value where there was none is reported as Netaxis does: added.
                Mod::Replace(a, _) if crate::ldap::write::change::values(&before, a).is_none() => "added",
                Mod::Replace(..) => "modified",
                Mod::Delete(..) => "deleted",
                Mod::Increment(..) => "incremented",
            };
            results.insert(m.attr().to_string(), Value::String(word.into()));
        }
        if out.json && !renamed.is_null() {
            out.json(
                &json!({"dn": rec.dn, "change": "modify", "results": results,
                "journal": rec.id, "renamed": renamed}),
            );
        } else {
            report(out, &rec, Value::Object(results));
        }
        Ok(EXIT_OK)
    })
}

/// `users delete`.
pub fn delete(path: &std::path::Path, a: DeleteArgs, out: &Output) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let (dn, before) = find(&p, &mut c, &a.place, &a.id).await?;
        // The groups that name the user lose that value in the same change (and get it back
        // with its undo), so no group points at a deleted entry.
        let login = crate::ldap::write::change::first_text(
            &before,
            crate::ldap::read::record::login_attr(&p),
        );
        let leave =
            crate::ldap::write::membership::naming(&p, &mut c.session, &dn, login.as_deref())
                .await
                .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
        let change = Change::Delete { dn, leave };
        if !confirm(&change.ldif(), &a.confirm, out)? {
            return Ok(EXIT_OK);
        }
        let rec = commit(&p, &mut c, &change, Some(&before), None).await?;
        c.session.close().await;
        report(out, &rec, json!({}));
        Ok(EXIT_OK)
    })
}
