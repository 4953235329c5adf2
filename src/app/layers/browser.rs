//! The directory browser as a full-screen layer: its keys (moving, opening, filtering,
//! sorting, the filter builder, and on a writable provider the write keys) and its loads.
//! Its state is `app::browser`, its drawing `ui::browser`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;

use super::edit::EditDialog;
use super::groups::GroupPicker;
use super::passwd::PasswordDialog;
use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
pub use crate::app::browser::Browser;
use crate::app::browser::{Level, Load};
use crate::app::effect::Effect;
use crate::app::filterbuilder::FilterBuilder;
use crate::app::keymap::{Command, Context};
use crate::app::testlog::TestLog;
use crate::app::write::Intent;
use crate::ui::kit::Theme;

/// Rows moved by a page key.
const PAGE: isize = 20;

impl Browser {
    /// Starts `load` as `job`, cancelling the load it replaces.
    pub fn load(&mut self, load: Load, job: JobId) -> Vec<Effect> {
        let mut effects = Vec::new();
        let slot = match load {
            Load::Entry(..) => &mut self.entry_job,
            Load::Window(..) => &mut self.window_job,
            _ => &mut self.job,
        };
        if let Some(old) = slot.replace(job) {
            effects.push(Effect::Cancel(old));
        }
        self.error = None;
        effects.push(Effect::Browse {
            job,
            provider: Box::new(self.provider.clone()),
            password: self.password.clone(),
            load,
        });
        effects
    }

    /// Loads the level shown again, as `job`.
    pub fn reload(&mut self, job: JobId) -> Vec<Effect> {
        let load = match self.level {
            Level::Tenants => Load::Tenants,
            Level::Groups => Load::Groups(self.tenant.clone()),
            Level::Users => {
                self.start_users();
                self.users_load()
            }
            Level::Entry => match &self.entry {
                Some(e) => Load::Entry(e.dn.clone(), self.operational),
                None => return Vec::new(),
            },
        };
        self.load(load, job)
    }

    fn on_browse_key(&mut self, cmd: Option<Command>, app: &mut App) -> Reply {
        let mut reply = self.browse_key(cmd, app);
        // A virtual list fetches the window around wherever the selection went.
        if !reply.close
            && let Some(load) = self.missing_window()
        {
            let job = app.job();
            reply.effects.extend(self.load(load, job));
        }
        reply
    }

