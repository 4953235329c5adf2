//! One-line text inputs as the dialogs use them, and whether a provider must be asked for
//! its service password.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::config::{PasswordSource, Provider};

/// A one-line text input; masked when `secret`.
pub fn input(secret: bool) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(Style::default());
    if secret {
        t.set_mask_char('•');
    }
    t
}

/// The text of a one-line input.
pub fn text_of(t: &TextArea<'_>) -> String {
    t.lines().join("")
}

/// Shows the cursor block in the focused input only (a block in every field hides which one
/// takes the keys).
pub fn focus_style(t: &mut TextArea<'_>, focused: bool) {
    t.set_cursor_style(if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    });
}

/// The provider has a bind DN but no password source: ldapdeck must ask.
pub fn needs_password(p: &Provider) -> bool {
    p.bind_dn.is_some() && p.password_source() == PasswordSource::Prompt
}
