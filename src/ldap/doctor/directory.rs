//! Steps 5-9: bind, RootDSE, base DN, the user filter and the groups base.

use std::time::{Duration, Instant};

use super::rootdse::{ATTRS, RootDse};
use super::{Emit, Password, Reached, Status, Step};
use crate::config::{Provider, ServerType};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Context, Phase, classify_ldap, classify_rc};
use crate::ldap::net::connect::refine;
use crate::ldap::net::probe;
use crate::ldap::net::session::{Session, open};
use crate::ldap::net::tls::TlsSetup;
use crate::ldap::read::search::{base_entry, count};

/// How many entries the doctor counts before it stops (and abandons the search).
pub const COUNT_CAP: usize = 10_000;

pub(super) async fn run(
    p: &Provider,
    setup: &TlsSetup,
    password: &Password,
    reached: Reached,
    emit: &mut Emit<'_>,
) {
    let Reached {
        url, addr, mut ctx, ..
    } = reached;
    if let Password::Given(s, _) = password {
        ctx.secret = Some(s.clone());
    }
    let limit = Duration::from_secs(p.timeout_secs);

    // 5. bind, on a fresh connection as an application would open it.
    let t = Instant::now();
    let opened = match probe::connect(&[addr], limit).await {
        Ok((tcp, _)) => open(&url, p.starttls, tcp, setup, limit, p.max_message_bytes())
            .await
            .map_err(|e| {
                (
                    e,
                    if ctx.starttls {
                        Phase::StartTls
                    } else {
                        Phase::Tls
                    },
                )
            }),
        Err(e) => Err((ldap3::LdapError::Io { source: e }, Phase::Tcp)),
    };
    let mut session = match opened {
        Ok(s) => {
            ctx.faults = s.faults.clone();
            s
        }
        Err((e, phase)) => {
            let d = refine(classify_ldap(&e, phase, &ctx), addr, &ctx, t).await;
            emit(Step::failed("bind", d), t);
            return;
        }
    };
    let (dn, pw, who) = match password {
        Password::Given(s, _) => (
            p.bind_dn.clone().unwrap_or_default(),
            s.expose().to_string(),
            p.bind_dn.clone().unwrap_or_default(),
        ),
        _ => (String::new(), String::new(), "anonymous".to_string()),
    };
    match session.bind(&dn, &pw).await {
        Ok(r) if r.rc == 0 => {
            emit(Step::new("bind", Status::Ok, format!("bound as {who}")), t);
        }
        Ok(r) => {
            let d = classify_rc(r.rc, &r.text, &r.matched, Phase::Bind, &ctx);
            emit(Step::failed("bind", d), t);
            session.close().await;
            return;
        }
        Err(e) => {
            let mut d = classify_ldap(&e, Phase::Bind, &ctx);
            if d.cause == Cause::ConnectionLost
                && let Some(why) = session.driver_error().await
            {
                d.detail = format!("{} ({why})", d.detail);
            }
            emit(Step::failed("bind", refine(d, addr, &ctx, t).await), t);
            return;
        }
    }

    // 6. RootDSE
    let t = Instant::now();
    let rootdse = match base_entry(&mut session, "", &ATTRS).await {
        Ok(e) => {
            let r = RootDse::from_entry(&e);
            let kind = match r.looks_like() {
                Some(ServerType::Ds389) if is_freeipa(&mut session, p, &r).await => {
                    Some(ServerType::FreeIpa)
                }
                k => k,
            };
            emit(rootdse_step(p, &r, kind), t);
            Some(r)
        }
        Err(e) => {
            let d = classify_ldap(&e, Phase::Search, &ctx);
            emit(
                Step::warning(
                    "rootdse",
                    format!("could not read the RootDSE: {}", d.detail),
                    "the server hides its RootDSE; features cannot be checked",
                ),
                t,
            );
            None
        }
    };

    // 7. base DN
    let t = Instant::now();
    let base = p.base_dn.clone();
    if base.is_none() {
        let nc = rootdse.as_ref().and_then(|r| {
            r.default_naming_context
                .clone()
                .or_else(|| r.naming_contexts.first().cloned())
        });
        emit(
            Step::warning(
                "base_dn",
                "no base_dn is set",
                match nc {
                    Some(nc) => format!("set base_dn, e.g. to the server's naming context {nc}"),
                    None => "set base_dn to where your users live".into(),
                },
            ),
            t,
        );
    }
    if let Some(base) = &base {
        if let Err(d) = exists(&mut session, base, "base_dn", rootdse.as_ref(), &ctx).await {
            emit(Step::failed("base_dn", d), t);
            session.close().await;
            return;
        }
        emit(
            Step::new("base_dn", Status::Ok, format!("{base} exists")),
            t,
        );
    }

    // 8. users (under users_base, which works without a base_dn)
    let t = Instant::now();
    let Some(users_base) = p.users_base.clone().or(base) else {
        emit(
            Step::new(
                "users",
                Status::Skipped,
                "not run: neither users_base nor base_dn says where users are",
            ),
            t,
        );
        emit(
            Step::new(
                "groups",
                Status::Skipped,
                "not run: neither groups_base nor base_dn is set",
            ),
            t,
        );
        session.close().await;
        return;
    };
    // 389 answers a paged search on a missing base with no entries: read the base first, so
    // "no such base" is said, not "nothing matches".
    if let Err(d) = exists(
        &mut session,
        &users_base,
        "users_base",
        rootdse.as_ref(),
        &ctx,
    )
    .await
    {
        emit(Step::failed("users", d), t);
        session.close().await;
        return;
    }
    let filter = p.effective_user_filter().to_string();
    let checked = crate::syntax::filter::parse_filter(&filter).map_err(|e| {
        Diagnosis::new(
            Cause::BadFilter,
            format!("user_filter {filter} is not a valid LDAP filter: {e}"),
            "fix user_filter, e.g. (&(objectClass=person)(uid=*))",
        )
    });
    let result = match checked {
        Ok(_) => count(&mut session, &users_base, &filter, COUNT_CAP, limit)
            .await
            .map_err(|e| classify_ldap(&e, Phase::Search, &ctx)),
        Err(d) => Err(d),
    };
    let step = match result {
        Ok(c) if c.count == 0 => {
            let below = crate::ldap::read::search::subordinates(&mut session, &users_base).await;
            Step::warning(
                "users",
                format!("no entry matches {filter} under {users_base}"),
                match below {
                    Some(n) if n > 0 => format!(
                        "{users_base} has {n} entries below it: none matches, or this account may not see them (389 DS: an ACI granting read and search to the bind DN); check user_filter's object class and the access rights"
                    ),
                    _ => "check user_filter's object class (inetOrgPerson, posixAccount, user...) and the base; try it with ldapsearch".into(),
                },
            )
        }
        Ok(c) => Step::new(
            "users",
            Status::Ok,
            format!(
                "{}{} users match {filter}",
                if c.capped { "at least " } else { "" },
                c.count
            ),
        )
        .with_lines(c.samples.iter().map(|s| format!("e.g. {s}")).collect()),
        // Bind and base work; the account's limits stop a full count: worth knowing, not fatal.
        Err(d) if d.cause == Cause::ServerLimit => Step::warning("users", d.detail, d.hint),
        Err(d) => Step::failed("users", with_lost_reason(&mut session, d).await),
    };
    let failed = step.status == Status::Failed;
    emit(step, t);
    if failed {
        session.close().await;
        return;
    }

    // 9. groups
    let t = Instant::now();
    let Some(groups_base) = p.groups_base.clone() else {
        emit(
            Step::new("groups", Status::Skipped, "groups_base is not set"),
            t,
        );
        session.close().await;
        return;
    };
    if let Err(d) = exists(
        &mut session,
        &groups_base,
        "groups_base",
        rootdse.as_ref(),
        &ctx,
    )
    .await
    {
        emit(Step::failed("groups", d), t);
        session.close().await;
        return;
    }
    let class = p.group_classes().join(" or ");
    let filter = p.group_class_filter();
    let step = match count(&mut session, &groups_base, &filter, COUNT_CAP, limit).await {
        Ok(c) if c.count == 0 => Step::warning(
            "groups",
            format!("{groups_base} exists but holds no {class} entry"),
            "check groups_base and group_object_class (groupOfNames, posixGroup, group...)",
        ),
        Ok(c) => Step::new(
            "groups",
            Status::Ok,
            format!(
                "{}{} {class} groups under {groups_base}",
                if c.capped { "at least " } else { "" },
                c.count
            ),
        ),
        Err(e) => Step::failed(
            "groups",
            with_lost_reason(&mut session, classify_ldap(&e, Phase::Search, &ctx)).await,
        ),
    };
    emit(step, t);
    session.close().await;
}

