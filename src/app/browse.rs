//! The App's handling of the directory browser: keys, loads and their results.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::App;
use super::action::{JobEvent, JobId};
use super::browser::{Browser, Level, Load};
use super::dialogs::{Prompt, needs_password};
use super::effect::Effect;
use super::filterbuilder::FilterBuilder;
use super::keymap::Command;
use crate::config::{Provider, Secret};

/// Rows moved by a page key.
const PAGE: isize = 20;

impl App {
    /// `b`: opens the browser (asking for the bind password first when there is no source).
    pub(super) fn browse(&mut self, p: Provider) -> Vec<Effect> {
        if needs_password(&p) {
            if let Some(pw) = self.typed.get(&p.slug).cloned() {
                return self.open_browser(p, Some(pw));
            }
            let mut prompt = Prompt::new(p, false);
            prompt.browse = true;
            self.prompt = Some(prompt);
            return Vec::new();
        }
        self.open_browser(p, None)
    }

    pub(super) fn open_browser(&mut self, p: Provider, password: Option<Secret>) -> Vec<Effect> {
        let (b, load) = Browser::new(&p, password);
        self.browser = Some(b);
        self.load(load)
    }

    fn load(&mut self, load: Load) -> Vec<Effect> {
        let job = self.job();
        let Some(b) = self.browser.as_mut() else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        let slot = match load {
            Load::Entry(..) => &mut b.entry_job,
            Load::Window(..) => &mut b.window_job,
            _ => &mut b.job,
        };
        if let Some(old) = slot.replace(job) {
            effects.push(Effect::Cancel(old));
        }
        b.error = None;
        effects.push(Effect::Browse {
            job,
            provider: Box::new(b.provider.clone()),
            password: b.password.clone(),
            load,
        });
        effects
    }

    pub(super) fn on_browser(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let mut effects = self.browser_key(cmd);
        // A virtual list fetches the window around wherever the selection went.
        if let Some(load) = self.browser.as_ref().and_then(Browser::missing_window) {
            effects.extend(self.load(load));
        }
        effects
    }