    fn browse_key(&mut self, cmd: Option<Command>, app: &mut App) -> Reply {
        let virtual_list = self.virtual_count.is_some() && self.level == Level::Users;
        if virtual_list && matches!(cmd, Some(Command::Filter) | Some(Command::Sort)) {
            app.toast(
                "this list is virtual (sorted by login on the server): filter it on the server with f",
                false,
            );
            return Reply::stay();
        }
        let row = self.selected as isize;
        match cmd {
            Some(Command::Down) => self.move_to(row + 1),
            Some(Command::Up) => self.move_to(row - 1),
            Some(Command::PageDown) => self.move_to(row + PAGE),
            Some(Command::PageUp) => self.move_to(row - PAGE),
            Some(Command::Top) => self.move_to(0),
            Some(Command::Bottom) => self.move_to(isize::MAX / 2),
            Some(Command::Open) => {
                if let Some(load) = self.open() {
                    let job = app.job();
                    return Reply::run(self.load(load, job));
                }
            }
            Some(Command::Parent) => {
                self.back();
            }
            Some(Command::Filter) if self.level == Level::Users => self.filtering = true,
            Some(Command::Sort) if self.level == Level::Users => self.cycle_sort(),
            Some(Command::Reverse) if self.level == Level::Users => self.reverse_sort(),
            Some(Command::ScrollLeft) if self.level == Level::Users => {
                self.hscroll = self.hscroll.saturating_sub(1);
            }
            Some(Command::ScrollRight) if self.level == Level::Users => {
                self.hscroll = (self.hscroll + 1).min(self.columns.len().saturating_sub(2));
            }
            Some(Command::Builder) => {
                let kept = self
                    .last_builder
                    .clone()
                    .filter(|fb| fb.extra.as_ref().ok().cloned().flatten() == self.applied)
                    .map(|mut fb| {
                        fb.focus = 0;
                        fb
                    });
                self.builder = Some(kept.unwrap_or_else(|| {
                    FilterBuilder::new(&self.provider, self.applied.as_deref())
                }));
            }
            Some(Command::Refresh) => return Reply::run(self.reload_now(app)),
            Some(Command::Mark) => match self.selected_user() {
                Some((dn, id)) => {
                    app.toast(
                        format!("marked {id}: = on another user compares them"),
                        false,
                    );
                    self.marked = Some((id, dn));
                }
                None => app.toast(
                    "select a user to mark (open a group, then a user row)",
                    false,
                ),
            },
            Some(Command::Compare) => {
                let (Some(a), Some((dn, id))) = (self.marked.clone(), self.selected_user()) else {
                    app.toast("mark a user with M first, then press = on another", false);
                    return Reply::stay();
                };
                // The browser is out of the stack while it handles a key: the dialog needs
                // its provider, so it is given here.
                let (p, pw) = (self.provider.clone(), self.password.clone());
                return Reply::run(super::compare::CompareDialog::open(
                    app,
                    (p, pw),
                    a,
                    (id, dn),
                ));
            }
            Some(Command::Nested) if self.level == Level::Users => {
                if self.group.is_none() {
                    app.toast(
                        "open a group first: N adds the members of its nested groups",
                        false,
                    );
                    return Reply::stay();
                }
                self.nested = !self.nested;
                return Reply::run(self.reload_now(app));
            }
            Some(Command::Operational) if self.level == Level::Entry => {
                self.operational = !self.operational;
                return Reply::run(self.reload_now(app));
            }
            Some(Command::Copy) => {
                if let Some(dn) = self.selected_dn() {
                    app.toast(format!("copied {dn}"), false);
                    return Reply::run(vec![Effect::Copy(dn)]);
                }
            }
            Some(Command::CopyValue) => {
                let attr = self
                    .entry
                    .as_ref()
                    .filter(|_| self.level == Level::Entry)
                    .and_then(|e| e.attrs.get(self.selected));
                match attr {
                    Some(a) if !a.values.is_empty() => {
                        let text = a.values.join("\n");
                        app.toast(
                            format!("copied {} value(s) of {}", a.values.len(), a.name),
                            false,
                        );
                        return Reply::run(vec![Effect::Copy(text)]);
                    }
                    _ => app.toast(
                        "open an entry and select an attribute to copy its values",
                        false,
                    ),
                }
            }
            Some(Command::Schema) => {
                match self.selected_dn().filter(|_| self.level == Level::Entry) {
                    Some(dn) => {
                        let (p, pw) = (self.provider.clone(), self.password.clone());
                        return Reply::run(super::schema::SchemaView::open(app, p, pw, Some(dn)));
                    }
                    None => app.toast(
                        "open an entry first: i shows the schema of its classes",
                        false,
                    ),
                }
            }
            Some(Command::OpenTree) => {
                let (p, pw) = (self.provider.clone(), self.password.clone());
                return Reply::run(app.open_tree(p, pw));
            }
            Some(Command::Back) => {
                // Esc stops what loads for the level shown, then goes back.
                let running = if self.level == Level::Entry {
                    self.entry_job.take()
                } else {
                    self.job.take()
                };
                if let Some(job) = running {
                    self.stopped |= self.level == Level::Users;
                    return Reply::run(vec![Effect::Cancel(job)]);
                }
                if !self.back() {
                    return Reply::close();
                }
            }
            _ => {}
        }
        Reply::stay()
    }

    /// Reloads with a new job id, taken only when there is something to load.
    fn reload_now(&mut self, app: &mut App) -> Vec<Effect> {
        if self.level == Level::Entry && self.entry.is_none() {
            return Vec::new();
        }
        let job = app.job();
        self.reload(job)
    }

