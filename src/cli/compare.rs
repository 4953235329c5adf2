//! `users compare SLUG A B`: two users attribute by attribute (same, only in one, different)
//! and their groups, direct or through nested groups; passwords are never compared.

use clap::Args;
use serde_json::json;

use super::output::Output;
use super::password::PasswordArgs;
use super::user_edit::find;
use super::users::Place;
use super::write::{connect, runtime};
use crate::config::Provider;
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::compare::{self, Kind};
use crate::ldap::read::record;
use crate::ldap::write::change::first_text;

/// `users compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Provider slug.
    pub slug: String,
    /// The first user's id (login).
    pub a: String,
    /// The second user's id (login).
    pub b: String,
    #[command(flatten)]
    place: Place,
    /// Compare the groups each is in through nested groups too.
    #[arg(long)]
    pub effective: bool,
    #[command(flatten)]
    password: PasswordArgs,
}

/// [`crate::ldap::read::nested::group_dns`], its failure named.
pub(super) async fn group_dns(
    p: &Provider,
    c: &mut Connected,
    dn: &str,
    login: &str,
    effective: bool,
) -> Result<Vec<String>, Error> {
    crate::ldap::read::nested::group_dns(p, &mut c.session, dn, login, effective)
        .await
        .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))
}

/// `users compare`.
pub fn compare(path: &std::path::Path, a: CompareArgs, out: &Output) -> Result<i32, Error> {
    let p = out.load(path)?.get(&a.slug)?.clone();
    let login = record::login_attr(&p).to_string();
    let (da, db, attrs, groups) = runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let (da, ia) = find(&p, &mut c, &a.place, &a.a).await?;
        let (db, ib) = find(&p, &mut c, &a.place, &a.b).await?;
        let la = first_text(&ia, &login).unwrap_or_else(|| a.a.clone());
        let lb = first_text(&ib, &login).unwrap_or_else(|| a.b.clone());
        let ga = group_dns(&p, &mut c, &da, &la, a.effective).await?;
        let gb = group_dns(&p, &mut c, &db, &lb, a.effective).await?;
        c.session.close().await;
        Ok::<_, Error>((
            da,
            db,
            compare::attributes(&ia, &ib),
            compare::groups(&ga, &gb),
        ))
    })?;
    if out.json {
        out.json(&json!({
            "a": da,
            "b": db,
            "attributes": attrs,
            "groups": groups,
            "effective": a.effective,
        }));
        return Ok(EXIT_OK);
    }
    let mut s = format!("{} ⇄ {}\n  {da}\n  {db}\n", a.a, a.b);
    let only_a = format!("only {}", a.a);
    let only_b = format!("only {}", a.b);
    let width = only_a.len().max(only_b.len()).max("different".len());
    let mut same = Vec::new();
    for d in &attrs {
        let (label, text) = match d.kind {
            Kind::Same => {
                same.push(d.attr.clone());
                continue;
            }
            Kind::Different => (
                "different",
                format!("{} | {}", d.a.join(", "), d.b.join(", ")),
            ),
            Kind::OnlyA => (only_a.as_str(), d.a.join(", ")),
            Kind::OnlyB => (only_b.as_str(), d.b.join(", ")),
        };
        s.push_str(&format!("  {label:<width$}  {}: {text}\n", d.attr));
    }
    if !same.is_empty() {
        s.push_str(&format!("  {:<width$}  {}\n", "same", same.join(", ")));
    }
    let what = if a.effective {
        "groups (effective)"
    } else {
        "groups"
    };
    s.push_str(&format!("{what}\n"));
    s.push_str(&format!(
        "  {:<width$}  {}\n",
        "both",
        crate::ldap::read::compare::names(&groups.both)
    ));
    s.push_str(&format!(
        "  {only_a:<width$}  {}\n",
        crate::ldap::read::compare::names(&groups.only_a)
    ));
    s.push_str(&format!(
        "  {only_b:<width$}  {}\n",
        crate::ldap::read::compare::names(&groups.only_b)
    ));
    out.text(&s);
    Ok(EXIT_OK)
}
