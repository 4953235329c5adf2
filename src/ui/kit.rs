//! Drawing helpers every layer may use: a leaf that imports nothing of the app.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

pub use super::theme::Theme;

/// A rectangle of at most `w`×`h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `r` and draws a titled border; returns the inside.
pub fn frame(f: &mut Frame, r: Rect, title: &str, th: &Theme) -> Rect {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" {} ", crate::text::one_line(title)),
            th.title,
        ))
        .border_style(th.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

/// `n` with thousands separated: `100,000`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The spinner's frame `n`.
pub fn spinner(n: usize) -> &'static str {
    ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][n % 10]
}

/// `text` cut into lines of at most `width` characters, at spaces where it can; leading
/// spaces (a detail's own indent) are kept on every line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let lead = &text[..text.len() - body.len()];
    let width = width.saturating_sub(lead.len()).max(10);
    wrap_words(body, width)
        .into_iter()
        .map(|l| format!("{lead}{l}"))
        .collect()
}

fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_string();
        loop {
            let len = line.chars().count();
            let wlen = word.chars().count();
            let sep = usize::from(len > 0);
            if len + sep + wlen <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the line: cut it.
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            out.push(head);
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 10), ["aaa bbb", "ccc"]);
        assert_eq!(
            wrap(&"x".repeat(25), 10),
            ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"]
        );
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("  issued by", 20), ["  issued by"]);
    }
}