    /// The write keys of a writable provider first, the rest as in any browser.
    fn on_edit_key(&mut self, cmd: Option<Command>, app: &mut App) -> Reply {
        let (p, pw) = (self.provider.clone(), self.password.clone());
        match cmd {
            Some(Command::Pick) => {
                if !self.toggle_pick() {
                    app.toast("open a group's users: Space picks users for a batch", false);
                }
                return Reply::stay();
            }
            Some(Command::PickAll) if self.level == Level::Users => {
                let n = self.pick_shown();
                app.toast(
                    format!("{n} users picked: x, D, m or A acts on all of them"),
                    false,
                );
                return Reply::stay();
            }
            Some(
                Command::ToggleUser | Command::DeleteUser | Command::Memberships | Command::SetAttr,
            ) if !self.picked.is_empty() => return self.on_batch_key(cmd, app),
            Some(Command::SetAttr) => {
                let Some((dn, id)) = self.selected_user() else {
                    app.toast("select a user first (or pick some with Space)", false);
                    return Reply::stay();
                };
                app.push(super::ask::Ask::new(
                    format!("Change {id}"),
                    "attr=value replaces, attr+=value adds a value, attr-=value removes one, attr= removes the attribute:".into(),
                    "",
                    super::ask::Purpose::Modify(dn),
                ));
                return Reply::stay();
            }
            _ => {}
        }
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
                Some(Command::Journal) => Reply::run(app.open_journal(p, pw)),
                Some(Command::NewUser) if self.level != Level::Users => {
                    app.toast("open a group's users first: the new user goes there", false);
                    Reply::stay()
                }
                Some(Command::NewUser) => {
                    let place = (self.tenant.clone(), self.group.clone());
                    app.push(EditDialog::for_new(p, pw, place));
                    Reply::stay()
                }
                other => self.on_browse_key(other, app),
            };
        }
        let Some((dn, id)) = self.selected_user() else {
            app.toast("select a user first (open a group, then a user row)", false);
            return Reply::stay();
        };
        let effects = match cmd {
            Some(Command::ToggleUser) => app.plan_write(p, pw, Intent::ToggleStatus { dn, id }),
            Some(Command::DeleteUser) => app.plan_write(p, pw, Intent::Delete { dn, id }),
            Some(Command::SetPassword) => {
                app.push(PasswordDialog::new(p, pw, dn, id));
                Vec::new()
            }
            Some(Command::EditUser) => {
                let job = app.job();
                app.push(EditDialog::new(p.clone(), pw.clone(), dn.clone(), id, job));
                vec![Effect::LoadEdit {
                    job,
                    provider: Box::new(p),
                    password: pw,
                    dn,
                }]
            }
            Some(Command::Memberships) => {
                let job = app.job();
                let mut picker = GroupPicker::new(p.clone(), pw.clone(), dn.clone(), id, job);
                picker.copy_from = self.marked.clone().filter(|(_, m)| *m != dn);
                app.push(picker);
                vec![Effect::LoadGroups {
                    job,
                    provider: Box::new(p),
                    password: pw,
                    dn,
                }]
            }
            _ => Vec::new(),
        };
        Reply::run(effects)
    }

    /// x, D, m or A with users picked: one batch for all of them.
    fn on_batch_key(&mut self, cmd: Option<Command>, app: &mut App) -> Reply {
        use super::ask::{Ask, Purpose};
        use crate::app::write::Bulk;
        let (p, pw) = (self.provider.clone(), self.password.clone());
        let users = self.picked.clone();
        let n = users.len();
        let what = match cmd {
            Some(Command::ToggleUser) => Bulk::Disable,
            Some(Command::DeleteUser) => Bulk::Delete,
            Some(Command::Memberships) => {
                app.push(Ask::new(
                    format!("Groups of {n} picked users"),
                    "+group puts them in the group, -group takes them out (its name):".into(),
                    "+",
                    Purpose::BulkGroup(users),
                ));
                return Reply::stay();
            }
            _ => {
                app.push(Ask::new(
                    format!("Change {n} picked users"),
                    "attr=value replaces, attr+=value adds a value, attr-=value removes one, attr= removes the attribute:".into(),
                    "",
                    Purpose::BulkSet(users),
                ));
                return Reply::stay();
            }
        };
        Reply::run(app.plan_write(p, pw, Intent::Bulk { what, users }))
    }

    fn on_builder_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        let Some(fb) = self.builder.as_mut() else {
            return Reply::stay();
        };
        match cmd {
            Some(Command::NextField) => fb.move_focus(1),
            Some(Command::PrevField) => fb.move_focus(-1),
            Some(Command::Cycle) if fb.cycle(&key) => {}
            Some(Command::AddRow) => fb.add_row(),
            Some(Command::RemoveRow) => fb.remove_row(),
            Some(Command::Back) => self.builder = None,
            Some(Command::Clear) => return Reply::run(self.apply_filter(None, app)),
            Some(Command::Submit) => match fb.extra.clone() {
                Ok(extra) => return Reply::run(self.apply_filter(extra, app)),
                Err(e) => app.toast(format!("not applied: {e}"), true),
            },
            _ => fb.input(key),
        }
        Reply::stay()
    }

    /// Sets the listing filter and lists the users again when they are shown.
    fn apply_filter(&mut self, extra: Option<String>, app: &mut App) -> Vec<Effect> {
        self.last_builder = self.builder.take();
        self.applied = extra;
        if self.level == Level::Users {
            return self.reload_now(app);
        }
        Vec::new()
    }

    fn on_filter_key(&mut self, cmd: Option<Command>, key: KeyEvent) {
        let before = self.filter.clone();
        match (cmd, key.code) {
            (Some(Command::Submit), _) => self.filtering = false,
            (Some(Command::Cycle), _) => {
                self.substring = !self.substring;
                self.refilter(None);
            }
            (Some(Command::Back), _) => {
                self.filtering = false;
                self.filter.clear();
                self.refilter(None);
            }
            (_, KeyCode::Char(c))
                if key.modifiers.is_empty() || key.modifiers == KeyModifiers::SHIFT =>
            {
                self.filter.push(c);
                self.refilter(Some(&before));
            }
            _ => {
                if crate::app::line_edit::edit(&mut self.filter, &key) {
                    self.refilter(None);
                }
            }
        }
    }
}

