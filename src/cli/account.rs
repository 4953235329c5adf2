//! `users enable|disable`: flips the server's own "disabled" marker (AD userAccountControl,
//! FreeIPA nsAccountLock, ppolicy pwdAccountLockedTime, or the provider's status attribute),
//! previewed, confirmed and journaled like every write.

use clap::Args;
use serde_json::json;

use super::output::Output;
use super::password::PasswordArgs;
use super::user_edit::find;
use super::users::Place;
use super::write::{Confirm, commit, confirm, connect, report, runtime, writable};
use crate::error::{EXIT_OK, Error};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::write::account::{Scheme, check_disable};
use crate::ldap::write::change::{Change, diff};
use crate::ldap::write::edit;

/// `users enable` / `users disable`
#[derive(Debug, Args)]
pub struct StatusArgs {
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

/// Enables (`disable = false`) or disables a user.
pub fn set_status(
    path: &std::path::Path,
    a: StatusArgs,
    disable: bool,
    out: &Output,
) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    let scheme = Scheme::of(&p);
    let word = if disable { "disabled" } else { "enabled" };
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let (dn, _) = find(&p, &mut c, &a.place, &a.id).await?;
        let before = edit::read_with(&mut c.session, &dn, &scheme.read_attrs())
            .await
            .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?
            .unwrap_or_default();
        if scheme.is_disabled(&before) == disable {
            if out.json {
                out.json(&json!({"dn": dn, "status": word, "change": null}));
            } else {
                out.text(&format!("{dn} is already {word}: nothing to send"));
            }
            return Ok(EXIT_OK);
        }
        let want = scheme.want(&before, disable).map_err(Error::Usage)?;
        let mods = diff(&before, &[want]);
        let change = Change::Modify { dn, mods };
        // slapd ignores pwdAccountLockedTime unless the user's policy has pwdLockout: TRUE
        // (slapo-ppolicy(5)): known before sending, so --dry-run and the preview say it too.
        let warning = if disable && scheme == Scheme::PpolicyLock {
            match check_disable(&mut c.session, &before).await {
                Ok(warning) => warning,
                Err(why) => {
                    c.session.close().await;
                    return Err(Error::Ldap(Diagnosis::new(
                        Cause::NotEffective,
                        format!("nothing was sent: {why}"),
                        "pick a scheme that takes effect, then disable again",
                    )));
                }
            }
        } else {
            None
        };
        let mut preview = change.ldif();
        if let Some(w) = &warning {
            preview.push_str(&format!("# warning: {w}\n"));
        }
        if !confirm(&preview, &a.confirm, out)? {
            return Ok(EXIT_OK);
        }
        let rec = commit(&p, &mut c, &change, Some(&before), None).await?;
        c.session.close().await;
        let mut results = json!({"status": word});
        if let Some(w) = &warning {
            results["warning"] = json!(w);
            out.note(&format!("warning: {w}"));
        }
        report(out, &rec, results);
        Ok(EXIT_OK)
    })
}
