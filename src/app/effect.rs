//! What `update` asks the runtime to do: the only way the app reaches the world.

use super::action::JobId;
use crate::config::{Provider, Secret};

/// A request to the runtime.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Run the doctor on a provider; `password` was typed in a prompt (else the provider's source).
    StartTest {
        /// The job's id.
        job: JobId,
        /// The provider as it is (possibly an unsaved form).
        provider: Box<Provider>,
        /// A typed password, when the provider has no source.
        password: Option<Secret>,
    },
    /// Authorize a user.
    StartAuthorize {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// The login.
        user: String,
        /// The user's password.
        password: Secret,
        /// The service password, when the provider has no source and it was typed.
        service_password: Option<Secret>,
    },
    /// Load something for the browser.
    Browse {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// What to load.
        load: super::browser::Load,
    },
    /// Load something for the directory tree (roots, children, a search, an export).
    Tree {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// What to load.
        load: super::tree::TreeLoad,
    },
    /// Read the server's schema (the subschema entry's definitions).
    LoadSchema {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// The entry whose object classes to show first.
        dn: Option<String>,
    },
    /// Read the entry and work out the changes of a write (nothing is sent).
    PlanWrite {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// What the user asked.
        intent: super::write::Intent,
    },
    /// Send the changes the user saw, and journal them.
    SendWrite {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// The changes as previewed.
        planned: Box<super::write::Planned>,
    },
    /// Read the groups and the user's memberships.
    LoadGroups {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// The user's entry.
        dn: String,
    },
    /// Read two users and their groups, side by side.
    Compare {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// The first user's entry.
        a: String,
        /// The second user's entry.
        b: String,
    },
    /// Read a user's fields for the edit dialog.
    LoadEdit {
        /// The job's id.
        job: JobId,
        /// The provider.
        provider: Box<Provider>,
        /// A typed bind password, when the provider has no source.
        password: Option<Secret>,
        /// The user's entry.
        dn: String,
    },
    /// Make a random password (the kernel's CSPRNG, off the update).
    GeneratePassword {
        /// The job's id.
        job: JobId,
    },
    /// Read a provider's journal.
    LoadJournal {
        /// The job's id.
        job: JobId,
        /// The provider's slug.
        slug: String,
    },
    /// Put text on the clipboard of the terminal (OSC 52; works over SSH).
    Copy(String),
    /// Stop a job; the runtime answers with `JobEvent::Cancelled`.
    Cancel(JobId),
    /// Write a provider: add (`original` None) or replace `original`.
    Save {
        /// The slug it had when the form opened.
        original: Option<String>,
        /// The new provider.
        provider: Box<Provider>,
    },
    /// providers.toml changed on disk under a save: read it again, apply the form's own
    /// changes (what differs from `base`) to the provider as it is there now, and save.
    Reapply {
        /// The slug it had when the form opened (None: a new provider).
        original: Option<String>,
        /// The provider as the form opened with it.
        base: Box<Provider>,
        /// The form's provider.
        provider: Box<Provider>,
    },
    /// Read providers.toml again (it changed on disk).
    Reload,
    /// Remove a provider from the file.
    Delete(String),
    /// Leave the program.
    Quit,
}