impl Layer for Browser {
    fn context(&self) -> Context {
        if self.builder.is_some() {
            Context::FilterBuilder
        } else if self.filtering {
            Context::BrowserFilter
        } else if self.provider.read_only || (self.plain_entry && self.level == Level::Entry) {
            // A read-only provider shows no write key at all.
            Context::Browser
        } else {
            Context::BrowserEdit
        }
    }

    fn busy(&self) -> bool {
        self.job.is_some() || self.entry_job.is_some()
    }

    fn waits_for(&self, id: JobId) -> bool {
        self.job == Some(id) || self.entry_job == Some(id) || self.window_job == Some(id)
    }

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match self.context() {
            Context::FilterBuilder => self.on_builder_key(cmd, key, app),
            Context::BrowserFilter => {
                self.on_filter_key(cmd, key);
                Reply::stay()
            }
            Context::BrowserEdit => self.on_edit_key(cmd, app),
            _ => self.on_browse_key(cmd, app),
        }
    }

    fn on_job(&mut self, id: JobId, ev: JobEvent, app: &mut App) -> Reply {
        if self.entry_job == Some(id) {
            self.entry_job = None;
            match ev {
                JobEvent::Entry(e) => {
                    self.entry = Some(*e);
                    if self.level == Level::Entry {
                        self.move_to(0);
                    }
                }
                JobEvent::Failed(msg) => {
                    self.error = Some(msg.clone());
                    app.toast(msg, true);
                }
                _ => {}
            }
            return Reply::stay();
        }
        match ev {
            JobEvent::Nodes(nodes) => {
                self.job = None;
                match self.level {
                    Level::Tenants => self.tenants = nodes,
                    _ => self.groups = nodes,
                }
                self.move_to(self.selected as isize);
            }
            JobEvent::Rows(columns, rows) => self.add_rows(columns, rows),
            JobEvent::RowsDone => self.job = None,
            JobEvent::RowsCapped(n) => {
                self.job = None;
                self.capped = Some(n);
            }
            JobEvent::Window(start, rows, count) => {
                // Past the cap the list turns virtual: the streamed rows give way to windows.
                if self.job == Some(id) {
                    self.job = None;
                    self.rows = Vec::new();
                    self.view = Vec::new();
                }
                if self.window_job == Some(id) {
                    self.window_job = None;
                }
                self.add_window(start, rows, count);
            }
            JobEvent::Failed(msg) => {
                self.job = None;
                self.error = Some(msg.clone());
                app.toast(msg, true);
            }
            JobEvent::Cancelled => self.job = None,
            _ => {}
        }
        Reply::stay()
    }

    fn full_screen(&self) -> bool {
        true
    }

    /// Only this provider's log: another provider's would mislead.
    fn shows_log(&self, log: &TestLog) -> bool {
        log.provider.slug == self.provider.slug
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        crate::ui::browser::draw(f, area, self, app.spinner, th);
    }

    fn draw_over(&self, f: &mut Frame, body: Rect, _app: &App, th: &Theme) {
        if let Some(fb) = &self.builder {
            crate::ui::filterbuilder::draw(f, body, fb, th);
        }
    }

    crate::layer_any!();
}
