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
}

/// A named thing a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Leave (asks when a form is dirty).
    Quit,
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

const N: KeyModifiers = KeyModifiers::NONE;
const C: KeyModifiers = KeyModifiers::CONTROL;
const S: KeyModifiers = KeyModifiers::SHIFT;

const fn b(
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

use Command as K;
use KeyCode::{
    BackTab, Char, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

const PROVIDERS: &[Binding] = &[
    b(
        &[(Char('j'), N), (Down, N)],
        "j/↓",
        K::Down,
        "next provider",
        "",
    ),
    b(
        &[(Char('k'), N), (Up, N)],
        "k/↑",
        K::Up,
        "previous provider",
        "",
    ),
    b(
        &[(Char('g'), N), (Home, N)],
        "g",
        K::Top,
        "first provider",
        "",
    ),
    b(
        &[(Char('G'), S), (Char('G'), N), (End, N)],
        "G",
        K::Bottom,
        "last provider",
        "",
    ),
    b(
        &[(Char('t'), N)],
        "t",
        K::Test,
        "test the connection",
        "test",
    ),
    b(
        &[(Char('u'), N)],
        "u",
        K::Authorize,
        "authorize a user",
        "authorize",
    ),
    b(
        &[(Char('b'), N)],
        "b",
        K::Browse,
        "browse tenants, groups and users",
        "browse",
    ),
    b(
        &[(Enter, N), (Char('e'), N)],
        "⏎/e",
        K::Edit,
        "edit",
        "edit",
    ),
    b(&[(Char('a'), N)], "a", K::Add, "add a provider", "add"),
    b(
        &[(Char('R'), S), (Char('R'), N)],
        "R",
        K::Reload,
        "read providers.toml again (after an edit elsewhere)",
        "",
    ),
    b(&[(Char('c'), N)], "c", K::Clone, "clone", ""),
    b(&[(Char('d'), N)], "d", K::Delete, "delete (asks)", ""),
    b(&[(Char('x'), N)], "x", K::Toggle, "enable / disable", ""),
    b(
        &[(Char('/'), N)],
        "/",
        K::Filter,
        "filter by name, slug, tag, URL",
        "filter",
    ),
    b(&[(Char('s'), N)], "s", K::Sort, "cycle the sort order", ""),
    b(&[(Tab, N)], "Tab", K::NextPane, "focus the test log", ""),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "cancel the running test / clear the filter",
        "",
    ),
    b(
        &[(Char('?'), N), (Char('?'), S), (F(1), N)],
        "?",
        K::Help,
        "help",
        "help",
    ),
    b(&[(Char('q'), N)], "q", K::Quit, "quit", "quit"),
];

const FILTER: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(&[(Enter, N)], "⏎", K::Submit, "keep the filter", "keep"),
    b(&[(Esc, N)], "Esc", K::Back, "clear the filter", "clear"),
];

const TESTLOG: &[Binding] = &[
    b(
        &[(Char('j'), N), (Down, N)],
        "j/↓",
        K::Down,
        "next step",
        "",
    ),
    b(
        &[(Char('k'), N), (Up, N)],
        "k/↑",
        K::Up,
        "previous step",
        "",
    ),
    b(
        &[(Enter, N), (Char('l'), N)],
        "⏎",
        K::Expand,
        "show/hide the step's details",
        "details",
    ),
    b(
        &[(Char('t'), N)],
        "t",
        K::Test,
        "run the test again",
        "again",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "cancel the test / close the log",
        "cancel/close",
    ),
    b(
        &[(Tab, N)],
        "Tab",
        K::NextPane,
        "focus the provider list",
        "list",
    ),
    b(
        &[(Char('?'), N), (Char('?'), S), (F(1), N)],
        "?",
        K::Help,
        "help",
        "help",
    ),
    b(&[(Char('q'), N)], "q", K::Quit, "quit", ""),
];

