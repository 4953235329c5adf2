//! The provider form as a layer: its keys, saving, and testing the unsaved provider. The
//! form's fields and validation are in `app::form`, its drawing in `ui::form`.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::confirm::{Confirm, Pending};
use super::{Layer, Reply};
use crate::app::App;
use crate::app::effect::Effect;
use crate::app::form::Form;
use crate::app::keymap::{Command, Context};
use crate::app::testlog::TestLog;
use crate::ui::kit::Theme;

impl Form {
    fn save(&mut self, app: &mut App) -> Vec<Effect> {
        let errors = self.error_count();
        match self.build() {
            Ok(p) if errors == 0 => {
                self.saving = true;
                vec![Effect::Save {
                    original: self.original.clone(),
                    provider: Box::new(p),
                }]
            }
            _ => {
                if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
                    self.focus = i;
                    self.refresh();
                }
                app.toast(format!("not saved: {errors} field(s) need attention"), true);
                Vec::new()
            }
        }
    }
}

impl Layer for Form {
    fn context(&self) -> Context {
        Context::Form
    }

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::NextField) => self.move_focus(1),
            Some(Command::PrevField) => self.move_focus(-1),
            Some(Command::Cycle) if self.cycle(&key) => {}
            Some(Command::Reveal) => {
                self.reveal = !self.reveal;
                self.refresh();
            }
            Some(Command::Back) if self.dirty() => app.push(Confirm {
                question: "Discard the changes in the form?".into(),
                pending: Pending::DiscardForm,
            }),
            Some(Command::Back) => return Reply::close(),
            Some(Command::Save) => return Reply::run(self.save(app)),
            Some(Command::TestForm) => match self.build() {
                Ok(p) => return Reply::run(app.test(p, true)),
                Err(e) => {
                    let why = e
                        .first()
                        .map_or("a field needs attention", |x| x.1.as_str());
                    app.toast(format!("cannot test yet: {why}"), true);
                }
            },
            _ => self.input(key),
        }
        Reply::stay()
    }

    fn on_paste(&mut self, text: &str) {
        self.paste(text);
    }

    fn full_screen(&self) -> bool {
        true
    }

    /// Over a form, only the form's own (unsaved) test is shown.
    fn shows_log(&self, log: &TestLog) -> bool {
        log.unsaved
    }

    fn draw(&self, f: &mut Frame, area: Rect, _app: &App, th: &Theme) {
        crate::ui::form::draw(f, area, self, th);
    }

    crate::layer_any!();
}
