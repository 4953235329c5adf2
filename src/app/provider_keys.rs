//! The App's handling of the provider list: moving, filtering, and the commands on the
//! selected provider.

use crossterm::event::KeyEvent;

use super::App;
use super::dialogs::{AuthDialog, Confirm, Pending};
use super::effect::Effect;
use super::form::Form;
use super::keymap::Command;
use crate::config::Provider;

impl App {
    pub(super) fn on_providers(&mut self, cmd: Option<Command>) -> Vec<Effect> {
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
            Some(Command::Help) => self.help = true,
            Some(Command::Reload) => return vec![Effect::Reload],
            Some(Command::NextPane) if self.testlog.is_some() => self.focus_log = true,
            Some(Command::Add) => {
                let mut p = Provider::new("");
                p.urls.clear();
                self.form = Some(Form::new(&p, None, "New provider"));
            }
            Some(Command::Back) => return self.cancel_or_clear(),
            Some(c) => return self.on_selected(c),
            None => {}
        }
        Vec::new()
    }

    pub(super) fn cancel_or_clear(&mut self) -> Vec<Effect> {
        if let Some(t) = self.testlog.as_ref().filter(|t| t.running) {
            return vec![Effect::Cancel(t.job)];
        }
        self.list.filter.clear();
        Vec::new()
    }

    pub(super) fn on_selected(&mut self, cmd: Command) -> Vec<Effect> {
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
            Command::Authorize => self.auth = Some(AuthDialog::new(&p)),
            Command::Edit => {
                self.form = Some(Form::new(
                    &p,
                    Some(p.slug.clone()),
                    &format!("Edit {}", p.slug),
                ))
            }
            Command::Clone => {
                let mut copy = p.clone();
                copy.slug = format!("{}-copy", p.slug);
                if !copy.name.is_empty() {
                    copy.name = format!("{} (copy)", copy.name);
                }
                self.form = Some(Form::new(&copy, None, &format!("Clone of {}", p.slug)));
            }
            Command::Delete => {
                self.confirm = Some(Confirm {
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

    pub(super) fn on_filter(&mut self, cmd: Option<Command>, key: KeyEvent) {
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
