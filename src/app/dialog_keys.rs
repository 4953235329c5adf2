//! The App's handling of the provider form, the password prompt and the authorize dialog.

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::action::JobId;
use super::dialogs::{Confirm, Pending, text_of};
use super::effect::Effect;
use super::keymap::Command;
use crate::config::Secret;

impl App {
    pub(super) fn on_form(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::NextField) => form.move_focus(1),
            Some(Command::PrevField) => form.move_focus(-1),
            Some(Command::Help) => self.help = true,
            Some(Command::Cycle) if form.cycle(&key) => {}
            Some(Command::Reveal) => {
                form.reveal = !form.reveal;
                form.refresh();
            }
            Some(Command::Back) if form.dirty() => {
                self.confirm = Some(Confirm {
                    question: "Discard the changes in the form?".into(),
                    pending: Pending::DiscardForm,
                });
            }
            Some(Command::Back) => self.form = None,
            Some(Command::Save) => return self.save_form(),
            Some(Command::TestForm) => match form.build() {
                Ok(p) => return self.test(p, true),
                Err(e) => self.toast(format!("cannot test yet: {}", e[0].1), true),
            },
            _ => form.input(key),
        }
        Vec::new()
    }

    pub(super) fn save_form(&mut self) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let errors = form.error_count();
        match form.build() {
            Ok(p) if errors == 0 => {
                form.saving = true;
                vec![Effect::Save {
                    original: form.original.clone(),
                    provider: Box::new(p),
                }]
            }
            _ => {
                if let Some(i) = form.fields.iter().position(|f| f.error.is_some()) {
                    form.focus = i;
                    form.refresh();
                }
                self.toast(format!("not saved: {errors} field(s) need attention"), true);
                Vec::new()
            }
        }
    }

    pub(super) fn on_prompt(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let Some(prompt) = self.prompt.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::Submit) => {
                let pw = Secret::new(text_of(&prompt.password));
                let (p, unsaved, browse) = (prompt.provider.clone(), prompt.unsaved, prompt.browse);
                self.prompt = None;
                if !unsaved && !pw.is_empty() {
                    self.typed.insert(p.slug.clone(), pw.clone());
                }
                if browse {
                    return self.open_browser(p, Some(pw));
                }
                return self.start_test(p, Some(pw), unsaved);
            }
            Some(Command::Back) => self.prompt = None,
            Some(Command::Reveal) => prompt.toggle_reveal(),
            _ if key.code != KeyCode::Enter => {
                super::line_edit::textarea(&mut prompt.password, key);
            }
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_auth(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let next = self.next_job + 1;
        let Some(d) = self.auth.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::NextField) => {
                d.focus = (d.focus + 1) % d.inputs.len();
                d.refresh();
            }
            Some(Command::Reveal) => {
                d.reveal = !d.reveal;
                d.refresh();
            }
            Some(Command::Back) => match d.job.take() {
                Some(job) => return vec![Effect::Cancel(job)],
                None => self.auth = None,
            },
            Some(Command::Submit) if d.job.is_none() => match d.values() {
                Ok((user, password, service_password)) => {
                    d.job = Some(JobId(next));
                    d.outcome = None;
                    d.note = None;
                    let provider = Box::new(d.provider.clone());
                    self.next_job = next;
                    return vec![Effect::StartAuthorize {
                        job: JobId(next),
                        provider,
                        user,
                        password,
                        service_password,
                    }];
                }
                Err(note) => d.note = Some(note),
            },
            Some(Command::Submit) => {}
            _ => {
                if let Some(t) = d.inputs.get_mut(d.focus) {
                    super::line_edit::textarea(t, key);
                }
            }
        }
        Vec::new()
    }
}
