//! The bindings of the provider list, its filter and test log, the provider form, the
//! small dialogs and help.

use super::{Binding, C, Command as K, N, S, b};
use crossterm::event::KeyCode::{
    BackTab, Char, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

pub(super) const PROVIDERS: &[Binding] = &[
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
        &[(Char('T'), S), (Char('T'), N)],
        "T",
        K::OpenTree,
        "the whole directory as a tree (any entry, schema, LDIF export)",
        "tree",
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

pub(super) const FILTER: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(&[(Enter, N)], "⏎", K::Submit, "keep the filter", "keep"),
    b(&[(Esc, N)], "Esc", K::Back, "clear the filter", "clear"),
];

pub(super) const TESTLOG: &[Binding] = &[
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
        &[(Char('c'), N)],
        "c",
        K::ShowCommands,
        "show/hide the command that checks each step by hand",
        "commands",
    ),
    b(
        &[(Char('y'), N)],
        "y",
        K::Copy,
        "copy the selected step's command (OSC 52)",
        "",
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

pub(super) const FORM: &[Binding] = &[
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

pub(super) const AUTHORIZE: &[Binding] = &[
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
        &[(PageDown, N)],
        "PgDn",
        K::PageDown,
        "scroll the result down",
        "",
    ),
    b(
        &[(PageUp, N)],
        "PgUp",
        K::PageUp,
        "scroll the result up",
        "",
    ),
    b(
        &[(Char('r'), C)],
        "C-r",
        K::Reveal,
        "show/hide the password",
        "",
    ),
    b(&[(Esc, N)], "Esc", K::Back, "cancel / close", "cancel"),
];

pub(super) const PROMPT: &[Binding] = &[
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

pub(super) const CONFIRM: &[Binding] = &[
    b(&[(Char('y'), N), (Char('Y'), S)], "y", K::Yes, "yes", "yes"),
    b(&[(Char('n'), N), (Esc, N)], "n/Esc", K::No, "no", "no"),
];

pub(super) const HELP: &[Binding] = &[
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
