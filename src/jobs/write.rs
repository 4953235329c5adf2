//! The console's writes: read the entry and plan the change (nothing sent), then send
//! exactly what was previewed, each change checked for conflicts and journaled.

use crate::app::action::JobEvent;
use crate::app::write::{Intent, PasswordStep, Planned, Step};
use crate::config::Provider;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::schema;
use crate::ldap::write::account::{Scheme, policy_warning};
use crate::ldap::write::change::{Change, Want, diff, first_text, texts};
use crate::ldap::write::edit;
use crate::ldap::write::membership;
use crate::ldap::write::new_user;
use crate::ldap::write::password_reset;

/// Reads what the intent touches and returns the changes to preview.
pub async fn plan(p: &Provider, c: &mut Connected, intent: Intent) -> JobEvent {
    match plan_inner(p, c, intent).await {
        Ok(planned) => JobEvent::Planned(Box::new(planned)),
        Err(msg) => JobEvent::Failed(msg),
    }
}

async fn plan_inner(p: &Provider, c: &mut Connected, intent: Intent) -> Result<Planned, String> {
    let read =
        |e: ldap3::LdapError, c: &Connected| classify_ldap(&e, Phase::Search, &c.ctx).to_string();
    match intent {
        Intent::ToggleStatus { dn, id } => {
            let scheme = Scheme::of(p);
            let before = edit::read_with(&mut c.session, &dn, &scheme.read_attrs())
                .await
                .map_err(|e| read(e, c))?
                .ok_or_else(|| format!("{dn} is gone"))?;
            let disable = !scheme.is_disabled(&before);
            let want = scheme.want(&before, disable)?;
            let change = Change::Modify {
                dn: dn.clone(),
                mods: diff(&before, &[want]),
            };
            // slapd ignores an administrative lock under a policy without pwdLockout: refused
            // here, before the preview, with the ways that do take effect.
            let warning = if disable && scheme == Scheme::PpolicyLock {
                crate::ldap::write::account::check_disable(&mut c.session, &before)
                    .await
                    .map_err(|why| format!("Disable {id} would not take effect: {why}"))?
            } else {
                None
            };
            Ok(Planned {
                title: format!("{} {id}", if disable { "Disable" } else { "Enable" }),
                steps: vec![Step {
                    change,
                    before: Some(before),
                    undoes: None,
                }],
                note: None,
                warning,
                type_to_confirm: None,
                password: None,
                batch: false,
            })
        }
        Intent::Delete { dn, id } => {
            let before = edit::read(&mut c.session, &dn)
                .await
                .map_err(|e| read(e, c))?
                .ok_or_else(|| format!("{dn} is gone"))?;
            let login = crate::ldap::write::change::first_text(
                &before,
                crate::ldap::read::record::login_attr(p),
            );
            let leave = membership::naming(p, &mut c.session, &dn, login.as_deref())
                .await
                .map_err(|e| read(e, c))?;
            let change = Change::Delete { dn, leave };
            Ok(Planned {
                title: format!("Delete {id}"),
                steps: vec![Step {
                    change,
                    before: Some(before),
                    undoes: None,
                }],
                note: Some(delete_note(p).into()),
                warning: None,
                type_to_confirm: Some(id),
                password: None,
                batch: false,
            })
        }
        Intent::Bulk { what, users } => super::bulk::plan(p, c, &what, &users).await,
        Intent::SetAttr { dn, edit } => super::write_any::set_attr(c, &dn, &edit).await,
        Intent::Move { dn, to } => super::write_any::move_to(c, &dn, &to).await,
        Intent::DeleteEntry { dn } => super::write_any::delete(p, c, &dn).await,
        Intent::Restore { guid, to } => super::write_any::restore(c, &guid, &to).await,
        Intent::Groups {
            dn,
            id,
            add,
            remove,
        } => {
            let login = login_of(p, c, &dn).await?;
            let mut steps = Vec::new();
            let wanted = add.iter().map(|g| (g, true));
            for (group, join) in wanted.chain(remove.iter().map(|g| (g, false))) {
                let img = edit::read(&mut c.session, group)
                    .await
                    .map_err(|e| read(e, c))?
                    .ok_or_else(|| format!("{group} is gone"))?;
                let m = membership::plan(&img, &dn, &login, join)
                    .map_err(|why| format!("cannot take {id} out of {group}: {why}"))?;
                if let Some(m) = m {
                    steps.push(Step {
                        change: Change::Modify {
                            dn: group.clone(),
                            mods: vec![m],
                        },
                        before: Some(img),
                        undoes: None,
                    });
                }
            }
            Ok(Planned {
                title: format!("Groups of {id}"),
                steps,
                note: Some("one journal record per group".into()),
                warning: None,
                type_to_confirm: None,
                password: None,
                batch: false,
            })
        }
        Intent::Create {
            tenant,
            group,
            id,
            attrs,
        } => {
            let user = new_user::build(p, tenant.as_deref(), group.as_deref(), &id, &attrs)?;
            // Refuse before sending what the schema would refuse, naming every problem.
            if let Ok(sch) = schema::read(&mut c.session).await {
                let problems = sch.check(&user.attrs);
                if !problems.is_empty() {
                    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
                    return Err(format!(
                        "the server's schema would refuse this entry: {}; add what is missing under \
                         'other attributes' as attr=value",
                        list.join("; ")
                    ));
                }
            }
            let mut steps = vec![Step {
                change: Change::Add {
                    dn: user.dn.clone(),
                    attrs: user.attrs,
                    rejoin: Vec::new(),
                },
                before: None,
                undoes: None,
            }];
            if let Some(g) = &user.join {
                let all = membership::groups_of(p, &mut c.session, &user.dn, &id)
                    .await
                    .map_err(|e| read(e, c))?;
                let grp =
                    membership::pick(&all, g).map_err(|e| format!("{e} to add the new user to"))?;
                let img = edit::read(&mut c.session, &grp.dn)
                    .await
                    .map_err(|e| read(e, c))?
                    .unwrap_or_default();
                if let Some(m) = membership::plan(&img, &user.dn, &id, true)? {
                    steps.push(Step {
                        change: Change::Modify {
                            dn: grp.dn.clone(),
                            mods: vec![m],
                        },
                        before: Some(img),
                        undoes: None,
                    });
                }
            }
            let mut planned = Planned::new(format!("Create {id}"), steps);
            if p.server_type == crate::config::ServerType::ActiveDirectory {
                planned.note = Some(
                    "Active Directory keeps a new account disabled until it has a password: \
                     p, then x"
                        .into(),
                );
            }
            Ok(planned)
        }
        Intent::Modify { dn, id, wants } => {
            let before = edit::read(&mut c.session, &dn)
                .await
                .map_err(|e| read(e, c))?
                .ok_or_else(|| format!("{dn} is gone"))?;
            let wants: Vec<(String, Want)> = wants
                .into_iter()
                .map(|(a, v)| (a, v.map_or(Want::Unset, |v| Want::Set(vec![v]))))
                .collect();
            let plan = crate::ldap::write::rename::plan(&dn, &before, &wants)?;
            let mut steps = Vec::new();
            if let Some(r) = plan.rename {
                steps.push(Step {
                    change: r,
                    before: None,
                    undoes: None,
                });
            }
            if !plan.mods.is_empty() {
                // After a rename the image is the same but for the naming attribute, which
                // these modifications do not touch.
                steps.push(Step {
                    change: Change::Modify {
                        dn: plan.dn.clone(),
                        mods: plan.mods,
                    },
                    before: Some(before),
                    undoes: None,
                });
            }
            Ok(Planned::new(format!("Edit {id}"), steps))
        }
        Intent::Password {
            dn,
            id,
            secret,
            must_change,
        } => {
            let ad = p.server_type == crate::config::ServerType::ActiveDirectory;
            let exts = password_reset::extensions(&mut c.session)
                .await
                .map_err(|e| read(e, c))?;
            let server_owned =
                must_change && !ad && password_reset::flag_is_server_owned(&mut c.session).await;
            let reset = password_reset::Reset::plan(
                p.server_type,
                &exts,
                c.url.tls || p.starttls,
                &dn,
                must_change && !server_owned,
            )
            .map_err(|d| d.to_string())?;
            let warning = if server_owned {
                Some(password_reset::SERVER_OWNED_FLAG.to_string())
            } else if must_change && !ad {
                let before = edit::read_with(&mut c.session, &dn, &["pwdPolicySubentry"])
                    .await
                    .map_err(|e| read(e, c))?
                    .unwrap_or_default();
                policy_warning(
                    &mut c.session,
                    &before,
                    "pwdMustChange",
                    "the must-change flag",
                )
                .await
            } else {
                None
            };
            Ok(Planned {
                title: format!("Password of {id}"),
                steps: Vec::new(),
                note: Some("not undoable: the old password is never kept".into()),
                warning,
                type_to_confirm: None,
                password: Some(PasswordStep { reset, secret }),
                batch: false,
            })
        }
        Intent::Undo(rec) => {
            let inverse = rec
                .inverse
                .clone()
                .ok_or_else(|| rec.no_undo.clone().unwrap_or_else(|| "no undo".into()))?;
            let before = crate::writes::undo_before(c, &rec, &inverse)
                .await
                .map_err(|d| d.to_string())?;
            Ok(Planned::new(
                format!("Undo {} {} ({})", rec.what(), rec.dn, rec.id),
                vec![Step {
                    change: inverse,
                    before,
                    undoes: Some(rec.id.clone()),
                }],
            ))
        }
    }
}

