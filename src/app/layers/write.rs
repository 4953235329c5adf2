//! The preview of a write: the exact LDIF the server will get, the confirmation (typed for
//! dangerous ones), sending, and the outcome; then the journal and browser show it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::input::{input, text_of};
use crate::app::keymap::{Command, Context};
use crate::app::write::{Intent, Planned};
use crate::config::{Provider, Secret};
use crate::ui::kit::Theme;

/// The write dialog's state.
#[derive(Debug, Clone)]
pub struct WriteDialog {
    /// The provider written to.
    pub provider: Provider,
    /// A typed bind password, in memory only.
    pub password: Option<Secret>,
    /// Words while the plan is made.
    pub title: String,
    /// The job planning or sending.
    pub job: Option<JobId>,
    /// The plan, once read.
    pub planned: Option<Planned>,
    /// The typed confirmation.
    pub typed: TextArea<'static>,
    /// Sending now.
    pub sending: bool,
    /// Why it failed (the dialog stays to show it).
    pub error: Option<String>,
    /// Lines of the preview scrolled by.
    pub scroll: u16,
    /// Changes of a batch sent so far.
    pub sent: usize,
    /// Esc was pressed while a batch was sent: it stops after the change being sent.
    pub stopping: bool,
}

impl WriteDialog {
    /// A dialog that waits for the plan of `title`.
    pub fn new(provider: Provider, password: Option<Secret>, title: String, job: JobId) -> Self {
        WriteDialog {
            provider,
            password,
            title,
            job: Some(job),
            planned: None,
            typed: input(false),
            sending: false,
            error: None,
            scroll: 0,
            sent: 0,
            stopping: false,
        }
    }

    /// Whether Enter may send now.
    pub fn can_send(&self) -> bool {
        let Some(p) = &self.planned else {
            return false;
        };
        !self.sending
            && self.job.is_none()
            && (!p.steps.is_empty() || p.password.is_some())
            && p.type_to_confirm
                .as_ref()
                .is_none_or(|want| text_of(&self.typed) == *want)
    }
}

impl App {
    /// Opens the preview of `intent`: the runtime reads the entry and plans the change.
    pub fn plan_write(&mut self, p: Provider, pw: Option<Secret>, intent: Intent) -> Vec<Effect> {
        let job = self.job();
        let title = match &intent {
            Intent::ToggleStatus { id, .. } => format!("Enable or disable {id}"),
            Intent::Delete { id, .. } => format!("Delete {id}"),
            Intent::Undo(r) => format!("Undo {} {}", r.what(), r.dn),
            Intent::Groups { id, .. } => format!("Groups of {id}"),
            Intent::Password { id, .. } => format!("Password of {id}"),
            Intent::Modify { id, .. } => format!("Edit {id}"),
            Intent::Create { id, .. } => format!("Create {id}"),
            Intent::SetAttr { dn, .. } => format!("Change {dn}"),
            Intent::Move { dn, .. } => format!("Move {dn}"),
            Intent::DeleteEntry { dn } => format!("Delete {dn}"),
            Intent::Restore { to, .. } => format!("Restore {to}"),
            Intent::Bulk { users, .. } => format!("{} picked users", users.len()),
        };
        self.push(WriteDialog::new(p.clone(), pw.clone(), title, job));
        vec![Effect::PlanWrite {
            job,
            provider: Box::new(p),
            password: pw,
            intent,
        }]
    }

    /// Shows the directory as it is now: the journal and the browser level reload; a deleted
    /// entry's pane goes back to the list.
    fn after_write(&mut self, records: &[crate::journal::Record]) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.find::<super::journal::JournalPane>().is_some() {
            let job = self.job();
            if let Some(j) = self.find_mut::<super::journal::JournalPane>() {
                effects.extend(j.reload(job));
            }
        }
        if self.browser().is_some() {
            let job = self.job();
            if let Some(b) = self.browser_mut() {
                let gone = records
                    .iter()
                    .any(|r| r.kind == "delete" && b.selected_dn().as_deref() == Some(&r.dn));
                if records.iter().any(|r| r.kind == "batch") {
                    b.picked.clear();
                }
                if gone && b.level == crate::app::browser::Level::Entry {
                    b.back();
                }
                effects.extend(b.reload(job));
            }
        }
        if let Some(t) = self.find_mut::<crate::app::tree::Tree>() {
            let (mut gone, mut new) = (Vec::new(), Vec::new());
            for r in records {
                match r.kind.as_str() {
                    "delete" | "delete_tree" => gone.push(r.dn.clone()),
                    "add" | "undelete" => new.push(r.dn.clone()),
                    // A rename or move: its undo names the DN it has now.
                    "modrdn" => {
                        gone.push(r.dn.clone());
                        if let Some(crate::ldap::write::change::Change::ModRdn { dn, .. }) =
                            &r.inverse
                        {
                            new.push(dn.clone());
                        }
                    }
                    _ => {}
                }
            }
            t.written(&gone, &new);
        }
        effects
    }
}

