//! Authorize a user exactly as an application would: find the entry by its login on the
//! service connection, bind as it on a fresh connection with the password-policy control,
//! then check the account's status and collect its attributes and groups.

mod explain;
mod outcome;
pub mod ppolicy;
mod user;

use crate::text::human_secs;
pub use outcome::{Check, Outcome, PolicyView, Stage};

use ldap3::SearchEntry;
use ldap3::controls::RawControl;

use crate::config::{Provider, Secret, ServerType};
use crate::ldap::doctor::Password;
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Phase, classify_ldap, classify_rc};
use crate::ldap::net::connect::{Connected, connect, open_bound};
use crate::ldap::net::tls::{self, TlsSetup};
use crate::ldap::read::ds389;
use ppolicy::{PolicyError, PolicyState};
use user::{find_user, groups, mapped_attributes, values};

/// Runs one authorize. `service` is the provider's own bind password.
pub async fn authorize(p: &Provider, service: Password, login: &str, password: &Secret) -> Outcome {
    let out = Outcome::new(p, login);
    if password.is_empty() {
        // Refused before any bind: an empty password is an unauthenticated bind (RFC 4513).
        return out.refuse(
            Stage::Input,
            Diagnosis::new(
                Cause::EmptyPassword,
                "the password is empty",
                "an empty password would be an anonymous bind, which some servers accept: give the real password",
            ),
        );
    }
    run(p, service, login, password, out).await
}

