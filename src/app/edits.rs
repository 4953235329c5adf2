//! The App's handling of writes: the browser's write keys, the preview dialog, the journal
//! pane, and the jobs that plan and send.

use crossterm::event::{KeyCode, KeyEvent};

use super::App;
use super::action::{JobEvent, JobId};
use super::browser::Level;
use super::effect::Effect;
use super::keymap::Command;
use super::user_dialogs::{EditDialog, EditField, GroupPicker, PasswordDialog};
use super::write::{Intent, JournalPane, WriteDialog};
use crate::config::{Provider, Secret};

impl App {
    /// The browser of a writable provider: write keys first, the rest as in any browser.
    pub(super) fn on_browser_edit(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(b) = self.browser.as_ref() else {
            return Vec::new();
        };
        let (p, pw) = (b.provider.clone(), b.password.clone());
        let per_user = matches!(
            cmd,
            Some(
                Command::ToggleUser
                    | Command::DeleteUser
                    | Command::EditUser
                    | Command::SetPassword
                    | Command::Memberships
            )
        );
        if !per_user {
            return match cmd {
                Some(Command::Journal) => self.open_journal(p, pw),
                Some(Command::NewUser) if b.level != Level::Users => {
                    self.toast("open a group's users first: the new user goes there", false);
                    Vec::new()
                }
                Some(Command::NewUser) => {
                    let place = (b.tenant.clone(), b.group.clone());
                    self.edit = Some(EditDialog::for_new(p, pw, place));
                    Vec::new()
                }
                other => self.on_browser(other),
            };
        }
        let Some((dn, id)) = b.selected_user() else {
            self.toast("select a user first (open a group, then a user row)", false);
            return Vec::new();
        };
        match cmd {
            Some(Command::ToggleUser) => self.plan_write(p, pw, Intent::ToggleStatus { dn, id }),
            Some(Command::DeleteUser) => self.plan_write(p, pw, Intent::Delete { dn, id }),
            Some(Command::SetPassword) => {
                self.passwd = Some(PasswordDialog::new(p, pw, dn, id));
                Vec::new()
            }
            Some(Command::EditUser) => {
                let job = self.job();
                self.edit = Some(EditDialog::new(p.clone(), pw.clone(), dn.clone(), id, job));
                vec![Effect::LoadEdit {
                    job,
                    provider: Box::new(p),
                    password: pw,
                    dn,
                }]
            }
            Some(Command::Memberships) => {
                let job = self.job();
                self.groups = Some(GroupPicker::new(p.clone(), pw.clone(), dn.clone(), id, job));
                vec![Effect::LoadGroups {
                    job,
                    provider: Box::new(p),
                    password: pw,
                    dn,
                }]
            }
            _ => Vec::new(),
        }
    }

    fn open_journal(&mut self, p: Provider, pw: Option<Secret>) -> Vec<Effect> {
        let job = self.job();
        let slug = p.slug.clone();
        self.journal = Some(JournalPane::new(p, pw, job));
        vec![Effect::LoadJournal { job, slug }]
    }

    pub(super) fn plan_write(
        &mut self,
        p: Provider,
        pw: Option<Secret>,
        intent: Intent,
    ) -> Vec<Effect> {
        let job = self.job();
        let title = match &intent {
            Intent::ToggleStatus { id, .. } => format!("Enable or disable {id}"),
            Intent::Delete { id, .. } => format!("Delete {id}"),
            Intent::Undo(r) => format!("Undo {} {}", r.what(), r.dn),
            Intent::Groups { id, .. } => format!("Groups of {id}"),
            Intent::Password { id, .. } => format!("Password of {id}"),
            Intent::Modify { id, .. } => format!("Edit {id}"),
            Intent::Create { id, .. } => format!("Create {id}"),
        };
        self.write = Some(WriteDialog::new(p.clone(), pw.clone(), title, job));
        vec![Effect::PlanWrite {
            job,
            provider: Box::new(p),
            password: pw,
            intent,
        }]
    }

