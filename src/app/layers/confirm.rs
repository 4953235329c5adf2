//! A yes/no question; `y` replays what it asks about.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Layer, Reply};
use crate::app::App;
use crate::app::effect::Effect;
use crate::app::form::Form;
use crate::app::keymap::{Command, Context};
use crate::ui::kit::{Theme, centered, frame};

/// What a yes answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Remove this provider from the file.
    Delete(String),
    /// Close the form and lose its changes.
    DiscardForm,
    /// Quit and lose the form's changes.
    QuitDiscarding,
    /// Read the changed file again and re-apply the form's changes.
    Reapply,
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    /// The question.
    pub question: String,
    /// What yes does.
    pub pending: Pending,
}

impl Confirm {
    fn yes(&self, app: &mut App) -> Vec<Effect> {
        match &self.pending {
            Pending::Delete(slug) => vec![Effect::Delete(slug.clone())],
            Pending::DiscardForm => {
                app.close::<Form>();
                Vec::new()
            }
            Pending::QuitDiscarding => vec![Effect::Quit],
            Pending::Reapply => match app.find_mut::<Form>() {
                Some(f) => match f.build() {
                    Ok(p) => {
                        f.saving = true;
                        vec![Effect::Reapply {
                            original: f.original.clone(),
                            base: Box::new(f.base.clone()),
                            provider: Box::new(p),
                        }]
                    }
                    Err(_) => Vec::new(),
                },
                None => Vec::new(),
            },
        }
    }
}

impl Layer for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn on_key(&mut self, cmd: Option<Command>, _key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::Yes) => Reply::close_with(self.yes(app)),
            Some(Command::No) => Reply::close(),
            // Other keys leave the question open.
            _ => Reply::stay(),
        }
    }

    fn draw(&self, f: &mut Frame, area: Rect, _app: &App, th: &Theme) {
        let r = centered(area, 64, 5);
        let inner = frame(f, r, "Confirm", th);
        let text = vec![
            Line::raw(self.question.clone()),
            Line::from(vec![
                Span::styled("y", th.key),
                Span::raw(" yes   "),
                Span::styled("n", th.key),
                Span::raw(" no"),
            ]),
        ];
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
    }

    crate::layer_any!();
}
