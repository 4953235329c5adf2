//! The whole directory as a tree (`T`): the roots, children loaded a level at a time and
//! streamed in, the quick filter over what is loaded, and a search from a node whose results
//! form a list of their own. Pure state: the loads are `TreeLoad`s the runtime runs.

use super::action::JobId;
use crate::config::{Provider, Secret};
use crate::ldap::read::tree::{Kind, Node};

/// What the runtime should load for the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeLoad {
    /// The roots.
    Roots,
    /// One level under this node, at most this many.
    Children(Node, usize),
    /// Entries under `base` matching `filter` (one level or the subtree), at most `limit`.
    Search {
        /// Where from.
        base: String,
        /// RFC 4515.
        filter: String,
        /// The whole subtree (else one level).
        subtree: bool,
        /// Entries at most.
        limit: usize,
    },
    /// The entry (and with `subtree`, everything below it) as LDIF into `path`.
    Export {
        /// The top entry.
        base: String,
        /// Everything below it too.
        subtree: bool,
        /// The file written.
        path: String,
        /// Password attributes too (never by default).
        secrets: bool,
    },
    /// What the entry is to the provider: one of its users, a group, or just an entry.
    Open(String),
}

/// How an opened entry is shown: one of the provider's users opens in the user view with
/// every user key, a group with its users, anything else in the entry view.
pub use crate::ldap::read::directory::Role as OpenAs;

/// How a load of children ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The server's size limit.
    SizeLimit,
    /// ldapdeck's cap (the provider's browse_cap).
    Cap,
    /// Esc.
    Stopped,
}

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    /// The entry.
    pub node: Node,
    /// Levels below its root.
    pub depth: u16,
    /// Its children are shown (or loading).
    pub expanded: bool,
    /// Its children were cut short after this many.
    pub cut: Option<(Cut, usize)>,
}

/// Results of a search from a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// Where from.
    pub base: String,
    /// The filter.
    pub filter: String,
    /// The subtree (else one level).
    pub subtree: bool,
    /// What matched so far.
    pub nodes: Vec<Node>,
    /// The selected position.
    pub selected: usize,
    /// How it ended (None: still running).
    pub done: Option<Option<Cut>>,
}

/// An export running or done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The file.
    pub path: String,
    /// Entries written so far.
    pub written: usize,
    /// It ended (written in full, or why not).
    pub done: Option<Result<(), String>>,
}

/// The tree's state.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The provider.
    pub provider: Provider,
    /// A typed bind password, in memory only.
    pub password: Option<Secret>,
    /// The rows: every loaded node, each expanded one followed by its children.
    pub rows: Vec<TreeRow>,
    /// Positions of `rows` shown while the quick filter is on (None: all).
    pub view: Option<Vec<u32>>,
    /// The selected position (in `view` when filtering).
    pub selected: usize,
    /// The quick filter.
    pub filter: String,
    /// Typing the quick filter.
    pub filtering: bool,
    /// The job loading roots or children.
    pub job: Option<JobId>,
    /// The node whose children load (its DN) and how many came so far.
    pub loading: Option<(String, usize)>,
    /// The job searching or exporting (results and exports have their own).
    pub side_job: Option<JobId>,
    /// The job asking what an opened entry is.
    pub open_job: Option<JobId>,
    /// The search results, when shown.
    pub results: Option<Results>,
    /// The last export.
    pub export: Option<Export>,
    /// The last failure.
    pub error: Option<String>,
    /// The filter builder of a search, when open (and whether it searches the subtree).
    pub builder: Option<(super::filterbuilder::FilterBuilder, bool)>,
}

/// The name a row shows: its RDN (a root shows its whole DN; a tombstone its old name).
pub fn label(row: &TreeRow) -> String {
    if let Some(d) = &row.node.deleted {
        return format!("{} (deleted {})", d.name, d.when);
    }
    if row.depth == 0 {
        return row.node.dn.clone();
    }
    crate::syntax::dn::split_rdn(&row.node.dn).0.to_string()
}

impl Tree {
    /// A tree of `p`, loading its roots.
    pub fn new(p: &Provider, password: Option<Secret>) -> Tree {
        Tree {
            provider: p.clone(),
            password,
            rows: Vec::new(),
            view: None,
            selected: 0,
            filter: String::new(),
            filtering: false,
            job: None,
            loading: None,
            side_job: None,
            open_job: None,
            results: None,
            export: None,
            error: None,
            builder: None,
        }
    }

