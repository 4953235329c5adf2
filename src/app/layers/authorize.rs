//! `u`: authorize a user as an application would, and show why it was allowed or refused.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::input::{focus_style, input, needs_password, text_of};
use crate::app::keymap::{Command, Context};
use crate::config::{Provider, Secret};
use crate::ldap::authorize::Outcome;
use crate::ui::kit::{Theme, centered, frame};

/// `u`: user name, password (and the service password when the provider has no source).
#[derive(Debug, Clone)]
pub struct AuthDialog {
    /// The provider.
    pub provider: Provider,
    /// Inputs: user, password, and maybe the service password.
    pub inputs: Vec<TextArea<'static>>,
    /// Focused input.
    pub focus: usize,
    /// Passwords shown in clear.
    pub reveal: bool,
    /// The running job, if any.
    pub job: Option<JobId>,
    /// The last result.
    pub outcome: Option<Outcome>,
    /// A message for the dialog (e.g. "type a user").
    pub note: Option<String>,
    /// Lines of the result scrolled by (PgDn/PgUp: it is longer than 80x24 shows).
    pub scroll: usize,
}

impl AuthDialog {
    /// A dialog for `p`.
    pub fn new(p: &Provider) -> AuthDialog {
        let mut inputs = vec![input(false), input(true)];
        if needs_password(p) {
            inputs.push(input(true));
        }
        let mut d = AuthDialog {
            provider: p.clone(),
            inputs,
            focus: 0,
            reveal: false,
            job: None,
            outcome: None,
            note: None,
            scroll: 0,
        };
        d.refresh();
        d
    }

    /// Labels of the inputs.
    pub fn labels(&self) -> Vec<String> {
        let mut l = vec!["User".to_string(), "Password".to_string()];
        if self.inputs.len() > 2 {
            l.push(format!(
                "Password of {}",
                self.provider
                    .bind_dn
                    .as_deref()
                    .unwrap_or("the service account")
            ));
        }
        l
    }

    /// Cursor and mask styles after a change of focus or reveal.
    pub fn refresh(&mut self) {
        for (i, t) in self.inputs.iter_mut().enumerate() {
            focus_style(t, i == self.focus);
            if i > 0 {
                if self.reveal {
                    t.clear_mask_char();
                } else {
                    t.set_mask_char('•');
                }
            }
        }
    }

    /// The values to run with, or what is missing.
    pub fn values(&self) -> Result<(String, Secret, Option<Secret>), String> {
        let user = text_of(&self.inputs[0]).trim().to_string();
        if user.is_empty() {
            return Err("type the user's login first".into());
        }
        let pw = Secret::new(text_of(&self.inputs[1]));
        let svc = self.inputs.get(2).map(|t| Secret::new(text_of(t)));
        Ok((user, pw, svc))
    }
}

