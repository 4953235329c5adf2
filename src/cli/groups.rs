//! `users groups`: the user's groups and the others; --add/--remove change membership on the
//! group entries, previewed together, confirmed once, each journaled with its undo.

use clap::Args;
use serde_json::{Value, json};

use super::output::{Output, table};
use super::password::PasswordArgs;
use super::user_edit::find;
use super::users::Place;
use super::write::{Confirm, commit, confirm, connect, report, runtime, writable};
use crate::config::Provider;
use crate::error::{EXIT_OK, Error};
use crate::journal;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::record;
use crate::ldap::write::change::{Change, first_text};
use crate::ldap::write::edit;
use crate::ldap::write::membership::{self, Group, PickError};

/// `users groups`
#[derive(Debug, Args)]
pub struct GroupsArgs {
    /// Provider slug.
    pub slug: String,
    /// The user's id (login).
    pub id: String,
    #[command(flatten)]
    place: Place,
    /// Put the user in this group (name or DN; repeatable).
    #[arg(long = "add", value_name = "GROUP")]
    pub adds: Vec<String>,
    /// Take the user out of this group (name or DN; repeatable).
    #[arg(long = "remove", value_name = "GROUP")]
    pub removes: Vec<String>,
    /// Put the user in the groups another user is in (add only; with --mirror, also leave
    /// the groups that user is not in).
    #[arg(long, value_name = "ID", conflicts_with_all = ["adds", "removes"])]
    pub copy_from: Option<String>,
    /// With --copy-from: make the direct groups exactly the other user's (removes too).
    #[arg(long, requires = "copy_from")]
    pub mirror: bool,
    /// Also the groups the user is in through other groups, each with its path; with
    /// --copy-from, copy the groups the other user is in that way too (as direct
    /// memberships).
    #[arg(long, conflicts_with_all = ["adds", "removes"])]
    pub effective: bool,
    /// How deep --effective follows nested groups.
    #[arg(long, value_name = "N", default_value_t = crate::ldap::read::nested::DEFAULT_DEPTH, requires = "effective")]
    pub max_depth: usize,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

fn pick<'a>(groups: &'a [Group], name: &str) -> Result<&'a Group, Error> {
    membership::pick(groups, name).map_err(|e| match e {
        PickError::NotFound(name) => Error::NotFound(
            "no_such_group",
            format!("no group '{name}' (ldapdeck users groups SLUG ID lists them)"),
        ),
        other => Error::Usage(other.to_string()),
    })
}

/// The effective groups: JSON with every path, or a table marking how each is reached.
fn print_effective(
    out: &Output,
    dn: &str,
    e: &crate::ldap::read::nested::Effective,
    server: crate::config::ServerType,
) {
    if out.json {
        out.json(&json!({
            "dn": dn,
            "groups": e.groups,
            "cycles": e.cycles,
            "capped": e.capped,
            "strategy": e.strategy,
            "searches": e.searches,
            "member_of": crate::ldap::read::nested::member_of_kind(server),
        }));
        return;
    }
    let rows: Vec<Vec<String>> = e
        .groups
        .iter()
        .map(|m| {
            let how = if m.direct {
                "direct".to_string()
            } else {
                m.via()
            };
            vec![
                crate::ldap::read::directory::rdn_value(&m.group),
                how,
                m.group.clone(),
            ]
        })
        .collect();
    let mut text = table(&["GROUP", "HOW", "DN"], &rows);
    for c in &e.cycles {
        let names: Vec<String> = c
            .iter()
            .map(|d| crate::ldap::read::directory::rdn_value(d))
            .collect();
        text.push_str(&format!(
            "loop: {} (not followed again)\n",
            names.join(" → ")
        ));
    }
    if e.capped {
        text.push_str("stopped at --max-depth: deeper groups were not followed\n");
    }
    out.text(&text);
}

