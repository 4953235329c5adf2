//! The help overlay: the keys of the pane under it, from the keymap table.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::keymap::{Command, Context};
use crate::ui::kit::{Theme, centered, frame};

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
        let r = centered(area, 64, list.len() as u16 + 5);
        // How to close it is in the title, so it shows even when the list is cut at 80x24.
        let inner = frame(f, r, &format!("Keys: {title} (j/k scroll, Esc closes)"), th);
        let mut lines: Vec<Line> = list
            .iter()
            .map(|b| {
                Line::from(vec![
                    Span::styled(format!("{:>12}  ", b.label), th.key),
                    Span::raw(b.desc),
                ])
            })
            .collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>12}  ", "C-c"), th.key),
            Span::raw("quit from anywhere"),
        ]));
        lines.push(Line::styled("Esc or ? closes this help", th.dim));
        let max = lines.len().saturating_sub(inner.height as usize);
        f.render_widget(
            Paragraph::new(lines).scroll((self.scroll.min(max) as u16, 0)),
            inner,
        );
    }

    crate::layer_any!();
}
