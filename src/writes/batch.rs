//! Sending many changes as one journaled batch: the batch is journaled as an intent first,
//! each change is checked for conflicts and sent in order, a failure stops the rest unless
//! told to go on, and the record is settled with the inverses of what was applied (last
//! first), so one undo takes back exactly the applied part.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::journal::{self, Record, Status};
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::write::change::{Change, Image, Mod, after, is_secret};
use crate::ldap::write::edit;
use crate::spool::Spool;

use super::assertion;

/// How one change of a batch ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server took it.
    Applied,
    /// Refused, or it changed since it was read (boxed: a batch holds one outcome a change).
    Failed(Box<Diagnosis>),
    /// Not sent (an earlier one failed, or the batch was stopped).
    Skipped,
}

impl Outcome {
    /// `applied`, `failed` or `skipped`.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Failed(..) => "failed",
            Outcome::Skipped => "skipped",
        }
    }
}

/// How a batch is sent.
pub struct Options<'a> {
    /// Go on after a failure (else the rest is skipped).
    pub continue_on_error: bool,
    /// Set from elsewhere (Esc, Ctrl-C): stop before the next change.
    pub stop: &'a AtomicBool,
    /// Called after each change: (done so far, total, its outcome).
    pub progress: &'a mut (dyn FnMut(usize, usize, &Outcome) + Send),
    /// The journal record this batch takes back.
    pub undoes: Option<String>,
    /// In one LDAP transaction (RFC 5805): all or nothing.
    pub atomic: bool,
}

/// The attributes a modify's conflict check re-reads, when it needs one (a replace or a
/// delete of every value; a delta is checked by the server itself).
fn rereads(change: &Change, before: Option<&Image>) -> Option<(String, Vec<String>)> {
    let (Change::Modify { dn, mods }, Some(_)) = (change, before) else {
        return None;
    };
    if mods.iter().all(Mod::is_delta) {
        return None;
    }
    Some((
        dn.clone(),
        mods.iter().map(|m| m.attr().to_string()).collect(),
    ))
}

/// Reads what a conflict check compares, on a handle of its own.
async fn reread(
    ldap: &mut ldap3::Ldap,
    t: std::time::Duration,
    (dn, attrs): &(String, Vec<String>),
) -> Result<Option<Image>, ldap3::LdapError> {
    let a: Vec<&str> = attrs.iter().map(String::as_str).collect();
    edit::read_on(ldap, t, dn, &a).await
}

/// What changed on the server since `before` was read, from the entry as it is `now`.
fn conflict(
    c: &Connected,
    change: &Change,
    before: Option<&Image>,
    now: Option<Result<Option<Image>, ldap3::LdapError>>,
) -> Option<Diagnosis> {
    let (Change::Modify { dn, mods }, Some(before), Some(now)) = (change, before, now) else {
        return None;
    };
    let now = match now {
        Ok(now) => now.unwrap_or_default(),
        Err(e) => return Some(classify_ldap(&e, Phase::Search, &c.ctx)),
    };
    let touched: Vec<&str> = mods.iter().map(Mod::attr).collect();
    let changed = edit::conflicts(before, &now, &touched);
    (!changed.is_empty()).then(|| {
        Diagnosis::new(
            Cause::Conflict,
            format!(
                "{dn} changed on the server since it was read: {}",
                changed.join("; ")
            ),
            "look at the entry again",
        )
    })
}

/// What to re-read for the next change while `this` is sent: nothing when it is the same
/// entry (it must see this change), or when the server checks it in the write.
fn steps_next(
    this: &Change,
    next: Option<&(Change, Option<Image>)>,
    asserting: bool,
) -> Option<(String, Vec<String>)> {
    let (nc, nb) = next.map(|(c, b)| (c, b.as_ref()))?;
    if asserting && matches!(nc, Change::Modify { .. }) && nb.is_some_and(assertion::has_csn) {
        return None;
    }
    rereads(nc, nb).filter(|(dn, _)| !dn.eq_ignore_ascii_case(this.dn()))
}

