//! `ldapdeck authorize SLUG USER`: log a user in as an application would.

use serde_json::json;

use super::doctor::runtime;
use super::output::Output;
use super::password::{PasswordArgs, for_bind, from_flags, prompt};
use super::target::{self, TargetArgs};
use crate::error::{EXIT_FAILED, EXIT_OK, Error};
use crate::ldap::authorize::{Outcome, authorize};

/// Exit code when authorize could not reach a verdict (the directory or the service account
/// failed): the user was not refused.
pub const EXIT_NOT_CHECKED: i32 = 3;

/// Runs one authorize and prints the outcome; exit 0 allowed, 1 refused, 3 could not check.
pub fn run(
    path: &std::path::Path,
    slug: &str,
    how: &TargetArgs,
    user: &str,
    flags: &PasswordArgs,
    out: &Output,
) -> Result<i32, Error> {
    let p = target::resolve(path, Some(slug), how, out)?.provider;
    let password = match from_flags(flags) {
        Ok(Some((s, _))) => s,
        Ok(None) => match prompt(&format!("Password for {user}: ")) {
            Some(Ok(s)) => s,
            Some(Err(d)) => return Err(Error::Input(d.detail)),
            None => {
                return Err(Error::Usage(
                    "no password: there is no terminal to ask on; use --password-stdin or --password-env VAR".into(),
                ));
            }
        },
        Err(d) => return Err(Error::Input(format!("{}; {}", d.detail, d.hint))),
    };
    // The service account's password: the provider's source (or a prompt), never the user's flags.
    let service = for_bind(&p, &PasswordArgs::default());
    let rt = runtime()?;
    let user_owned = user.to_string();
    let outcome = rt
        .block_on(async move {
            tokio::spawn(async move { authorize(&p, service, &user_owned, &password).await }).await
        })
        .map_err(|e| {
            Error::Input(format!(
                "the LDAP client crashed on data from the server ({e})"
            ))
        })?;
    if out.json {
        out.json(&json!(outcome));
    } else {
        out.text(&render(&outcome));
    }
    Ok(match (outcome.allowed, outcome.checked) {
        (true, _) => EXIT_OK,
        (false, true) => EXIT_FAILED,
        (false, false) => EXIT_NOT_CHECKED,
    })
}

/// The outcome as aligned text.
pub fn render(o: &Outcome) -> String {
    let mut s = if o.allowed {
        format!("{}: ALLOWED: {}\n", o.user, o.reason)
    } else {
        format!(
            "{}: {} [{}]: {}\n",
            o.user,
            o.verdict(),
            o.cause.unwrap_or("unknown"),
            o.reason
        )
    };
    if let Some(h) = &o.hint {
        s.push_str(&format!("  hint:       {h}\n"));
    }
    for c in &o.checks {
        let mark = if c.passed { "✓" } else { "✗" };
        s.push_str(&format!("  {mark} {:<16} {}\n", c.check, c.detail));
    }
    if let Some(dn) = &o.dn {
        s.push_str(&format!("  dn:         {dn}\n"));
    }
    for (k, v) in &o.attributes {
        s.push_str(&format!("  {:<11} {}\n", format!("{k}:"), v.join(", ")));
    }
    if o.dn.is_some() {
        let groups = if o.groups.is_empty() {
            "(none)".to_string()
        } else {
            o.groups.join("; ")
        };
        s.push_str(&format!("  groups:     {groups}\n"));
        for m in &o.inherited_groups {
            s.push_str(&format!("  inherited:  {} ({})\n", m.group, m.via()));
        }
    }
    if let Some(pp) = o.password_policy.summary() {
        s.push_str(&format!("  ppolicy:    {pp}\n"));
    }
    for w in &o.warnings {
        s.push_str(&format!("  warning:    {w}\n"));
    }
    s
}
