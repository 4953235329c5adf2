//! The bindings of the write preview, the group picker, the password and edit dialogs and
//! the journal.

use super::{Binding, C, Command as K, N, S, b};
use crossterm::event::KeyCode::{
    BackTab, Char, Down, End, Enter, Esc, F, Home, PageDown, PageUp, Tab, Up,
};

pub(super) const WRITE: &[Binding] = &[
    // F1, not ?: a ? is text here.
    b(&[(F(1), N)], "F1", K::Help, "help", "help"),
    // Arrows, not j/k: letters may be a typed confirmation.
    b(&[(Down, N)], "↓", K::Down, "scroll the preview down", ""),
    b(&[(Up, N)], "↑", K::Up, "scroll the preview up", ""),
    b(
        &[(PageDown, N)],
        "PgDn",
        K::PageDown,
        "scroll a page down",
        "",
    ),
    b(&[(PageUp, N)], "PgUp", K::PageUp, "scroll a page up", ""),
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

pub(super) const GROUPS: &[Binding] = &[
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
        &[(Char('C'), S), (Char('C'), N)],
        "C",
        K::CopyGroups,
        "also join every group of the user marked with M (add only)",
        "copy marked",
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

pub(super) const PASSWORD: &[Binding] = &[
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

pub(super) const EDIT: &[Binding] = &[
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

pub(super) const JOURNAL: &[Binding] = &[
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
