//! The filter builder (`f` in the browser): a structured filter edited as rows, a raw
//! RFC 4515 filter, or a named one; the compiled LDAP filter is always shown.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::app::input::{input, text_of};
use crate::config::Provider;
use crate::syntax::filter::{Filter, parse_filter};
use crate::syntax::structured::{Criterion, Mode, Operation, StructuredFilter};

/// Which kind of filter is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Criteria rows (Netaxis structured filter).
    Structured,
    /// A raw RFC 4515 filter.
    Raw,
    /// A filter from `[provider.custom_filters]`.
    Named,
}

/// One criterion row.
#[derive(Debug, Clone)]
pub struct CriterionRow {
    /// Mapped name or LDAP attribute.
    pub attribute: TextArea<'static>,
    /// Index into `Operation::ALL`.
    pub op: usize,
    /// The value.
    pub value: TextArea<'static>,
}

impl CriterionRow {
    fn new() -> CriterionRow {
        CriterionRow {
            attribute: input(false),
            op: 0,
            value: input(false),
        }
    }
}

/// A focusable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The kind choice.
    Kind,
    /// and / or.
    Mode,
    /// A row's attribute.
    Attribute(usize),
    /// A row's operation.
    Operation(usize),
    /// A row's value.
    Value(usize),
    /// The raw filter.
    Raw,
    /// The named filter choice.
    Named,
}

/// The builder's state.
#[derive(Debug, Clone)]
pub struct FilterBuilder {
    provider: Provider,
    /// The kind edited.
    pub kind: Kind,
    /// Criteria are OR-ed (else AND-ed).
    pub or: bool,
    /// Criteria rows.
    pub rows: Vec<CriterionRow>,
    /// The raw filter.
    pub raw: TextArea<'static>,
    /// Names of the provider's custom filters.
    pub named: Vec<String>,
    /// The chosen one.
    pub named_sel: usize,
    /// Focused field.
    pub focus: usize,
    /// The extra filter (without user_filter), or why it is not valid.
    pub extra: Result<Option<String>, String>,
    /// The full filter the listing will use.
    pub compiled: Result<String, String>,
    /// Its title.
    pub title: String,
    /// The filter is sent alone (a search in the tree), not ANDed with the user filter.
    pub alone: bool,
}

impl FilterBuilder {
    /// A builder for `p`, starting from the filter applied now (shown as raw).
    pub fn new(p: &Provider, applied: Option<&str>) -> FilterBuilder {
        let mut raw = input(false);
        let kind = match applied {
            Some(f) => {
                raw.insert_str(f);
                Kind::Raw
            }
            None => Kind::Structured,
        };
        let mut b = FilterBuilder {
            provider: p.clone(),
            kind,
            or: false,
            rows: vec![CriterionRow::new()],
            raw,
            named: p.custom_filters.keys().cloned().collect(),
            named_sel: 0,
            focus: 0,
            extra: Ok(None),
            compiled: Ok(String::new()),
            title: "Filter the users".into(),
            alone: false,
        };
        b.refresh();
        b
    }

    /// A builder for a search of the tree from `base`: the filter goes alone.
    pub fn search(p: &Provider, base: &str, subtree: bool) -> FilterBuilder {
        let mut b = FilterBuilder::new(p, None);
        let scope = if subtree {
            "the subtree of"
        } else {
            "one level below"
        };
        b.title = format!("Search {scope} {base}");
        b.alone = true;
        b.refresh();
        b
    }

    /// The focusable fields of the current kind, in order.
    pub fn fields(&self) -> Vec<Field> {
        let mut v = vec![Field::Kind];
        match self.kind {
            Kind::Structured => {
                v.push(Field::Mode);
                for i in 0..self.rows.len() {
                    v.extend([Field::Attribute(i), Field::Operation(i), Field::Value(i)]);
                }
            }
            Kind::Raw => v.push(Field::Raw),
            Kind::Named => v.push(Field::Named),
        }
        v
    }

    /// The focused field.
    pub fn focused(&self) -> Field {
        let f = self.fields();
        f.get(self.focus.min(f.len() - 1))
            .copied()
            .unwrap_or(Field::Kind)
    }

