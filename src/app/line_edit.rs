//! Readline's line-editing keys for every text input: the quick filters the app keeps as a
//! `String` (typing, Backspace/C-h, C-w a word, C-u the line), and the text areas, where
//! ratatui-textarea already does C-h and C-w but takes C-u for undo.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Applies `key` to `text`; true when it was an editing key (and `text` may have changed).
pub fn edit(text: &mut String, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Char('h') if ctrl => {
            text.pop();
        }
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char('w') if ctrl => {
            // The word before the cursor and the blanks after it, as readline does.
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
            let start = text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
            text.truncate(start);
        }
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => text.push(c),
        _ => return false,
    }
    true
}

/// A key for a text area, with C-u deleting to the start of the line as in readline.
pub fn textarea(t: &mut ratatui_textarea::TextArea<'_>, key: KeyEvent) {
    if key.code == KeyCode::Char('u') && key.modifiers == KeyModifiers::CONTROL {
        t.delete_line_by_head();
    } else {
        t.input(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn readline_keys_edit_instead_of_typing_letters() {
        let mut s = String::new();
        for c in "prod paris".chars() {
            edit(&mut s, &k(KeyCode::Char(c), KeyModifiers::NONE));
        }
        edit(&mut s, &k(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(s, "prod ");
        edit(&mut s, &k(KeyCode::Char('h'), KeyModifiers::CONTROL));
        assert_eq!(s, "prod");
        edit(&mut s, &k(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(s, "");
        assert!(!edit(&mut s, &k(KeyCode::Char('x'), KeyModifiers::CONTROL)));
        assert_eq!(s, "");
        let mut t = ratatui_textarea::TextArea::default();
        t.insert_str("cn=admin");
        textarea(&mut t, k(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(t.lines().join(""), "", "C-u kills the line, not undo");
    }
}
