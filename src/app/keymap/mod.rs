//! (context, key) → command. The help screen and the hint bar are generated from this
//! table, so what is shown is exactly what works.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keyboard focus is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The provider list.
    Providers,
    /// Typing a quick filter over the provider list.
    Filter,
    /// The test log pane.
    TestLog,
    /// The provider form.
    Form,
    /// The authorize dialog.
    Authorize,
    /// A password prompt before a test.
    Prompt,
    /// A yes/no question.
    Confirm,
    /// The help overlay.
    Help,
    /// The directory browser.
    Browser,
    /// Typing the browser's quick filter.
    BrowserFilter,
    /// The filter builder.
    FilterBuilder,
    /// The directory browser on a provider that may be written to.
    BrowserEdit,
    /// The preview of a write, before it is sent.
    Write,
    /// The journal of applied writes.
    Journal,
    /// The group picker of a user.
    Groups,
    /// Setting a user's password.
    Password,
    /// Editing a user's fields.
    Edit,
    /// The directory tree.
    Tree,
    /// The directory tree on a provider that may be written to.
    TreeEdit,
    /// Typing the tree's quick filter.
    TreeFilter,
    /// The schema view.
    Schema,
    /// Typing the schema view's search.
    SchemaFilter,
    /// A dialog that brings its own keys (`Layer::bindings`) and name (`Layer::title`).
    Dialog,
}

/// A named thing a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Leave (asks when a form is dirty).
    Quit,
    /// Include the members of nested groups in a group's users.
    Nested,
    /// Mark the selected user for a comparison.
    Mark,
    /// Compare the selected user with the marked one.
    Compare,
    /// In the group picker: want the marked user's groups too.
    CopyGroups,
    /// Show the keys of the focused pane.
    Help,
    /// Move up.
    Up,
    /// Move down.
    Down,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// Start typing a filter.
    Filter,
    /// Cycle the sort order.
    Sort,
    /// Reverse the sort order.
    Reverse,
    /// Read providers.toml again.
    Reload,
    /// Scroll the columns left.
    ScrollLeft,
    /// Scroll the columns right.
    ScrollRight,
    /// New provider.
    Add,
    /// Edit the selected provider.
    Edit,
    /// Copy the selected provider.
    Clone,
    /// Delete the selected provider (asks).
    Delete,
    /// Run the connection doctor (again).
    Test,
    /// Authorize a user.
    Authorize,
    /// Enable or disable the selected provider.
    Toggle,
    /// Focus the next pane.
    NextPane,
    /// Close, or cancel the running job.
    Back,
    /// Show or hide a step's details (certificate chain, addresses).
    Expand,
    /// Save the form.
    Save,
    /// Next field.
    NextField,
    /// Previous field.
    PrevField,
    /// Show or hide the password.
    Reveal,
    /// Test the provider as the form holds it, unsaved.
    TestForm,
    /// Flip a toggle or cycle a choice.
    Cycle,
    /// Confirm / submit.
    Submit,
    /// Answer yes.
    Yes,
    /// Answer no.
    No,
    /// Open the directory browser.
    Browse,
    /// Open the selected tenant, group or user.
    Open,
    /// Back up one level.
    Parent,
    /// Load again.
    Refresh,
    /// Copy the DN to the clipboard.
    Copy,
    /// Show or hide operational attributes.
    Operational,
    /// Show or hide the commands that check each doctor step by hand.
    ShowCommands,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// Open the filter builder.
    Builder,
    /// Add a criterion.
    AddRow,
    /// Remove a criterion.
    RemoveRow,
    /// List without an extra filter.
    Clear,
    /// Enable or disable the selected user.
    ToggleUser,
    /// Delete the selected user.
    DeleteUser,
    /// Open the journal of applied writes.
    Journal,
    /// Undo the selected journal record.
    Undo,
    /// Pick the user's groups.
    Memberships,
    /// Set the user's password.
    SetPassword,
    /// Generate a password.
    Generate,
    /// Flip "must change at next login".
    MustChange,
    /// Edit the user's fields.
    EditUser,
    /// Create a user here.
    NewUser,
    /// Open the directory tree.
    OpenTree,
    /// Search below the entry (the subtree).
    Search,
    /// Search one level below the entry.
    SearchOne,
    /// Export as LDIF.
    Export,
    /// Show the schema.
    Schema,
    /// Copy the selected value.
    CopyValue,
    /// Change one attribute of any entry.
    ModifyAttr,
    /// Rename or move any entry.
    MoveEntry,
    /// Delete any entry.
    DeleteEntry,
    /// Restore a deleted object.
    Restore,
    /// Pick the selected user for a batch.
    Pick,
    /// Pick every user shown.
    PickAll,
    /// Set an attribute on the picked users.
    SetAttr,
}

impl Context {
    /// What help calls the pane of this context.
    pub fn name(self) -> &'static str {
        match self {
            Context::Providers => "provider list",
            Context::Filter => "quick filter",
            Context::TestLog => "test log",
            Context::Form => "provider form",
            Context::Authorize => "authorize",
            Context::Prompt => "password prompt",
            Context::Confirm => "question",
            Context::Help => "help",
            Context::Browser => "directory browser",
            Context::BrowserFilter => "browser quick filter",
            Context::FilterBuilder => "filter builder",
            Context::BrowserEdit => "directory browser",
            Context::Write => "write preview",
            Context::Journal => "journal",
            Context::Groups => "groups of a user",
            Context::Password => "set a password",
            Context::Edit => "edit a user",
            Context::Tree | Context::TreeEdit => "directory tree",
            Context::TreeFilter => "tree quick filter",
            Context::Schema => "schema",
            Context::SchemaFilter => "schema search",
            Context::Dialog => "dialog",
        }
    }
}

