//! Colours: the 16 basic ANSI colours (right on 16- and 256-colour terminals alike), or none
//! with NO_COLOR, where bold, reverse and dim keep the screen readable.

use ratatui::style::{Color, Modifier, Style};

/// The styles the panes use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Passed steps, ✓.
    pub ok: Style,
    /// Warnings.
    pub warn: Style,
    /// Failures and errors.
    pub fail: Style,
    /// Skipped, disabled, secondary text.
    pub dim: Style,
    /// Titles and headings.
    pub title: Style,
    /// The selected row.
    pub selected: Style,
    /// The header and hint bar.
    pub bar: Style,
    /// Key names in the hint bar and help.
    pub key: Style,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set.
    pub fn from_env() -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Theme::mono()
        } else {
            Theme::color()
        }
    }

    /// The colour theme.
    pub fn color() -> Theme {
        Theme {
            ok: Style::default().fg(Color::Green),
            warn: Style::default().fg(Color::Yellow),
            fail: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            dim: Style::default().fg(Color::DarkGray),
            title: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected: Style::default().bg(Color::Blue).fg(Color::White),
            bar: Style::default().bg(Color::Black).fg(Color::White),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all.
    pub fn mono() -> Theme {
        Theme {
            ok: Style::default(),
            warn: Style::default().add_modifier(Modifier::BOLD),
            fail: Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            dim: Style::default().add_modifier(Modifier::DIM),
            title: Style::default().add_modifier(Modifier::BOLD),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            bar: Style::default().add_modifier(Modifier::REVERSED),
            key: Style::default().add_modifier(Modifier::BOLD),
        }
    }
}
