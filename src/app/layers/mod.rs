//! The screen as a stack: the provider list at the bottom (the `App` itself), then layers
//! pushed on top of it: full-screen panes (the provider form, the directory browser) and
//! dialogs over them. The top layer has the focus and gets the keys; `Esc` pops it; the hint
//! bar, help and `busy()` are derived from the stack.
//!
//! A layer is one type in one file: its state, the `Context` its keys are looked up in, its
//! key and job handling, and its drawing. Adding a dialog is a new file here plus one
//! `app.push(...)` where it opens. Small dialogs draw themselves with `ui::kit` (a leaf:
//! theme and frame helpers); the two big panes draw through `ui::form` and `ui::browser`.

pub mod ask;
pub mod authorize;
pub mod browser;
pub mod compare;
pub mod confirm;
pub mod edit;
pub mod form;
pub mod groups;
pub mod help;
pub mod journal;
pub mod passwd;
pub mod prompt;
pub mod schema;
pub mod tree;
pub mod write;

use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::App;
use super::action::{JobEvent, JobId};
use super::effect::Effect;
use super::keymap::{Binding, Command, Context, bindings};
use super::testlog::TestLog;
use crate::ui::theme::Theme;

/// What a layer's handling leads to.
#[derive(Debug, Default)]
pub struct Reply {
    /// What the runtime must do.
    pub effects: Vec<Effect>,
    /// The layer leaves the stack.
    pub close: bool,
}

impl Reply {
    /// Stay, asking for nothing.
    pub fn stay() -> Reply {
        Reply::default()
    }

    /// Stay, asking for these effects.
    pub fn run(effects: Vec<Effect>) -> Reply {
        Reply {
            effects,
            close: false,
        }
    }

    /// Leave the stack.
    pub fn close() -> Reply {
        Reply {
            effects: Vec::new(),
            close: true,
        }
    }

    /// Leave the stack, cancelling the layer's job if one still runs.
    pub fn close_cancelling(job: Option<JobId>) -> Reply {
        Reply::close_with(job.map(Effect::Cancel).into_iter().collect())
    }

    /// Leave the stack, asking for these effects (e.g. cancelling the layer's job).
    pub fn close_with(effects: Vec<Effect>) -> Reply {
        Reply {
            effects,
            close: true,
        }
    }
}

/// One layer of the screen.
pub trait Layer: std::fmt::Debug + Any {
    /// The keymap context while this layer is on top.
    fn context(&self) -> Context;

    /// Its keys, in help order: the hint bar, help and key lookup all read this. The table of
    /// its context unless a layer brings its own.
    fn bindings(&self) -> Vec<Binding> {
        bindings(self.context())
    }

    /// What help calls it.
    fn title(&self) -> &'static str {
        self.context().name()
    }

    /// A job of this layer runs (the header's spinner, and `q` asks first).
    fn busy(&self) -> bool {
        false
    }

    /// The job this layer waits for is `id`: its messages come to [`Layer::on_job`].
    fn waits_for(&self, _id: JobId) -> bool {
        false
    }

    /// A key while on top. The layer is out of the stack meanwhile, so it may change the
    /// rest of the console freely (push a dialog, show a toast, reload the browser).
    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply;

    /// A message of the job it waits for.
    fn on_job(&mut self, _id: JobId, _ev: JobEvent, _app: &mut App) -> Reply {
        Reply::stay()
    }

    /// Pasted text while on top.
    fn on_paste(&mut self, _text: &str) {}

    /// Covers the whole body (the provider list is not drawn under it).
    fn full_screen(&self) -> bool {
        false
    }

    /// Under a full-screen layer, whether the test log pane is shown beside it.
    fn shows_log(&self, _log: &TestLog) -> bool {
        false
    }

    /// Draws the layer: `area` is the body, or its upper part beside the test log.
    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme);

    /// A full-screen layer's own popups, over the whole body (test log included).
    fn draw_over(&self, _f: &mut Frame, _body: Rect, _app: &App, _th: &Theme) {}

    /// For finding a layer by its type.
    fn as_any(&self) -> &dyn Any;

    /// For changing a layer found by its type.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// Stands in the stack for the layer being handled, so whatever the handler pushes or
/// closes, the layer goes back exactly where it was.
#[derive(Debug)]
pub(super) struct Hole;

impl Layer for Hole {
    fn context(&self) -> Context {
        Context::Providers
    }

    fn on_key(&mut self, _: Option<Command>, _: KeyEvent, _: &mut App) -> Reply {
        Reply::stay()
    }

    fn draw(&self, _: &mut Frame, _: Rect, _: &App, _: &Theme) {}

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// `busy` and `waits_for` of a layer that runs at most one job, kept in its `job` field.
#[macro_export]
macro_rules! layer_job {
    () => {
        fn busy(&self) -> bool {
            self.job.is_some()
        }

        fn waits_for(&self, id: $crate::app::action::JobId) -> bool {
            self.job == Some(id)
        }
    };
}

/// The `as_any` pair every layer repeats.
#[macro_export]
macro_rules! layer_any {
    () => {
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }

        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    /// A dialog written in this one place: state, keys, handling, drawing.
    #[derive(Debug, Default)]
    struct Ping {
        pings: usize,
    }

    const PING: &[Binding] = &[
        Binding {
            keys: &[(KeyCode::Char('p'), KeyModifiers::NONE)],
            label: "p",
            command: Command::Yes,
            desc: "ping",
            hint: "ping",
        },
        Binding {
            keys: &[(KeyCode::Esc, KeyModifiers::NONE)],
            label: "Esc",
            command: Command::Back,
            desc: "close",
            hint: "close",
        },
    ];

    impl Layer for Ping {
        fn context(&self) -> Context {
            Context::Dialog
        }

        fn bindings(&self) -> Vec<Binding> {
            PING.to_vec()
        }

        fn title(&self) -> &'static str {
            "ping"
        }

        fn on_key(&mut self, cmd: Option<Command>, _: KeyEvent, _: &mut App) -> Reply {
            match cmd {
                Some(Command::Yes) => self.pings += 1,
                Some(Command::Back) => return Reply::close(),
                _ => {}
            }
            Reply::stay()
        }

        fn draw(&self, _: &mut Frame, _: Rect, _: &App, _: &Theme) {}

        crate::layer_any!();
    }

    fn key(code: KeyCode) -> crate::app::action::Action {
        crate::app::action::Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_new_dialog_is_one_type_and_one_push() {
        let mut app = App::new("providers.toml", Vec::new());
        app.push(Ping::default());
        assert_eq!(app.context(), Context::Dialog);
        assert_eq!(app.keys().len(), 2, "the hint bar shows its own keys");
        app.update(key(KeyCode::Char('p')));
        app.update(key(KeyCode::Char('p')));
        assert_eq!(app.find::<Ping>().map(|p| p.pings), Some(2));
        assert_eq!(app.pane_keys().1, "ping");
        app.update(key(KeyCode::Esc));
        assert!(app.find::<Ping>().is_none(), "Esc pops it");
        assert_eq!(app.context(), Context::Providers);
    }

    #[test]
    fn a_layer_handled_goes_back_to_its_place_whatever_it_pushes() {
        let mut app = App::new("providers.toml", Vec::new());
        app.push(Ping::default());
        app.push(crate::app::layers::help::Help::default());
        // The help layer is handled while a Ping sits under it; closing it leaves the Ping.
        app.update(key(KeyCode::Esc));
        assert_eq!(app.layers().len(), 1);
        assert!(app.find::<Ping>().is_some());
    }
}
