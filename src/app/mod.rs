//! The console's state and its one mutator, `update`: (state, action) → effects. No I/O.
//!
//! The `App` is the bottom of the screen (the provider list and its test log) and holds the
//! stack of layers over it (`layers`): the top one has the focus.

pub mod action;
mod base_keys;
pub mod browser;
pub mod effect;
pub mod filterbuilder;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layers;
pub mod line_edit;
pub mod providers;
pub mod testlog;
pub mod tree;
pub mod write;

use std::collections::HashMap;

use crossterm::event::{KeyEvent, KeyEventKind};

use action::{Action, JobEvent, JobId};
use effect::Effect;
use form::Form;
use input::needs_password;
use keymap::{Command, Context};
use layers::browser::Browser;
use layers::confirm::{Confirm, Pending};
use layers::help::Help;
use layers::prompt::Prompt;
use layers::{Hole, Layer, Reply};
use providers::{LastTest, ProviderList};
use testlog::TestLog;

use crate::config::{Provider, Secret};

/// A message that does not take the focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// The text.
    pub text: String,
    /// Shown as an error.
    pub error: bool,
}

/// Everything the console shows.
#[derive(Debug)]
pub struct App {
    /// The file the providers come from (shown in the header).
    pub config_path: String,
    /// Providers as on disk.
    pub providers: Vec<Provider>,
    /// List selection, filter, order.
    pub list: ProviderList,
    /// Last test per slug, this session.
    pub results: HashMap<String, LastTest>,
    /// Service passwords typed at a prompt, per slug: in memory only, dropped on quit, so `b`
    /// after `t` does not ask again.
    pub typed: HashMap<String, crate::config::Secret>,
    /// The console runs on `ldapdeck demo`: quitting removes its directory, so `q` asks.
    pub demo: bool,
    /// The test log has the focus (else the list).
    pub focus_log: bool,
    /// The test log pane.
    pub testlog: Option<TestLog>,
    /// Typing a quick filter over the provider list.
    pub filtering: bool,
    /// A message.
    pub toast: Option<Toast>,
    /// Spinner frame while a job runs.
    pub spinner: usize,
    /// The layers over the provider list, bottom first: the last has the focus.
    stack: Vec<Box<dyn Layer>>,
    next_job: u64,
}

impl App {
    /// A console over these providers.
    pub fn new(config_path: &str, providers: Vec<Provider>) -> App {
        App {
            config_path: config_path.to_string(),
            providers,
            list: ProviderList::default(),
            results: HashMap::new(),
            typed: HashMap::new(),
            demo: false,
            focus_log: false,
            testlog: None,
            filtering: false,
            toast: None,
            spinner: 0,
            stack: Vec::new(),
            next_job: 0,
        }
    }

    /// Puts a layer on top: it takes the focus.
    pub fn push(&mut self, layer: impl Layer) {
        self.stack.push(Box::new(layer));
    }

    /// The layers over the provider list, bottom first.
    pub fn layers(&self) -> &[Box<dyn Layer>] {
        &self.stack
    }

    /// The topmost layer of type `T`.
    pub fn find<T: Layer>(&self) -> Option<&T> {
        self.stack
            .iter()
            .rev()
            .find_map(|l| l.as_any().downcast_ref::<T>())
    }

    /// The topmost layer of type `T`, to change it.
    pub fn find_mut<T: Layer>(&mut self) -> Option<&mut T> {
        self.stack
            .iter_mut()
            .rev()
            .find_map(|l| l.as_any_mut().downcast_mut::<T>())
    }

    /// Removes every layer of type `T`.
    pub fn close<T: Layer>(&mut self) {
        self.stack.retain(|l| !l.as_any().is::<T>());
    }

    /// The directory browser, when open.
    pub fn browser(&self) -> Option<&Browser> {
        self.find::<Browser>()
    }

    /// The directory browser, to change it.
    pub fn browser_mut(&mut self) -> Option<&mut Browser> {
        self.find_mut::<Browser>()
    }

    /// Where keys go now: the top layer's context, else the provider list's.
    pub fn context(&self) -> Context {
        self.stack
            .last()
            .map_or_else(|| self.base_context(), |l| l.context())
    }

    /// The focused pane's context, under help and questions (what help describes).
    pub fn pane_context(&self) -> Context {
        self.stack
            .iter()
            .rev()
            .map(|l| l.context())
            .find(|c| !matches!(c, Context::Help | Context::Confirm))
            .unwrap_or_else(|| self.base_context())
    }

    /// The keys of what has the focus (the hint bar shows them).
    pub fn keys(&self) -> Vec<keymap::Binding> {
        self.stack
            .last()
            .map_or_else(|| keymap::bindings(self.base_context()), |l| l.bindings())
    }