/// One key binding.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Keys that trigger it.
    pub keys: &'static [(KeyCode, KeyModifiers)],
    /// How the keys are shown.
    pub label: &'static str,
    /// What it does.
    pub command: Command,
    /// Words for the help screen.
    pub desc: &'static str,
    /// Short words for the one-line hint bar; empty: not shown there.
    pub hint: &'static str,
}

pub(super) const N: KeyModifiers = KeyModifiers::NONE;
pub(super) const C: KeyModifiers = KeyModifiers::CONTROL;
pub(super) const S: KeyModifiers = KeyModifiers::SHIFT;

pub(super) const fn b(
    keys: &'static [(KeyCode, KeyModifiers)],
    label: &'static str,
    command: Command,
    desc: &'static str,
    hint: &'static str,
) -> Binding {
    Binding {
        keys,
        label,
        command,
        desc,
        hint,
    }
}

mod browser;
mod console;
mod moves;
mod tree;
mod writes;

use browser::{BROWSER, BROWSER_FILTER, BROWSER_WRITES, FILTER_BUILDER};
use console::{AUTHORIZE, CONFIRM, FILTER, FORM, HELP, PROMPT, PROVIDERS, TESTLOG};
use moves::{LEAVE, MOVES};
use tree::{SCHEMA, SCHEMA_FILTER, TREE, TREE_FILTER, TREE_WRITES};
use writes::{EDIT, GROUPS, JOURNAL, PASSWORD, WRITE};

/// The bindings of a context, in help order.
pub fn bindings(ctx: Context) -> Vec<Binding> {
    let list: &[Binding] = match ctx {
        Context::BrowserEdit => return [MOVES, BROWSER, LEAVE, BROWSER_WRITES].concat(),
        Context::Browser => return [MOVES, BROWSER, LEAVE].concat(),
        Context::Write => WRITE,
        Context::Journal => JOURNAL,
        Context::Groups => GROUPS,
        Context::Password => PASSWORD,
        Context::Edit => EDIT,
        Context::Providers => PROVIDERS,
        Context::Filter => FILTER,
        Context::TestLog => TESTLOG,
        Context::Form => FORM,
        Context::Authorize => AUTHORIZE,
        Context::Prompt => PROMPT,
        Context::Confirm => CONFIRM,
        Context::Help => HELP,
        Context::BrowserFilter => BROWSER_FILTER,
        Context::FilterBuilder => FILTER_BUILDER,
        Context::Tree => return [MOVES, TREE, LEAVE].concat(),
        Context::TreeEdit => return [MOVES, TREE, LEAVE, TREE_WRITES].concat(),
        Context::TreeFilter => TREE_FILTER,
        Context::Schema => return [MOVES, SCHEMA, LEAVE].concat(),
        Context::SchemaFilter => SCHEMA_FILTER,
        Context::Dialog => &[],
    };
    list.to_vec()
}

/// The command a key triggers in a context.
pub fn lookup(ctx: Context, key: &KeyEvent) -> Option<Command> {
    lookup_in(&bindings(ctx), key)
}

/// The command a key triggers among `list` (C-c quits everywhere).
pub fn lookup_in(list: &[Binding], key: &KeyEvent) -> Option<Command> {
    if key.code == KeyCode::Char('c') && key.modifiers.contains(C) {
        return Some(Command::Quit);
    }
    list.iter().find_map(|bind| {
        bind.keys
            .iter()
            .any(|(code, mods)| *code == key.code && key.modifiers == *mods)
            .then_some(bind.command)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyCode::{Char, Esc};

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn the_same_key_means_different_things_per_context() {
        let t = key(Char('t'), N);
        assert_eq!(lookup(Context::Providers, &t), Some(Command::Test));
        assert_eq!(lookup(Context::Form, &t), None, "typed text in a form");
        assert_eq!(
            lookup(Context::Form, &key(Char('s'), C)),
            Some(Command::Save)
        );
        assert_eq!(
            lookup(Context::Form, &key(Char('c'), C)),
            Some(Command::Quit)
        );
        assert_eq!(lookup(Context::Confirm, &key(Esc, N)), Some(Command::No));
    }

    #[test]
    fn no_key_means_two_things_in_one_context() {
        for ctx in [
            Context::Providers,
            Context::Browser,
            Context::BrowserEdit,
            Context::Tree,
            Context::TreeEdit,
            Context::Schema,
            Context::Journal,
            Context::Groups,
        ] {
            let list = bindings(ctx);
            let mut seen = Vec::new();
            for b in &list {
                for k in b.keys {
                    assert!(!seen.contains(k), "{ctx:?}: {k:?} is bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn every_context_has_a_way_out() {
        for ctx in [
            Context::Providers,
            Context::Filter,
            Context::TestLog,
            Context::Form,
            Context::Authorize,
            Context::Prompt,
            Context::Confirm,
            Context::Help,
            Context::Browser,
            Context::BrowserFilter,
            Context::FilterBuilder,
            Context::BrowserEdit,
            Context::Write,
            Context::Journal,
            Context::Groups,
            Context::Password,
            Context::Edit,
            Context::Tree,
            Context::TreeEdit,
            Context::TreeFilter,
            Context::Schema,
            Context::SchemaFilter,
        ] {
            let out = bindings(ctx)
                .iter()
                .any(|b| matches!(b.command, Command::Back | Command::Quit | Command::No));
            assert!(out, "{ctx:?}");
        }
    }
}
