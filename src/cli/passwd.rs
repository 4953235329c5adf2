//! `users passwd`: an administrator sets a user's password. The new password comes from a
//! no-echo prompt (twice), stdin, or --generate (shown once); never from argv. Journaled
//! without the value and without an undo.

use std::io::BufRead;

use clap::Args;
use serde_json::json;

use super::output::Output;
use super::password::{PasswordArgs, prompt};
use super::user_edit::find;
use super::users::Place;
use super::write::{Confirm, confirm, connect, report, runtime, writable};
use crate::config::{Secret, ServerType};
use crate::error::{EXIT_OK, Error};
use crate::journal;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::write::account::policy_warning;
use crate::ldap::write::edit;
use crate::ldap::write::password_reset::{self, Reset};

/// `users passwd`
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// Provider slug.
    pub slug: String,
    /// The user's id (login).
    pub id: String,
    #[command(flatten)]
    place: Place,
    /// Read the new password from the first line of standard input.
    #[arg(long, conflicts_with = "generate")]
    pub new_password_stdin: bool,
    /// Make a strong random password and show it once.
    #[arg(long)]
    pub generate: bool,
    /// Length of a generated password.
    #[arg(long, default_value_t = 20, requires = "generate")]
    pub length: usize,
    /// The user must change it at the next login (ppolicy pwdReset / AD pwdLastSet=0).
    #[arg(long)]
    pub must_change: bool,
    #[command(flatten)]
    confirm: Confirm,
    #[command(flatten)]
    password: PasswordArgs,
}

fn new_password(a: &PasswdArgs) -> Result<Secret, Error> {
    if a.generate {
        return password_reset::generate(a.length)
            .map(Secret::new)
            .map_err(|e| Error::Input(format!("cannot read /dev/urandom: {e}")));
    }
    let pw = if a.new_password_stdin {
        if a.password.password_stdin {
            return Err(Error::Usage(
                "stdin can carry one password: give the bind password with --password-env".into(),
            ));
        }
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::Input(format!("cannot read stdin: {e}")))?;
        Secret::new(line.trim_end_matches(['\n', '\r']))
    } else {
        let ask = |q: &str| match prompt(q) {
            Some(r) => r.map_err(Error::Ldap),
            None => Err(Error::Usage(
                "no terminal to ask the new password on: use --new-password-stdin or --generate"
                    .into(),
            )),
        };
        let first = ask(&format!("New password for {}: ", a.id))?;
        let again = ask("Again: ")?;
        if first.expose() != again.expose() {
            return Err(Error::Usage(
                "the two passwords differ; nothing was sent".into(),
            ));
        }
        first
    };
    if pw.is_empty() {
        return Err(Error::Usage("an empty password is refused".into()));
    }
    Ok(pw)
}

/// `users passwd`.
pub fn passwd(path: &std::path::Path, a: PasswdArgs, out: &Output) -> Result<i32, Error> {
    let p = writable(out, path, &a.slug)?;
    let pw = new_password(&a)?;
    let ad = p.server_type == ServerType::ActiveDirectory;
    runtime()?.block_on(async {
        let mut c = connect(&p, &a.password).await?;
        let (dn, _) = find(&p, &mut c, &a.place, &a.id).await?;
        let before = edit::read_with(&mut c.session, &dn, &["pwdPolicySubentry"])
            .await
            .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?
            .unwrap_or_default();
        let exts = password_reset::extensions(&mut c.session)
            .await
            .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?;
        // Where the server owns the must-change flag (389: pwdReset is NO-USER-MODIFICATION)
        // it is not written: the second write would fail after the password had changed.
        let server_owned = !ad && password_reset::flag_is_server_owned(&mut c.session).await;
        let reset = Reset::plan(
            p.server_type,
            &exts,
            c.url.tls || p.starttls,
            &dn,
            a.must_change && !server_owned,
        )
        .map_err(Error::Ldap)?;
        let mut preview = reset.preview();
        if server_owned {
            preview.push_str(&format!("# {}\n", password_reset::SERVER_OWNED_FLAG));
        }
        if !confirm(&preview, &a.confirm, out)? {
            return Ok(EXIT_OK);
        }
        let rec = journal::record(&p.slug, &reset.masked, None);
        crate::writes::journaled(&rec, &c.ctx, reset.send(&mut c.session, &pw)).await?;
        // What the server left, not what was asked: 389 decides by its policy.
        let after = edit::read_with(
            &mut c.session,
            &dn,
            &["pwdReset", "passwordExpirationTime", "pwdLastSet"],
        )
        .await
        .ok()
        .flatten();
        let must_change = match &after {
            // The same reading as the STATE column's (pwdReset, AD's pwdLastSet 0, 389's reset).
            Some(after) => {
                crate::ldap::write::account::AccountState::of(
                    &crate::ldap::write::account::Scheme::of(&p),
                    &crate::ldap::read::expiry::Ages::default(),
                    |x: &str| crate::ldap::write::change::texts(after, x),
                )
                .must_change
            }
            // Unreadable afterwards: what was sent is all there is to say.
            None => reset.must_change.is_some(),
        };
        // OpenLDAP enforces pwdReset only under a policy with pwdMustChange: TRUE.
        let warning = if server_owned && a.must_change && !must_change {
            Some(
                "the server owns the must-change flag and did not set it: on 389 DS turn on its policy's passwordMustChange (dsconf INSTANCE pwpolicy set --pwdmustchange on); the new password works as it is"
                    .to_string(),
            )
        } else if a.must_change && !ad && !server_owned {
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
        c.session.close().await;
        let mut results =
            json!({"password": "set", "must_change": must_change, "method": reset.method.describe()});
        if let Some(w) = &warning {
            results["warning"] = json!(w);
            out.note(&format!("warning: {w}"));
        }
        report(out, &rec, results);
        if a.generate {
            // Shown once, outside the JSON document, so logs of the JSON never hold it.
            let line = format!("new password (shown once): {}", pw.expose());
            if out.json {
                eprintln!("{line}");
            } else {
                out.text(&line);
            }
        }
        Ok(EXIT_OK)
    })
}