async fn run(
    p: &Provider,
    service: Password,
    login: &str,
    password: &Secret,
    mut out: Outcome,
) -> Outcome {
    let setup = match tls::setup(p.ca_file.as_deref(), p.tls_verify) {
        Ok(s) => s,
        Err(e) => {
            return out.refuse(
                Stage::ServiceBind,
                Diagnosis::new(
                    Cause::ConfigInvalid,
                    e.to_string(),
                    "fix ca_file in the provider",
                ),
            );
        }
    };
    let (mut svc, source) = match open_bound(p, &setup, service).await {
        Ok(s) => s,
        Err(d) => return out.refuse(Stage::ServiceBind, d),
    };

    // Find the user.
    let entry = match find_user(p, &mut svc, login).await {
        Ok(e) => e,
        Err(d) => {
            let d = match d.cause {
                Cause::NoSuchUser => outside_filter(p, &mut svc, login, &mut out)
                    .await
                    .unwrap_or(d),
                _ => d,
            };
            if out.checks.is_empty() {
                out.check("found", false, d.detail.clone());
            }
            svc.session.close().await;
            let stage = if d.cause == Cause::FilterClauseFalse {
                Stage::Filter
            } else {
                Stage::Search
            };
            return out.refuse(stage, d);
        }
    };
    out.dn = Some(entry.dn.clone());
    out.attributes = mapped_attributes(p, &entry);
    out.check("found", true, entry.dn.clone());
    out.check(
        "user_filter",
        true,
        format!("matches {}", p.effective_user_filter()),
    );
    // Read with the service account before the user binds: a refused user's groups are part
    // of why.
    out.groups = groups(p, &mut svc.session, &entry, login).await;
    let depth = crate::ldap::read::nested::DEFAULT_DEPTH;
    let effective =
        crate::ldap::read::nested::effective(p, &mut svc.session, &entry.dn, login, depth)
            .await
            .unwrap_or_default();
    let direct = &out.groups;
    out.inherited_groups = effective
        .groups
        .iter()
        .filter(|m| !m.direct && !direct.iter().any(|g| g.eq_ignore_ascii_case(&m.group)))
        .cloned()
        .collect();

    // The application's own filter for the users it syncs.
    if let Some(sync) = p.sync_filter.clone() {
        match explain::false_clauses(&mut svc.session, &entry.dn, &sync).await {
            Ok(f) if f.is_empty() => out.check("sync_filter", true, format!("matches {sync}")),
            Ok(f) => {
                let d = Diagnosis::new(
                    Cause::FilterClauseFalse,
                    format!(
                        "{} is outside sync_filter: {} is false for it",
                        entry.dn,
                        f.join(" and ")
                    ),
                    "the application does not sync this user: change the entry, or sync_filter",
                );
                out.check("sync_filter", false, d.detail.clone());
                svc.session.close().await;
                return out.refuse(Stage::Filter, d);
            }
            Err(e) => {
                let d = classify_ldap(&e, Phase::Search, &svc.ctx);
                svc.session.close().await;
                return out.refuse(Stage::Filter, d);
            }
        }
    }

    // Bind as the user on a connection of its own, never reused (notes: a failed bind can
    // leave a connection oddly bound, and a reset password restricts it).
    let (rc, text, matched, state) = match user_bind(p, &setup, &source, &entry.dn, password).await
    {
        Ok(r) => r,
        Err(d) => {
            svc.session.close().await;
            return out.refuse(Stage::UserBind, d);
        }
    };
    if let Some(s) = state {
        out.password_policy = policy_view(&s);
        if let Some(t) = s.time_before_expiration {
            out.warnings
                .push(format!("the password expires in {}", human_secs(t)));
        }
        if let Some(g) = s.grace_logins_left {
            out.warnings
                .push(format!("the password has expired; {g} grace login(s) left"));
        }
    }
    let mut ctx = svc.ctx.clone();
    ctx.bind_dn = Some(entry.dn.clone());
    ctx.password_source = "the password given".into();
    ctx.secret = Some(password.clone());
    let policy_error = state.and_then(|s| s.error);
    let get = |a: &str| values(&entry, a);
    let lower = text.to_ascii_lowercase();
    let refusal = match (rc, policy_error) {
        // 389 names these in its text (and sends ppolicy's accountLocked for both): its own
        // attributes say why and what unlocks them.
        (53, _) if lower.contains("inactivated") => Some(
            ds389::inactivated(&get)
                .unwrap_or_else(|| classify_rc(rc, &text, &matched, Phase::Bind, &ctx)),
        ),
        (19, _) if lower.contains("retry limit") => {
            Some(ds389::lockout(&get, crate::ldap::read::expiry::now()))
        }
        (0, Some(PolicyError::ChangeAfterReset)) if ds389::was_reset(&get) => Some(Diagnosis::new(
            Cause::PasswordMustChange,
            "the password is right, but it was reset by an administrator and must be changed first",
            "389's passwordMustChange: on makes every administrator's reset a must-change (ldapdeck users passwd too): the user changes it themselves, with the reset password as the old one (ldappasswd -D USER_DN -W -A -S), then logs in",
        )),
        (0, Some(PolicyError::ChangeAfterReset)) => Some(Diagnosis::new(
            Cause::PasswordMustChange,
            "the password is right, but it was reset by an administrator and must be changed first",
            "have the user change it (ldappasswd, or ldapdeck users passwd), then log in",
        )),
        (0, _) => None,
        (_, Some(PolicyError::AccountLocked)) => Some(Diagnosis::new(
            Cause::AccountLocked,
            "the account is locked by the password policy (too many failed logins)",
            "wait for the lockout to expire, or unlock it: remove pwdAccountLockedTime",
        )),
        (_, Some(PolicyError::PasswordExpired)) => Some(Diagnosis::new(
            Cause::PasswordExpired,
            "the password has expired and no grace login is left",
            "reset the password (ldapdeck users passwd)",
        )),
        (rc, _) => Some(classify_rc(rc, &text, &matched, Phase::Bind, &ctx)),
    };
    if let Some(mut d) = refusal {
        if d.cause == Cause::InvalidCredentials {
            d.detail = format!("wrong password for {login}");
            d.hint = "check the password; a locked account on OpenLDAP without ppolicy_use_lockout looks the same".into();
        }
        let what = if d.cause == Cause::InvalidCredentials {
            "password"
        } else {
            "account"
        };
        out.check(what, false, d.detail.clone());
        out.password_policy.locked |= d.cause == Cause::AccountLocked;
        out.password_policy.expired |= d.cause == Cause::PasswordExpired;
        out.password_policy.must_change |= d.cause == Cause::PasswordMustChange;
        svc.session.close().await;
        return out.refuse(Stage::UserBind, d);
    }

    out.check("password", true, "the bind as the user succeeded");
    // 389 says nothing about a healthy password's expiry: its entry does.
    if out.password_policy.seconds_to_expiry.is_none()
        && let Some(t) = ds389::seconds_to_expiry(
            &|a: &str| values(&entry, a),
            crate::ldap::read::expiry::now(),
        )
    {
        out.password_policy.seconds_to_expiry = Some(t);
        out.password_policy.reported = true;
    }
    // Status: what the application checks after a good bind.
    if let Some(d) = disabled(p, &entry) {
        out.check("account", false, d.detail.clone());
        svc.session.close().await;
        return out.refuse(Stage::Status, d);
    }
    out.check("account", true, "not locked, not disabled");
    // The groups the application requires, through nested groups.
    if let Some(access) = p.access.as_ref().filter(|a| !a.required_groups.is_empty()) {
        let (passed, why) = explain::required_groups(access, &out.groups, &effective);
        out.check("required_groups", passed, why.clone());
        if !passed {
            svc.session.close().await;
            return out.refuse(
                Stage::Access,
                Diagnosis::new(
                    Cause::NotInRequiredGroup,
                    format!("{login} is {why}"),
                    "add the user to one of access.required_groups (ldapdeck users groups SLUG ID --add G), or change the list",
                ),
            );
        }
    }
    svc.session.close().await;
    out.allowed = true;
    out.checked = true;
    out.stage = Stage::Done;
    out.reason = format!("{login} may log in as {}", entry.dn);
    out
}