/// The undo of a batch as it is sent: each applied change's inverse (in the order sent) and
/// what the change left on its entry.
#[derive(Default)]
pub struct Inverses {
    /// The inverses.
    pub changes: Spool<Change>,
    /// What each change left, by position.
    pub left: Spool<Option<Image>>,
}

/// Batches of more changes than this keep their steps and undo on disk (`Spool::on_disk`).
pub const IN_MEMORY: usize = 256;

/// A batch's changes as LDIF, joined by a blank line, made as it is written.
struct Ldif<'a>(&'a Spool<(Change, Option<Image>)>);

impl std::fmt::Display for Ldif<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (change, _)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&change.ldif())?;
        }
        Ok(())
    }
}

impl Inverses {
    /// An empty undo kept in sealed files beside the journal.
    fn on_disk() -> std::io::Result<Inverses> {
        let dir = journal::made_dir()?;
        Ok(Inverses {
            changes: Spool::on_disk(&dir)?,
            left: Spool::on_disk(&dir)?,
        })
    }

    /// Keeps one applied change's inverse and what it left; false when they cannot be kept.
    fn push(&mut self, inverse: &Change, left: &Option<Image>) -> bool {
        if self.changes.push(inverse).is_err() {
            return false;
        }
        if self.left.push(left).is_err() {
            self.changes.pop();
            return false;
        }
        true
    }

    /// As one batch change, last first (what the journal record holds).
    pub fn batch(&self) -> Option<Change> {
        (!self.changes.is_empty()).then(|| Change::Batch {
            changes: self.changes.iter().rev().collect(),
            left: self.left.iter().rev().collect(),
        })
    }
}

/// Sends `steps` (each change with the entry as read for it) as one journaled batch; the
/// returned record holds the batch's undo.
pub async fn commit_batch(
    p: &crate::config::Provider,
    c: &mut Connected,
    steps: Vec<(Change, Option<Image>)>,
    opts: Options<'_>,
) -> Result<(Record, Vec<Outcome>), super::Error> {
    let steps: Spool<_> = steps.into_iter().collect();
    let (mut rec, outcomes, inverses) = commit_spooled(p, c, &steps, opts).await?;
    rec.ldif = Ldif(&steps).to_string();
    rec.inverse = inverses.batch();
    Ok((rec, outcomes))
}