    /// The most children one expansion loads (the provider's browse cap).
    pub fn cap(&self) -> usize {
        self.provider
            .browse_cap
            .unwrap_or(crate::config::provider::DEFAULT_BROWSE_CAP) as usize
    }

    /// Rows shown.
    pub fn len(&self) -> usize {
        self.view.as_ref().map_or(self.rows.len(), Vec::len)
    }

    /// Nothing is shown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index in `rows` of a shown position.
    pub fn index(&self, pos: usize) -> Option<usize> {
        match &self.view {
            Some(v) => v.get(pos).map(|i| *i as usize),
            None => (pos < self.rows.len()).then_some(pos),
        }
    }

    /// The row at a shown position.
    pub fn row_at(&self, pos: usize) -> Option<&TreeRow> {
        self.rows.get(self.index(pos)?)
    }

    /// The selected row (in the results, the selected result as a row).
    pub fn selected_node(&self) -> Option<&Node> {
        match &self.results {
            Some(r) => r.nodes.get(r.selected),
            None => self.row_at(self.selected).map(|r| &r.node),
        }
    }

    /// Moves the selection (in the results when they are shown).
    pub fn move_to(&mut self, pos: isize) {
        if let Some(r) = self.results.as_mut() {
            let n = r.nodes.len() as isize;
            r.selected = pos.clamp(0, (n - 1).max(0)) as usize;
            return;
        }
        let n = self.len() as isize;
        self.selected = pos.clamp(0, (n - 1).max(0)) as usize;
    }

    /// The selected position.
    pub fn position(&self) -> usize {
        self.results.as_ref().map_or(self.selected, |r| r.selected)
    }

    /// The roots arrived.
    pub fn set_roots(&mut self, nodes: Vec<Node>) {
        self.rows = nodes
            .into_iter()
            .map(|node| TreeRow {
                node,
                depth: 0,
                expanded: false,
                cut: None,
            })
            .collect();
        self.selected = 0;
        self.refilter();
    }

    /// Expands the selected row: the children to load, if any (None: a leaf, or shown).
    pub fn expand(&mut self) -> Option<Node> {
        let i = self.index(self.selected)?;
        let row = self.rows.get_mut(i)?;
        if row.expanded || row.node.children == Some(false) {
            return None;
        }
        row.expanded = true;
        row.cut = None;
        self.loading = Some((row.node.dn.clone(), 0));
        Some(row.node.clone())
    }

    /// Where the descendants of row `i` end (the index after its last one).
    fn subtree_end(&self, i: usize) -> usize {
        let depth = self.rows[i].depth;
        self.rows[i + 1..]
            .iter()
            .position(|r| r.depth <= depth)
            .map_or(self.rows.len(), |p| i + 1 + p)
    }

    /// Collapses the selected row, or selects its parent when it is not expanded. True
    /// when what loads belonged to the collapsed rows (the caller cancels it).
    pub fn collapse(&mut self) -> bool {
        let Some(i) = self.index(self.selected) else {
            return false;
        };
        if !self.rows[i].expanded {
            // To the parent: the nearest row above with a smaller depth.
            let depth = self.rows[i].depth;
            if let Some(p) = self.rows[..i].iter().rposition(|r| r.depth < depth) {
                self.select_index(p);
            }
            return false;
        }
        let end = self.subtree_end(i);
        let loading_here = self.loading.as_ref().is_some_and(|(dn, _)| {
            self.rows[i..end]
                .iter()
                .any(|r| r.node.dn.eq_ignore_ascii_case(dn))
        });
        self.rows.drain(i + 1..end);
        self.rows[i].expanded = false;
        self.rows[i].cut = None;
        if loading_here {
            self.loading = None;
        }
        self.refilter();
        self.select_index(i);
        loading_here
    }

    /// Selects the row at index `i` of `rows` (clearing a filter that hides it).
    fn select_index(&mut self, i: usize) {
        match &self.view {
            Some(v) => match v.iter().position(|x| *x as usize == i) {
                Some(p) => self.selected = p,
                None => {
                    self.filter.clear();
                    self.view = None;
                    self.selected = i;
                }
            },
            None => self.selected = i,
        }
    }

