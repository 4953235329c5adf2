//! The directory tree as a full-screen layer: moving, expanding (children streamed, Esc
//! stops), opening an entry (users and groups in their own views), the quick filter, a
//! search from a node, LDIF export, the schema, and on a writable provider the writes on any
//! entry. Its state is `app::tree`, its drawing `ui::tree`.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::ask::{Ask, Purpose};
use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::browser::Browser;
use crate::app::effect::Effect;
use crate::app::filterbuilder::FilterBuilder;
use crate::app::keymap::{Command, Context};
use crate::app::tree::{AttrEdit, Cut, Export, Tree, TreeLoad};
use crate::app::write::Intent;
use crate::config::{Provider, Secret};
use crate::ldap::read::tree::Kind;
use crate::ui::kit::Theme;

/// Rows moved by a page key.
const PAGE: isize = 20;
/// Search results kept at most.
const RESULTS: usize = 10_000;

impl App {
    /// `T`: opens the tree of `p` and loads its roots.
    pub fn open_tree(&mut self, p: Provider, password: Option<Secret>) -> Vec<Effect> {
        let mut t = Tree::new(&p, password);
        let job = self.job();
        let effects = t.run(TreeLoad::Roots, job);
        self.push(t);
        effects
    }
}

impl Tree {
    /// Starts `load` as the tree's job, cancelling the one it replaces.
    pub fn run(&mut self, load: TreeLoad, job: JobId) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(old) = self.job.replace(job) {
            effects.push(Effect::Cancel(old));
        }
        self.error = None;
        effects.push(self.effect(load, job));
        effects
    }

    fn effect(&self, load: TreeLoad, job: JobId) -> Effect {
        Effect::Tree {
            job,
            provider: Box::new(self.provider.clone()),
            password: self.password.clone(),
            load,
        }
    }

    /// Runs a side load (a search or an export), replacing the one before.
    fn run_side(&mut self, load: TreeLoad, job: JobId) -> Vec<Effect> {
        let mut effects: Vec<Effect> = self
            .side_job
            .replace(job)
            .map(Effect::Cancel)
            .into_iter()
            .collect();
        effects.push(self.effect(load, job));
        effects
    }

    /// Expands the selected row, stopping a load of another one first.
    fn expand_selected(&mut self, app: &mut App) -> Vec<Effect> {
        let Some(row) = self.row_at(self.selected) else {
            return Vec::new();
        };
        if row.expanded || row.node.children == Some(false) {
            if !row.expanded {
                app.toast("nothing below this entry", false);
            }
            return Vec::new();
        }
        let mut effects = Vec::new();
        if let Some(old) = self.job.take() {
            effects.push(Effect::Cancel(old));
            self.children_done(Some(Cut::Stopped));
        }
        if let Some(node) = self.expand() {
            let job = app.job();
            let cap = self.cap();
            effects.extend(self.run(TreeLoad::Children(node, cap), job));
        }
        effects
    }

    /// The answer of a question asked by the tree (export file, attribute, new DN).
    pub fn answer(ask: &Ask, app: &mut App) -> Result<Vec<Effect>, String> {
        let Some(t) = app.find::<Tree>() else {
            return Ok(Vec::new());
        };
        let (p, pw) = (t.provider.clone(), t.password.clone());
        let text = ask.answer();
        let text = text.trim();
        let intent = match &ask.purpose {
            Purpose::Export(dn) => {
                if text.is_empty() {
                    return Err("type the file to write".into());
                }
                let subtree = ask.switches.first().is_some_and(|s| s.1);
                let secrets = ask.switches.get(1).is_some_and(|s| s.1);
                let job = app.job();
                let Some(t) = app.find_mut::<Tree>() else {
                    return Ok(Vec::new());
                };
                t.export = Some(Export {
                    path: text.to_string(),
                    written: 0,
                    done: None,
                });
                let load = TreeLoad::Export {
                    base: dn.clone(),
                    subtree,
                    path: text.to_string(),
                    secrets,
                };
                return Ok(t.run_side(load, job));
            }
            Purpose::Modify(dn) => Intent::SetAttr {
                dn: dn.clone(),
                edit: AttrEdit::parse(text)?,
            },
            Purpose::Move(dn) => {
                crate::syntax::dn::parse_dn(text).map_err(|e| format!("the new DN: {e}"))?;
                Intent::Move {
                    dn: dn.clone(),
                    to: text.to_string(),
                }
            }
            Purpose::BulkGroup(_) | Purpose::BulkSet(_) => return Ok(Vec::new()),
            Purpose::Restore(guid) => {
                crate::syntax::dn::parse_dn(text).map_err(|e| format!("the DN: {e}"))?;
                Intent::Restore {
                    guid: guid.clone(),
                    to: text.to_string(),
                }
            }
        };
        Ok(app.plan_write(p, pw, intent))
    }

    fn on_tree_key(&mut self, cmd: Option<Command>, app: &mut App) -> Reply {
        let pos = self.position() as isize;
        let dn = self.selected_node().map(|n| n.dn.clone());
        match cmd {
            Some(Command::Down) => self.move_to(pos + 1),
            Some(Command::Up) => self.move_to(pos - 1),
            Some(Command::PageDown) => self.move_to(pos + PAGE),
            Some(Command::PageUp) => self.move_to(pos - PAGE),
            Some(Command::Top) => self.move_to(0),
            Some(Command::Bottom) => self.move_to(isize::MAX / 2),
            // In the results, l opens the entry and h goes back to the tree.
            Some(Command::Expand) if self.results.is_some() => {
                return Reply::run(self.open_selected(app));
            }
            Some(Command::Parent) if self.results.is_some() && self.side_job.is_none() => {
                self.results = None;
            }
            Some(Command::Expand) => return Reply::run(self.expand_selected(app)),
            Some(Command::Parent) => {
                if self.collapse()
                    && let Some(job) = self.job.take()
                {
                    return Reply::run(vec![Effect::Cancel(job)]);
                }
            }
            Some(Command::Open) => return Reply::run(self.open_selected(app)),
            Some(Command::Filter) if self.results.is_none() => self.filtering = true,
            Some(Command::Search | Command::SearchOne) => {
                if let Some(dn) = dn {
                    let subtree = cmd == Some(Command::Search);
                    let fb = FilterBuilder::search(&self.provider, &dn, subtree);
                    self.builder = Some((fb, subtree));
                }
            }
            Some(Command::Export) => {
                let Some(dn) = dn else { return Reply::stay() };
                let name = crate::ldap::read::directory::rdn_value(&dn);
                let file: String = name
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' || c == '_' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let cwd = std::env::current_dir()
                    .map(|d| d.display().to_string())
                    .unwrap_or_else(|_| ".".into());
                app.push(
                    Ask::new(
                        format!("Export {dn} as LDIF"),
                        format!("The file to write (a new one; relative to {cwd}). Tab flips the switches."),
                        &format!("{file}.ldif"),
                        Purpose::Export(dn),
                    )
                    .with_switches(vec![
                        ("the whole subtree (else this entry only)".into(), true),
                        ("password attributes too (left out unless asked)".into(), false),
                    ]),
                );
            }
            Some(Command::Schema) => {
                if let Some(dn) = dn {
                    let (p, pw) = (self.provider.clone(), self.password.clone());
                    return Reply::run(super::schema::SchemaView::open(app, p, pw, Some(dn)));
                }
            }
            Some(Command::Copy) => {
                if let Some(dn) = dn {
                    app.toast(format!("copied {dn}"), false);
                    return Reply::run(vec![Effect::Copy(dn)]);
                }
            }
            Some(Command::Refresh) => return Reply::run(self.refresh(app)),
            Some(Command::Back) => return self.back(),
            _ => {}
        }
        Reply::stay()
    }

    /// Esc: stops what runs, closes the results, then the tree.
    fn back(&mut self) -> Reply {
        if let Some(job) = self.job.take() {
            self.children_done(Some(Cut::Stopped));
            return Reply::run(vec![Effect::Cancel(job)]);
        }
        if let Some(job) = self.side_job.take() {
            if let Some(r) = self.results.as_mut() {
                r.done = Some(Some(Cut::Stopped));
            }
            if let Some(x) = self.export.as_mut().filter(|x| x.done.is_none()) {
                x.done = Some(Err("stopped: the partial file was removed".into()));
            }
            return Reply::run(vec![Effect::Cancel(job)]);
        }
        if self.results.take().is_some() {
            return Reply::stay();
        }
        Reply::close_with(
            self.open_job
                .take()
                .map(Effect::Cancel)
                .into_iter()
                .collect(),
        )
    }

    fn refresh(&mut self, app: &mut App) -> Vec<Effect> {
        if let Some(r) = self.results.clone() {
            let job = app.job();
            self.start_results(r.base.clone(), r.filter.clone(), r.subtree);
            let load = TreeLoad::Search {
                base: r.base,
                filter: r.filter,
                subtree: r.subtree,
                limit: RESULTS,
            };
            return self.run_side(load, job);
        }
        if self.rows.is_empty() {
            let job = app.job();
            return self.run(TreeLoad::Roots, job);
        }
        if self.row_at(self.selected).is_some_and(|r| r.expanded) {
            self.collapse();
        }
        if let Some(i) = self.index(self.selected) {
            self.rows[i].node.children = None;
        }
        self.expand_selected(app)
    }

    fn open_selected(&mut self, app: &mut App) -> Vec<Effect> {
        let Some(node) = self.selected_node().cloned() else {
            return Vec::new();
        };
        if node.kind == Kind::Tombstone {
            app.toast(
                "a deleted object: u restores it (it has no entry to open)",
                false,
            );
            return Vec::new();
        }
        if node.kind == Kind::DeletedObjects {
            return self.expand_selected(app);
        }
        let job = app.job();
        let mut effects: Vec<Effect> = self
            .open_job
            .replace(job)
            .map(Effect::Cancel)
            .into_iter()
            .collect();
        effects.push(self.effect(TreeLoad::Open(node.dn), job));
        effects
    }

    fn on_write_key(&mut self, cmd: Option<Command>, app: &mut App) -> Reply {
        let node = self.selected_node().cloned();
        let (p, pw) = (self.provider.clone(), self.password.clone());
        match cmd {
            Some(Command::Journal) => Reply::run(app.open_journal(p, pw)),
            Some(Command::Restore) => {
                match self.selected_tombstone() {
                    Some((guid, back)) => app.push(Ask::new(
                        "Restore a deleted object".into(),
                        "The DN it comes back as (its last known name and parent; change either when the parent is gone or the name is taken):".into(),
                        &back,
                        Purpose::Restore(guid),
                    )),
                    None => app.toast(
                        "select a deleted object first (under CN=Deleted Objects, on AD)",
                        false,
                    ),
                }
                Reply::stay()
            }
            Some(Command::ModifyAttr | Command::MoveEntry | Command::DeleteEntry) => {
                let Some(node) =
                    node.filter(|n| n.kind != Kind::Tombstone && n.kind != Kind::DeletedObjects)
                else {
                    app.toast(
                        "select an entry first (a deleted object is restored with u)",
                        false,
                    );
                    return Reply::stay();
                };
                let dn = node.dn;
                match cmd {
                    Some(Command::ModifyAttr) => app.push(Ask::new(
                        format!("Change {dn}"),
                        "attr=value replaces, attr+=value adds a value, attr-=value removes one, attr= removes the attribute:".into(),
                        "",
                        Purpose::Modify(dn),
                    )),
                    Some(Command::MoveEntry) => app.push(Ask::new(
                        format!("Rename or move {dn}"),
                        "Edit the DN: a new first RDN renames, a new parent moves (modrdn, newSuperior):".into(),
                        &dn.clone(),
                        Purpose::Move(dn),
                    )),
                    _ => return Reply::run(app.plan_write(p, pw, Intent::DeleteEntry { dn })),
                }
                Reply::stay()
            }
            other => self.on_tree_key(other, app),
        }
    }

    fn on_builder_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        let Some((fb, subtree)) = self.builder.as_mut() else {
            return Reply::stay();
        };
        let subtree = *subtree;
        match cmd {
            Some(Command::NextField) => fb.move_focus(1),
            Some(Command::PrevField) => fb.move_focus(-1),
            Some(Command::Cycle) if fb.cycle(&key) => {}
            Some(Command::AddRow) => fb.add_row(),
            Some(Command::RemoveRow) => fb.remove_row(),
            Some(Command::Back) => self.builder = None,
            Some(Command::Clear) => return Reply::run(self.search(None, subtree, app)),
            Some(Command::Submit) => match fb.extra.clone() {
                Ok(extra) => return Reply::run(self.search(extra, subtree, app)),
                Err(e) => app.toast(format!("not searched: {e}"), true),
            },
            _ => fb.input(key),
        }
        Reply::stay()
    }

    /// Searches from the selected entry (every entry when no filter is given).
    fn search(&mut self, filter: Option<String>, subtree: bool, app: &mut App) -> Vec<Effect> {
        let Some(base) = self.selected_node().map(|n| n.dn.clone()) else {
            return Vec::new();
        };
        self.builder = None;
        let filter = filter.unwrap_or_else(|| "(objectClass=*)".into());
        self.start_results(base.clone(), filter.clone(), subtree);
        let job = app.job();
        let load = TreeLoad::Search {
            base,
            filter,
            subtree,
            limit: RESULTS,
        };
        self.run_side(load, job)
    }

    fn on_filter_key(&mut self, cmd: Option<Command>, key: KeyEvent) {
        match cmd {
            Some(Command::Submit) => self.filtering = false,
            Some(Command::Back) => {
                self.filtering = false;
                self.filter.clear();
                self.refilter();
            }
            // Typing and readline's editing keys alike.
            _ => {
                if crate::app::line_edit::edit(&mut self.filter, &key) {
                    self.refilter();
                }
            }
        }
    }

    fn on_side_job(&mut self, ev: JobEvent, app: &mut App) {
        match ev {
            JobEvent::TreeNodes(nodes) => {
                if let Some(r) = self.results.as_mut() {
                    let room = RESULTS.saturating_sub(r.nodes.len());
                    r.nodes.extend(nodes.into_iter().take(room));
                }
            }
            JobEvent::TreeDone(cut) => {
                self.side_job = None;
                if let Some(r) = self.results.as_mut() {
                    r.done = Some(cut);
                }
            }
            JobEvent::Progress(n) => {
                if let Some(x) = self.export.as_mut() {
                    x.written = n;
                }
            }
            JobEvent::Exported(n, truncated) => {
                self.side_job = None;
                if let Some(x) = self.export.as_mut() {
                    x.written = n;
                    x.done = Some(Ok(()));
                    let cut = if truncated {
                        " (cut by the server's size limit)"
                    } else {
                        ""
                    };
                    app.toast(
                        format!("exported {n} entries to {}{cut}", x.path),
                        truncated,
                    );
                }
            }
            JobEvent::Failed(msg) => {
                self.side_job = None;
                if let Some(x) = self.export.as_mut().filter(|x| x.done.is_none()) {
                    x.done = Some(Err(msg.clone()));
                } else if let Some(r) = self.results.as_mut() {
                    r.done = Some(None);
                }
                self.error = Some(msg.clone());
                app.toast(msg, true);
            }
            JobEvent::Cancelled => self.side_job = None,
            _ => {}
        }
    }
}

