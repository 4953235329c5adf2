//! The directory browser: tenants → groups → users → one entry, following the provider's
//! layout. Users stream in while the list is already usable.

mod view;

use super::action::JobId;
use crate::config::{LayoutMode, Provider, Secret};
use crate::ldap::read::directory::Node;

/// One level of the tree, top to bottom (ordered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Tenants (ou layout).
    Tenants,
    /// Groups of a tenant, or of the provider.
    Groups,
    /// Users of the selection.
    Users,
    /// One user's entry.
    Entry,
}

/// A user row as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The login.
    pub id: String,
    /// The DN.
    pub dn: String,
    /// Column values, in `columns` order.
    pub cells: Vec<String>,
    /// Lower-case text the quick filter matches against.
    pub hay: String,
}

/// One attribute of the entry detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Attribute name (mapped fields show as `field (attr)`).
    pub name: String,
    /// Values as shown (binary ones as size and a hex preview).
    pub values: Vec<String>,
    /// Came from a mapped field.
    pub mapped: bool,
}

/// The entry shown in the detail pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// The DN.
    pub dn: String,
    /// Attributes: mapped first, then the rest alphabetically.
    pub attrs: Vec<Attr>,
}

/// The browser's state.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The provider browsed.
    pub provider: Provider,
    /// A typed bind password, in memory only.
    pub password: Option<Secret>,
    /// The level shown.
    pub level: Level,
    /// Tenants (ou layout).
    pub tenants: Vec<Node>,
    /// Groups of the chosen tenant or of the provider.
    pub groups: Vec<Node>,
    /// The chosen tenant.
    pub tenant: Option<String>,
    /// The chosen group.
    pub group: Option<String>,
    /// Column names of the user list (after id).
    pub columns: Vec<String>,
    /// Users loaded so far.
    pub rows: Vec<Row>,
    /// Indices of `rows` shown (quick filter and sort applied).
    pub view: Vec<u32>,
    /// Selected position in the current level's list.
    pub selected: usize,
    /// Selection kept per level when going back.
    saved: [usize; 3],
    /// Quick filter text.
    pub filter: String,
    /// Typing the quick filter.
    pub filtering: bool,
    /// Sort column: 0 = id, n = columns[n-1]; None = as loaded.
    pub sort: Option<usize>,
    /// The sort is descending (`S`).
    pub sort_desc: bool,
    /// The quick filter matches substrings (else fuzzy).
    pub substring: bool,
    /// Columns scrolled past (`<`/`>`), after the always shown STATE.
    pub hscroll: usize,
    /// The job filling the tenants, groups or users.
    pub job: Option<JobId>,
    /// The job loading the entry (separate, so opening a user does not stop the list).
    pub entry_job: Option<JobId>,
    /// The load was stopped with Esc (the rows so far are kept).
    pub stopped: bool,
    /// Loading stopped at the provider's browse_cap.
    pub capped: Option<usize>,
    /// The list is virtual (server-side sort + VLV): this many users, fetched by windows.
    pub virtual_count: Option<usize>,
    /// Rows of a virtual list by position.
    pub window: std::collections::HashMap<usize, Row>,
    /// The job fetching a window.
    pub window_job: Option<JobId>,
    /// The entry shown.
    pub entry: Option<Entry>,
    /// The DN of the entry opened (known before the entry arrives).
    pub entry_dn: Option<String>,
    /// Operational attributes are shown in the entry.
    pub operational: bool,
    /// A group's users include the members of the groups inside it (`N`).
    pub nested: bool,
    /// The user marked for a comparison (`M`): id and DN.
    pub marked: Option<(String, String)>,
    /// Users picked for a batch (`Space`, `*`): DN → login, in the order picked.
    pub picked: Vec<(String, String)>,
    /// The last failure, shown in the pane.
    pub error: Option<String>,
    /// The filter applied to user listings (besides user_filter), as RFC 4515 text.
    pub applied: Option<String>,
    /// The filter builder, when open.
    pub builder: Option<super::filterbuilder::FilterBuilder>,
    /// Opened from the tree at this level: going back from it closes the browser.
    pub opened_at: Option<Level>,
    /// The login of the entry opened from the tree as a user.
    pub entry_id: Option<String>,
    /// The entry opened from the tree is not one of the provider's users: no user keys.
    pub plain_entry: bool,
    /// The builder as it was when its filter was applied: reopened as the user left it
    /// (structured rows and all) while that filter is still the one applied.
    pub last_builder: Option<super::filterbuilder::FilterBuilder>,
}

