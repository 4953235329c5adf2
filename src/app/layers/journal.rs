//! `J`: the journal pane, this provider's applied writes newest first, and undo.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::keymap::{Command, Context};
use crate::app::write::Intent;
use crate::config::{Provider, Secret};
use crate::journal::Record;
use crate::ui::kit::{Theme, frame};

/// The journal pane: this provider's applied writes, newest first.
#[derive(Debug, Clone)]
pub struct JournalPane {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password, for undo.
    pub password: Option<Secret>,
    /// Records, newest first.
    pub records: Vec<Record>,
    /// Selected row.
    pub selected: usize,
    /// The job reading the file.
    pub job: Option<JobId>,
    /// Why it could not be read.
    pub error: Option<String>,
}

impl JournalPane {
    /// Ids of the records a later record undid (shown as undone).
    pub fn undone(&self) -> std::collections::HashSet<String> {
        crate::journal::undone(&self.records)
    }

    /// A pane loading with `job`.
    pub fn new(provider: Provider, password: Option<Secret>, job: JobId) -> Self {
        JournalPane {
            provider,
            password,
            records: Vec::new(),
            selected: 0,
            job: Some(job),
            error: None,
        }
    }

    /// The selected record.
    pub fn current(&self) -> Option<&Record> {
        self.records.get(self.selected)
    }

    /// Moves the selection, clamped.
    pub fn move_by(&mut self, d: isize) {
        let last = self.records.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + d).clamp(0, last.max(0)) as usize;
    }
}

impl JournalPane {
    /// Reads the journal again with `job`, from the top.
    pub fn reload(&mut self, job: JobId) -> Vec<Effect> {
        *self = JournalPane {
            selected: 0,
            ..JournalPane::new(self.provider.clone(), self.password.clone(), job)
        };
        vec![Effect::LoadJournal {
            job,
            slug: self.provider.slug.clone(),
        }]
    }
}

impl App {
    /// Opens the journal pane of `p`.
    pub fn open_journal(&mut self, p: Provider, pw: Option<Secret>) -> Vec<Effect> {
        let job = self.job();
        let slug = p.slug.clone();
        self.push(JournalPane::new(p, pw, job));
        vec![Effect::LoadJournal { job, slug }]
    }
}

impl Layer for JournalPane {
    fn context(&self) -> Context {
        Context::Journal
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, _key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::Down) => self.move_by(1),
            Some(Command::Up) => self.move_by(-1),
            Some(Command::Top) => self.move_by(isize::MIN / 2),
            Some(Command::Bottom) => self.move_by(isize::MAX / 2),
            Some(Command::Refresh) => {
                let job = app.job();
                return Reply::run(self.reload(job));
            }
            Some(Command::Undo) => {
                let Some(rec) = self.current().cloned() else {
                    return Reply::stay();
                };
                if rec.status == crate::journal::Status::Failed {
                    app.toast("this write failed on the server: nothing to undo", true);
                    return Reply::stay();
                }
                if rec.inverse.is_none() {
                    let why = rec
                        .no_undo
                        .unwrap_or_else(|| "no inverse was recorded".into());
                    app.toast(format!("no undo for this record: {why}"), true);
                    return Reply::stay();
                }
                let (p, pw) = (self.provider.clone(), self.password.clone());
                return Reply::run(app.plan_write(p, pw, Intent::Undo(Box::new(rec))));
            }
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
            JobEvent::Journal(mut records) => {
                records.reverse();
                self.records = records;
                self.move_by(0);
            }
            JobEvent::Failed(msg) => self.error = Some(msg),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        draw_journal(f, area, self, app.spinner, th);
    }

    crate::layer_any!();
}

/// The journal: applied writes, newest first, and the selected one's change and undo.
fn draw_journal(f: &mut Frame, area: Rect, j: &JournalPane, spinner: usize, th: &Theme) {
    let inner = frame(f, area, &format!("Journal: {}", j.provider.slug), th);
    let [list, detail] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let mut lines: Vec<Line> = Vec::new();
    if j.job.is_some() {
        lines.push(Line::raw(format!(
            "{} reading the journal…",
            crate::ui::kit::spinner(spinner)
        )));
    } else if let Some(e) = &j.error {
        lines.push(Line::styled(e.clone(), th.fail));
    } else if j.records.is_empty() {
        lines.push(Line::styled(
            "no write recorded for this provider yet",
            th.dim,
        ));
    }
    let height = list.height as usize;
    let first = j.selected.saturating_sub(height.saturating_sub(1));
    let undone = j.undone();
    for (i, r) in j.records.iter().enumerate().skip(first).take(height) {
        let undo = if r.undoes.is_some() {
            "undo of ".to_string() + r.undoes.as_deref().unwrap_or("")
        } else if undone.contains(&r.id) {
            "undone".into()
        } else if r.inverse.is_none() {
            "no undo".into()
        } else {
            String::new()
        };
        let text = format!(
            "{}  {:<16} {}  {undo}",
            &r.time,
            crate::text::cut(r.what(), 16),
            r.dn
        );
        let style = if i == j.selected {
            th.selected
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    f.render_widget(Paragraph::new(lines), list);
    if let Some(r) = j.current() {
        let mut d: Vec<Line> = vec![Line::styled(format!("{}  applied:", r.id), th.dim)];
        d.extend(r.ldif.lines().map(|l| Line::raw(format!("  {l}"))));
        match (&r.inverse, &r.no_undo) {
            (Some(inv), _) => {
                d.push(Line::styled("undo (u) would send:", th.dim));
                d.extend(inv.ldif().lines().map(|l| Line::raw(format!("  {l}"))));
            }
            (None, Some(why)) => d.push(Line::styled(format!("no undo: {why}"), th.warn)),
            (None, None) => d.push(Line::styled("no undo", th.warn)),
        }
        f.render_widget(Paragraph::new(d).wrap(Wrap { trim: false }), detail);
    }
}
