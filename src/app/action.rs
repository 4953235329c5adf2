//! What can happen to the app: keys, job progress, results of effects.

use crossterm::event::KeyEvent;

use super::browser::{Entry, Row};
use crate::config::Provider;
use crate::ldap::authorize::Outcome;
use crate::ldap::doctor::{Report, Step};
use crate::ldap::read::directory::Node;

/// A job's never-reused id; a pane ignores messages for any other id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

/// Progress and results of a running job.
#[derive(Debug, Clone)]
pub enum JobEvent {
    /// A doctor step ended.
    Step(Step),
    /// The doctor finished, at this wall-clock time (HH:MM:SS).
    TestDone(Report, String),
    /// An authorize finished.
    AuthDone(Box<Outcome>),
    /// The job was cancelled and is gone.
    Cancelled,
    /// Tenants or groups for the browser.
    Nodes(Vec<Node>),
    /// A batch of users for the browser, with the column names.
    Rows(Vec<String>, Vec<Row>),
    /// All users are loaded.
    RowsDone,
    /// The browser cap was reached: loading stopped there.
    RowsCapped(usize),
    /// A window of a virtual list: rows from 0-based position, and the list's size.
    Window(usize, Vec<Row>, usize),
    /// One entry for the browser's detail.
    Entry(Box<Entry>),
    /// The changes of a write, ready to preview.
    Planned(Box<super::write::Planned>),
    /// Writes were applied and journaled (and a warning, if any).
    Written(Vec<crate::journal::Record>, Option<String>),
    /// Every group, marked with the user's memberships.
    Groups(Vec<crate::ldap::write::membership::Group>),
    /// Two users side by side.
    Compared(Box<crate::ldap::read::compare::Comparison>),
    /// A user's fields for the edit dialog: (name, attribute, values).
    EditFields(Vec<(String, String, Vec<String>)>),
    /// A generated password.
    Generated(crate::config::Secret),
    /// A provider's journal, oldest first.
    Journal(Vec<crate::journal::Record>),
    /// Nodes for the tree: roots, a batch of children, or of search results.
    TreeNodes(Vec<crate::ldap::read::tree::Node>),
    /// The tree's load ended (cut short, or in full).
    TreeDone(Option<super::tree::Cut>),
    /// An export wrote this many entries so far.
    Progress(usize),
    /// An export finished: entries written, and whether the server's size limit cut it.
    Exported(usize, bool),
    /// What an opened entry is to the provider.
    Opened(String, super::tree::OpenAs),
    /// The server's schema (and the classes of the entry it was asked for).
    Schema(Box<crate::ldap::read::schema_view::Read>),
    /// A browser load failed: the sentence with its cause code.
    Failed(String),
}

/// Everything `update` reacts to.
#[derive(Debug, Clone)]
pub enum Action {
    /// A key press.
    Key(KeyEvent),
    /// Pasted text (bracketed paste).
    Paste(String),
    /// The terminal was resized.
    Resize,
    /// A job reported.
    Job(JobId, JobEvent),
    /// providers.toml was read again (`R`).
    Reloaded(Result<Vec<crate::config::Provider>, String>),
    /// A save/delete/toggle effect finished: the providers as now on disk, or why not.
    Saved(Result<Vec<Provider>, String>),
    /// The spinner advanced (only while a job runs).
    Tick,
}