    /// A batch of children of the node loading.
    pub fn add_children(&mut self, nodes: Vec<Node>) {
        let Some((dn, count)) = self.loading.as_mut() else {
            return;
        };
        *count += nodes.len();
        let dn = dn.clone();
        let Some(i) = self.rows.iter().position(|r| r.node.dn == dn) else {
            return;
        };
        let at = self.subtree_end(i);
        let depth = self.rows[i].depth + 1;
        let n = nodes.len();
        // Filtered, the view's indices go stale with the insert: keep the row by its DN.
        let keep = (!self.filter.is_empty())
            .then(|| self.index(self.selected))
            .flatten()
            .map(|s| if s >= at { s + n } else { s });
        self.rows.splice(
            at..at,
            nodes.into_iter().map(|node| TreeRow {
                node,
                depth,
                expanded: false,
                cut: None,
            }),
        );
        if self.view.is_none() && self.selected >= at {
            self.selected += n;
        }
        if !self.filter.is_empty() {
            self.compute_view();
            if let Some(p) = keep.and_then(|row| {
                self.view
                    .as_ref()
                    .and_then(|v| v.iter().position(|x| *x as usize == row))
            }) {
                self.selected = p;
            }
            self.move_to(self.selected as isize);
        }
    }

    /// The children finished loading (cut short, or not), sorted by name then; the
    /// selected row stays selected.
    pub fn children_done(&mut self, cut: Option<Cut>) {
        let Some((dn, count)) = self.loading.take() else {
            return;
        };
        let Some(i) = self.rows.iter().position(|r| r.node.dn == dn) else {
            return;
        };
        let keep = self
            .index(self.selected)
            .map(|s| self.rows[s].node.dn.clone());
        let end = self.subtree_end(i);
        self.rows[i].cut = cut.map(|c| (c, count));
        self.rows[i].node.children = Some(end > i + 1 || cut.is_some());
        if end == i + 1 {
            self.rows[i].expanded = false;
        }
        // Only direct children are there yet (nothing below them was expanded meanwhile
        // unless loaded first): sort them when none is expanded.
        let depth = self.rows[i].depth + 1;
        if self.rows[i + 1..end].iter().all(|r| r.depth == depth) {
            self.rows[i + 1..end]
                .sort_by_cached_key(|r| crate::syntax::dn::split_rdn(&r.node.dn).0.to_lowercase());
        }
        self.refilter();
        if let Some(dn) = keep
            && let Some(j) = self.rows.iter().position(|r| r.node.dn == dn)
        {
            self.select_index(j);
        }
    }

    /// Recomputes what the quick filter shows: matching rows and the rows above them.
    pub fn refilter(&mut self) {
        // The selected row stays selected when it is still shown.
        let before = self.index(self.selected);
        self.compute_view();
        if let Some(i) = before
            && let Some(pos) = match &self.view {
                Some(v) => v.iter().position(|x| *x as usize == i),
                None => Some(i),
            }
        {
            self.selected = pos;
        }
        self.move_to(self.selected as isize);
    }

    fn compute_view(&mut self) {
        let text = self.filter.trim().to_lowercase();
        if text.is_empty() {
            self.view = None;
            return;
        }
        let mut keep = vec![false; self.rows.len()];
        // The ancestors of a row are the rows above it with smaller depths: a stack.
        let mut stack: Vec<usize> = Vec::new();
        for (i, r) in self.rows.iter().enumerate() {
            while stack.last().is_some_and(|&s| self.rows[s].depth >= r.depth) {
                stack.pop();
            }
            if label(r).to_lowercase().contains(&text) {
                keep[i] = true;
                for &s in &stack {
                    keep[s] = true;
                }
            }
            stack.push(i);
        }
        self.view = Some(
            keep.iter()
                .enumerate()
                .filter(|(_, k)| **k)
                .map(|(i, _)| i as u32)
                .collect(),
        );
    }

    /// Shows what writes did: entries gone leave the tree (with what was below them), new
    /// ones appear under their parent when it is open; the selection stays where it was.
    pub fn written(&mut self, gone: &[String], new: &[String]) {
        let keep = self
            .index(self.selected)
            .map(|i| self.rows[i].node.dn.clone());
        use crate::syntax::dn::same_dn;
        for dn in gone.iter().chain(new) {
            // A tombstone brought back leaves Deleted Objects too.
            let is = |r: &TreeRow, same: &dyn Fn(&str, &str) -> bool| {
                same(&r.node.dn, dn) || self_back(&r.node).is_some_and(|b| same(&b, dn))
            };
            // The DN a write names is spelled as the row it came from: the text is compared
            // first, and DNs are parsed (every row, on a big tree) only when no row matches so.
            let hit = self
                .rows
                .iter()
                .position(|r| is(r, &|a, b| a.eq_ignore_ascii_case(b)))
                .or_else(|| self.rows.iter().position(|r| is(r, &same_dn)));
            if let Some(i) = hit {
                let end = self.subtree_end(i);
                self.rows.drain(i..end);
            }
        }
        for dn in new {
            let parent = crate::syntax::dn::split_rdn(dn).1;
            let Some(p) = self
                .rows
                .iter()
                .position(|r| r.expanded && same_dn(&r.node.dn, parent))
            else {
                continue;
            };
            let at = self.subtree_end(p);
            let depth = self.rows[p].depth + 1;
            self.rows.insert(
                at,
                TreeRow {
                    node: Node {
                        dn: dn.clone(),
                        kind: Kind::Other,
                        children: None,
                        deleted: None,
                    },
                    depth,
                    expanded: false,
                    cut: None,
                },
            );
        }
        self.refilter();
        match keep.and_then(|dn| self.rows.iter().position(|r| r.node.dn == dn)) {
            Some(i) => self.select_index(i),
            None => self.move_to(self.selected as isize),
        }
    }

