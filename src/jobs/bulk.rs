//! Planning one change for many picked users (the browser's `Space`/`*` then `x`, `D`, `m`,
//! `A`): every entry is read, the changes are computed as for one user, and the plan is sent
//! as one journaled batch that one undo takes back.

use crate::app::write::{Bulk, Planned, Step};
use crate::config::Provider;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::account::Scheme;
use crate::ldap::write::change::{Change, Mod, diff, first_text};
use crate::ldap::write::{edit, membership};

fn read_failed(e: ldap3::LdapError, c: &Connected) -> String {
    classify_ldap(&e, Phase::Search, &c.ctx).to_string()
}

/// The batch for `what` on `users` (DN, login).
pub async fn plan(
    p: &Provider,
    c: &mut Connected,
    what: &Bulk,
    users: &[(String, String)],
) -> Result<Planned, String> {
    let n = users.len();
    let mut planned = match what {
        Bulk::Disable => disable(p, c, users).await?,
        Bulk::Delete => {
            let mut steps = Vec::new();
            for (dn, _) in users {
                let before = edit::read(&mut c.session, dn)
                    .await
                    .map_err(|e| read_failed(e, c))?
                    .ok_or_else(|| format!("{dn} is gone"))?;
                let login = first_text(&before, crate::ldap::read::record::login_attr(p));
                let leave = membership::naming(p, &mut c.session, dn, login.as_deref())
                    .await
                    .map_err(|e| read_failed(e, c))?;
                steps.push(Step {
                    change: Change::Delete {
                        dn: dn.clone(),
                        leave,
                    },
                    before: Some(before),
                    undoes: None,
                });
            }
            let mut plan = Planned::new(format!("Delete {n} users"), steps);
            plan.type_to_confirm = Some(format!("delete {n}"));
            plan.note = Some(super::write::delete_note(p).into());
            plan
        }
        Bulk::Group { group, join } => group_change(p, c, users, group, *join).await?,
        Bulk::Set(edit) => {
            let mut steps = Vec::new();
            for (dn, _) in users {
                let one = super::write_any::set_attr(c, dn, edit).await?;
                steps.extend(one.steps);
            }
            let left = n - steps.len();
            let mut plan = Planned::new(format!("Change {n} users"), steps);
            if left > 0 {
                plan.note = Some(format!("{left} are like that already: left alone"));
            }
            plan
        }
    };
    planned.batch = true;
    Ok(planned)
}

/// Disables the picked users; when every one is disabled already, enables them.
async fn disable(
    p: &Provider,
    c: &mut Connected,
    users: &[(String, String)],
) -> Result<Planned, String> {
    let scheme = Scheme::of(p);
    let mut befores = Vec::new();
    for (dn, id) in users {
        let before = edit::read_with(&mut c.session, dn, &scheme.read_attrs())
            .await
            .map_err(|e| read_failed(e, c))?
            .ok_or_else(|| format!("{id} ({dn}) is gone"))?;
        befores.push((dn, id, before));
    }
    let disable = !befores.iter().all(|(_, _, b)| scheme.is_disabled(b));
    let mut steps = Vec::new();
    let mut already = 0usize;
    let mut warning = None;
    for (dn, id, before) in befores {
        if scheme.is_disabled(&before) == disable {
            already += 1;
            continue;
        }
        if disable && scheme == Scheme::PpolicyLock && warning.is_none() {
            warning = crate::ldap::write::account::check_disable(&mut c.session, &before)
                .await
                .map_err(|why| format!("Disable {id} would not take effect: {why}"))?;
        }
        let want = scheme.want(&before, disable)?;
        steps.push(Step {
            change: Change::Modify {
                dn: dn.clone(),
                mods: diff(&before, &[want]),
            },
            before: Some(before),
            undoes: None,
        });
    }
    let verb = if disable { "Disable" } else { "Enable" };
    let mut plan = Planned::new(format!("{verb} {} users", steps.len()), steps);
    if already > 0 {
        let state = if disable { "disabled" } else { "enabled" };
        plan.note = Some(format!("{already} are {state} already: left alone"));
    }
    plan.warning = warning;
    Ok(plan)
}

/// Puts the picked users in `group` (or takes them out) as one modify of the group.
async fn group_change(
    p: &Provider,
    c: &mut Connected,
    users: &[(String, String)],
    name: &str,
    join: bool,
) -> Result<Planned, String> {
    let Some((first_dn, first_id)) = users.first() else {
        return Err("pick users first".into());
    };
    let groups = membership::groups_of(p, &mut c.session, first_dn, first_id)
        .await
        .map_err(|e| read_failed(e, c))?;
    let group = membership::pick(&groups, name)
        .map_err(|e| e.to_string())?
        .dn
        .clone();
    let img = edit::read(&mut c.session, &group)
        .await
        .map_err(|e| read_failed(e, c))?
        .ok_or_else(|| format!("{group} is gone"))?;
    let mut mods: Vec<Mod> = Vec::new();
    let mut already = 0usize;
    for (dn, id) in users {
        let login = first_text(
            &edit::read_with(
                &mut c.session,
                dn,
                &[crate::ldap::read::record::login_attr(p)],
            )
            .await
            .map_err(|e| read_failed(e, c))?
            .unwrap_or_default(),
            crate::ldap::read::record::login_attr(p),
        )
        .unwrap_or_else(|| id.clone());
        match membership::plan(&img, dn, &login, join).map_err(|why| format!("{id}: {why}"))? {
            // One modify for the group: the values of the same attribute go together.
            Some(m) => match mods.iter_mut().find(|x| {
                x.attr().eq_ignore_ascii_case(m.attr())
                    && std::mem::discriminant(*x) == std::mem::discriminant(&m)
            }) {
                Some(Mod::Add(_, v) | Mod::Delete(_, v)) => v.extend(m.values().iter().cloned()),
                _ => mods.push(m),
            },
            None => already += 1,
        }
    }
    let verb = if join { "Add" } else { "Remove" };
    let steps = if mods.is_empty() {
        Vec::new()
    } else {
        vec![Step {
            change: Change::Modify {
                dn: group.clone(),
                mods,
            },
            before: Some(img),
            undoes: None,
        }]
    };
    let prep = if join { "to" } else { "from" };
    let mut plan = Planned::new(
        format!(
            "{verb} {} users {prep} {}",
            users.len() - already,
            crate::ldap::read::directory::rdn_value(&group)
        ),
        steps,
    );
    if already > 0 {
        let how = if join { "in it" } else { "not in it" };
        plan.note = Some(format!("{already} are {how} already: left alone"));
    }
    Ok(plan)
}