    /// Moves the focus.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields().len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        self.refresh();
    }

    /// Space/←/→ on a choice.
    pub fn cycle(&mut self, key: &KeyEvent) -> bool {
        let back = key.code == KeyCode::Left;
        let step = |i: usize, n: usize| if back { (i + n - 1) % n } else { (i + 1) % n };
        match self.focused() {
            Field::Kind => {
                self.kind = match (self.kind, back) {
                    (Kind::Structured, false) | (Kind::Named, true) => Kind::Raw,
                    (Kind::Raw, false) | (Kind::Structured, true) => Kind::Named,
                    (Kind::Named, false) | (Kind::Raw, true) => Kind::Structured,
                };
            }
            Field::Mode => self.or = !self.or,
            Field::Operation(i) => {
                if let Some(r) = self.rows.get_mut(i) {
                    r.op = step(r.op, Operation::ALL.len());
                }
            }
            Field::Named if !self.named.is_empty() => {
                self.named_sel = step(self.named_sel, self.named.len())
            }
            _ => return false,
        }
        self.refresh();
        true
    }

    /// Adds a criterion after the focused one (Ctrl-N).
    pub fn add_row(&mut self) {
        if self.kind != Kind::Structured {
            return;
        }
        self.rows.push(CriterionRow::new());
        self.focus = self.fields().len() - 3;
        self.refresh();
    }

    /// Removes the focused criterion (Ctrl-D); one row always stays.
    pub fn remove_row(&mut self) {
        let i = match self.focused() {
            Field::Attribute(i) | Field::Operation(i) | Field::Value(i) => i,
            _ => return,
        };
        if self.rows.len() > 1 {
            self.rows.remove(i);
        } else {
            self.rows[0] = CriterionRow::new();
        }
        self.focus = self.focus.min(self.fields().len() - 1);
        self.refresh();
    }

    /// Text typed into the focused text field.
    pub fn input(&mut self, key: KeyEvent) {
        let t = match self.focused() {
            Field::Attribute(i) => self.rows.get_mut(i).map(|r| &mut r.attribute),
            Field::Value(i) => self.rows.get_mut(i).map(|r| &mut r.value),
            Field::Raw => Some(&mut self.raw),
            _ => None,
        };
        if let Some(t) = t
            && key.code != KeyCode::Enter
        {
            super::line_edit::textarea(t, key);
            self.refresh();
        }
    }

    fn extra_filter(&self) -> Result<Option<Filter>, String> {
        match self.kind {
            Kind::Structured => {
                let criteria: Vec<Criterion> = self
                    .rows
                    .iter()
                    .filter(|r| !text_of(&r.attribute).trim().is_empty())
                    .map(|r| Criterion {
                        attribute: text_of(&r.attribute).trim().to_string(),
                        operation: Operation::ALL[r.op],
                        value: Some(text_of(&r.value)).filter(|v| !v.is_empty()),
                    })
                    .collect();
                if criteria.is_empty() {
                    return Ok(None);
                }
                let s = StructuredFilter {
                    mode: if self.or { Mode::Or } else { Mode::And },
                    criteria,
                };
                s.compile(&|n| self.provider.attribute(n).map(str::to_string))
                    .map(Some)
            }
            Kind::Raw => {
                let text = text_of(&self.raw);
                if text.trim().is_empty() {
                    return Ok(None);
                }
                parse_filter(&text).map(Some).map_err(|e| e.to_string())
            }
            Kind::Named => {
                let Some(name) = self.named.get(self.named_sel) else {
                    return Err("this provider has no [provider.custom_filters]".into());
                };
                let text = self
                    .provider
                    .custom_filters
                    .get(name)
                    .cloned()
                    .unwrap_or_default();
                parse_filter(&text)
                    .map(Some)
                    .map_err(|e| format!("custom filter {name}: {e}"))
            }
        }
    }

    /// Recompiles after any change and styles the cursor of the focused field.
    pub fn refresh(&mut self) {
        let extra = self.extra_filter();
        self.compiled = extra.clone().and_then(|e| match (self.alone, e) {
            (true, Some(f)) => Ok(f.to_string()),
            (true, None) => Ok("(objectClass=*)".into()),
            (false, e) => self
                .provider
                .listing_filter(e.as_ref())
                .map(|f| f.to_string()),
        });
        self.extra = extra.map(|e| e.map(|f| f.to_string()));
        let focused = self.focused();
        let on = Style::default().add_modifier(Modifier::REVERSED);
        let style = |f: Field| if f == focused { on } else { Style::default() };
        for (i, r) in self.rows.iter_mut().enumerate() {
            r.attribute.set_cursor_style(style(Field::Attribute(i)));
            r.value.set_cursor_style(style(Field::Value(i)));
        }
        self.raw.set_cursor_style(style(Field::Raw));
    }
}
