//! Keys at the bottom of the stack: the provider list (moving, filtering, the commands on
//! the selected provider) and its test log.

use crossterm::event::KeyEvent;

use super::App;
use super::effect::Effect;
use super::form::Form;
use super::keymap::{Command, Context};
use super::layers::authorize::AuthDialog;
use super::layers::confirm::{Confirm, Pending};
use crate::config::Provider;

impl App {
    /// A key when no layer is open.
    pub(super) fn on_base(
        &mut self,
        ctx: Context,
        cmd: Option<Command>,
        key: KeyEvent,
    ) -> Vec<Effect> {
        match ctx {
            Context::Filter => {
                self.on_filter(cmd, key);
                Vec::new()
            }
            Context::TestLog => self.on_testlog(cmd),
            _ => self.on_providers(cmd),
        }
    }

    fn on_testlog(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(log) = self.testlog.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::Down) => log.move_by(1),
            Some(Command::Up) => log.move_by(-1),
            Some(Command::Expand) => log.toggle(),
            Some(Command::NextPane) => self.focus_log = false,
            Some(Command::ShowCommands) => log.commands = !log.commands,
            Some(Command::Copy) => {
                let command = log.steps.get(log.selected).and_then(|s| s.command.clone());
                match command {
                    Some(c) => {
                        self.toast(format!("copied: {c}"), false);
                        return vec![Effect::Copy(c)];
                    }
                    None => self.toast("this step has no command to run by hand", false),
                }
            }
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

    fn on_providers(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let row = self.list.selected as isize;
        match cmd {
            Some(Command::Down) => self.list.move_to(row + 1, &self.providers, &self.results),
            Some(Command::Up) => self.list.move_to(row - 1, &self.providers, &self.results),
            Some(Command::Top) => self.list.move_to(0, &self.providers, &self.results),
            Some(Command::Bottom) => {
                self.list
                    .move_to(isize::MAX / 2, &self.providers, &self.results)
            }
            Some(Command::Filter) => self.filtering = true,
            Some(Command::Sort) => {
                self.list.sort = self.list.sort.next();
                self.list.selected = 0;
            }
            Some(Command::Reload) => return vec![Effect::Reload],
            Some(Command::NextPane) if self.testlog.is_some() => self.focus_log = true,
            Some(Command::Add) => {
                let mut p = Provider::new("");
                p.urls.clear();
                self.push(Form::new(&p, None, "New provider"));
            }
            Some(Command::Back) => return self.cancel_or_clear(),
            Some(c) => return self.on_selected(c),
            None => {}
        }
        Vec::new()
    }

    fn cancel_or_clear(&mut self) -> Vec<Effect> {
        if let Some(t) = self.testlog.as_ref().filter(|t| t.running) {
            return vec![Effect::Cancel(t.job)];
        }
        self.list.filter.clear();
        Vec::new()
    }

    fn on_selected(&mut self, cmd: Command) -> Vec<Effect> {
        let Some(p) = self.selected().cloned() else {
            if matches!(
                cmd,
                Command::Edit
                    | Command::Clone
                    | Command::Delete
                    | Command::Test
                    | Command::Authorize
                    | Command::Toggle
            ) {
                self.toast("no provider selected: press a to add one", false);
            }
            return Vec::new();
        };
        match cmd {
            Command::Test => return self.test(p, false),
            Command::Browse => return self.browse(p),
            Command::OpenTree => return self.tree(p),
            Command::Authorize => self.push(AuthDialog::new(&p)),
            Command::Edit => self.push(Form::new(
                &p,
                Some(p.slug.clone()),
                &format!("Edit {}", p.slug),
            )),
            Command::Clone => {
                let mut copy = p.clone();
                copy.slug = format!("{}-copy", p.slug);
                if !copy.name.is_empty() {
                    copy.name = format!("{} (copy)", copy.name);
                }
                self.push(Form::new(&copy, None, &format!("Clone of {}", p.slug)));
            }
            Command::Delete => {
                self.push(Confirm {
                    question: format!("Delete provider '{}' from providers.toml?", p.slug),
                    pending: Pending::Delete(p.slug.clone()),
                });
            }
            Command::Toggle => {
                let mut q = p.clone();
                q.enabled = !q.enabled;
                return vec![Effect::Save {
                    original: Some(p.slug.clone()),
                    provider: Box::new(q),
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_filter(&mut self, cmd: Option<Command>, key: KeyEvent) {
        match (cmd, key.code) {
            (Some(Command::Submit), _) => self.filtering = false,
            (Some(Command::Back), _) => {
                self.filtering = false;
                self.list.filter.clear();
            }
            _ => {
                super::line_edit::edit(&mut self.list.filter, &key);
            }
        }
        self.list.selected = 0;
    }
}