/// What an undo of a delete will do, said before the delete.
pub fn delete_note(p: &Provider) -> &'static str {
    if p.server_type == crate::config::ServerType::ActiveDirectory {
        "undo brings it back from AD's deleted objects (same SID), without its password"
    } else {
        "undo re-creates the entry as it is now (without its password)"
    }
}

/// The user's login as stored (memberUid holds it, not what was typed).
async fn login_of(p: &Provider, c: &mut Connected, dn: &str) -> Result<String, String> {
    let attr = crate::ldap::read::record::login_attr(p).to_string();
    let img = edit::read(&mut c.session, dn)
        .await
        .map_err(|e| classify_ldap(&e, Phase::Search, &c.ctx).to_string())?
        .ok_or_else(|| format!("{dn} is gone"))?;
    Ok(first_text(&img, &attr).unwrap_or_else(|| crate::ldap::read::directory::rdn_value(dn)))
}

/// A user's fields for the edit dialog: the provider's columns with their values.
pub async fn fields(p: &Provider, c: &mut Connected, dn: &str) -> JobEvent {
    let img = match edit::read(&mut c.session, dn).await {
        Ok(Some(img)) => img,
        Ok(None) => return JobEvent::Failed(format!("{dn} is gone")),
        Err(e) => return JobEvent::Failed(classify_ldap(&e, Phase::Search, &c.ctx).to_string()),
    };
    let mut cols: Vec<(String, String)> = vec![(
        "login".to_string(),
        crate::ldap::read::record::login_attr(p).to_string(),
    )];
    for col in crate::ldap::read::record::columns(p, &[]) {
        cols.push((col.name, col.attr));
    }
    let list = cols
        .into_iter()
        .map(|(name, attr)| {
            let values = texts(&img, &attr);
            (name, attr, values)
        })
        .collect();
    JobEvent::EditFields(list)
}