impl Layer for AuthDialog {
    fn context(&self) -> Context {
        Context::Authorize
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::NextField) => {
                self.focus = (self.focus + 1) % self.inputs.len();
                self.refresh();
            }
            Some(Command::Reveal) => {
                self.reveal = !self.reveal;
                self.refresh();
            }
            Some(Command::Back) => match self.job.take() {
                Some(job) => return Reply::run(vec![Effect::Cancel(job)]),
                None => return Reply::close(),
            },
            Some(Command::Submit) if self.job.is_none() => match self.values() {
                Ok((user, password, service_password)) => {
                    let job = app.job();
                    self.job = Some(job);
                    self.outcome = None;
                    self.note = None;
                    self.scroll = 0;
                    return Reply::run(vec![Effect::StartAuthorize {
                        job,
                        provider: Box::new(self.provider.clone()),
                        user,
                        password,
                        service_password,
                    }]);
                }
                Err(note) => self.note = Some(note),
            },
            Some(Command::Submit) => {}
            Some(Command::PageDown) => self.scroll += 5,
            Some(Command::PageUp) => self.scroll = self.scroll.saturating_sub(5),
            _ => {
                if let Some(t) = self.inputs.get_mut(self.focus) {
                    crate::app::line_edit::textarea(t, key);
                }
            }
        }
        Reply::stay()
    }

    fn on_job(&mut self, _id: JobId, ev: JobEvent, _app: &mut App) -> Reply {
        match ev {
            JobEvent::AuthDone(o) => {
                self.job = None;
                self.outcome = Some(*o);
            }
            JobEvent::Cancelled => self.job = None,
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        let r = centered(area, 76, area.height.max(20));
        let inner = frame(
            f,
            r,
            &format!("Authorize a user on {}", self.provider.slug),
            th,
        );
        let labels = self.labels();
        for (i, (label, input)) in labels.iter().zip(&self.inputs).enumerate() {
            let y = inner.y + i as u16;
            let style = if i == self.focus { th.key } else { th.dim };
            f.render_widget(
                Paragraph::new(format!("{label}:")).style(style),
                Rect {
                    y,
                    height: 1,
                    width: 22.min(inner.width),
                    ..inner
                },
            );
            f.render_widget(
                input,
                Rect {
                    x: inner.x + 22,
                    y,
                    width: inner.width.saturating_sub(22),
                    height: 1,
                },
            );
        }
        let mut lines: Vec<Line> = Vec::new();
        if let Some(n) = &self.note {
            lines.push(Line::styled(n.clone(), th.warn));
        }
        if self.job.is_some() {
            lines.push(Line::styled(
                format!(
                    "{} authorizing… (Esc cancels)",
                    crate::ui::kit::spinner(app.spinner)
                ),
                th.warn,
            ));
        }
        if let Some(o) = &self.outcome {
            if o.allowed {
                lines.push(Line::styled(format!("✓ ALLOWED: {}", o.reason), th.ok));
            } else {
                let mark = if o.checked { "✗" } else { "?" };
                lines.push(Line::styled(
                    format!(
                        "{mark} {} [{}]: {}",
                        o.verdict(),
                        o.cause.unwrap_or("?"),
                        o.reason
                    ),
                    if o.checked { th.fail } else { th.warn },
                ));
                if let Some(h) = &o.hint {
                    lines.push(Line::styled(format!("hint: {h}"), th.warn));
                }
            }
            for c in &o.checks {
                let (mark, style) = if c.passed {
                    ("✓", th.ok)
                } else {
                    ("✗", th.fail)
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{mark} {}: ", c.check), style),
                    Span::raw(c.detail.clone()),
                ]));
            }
            if let Some(dn) = &o.dn {
                lines.push(Line::from(vec![
                    Span::styled("dn: ", th.dim),
                    Span::raw(dn.clone()),
                ]));
            }
            for (k, v) in &o.attributes {
                lines.push(Line::from(vec![
                    Span::styled(format!("{k}: "), th.dim),
                    Span::raw(v.join(", ")),
                ]));
            }
            if o.dn.is_some() {
                let g = if o.groups.is_empty() {
                    "(none)".to_string()
                } else {
                    o.groups.join("; ")
                };
                lines.push(Line::from(vec![
                    Span::styled("groups: ", th.dim),
                    Span::raw(g),
                ]));
                for m in &o.inherited_groups {
                    lines.push(Line::from(vec![
                        Span::styled("inherited: ", th.dim),
                        Span::raw(format!(
                            "{} ({})",
                            crate::ldap::read::directory::rdn_value(&m.group),
                            m.via()
                        )),
                    ]));
                }
            }
            if let Some(pp) = o.password_policy.summary() {
                lines.push(Line::from(vec![
                    Span::styled("password policy: ", th.dim),
                    Span::raw(pp),
                ]));
            }
            for w in &o.warnings {
                lines.push(Line::styled(format!("warning: {w}"), th.warn));
            }
        }
        let top = inner.y + self.inputs.len() as u16 + 1;
        let rest = Rect {
            y: top,
            height: (inner.y + inner.height).saturating_sub(top),
            ..inner
        };
        let shown = rest.height as usize;
        if lines.len() > shown && shown > 1 {
            // Say that there is more, and how to get to it.
            lines.push(Line::styled("(PgDn/PgUp scroll)", th.dim));
        }
        let max = lines.len().saturating_sub(shown);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(max) as u16, 0)),
            rest,
        );
    }

    crate::layer_any!();
}
