//! A write from the console: what the user asked (intent), what the server will get (plan,
//! shown as LDIF), the confirmation, and the outcome. The journal pane lists applied writes.

use ratatui_textarea::TextArea;

use super::action::JobId;
use super::dialogs::{input, text_of};
use crate::config::{Provider, Secret};
use crate::journal::Record;
use crate::ldap::change::{Change, Image};

/// What the user asked for, before the entry is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Enable a disabled user, or disable an enabled one.
    ToggleStatus {
        /// The entry.
        dn: String,
        /// Its login, for the words.
        id: String,
    },
    /// Delete the user.
    Delete {
        /// The entry.
        dn: String,
        /// Its login, typed to confirm.
        id: String,
    },
    /// Take back a journaled write.
    Undo(Box<Record>),
    /// Create a user in tenant/group.
    Create {
        /// Tenant (ou layout).
        tenant: Option<String>,
        /// Group: the parent OU (ou layout) or a membership group to join.
        group: Option<String>,
        /// The login.
        id: String,
        /// LDAP attribute → values.
        attrs: Vec<(String, Vec<String>)>,
    },
    /// Change fields: attribute → the one value wanted (`None`: delete the attribute).
    Modify {
        /// The entry.
        dn: String,
        /// Its login, for the words.
        id: String,
        /// The changed fields.
        wants: Vec<(String, Option<String>)>,
    },
    /// Set the user's password.
    Password {
        /// The entry.
        dn: String,
        /// Its login, for the words.
        id: String,
        /// The new password (memory only).
        secret: Secret,
        /// Must change it at the next login.
        must_change: bool,
    },
    /// Put the user in some groups and take them out of others (group DNs).
    Groups {
        /// The user's entry.
        dn: String,
        /// Its login, for the words.
        id: String,
        /// Groups to join.
        add: Vec<String>,
        /// Groups to leave.
        remove: Vec<String>,
    },
}

/// One change ready to send, with the image it was computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The change.
    pub change: Change,
    /// The entry as read, for the conflict check and the inverse.
    pub before: Option<Image>,
    /// The journal record this takes back.
    pub undoes: Option<String>,
}

/// A password to set: sent by Password Modify or an attribute replace, journaled without
/// its value and without an undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordStep {
    /// What is sent, and how.
    pub reset: crate::ldap::password_reset::Reset,
    /// The password (memory only; Debug redacts it).
    pub secret: Secret,
}

/// The changes of an intent, computed from the entry as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Planned {
    /// What the dialog is titled ("Disable alice").
    pub title: String,
    /// The changes, in order; empty when there is nothing to do.
    pub steps: Vec<Step>,
    /// A remark shown with the preview.
    pub note: Option<String>,
    /// Something the user must know (e.g. a policy that ignores the change): shown with the
    /// preview and again after sending.
    pub warning: Option<String>,
    /// Text the user must type to confirm (a delete asks for the login).
    pub type_to_confirm: Option<String>,
    /// A password to set, sent before the steps.
    pub password: Option<PasswordStep>,
}

impl Planned {
    /// Steps under a title, with nothing more to say.
    pub fn new(title: String, steps: Vec<Step>) -> Planned {
        Planned {
            title,
            steps,
            ..Planned::default()
        }
    }

    /// The preview: what is sent, in order, as LDIF (password values masked).
    pub fn preview(&self) -> String {
        let mut parts: Vec<String> = self.password.iter().map(|p| p.reset.preview()).collect();
        parts.extend(self.steps.iter().map(|s| s.change.ldif()));
        parts.join("\n")
    }
}

/// The write dialog's state.
#[derive(Debug, Clone)]
pub struct WriteDialog {
    /// The provider written to.
    pub provider: Provider,
    /// A typed bind password, in memory only.
    pub password: Option<Secret>,
    /// Words while the plan is made.
    pub title: String,
    /// The job planning or sending.
    pub job: Option<JobId>,
    /// The plan, once read.
    pub planned: Option<Planned>,
    /// The typed confirmation.
    pub typed: TextArea<'static>,
    /// Sending now.
    pub sending: bool,
    /// Why it failed (the dialog stays to show it).
    pub error: Option<String>,
}

impl WriteDialog {
    /// A dialog that waits for the plan of `title`.
    pub fn new(provider: Provider, password: Option<Secret>, title: String, job: JobId) -> Self {
        WriteDialog {
            provider,
            password,
            title,
            job: Some(job),
            planned: None,
            typed: input(false),
            sending: false,
            error: None,
        }
    }

    /// Whether Enter may send now.
    pub fn can_send(&self) -> bool {
        let Some(p) = &self.planned else {
            return false;
        };
        !self.sending
            && self.job.is_none()
            && (!p.steps.is_empty() || p.password.is_some())
            && p.type_to_confirm
                .as_ref()
                .is_none_or(|want| text_of(&self.typed) == *want)
    }
}

/// The journal pane: this provider's applied writes, newest first.
#[derive(Debug, Clone)]
pub struct JournalPane {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password, for undo.
    pub password: Option<Secret>,
    /// Records, newest first.
    pub records: Vec<Record>,
    /// Selected row.
    pub selected: usize,
    /// The job reading the file.
    pub job: Option<JobId>,
    /// Why it could not be read.
    pub error: Option<String>,
}

impl JournalPane {
    /// Ids of the records a later record undid (shown as undone).
    pub fn undone(&self) -> std::collections::HashSet<String> {
        crate::journal::undone(&self.records)
    }

    /// A pane loading with `job`.
    pub fn new(provider: Provider, password: Option<Secret>, job: JobId) -> Self {
        JournalPane {
            provider,
            password,
            records: Vec::new(),
            selected: 0,
            job: Some(job),
            error: None,
        }
    }

    /// The selected record.
    pub fn current(&self) -> Option<&Record> {
        self.records.get(self.selected)
    }

    /// Moves the selection, clamped.
    pub fn move_by(&mut self, d: isize) {
        let last = self.records.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + d).clamp(0, last.max(0)) as usize;
    }
}
