//! What the user list shows of the loaded rows: the quick filter (fuzzy and ranked, or
//! substring) and the sort, kept as indices into `rows` so 100,000 rows are never copied.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{Browser, Level};

impl Browser {
    /// Reverses the sort (sorting by id first when nothing is sorted yet).
    pub fn reverse_sort(&mut self) {
        if self.sort.is_none() {
            self.sort = Some(0);
        }
        self.sort_desc = !self.sort_desc;
        self.refilter(None);
    }

    /// Cycles the sort column and re-sorts.
    pub fn cycle_sort(&mut self) {
        self.sort = match self.sort {
            None => Some(0),
            Some(c) if c < self.columns.len() => Some(c + 1),
            Some(_) => None,
        };
        self.refilter(None);
    }

    /// Recomputes the view after the filter changed from `previous`.
    ///
    /// When the new text extends the old one, only the previous matches are searched again,
    /// so each keystroke costs less than the one before.
    pub fn refilter(&mut self, previous: Option<&str>) {
        let text = self.filter.trim().to_lowercase();
        let narrowing =
            previous.is_some_and(|p| !p.is_empty() && text.starts_with(&p.trim().to_lowercase()));
        let candidates: Vec<u32> = if narrowing {
            std::mem::take(&mut self.view)
        } else {
            (0..self.rows.len() as u32).collect()
        };
        self.view = if text.is_empty() {
            candidates
        } else if self.substring {
            candidates
                .into_iter()
                .filter(|i| self.rows[*i as usize].hay.to_lowercase().contains(&text))
                .collect()
        } else {
            let pattern = Pattern::parse(&text, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            // Ranked, best first: an exact id, then an id that starts with the text, then by
            // the fuzzy score (the exact hit is never buried among thousands of near ones).
            let mut scored: Vec<(u32, u32)> = candidates
                .into_iter()
                .filter_map(|i| {
                    let r = &self.rows[i as usize];
                    let s = pattern.score(Utf32Str::new(&r.hay, &mut buf), &mut matcher)?;
                    let id = r.id.to_lowercase();
                    let boost = if id == text {
                        2 << 24
                    } else if id.starts_with(&text) {
                        1 << 24
                    } else {
                        0
                    };
                    Some((i, s.saturating_add(boost)))
                })
                .collect();
            scored.sort_by_key(|s| std::cmp::Reverse(s.1));
            scored.into_iter().map(|(i, _)| i).collect()
        };
        if let Some(col) = self.sort {
            let rows = &self.rows;
            let key = |i: &u32| -> String {
                let r = &rows[*i as usize];
                if col == 0 {
                    r.id.to_lowercase()
                } else {
                    r.cells
                        .get(col - 1)
                        .map(|c| c.to_lowercase())
                        .unwrap_or_default()
                }
            };
            self.view.sort_by_cached_key(key);
            if self.sort_desc {
                self.view.reverse();
            }
        }
        if self.level == Level::Users {
            self.move_to(self.selected as isize);
        }
    }
}