    /// Keys in the preview dialog.
    pub(super) fn on_write(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let next = self.next_job + 1;
        let Some(d) = self.write.as_mut() else {
            return Vec::new();
        };
        let typing = d
            .planned
            .as_ref()
            .is_some_and(|p| p.type_to_confirm.is_some())
            && !d.sending;
        match cmd {
            Some(Command::Back) => {
                let job = d.job.take();
                let sending = d.sending;
                self.write = None;
                if let Some(job) = job {
                    if sending {
                        self.toast(
                            "cancelled while sending: the change may have reached the server; look at the entry",
                            true,
                        );
                    }
                    return vec![Effect::Cancel(job)];
                }
            }
            // A typed confirmation takes letters, 'y' included: only Enter sends.
            Some(Command::Submit) if typing && key.code != KeyCode::Enter => {
                super::line_edit::textarea(&mut d.typed, key);
            }
            Some(Command::Submit) if d.can_send() => {
                let Some(planned) = d.planned.clone() else {
                    return Vec::new();
                };
                self.next_job = next;
                d.job = Some(JobId(next));
                d.sending = true;
                d.error = None;
                return vec![Effect::SendWrite {
                    job: JobId(next),
                    provider: Box::new(d.provider.clone()),
                    password: d.password.clone(),
                    planned: Box::new(planned),
                }];
            }
            Some(Command::Submit) => {
                if let Some(want) = d.planned.as_ref().and_then(|p| p.type_to_confirm.clone()) {
                    d.error = Some(format!("type {want} exactly to confirm"));
                }
            }
            _ if typing => {
                super::line_edit::textarea(&mut d.typed, key);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Keys in the journal pane.
    pub(super) fn on_journal(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(j) = self.journal.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::Down) => j.move_by(1),
            Some(Command::Up) => j.move_by(-1),
            Some(Command::Top) => j.move_by(isize::MIN / 2),
            Some(Command::Bottom) => j.move_by(isize::MAX / 2),
            Some(Command::Refresh) => {
                let (p, pw) = (j.provider.clone(), j.password.clone());
                return self.open_journal(p, pw);
            }
            Some(Command::Undo) => {
                let Some(rec) = j.current().cloned() else {
                    return Vec::new();
                };
                if rec.status == crate::journal::Status::Failed {
                    self.toast("this write failed on the server: nothing to undo", true);
                    return Vec::new();
                }
                if rec.inverse.is_none() {
                    let why = rec
                        .no_undo
                        .unwrap_or_else(|| "no inverse was recorded".into());
                    self.toast(format!("no undo for this record: {why}"), true);
                    return Vec::new();
                }
                let (p, pw) = (j.provider.clone(), j.password.clone());
                return self.plan_write(p, pw, Intent::Undo(Box::new(rec)));
            }
            Some(Command::Back) => {
                let job = j.job.take();
                self.journal = None;
                if let Some(job) = job {
                    return vec![Effect::Cancel(job)];
                }
            }
            Some(Command::Help) => self.help = true,
            _ => {}
        }
        Vec::new()
    }

    /// Routes a job message to the write dialog or the journal pane; `None` when neither
    /// waits for it, else the effects it leads to.
    pub(super) fn on_write_job(
        &mut self,
        id: JobId,
        ev: &mut Option<JobEvent>,
    ) -> Option<Vec<Effect>> {
        if let Some(j) = self.journal.as_mut().filter(|j| j.job == Some(id)) {
            j.job = None;
            match ev.take() {
                Some(JobEvent::Journal(mut records)) => {
                    records.reverse();
                    j.records = records;
                    j.move_by(0);
                }
                Some(JobEvent::Failed(msg)) => j.error = Some(msg),
                _ => {}
            }
            return Some(Vec::new());
        }
        if let Some(d) = self.edit.as_mut().filter(|d| d.job == Some(id)) {
            d.job = None;
            match ev.take() {
                Some(JobEvent::EditFields(list)) => {
                    d.fields = list
                        .into_iter()
                        .map(|(n, a, v)| EditField::new(n, a, v))
                        .collect();
                    d.focus = d.fields.len().saturating_sub(1);
                    d.move_focus(1);
                }
                Some(JobEvent::Failed(msg)) => d.note = Some(msg),
                _ => {}
            }
            return Some(Vec::new());
        }
        if let Some(d) = self.passwd.as_mut().filter(|d| d.job == Some(id)) {
            d.job = None;
            match ev.take() {
                Some(JobEvent::Generated(pw)) => d.fill(&pw),
                Some(JobEvent::Failed(msg)) => d.note = Some(msg),
                _ => {}
            }
            return Some(Vec::new());
        }
        if let Some(g) = self.groups.as_mut().filter(|g| g.job == Some(id)) {
            g.job = None;
            match ev.take() {
                Some(JobEvent::Groups(list)) => {
                    g.groups = list
                        .into_iter()
                        .map(|x| {
                            let m = x.member;
                            (x, m)
                        })
                        .collect();
                    g.move_by(0);
                }
                Some(JobEvent::Failed(msg)) => g.error = Some(msg),
                _ => {}
            }
            return Some(Vec::new());
        }
        let d = self.write.as_mut().filter(|d| d.job == Some(id))?;
        d.job = None;
        let title = d
            .planned
            .as_ref()
            .map_or_else(|| d.title.clone(), |p| p.title.clone());
        match ev.take() {
            Some(JobEvent::Planned(p)) => d.planned = Some(*p),
            Some(JobEvent::Failed(msg)) => {
                d.sending = false;
                d.error = Some(msg);
            }
            Some(JobEvent::Written(records, note)) => {
                self.write = None;
                // The picker's (or password dialog's) job is done once applied.
                self.groups = None;
                self.passwd = None;
                self.edit = None;
                let mut text = match records.last() {
                    Some(r) if r.inverse.is_none() => {
                        format!("{title}: done, journal {} (no undo)", r.id)
                    }
                    Some(r) => format!("{title}: done, journal {} (J, then u to undo)", r.id),
                    None => "nothing was sent".into(),
                };
                if let Some(n) = note {
                    text.push_str(&format!("; warning: {n}"));
                }
                self.toast(text, false);
                return Some(self.after_write(&records));
            }
            Some(JobEvent::Cancelled) => self.write = None,
            _ => {}
        }
        Some(Vec::new())
    }

    /// Shows the directory as it is now: the journal and the browser level reload; a deleted
    /// entry's pane goes back to the list.
    fn after_write(&mut self, records: &[crate::journal::Record]) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(j) = &self.journal {
            let (p, pw) = (j.provider.clone(), j.password.clone());
            effects.extend(self.open_journal(p, pw));
        }
        if let Some(b) = self.browser.as_mut() {
            let gone = records
                .iter()
                .any(|r| r.kind == "delete" && b.selected_dn().as_deref() == Some(&r.dn));
            if gone && b.level == Level::Entry {
                b.back();
            }
            effects.extend(self.reload());
        }
        effects
    }
}