/// FreeIPA keeps its users and groups under cn=accounts of its suffix; a plain 389 has none.
async fn is_freeipa(s: &mut Session, p: &Provider, r: &RootDse) -> bool {
    let suffix = p
        .base_dn
        .as_deref()
        .and_then(|b| r.context_of(b))
        .or_else(|| r.naming_contexts.first().map(String::as_str));
    match suffix {
        Some(sfx) => base_entry(s, &format!("cn=accounts,{sfx}"), &["1.1"])
            .await
            .is_ok(),
        None => false,
    }
}

fn rootdse_step(p: &Provider, r: &RootDse, kind: Option<ServerType>) -> Step {
    let version = r
        .version
        .as_deref()
        .map(|v| format!(" {v}"))
        .unwrap_or_default();
    let detail = format!(
        "{}{version}; naming contexts: {}",
        r.vendor,
        r.naming_contexts.join(", ")
    );
    let lines = r.feature_lines();
    let mismatch = kind.filter(|t| *t != p.server_type);
    let outside = p
        .base_dn
        .as_deref()
        .filter(|b| !r.naming_contexts.is_empty() && r.context_of(b).is_none());
    let step = match (outside, mismatch) {
        (Some(b), _) => Step::warning(
            "rootdse",
            format!("{detail}; base_dn {b} is not under any of them"),
            "check base_dn for a typo: it should end with one of the naming contexts",
        ),
        (None, Some(t)) => Step::warning(
            "rootdse",
            format!(
                "{detail}; the server looks like {}, but server_type = {}",
                t.as_str(),
                p.server_type.as_str()
            ),
            format!("set server_type = \"{}\" so the presets fit", t.as_str()),
        ),
        (None, None) => Step::new("rootdse", Status::Ok, detail),
    };
    step.with_lines(lines)
}