impl Layer for WriteDialog {
    fn context(&self) -> Context {
        Context::Write
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        let typing = self
            .planned
            .as_ref()
            .is_some_and(|p| p.type_to_confirm.is_some())
            && !self.sending;
        match cmd {
            Some(Command::Down) => self.scroll = self.scroll.saturating_add(1),
            Some(Command::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Command::PageDown) => self.scroll = self.scroll.saturating_add(10),
            Some(Command::PageUp) => self.scroll = self.scroll.saturating_sub(10),
            // A batch being sent stops between changes and says what it did.
            Some(Command::Back)
                if self.sending && self.planned.as_ref().is_some_and(|p| p.batch) =>
            {
                if let Some(job) = self.job.filter(|_| !self.stopping) {
                    self.stopping = true;
                    return Reply::run(vec![Effect::Cancel(job)]);
                }
            }
            Some(Command::Back) => {
                let Some(job) = self.job.take() else {
                    return Reply::close();
                };
                if self.sending {
                    app.toast(
                        "cancelled while sending: the change may have reached the server; look at the entry",
                        true,
                    );
                }
                return Reply::close_with(vec![Effect::Cancel(job)]);
            }
            // A typed confirmation takes letters, 'y' included: only Enter sends.
            Some(Command::Submit) if typing && key.code != KeyCode::Enter => {
                crate::app::line_edit::textarea(&mut self.typed, key);
            }
            Some(Command::Submit) if self.can_send() => {
                let Some(planned) = self.planned.clone() else {
                    return Reply::stay();
                };
                let job = app.job();
                self.job = Some(job);
                self.sending = true;
                self.error = None;
                return Reply::run(vec![Effect::SendWrite {
                    job,
                    provider: Box::new(self.provider.clone()),
                    password: self.password.clone(),
                    planned: Box::new(planned),
                }]);
            }
            Some(Command::Submit) => {
                if let Some(want) = self
                    .planned
                    .as_ref()
                    .and_then(|p| p.type_to_confirm.clone())
                {
                    self.error = Some(format!("type {want} exactly to confirm"));
                }
            }
            _ if typing => {
                crate::app::line_edit::textarea(&mut self.typed, key);
            }
            _ => {}
        }
        Reply::stay()
    }

    fn on_job(&mut self, _id: JobId, ev: JobEvent, app: &mut App) -> Reply {
        if let JobEvent::Progress(n) = ev {
            self.sent = n;
            return Reply::stay();
        }
        // A soft stop is answered by the batch itself (Written), not by Cancelled.
        if matches!(ev, JobEvent::Cancelled) && self.stopping {
            return Reply::stay();
        }
        self.job = None;
        let title = self
            .planned
            .as_ref()
            .map_or_else(|| self.title.clone(), |p| p.title.clone());
        match ev {
            JobEvent::Planned(p) => self.planned = Some(*p),
            JobEvent::Failed(msg) => {
                self.sending = false;
                self.error = Some(msg);
            }
            JobEvent::Written(records, note) => {
                // The picker's (or password dialog's) job is done once applied.
                app.close::<super::groups::GroupPicker>();
                app.close::<super::passwd::PasswordDialog>();
                app.close::<super::edit::EditDialog>();
                let mut text = match records.last() {
                    // A batch says how far it got ("batch of 6: 3 applied, 1 failed, 2 skipped").
                    Some(r) if r.kind == "batch" && r.operation.contains(" applied, ") => {
                        format!(
                            "{title}: {}, journal {} (J, then u to undo)",
                            r.operation, r.id
                        )
                    }
                    Some(r) if r.inverse.is_none() => {
                        format!("{title}: done, journal {} (no undo)", r.id)
                    }
                    Some(r) => format!("{title}: done, journal {} (J, then u to undo)", r.id),
                    None => "nothing was sent".into(),
                };
                if let Some(n) = note {
                    text.push_str(&format!("; warning: {n}"));
                }
                app.toast(text, false);
                return Reply::close_with(app.after_write(&records));
            }
            JobEvent::Cancelled => return Reply::close(),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        crate::ui::write::draw(f, area, self, app.spinner, th);
    }

    crate::layer_any!();
}