/// `commit_batch` of steps kept as JSON (a file's worth of changes), returning the undo
/// apart: the journal has it, and the record returned does not hold it again.
pub async fn commit_spooled(
    p: &crate::config::Provider,
    c: &mut Connected,
    steps: &Spool<(Change, Option<Image>)>,
    opts: Options<'_>,
) -> Result<(Record, Vec<Outcome>, Inverses), super::Error> {
    let total = steps.len();
    let mut rec = journal::record(
        &p.slug,
        &Change::Batch {
            changes: Vec::new(),
            left: Vec::new(),
        },
        None,
    );
    // One pass for the words and whether any entry was read with its sequence number.
    let (mut kinds, mut with_csn) = (Vec::with_capacity(total), false);
    for (c, b) in steps.iter() {
        kinds.push(c.kind());
        with_csn |= b.as_ref().is_some_and(assertion::has_csn);
    }
    let operation = crate::ldap::write::change::batch_words_of(kinds);
    // The batch's LDIF goes into the journal as it is made from the steps, never whole.
    let ldif = Ldif(steps);
    rec.operation = operation.clone();
    rec.dn = format!("{total} entries");
    rec.no_undo = None;
    rec.undoes = opts.undoes.clone();
    let txn = if opts.atomic {
        let id = super::txn::start(&mut c.session)
            .await
            .map_err(|e| super::Error::Ldap(classify_ldap(&e, Phase::Write, &c.ctx)))?;
        Some(id)
    } else {
        None
    };
    // Entries read with their change sequence number are checked by the server itself, in
    // the write (outside a transaction, where the server offers the control).
    let asserting = txn.is_none() && with_csn && assertion::offered(c).await;
    let dir = journal::dir();
    journal::intent_batch(&dir, &rec, &ldif).map_err(super::Error::NotSent)?;
    let mut outcomes = Vec::with_capacity(total);
    // Large batches keep their undo out of memory (sealed, beside the journal).
    let mut inverses = if total > IN_MEMORY {
        Inverses::on_disk().unwrap_or_default()
    } else {
        Inverses::default()
    };
    let (mut without_undo, mut without_password) = (0usize, 0usize);
    let mut failed = false;
    // The next change's re-read runs while this one is sent (one connection carries both):
    // the check still reads the entry after every earlier change to it was sent.
    let mut reader = c.session.ldap.clone();
    let t = c.session.timeout;
    let mut prefetched: Option<(usize, Result<Option<Image>, ldap3::LdapError>)> = None;
    // Read in order, a piece of the spool at a time.
    let mut pending = steps.iter();
    let mut ahead = pending.next();
    for i in 0..total {
        // One step read back at a time, and the next one for its re-read.
        let Some((change, planned)) = ahead.take() else {
            // Its spool could not be read back (a disk error): not sent, and said.
            failed = true;
            let outcome = Outcome::Failed(Box::new(Diagnosis::new(
                Cause::LocalIo,
                format!(
                    "change {} of the batch could not be read back from its spool",
                    i + 1
                ),
                "look at the disk of the journal's directory, then apply the rest again",
            )));
            (opts.progress)(i + 1, total, &outcome);
            outcomes.push(outcome);
            ahead = pending.next();
            continue;
        };
        ahead = pending.next();
        let change = &change;
        if (failed && !opts.continue_on_error) || opts.stop.load(Ordering::Relaxed) {
            outcomes.push(Outcome::Skipped);
            (opts.progress)(i + 1, total, &Outcome::Skipped);
            continue;
        }
        // An entry made or renamed earlier in the batch was not read when it was planned:
        // what its undo needs is read now, just before the change.
        let before = match (planned, change) {
            (Some(b), _) => Ok(Some(b)),
            (None, Change::Delete { dn, .. }) => edit::read(&mut c.session, dn).await,
            (None, Change::Modify { dn, mods }) if !mods.iter().all(Mod::is_delta) => {
                let touched: Vec<&str> = mods.iter().map(Mod::attr).collect();
                edit::read_with(&mut c.session, dn, &touched).await
            }
            (None, _) => Ok(None),
        };
        let mut before = match before {
            Ok(b) => b,
            Err(e) => {
                failed = true;
                let outcome = Outcome::Failed(Box::new(classify_ldap(&e, Phase::Search, &c.ctx)));
                (opts.progress)(i + 1, total, &outcome);
                outcomes.push(outcome);
                continue;
            }
        };
        let csn = before.as_mut().and_then(assertion::take_csn);
        let checked = rereads(change, before.as_ref());
        // Checked in the write itself, or by a re-read before it.
        let asserted = match (&csn, &checked, change) {
            (Some(csn), Some(_), Change::Modify { dn, mods }) if asserting => Some((dn, mods, csn)),
            _ => None,
        };
        let now = match (prefetched.take(), &checked) {
            _ if asserted.is_some() => None,
            (Some((at, now)), Some(_)) if at == i => Some(now),
            (_, Some(what)) => Some(reread(&mut reader, t, what).await),
            (_, None) => None,
        };
        // Prefetch the next one only when it is another entry (else this change is part of
        // what it must see), and not one the server checks.
        let next = steps_next(change, ahead.as_ref(), asserting);
        let sent = match conflict(c, change, before.as_ref(), now) {
            Some(d) => Err(d),
            None => {
                let send = async {
                    match (&txn, asserted) {
                        (Some(id), _) => super::txn::apply(&mut c.session, id, change)
                            .await
                            .map(|()| true),
                        (None, Some((dn, mods, csn))) => assertion::modify(c, dn, mods, csn).await,
                        (None, None) => edit::apply(&mut c.session, change).await.map(|()| true),
                    }
                };
                let fetch = async {
                    match &next {
                        Some(what) => Some(reread(&mut reader, t, what).await),
                        None => None,
                    }
                };
                let (sent, fetched) = tokio::join!(send, fetch);
                prefetched = fetched.map(|r| (i + 1, r));
                match (sent, &checked) {
                    (Ok(true), _) => Ok(()),
                    // The entry changed since it was read: decide on the touched attributes,
                    // as without the assertion.
                    (Ok(false), Some(what)) => {
                        let now = reread(&mut reader, t, what).await;
                        match conflict(c, change, before.as_ref(), Some(now)) {
                            Some(d) => Err(d),
                            None => edit::apply(&mut c.session, change)
                                .await
                                .map_err(|e| classify_ldap(&e, Phase::Write, &c.ctx)),
                        }
                    }
                    (Ok(false), None) => Ok(()),
                    (Err(e), _) => Err(classify_ldap(&e, Phase::Write, &c.ctx)),
                }
            }
        };
        let outcome = match sent {
            Ok(()) => {
                match change.inverse(before.as_ref()) {
                    Some(mut inv) if !change.touches_secret() => {
                        // A deleted entry comes back without its password, as for one delete.
                        if let Change::Add { attrs, .. } = &mut inv
                            && attrs.keys().any(|k| is_secret(k))
                        {
                            attrs.retain(|k, _| !is_secret(k));
                            without_password += 1;
                        }
                        let left = match (change, &before) {
                            (Change::Modify { mods, .. }, Some(b)) => {
                                let mut l = after(b, mods);
                                l.retain(|k, _| !is_secret(k));
                                Some(l)
                            }
                            _ => None,
                        };
                        if !inverses.push(&inv, &left) {
                            without_undo += 1;
                        }
                    }
                    _ => without_undo += 1,
                }
                Outcome::Applied
            }
            Err(d) => {
                failed = true;
                Outcome::Failed(Box::new(d))
            }
        };
        (opts.progress)(i + 1, total, &outcome);
        outcomes.push(outcome);
    }
    if let Some(id) = &txn {
        // All or nothing: a failure (or a stop) aborts, else the server commits.
        let stopped = outcomes.contains(&Outcome::Skipped);
        let ended = super::txn::end(&mut c.session, id, !failed && !stopped).await;
        let committed = !failed && !stopped && ended.is_ok();
        if !committed {
            for o in outcomes.iter_mut().filter(|o| **o == Outcome::Applied) {
                *o = Outcome::Skipped;
            }
            if let (Err(e), false) = (ended, failed) {
                let d = classify_ldap(&e, Phase::Write, &c.ctx);
                if let Some(first) = outcomes.first_mut() {
                    *first = Outcome::Failed(Box::new(Diagnosis::new(
                        d.cause,
                        format!(
                            "the server did not commit the transaction: {}; nothing was applied",
                            d.detail
                        ),
                        d.hint,
                    )));
                }
            }
            inverses = Inverses::default();
            (without_undo, without_password) = (0, 0);
        }
    }
    let applied = outcomes.iter().filter(|o| **o == Outcome::Applied).count();
    let n_failed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Failed(..)))
        .count();
    let notes: Vec<String> = [
        (without_undo > 0).then(|| {
            format!(
                "{without_undo} of the applied changes have no undo (passwords, unread entries)"
            )
        }),
        (without_password > 0).then(|| {
            format!("undo restores {without_password} deleted entries without their password")
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    rec.no_undo = (!notes.is_empty()).then(|| notes.join("; "));
    rec.operation = if applied == total {
        operation
    } else {
        format!(
            "{operation}: {applied} applied, {n_failed} failed, {} skipped",
            total - applied - n_failed
        )
    };
    let status = if applied > 0 {
        Status::Applied
    } else {
        Status::Failed
    };
    journal::settle_batch(
        &dir,
        &rec,
        status,
        &ldif,
        (&inverses.changes, &inverses.left),
    )
    .map_err(super::Error::Journal)?;
    Ok((rec, outcomes, inverses))
}

/// The entries an undo of a batch checks against: what each change left where the batch
/// kept it, else nothing (a delta, an add, a rename: the server checks those itself).
pub fn undo_steps(inverse: &Change) -> Vec<(Change, Option<Image>)> {
    let Change::Batch { changes, left } = inverse else {
        return vec![(inverse.clone(), None)];
    };
    changes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), left.get(i).cloned().flatten()))
        .collect()
}