impl Layer for Tree {
    fn context(&self) -> Context {
        if self.builder.is_some() {
            Context::FilterBuilder
        } else if self.filtering {
            Context::TreeFilter
        } else if self.provider.read_only {
            Context::Tree
        } else {
            Context::TreeEdit
        }
    }

    fn busy(&self) -> bool {
        self.job.is_some() || self.side_job.is_some() || self.open_job.is_some()
    }

    fn waits_for(&self, id: JobId) -> bool {
        [self.job, self.side_job, self.open_job].contains(&Some(id))
    }

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, app: &mut App) -> Reply {
        match self.context() {
            Context::FilterBuilder => self.on_builder_key(cmd, key, app),
            Context::TreeFilter => {
                self.on_filter_key(cmd, key);
                Reply::stay()
            }
            Context::TreeEdit => self.on_write_key(cmd, app),
            _ => self.on_tree_key(cmd, app),
        }
    }

    fn on_job(&mut self, id: JobId, ev: JobEvent, app: &mut App) -> Reply {
        if self.side_job == Some(id) {
            self.on_side_job(ev, app);
            return Reply::stay();
        }
        if self.open_job == Some(id) {
            self.open_job = None;
            match ev {
                JobEvent::Opened(dn, role) => {
                    let (p, pw) = (self.provider.clone(), self.password.clone());
                    let (mut b, load) = Browser::opened(&p, pw, dn, role);
                    let job = app.job();
                    let effects = b.load(load, job);
                    app.push(b);
                    return Reply::run(effects);
                }
                JobEvent::Failed(msg) => app.toast(msg, true),
                _ => {}
            }
            return Reply::stay();
        }
        match ev {
            JobEvent::TreeNodes(nodes) if self.loading.is_some() => self.add_children(nodes),
            JobEvent::TreeNodes(nodes) => self.set_roots(nodes),
            JobEvent::TreeDone(cut) => {
                self.job = None;
                self.children_done(cut);
            }
            JobEvent::Failed(msg) => {
                self.job = None;
                self.children_done(None);
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

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        crate::ui::tree::draw(f, area, self, app.spinner, th);
    }

    fn draw_over(&self, f: &mut Frame, body: Rect, _app: &App, th: &Theme) {
        if let Some((fb, _)) = &self.builder {
            crate::ui::filterbuilder::draw(f, body, fb, th);
        }
    }

    crate::layer_any!();
}