/// Checks that `dn` exists; the diagnosis names the field and the server's naming contexts.
async fn exists(
    s: &mut Session,
    dn: &str,
    field: &str,
    rootdse: Option<&RootDse>,
    ctx: &Context,
) -> Result<(), Diagnosis> {
    match base_entry(s, dn, &["1.1"]).await {
        Ok(_) => Ok(()),
        Err(e) => {
            let mut d = classify_ldap(&e, Phase::Search, ctx);
            if d.cause == Cause::NoSuchBase {
                d.detail = format!(
                    "{field} {dn} does not exist{}",
                    d.detail.trim_start_matches("the entry does not exist")
                );
                if let Some(r) = rootdse.filter(|r| !r.naming_contexts.is_empty()) {
                    let is_context = r
                        .naming_contexts
                        .iter()
                        .any(|c| crate::syntax::dn::same_dn(c, dn));
                    d.hint = if is_context {
                        // The server lists it as one of its own: it exists, unseen.
                        format!(
                            "{dn} is a naming context of the server, so it exists: this account may not read it; grant the bind DN read and search (389 DS: an ACI; OpenLDAP: an access rule)"
                        )
                    } else {
                        format!(
                            "check {field} for a typo; the server holds {} (or this account may not see it: access rights, 389's ACIs)",
                            r.naming_contexts.join(", ")
                        )
                    };
                }
            }
            Err(with_lost_reason(s, d).await)
        }
    }
}

async fn with_lost_reason(s: &mut Session, mut d: Diagnosis) -> Diagnosis {
    if d.cause == Cause::ConnectionLost
        && let Some(why) = s.driver_error().await
    {
        d.detail = format!("{} ({why})", d.detail);
    }
    d
}