/// What the runtime should load next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    /// The tenants.
    Tenants,
    /// Groups (of a tenant).
    Groups(Option<String>),
    /// Users of tenant/group, with the applied filter.
    Users(Option<String>, Option<String>, Option<String>),
    /// The same, with the members of the groups inside the group (nested, at any depth).
    NestedUsers(Option<String>, Option<String>, Option<String>),
    /// A window of a virtual list: tenant, group, filter, 1-based offset, before, after.
    Window(
        Option<String>,
        Option<String>,
        Option<String>,
        usize,
        usize,
        usize,
    ),
    /// One entry (with operational attributes?).
    Entry(String, bool),
}

impl Browser {
    /// A browser at the top level the provider's layout allows.
    pub fn new(p: &Provider, password: Option<Secret>) -> (Browser, Load) {
        let mode = p.layout.as_ref().map(|l| l.mode);
        let (level, load) = match (mode, &p.groups_base) {
            (Some(LayoutMode::Ou), _) => (Level::Tenants, Load::Tenants),
            (Some(LayoutMode::Membership), _) | (None, Some(_)) => {
                (Level::Groups, Load::Groups(None))
            }
            (None, None) => (Level::Users, Load::Users(None, None, None)),
        };
        let b = Browser {
            provider: p.clone(),
            password,
            level,
            tenants: Vec::new(),
            groups: Vec::new(),
            tenant: None,
            group: None,
            columns: Vec::new(),
            rows: Vec::new(),
            view: Vec::new(),
            selected: 0,
            saved: [0; 3],
            filter: String::new(),
            filtering: false,
            sort: None,
            sort_desc: false,
            substring: false,
            hscroll: 0,
            job: None,
            entry_job: None,
            stopped: false,
            capped: None,
            virtual_count: None,
            window: std::collections::HashMap::new(),
            window_job: None,
            entry: None,
            entry_dn: None,
            operational: false,
            nested: false,
            marked: None,
            picked: Vec::new(),
            error: None,
            applied: None,
            builder: None,
            last_builder: None,
            opened_at: None,
            entry_id: None,
            plain_entry: false,
        };
        (b, load)
    }

    /// A browser on one entry found in the tree: a user's entry (with every user key), a
    /// group's users, or any entry.
    pub fn opened(
        p: &Provider,
        password: Option<Secret>,
        dn: String,
        role: crate::ldap::read::directory::Role,
    ) -> (Browser, Load) {
        use crate::ldap::read::directory::Role;
        let (mut b, _) = Browser::new(p, password);
        match role {
            Role::Group(cn) => {
                b.group = Some(cn);
                b.level = Level::Users;
                b.opened_at = Some(Level::Users);
                let load = b.users_load();
                (b, load)
            }
            role => {
                b.level = Level::Entry;
                b.opened_at = Some(Level::Entry);
                b.entry_dn = Some(dn.clone());
                match role {
                    Role::User(id) => b.entry_id = Some(id),
                    _ => b.plain_entry = true,
                }
                (b, Load::Entry(dn, false))
            }
        }
    }

    /// The top level of this provider (where `h` stops).
    pub fn top(&self) -> Level {
        match (
            self.provider.layout.as_ref().map(|l| l.mode),
            &self.provider.groups_base,
        ) {
            (Some(LayoutMode::Ou), _) => Level::Tenants,
            (Some(LayoutMode::Membership), _) | (None, Some(_)) => Level::Groups,
            (None, None) => Level::Users,
        }
    }

    /// Number of items at the current level.
    pub fn len(&self) -> usize {
        match self.level {
            Level::Tenants => self.tenants.len(),
            Level::Groups => self.groups.len() + usize::from(self.top() == Level::Groups),
            Level::Users => self.virtual_count.unwrap_or(self.view.len()),
            Level::Entry => self.entry.as_ref().map_or(0, |e| e.attrs.len()),
        }
    }

