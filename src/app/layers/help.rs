//! The help overlay: the keys of the pane under it, from the keymap table.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::ui::kit::{Theme, centered, frame, wrap};

/// Columns of the key and the gap after it.
const KEY_W: usize = 14;

/// The help overlay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    /// Lines scrolled by (it is cut at 80x24).
    pub scroll: usize,
}

impl Layer for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn on_key(&mut self, cmd: Option<Command>, _key: KeyEvent, _app: &mut App) -> Reply {
        match cmd {
            Some(Command::Back) => return Reply::close(),
            Some(Command::Down) => self.scroll += 1,
            Some(Command::Up) => self.scroll = self.scroll.saturating_sub(1),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        let (list, title) = app.pane_keys();
        let mut rows: Vec<(&str, &str)> = list.iter().map(|b| (b.label, b.desc)).collect();
        rows.push(("C-c", "quit from anywhere"));
        // As wide as the longest line where the screen allows; at 80 columns a description
        // wraps under its own column instead of being cut.
        let longest = rows
            .iter()
            .map(|(_, d)| d.chars().count())
            .max()
            .unwrap_or(0);
        let width = (KEY_W + longest + 2).max(64).min(area.width as usize);
        let desc_w = width.saturating_sub(KEY_W + 2).max(10);
        let mut lines: Vec<Line> = Vec::new();
        for (label, desc) in rows {
            for (n, part) in wrap(desc, desc_w).into_iter().enumerate() {
                let key = if n == 0 { label } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("{key:>12}  "), th.key),
                    Span::raw(part),
                ]));
            }
        }
        lines.push(Line::styled("Esc or ? closes this help", th.dim));
        let r = centered(area, width as u16, lines.len() as u16 + 2);
        // How to close it is in the title, so it shows even when the list is cut at 80x24.
        let inner = frame(f, r, &format!("Keys: {title} (j/k scroll, Esc closes)"), th);
        let max = lines.len().saturating_sub(inner.height as usize);
        f.render_widget(
            Paragraph::new(lines).scroll((self.scroll.min(max) as u16, 0)),
            inner,
        );
    }

    crate::layer_any!();
}
