//! The console's state and its one mutator, `update`: (state, action) → effects. No I/O.

pub mod action;
mod browse;
pub mod browser;
mod dialog_keys;
pub mod dialogs;
mod edits;
pub mod effect;
pub mod filterbuilder;
pub mod form;
pub mod keymap;
pub mod line_edit;
mod provider_keys;
pub mod providers;
pub mod testlog;
mod user_dialog_keys;
pub mod user_dialogs;
pub mod write;

use std::collections::HashMap;

use crossterm::event::{KeyEvent, KeyEventKind};

use action::{Action, JobEvent, JobId};
use dialogs::{AuthDialog, Confirm, Pending, Prompt, needs_password};
use effect::Effect;
use form::Form;
use keymap::{Command, Context, lookup};
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
    /// Lines the help overlay is scrolled by (it is cut at 80x24).
    pub help_scroll: usize,
    /// The test log has the focus (else the list).
    pub focus_log: bool,
    /// The test log pane.
    pub testlog: Option<TestLog>,
    /// The provider form.
    pub form: Option<Form>,
    /// The authorize dialog.
    pub auth: Option<AuthDialog>,
    /// The directory browser.
    pub browser: Option<browser::Browser>,
    /// The password prompt before a test.
    pub prompt: Option<Prompt>,
    /// A yes/no question.
    pub confirm: Option<Confirm>,
    /// The preview of a write.
    pub write: Option<write::WriteDialog>,
    /// The journal pane.
    pub journal: Option<write::JournalPane>,
    /// The group picker.
    pub groups: Option<user_dialogs::GroupPicker>,
    /// The password dialog.
    pub passwd: Option<user_dialogs::PasswordDialog>,
    /// The edit dialog.
    pub edit: Option<user_dialogs::EditDialog>,
    /// The help overlay.
    pub help: bool,
    /// Typing a quick filter.
    pub filtering: bool,
    /// A message.
    pub toast: Option<Toast>,
    /// Spinner frame while a job runs.
    pub spinner: usize,
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
            help_scroll: 0,
            focus_log: false,
            testlog: None,
            form: None,
            auth: None,
            browser: None,
            prompt: None,
            confirm: None,
            write: None,
            journal: None,
            groups: None,
            passwd: None,
            edit: None,
            help: false,
            filtering: false,
            toast: None,
            spinner: 0,
            next_job: 0,
        }
    }

    /// Where keys go now.
    pub fn context(&self) -> Context {
        if self.confirm.is_some() {
            Context::Confirm
        } else if self.help {
            Context::Help
        } else {
            self.pane_context()
        }
    }

    /// The focused pane's context, ignoring help and questions (what help describes).
    pub fn pane_context(&self) -> Context {
        if self.write.is_some() {
            Context::Write
        } else if self.edit.is_some() {
            Context::Edit
        } else if self.passwd.is_some() {
            Context::Password
        } else if self.groups.is_some() {
            Context::Groups
        } else if self.journal.is_some() {
            Context::Journal
        } else if self.prompt.is_some() {
            Context::Prompt
        } else if self.auth.is_some() {
            Context::Authorize
        } else if self.form.is_some() {
            Context::Form
        } else if let Some(b) = &self.browser {
            if b.builder.is_some() {
                Context::FilterBuilder
            } else if b.filtering {
                Context::BrowserFilter
            } else if b.provider.read_only {
                // A read-only provider shows no write key at all.
                Context::Browser
            } else {
                Context::BrowserEdit
            }
        } else if self.filtering {
            Context::Filter
        } else if self.focus_log && self.testlog.is_some() {
            Context::TestLog
        } else {
            Context::Providers
        }
    }

    /// A job is running (the runtime ticks the spinner only then).
    pub fn busy(&self) -> bool {
        self.testlog.as_ref().is_some_and(|t| t.running)
            || self.auth.as_ref().is_some_and(|a| a.job.is_some())
            || self
                .browser
                .as_ref()
                .is_some_and(|b| b.job.is_some() || b.entry_job.is_some())
            || self.write.as_ref().is_some_and(|w| w.job.is_some())
            || self.journal.as_ref().is_some_and(|j| j.job.is_some())
            || self.groups.as_ref().is_some_and(|g| g.job.is_some())
            || self.edit.as_ref().is_some_and(|e| e.job.is_some())
    }

    /// The selected provider.
    pub fn selected(&self) -> Option<&Provider> {
        self.list
            .current(&self.providers, &self.results)
            .map(|i| &self.providers[i])
    }

    pub(crate) fn job(&mut self) -> JobId {
        self.next_job += 1;
        JobId(self.next_job)
    }

    pub(crate) fn toast(&mut self, text: impl Into<String>, error: bool) {
        self.toast = Some(Toast {
            text: text.into(),
            error,
        });
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
                match self.context() {
                    Context::Form => {
                        if let Some(f) = &mut self.form {
                            f.paste(&s);
                        }
                    }
                    Context::Filter => self.list.filter.push_str(s.trim()),
                    _ => {}
                }
                Vec::new()
            }
            Action::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Action::Job(id, ev) => {
                let mut ev = Some(ev);
                if let Some(effects) = self.on_write_job(id, &mut ev) {
                    return effects;
                }
                if let Some(ev) = ev {
                    self.on_job(id, ev);
                }
                Vec::new()
            }
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
        let cmd = lookup(ctx, &key);
        // q (or C-c) again on the quit question itself means yes.
        let quit_key = cmd == Some(Command::Quit)
            || (key.code == crossterm::event::KeyCode::Char('q') && key.modifiers.is_empty());
        if quit_key
            && self
                .confirm
                .as_ref()
                .is_some_and(|c| matches!(c.pending, Pending::QuitDiscarding))
        {
            self.confirm = None;
            return vec![Effect::Quit];
        }
        if cmd == Some(Command::Quit) {
            if ctx == Context::Confirm {
                return self.on_confirm(cmd);
            }
            return self.quit();
        }
        match ctx {
            Context::Confirm => self.on_confirm(cmd),
            Context::Help => {
                match cmd {
                    Some(Command::Back) => {
                        self.help = false;
                        self.help_scroll = 0;
                    }
                    Some(Command::Down) => self.help_scroll += 1,
                    Some(Command::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                    _ => {}
                }
                Vec::new()
            }
            Context::Prompt => self.on_prompt(cmd, key),
            Context::Authorize => self.on_auth(cmd, key),
            Context::Form => self.on_form(cmd, key),
            Context::Filter => {
                self.on_filter(cmd, key);
                Vec::new()
            }
            Context::TestLog => self.on_testlog(cmd),
            Context::Providers => self.on_providers(cmd),
            Context::Browser => self.on_browser(cmd),
            Context::BrowserEdit => self.on_browser_edit(cmd),
            Context::Write => self.on_write(cmd, key),
            Context::Journal => self.on_journal(cmd),
            Context::Groups => self.on_groups(cmd),
            Context::Password => self.on_passwd(cmd, key),
            Context::Edit => self.on_edit(cmd, key),
            Context::FilterBuilder => self.on_builder(cmd, key),
            Context::BrowserFilter => {
                self.on_browser_filter(cmd, key);
                Vec::new()
            }
        }
    }

    fn quit(&mut self) -> Vec<Effect> {
        if self.form.as_ref().is_some_and(Form::dirty) {
            self.confirm = Some(Confirm {
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
            self.confirm = Some(Confirm {
                question: q.into(),
                pending: Pending::QuitDiscarding,
            });
            return Vec::new();
        }
        vec![Effect::Quit]
    }

    fn on_confirm(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(c) = self.confirm.take() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::Yes) => match c.pending {
                Pending::Delete(slug) => vec![Effect::Delete(slug)],
                Pending::DiscardForm => {
                    self.form = None;
                    Vec::new()
                }
                Pending::QuitDiscarding => vec![Effect::Quit],
                Pending::Reapply => match self.form.as_mut() {
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
            },
            Some(Command::No) => Vec::new(),
            _ => {
                self.confirm = Some(c);
                Vec::new()
            }
        }
    }

    /// Starts the doctor (asking for a password first when the provider has no source).
    fn test(&mut self, p: Provider, unsaved: bool) -> Vec<Effect> {
        if needs_password(&p) {
            if let Some(pw) = self.typed.get(&p.slug).filter(|_| !unsaved).cloned() {
                return self.start_test(p, Some(pw), unsaved);
            }
            self.prompt = Some(Prompt::new(p, unsaved));
            return Vec::new();
        }
        self.start_test(p, None, unsaved)
    }

    fn start_test(&mut self, p: Provider, password: Option<Secret>, unsaved: bool) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(t) = self.testlog.as_ref().filter(|t| t.running) {
            effects.push(Effect::Cancel(t.job));
        }
        let job = self.job();
        self.testlog = Some(TestLog::new(job, p.clone(), password.clone(), unsaved));
        self.focus_log = self.form.is_none();
        effects.push(Effect::StartTest {
            job,
            provider: Box::new(p),
            password,
        });
        effects
    }

    fn on_testlog(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(log) = self.testlog.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::Down) => log.move_by(1),
            Some(Command::Up) => log.move_by(-1),
            Some(Command::Expand) => log.toggle(),
            Some(Command::Help) => self.help = true,
            Some(Command::NextPane) => self.focus_log = false,
            Some(Command::Test) => {
                let (p, pw, unsaved) = (log.provider.clone(), log.password.clone(), log.unsaved);
                return if pw.is_some() {
                    self.start_test(p, pw, unsaved)
                } else {
                    self.test(p, unsaved)
                };
            }
            Some(Command::Back) if log.running => return vec![Effect::Cancel(log.job)],
            Some(Command::Back) => {
                self.testlog = None;
                self.focus_log = false;
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_job(&mut self, id: JobId, ev: JobEvent) {
        let mut ev = Some(ev);
        if self.on_browser_job(id, &mut ev) {
            return;
        }
        let Some(ev) = ev else { return };
        if let Some(log) = self.testlog.as_mut().filter(|t| t.job == id) {
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
            return;
        }
        if let Some(d) = self.auth.as_mut() {
            match ev {
                JobEvent::AuthDone(o) if d.job == Some(id) => {
                    d.job = None;
                    d.outcome = Some(*o);
                }
                JobEvent::Cancelled if d.job == Some(id) => d.job = None,
                _ => {}
            }
        }
        // Anything else is from a job nobody waits for any more: dropped.
    }

    fn on_saved(&mut self, result: Result<Vec<Provider>, String>) {
        match result {
            Ok(list) => {
                let saved = self
                    .form
                    .take()
                    .filter(|f| f.saving)
                    .and_then(|f| f.build().ok());
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
                let was_saving = self.form.as_ref().is_some_and(|f| f.saving);
                if let Some(f) = self.form.as_mut() {
                    f.saving = false;
                }
                if was_saving && msg.contains("changed on disk") {
                    // Someone else saved meanwhile: the form stays as typed, and its changes
                    // can be applied on top of theirs.
                    self.confirm = Some(Confirm {
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