    /// Whether the current level is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves the selection within the current level.
    pub fn move_to(&mut self, row: isize) {
        let n = self.len() as isize;
        self.selected = row.clamp(0, (n - 1).max(0)) as usize;
    }

    fn slot(level: Level) -> Option<usize> {
        match level {
            Level::Tenants => Some(0),
            Level::Groups => Some(1),
            Level::Users => Some(2),
            Level::Entry => None,
        }
    }

    fn go(&mut self, level: Level) {
        if let Some(i) = Self::slot(self.level) {
            self.saved[i] = self.selected;
        }
        self.level = level;
        self.selected = Self::slot(level).map_or(0, |i| self.saved[i]);
        self.error = None;
    }

    /// Enter/l: opens the selected item; returns what to load.
    pub fn open(&mut self) -> Option<Load> {
        match self.level {
            Level::Tenants => {
                let t = self.tenants.get(self.selected)?.id.clone();
                self.tenant = Some(t.clone());
                self.groups.clear();
                self.saved[1] = 0;
                self.go(Level::Groups);
                Some(Load::Groups(Some(t)))
            }
            Level::Groups => {
                // In a membership tree the first row is "all users".
                let all = self.top() == Level::Groups;
                let g = match (all, self.selected) {
                    (true, 0) => None,
                    (true, i) => Some(self.groups.get(i - 1)?.id.clone()),
                    (false, i) => Some(self.groups.get(i)?.id.clone()),
                };
                self.group = g.clone();
                self.start_users();
                self.saved[2] = 0;
                self.go(Level::Users);
                Some(self.users_load())
            }
            Level::Users => {
                let dn = self.row_at(self.selected)?.dn.clone();
                self.entry = None;
                self.entry_dn = Some(dn.clone());
                self.go(Level::Entry);
                Some(Load::Entry(dn, self.operational))
            }
            Level::Entry => None,
        }
    }

    /// The load of the users shown: with nested groups' members when `nested` is on and a
    /// group is chosen.
    pub fn users_load(&self) -> Load {
        let (t, g, f) = (
            self.tenant.clone(),
            self.group.clone(),
            self.applied.clone(),
        );
        if self.nested && g.is_some() {
            Load::NestedUsers(t, g, f)
        } else {
            Load::Users(t, g, f)
        }
    }

    /// h: back one level; false at the top (the caller closes the browser).
    pub fn back(&mut self) -> bool {
        if self.opened_at == Some(self.level) {
            return false;
        }
        let to = match self.level {
            Level::Entry => Level::Users,
            Level::Users if self.top() != Level::Users => Level::Groups,
            Level::Groups if self.top() == Level::Tenants => Level::Tenants,
            _ => return false,
        };
        // What was chosen below the level gone back to is no longer chosen (the breadcrumb
        // shows only where the user is).
        match to {
            Level::Groups => self.group = None,
            Level::Tenants => {
                self.group = None;
                self.tenant = None;
            }
            _ => {}
        }
        self.go(to);
        true
    }

    /// Clears the user list for a new load.
    pub fn start_users(&mut self) {
        self.rows.clear();
        self.view.clear();
        self.stopped = false;
        self.capped = None;
        self.virtual_count = None;
        self.window.clear();
        self.window_job = None;
    }

    /// A batch of rows arrived.
    pub fn add_rows(&mut self, columns: Vec<String>, rows: Vec<Row>) {
        self.columns = columns;
        let start = self.rows.len();
        self.rows.extend(rows);
        if self.filter.is_empty() && self.sort.is_none() {
            self.view.extend((start..self.rows.len()).map(|i| i as u32));
        } else {
            self.refilter(None);
        }
    }

    /// The DN of the selected user or entry, for copying.
    pub fn selected_dn(&self) -> Option<String> {
        match self.level {
            Level::Entry => self
                .entry
                .as_ref()
                .map(|e| e.dn.clone())
                .or_else(|| self.entry_dn.clone()),
            Level::Users => self.row_at(self.selected).map(|r| r.dn.clone()),
            Level::Groups => {
                let off = usize::from(self.top() == Level::Groups);
                self.groups
                    .get(self.selected.checked_sub(off)?)
                    .map(|n| n.dn.clone())
            }
            Level::Tenants => self.tenants.get(self.selected).map(|n| n.dn.clone()),
        }
    }

