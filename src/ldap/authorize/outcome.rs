//! What an authorize found: the stage it ended at, the verdict and its cause, the user's
//! attributes and groups, and the password policy's view.

use crate::config::Provider;
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::text::human_secs;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Checking the input (empty password).
    Input,
    /// Connecting and binding as the service account.
    ServiceBind,
    /// Looking the user up.
    Search,
    /// Binding as the user.
    UserBind,
    /// Status checks after a good bind.
    Status,
    /// The provider's user_filter and sync_filter, clause by clause.
    Filter,
    /// The provider's required groups, through nested groups.
    Access,
    /// Allowed.
    Done,
}

/// One question of the checklist and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `found`, `user_filter`, `sync_filter`, `password`, `account`, `required_groups`.
    pub check: &'static str,
    /// The answer.
    pub passed: bool,
    /// Why, in a sysadmin's words (the failing clause, the group and its path).
    pub detail: String,
}

/// The password-policy state as reported.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PolicyView {
    /// The server said the account is locked.
    pub locked: bool,
    /// The password has expired.
    pub expired: bool,
    /// The password must be changed before anything else.
    pub must_change: bool,
    /// Logins left after expiry.
    pub grace_logins_left: Option<u64>,
    /// Seconds until the password expires.
    pub seconds_to_expiry: Option<u64>,
    /// The server answered with a password-policy control at all.
    pub reported: bool,
}

impl PolicyView {
    /// One line for people ("locked, 2 grace logins left"), or None when nothing was reported.
    pub fn summary(&self) -> Option<String> {
        if !self.reported {
            return None;
        }
        let mut bits: Vec<String> = [
            (self.locked, "locked"),
            (self.expired, "expired"),
            (self.must_change, "must change"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| w.to_string())
        .collect();
        if let Some(g) = self.grace_logins_left {
            bits.push(format!("{g} grace logins left"));
        }
        if let Some(t) = self.seconds_to_expiry {
            bits.push(format!("expires in {}", human_secs(t)));
        }
        if bits.is_empty() {
            bits.push("no warning".into());
        }
        Some(bits.join(", "))
    }
}

/// The outcome of one authorize.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Provider slug.
    pub provider: String,
    /// The login asked for.
    pub user: String,
    /// The application would let the user in.
    pub allowed: bool,
    /// The check reached a verdict about the user; false when it could not run (the
    /// directory unreachable, the service account refused, a timeout): then `allowed` is
    /// false without the user having been refused.
    pub checked: bool,
    /// Why, in words.
    pub reason: String,
    /// Stable cause code when refused.
    pub cause: Option<&'static str>,
    /// What to do about it.
    pub hint: Option<String>,
    /// Where the attempt ended.
    pub stage: Stage,
    /// The user's DN, once found.
    pub dn: Option<String>,
    /// Mapped fields → values.
    pub attributes: BTreeMap<String, Vec<String>>,
    /// Group DNs.
    pub groups: Vec<String>,
    /// Every question an application asks, in order, and its answer: the checklist.
    pub checks: Vec<Check>,
    /// Groups the user is in only through other groups, each with its path.
    pub inherited_groups: Vec<crate::ldap::read::nested::Membership>,
    /// Password-policy state from the bind.
    pub password_policy: PolicyView,
    /// Things worth knowing even when allowed (grace logins, expiry soon).
    pub warnings: Vec<String>,
}

impl Outcome {
    /// A refusal for a job that crashed before it could answer.
    pub fn crashed(p: &Provider, user: &str) -> Outcome {
        let mut o = Outcome::new(p, user);
        o.cause = Some(Cause::ServerProtocolError.code());
        o.hint = Some("the server sent something malformed; compare with ldapsearch".into());
        o
    }

    pub(super) fn new(p: &Provider, user: &str) -> Outcome {
        Outcome {
            provider: p.slug.clone(),
            user: user.to_string(),
            allowed: false,
            checked: false,
            reason: String::new(),
            cause: None,
            hint: None,
            stage: Stage::Input,
            dn: None,
            attributes: BTreeMap::new(),
            groups: Vec::new(),
            inherited_groups: Vec::new(),
            checks: Vec::new(),
            password_policy: PolicyView::default(),
            warnings: Vec::new(),
        }
    }

    /// Records one answer of the checklist.
    pub(super) fn check(&mut self, check: &'static str, passed: bool, detail: impl Into<String>) {
        self.checks.push(Check {
            check,
            passed,
            detail: detail.into(),
        });
    }

    pub(super) fn refuse(mut self, stage: Stage, d: Diagnosis) -> Outcome {
        // The service account's own failure says nothing about the user.
        self.checked = stage != Stage::ServiceBind && is_verdict(d.cause);
        self.stage = stage;
        self.reason = d.detail;
        self.cause = Some(d.cause.code());
        self.hint = Some(d.hint);
        self
    }
}

/// Causes that are an answer about the user; any other means the check could not run.
fn is_verdict(c: Cause) -> bool {
    matches!(
        c,
        Cause::EmptyPassword
            | Cause::NoSuchUser
            | Cause::AmbiguousUser
            | Cause::InvalidCredentials
            | Cause::AccountLocked
            | Cause::AccountDisabled
            | Cause::PasswordExpired
            | Cause::PasswordMustChange
            | Cause::FilterClauseFalse
            | Cause::NotInRequiredGroup
    )
}

impl Outcome {
    /// "ALLOWED", "REFUSED" or "COULD NOT CHECK", for people.
    pub fn verdict(&self) -> &'static str {
        match (self.allowed, self.checked) {
            (true, _) => "ALLOWED",
            (false, true) => "REFUSED",
            (false, false) => "COULD NOT CHECK",
        }
    }
}