    /// The keys and name of the pane help describes (under help and questions).
    pub fn pane_keys(&self) -> (Vec<keymap::Binding>, &'static str) {
        match self
            .stack
            .iter()
            .rev()
            .find(|l| !matches!(l.context(), Context::Help | Context::Confirm))
        {
            Some(l) => (l.bindings(), l.title()),
            None => {
                let ctx = self.base_context();
                (keymap::bindings(ctx), ctx.name())
            }
        }
    }

    fn base_context(&self) -> Context {
        if self.filtering {
            Context::Filter
        } else if self.focus_log && self.testlog.is_some() {
            Context::TestLog
        } else {
            Context::Providers
        }
    }

    /// A job is running (the runtime ticks the spinner only then).
    pub fn busy(&self) -> bool {
        self.testlog.as_ref().is_some_and(|t| t.running) || self.stack.iter().any(|l| l.busy())
    }

    /// The selected provider.
    pub fn selected(&self) -> Option<&Provider> {
        self.list
            .current(&self.providers, &self.results)
            .map(|i| &self.providers[i])
    }

    /// A new, never reused job id.
    pub fn job(&mut self) -> JobId {
        self.next_job += 1;
        JobId(self.next_job)
    }

    /// Shows a message in the status line.
    pub fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.toast = Some(Toast {
            text: text.into(),
            error,
        });
    }

    /// Hands the layer at `i` to `f` with the whole console, then puts it back where it was
    /// (a `Hole` keeps its place whatever `f` pushes or closes), or drops it when it closes.
    fn with_layer(
        &mut self,
        i: usize,
        f: impl FnOnce(&mut dyn Layer, &mut App) -> Reply,
    ) -> Vec<Effect> {
        let Some(slot) = self.stack.get_mut(i) else {
            return Vec::new();
        };
        let mut layer = std::mem::replace(slot, Box::new(Hole));
        let reply = f(layer.as_mut(), self);
        if let Some(at) = self.stack.iter().position(|l| l.as_any().is::<Hole>()) {
            if reply.close {
                self.stack.remove(at);
            } else {
                self.stack[at] = layer;
            }
        }
        reply.effects
    }

    /// The only mutator: applies an action and returns what the runtime must do.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Key(key) if key.kind == KeyEventKind::Press => {
                self.toast = None;
                self.on_key(key)
            }
            Action::Key(_) | Action::Resize => Vec::new(),
            Action::Paste(s) => {
                match self.stack.last_mut() {
                    Some(top) => top.on_paste(&s),
                    None if self.filtering => self.list.filter.push_str(s.trim()),
                    None => {}
                }
                Vec::new()
            }
            Action::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Action::Job(id, ev) => self.on_job(id, ev),
            Action::Saved(result) => {
                self.on_saved(result);
                Vec::new()
            }
            Action::Reloaded(result) => {
                match result {
                    Ok(list) => {
                        let n = list.len();
                        self.providers = list;
                        let shown = self.list.visible(&self.providers, &self.results).len();
                        self.list.selected = self.list.selected.min(shown.saturating_sub(1));
                        self.toast(
                            format!("read {} again: {n} provider(s)", self.config_path),
                            false,
                        );
                    }
                    Err(msg) => self.toast(msg, true),
                }
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctx = self.context();
        let cmd = keymap::lookup_in(&self.keys(), &key);
        // q (or C-c) again on the quit question itself means yes.
        let quit_key = cmd == Some(Command::Quit)
            || (key.code == crossterm::event::KeyCode::Char('q') && key.modifiers.is_empty());
        if quit_key
            && ctx == Context::Confirm
            && self
                .find::<Confirm>()
                .is_some_and(|c| matches!(c.pending, Pending::QuitDiscarding))
        {
            self.close::<Confirm>();
            return vec![Effect::Quit];
        }
        if cmd == Some(Command::Quit) && ctx != Context::Confirm {
            return self.quit();
        }
        // Every pane's help key opens the same overlay, over whatever has the focus.
        if cmd == Some(Command::Help) && ctx != Context::Help {
            self.push(Help::default());
            return Vec::new();
        }
        match self.stack.len() {
            0 => self.on_base(ctx, cmd, key),
            n => self.with_layer(n - 1, |l, app| l.on_key(cmd, key, app)),
        }
    }

    fn on_job(&mut self, id: JobId, ev: JobEvent) -> Vec<Effect> {
        if self.testlog.as_ref().is_some_and(|t| t.job == id) {
            self.on_test_job(ev);
            return Vec::new();
        }
        match self.stack.iter().rposition(|l| l.waits_for(id)) {
            Some(i) => self.with_layer(i, |l, app| l.on_job(id, ev, app)),
            // From a job nobody waits for any more: dropped.
            None => Vec::new(),
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        if self.find::<Form>().is_some_and(Form::dirty) {
            self.push(Confirm {
                question: "The form has unsaved changes. Quit and lose them?".into(),
                pending: Pending::QuitDiscarding,
            });
            return Vec::new();
        }
        let question = if self.busy() {
            Some("A job is still running. Quit and cancel it?")
        } else if self.demo {
            Some("Quit the demo? Its directory, its journal and the changes you made go with it.")
        } else {
            None
        };
        if let Some(q) = question {
            self.push(Confirm {
                question: q.into(),
                pending: Pending::QuitDiscarding,
            });
            return Vec::new();
        }
        vec![Effect::Quit]
    }

    /// Starts the doctor (asking for a password first when the provider has no source).
    pub fn test(&mut self, p: Provider, unsaved: bool) -> Vec<Effect> {
        if needs_password(&p) {
            if let Some(pw) = self.typed.get(&p.slug).filter(|_| !unsaved).cloned() {
                return self.start_test(p, Some(pw), unsaved);
            }
            self.push(Prompt::new(p, unsaved));
            return Vec::new();
        }
        self.start_test(p, None, unsaved)
    }

    /// Starts the doctor with this password (cancelling a test that still runs).
    pub fn start_test(
        &mut self,
        p: Provider,
        password: Option<Secret>,
        unsaved: bool,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(t) = self.testlog.as_ref().filter(|t| t.running) {
            effects.push(Effect::Cancel(t.job));
        }
        let job = self.job();
        self.testlog = Some(TestLog::new(job, p.clone(), password.clone(), unsaved));
        self.focus_log = self.find::<Form>().is_none();
        effects.push(Effect::StartTest {
            job,
            provider: Box::new(p),
            password,
        });
        effects
    }

    /// `b`: opens the browser (asking for the bind password first when there is no source).
    pub fn browse(&mut self, p: Provider) -> Vec<Effect> {
        if needs_password(&p) {
            if let Some(pw) = self.typed.get(&p.slug).cloned() {
                return self.open_browser(p, Some(pw));
            }
            let mut prompt = Prompt::new(p, false);
            prompt.browse = true;
            self.push(prompt);
            return Vec::new();
        }
        self.open_browser(p, None)
    }

    /// `T`: opens the directory tree (asking for the bind password first when there is no
    /// source).
    pub fn tree(&mut self, p: Provider) -> Vec<Effect> {
        if needs_password(&p) {
            if let Some(pw) = self.typed.get(&p.slug).cloned() {
                return self.open_tree(p, Some(pw));
            }
            let mut prompt = Prompt::new(p, false);
            prompt.tree = true;
            self.push(prompt);
            return Vec::new();
        }
        self.open_tree(p, None)
    }

    /// Opens the browser on `p` and starts its first load.
    pub fn open_browser(&mut self, p: Provider, password: Option<Secret>) -> Vec<Effect> {
        let (mut b, load) = Browser::new(&p, password);
        let job = self.job();
        let effects = b.load(load, job);
        self.push(b);
        effects
    }

    fn on_test_job(&mut self, ev: JobEvent) {
        let Some(log) = self.testlog.as_mut() else {
            return;
        };
        match ev {
            JobEvent::Step(s) => log.step(s),
            JobEvent::TestDone(report, at) => {
                if !log.unsaved {
                    let cause = report.failure().and_then(|s| s.cause).map(str::to_string);
                    self.results.insert(
                        log.provider.slug.clone(),
                        LastTest {
                            ok: report.ok,
                            cause,
                            at,
                        },
                    );
                }
                log.done(report);
            }
            JobEvent::Cancelled => {
                log.running = false;
                log.cancelled = true;
            }
            _ => {}
        }
    }

    fn on_saved(&mut self, result: Result<Vec<Provider>, String>) {
        match result {
            Ok(list) => {
                let saved = self
                    .find::<Form>()
                    .filter(|f| f.saving)
                    .and_then(|f| f.build().ok());
                self.close::<Form>();
                let keep = saved
                    .as_ref()
                    .map(|p| p.slug.clone())
                    .or_else(|| self.selected().map(|p| p.slug.clone()));
                self.providers = list;
                let n = self.list.visible(&self.providers, &self.results).len();
                self.list.selected = self.list.selected.min(n.saturating_sub(1));
                if let Some(slug) = keep {
                    self.list.select_slug(&slug, &self.providers, &self.results);
                }
                if let Some(p) = saved {
                    self.toast(format!("saved {} to {}", p.slug, self.config_path), false);
                }
            }
            Err(msg) => {
                let was_saving = self.find::<Form>().is_some_and(|f| f.saving);
                if let Some(f) = self.find_mut::<Form>() {
                    f.saving = false;
                }
                if was_saving && msg.contains("changed on disk") {
                    // Someone else saved meanwhile: the form stays as typed, and its changes
                    // can be applied on top of theirs.
                    self.push(Confirm {
                        question: "providers.toml changed on disk since it was read. Read it again and re-apply your changes on top?".into(),
                        pending: Pending::Reapply,
                    });
                    return;
                }
                self.toast(msg, true);
            }
        }
    }
}