/// `users groups`.
pub fn groups(path: &std::path::Path, mut a: GroupsArgs, out: &Output) -> Result<i32, Error> {
    let listing = a.adds.is_empty() && a.removes.is_empty() && a.copy_from.is_none();
    let p = if listing {
        out.load(path)?.get(&a.slug)?.clone()
    } else {
        writable(out, path, &a.slug)?
    };
    let login = record::login_attr(&p).to_string();
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let (dn, user) = find(&p, &mut c, &a.place, &a.id).await?;
        // The login as stored (memberUid holds it), not as typed.
        let uid = first_text(&user, &login).unwrap_or_else(|| a.id.clone());
        if let Some(from) = a.copy_from.clone() {
            // The other user's groups become this plan's adds (and, mirrored, removes).
            let (from_dn, from_img) = find(&p, &mut c, &a.place, &from).await?;
            let from_uid = first_text(&from_img, &login).unwrap_or(from);
            let theirs =
                super::compare::group_dns(&p, &mut c, &from_dn, &from_uid, a.effective).await?;
            let mine = membership::groups_of(&p, &mut c.session, &dn, &uid)
                .await
                .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
            let is_mine = |g: &str| {
                mine.iter()
                    .any(|m| m.member && m.dn.eq_ignore_ascii_case(g))
            };
            a.adds = theirs.iter().filter(|g| !is_mine(g)).cloned().collect();
            if a.mirror {
                a.removes = mine
                    .iter()
                    .filter(|m| m.member && !m.primary)
                    .filter(|m| !theirs.iter().any(|g| g.eq_ignore_ascii_case(&m.dn)))
                    .map(|m| m.dn.clone())
                    .collect();
            }
            if a.adds.is_empty() && a.removes.is_empty() {
                c.session.close().await;
                if out.json {
                    out.json(
                        &json!({"dn": dn, "change": null, "note": "already in the same groups"}),
                    );
                } else {
                    out.text(&format!(
                        "{} is already in those groups: nothing to send\n",
                        a.id
                    ));
                }
                return Ok(EXIT_OK);
            }
        } else if a.effective {
            let e =
                crate::ldap::read::nested::effective(&p, &mut c.session, &dn, &uid, a.max_depth)
                    .await
                    .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
            c.session.close().await;
            print_effective(out, &dn, &e, p.server_type);
            return Ok(EXIT_OK);
        }
        let all = membership::groups_of(&p, &mut c.session, &dn, &uid)
            .await
            .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
        if listing {
            c.session.close().await;
            if out.json {
                out.json(&json!({"dn": dn, "groups": all}));
            } else {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|g| {
                        let mark = match (g.member, g.primary) {
                            (_, true) => "primary",
                            (true, _) => "*",
                            _ => "",
                        };
                        vec![mark.into(), g.id.clone(), g.dn.clone()]
                    })
                    .collect();
                out.text(&table(&["IN", "GROUP", "DN"], &rows));
            }
            return Ok(EXIT_OK);
        }
        // Plan every change before sending any, so a refusal sends nothing.
        let mut planned = Vec::new();
        let mut results = serde_json::Map::new();
        let wanted = a.adds.iter().map(|g| (g, true));
        for (name, add) in wanted.chain(a.removes.iter().map(|g| (g, false))) {
            let g = pick(&all, name)?;
            if g.primary && !add {
                return Err(Error::Usage(format!(
                    "cannot remove {} from {}: {}",
                    a.id,
                    g.id,
                    membership::primary_refusal(&g.id)
                )));
            }
            let img = edit::read(&mut c.session, &g.dn)
                .await
                .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?
                .unwrap_or_default();
            match membership::plan(&img, &dn, &uid, add).map_err(|why| {
                Error::Usage(format!("cannot remove {} from {}: {why}", a.id, g.id))
            })? {
                None => {
                    let word = if add {
                        "already a member"
                    } else {
                        "not a member"
                    };
                    results.insert(g.id.clone(), json!(word));
                }
                Some(m) => {
                    let change = Change::Modify {
                        dn: g.dn.clone(),
                        mods: vec![m],
                    };
                    planned.push((g.id.clone(), add, change, img));
                }
            }
        }
        if planned.is_empty() {
            if out.json {
                out.json(&json!({"dn": dn, "change": null, "results": results}));
            } else {
                out.text(&format!("nothing to send: {}", Value::Object(results)));
            }
            return Ok(EXIT_OK);
        }
        let preview: Vec<String> = planned.iter().map(|(_, _, ch, _)| ch.ldif()).collect();
        if !confirm(&preview.join("\n"), &a.confirm, out)? {
            return Ok(EXIT_OK);
        }
        let mut records = Vec::new();
        for (id, add, change, before) in &planned {
            let rec = commit(&p, &mut c, change, Some(before), None).await?;
            results.insert(id.clone(), json!(if *add { "added" } else { "removed" }));
            records.push(rec);
        }
        c.session.close().await;
        if out.json {
            let journal: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
            out.json(
                &json!({"dn": dn, "change": "modify", "results": results, "journal": journal}),
            );
        } else {
            for rec in &records {
                report(out, rec, json!({}));
            }
        }
        Ok(EXIT_OK)
    })
}

/// Adds a just-created user to a membership group: one journaled change, its record returned.
pub(super) async fn join(
    p: &Provider,
    c: &mut Connected,
    user_dn: &str,
    login: &str,
    name: &str,
) -> Result<journal::Record, Error> {
    let all = membership::groups_of(p, &mut c.session, user_dn, login)
        .await
        .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
    let g = pick(&all, name)?;
    let img = edit::read(&mut c.session, &g.dn)
        .await
        .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?
        .unwrap_or_default();
    let Some(m) = membership::plan(&img, user_dn, login, true).map_err(Error::Usage)? else {
        return Err(Error::Usage(format!("{login} is already in {}", g.id)));
    };
    let change = Change::Modify {
        dn: g.dn.clone(),
        mods: vec![m],
    };
    commit(p, c, &change, Some(&img), None).await
}