/// Every group, marked with the user's memberships.
pub async fn groups(p: &Provider, c: &mut Connected, dn: &str) -> JobEvent {
    let login = match login_of(p, c, dn).await {
        Ok(l) => l,
        Err(m) => return JobEvent::Failed(m),
    };
    match membership::groups_of(p, &mut c.session, dn, &login).await {
        Ok(mut list) => {
            let depth = crate::ldap::read::nested::DEFAULT_DEPTH;
            if let Ok(e) =
                crate::ldap::read::nested::effective(p, &mut c.session, dn, &login, depth).await
            {
                membership::mark_inherited(&mut list, &e);
            }
            JobEvent::Groups(list)
        }
        Err(e) => JobEvent::Failed(classify_ldap(&e, Phase::Search, &c.ctx).to_string()),
    }
}

/// Sends each planned change in order; stops at the first refusal.
pub async fn send(
    p: &Provider,
    c: &mut Connected,
    planned: Planned,
    (tx, job): (
        &tokio::sync::mpsc::UnboundedSender<crate::app::action::Action>,
        crate::app::action::JobId,
    ),
    stop: &std::sync::atomic::AtomicBool,
) -> JobEvent {
    if planned.batch {
        return send_batch(p, c, planned, (tx, job), stop).await;
    }
    let mut records = Vec::new();
    if let Some(pw) = &planned.password {
        match set_password(p, c, pw).await {
            Ok(rec) => records.push(rec),
            Err(msg) => return JobEvent::Failed(msg),
        }
    }
    for step in planned.steps {
        match crate::writes::commit(p, c, &step.change, step.before.as_ref(), step.undoes).await {
            Ok(rec) => records.push(rec),
            Err(e) if records.is_empty() => return JobEvent::Failed(e.to_string()),
            Err(e) => {
                return JobEvent::Failed(format!(
                    "{} of the changes were applied (see the journal), then: {e}",
                    records.len()
                ));
            }
        }
    }
    JobEvent::Written(records, planned.warning)
}

