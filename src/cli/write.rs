//! What every write from the shell shares: the preview and confirmation, the connection, and
//! the commit that checks for conflicts, sends the change and journals its inverse.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args;
use serde_json::{Value, json};

use super::output::Output;
use super::password::{PasswordArgs, for_bind};
use crate::config::Provider;
use crate::error::Error;
use crate::journal;
use crate::ldap::net::connect::{Connected, open_bound};
use crate::ldap::net::tls;
use crate::ldap::write::change::{Change, Image};

/// Confirmation flags shared by every write.
#[derive(Debug, Args, Default)]
pub struct Confirm {
    /// Apply without asking (required when stdin is not a terminal).
    #[arg(long)]
    pub yes: bool,
    /// Print the change as LDIF and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub(super) fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Input(format!("cannot start the async runtime: {e}")))
}

pub(super) fn writable(
    out: &Output,
    path: &std::path::Path,
    slug: &str,
) -> Result<Provider, Error> {
    let p = out.load(path)?.get(slug)?.clone();
    if p.read_only {
        return Err(Error::Usage(format!(
            "provider '{slug}' is read-only (read_only = true): ldapdeck offers no write for it"
        )));
    }
    Ok(p)
}

/// Prints the preview on stderr and decides whether to send.
pub(super) fn confirm(preview: &str, c: &Confirm, out: &Output) -> Result<bool, Error> {
    let _ = writeln!(std::io::stderr(), "{}", crate::text::visible(preview));
    if c.dry_run {
        if !out.json {
            out.note("dry run: nothing was sent");
        }
        return Ok(false);
    }
    if c.yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "this writes to the directory: add --yes (stdin is not a terminal to ask on)".into(),
        ));
    }
    let _ = write!(std::io::stderr(), "Apply this change? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

pub(super) async fn connect(p: &Provider, flags: &PasswordArgs) -> Result<Connected, Error> {
    connect_as(p, for_bind(p, flags)).await
}

/// `connect` with the password already obtained (to open a second connection without
/// asking twice).
pub(super) async fn connect_as(
    p: &Provider,
    password: crate::ldap::doctor::Password,
) -> Result<Connected, Error> {
    let setup =
        tls::setup(p.ca_file.as_deref(), p.tls_verify).map_err(|e| Error::Input(e.to_string()))?;
    let c = open_bound(p, &setup, password)
        .await
        .map(|(c, _)| c)
        .map_err(Error::Ldap)?;
    // Failover is said, as the doctor says it: the first URL is down or does not answer.
    for (url, d) in &c.failed_before {
        let line = format!(
            "warning: {url} failed ({}: {}); used {}\n",
            d.cause, d.detail, c.url
        );
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            crate::text::visible(&line).as_bytes(),
        );
    }
    Ok(c)
}

/// Checks the entry did not change, sends the change, journals it with its inverse.
pub(super) async fn commit(
    p: &Provider,
    c: &mut Connected,
    change: &Change,
    before: Option<&Image>,
    undoes: Option<String>,
) -> Result<journal::Record, Error> {
    Ok(crate::writes::commit(p, c, change, before, undoes).await?)
}

pub(super) fn report(out: &Output, rec: &journal::Record, results: Value) {
    if out.json {
        out.json(&json!({"dn": rec.dn, "change": rec.kind, "results": results, "journal": rec.id}));
    } else {
        let detail = match &results {
            Value::Object(m) if !m.is_empty() => {
                let parts: Vec<String> = m
                    .iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => format!("{k} {s}"),
                        Value::Bool(b) => format!("{k} {}", if *b { "yes" } else { "no" }),
                        other => format!("{k} {other}"),
                    })
                    .collect();
                format!(": {}", parts.join(", "))
            }
            _ => String::new(),
        };
        out.text(&format!(
            "{} {}{detail}\njournal {} (ldapdeck journal undo {})",
            rec.kind, rec.dn, rec.id, rec.id
        ));
    }
}