    /// Starts showing the results of a search.
    pub fn start_results(&mut self, base: String, filter: String, subtree: bool) {
        self.results = Some(Results {
            base,
            filter,
            subtree,
            nodes: Vec::new(),
            selected: 0,
            done: None,
        });
    }

    /// The selected node is a tombstone: its GUID and the DN it would come back as.
    pub fn selected_tombstone(&self) -> Option<(String, String)> {
        let n = self.selected_node()?;
        let d = n.deleted.as_ref().filter(|_| n.kind == Kind::Tombstone)?;
        Some((d.guid.clone(), self_back(n)?))
    }
}

/// The DN a tombstone comes back as.
fn self_back(n: &Node) -> Option<String> {
    let d = n.deleted.as_ref()?;
    Some(crate::ldap::write::undelete::restored_dn(
        &n.dn, &d.name, &d.parent,
    ))
}

/// A change of one attribute as typed: `attr=value` replaces, `attr+=value` adds a value,
/// `attr-=value` removes one, `attr=` (nothing after) removes the attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttrEdit {
    /// Replace every value with this one.
    Set(String, String),
    /// Add a value.
    Add(String, String),
    /// Remove a value.
    Remove(String, String),
    /// Remove the attribute.
    Clear(String),
}

impl AttrEdit {
    /// Reads `attr=value`, `attr+=value`, `attr-=value` or `attr=`.
    pub fn parse(text: &str) -> Result<AttrEdit, String> {
        let Some(eq) = text.find('=') else {
            return Err("type attribute=value (+= adds a value, -= removes one, = alone removes the attribute)".into());
        };
        let (left, value) = (&text[..eq], &text[eq + 1..]);
        let (attr, op) = match left.strip_suffix('+') {
            Some(a) => (a, '+'),
            None => match left.strip_suffix('-') {
                Some(a) => (a, '-'),
                None => (left, '='),
            },
        };
        let attr = attr.trim();
        crate::syntax::attr::check_attribute_description(attr)
            .map_err(|e| format!("attribute {attr:?}: {e}"))?;
        let (a, v) = (attr.to_string(), value.to_string());
        Ok(match op {
            '+' if v.is_empty() => return Err(format!("{a}+= needs a value to add")),
            '-' if v.is_empty() => return Err(format!("{a}-= needs the value to remove")),
            '+' => AttrEdit::Add(a, v),
            '-' => AttrEdit::Remove(a, v),
            _ if v.is_empty() => AttrEdit::Clear(a),
            _ => AttrEdit::Set(a, v),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(dn: &str, children: Option<bool>) -> Node {
        Node {
            dn: dn.into(),
            kind: Kind::Container,
            children,
            deleted: None,
        }
    }

    fn tree() -> Tree {
        let mut t = Tree::new(&Provider::new("t"), None);
        t.set_roots(vec![node("dc=x", Some(true)), node("cn=config", None)]);
        t
    }

    #[test]
    fn children_stream_in_under_their_parent_and_are_sorted_when_done() {
        let mut t = tree();
        let loading = t.expand().expect("dc=x loads");
        assert_eq!(loading.dn, "dc=x");
        t.add_children(vec![node("ou=b,dc=x", Some(true))]);
        t.add_children(vec![node("ou=a,dc=x", Some(false))]);
        let dns: Vec<&str> = t.rows.iter().map(|r| r.node.dn.as_str()).collect();
        assert_eq!(dns, ["dc=x", "ou=b,dc=x", "ou=a,dc=x", "cn=config"]);
        t.children_done(None);
        let dns: Vec<&str> = t.rows.iter().map(|r| r.node.dn.as_str()).collect();
        assert_eq!(dns, ["dc=x", "ou=a,dc=x", "ou=b,dc=x", "cn=config"]);
        assert_eq!(label(&t.rows[1]), "ou=a");
        assert_eq!(t.rows[1].depth, 1);
        // A leaf does not expand.
        t.move_to(1);
        assert_eq!(t.expand(), None);
    }

    #[test]
    fn collapse_removes_the_descendants_and_h_goes_to_the_parent() {
        let mut t = tree();
        t.expand();
        t.add_children(vec![node("ou=a,dc=x", Some(true))]);
        t.children_done(None);
        t.move_to(1);
        t.expand();
        t.add_children(vec![node("uid=u,ou=a,dc=x", Some(false))]);
        // Collapsing the root while ou=a loads says so (the caller cancels the load).
        t.move_to(0);
        assert!(t.collapse());
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.loading, None);
        // h on a row that is not expanded selects its parent.
        t.expand();
        t.add_children(vec![node("ou=a,dc=x", None)]);
        t.children_done(None);
        t.move_to(1);
        assert!(!t.collapse());
        assert_eq!(t.selected, 0);
    }

    #[test]
    fn an_expansion_with_nothing_below_becomes_a_leaf_and_a_cut_is_kept() {
        let mut t = tree();
        t.move_to(1);
        t.expand();
        t.children_done(None);
        assert_eq!(t.rows[1].node.children, Some(false));
        assert!(!t.rows[1].expanded);
        t.move_to(0);
        t.expand();
        t.add_children(vec![node("ou=a,dc=x", None), node("ou=b,dc=x", None)]);
        t.children_done(Some(Cut::SizeLimit));
        assert_eq!(t.rows[0].cut, Some((Cut::SizeLimit, 2)));
    }

    #[test]
    fn the_quick_filter_keeps_the_path_to_each_match() {
        let mut t = tree();
        t.expand();
        t.add_children(vec![node("ou=people,dc=x", Some(true))]);
        t.children_done(None);
        t.move_to(1);
        t.expand();
        t.add_children(vec![
            node("uid=alice,ou=people,dc=x", Some(false)),
            node("uid=bob,ou=people,dc=x", Some(false)),
        ]);
        t.children_done(None);
        t.filter = "bob".into();
        t.refilter();
        let shown: Vec<&str> = (0..t.len())
            .filter_map(|p| t.row_at(p))
            .map(|r| r.node.dn.as_str())
            .collect();
        assert_eq!(shown, ["dc=x", "ou=people,dc=x", "uid=bob,ou=people,dc=x"]);
        t.filter.clear();
        t.refilter();
        assert_eq!(t.len(), 5);
    }

    #[test]
    fn writes_show_in_the_tree_without_reloading_it() {
        let mut t = tree();
        t.expand();
        t.add_children(vec![node("ou=a,dc=x", Some(true)), node("ou=b,dc=x", None)]);
        t.children_done(None);
        t.move_to(1);
        t.expand();
        t.add_children(vec![node("uid=u,ou=a,dc=x", Some(false))]);
        t.children_done(None);
        t.move_to(3); // ou=b
        // uid=u moves from ou=a to ou=b (closed: it is not shown there), ou=a is renamed.
        t.written(
            &["uid=u,ou=a,dc=x".into(), "ou=a,dc=x".into()],
            &["uid=u,ou=b,dc=x".into(), "ou=c,dc=x".into()],
        );
        let dns: Vec<&str> = t.rows.iter().map(|r| r.node.dn.as_str()).collect();
        assert_eq!(dns, ["dc=x", "ou=b,dc=x", "ou=c,dc=x", "cn=config"]);
        assert_eq!(
            t.row_at(t.selected).map(|r| r.node.dn.as_str()),
            Some("ou=b,dc=x")
        );
    }

    #[test]
    fn attribute_edits_read_as_typed() {
        assert_eq!(
            AttrEdit::parse("description=On call"),
            Ok(AttrEdit::Set("description".into(), "On call".into()))
        );
        assert_eq!(
            AttrEdit::parse("mail+=a=b@x"),
            Ok(AttrEdit::Add("mail".into(), "a=b@x".into()))
        );
        assert_eq!(
            AttrEdit::parse("mail-=old@x"),
            Ok(AttrEdit::Remove("mail".into(), "old@x".into()))
        );
        assert_eq!(
            AttrEdit::parse("description="),
            Ok(AttrEdit::Clear("description".into()))
        );
        assert!(AttrEdit::parse("no equals").is_err());
        assert!(AttrEdit::parse("bad name=x").is_err());
        assert!(AttrEdit::parse("mail+=").is_err());
    }
}
