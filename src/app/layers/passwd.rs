//! `p`: set a user's password, typed twice or generated; it goes through the write preview.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::input::{input, text_of};
use crate::app::keymap::{Command, Context};
use crate::app::write::Intent;
use crate::config::{Provider, Secret};
use crate::ui::kit::{Theme, centered, frame};

/// `p`: a new password typed twice (masked) or generated, and the must-change choice.
#[derive(Debug, Clone)]
pub struct PasswordDialog {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password.
    pub password: Option<Secret>,
    /// The user's entry.
    pub dn: String,
    /// The user's login.
    pub id: String,
    /// New password, and again.
    pub inputs: [TextArea<'static>; 2],
    /// Focused input.
    pub focus: usize,
    /// Shown in clear (a generated password is, so it can be read once).
    pub reveal: bool,
    /// Must change at the next login.
    pub must_change: bool,
    /// The job generating a password.
    pub job: Option<JobId>,
    /// What is wrong with the input.
    pub note: Option<String>,
}

impl PasswordDialog {
    /// An empty dialog for a user.
    pub fn new(provider: Provider, password: Option<Secret>, dn: String, id: String) -> Self {
        let mut d = PasswordDialog {
            provider,
            password,
            dn,
            id,
            inputs: [input(true), input(true)],
            focus: 0,
            reveal: false,
            must_change: false,
            job: None,
            note: None,
        };
        d.refresh();
        d
    }

    /// Applies the reveal choice to both inputs.
    pub fn refresh(&mut self) {
        for (i, t) in self.inputs.iter_mut().enumerate() {
            crate::app::input::focus_style(t, i == self.focus);
            if self.reveal {
                t.clear_mask_char();
            } else {
                t.set_mask_char('•');
            }
        }
    }

    /// Puts a generated password in both inputs, shown.
    pub fn fill(&mut self, pw: &Secret) {
        for t in &mut self.inputs {
            *t = input(false);
            t.insert_str(pw.expose());
        }
        self.reveal = true;
        // Both inputs now agree: an earlier "the two passwords differ" no longer holds.
        self.note = None;
        self.refresh();
    }

    /// The password when both inputs agree and it is not empty.
    pub fn value(&self) -> Result<Secret, String> {
        let (a, b) = (text_of(&self.inputs[0]), text_of(&self.inputs[1]));
        if a.is_empty() {
            return Err("type a password, or C-g to generate one".into());
        }
        if a != b {
            return Err("the two passwords differ".into());
        }
        Ok(Secret::new(a))
    }
}

impl Layer for PasswordDialog {
    fn context(&self) -> Context {
        Context::Password
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::NextField) => {
                self.focus = 1 - self.focus;
                self.refresh();
            }
            Some(Command::Reveal) => {
                self.reveal = !self.reveal;
                self.refresh();
            }
            Some(Command::MustChange) => self.must_change = !self.must_change,
            Some(Command::Generate) => {
                let job = app.job();
                self.job = Some(job);
                return Reply::run(vec![Effect::GeneratePassword { job }]);
            }
            Some(Command::Submit) => match self.value() {
                Ok(secret) => {
                    let intent = Intent::Password {
                        dn: self.dn.clone(),
                        id: self.id.clone(),
                        secret,
                        must_change: self.must_change,
                    };
                    let (p, pw) = (self.provider.clone(), self.password.clone());
                    return Reply::run(app.plan_write(p, pw, intent));
                }
                Err(note) => self.note = Some(note),
            },
            Some(Command::Back) => return Reply::close(),
            _ => {
                self.note = None;
                if let Some(t) = self.inputs.get_mut(self.focus) {
                    crate::app::line_edit::textarea(t, key);
                }
            }
        }
        Reply::stay()
    }

    fn on_job(&mut self, _id: JobId, ev: JobEvent, _app: &mut App) -> Reply {
        self.job = None;
        match ev {
            JobEvent::Generated(pw) => self.fill(&pw),
            JobEvent::Failed(msg) => self.note = Some(msg),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        draw_password(f, area, self, app.spinner, th);
    }

    crate::layer_any!();
}

/// The password dialog: two masked inputs, the must-change choice, the keys.
fn draw_password(f: &mut Frame, area: Rect, d: &PasswordDialog, spinner: usize, th: &Theme) {
    let r = centered(area, area.width.saturating_sub(4).min(72), 10);
    let inner = frame(f, r, &format!("Password of {}", d.id), th);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .split(inner);
    for (i, label) in ["New password", "Again"].iter().enumerate() {
        let [l, input] =
            Layout::horizontal([Constraint::Length(15), Constraint::Min(1)]).areas(rows[i]);
        let style = if d.focus == i { th.key } else { th.dim };
        let marker = if d.focus == i { "▶ " } else { "  " };
        f.render_widget(Paragraph::new(format!("{marker}{label}")).style(style), l);
        f.render_widget(&d.inputs[i], input);
    }
    let check = if d.must_change { "[x]" } else { "[ ]" };
    f.render_widget(
        Paragraph::new(format!("{check} must change it at the next login (C-t)")),
        rows[2],
    );
    let status = if d.job.is_some() {
        Line::raw(format!("{} generating…", crate::ui::kit::spinner(spinner)))
    } else if let Some(n) = &d.note {
        Line::styled(n.clone(), th.fail)
    } else if d.reveal {
        Line::styled(
            "shown in clear: read it now, it is not kept anywhere",
            th.warn,
        )
    } else {
        Line::styled("C-g generates one; ⏎ previews; Esc closes", th.dim)
    };
    f.render_widget(Paragraph::new(status).wrap(Wrap { trim: true }), rows[4]);
}
