//! The connection doctor: finds out, step by step, why a provider does not work.
//!
//! Each step reports as soon as it ends (`on_step`), so the TUI can show them live.

pub mod commands;
mod directory;
pub mod rootdse;
mod transport;

use std::time::Instant;

use serde::Serialize;

use crate::config::validate::validate;
use crate::config::{Provider, Secret};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::net::tls;

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Fine.
    Ok,
    /// Works, but something deserves attention.
    Warning,
    /// Broken: the cause says why.
    Failed,
    /// Not run (an earlier step failed, or nothing to check).
    Skipped,
}

/// One step of the doctor.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Stable step id: config, dns, tcp, tls, bind, rootdse, base_dn, users, groups.
    pub step: &'static str,
    /// How it ended.
    pub status: Status,
    /// Milliseconds it took.
    pub ms: u64,
    /// One line for people.
    pub detail: String,
    /// More lines (addresses, certificate chain, controls...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
    /// Stable cause code when failed (or a warning with a named cause).
    pub cause: Option<&'static str>,
    /// What to do.
    pub hint: Option<String>,
    /// The command that checks the same thing by hand (getent, nc, openssl, ldapwhoami,
    /// ldapsearch); never a password.
    pub command: Option<String>,
}

impl Step {
    fn new(step: &'static str, status: Status, detail: impl Into<String>) -> Step {
        Step {
            step,
            status,
            ms: 0,
            detail: detail.into(),
            lines: Vec::new(),
            cause: None,
            hint: None,
            command: None,
        }
    }

    fn failed(step: &'static str, d: Diagnosis) -> Step {
        Step {
            cause: Some(d.cause.code()),
            hint: Some(d.hint),
            ..Step::new(step, Status::Failed, d.detail)
        }
    }

    fn warning(step: &'static str, detail: impl Into<String>, hint: impl Into<String>) -> Step {
        Step {
            hint: Some(hint.into()),
            ..Step::new(step, Status::Warning, detail)
        }
    }

    fn with_lines(mut self, lines: Vec<String>) -> Step {
        self.lines = lines;
        self
    }
}

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The provider's slug.
    pub provider: String,
    /// No step failed.
    pub ok: bool,
    /// TLS was used and the certificate verified (the same as `tls.verified`).
    pub tls_verified: bool,
    /// What the TLS step actually did (not what the provider asks for).
    pub tls: TlsUse,
    /// Every step, in order.
    pub steps: Vec<Step>,
}

/// What happened at the TLS step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TlsUse {
    /// A TLS session was established (ldaps:// or StartTLS).
    pub used: bool,
    /// The server certificate was verified against the trusted CAs.
    pub verified: bool,
    /// The negotiated version (`TLSv1_3`), when TLS was used.
    pub version: Option<String>,
}

impl Report {
    /// The report of a run that did not finish because the LDAP client panicked on what the
    /// server sent (`why`): one failed bind step.
    pub fn crashed(provider: &str, why: &str) -> Report {
        Report {
            provider: provider.to_string(),
            ok: false,
            tls_verified: false,
            tls: TlsUse::default(),
            steps: vec![Step::failed(
                "bind",
                Diagnosis::new(
                    Cause::ServerProtocolError,
                    format!("the LDAP client crashed on data from the server{why}"),
                    "the server sent something malformed; capture it with tcpdump and compare with ldapsearch",
                ),
            )],
        }
    }

    /// The first failed step, if any.
    pub fn failure(&self) -> Option<&Step> {
        self.steps.iter().find(|s| s.status == Status::Failed)
    }
}

/// The bind password as the caller obtained it.
#[derive(Debug, Clone)]
pub enum Password {
    /// No bind DN: an anonymous bind.
    Anonymous,
    /// A password and where it came from, in words.
    Given(Secret, String),
    /// The source failed; the sentence says how.
    Unavailable(Diagnosis),
}

/// The rest of the steps, shown as skipped after a failure.
pub const ORDER: [&str; 9] = [
    "config", "dns", "tcp", "tls", "bind", "rootdse", "base_dn", "users", "groups",
];

