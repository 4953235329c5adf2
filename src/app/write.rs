//! A write from the console: what the user asked (intent), what the server will get (plan,
//! shown as LDIF), the confirmation, and the outcome. The journal pane lists applied writes.

use crate::config::Secret;
use crate::journal::Record;
use crate::ldap::write::change::{Change, Image};

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
    /// Change one attribute of any entry (the tree's `e`).
    SetAttr {
        /// The entry.
        dn: String,
        /// The change as typed.
        edit: crate::app::tree::AttrEdit,
    },
    /// Rename or move any entry to the DN `to` (modrdn, with newSuperior when it moves).
    Move {
        /// The entry.
        dn: String,
        /// Where it goes.
        to: String,
    },
    /// Delete any entry: a leaf, or a subtree with the tree-delete control where offered.
    DeleteEntry {
        /// The entry.
        dn: String,
    },
    /// Bring a deleted Active Directory object back as `to`.
    Restore {
        /// Its objectGUID.
        guid: String,
        /// The DN it comes back as.
        to: String,
    },
    /// The same change on many picked users, as one batch.
    Bulk {
        /// What is done to each.
        what: Bulk,
        /// The users: DN and login.
        users: Vec<(String, String)>,
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

/// What a batch does to each picked user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bulk {
    /// Disable them (enable them when every one is disabled already).
    Disable,
    /// Delete them.
    Delete,
    /// Put them in a group (by name), or take them out.
    Group {
        /// The group's name.
        group: String,
        /// In (else out).
        join: bool,
    },
    /// Change one attribute of each.
    Set(crate::app::tree::AttrEdit),
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
    pub reset: crate::ldap::write::password_reset::Reset,
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
    /// The steps go as one journaled batch (one record, one undo), with progress.
    pub batch: bool,
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
