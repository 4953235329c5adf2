//! The provider list: quick filter, sort order and selection, over the providers as loaded.

use std::collections::HashMap;

use crate::config::{Provider, query};

/// The sort orders `s` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By display name.
    #[default]
    Name,
    /// By slug.
    Slug,
    /// By server type, then name.
    Type,
    /// Failed last tests first, then untested, then passed.
    LastTest,
}

impl SortKey {
    /// The next order.
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Slug,
            SortKey::Slug => SortKey::Type,
            SortKey::Type => SortKey::LastTest,
            SortKey::LastTest => SortKey::Name,
        }
    }

    /// Words for the header.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Slug => "slug",
            SortKey::Type => "type",
            SortKey::LastTest => "last test",
        }
    }
}

/// The last test of a provider in this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTest {
    /// No step failed.
    pub ok: bool,
    /// The failing step's cause code.
    pub cause: Option<String>,
    /// When it ended, HH:MM:SS.
    pub at: String,
}

/// Selection, filter and order of the list.
#[derive(Debug, Clone, Default)]
pub struct ProviderList {
    /// Row selected among the visible rows.
    pub selected: usize,
    /// Quick filter text.
    pub filter: String,
    /// Sort order.
    pub sort: SortKey,
}

impl ProviderList {
    /// Indices into `all` of the rows shown, filtered and sorted.
    pub fn visible(&self, all: &[Provider], results: &HashMap<String, LastTest>) -> Vec<usize> {
        let f = self.filter.trim();
        let mut rows: Vec<usize> = (0..all.len())
            .filter(|i| f.is_empty() || query::matches(&all[*i], f).unwrap_or(false))
            .collect();
        let rank = |p: &Provider| match results.get(&p.slug) {
            Some(r) if !r.ok => 0,
            None => 1,
            Some(_) => 2,
        };
        rows.sort_by(|a, b| {
            let (pa, pb) = (&all[*a], &all[*b]);
            let name = |p: &Provider| p.display_name().to_lowercase();
            match self.sort {
                SortKey::Name => name(pa).cmp(&name(pb)),
                SortKey::Slug => pa.slug.cmp(&pb.slug),
                SortKey::Type => {
                    (pa.server_type.as_str(), name(pa)).cmp(&(pb.server_type.as_str(), name(pb)))
                }
                SortKey::LastTest => (rank(pa), name(pa)).cmp(&(rank(pb), name(pb))),
            }
        });
        rows
    }

    /// The selected provider's index into `all`.
    pub fn current(&self, all: &[Provider], results: &HashMap<String, LastTest>) -> Option<usize> {
        self.visible(all, results).get(self.selected).copied()
    }

    /// Moves the selection, staying within the rows.
    pub fn move_to(&mut self, row: isize, all: &[Provider], results: &HashMap<String, LastTest>) {
        let n = self.visible(all, results).len() as isize;
        self.selected = row.clamp(0, (n - 1).max(0)) as usize;
    }

    /// Selects the provider with this slug, if visible.
    pub fn select_slug(
        &mut self,
        slug: &str,
        all: &[Provider],
        results: &HashMap<String, LastTest>,
    ) {
        if let Some(row) = self
            .visible(all, results)
            .iter()
            .position(|i| all[*i].slug == slug)
        {
            self.selected = row;
        }
    }
}
