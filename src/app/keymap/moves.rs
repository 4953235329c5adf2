//! Rows every full-screen list shares: moving at the start, help and quit at the end.

use super::{Binding, C, Command as K, N, S, b};
use crossterm::event::KeyCode::{Char, Down, End, F, Home, PageDown, PageUp, Up};

/// Moving in a list: every full-screen list starts with these.
pub(super) const MOVES: &[Binding] = &[
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
];

/// Help and quit: every full-screen list ends with these.
pub(super) const LEAVE: &[Binding] = &[
    b(
        &[(Char('?'), N), (Char('?'), S), (F(1), N)],
        "?",
        K::Help,
        "help",
        "help",
    ),
    b(&[(Char('q'), N)], "q", K::Quit, "quit", ""),
];
