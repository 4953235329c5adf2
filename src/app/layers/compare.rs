//! Two users side by side (`M` marks one in the browser, `=` on another compares): their
//! attributes (different, only in one, the same ones named) and their groups, through nested
//! groups too. A dialog that brings its own keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::keymap::{Binding, Command, Context};
use crate::ldap::read::compare::{Comparison, Kind};
use crate::ui::kit::{Theme, frame, spinner};

const N: KeyModifiers = KeyModifiers::NONE;

const KEYS: &[Binding] = &[
    Binding {
        keys: &[(KeyCode::Char('j'), N), (KeyCode::Down, N)],
        label: "j/↓",
        command: Command::Down,
        desc: "scroll down",
        hint: "scroll",
    },
    Binding {
        keys: &[(KeyCode::Char('k'), N), (KeyCode::Up, N)],
        label: "k/↑",
        command: Command::Up,
        desc: "scroll up",
        hint: "",
    },
    Binding {
        keys: &[
            (KeyCode::Char('?'), N),
            (KeyCode::Char('?'), KeyModifiers::SHIFT),
            (KeyCode::F(1), N),
        ],
        label: "?",
        command: Command::Help,
        desc: "help",
        hint: "help",
    },
    Binding {
        keys: &[(KeyCode::Esc, N), (KeyCode::Char('q'), N)],
        label: "Esc",
        command: Command::Back,
        desc: "close",
        hint: "close",
    },
];

/// The comparison of two users.
#[derive(Debug, Clone)]
pub struct CompareDialog {
    /// The users' ids, as shown.
    pub ids: (String, String),
    /// The job reading them.
    pub job: Option<JobId>,
    /// What it found.
    pub result: Option<Comparison>,
    /// Why it could not.
    pub error: Option<String>,
    /// Lines scrolled by.
    pub scroll: usize,
}

impl CompareDialog {
    /// Opens the comparison of `a` and `b` (id, DN) and starts reading them.
    pub fn open(
        app: &mut App,
        (provider, password): (crate::config::Provider, Option<crate::config::Secret>),
        a: (String, String),
        b: (String, String),
    ) -> Vec<Effect> {
        let job = app.job();
        app.push(CompareDialog {
            ids: (a.0, b.0),
            job: Some(job),
            result: None,
            error: None,
            scroll: 0,
        });
        vec![Effect::Compare {
            job,
            provider: Box::new(provider),
            password,
            a: a.1,
            b: b.1,
        }]
    }

    fn lines(&self, th: &Theme, spin: usize) -> Vec<Line<'static>> {
        let (a, b) = &self.ids;
        let mut lines = Vec::new();
        if self.job.is_some() {
            lines.push(Line::raw(format!("{} reading both users…", spinner(spin))));
        }
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), th.fail));
        }
        let Some(r) = &self.result else {
            return lines;
        };
        lines.push(Line::styled(format!("{a}: {}", r.a), th.dim));
        lines.push(Line::styled(format!("{b}: {}", r.b), th.dim));
        let mut same = Vec::new();
        for d in &r.attributes {
            let (label, text, style) = match d.kind {
                Kind::Same => {
                    same.push(d.attr.clone());
                    continue;
                }
                Kind::Different => (
                    "≠".to_string(),
                    format!("{} | {}", d.a.join(", "), d.b.join(", ")),
                    th.warn,
                ),
                Kind::OnlyA => (format!("only {a}"), d.a.join(", "), th.key),
                Kind::OnlyB => (format!("only {b}"), d.b.join(", "), th.key),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{label} "), style),
                Span::styled(format!("{}: ", d.attr), th.dim),
                Span::raw(text),
            ]));
        }
        if !same.is_empty() {
            lines.push(Line::styled(format!("= {}", same.join(", ")), th.dim));
        }
        lines.push(Line::styled("groups (through nested groups too)", th.title));
        lines.push(Line::raw(format!(
            "both: {}",
            crate::ldap::read::compare::names(&r.groups.both)
        )));
        lines.push(Line::raw(format!(
            "only {a}: {}",
            crate::ldap::read::compare::names(&r.groups.only_a)
        )));
        lines.push(Line::raw(format!(
            "only {b}: {}",
            crate::ldap::read::compare::names(&r.groups.only_b)
        )));
        lines
    }
}

impl Layer for CompareDialog {
    fn context(&self) -> Context {
        Context::Dialog
    }

    fn bindings(&self) -> Vec<Binding> {
        KEYS.to_vec()
    }

    fn title(&self) -> &'static str {
        "compare two users"
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, _key: KeyEvent, _app: &mut App) -> Reply {
        match cmd {
            Some(Command::Down) => self.scroll += 1,
            Some(Command::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Command::Back) => {
                return Reply::close_cancelling(self.job.take());
            }
            _ => {}
        }
        Reply::stay()
    }

    fn on_job(&mut self, _id: JobId, ev: JobEvent, _app: &mut App) -> Reply {
        self.job = None;
        match ev {
            JobEvent::Compared(c) => self.result = Some(*c),
            JobEvent::Failed(m) => self.error = Some(m),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        let (a, b) = &self.ids;
        let inner = frame(f, area, &format!("{a} ⇄ {b}"), th);
        let lines = self.lines(th, app.spinner);
        let max = lines.len().saturating_sub(inner.height as usize);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll.min(max) as u16, 0)),
            inner,
        );
    }

    crate::layer_any!();
}