/// Runs every step against `p`, calling `on_step` as each one ends.
pub async fn run(
    p: &Provider,
    password: Password,
    on_step: &mut (dyn FnMut(&Step) + Send),
) -> Report {
    let mut steps: Vec<Step> = Vec::new();
    let mut emit = |s: Step, started: Instant, steps: &mut Vec<Step>| {
        let s = Step {
            ms: started.elapsed().as_millis() as u64,
            command: commands::equivalent(p, s.step),
            ..s
        };
        on_step(&s);
        steps.push(s);
    };

    // 1. configuration and password source.
    let t = Instant::now();
    let problems = validate(p);
    let setup = tls::setup(p.ca_file.as_deref(), p.tls_verify);
    let config_step = match (&setup, problems.is_empty(), &password) {
        (Err(e), _, _) => Step::failed(
            "config",
            Diagnosis::new(
                Cause::ConfigInvalid,
                e.to_string(),
                "point ca_file at a PEM file with the CA certificate(s)",
            ),
        ),
        (_, false, _) => Step::failed(
            "config",
            Diagnosis::new(
                Cause::ConfigInvalid,
                format!("{} problem(s) in the provider", problems.len()),
                "fix them in providers.toml (ldapdeck providers show/edit)",
            ),
        )
        .with_lines(problems.iter().map(|pr| pr.to_string()).collect()),
        (_, true, Password::Unavailable(d)) => Step::failed("config", d.clone()),
        (_, true, Password::Given(s, _)) if s.is_empty() => Step::failed(
            "config",
            Diagnosis::new(
                Cause::EmptyPassword,
                "the password is empty: that would be an anonymous bind that many servers accept",
                "give the service account's real password",
            ),
        ),
        (_, true, Password::Given(_, source)) => Step::new(
            "config",
            Status::Ok,
            format!("valid; password from {source} (not shown)"),
        ),
        (_, true, Password::Anonymous) => {
            Step::new("config", Status::Ok, "valid; no bind_dn: anonymous bind")
        }
    };
    emit(config_step, t, &mut steps);
    // Problems elsewhere in the provider do not stop the network steps when the URLs are
    // usable: the sysadmin sees both what to fix and how far the connection gets.
    let urls_ok = !p.urls.is_empty() && !problems.iter().any(|pr| pr.field.starts_with("urls"));
    let setup = match setup {
        Ok(s) if urls_ok => s,
        _ => return finish(p, steps, TlsUse::default(), on_step),
    };

    // 2-4. DNS, TCP and TLS.
    let transport = transport::run(p, &setup, &password, &mut |s, t| emit(s, t, &mut steps)).await;
    let Some(reached) = transport else {
        return finish(p, steps, TlsUse::default(), on_step);
    };
    let usable = match &password {
        Password::Anonymous => true,
        Password::Given(s, _) => !s.is_empty(),
        Password::Unavailable(_) => false,
    };
    if !usable {
        return finish(p, steps, TlsUse::default(), on_step);
    }

    // 5-9. bind, RootDSE, base DN, users, groups.
    let tls = reached.tls.clone();
    directory::run(p, &setup, &password, reached, &mut |s, t| {
        emit(s, t, &mut steps)
    })
    .await;
    finish(p, steps, tls, on_step)
}

fn finish(
    p: &Provider,
    mut steps: Vec<Step>,
    tls: TlsUse,
    on_step: &mut (dyn FnMut(&Step) + Send),
) -> Report {
    let failed = steps.iter().any(|s| s.status == Status::Failed);
    for id in ORDER {
        if !steps.iter().any(|s| s.step == id) {
            let why = if failed {
                "not run: an earlier step failed"
            } else {
                "not run: an earlier step could not complete"
            };
            let s = Step {
                command: commands::equivalent(p, id),
                ..Step::new(id, Status::Skipped, why)
            };
            on_step(&s);
            steps.push(s);
        }
    }
    Report {
        provider: p.slug.clone(),
        ok: !steps.iter().any(|s| s.status == Status::Failed),
        tls_verified: tls.verified,
        tls,
        steps,
    }
}

/// What the transport steps found: where to connect for the bind.
pub(crate) struct Reached {
    url: crate::syntax::url::LdapUrl,
    addr: std::net::SocketAddr,
    ctx: crate::ldap::failure::classify::Context,
    tls: TlsUse,
}

type Emit<'a> = dyn FnMut(Step, Instant) + Send + 'a;
