//! Getting a password without it ever touching argv: a no-echo prompt, stdin, or a variable.

use std::io::{BufRead, IsTerminal};

use clap::Args;

use crate::config::secrets::{describe, resolve};
use crate::config::{PasswordSource, Provider, Secret};
use crate::ldap::doctor::Password;
use crate::ldap::failure::cause::{Cause, Diagnosis};

/// Where to read a password from, instead of the configured source or a prompt.
#[derive(Debug, Args, Default)]
pub struct PasswordArgs {
    /// Read the password from the first line of standard input.
    #[arg(long, conflicts_with = "password_env")]
    pub password_stdin: bool,
    /// Read the password from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "password_file")]
    pub password_env: Option<String>,
    /// Read the password from the first line of this file.
    #[arg(long, value_name = "FILE", conflicts_with = "password_stdin")]
    pub password_file: Option<std::path::PathBuf>,
}

/// A password given by one of the flags, if any: Ok(None) when neither flag was used.
pub fn from_flags(a: &PasswordArgs) -> Result<Option<(Secret, String)>, Diagnosis> {
    if a.password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Diagnosis::new(
                Cause::PasswordSource,
                format!("cannot read standard input: {e}"),
                "pipe the password in",
            )
        })?;
        let pw = line.trim_end_matches(['\n', '\r']).to_string();
        return Ok(Some((Secret::new(pw), "standard input".into())));
    }
    if let Some(var) = &a.password_env {
        return match std::env::var(var) {
            Ok(v) => Ok(Some((
                Secret::new(v),
                format!("environment variable {var}"),
            ))),
            Err(_) => Err(Diagnosis::new(
                Cause::PasswordSource,
                format!("environment variable {var} is not set"),
                format!("export {var} or use --password-stdin"),
            )),
        };
    }
    if let Some(file) = &a.password_file {
        // As a provider's bind_password_file is read: a regular file, its first line, bounded.
        return match crate::config::secrets::password_from_file(file) {
            Ok(s) => Ok(Some((s, describe(&PasswordSource::File(file))))),
            Err(e) => Err(Diagnosis::new(
                Cause::PasswordSource,
                match e {
                    // Named as the flag, not as the provider field the reader is shared with.
                    crate::config::secrets::SecretError::File { path, source } => {
                        format!("cannot read --password-file {}: {source}", path.display())
                    }
                    other => other.to_string(),
                },
                "give a readable regular file whose first line is the password",
            )),
        };
    }
    Ok(None)
}

/// Asks on the terminal without echo; `None` when there is no terminal.
pub fn prompt(question: &str) -> Option<Result<Secret, Diagnosis>> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    Some(
        rpassword::prompt_password(question)
            .map(Secret::new)
            .map_err(|e| {
                Diagnosis::new(
                    Cause::PasswordSource,
                    format!("cannot read the password: {e}"),
                    "try --password-stdin",
                )
            }),
    )
}

/// The service account's password for the doctor: flags, then the provider's source, then a
/// prompt. An empty one is refused from every source: servers take it as an anonymous bind.
pub fn for_bind(p: &Provider, flags: &PasswordArgs) -> Password {
    if p.bind_dn.is_none() {
        return Password::Anonymous;
    }
    match any_source(p, flags) {
        Password::Given(s, src) if s.is_empty() => Password::Unavailable(Diagnosis::new(
            Cause::EmptyPassword,
            format!(
                "the password from {src} is empty: a server takes an empty password as an unauthenticated (anonymous) bind"
            ),
            "give the service account's real password",
        )),
        other => other,
    }
}

fn any_source(p: &Provider, flags: &PasswordArgs) -> Password {
    match from_flags(flags) {
        Ok(Some((s, src))) => return Password::Given(s, src),
        Err(d) => return Password::Unavailable(d),
        Ok(None) => {}
    }
    match resolve(p) {
        Ok(Some(s)) => Password::Given(s, describe(&p.password_source())),
        Err(e) => Password::Unavailable(Diagnosis::new(
            Cause::PasswordSource,
            e.to_string(),
            "fix the password source in the provider (ldapdeck providers edit)",
        )),
        Ok(None) => match prompt(&format!(
            "Password for {}: ",
            p.bind_dn.as_deref().unwrap_or("")
        )) {
            Some(Ok(s)) => Password::Given(s, describe(&PasswordSource::Prompt)),
            Some(Err(d)) => Password::Unavailable(d),
            None => Password::Unavailable(Diagnosis::new(
                Cause::PasswordMissing,
                "the provider has no password source and there is no terminal to ask on",
                "pass --password-env VAR, --password-file FILE or --password-stdin, or set bind_password_env, bind_password_file or bind_password_cmd in the provider",
            )),
        },
    }
}