const FORM: &[Binding] = &[
    // F1, not ?: a ? is text in a field.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Tab, N), (Down, N), (Enter, N)],
        "Tab/↓/⏎",
        K::NextField,
        "next field",
        "next",
    ),
    b(
        &[(BackTab, S), (BackTab, N), (Up, N)],
        "S-Tab/↑",
        K::PrevField,
        "previous field",
        "",
    ),
    b(
        &[(Char(' '), N), (Left, N), (Right, N)],
        "Space/←/→",
        K::Cycle,
        "flip a toggle, cycle a choice",
        "toggle",
    ),
    b(
        &[(Char('s'), C)],
        "C-s",
        K::Save,
        "save (only a valid form)",
        "save",
    ),
    b(
        &[(Char('t'), C)],
        "C-t",
        K::TestForm,
        "test the form unsaved",
        "test",
    ),
    b(
        &[(Char('r'), C)],
        "C-r",
        K::Reveal,
        "show/hide the password",
        "",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "close (asks if changed)",
        "close",
    ),
];

const AUTHORIZE: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Tab, N), (Down, N), (Up, N), (BackTab, S)],
        "Tab",
        K::NextField,
        "user / password",
        "field",
    ),
    b(&[(Enter, N)], "⏎", K::Submit, "authorize", "authorize"),
    b(
        &[(Char('r'), C)],
        "C-r",
        K::Reveal,
        "show/hide the password",
        "",
    ),
    b(&[(Esc, N)], "Esc", K::Back, "cancel / close", "cancel"),
];

const PROMPT: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Enter, N)],
        "⏎",
        K::Submit,
        "use this password (kept in memory for this session only)",
        "use",
    ),
    b(
        &[(Char('r'), C)],
        "C-r",
        K::Reveal,
        "show/hide the password",
        "",
    ),
    b(&[(Esc, N)], "Esc", K::Back, "cancel", "cancel"),
];

const CONFIRM: &[Binding] = &[
    b(&[(Char('y'), N), (Char('Y'), S)], "y", K::Yes, "yes", "yes"),
    b(&[(Char('n'), N), (Esc, N)], "n/Esc", K::No, "no", "no"),
];

const HELP: &[Binding] = &[
    b(
        &[
            (Esc, N),
            (Char('?'), N),
            (Char('?'), S),
            (Char('q'), N),
            (F(1), N),
        ],
        "Esc/?",
        K::Back,
        "close help",
        "close",
    ),
    b(
        &[(Char('j'), N), (Down, N)],
        "j/↓",
        K::Down,
        "scroll down",
        "scroll",
    ),
    b(&[(Char('k'), N), (Up, N)], "k/↑", K::Up, "scroll up", ""),
];

const BROWSER: &[Binding] = &[
    b(&[(Char('j'), N), (Down, N)], "j/↓", K::Down, "next row", ""),
    b(&[(Char('k'), N), (Up, N)], "k/↑", K::Up, "previous row", ""),
    b(
        &[(PageDown, N), (Char('f'), C)],
        "PgDn",
        K::PageDown,
        "a page down",
        "",
    ),
    b(
        &[(PageUp, N), (Char('b'), C)],
        "PgUp",
        K::PageUp,
        "a page up",
        "",
    ),
    b(&[(Char('g'), N), (Home, N)], "g", K::Top, "first row", ""),
    b(
        &[(Char('G'), S), (Char('G'), N), (End, N)],
        "G",
        K::Bottom,
        "last row",
        "",
    ),
    b(
        &[(Enter, N), (Char('l'), N), (Right, N)],
        "⏎/l",
        K::Open,
        "open the tenant, group or user",
        "open",
    ),
    b(
        &[(Char('h'), N), (Left, N)],
        "h",
        K::Parent,
        "back up one level",
        "back",
    ),
    b(
        &[(Char('/'), N)],
        "/",
        K::Filter,
        "quick filter over the loaded users (fuzzy)",
        "filter",
    ),
    b(
        &[(Char('s'), N)],
        "s",
        K::Sort,
        "sort by the next column",
        "sort",
    ),
    b(
        &[(Char('<'), N), (Char('<'), S)],
        "<",
        K::ScrollLeft,
        "show the columns to the left",
        "",
    ),
    b(
        &[(Char('>'), N), (Char('>'), S)],
        ">",
        K::ScrollRight,
        "show more columns to the right",
        "",
    ),
    b(
        &[(Char('S'), S), (Char('S'), N)],
        "S",
        K::Reverse,
        "reverse the sort (▲ ascending, ▼ descending in the header)",
        "",
    ),
    b(
        &[(Char('f'), N)],
        "f",
        K::Builder,
        "filter builder: structured, raw or named",
        "builder",
    ),
    b(&[(Char('r'), N)], "r", K::Refresh, "load again", ""),
    b(&[(Char('y'), N)], "y", K::Copy, "copy the DN (OSC 52)", ""),
    b(
        &[(Char('o'), N)],
        "o",
        K::Operational,
        "show/hide operational attributes",
        "",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "stop loading / back / close the browser",
        "close",
    ),
    b(
        &[(Char('?'), N), (Char('?'), S), (F(1), N)],
        "?",
        K::Help,
        "help",
        "help",
    ),
    b(&[(Char('q'), N)], "q", K::Quit, "quit", ""),
];

