//! The bindings of the directory browser, its write keys, quick filter and filter builder.

use super::{Binding, C, Command as K, N, S, b};
use crossterm::event::KeyCode::{BackTab, Char, Down, Enter, Esc, F, Left, Right, Tab, Up};

/// The browser's own keys (after `MOVES`, before `LEAVE`).
pub(super) const BROWSER: &[Binding] = &[
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
        &[(Char('M'), S), (Char('M'), N)],
        "M",
        K::Mark,
        "mark the selected user (then = on another compares them)",
        "",
    ),
    b(
        &[(Char('='), N)],
        "=",
        K::Compare,
        "compare the selected user with the marked one (attributes, groups)",
        "",
    ),
    b(
        &[(Char('N'), S), (Char('N'), N)],
        "N",
        K::Nested,
        "a group's users: also the members of its nested groups (again: direct only)",
        "",
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
        &[(Char('Y'), S), (Char('Y'), N)],
        "Y",
        K::CopyValue,
        "copy the selected attribute's values (entry view)",
        "",
    ),
    b(
        &[(Char('i'), N)],
        "i",
        K::Schema,
        "the schema of the entry's object classes (entry view)",
        "",
    ),
    b(
        &[(Char('T'), S), (Char('T'), N)],
        "T",
        K::OpenTree,
        "the whole directory as a tree",
        "",
    ),
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
];

/// Keys added to the browser when the provider is not read-only.
pub(super) const BROWSER_WRITES: &[Binding] = &[
    b(
        &[(Char(' '), N)],
        "Space",
        K::Pick,
        "pick the user for a batch (again: unpick); x, D, m and A then act on every picked user",
        "pick",
    ),
    b(
        &[(Char('*'), N), (Char('*'), S)],
        "*",
        K::PickAll,
        "pick every user the list shows (again: unpick them)",
        "",
    ),
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
        &[(Char('A'), S), (Char('A'), N)],
        "A",
        K::SetAttr,
        "set an attribute on the picked users (or the selected one): attr=value, attr+=, attr-=, attr=",
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

pub(super) const BROWSER_FILTER: &[Binding] = &[
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

pub(super) const FILTER_BUILDER: &[Binding] = &[
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