/// After "no such user": the login may exist but be left out by user_filter. Then the
/// failing clauses are named (and recorded in the checklist), as the application sees it.
async fn outside_filter(
    p: &Provider,
    c: &mut Connected,
    login: &str,
    out: &mut Outcome,
) -> Option<Diagnosis> {
    let dn = explain::outside_user_filter(p, &mut c.session, login)
        .await
        .ok()??;
    let filter = p.effective_user_filter().to_string();
    let clauses = explain::false_clauses(&mut c.session, &dn, &filter)
        .await
        .ok()?;
    out.dn = Some(dn.clone());
    out.check("found", true, dn.clone());
    let detail = format!(
        "{dn} has this login but user_filter leaves it out: {} is false for it",
        clauses.join(" and ")
    );
    out.check("user_filter", false, detail.clone());
    Some(Diagnosis::new(
        Cause::FilterClauseFalse,
        detail,
        "the application cannot find this user: change the entry or user_filter",
    ))
}

async fn user_bind(
    p: &Provider,
    setup: &TlsSetup,
    source: &str,
    dn: &str,
    password: &Secret,
) -> Result<(u32, String, String, Option<PolicyState>), Diagnosis> {
    let mut c = connect(p, setup, source).await?;
    let control = RawControl {
        ctype: ppolicy::OID.to_string(),
        crit: false,
        val: None,
    };
    let timeout = c.session.timeout;
    let result = c
        .session
        .ldap
        .with_controls(control)
        .with_timeout(timeout)
        .simple_bind(dn, password.expose())
        .await;
    c.session.close().await;
    match result {
        // Controls are read before any success check: they explain refusals.
        Ok(r) => {
            let mut state = r
                .ctrls
                .iter()
                .find(|ctl| ctl.1.ctype == ppolicy::OID)
                .and_then(|ctl| ctl.1.val.as_deref())
                .and_then(ppolicy::decode);
            // 389's own "expiring in N seconds", beside (or instead of) ppolicy's warning.
            if let Some(secs) = r
                .ctrls
                .iter()
                .find(|ctl| ctl.1.ctype == ds389::CTRL_EXPIRING)
                .and_then(|ctl| ctl.1.val.as_deref())
                .and_then(ds389::expiring_secs)
            {
                let s = state.get_or_insert_with(PolicyState::default);
                s.time_before_expiration.get_or_insert(secs);
            }
            Ok((r.rc, r.text, r.matched, state))
        }
        Err(e) => Err(classify_ldap(&e, Phase::Bind, &c.ctx)),
    }
}

fn policy_view(s: &PolicyState) -> PolicyView {
    PolicyView {
        locked: s.error == Some(PolicyError::AccountLocked),
        expired: s.error == Some(PolicyError::PasswordExpired),
        must_change: s.error == Some(PolicyError::ChangeAfterReset),
        grace_logins_left: s.grace_logins_left,
        seconds_to_expiry: s.time_before_expiration,
        reported: true,
    }
}

/// The account is disabled for the application, by provider status or server type.
fn disabled(p: &Provider, e: &SearchEntry) -> Option<Diagnosis> {
    if let (Some(attr), Some(off)) = (p.attribute("status"), p.status_disabled_value.as_deref())
        && values(e, attr).iter().any(|v| v.eq_ignore_ascii_case(off))
    {
        return Some(Diagnosis::new(
            Cause::AccountDisabled,
            format!("the password is right, but {attr} is {off}: the account is disabled"),
            format!("enable it (ldapdeck users enable) or change {attr}"),
        ));
    }
    let uac_disabled = p.server_type == ServerType::ActiveDirectory
        && values(e, "userAccountControl")
            .first()
            .and_then(|v| v.parse::<u32>().ok())
            .is_some_and(|uac| uac & 0x2 != 0);
    let ipa_locked = matches!(p.server_type, ServerType::FreeIpa | ServerType::Ds389)
        && values(e, "nsAccountLock")
            .iter()
            .any(|v| v.eq_ignore_ascii_case("true"));
    (uac_disabled || ipa_locked).then(|| {
        Diagnosis::new(
            Cause::AccountDisabled,
            "the account is disabled on the server",
            "enable it (ldapdeck users enable)",
        )
    })
}
