//! The bindings of the directory tree, its quick filter and write keys, and the schema view
//! (each between the shared `moves` rows).

use super::{Binding, Command as K, N, S, b};
use crossterm::event::KeyCode::{Char, Enter, Esc, F, Left, Right, Tab};

pub(super) const TREE: &[Binding] = &[
    b(
        &[(Char('l'), N), (Right, N), (Char(' '), N)],
        "l/→",
        K::Expand,
        "expand: load the children (streamed; Esc stops)",
        "expand",
    ),
    b(
        &[(Char('h'), N), (Left, N)],
        "h/←",
        K::Parent,
        "collapse, or go to the parent",
        "collapse",
    ),
    b(
        &[(Enter, N)],
        "⏎",
        K::Open,
        "open the entry (a user or group opens in its own view)",
        "open",
    ),
    b(
        &[(Char('/'), N)],
        "/",
        K::Filter,
        "quick filter over the loaded entries",
        "filter",
    ),
    b(
        &[(Char('s'), N)],
        "s",
        K::Search,
        "search the subtree below the entry (raw, structured or named filter)",
        "search",
    ),
    b(
        &[(Char('S'), S), (Char('S'), N)],
        "S",
        K::SearchOne,
        "search one level below the entry",
        "",
    ),
    b(
        &[(Char('E'), S), (Char('E'), N)],
        "E",
        K::Export,
        "export the entry or its subtree as LDIF to a file",
        "export",
    ),
    b(
        &[(Char('i'), N)],
        "i",
        K::Schema,
        "the schema of the entry's object classes",
        "schema",
    ),
    b(&[(Char('y'), N)], "y", K::Copy, "copy the DN (OSC 52)", ""),
    b(
        &[(Char('r'), N)],
        "r",
        K::Refresh,
        "load the entry's children again",
        "",
    ),
    b(
        &[(Esc, N)],
        "Esc",
        K::Back,
        "stop loading / close the results / close the tree",
        "close",
    ),
];

/// Keys added to the tree when the provider is not read-only.
pub(super) const TREE_WRITES: &[Binding] = &[
    b(
        &[(Char('e'), N)],
        "e",
        K::ModifyAttr,
        "change an attribute: attr=value, attr+=value, attr-=value, attr= (preview first)",
        "change",
    ),
    b(
        &[(Char('R'), S), (Char('R'), N)],
        "R",
        K::MoveEntry,
        "rename or move the entry: edit its DN (preview first)",
        "",
    ),
    b(
        &[(Char('D'), S), (Char('D'), N)],
        "D",
        K::DeleteEntry,
        "delete the entry (a leaf; a subtree only where the server offers tree delete)",
        "",
    ),
    b(
        &[(Char('u'), N)],
        "u",
        K::Restore,
        "restore the deleted object (AD's Deleted Objects)",
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

pub(super) const TREE_FILTER: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(&[(Enter, N)], "⏎", K::Submit, "keep the filter", "keep"),
    b(&[(Esc, N)], "Esc", K::Back, "clear the filter", "clear"),
];

pub(super) const SCHEMA: &[Binding] = &[
    b(
        &[(Char('/'), N)],
        "/",
        K::Filter,
        "search by name or OID",
        "search",
    ),
    b(
        &[(Tab, N)],
        "Tab",
        K::Cycle,
        "object classes / attribute types / both",
        "kind",
    ),
    b(&[(Esc, N)], "Esc", K::Back, "close the schema", "close"),
];

pub(super) const SCHEMA_FILTER: &[Binding] = &[
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    b(&[(Enter, N)], "⏎", K::Submit, "keep the search", "keep"),
    b(&[(Esc, N)], "Esc", K::Back, "clear the search", "clear"),
];
