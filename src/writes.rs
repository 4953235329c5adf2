//! Sending one planned change, for the shell and the console alike: re-read what it replaces
//! and refuse on a conflict, apply it, and journal it with its inverse. Many changes at once
//! go as one journaled batch (`batch`).

pub mod assertion;
pub mod batch;
pub mod txn;

use crate::journal::{self, Record};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::{Change, Image, Mod, is_secret};
use crate::ldap::write::edit;

/// Why a write did not happen, or was not journaled.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server refused, or the entry changed since it was read.
    #[error("{}; {}", .0.detail, .0.hint)]
    Ldap(Diagnosis),
    /// The change was applied, but the journal could not be written.
    #[error("the change was applied but not journaled (no undo for it): {0}")]
    Journal(journal::Error),
    /// The journal could not be written before sending, so nothing was sent.
    #[error("the journal cannot be written, so nothing was sent: {0}")]
    NotSent(journal::Error),
}

/// The image an undo of `rec` (sending `inverse`) checks the server against: what the
/// write left, when the record kept it (a change made since is then a conflict, not
/// something to overwrite), else the entry as it is now. Operational attributes the
/// inverse touches are read by name.
pub async fn undo_before(
    c: &mut Connected,
    rec: &Record,
    inverse: &Change,
) -> Result<Option<Image>, Diagnosis> {
    let touched: Vec<&str> = match inverse {
        Change::Modify { mods, .. } => mods.iter().map(Mod::attr).collect(),
        _ => Vec::new(),
    };
    match (inverse, &rec.left) {
        // A delta (add or delete of named values) is checked by the server itself: deleting a
        // value that is gone, or adding one that is there, is refused. Other values of the
        // attribute may change meanwhile (a busy group) without making the undo wrong.
        (Change::Modify { mods, .. }, _) if mods.iter().all(Mod::is_delta) => Ok(None),
        (Change::Modify { .. }, Some(left)) => Ok(Some(left.clone())),
        // A batch checks each of its changes against what the batch left.
        (Change::Batch { .. }, _) => Ok(None),
        _ => edit::read_with(&mut c.session, inverse.dn(), &touched)
            .await
            .map_err(|e| classify_ldap(&e, Phase::Search, &c.ctx)),
    }
}

/// Checks the entry did not change since `before` was read, sends `change`, journals it
/// (with `undoes` when it takes back an earlier record).
pub async fn commit(
    p: &crate::config::Provider,
    c: &mut Connected,
    change: &Change,
    before: Option<&Image>,
    undoes: Option<String>,
) -> Result<Record, Error> {
    if let Change::Batch { .. } = change {
        // The undo of a batch: each change checked against what the batch left.
        let stop = std::sync::atomic::AtomicBool::new(false);
        let mut quiet = |_: usize, _: usize, _: &batch::Outcome| {};
        let opts = batch::Options {
            continue_on_error: false,
            stop: &stop,
            progress: &mut quiet,
            undoes,
            atomic: false,
        };
        let (rec, outcomes) = batch::commit_batch(p, c, batch::undo_steps(change), opts).await?;
        let applied = outcomes
            .iter()
            .filter(|o| **o == batch::Outcome::Applied)
            .count();
        return match outcomes.iter().find_map(|o| match o {
            batch::Outcome::Failed(d) => Some(d.clone()),
            _ => None,
        }) {
            None => Ok(rec),
            Some(d) => Err(Error::Ldap(Diagnosis::new(
                d.cause,
                format!(
                    "{applied} of {} changes were taken back, then: {} (journal {} has the part that was)",
                    outcomes.len(),
                    d.detail,
                    rec.id
                ),
                d.hint,
            ))),
        };
    }
    if let (Change::Modify { dn, mods }, Some(before)) = (change, before) {
        let touched: Vec<&str> = mods.iter().map(Mod::attr).collect();
        let now = edit::read_with(&mut c.session, dn, &touched)
            .await
            .map_err(|e| Error::Ldap(classify_ldap(&e, Phase::Search, &c.ctx)))?
            .unwrap_or_default();
        let changed = edit::conflicts(before, &now, &touched);
        if !changed.is_empty() {
            return Err(Error::Ldap(Diagnosis::new(
                Cause::Conflict,
                format!(
                    "{dn} changed on the server since it was read, so nothing was sent: {}",
                    changed.join("; ")
                ),
                "look at the entry again and repeat the change if it still applies",
            )));
        }
    }
    let mut rec = journal::record(&p.slug, change, change.inverse(before));
    rec.operation = change.operation_for(&crate::ldap::write::account::Scheme::of(p));
    rec.undoes = undoes;
    if let (Change::Modify { mods, .. }, Some(before), Some(_)) = (change, before, &rec.inverse) {
        let mut left = crate::ldap::write::change::after(before, mods);
        left.retain(|k, _| !is_secret(k));
        rec.left = Some(left);
    }
    journaled(&rec, &c.ctx, edit::apply(&mut c.session, change)).await?;
    Ok(rec)
}

/// Sends a write journaled as `rec`: the intent first (killed after the server accepted
/// the change, the journal still shows it, "may have been applied: check"), then how it
/// ended. Only a refusal is known to have changed nothing and is settled as failed; after a
/// timeout or a lost connection the intent stays.
pub async fn journaled(
    rec: &Record,
    ctx: &crate::ldap::failure::classify::Context,
    send: impl Future<Output = Result<(), ldap3::LdapError>>,
) -> Result<(), Error> {
    let dir = journal::dir();
    journal::intent(&dir, rec).map_err(Error::NotSent)?;
    if let Err(e) = send.await {
        if matches!(e, ldap3::LdapError::LdapResult { .. }) {
            let _ = journal::settle(&dir, rec, journal::Status::Failed);
        }
        return Err(Error::Ldap(classify_ldap(&e, Phase::Write, ctx)));
    }
    journal::settle(&dir, rec, journal::Status::Applied).map_err(Error::Journal)
}
