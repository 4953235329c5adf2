//! The App's handling of the user dialogs: the field editor, the password dialog and the
//! group picker; each submits an intent to the write preview.

use crossterm::event::KeyEvent;

use super::App;
use super::action::JobId;
use super::effect::Effect;
use super::keymap::Command;
use super::write::Intent;

impl App {
    /// Keys in the edit dialog.
    pub(super) fn on_edit(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let Some(d) = self.edit.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::NextField) => d.move_focus(1),
            Some(Command::PrevField) => d.move_focus(-1),
            Some(Command::Submit) if d.job.is_none() && d.create.is_some() => match d.new_user() {
                Ok((id, attrs)) => {
                    let (tenant, group) = d.create.clone().unwrap_or_default();
                    let intent = Intent::Create {
                        tenant,
                        group,
                        id,
                        attrs,
                    };
                    let (p, pw) = (d.provider.clone(), d.password.clone());
                    return self.plan_write(p, pw, intent);
                }
                Err(note) => d.note = Some(note),
            },
            Some(Command::Submit) if d.job.is_none() => {
                let wants = d.wants();
                if wants.is_empty() {
                    d.note = Some("nothing changed".into());
                    return Vec::new();
                }
                let intent = Intent::Modify {
                    dn: d.dn.clone(),
                    id: d.id.clone(),
                    wants,
                };
                let (p, pw) = (d.provider.clone(), d.password.clone());
                return self.plan_write(p, pw, intent);
            }
            Some(Command::Back) => {
                let job = d.job.take();
                self.edit = None;
                if let Some(job) = job {
                    return vec![Effect::Cancel(job)];
                }
            }
            _ => {
                d.note = None;
                if let Some(f) = d.fields.get_mut(d.focus).filter(|f| f.editable()) {
                    super::line_edit::textarea(&mut f.input, key);
                }
            }
        }
        Vec::new()
    }

    /// Keys in the password dialog.
    pub(super) fn on_passwd(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let next = self.next_job + 1;
        let Some(d) = self.passwd.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::NextField) => {
                d.focus = 1 - d.focus;
                d.refresh();
            }
            Some(Command::Reveal) => {
                d.reveal = !d.reveal;
                d.refresh();
            }
            Some(Command::MustChange) => d.must_change = !d.must_change,
            Some(Command::Generate) => {
                self.next_job = next;
                d.job = Some(JobId(next));
                return vec![Effect::GeneratePassword { job: JobId(next) }];
            }
            Some(Command::Submit) => match d.value() {
                Ok(secret) => {
                    let intent = Intent::Password {
                        dn: d.dn.clone(),
                        id: d.id.clone(),
                        secret,
                        must_change: d.must_change,
                    };
                    let (p, pw) = (d.provider.clone(), d.password.clone());
                    return self.plan_write(p, pw, intent);
                }
                Err(note) => d.note = Some(note),
            },
            Some(Command::Back) => self.passwd = None,
            _ => {
                d.note = None;
                super::line_edit::textarea(&mut d.inputs[d.focus], key);
            }
        }
        Vec::new()
    }

    /// Keys in the group picker.
    pub(super) fn on_groups(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(g) = self.groups.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::Down) => g.move_by(1),
            Some(Command::Up) => g.move_by(-1),
            Some(Command::Cycle) => {
                if let Err(why) = g.toggle() {
                    self.toast(why, true);
                }
            }
            Some(Command::Submit) if g.job.is_none() => {
                let (add, remove) = g.changes();
                if add.is_empty() && remove.is_empty() {
                    self.toast("no membership changed: Space toggles a group", false);
                    return Vec::new();
                }
                let intent = Intent::Groups {
                    dn: g.dn.clone(),
                    id: g.id.clone(),
                    add,
                    remove,
                };
                let (p, pw) = (g.provider.clone(), g.password.clone());
                return self.plan_write(p, pw, intent);
            }
            Some(Command::Back) => {
                let job = g.job.take();
                self.groups = None;
                if let Some(job) = job {
                    return vec![Effect::Cancel(job)];
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
