//! `m`: the group picker of a user; the changes go through the write preview.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::keymap::{Command, Context};
use crate::app::write::Intent;
use crate::config::{Provider, Secret};
use crate::ui::kit::{Theme, centered, frame};

/// The group picker: every group, whether the user is in it now and whether they should be.
#[derive(Debug, Clone)]
pub struct GroupPicker {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password.
    pub password: Option<Secret>,
    /// The user's entry.
    pub dn: String,
    /// The user's login.
    pub id: String,
    /// Groups with membership now (`member`) and as wanted (`wanted`).
    pub groups: Vec<(crate::ldap::write::membership::Group, bool)>,
    /// Selected row.
    pub selected: usize,
    /// The job reading the groups.
    pub job: Option<JobId>,
    /// Why they could not be read.
    pub error: Option<String>,
    /// The user marked in the browser (`M`), whose groups `C` copies: id and DN.
    pub copy_from: Option<(String, String)>,
    /// The job reading the marked user's groups.
    pub copy_job: Option<JobId>,
}

impl GroupPicker {
    /// A picker waiting for `job`.
    pub fn new(
        provider: Provider,
        password: Option<Secret>,
        dn: String,
        id: String,
        job: JobId,
    ) -> Self {
        GroupPicker {
            provider,
            password,
            dn,
            id,
            groups: Vec::new(),
            selected: 0,
            job: Some(job),
            error: None,
            copy_from: None,
            copy_job: None,
        }
    }

    /// Wants every group the marked user is in (add only); how many that adds.
    pub fn copy(&mut self, theirs: &[crate::ldap::write::membership::Group]) -> usize {
        let mut added = 0;
        for (g, wanted) in self.groups.iter_mut() {
            let in_theirs = theirs
                .iter()
                .any(|t| t.member && t.dn.eq_ignore_ascii_case(&g.dn));
            if in_theirs && !*wanted {
                *wanted = true;
                added += 1;
            }
        }
        added
    }

