//! The service password prompt, before a test or a browse of a provider without a source.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::input::{focus_style, input, text_of};
use crate::app::keymap::{Command, Context};
use crate::config::{Provider, Secret};
use crate::ui::kit::{Theme, centered, frame};

/// The password prompt before testing a provider that has no password source.
#[derive(Debug, Clone)]
pub struct Prompt {
    /// The provider to test.
    pub provider: Provider,
    /// It comes from the form, unsaved.
    pub unsaved: bool,
    /// The masked input.
    pub password: TextArea<'static>,
    /// Shown in clear.
    pub reveal: bool,
    /// The password opens the browser rather than a test.
    pub browse: bool,
    /// The password opens the directory tree rather than a test.
    pub tree: bool,
}

impl Prompt {
    /// A prompt for `p`.
    pub fn new(p: Provider, unsaved: bool) -> Prompt {
        let mut password = input(true);
        focus_style(&mut password, true);
        Prompt {
            provider: p,
            unsaved,
            password,
            reveal: false,
            browse: false,
            tree: false,
        }
    }

    /// Flips the mask.
    pub fn toggle_reveal(&mut self) {
        self.reveal = !self.reveal;
        if self.reveal {
            self.password.clear_mask_char();
        } else {
            self.password.set_mask_char('•');
        }
    }
}

impl Layer for Prompt {
    fn context(&self) -> Context {
        Context::Prompt
    }

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::Submit) => {
                let pw = Secret::new(text_of(&self.password));
                let p = self.provider.clone();
                if !self.unsaved && !pw.is_empty() {
                    app.typed.insert(p.slug.clone(), pw.clone());
                }
                let effects = if self.tree {
                    app.open_tree(p, Some(pw))
                } else if self.browse {
                    app.open_browser(p, Some(pw))
                } else {
                    app.start_test(p, Some(pw), self.unsaved)
                };
                return Reply::close_with(effects);
            }
            Some(Command::Back) => return Reply::close(),
            Some(Command::Reveal) => self.toggle_reveal(),
            _ if key.code != KeyCode::Enter => {
                crate::app::line_edit::textarea(&mut self.password, key);
            }
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, _app: &App, th: &Theme) {
        let r = centered(area, 70, 6);
        let purpose = if self.browse || self.tree {
            "browse"
        } else {
            "test"
        };
        let inner = frame(
            f,
            r,
            &format!("Service password to {purpose} {}", self.provider.slug),
            th,
        );
        let who = self.provider.bind_dn.clone().unwrap_or_default();
        f.render_widget(
        Paragraph::new(format!(
            "{who} has no password source; type it (kept in memory until you quit, never saved):"
        ))
        .style(th.dim),
        Rect { height: 1, ..inner },
    );
        f.render_widget(
            &self.password,
            Rect {
                y: inner.y + 2,
                height: 1,
                ..inner
            },
        );
    }

    crate::layer_any!();
}