/// Keys added to the browser when the provider is not read-only.
const BROWSER_WRITES: &[Binding] = &[
    b(
        &[(Char('x'), N)],
        "x",
        K::ToggleUser,
        "enable/disable the user (preview first)",
        "en/disable",
    ),
    b(
        &[(Char('D'), S), (Char('D'), N)],
        "D",
        K::DeleteUser,
        "delete the user (type the id to confirm)",
        "",
    ),
    b(
        &[(Char('n'), N)],
        "n",
        K::NewUser,
        "new user in the group shown (preview first)",
        "",
    ),
    b(
        &[(Char('e'), N)],
        "e",
        K::EditUser,
        "edit the user's fields (preview first)",
        "edit",
    ),
    b(
        &[(Char('p'), N)],
        "p",
        K::SetPassword,
        "set the password (typed twice, or generated)",
        "",
    ),
    // Not `g`: that is "first row" in every list here.
    b(
        &[(Char('m'), N)],
        "m",
        K::Memberships,
        "the user's groups: pick, preview, send",
        "",
    ),
    b(
        &[(Char('J'), S), (Char('J'), N)],
        "J",
        K::Journal,
        "journal of applied writes, with undo",
        "journal",
    ),
];

const WRITE: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Enter, N), (Char('y'), N)],
        "⏎/y",
        K::Submit,
        "send the change shown (a delete needs the id typed first)",
        "send",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "cancel: nothing is sent",
        "cancel",
    ),
];

const GROUPS: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Char('j'), N), (Down, N)],
        "j/↓",
        K::Down,
        "next group",
        "",
    ),
    b(
        &[(Char('k'), N), (Up, N)],
        "k/↑",
        K::Up,
        "previous group",
        "",
    ),
    b(
        &[(Char(' '), N)],
        "Space",
        K::Cycle,
        "in / not in this group",
        "toggle",
    ),
    b(
        &[(Enter, N)],
        "⏎",
        K::Submit,
        "preview the membership changes",
        "preview",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "close: nothing is sent",
        "close",
    ),
];

const PASSWORD: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Tab, N), (BackTab, S), (BackTab, N)],
        "Tab",
        K::NextField,
        "the other field",
        "",
    ),
    b(
        &[(Char('g'), C)],
        "C-g",
        K::Generate,
        "generate a strong password (shown, to read it once)",
        "generate",
    ),
    b(
        &[(Char('r'), C)],
        "C-r",
        K::Reveal,
        "show/hide the password",
        "show",
    ),
    b(
        &[(Char('t'), C)],
        "C-t",
        K::MustChange,
        "must change it at the next login",
        "must change",
    ),
    b(
        &[(Enter, N)],
        "⏎",
        K::Submit,
        "preview the change",
        "preview",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "close: nothing is sent",
        "close",
    ),
];