    /// Flips the selected group's wanted membership; refuses (with the reason) for an
    /// Active Directory primary group, which no member change can leave.
    pub fn toggle(&mut self) -> Result<(), String> {
        match self.groups.get_mut(self.selected) {
            Some((g, _)) if g.primary => {
                Err(crate::ldap::write::membership::primary_refusal(&g.id))
            }
            Some((_, wanted)) => {
                *wanted = !*wanted;
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Moves the selection, clamped.
    pub fn move_by(&mut self, d: isize) {
        let last = self.groups.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + d).clamp(0, last.max(0)) as usize;
    }

    /// Group DNs to join and to leave.
    pub fn changes(&self) -> (Vec<String>, Vec<String>) {
        let pick = |join: bool| {
            self.groups
                .iter()
                .filter(|(g, w)| *w == join && g.member != join)
                .map(|(g, _)| g.dn.clone())
                .collect()
        };
        (pick(true), pick(false))
    }
}

impl Layer for GroupPicker {
    fn context(&self) -> Context {
        Context::Groups
    }

    fn busy(&self) -> bool {
        self.job.is_some() || self.copy_job.is_some()
    }

    fn waits_for(&self, id: JobId) -> bool {
        self.job == Some(id) || self.copy_job == Some(id)
    }

    fn on_key(&mut self, cmd: Option<Command>, _key: KeyEvent, app: &mut App) -> Reply {
        match cmd {
            Some(Command::CopyGroups) if self.job.is_none() => {
                let Some((id, dn)) = self.copy_from.clone() else {
                    app.toast(
                        "mark a user with M in the browser first: C copies their groups",
                        false,
                    );
                    return Reply::stay();
                };
                let job = app.job();
                self.copy_job = Some(job);
                app.toast(format!("reading {id}'s groups…"), false);
                return Reply::run(vec![Effect::LoadGroups {
                    job,
                    provider: Box::new(self.provider.clone()),
                    password: self.password.clone(),
                    dn,
                }]);
            }
            Some(Command::Down) => self.move_by(1),
            Some(Command::Up) => self.move_by(-1),
            Some(Command::Cycle) => {
                if let Err(why) = self.toggle() {
                    app.toast(why, true);
                }
            }
            Some(Command::Submit) if self.job.is_none() => {
                let (add, remove) = self.changes();
                if add.is_empty() && remove.is_empty() {
                    app.toast("no membership changed: Space toggles a group", false);
                    return Reply::stay();
                }
                let intent = Intent::Groups {
                    dn: self.dn.clone(),
                    id: self.id.clone(),
                    add,
                    remove,
                };
                let (p, pw) = (self.provider.clone(), self.password.clone());
                return Reply::run(app.plan_write(p, pw, intent));
            }
            Some(Command::Back) => {
                return Reply::close_cancelling(self.job.take());
            }
            _ => {}
        }
        Reply::stay()
    }

    fn on_job(&mut self, id: JobId, ev: JobEvent, app: &mut App) -> Reply {
        if self.copy_job == Some(id) {
            self.copy_job = None;
            match ev {
                JobEvent::Groups(theirs) => {
                    let n = self.copy(&theirs);
                    let who = self.copy_from.as_ref().map_or("", |(i, _)| i.as_str());
                    app.toast(
                        format!("{n} of {who}'s groups to join (marked +); ⏎ previews"),
                        false,
                    );
                }
                JobEvent::Failed(msg) => app.toast(msg, true),
                _ => {}
            }
            return Reply::stay();
        }
        self.job = None;
        match ev {
            JobEvent::Groups(list) => {
                self.groups = list
                    .into_iter()
                    .map(|x| {
                        let m = x.member;
                        (x, m)
                    })
                    .collect();
                self.move_by(0);
            }
            JobEvent::Failed(msg) => self.error = Some(msg),
            _ => {}
        }
        Reply::stay()
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        draw_groups(f, area, self, app.spinner, th);
    }

    crate::layer_any!();
}

/// The group picker: `[x]` in the group, `+`/`-` where that changes on Enter.
fn draw_groups(f: &mut Frame, area: Rect, g: &GroupPicker, spinner: usize, th: &Theme) {
    let h = (g.groups.len() as u16 + 4).clamp(6, area.height);
    let r = centered(area, area.width.saturating_sub(4).min(96), h);
    let inner = frame(f, r, &format!("Groups of {}", g.id), th);
    let mut lines: Vec<Line> = Vec::new();
    if g.job.is_some() {
        lines.push(Line::raw(format!(
            "{} reading the groups…",
            crate::ui::kit::spinner(spinner)
        )));
    } else if let Some(e) = &g.error {
        lines.push(Line::styled(e.clone(), th.fail));
    } else if g.groups.is_empty() {
        lines.push(Line::styled("no group found under groups_base", th.dim));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let first = g.selected.saturating_sub(height.saturating_sub(1));
    for (i, (grp, wanted)) in g.groups.iter().enumerate().skip(first).take(height) {
        let mark = match (*wanted, grp.primary, &grp.via) {
            (_, true, _) => "[P]",
            (true, _, _) => "[x]",
            // In it through other groups: Space makes it a direct membership.
            (false, _, Some(_)) => "[~]",
            _ => "[ ]",
        };
        let change = match (grp.member, *wanted) {
            (false, true) => "+",
            (true, false) => "-",
            _ => " ",
        };
        let text = match &grp.via {
            Some(via) if !*wanted => format!("{change} {mark} {:<24} {via}  {}", grp.id, grp.dn),
            _ => format!("{change} {mark} {:<24} {}", grp.id, grp.dn),
        };
        let style = if i == g.selected {
            th.selected
        } else if change != " " {
            th.warn
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let (add, remove) = g.changes();
    lines.push(Line::styled(
        format!(
            "{} to join, {} to leave; Space toggles, ⏎ previews, Esc closes",
            add.len(),
            remove.len()
        ),
        th.dim,
    ));
    f.render_widget(Paragraph::new(lines), inner);
}