/// Sends a batch as one journal record, saying how far it got as it goes.
async fn send_batch(
    p: &Provider,
    c: &mut Connected,
    planned: Planned,
    (tx, job): (
        &tokio::sync::mpsc::UnboundedSender<crate::app::action::Action>,
        crate::app::action::JobId,
    ),
    stop: &std::sync::atomic::AtomicBool,
) -> JobEvent {
    use crate::writes::batch::{self, Outcome};
    let steps: Vec<_> = planned
        .steps
        .into_iter()
        .map(|s| (s.change, s.before))
        .collect();
    let mut progress = |done: usize, _total: usize, _: &Outcome| {
        let _ = tx.send(crate::app::action::Action::Job(
            job,
            JobEvent::Progress(done),
        ));
    };
    let opts = batch::Options {
        continue_on_error: false,
        stop,
        progress: &mut progress,
        undoes: None,
        atomic: false,
    };
    match batch::commit_batch(p, c, steps, opts).await {
        Ok((rec, outcomes)) => {
            let count = |w: &str| outcomes.iter().filter(|o| o.word() == w).count();
            let (applied, skipped) = (count("applied"), count("skipped"));
            let first_failure = outcomes.iter().find_map(|o| match o {
                Outcome::Failed(d) => Some(d.to_string()),
                _ => None,
            });
            let note = match (first_failure, skipped) {
                // Nothing reached the server: a failure, said in the dialog.
                (Some(f), _) if applied == 0 => {
                    return JobEvent::Failed(format!("nothing was applied: {f}"));
                }
                (Some(f), _) => Some(format!(
                    "{applied} of {} applied, then: {f}; the rest was not sent (u in the journal takes back the applied part)",
                    outcomes.len()
                )),
                (None, s) if s > 0 => Some(format!(
                    "stopped: {applied} of {} applied, {s} not sent (u in the journal takes back the applied part)",
                    outcomes.len()
                )),
                (None, _) => planned.warning,
            };
            JobEvent::Written(vec![rec], note)
        }
        Err(e) => JobEvent::Failed(e.to_string()),
    }
}

/// Sets a password, then the must-change flag; journals the masked change (no undo).
async fn set_password(
    p: &Provider,
    c: &mut Connected,
    pw: &PasswordStep,
) -> Result<crate::journal::Record, String> {
    let rec = crate::journal::record(&p.slug, &pw.reset.masked, None);
    let sent = crate::writes::journaled(&rec, &c.ctx, pw.reset.send(&mut c.session, &pw.secret));
    match sent.await {
        Ok(()) => Ok(rec),
        Err(crate::writes::Error::Ldap(d)) => Err(d.to_string()),
        Err(e) => Err(e.to_string()),
    }
}