    fn browser_key(&mut self, cmd: Option<Command>) -> Vec<Effect> {
        let Some(b) = self.browser.as_mut() else {
            return Vec::new();
        };
        let virtual_list = b.virtual_count.is_some() && b.level == Level::Users;
        if virtual_list && matches!(cmd, Some(Command::Filter) | Some(Command::Sort)) {
            self.toast(
                "this list is virtual (sorted by login on the server): filter it on the server with f",
                false,
            );
            return Vec::new();
        }
        let row = b.selected as isize;
        match cmd {
            Some(Command::Down) => b.move_to(row + 1),
            Some(Command::Up) => b.move_to(row - 1),
            Some(Command::PageDown) => b.move_to(row + PAGE),
            Some(Command::PageUp) => b.move_to(row - PAGE),
            Some(Command::Top) => b.move_to(0),
            Some(Command::Bottom) => b.move_to(isize::MAX / 2),
            Some(Command::Open) => {
                if let Some(load) = b.open() {
                    return self.load(load);
                }
            }
            Some(Command::Parent) => {
                b.back();
            }
            Some(Command::Filter) if b.level == Level::Users => b.filtering = true,
            Some(Command::Sort) if b.level == Level::Users => b.cycle_sort(),
            Some(Command::Reverse) if b.level == Level::Users => b.reverse_sort(),
            Some(Command::ScrollLeft) if b.level == Level::Users => {
                b.hscroll = b.hscroll.saturating_sub(1);
            }
            Some(Command::ScrollRight) if b.level == Level::Users => {
                b.hscroll = (b.hscroll + 1).min(b.columns.len().saturating_sub(2));
            }
            Some(Command::Builder) => {
                let kept = b
                    .last_builder
                    .clone()
                    .filter(|fb| fb.extra.as_ref().ok().cloned().flatten() == b.applied)
                    .map(|mut fb| {
                        fb.focus = 0;
                        fb
                    });
                b.builder = Some(
                    kept.unwrap_or_else(|| FilterBuilder::new(&b.provider, b.applied.as_deref())),
                );
            }
            Some(Command::Refresh) => return self.reload(),
            Some(Command::Operational) if b.level == Level::Entry => {
                b.operational = !b.operational;
                return self.reload();
            }
            Some(Command::Copy) => {
                if let Some(dn) = b.selected_dn() {
                    self.toast(format!("copied {dn}"), false);
                    return vec![Effect::Copy(dn)];
                }
            }
            Some(Command::Back) => {
                // Esc stops what loads for the level shown, then goes back.
                let running = if b.level == Level::Entry {
                    b.entry_job.take()
                } else {
                    b.job.take()
                };
                if let Some(job) = running {
                    b.stopped |= b.level == Level::Users;
                    return vec![Effect::Cancel(job)];
                }
                if !b.back() {
                    self.browser = None;
                }
            }
            Some(Command::Help) => self.help = true,
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn reload(&mut self) -> Vec<Effect> {
        let Some(b) = self.browser.as_mut() else {
            return Vec::new();
        };
        let load = match b.level {
            Level::Tenants => Load::Tenants,
            Level::Groups => Load::Groups(b.tenant.clone()),
            Level::Users => {
                b.start_users();
                Load::Users(b.tenant.clone(), b.group.clone(), b.applied.clone())
            }
            Level::Entry => match &b.entry {
                Some(e) => Load::Entry(e.dn.clone(), b.operational),
                None => return Vec::new(),
            },
        };
        self.load(load)
    }

    pub(super) fn on_builder(&mut self, cmd: Option<Command>, key: KeyEvent) -> Vec<Effect> {
        let Some(b) = self.browser.as_mut() else {
            return Vec::new();
        };
        let Some(fb) = b.builder.as_mut() else {
            return Vec::new();
        };
        match cmd {
            Some(Command::NextField) => fb.move_focus(1),
            Some(Command::PrevField) => fb.move_focus(-1),
            Some(Command::Cycle) if fb.cycle(&key) => {}
            Some(Command::AddRow) => fb.add_row(),
            Some(Command::RemoveRow) => fb.remove_row(),
            Some(Command::Back) => b.builder = None,
            Some(Command::Clear) => return self.apply_filter(None),
            Some(Command::Submit) => match fb.extra.clone() {
                Ok(extra) => return self.apply_filter(extra),
                Err(e) => self.toast(format!("not applied: {e}"), true),
            },
            _ => fb.input(key),
        }
        Vec::new()
    }

    /// Sets the listing filter and lists the users again when they are shown.
    fn apply_filter(&mut self, extra: Option<String>) -> Vec<Effect> {
        let Some(b) = self.browser.as_mut() else {
            return Vec::new();
        };
        b.last_builder = b.builder.take();
        b.applied = extra;
        if b.level == Level::Users {
            return self.reload();
        }
        Vec::new()
    }

    pub(super) fn on_browser_filter(&mut self, cmd: Option<Command>, key: KeyEvent) {
        let Some(b) = self.browser.as_mut() else {
            return;
        };
        let before = b.filter.clone();
        match (cmd, key.code) {
            (Some(Command::Submit), _) => b.filtering = false,
            (Some(Command::Cycle), _) => {
                b.substring = !b.substring;
                b.refilter(None);
            }
            (Some(Command::Back), _) => {
                b.filtering = false;
                b.filter.clear();
                b.refilter(None);
            }
            (_, KeyCode::Char(c))
                if key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT =>
            {
                b.filter.push(c);
                b.refilter(Some(&before));
            }
            _ => {
                if super::line_edit::edit(&mut b.filter, &key) {
                    b.refilter(None);
                }
            }
        }
    }

    /// Routes a job message to the browser; false when the browser does not wait for it.
    pub(super) fn on_browser_job(&mut self, id: JobId, ev: &mut Option<JobEvent>) -> bool {
        let Some(b) = self
            .browser
            .as_mut()
            .filter(|b| b.job == Some(id) || b.entry_job == Some(id) || b.window_job == Some(id))
        else {
            return false;
        };
        if b.entry_job == Some(id) {
            match ev.take() {
                Some(JobEvent::Entry(e)) => {
                    b.entry = Some(*e);
                    if b.level == Level::Entry {
                        b.move_to(0);
                    }
                }
                Some(JobEvent::Failed(msg)) => {
                    b.error = Some(msg.clone());
                    self.toast(msg, true);
                }
                _ => {}
            }
            if let Some(b) = self.browser.as_mut() {
                b.entry_job = None;
            }
            return true;
        }
        match ev.take() {
            Some(JobEvent::Nodes(nodes)) => {
                b.job = None;
                match b.level {
                    Level::Tenants => b.tenants = nodes,
                    _ => b.groups = nodes,
                }
                b.move_to(b.selected as isize);
            }
            Some(JobEvent::Rows(columns, rows)) => b.add_rows(columns, rows),
            Some(JobEvent::RowsDone) => b.job = None,
            Some(JobEvent::RowsCapped(n)) => {
                b.job = None;
                b.capped = Some(n);
            }
            Some(JobEvent::Window(start, rows, count)) => {
                // Past the cap the list turns virtual: the streamed rows give way to windows.
                if b.job == Some(id) {
                    b.job = None;
                    b.rows = Vec::new();
                    b.view = Vec::new();
                }
                if b.window_job == Some(id) {
                    b.window_job = None;
                }
                b.add_window(start, rows, count);
            }
            Some(JobEvent::Failed(msg)) => {
                b.job = None;
                b.error = Some(msg.clone());
                self.toast(msg, true);
            }
            Some(JobEvent::Cancelled) => b.job = None,
            _ => {}
        }
        true
    }
}