    /// The user under the cursor (user list) or shown (entry): DN and login.
    pub fn selected_user(&self) -> Option<(String, String)> {
        match self.level {
            Level::Users => self
                .row_at(self.selected)
                .map(|r| (r.dn.clone(), r.id.clone())),
            Level::Entry if self.plain_entry => None,
            Level::Entry => {
                let dn = self.selected_dn()?;
                if let Some(id) = self
                    .entry_id
                    .clone()
                    .filter(|_| self.opened_at == Some(Level::Entry))
                {
                    return Some((dn, id));
                }
                let id = Self::slot(Level::Users)
                    .and_then(|s| self.row_at(self.saved[s]))
                    .filter(|r| r.dn == dn)
                    .map_or_else(
                        || crate::ldap::read::directory::rdn_value(&dn),
                        |r| r.id.clone(),
                    );
                Some((dn, id))
            }
            _ => None,
        }
    }

    /// Whether the user with this DN is picked for a batch.
    pub fn is_picked(&self, dn: &str) -> bool {
        self.picked.iter().any(|(d, _)| d == dn)
    }

    /// `Space`: picks the selected user for a batch, or unpicks it; then moves down.
    pub fn toggle_pick(&mut self) -> bool {
        let Some(r) = self
            .row_at(self.selected)
            .filter(|_| self.level == Level::Users)
        else {
            return false;
        };
        let (dn, id) = (r.dn.clone(), r.id.clone());
        match self.picked.iter().position(|(d, _)| *d == dn) {
            Some(i) => {
                self.picked.remove(i);
            }
            None => self.picked.push((dn, id)),
        }
        self.move_to(self.selected as isize + 1);
        true
    }

    /// `*`: picks every user the list shows (its filter applied), or unpicks them all when
    /// every one is picked already. Returns how many are picked now.
    pub fn pick_shown(&mut self) -> usize {
        let shown: Vec<(String, String)> = (0..self.len())
            .filter_map(|p| self.row_at(p))
            .map(|r| (r.dn.clone(), r.id.clone()))
            .collect();
        if !shown.is_empty() && shown.iter().all(|(d, _)| self.is_picked(d)) {
            self.picked
                .retain(|(d, _)| !shown.iter().any(|(s, _)| s == d));
        } else {
            for (d, i) in shown {
                if !self.is_picked(&d) {
                    self.picked.push((d, i));
                }
            }
        }
        self.picked.len()
    }

    /// The user shown at a position of the list (loaded, or in a fetched window).
    pub fn row_at(&self, pos: usize) -> Option<&Row> {
        match self.virtual_count {
            Some(_) => self.window.get(&pos),
            None => self.rows.get(*self.view.get(pos)? as usize),
        }
    }

    /// Rows fetched around a position of a virtual list, before and after it.
    pub const WINDOW: (usize, usize) = (100, 200);

    /// The window to fetch so the selection and a screen around it are loaded, if any is missing.
    pub fn missing_window(&self) -> Option<Load> {
        let count = self.virtual_count?;
        if self.window_job.is_some() || self.level != Level::Users {
            return None;
        }
        let lo = self.selected.saturating_sub(30);
        let hi = (self.selected + 60).min(count.saturating_sub(1));
        if (lo..=hi).all(|p| self.window.contains_key(&p)) {
            return None;
        }
        let (before, after) = Self::WINDOW;
        Some(Load::Window(
            self.tenant.clone(),
            self.group.clone(),
            self.applied.clone(),
            self.selected + 1,
            before,
            after,
        ))
    }

    /// A window arrived: rows from 0-based `start`, and the server's count.
    pub fn add_window(&mut self, start: usize, rows: Vec<Row>, count: usize) {
        self.virtual_count = Some(count);
        // Keep memory bounded: drop windows far from the selection.
        if self.window.len() > 20_000 {
            let keep = self.selected;
            self.window.retain(|p, _| p.abs_diff(keep) < 5_000);
        }
        for (i, r) in rows.into_iter().enumerate() {
            self.window.insert(start + i, r);
        }
        if self.level == Level::Users {
            self.move_to(self.selected as isize);
        }
    }
}