const EDIT: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Tab, N), (Down, N)],
        "Tab/↓",
        K::NextField,
        "next field",
        "next",
    ),
    b(
        &[(BackTab, S), (BackTab, N), (Up, N)],
        "S-Tab/↑",
        K::PrevField,
        "previous field",
        "",
    ),
    b(
        &[(Enter, N)],
        "⏎",
        K::Submit,
        "preview what changed",
        "preview",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "close: nothing is sent",
        "close",
    ),
];

const JOURNAL: &[Binding] = &[
    b(
        &[(Char('j'), N), (Down, N)],
        "j/↓",
        K::Down,
        "next record",
        "",
    ),
    b(
        &[(Char('k'), N), (Up, N)],
        "k/↑",
        K::Up,
        "previous record",
        "",
    ),
    b(
        &[(Char('g'), N), (Home, N)],
        "g",
        K::Top,
        "newest record",
        "",
    ),
    b(
        &[(Char('G'), S), (Char('G'), N), (End, N)],
        "G",
        K::Bottom,
        "oldest record",
        "",
    ),
    b(
        &[(Char('?'), N), (Char('?'), S), (F(1), N)],
        "?",
        K::Help,
        "help",
        "help",
    ),
    b(
        &[(Char('u'), N)],
        "u",
        K::Undo,
        "undo the record (preview first)",
        "undo",
    ),
    b(
        &[(Char('r'), N)],
        "r",
        K::Refresh,
        "read the journal again",
        "",
    ),
    b(
        &[(Esc, N), (Char('q'), N)],
        "Esc",
        K::Back,
        "close the journal",
        "close",
    ),
];

const BROWSER_FILTER: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(&[(Enter, N)], "⏎", K::Submit, "keep the filter", "keep"),
    b(
        &[(Tab, N)],
        "Tab",
        K::Cycle,
        "switch between fuzzy and substring matching",
        "fuzzy/substring",
    ),
    b(&[(Esc, N)], "Esc", K::Back, "clear the filter", "clear"),
];

const FILTER_BUILDER: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(
        &[(Tab, N), (Down, N)],
        "Tab/↓",
        K::NextField,
        "next field",
        "next",
    ),
    b(
        &[(BackTab, S), (BackTab, N), (Up, N)],
        "S-Tab/↑",
        K::PrevField,
        "previous field",
        "",
    ),
    b(
        &[(Char(' '), N), (Left, N), (Right, N)],
        "Space/←/→",
        K::Cycle,
        "kind, and/or, operation, named filter",
        "choose",
    ),
    b(
        &[(Char('n'), C)],
        "C-n",
        K::AddRow,
        "add a criterion",
        "add",
    ),
    b(
        &[(Char('d'), C)],
        "C-d",
        K::RemoveRow,
        "remove the criterion",
        "",
    ),
    b(
        &[(Enter, N)],
        "⏎",
        K::Submit,
        "apply and list the users",
        "apply",
    ),
    b(
        &[(Char('x'), C)],
        "C-x",
        K::Clear,
        "list without an extra filter",
        "",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "close without applying",
        "cancel",
    ),
];

/// The bindings of a context, in help order.
pub fn bindings(ctx: Context) -> Vec<Binding> {
    let list: &[Binding] = match ctx {
        Context::BrowserEdit => return [BROWSER, BROWSER_WRITES].concat(),
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
        Context::Browser => BROWSER,
        Context::BrowserFilter => BROWSER_FILTER,
        Context::FilterBuilder => FILTER_BUILDER,
    };
    list.to_vec()
}

/// The command a key triggers in a context.
pub fn lookup(ctx: Context, key: &KeyEvent) -> Option<Command> {
    if key.code == Char('c') && key.modifiers.contains(C) {
        return Some(Command::Quit);
    }
    bindings(ctx).iter().find_map(|bind| {
        bind.keys
            .iter()
            .any(|(code, mods)| *code == key.code && key.modifiers == *mods)
            .then_some(bind.command)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            let out = bindings(ctx)
                .iter()
                .any(|b| matches!(b.command, Command::Back | Command::Quit | Command::No));
            assert!(out, "{ctx:?}");
        }
    }
}
