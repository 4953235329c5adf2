//! The schema view (`i` on an entry): object classes and attribute types from the subschema
//! entry, searchable by name or OID; a class with its MUST and MAY resolved through SUP
//! chains and DIT content rules, an attribute with its syntax, rules and flags. Opened from
//! an entry, that entry's classes come first.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Layer, Reply};
use crate::app::App;
use crate::app::action::{JobEvent, JobId};
use crate::app::effect::Effect;
use crate::app::keymap::{Command, Context};
use crate::config::{Provider, Secret};
use crate::ldap::read::schema_view::{Read, describe};
use crate::ui::kit::{Theme, spinner};

/// Rows moved by a page key.
const PAGE: isize = 20;

/// Which names are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Classes and attributes.
    Both,
    /// Object classes only.
    Classes,
    /// Attribute types only.
    Attributes,
}

/// The schema view's state.
#[derive(Debug, Clone)]
pub struct SchemaView {
    /// The provider.
    pub provider: String,
    /// The entry it was opened from.
    pub dn: Option<String>,
    /// The job reading the schema.
    pub job: Option<JobId>,
    /// The schema, once read.
    pub read: Option<Read>,
    /// Every name: (is a class, name), the entry's classes first.
    pub names: Vec<(bool, String)>,
    /// Positions of `names` shown.
    pub view: Vec<usize>,
    /// The selected position.
    pub selected: usize,
    /// The search.
    pub filter: String,
    /// Typing the search.
    pub filtering: bool,
    /// Which names.
    pub show: Show,
    /// Why it could not be read.
    pub error: Option<String>,
}

impl SchemaView {
    /// Opens the view and starts reading the schema (and the classes of `dn`).
    pub fn open(app: &mut App, p: Provider, pw: Option<Secret>, dn: Option<String>) -> Vec<Effect> {
        let job = app.job();
        app.push(SchemaView {
            provider: p.slug.clone(),
            dn: dn.clone(),
            job: Some(job),
            read: None,
            names: Vec::new(),
            view: Vec::new(),
            selected: 0,
            filter: String::new(),
            filtering: false,
            show: Show::Both,
            error: None,
        });
        vec![Effect::LoadSchema {
            job,
            provider: Box::new(p),
            password: pw,
            dn,
        }]
    }

    /// The schema arrived: the names, the entry's classes first.
    pub fn set(&mut self, read: Read) {
        let (classes, attrs) = crate::ldap::read::schema_view::names(&read.defs);
        let own: Vec<String> = read
            .classes
            .iter()
            .filter(|c| classes.iter().any(|k| k.eq_ignore_ascii_case(c)))
            .cloned()
            .collect();
        let mut names: Vec<(bool, String)> = own.iter().map(|c| (true, c.clone())).collect();
        names.extend(
            classes
                .into_iter()
                .filter(|c| !own.iter().any(|o| o.eq_ignore_ascii_case(c)))
                .map(|c| (true, c)),
        );
        names.extend(attrs.into_iter().map(|a| (false, a)));
        self.names = names;
        self.read = Some(read);
        self.refilter();
    }

    /// Recomputes the names shown.
    pub fn refilter(&mut self) {
        let text = self.filter.trim().to_lowercase();
        let oid_hit = |name: &str| {
            let Some(r) = &self.read else { return false };
            describe(&r.defs, &r.schema, name).is_some_and(|d| d.oid.to_lowercase().contains(&text))
        };
        self.view = self
            .names
            .iter()
            .enumerate()
            .filter(|(_, (class, _))| match self.show {
                Show::Both => true,
                Show::Classes => *class,
                Show::Attributes => !*class,
            })
            .filter(|(_, (_, n))| {
                text.is_empty()
                    || n.to_lowercase().contains(&text)
                    || (text.starts_with(|c: char| c.is_ascii_digit()) && oid_hit(n))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.view.len().saturating_sub(1));
    }

    /// The name selected.
    pub fn selected_name(&self) -> Option<&str> {
        let i = *self.view.get(self.selected)?;
        self.names.get(i).map(|(_, n)| n.as_str())
    }

    fn is_own(&self, name: &str) -> bool {
        self.read
            .as_ref()
            .is_some_and(|r| r.classes.iter().any(|c| c.eq_ignore_ascii_case(name)))
    }

    fn detail(&self, th: &Theme) -> Vec<Line<'static>> {
        let (Some(r), Some(name)) = (&self.read, self.selected_name()) else {
            return Vec::new();
        };
        let Some(d) = describe(&r.defs, &r.schema, name) else {
            return Vec::new();
        };
        // Definitions come from the server: shown with control characters made visible.
        let shown = |s: String| crate::text::one_line(&s).into_owned();
        let mut lines = vec![Line::styled(
            shown(format!(
                "{} {} ({})",
                d.kind.replace('_', " "),
                d.names.join(" | "),
                d.oid
            )),
            th.title,
        )];
        for (k, v) in &d.fields {
            lines.push(Line::from(vec![
                Span::styled(shown(format!("{k:<22}")), th.key),
                Span::raw(shown(v.join(" "))),
            ]));
        }
        if let (Some(must), Some(may)) = (&d.must_all, &d.may_all) {
            lines.push(Line::raw(""));
            lines.push(Line::styled("with SUP and content rules:", th.dim));
            lines.push(Line::from(vec![
                Span::styled(format!("{:<22}", "must"), th.key),
                Span::raw(shown(must.join(", "))),
            ]));
            lines.push(Line::from(vec![
                Span::styled(format!("{:<22}", "may"), th.key),
                Span::raw(shown(may.join(", "))),
            ]));
        }
        lines
    }
}

impl Layer for SchemaView {
    fn context(&self) -> Context {
        if self.filtering {
            Context::SchemaFilter
        } else {
            Context::Schema
        }
    }

    crate::layer_job!();

    fn on_key(&mut self, cmd: Option<Command>, key: KeyEvent, _app: &mut App) -> Reply {
        if self.filtering {
            match cmd {
                Some(Command::Submit) => self.filtering = false,
                Some(Command::Back) => {
                    self.filtering = false;
                    self.filter.clear();
                    self.refilter();
                }
                // Typing and readline's editing keys alike; a typed letter starts from the
                // best match again.
                _ => {
                    let before = self.filter.len();
                    if crate::app::line_edit::edit(&mut self.filter, &key) {
                        if self.filter.len() > before {
                            self.selected = 0;
                        }
                        self.refilter();
                    }
                }
            }
            return Reply::stay();
        }
        let n = self.view.len() as isize;
        let at = |p: isize| p.clamp(0, (n - 1).max(0)) as usize;
        let pos = self.selected as isize;
        match cmd {
            Some(Command::Down) => self.selected = at(pos + 1),
            Some(Command::Up) => self.selected = at(pos - 1),
            Some(Command::PageDown) => self.selected = at(pos + PAGE),
            Some(Command::PageUp) => self.selected = at(pos - PAGE),
            Some(Command::Top) => self.selected = 0,
            Some(Command::Bottom) => self.selected = at(n),
            Some(Command::Filter) => self.filtering = true,
            Some(Command::Cycle) => {
                self.show = match self.show {
                    Show::Both => Show::Classes,
                    Show::Classes => Show::Attributes,
                    Show::Attributes => Show::Both,
                };
                self.selected = 0;
                self.refilter();
            }
            Some(Command::Back) => return Reply::close_cancelling(self.job),
            _ => {}
        }
        Reply::stay()
    }

    fn on_job(&mut self, _id: JobId, ev: JobEvent, _app: &mut App) -> Reply {
        self.job = None;
        match ev {
            JobEvent::Schema(r) => self.set(*r),
            JobEvent::Failed(msg) => self.error = Some(msg),
            _ => {}
        }
        Reply::stay()
    }

    fn full_screen(&self) -> bool {
        true
    }

    fn draw(&self, f: &mut Frame, area: Rect, app: &App, th: &Theme) {
        let what = match self.show {
            Show::Both => "classes and attributes",
            Show::Classes => "object classes",
            Show::Attributes => "attribute types",
        };
        let mut title = vec![Span::styled(
            format!(" {} › schema ", self.provider),
            th.title,
        )];
        if let Some(dn) = &self.dn {
            title.push(Span::styled(format!("of {dn} "), th.title));
        }
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Line::from(title))
            .border_style(th.title);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [top, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        let status = if let Some(e) = &self.error {
            Line::styled(e.clone(), th.fail)
        } else if self.job.is_some() {
            Line::raw(format!("{} reading the schema…", spinner(app.spinner)))
        } else {
            let search = if self.filtering || !self.filter.is_empty() {
                format!(
                    "  search: {}{}",
                    self.filter,
                    if self.filtering { "▏" } else { "" }
                )
            } else {
                String::new()
            };
            Line::styled(
                format!("{} of {} {what}{search}", self.view.len(), self.names.len()),
                th.dim,
            )
        };
        f.render_widget(Paragraph::new(status), top);
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(35), Constraint::Min(10)]).areas(body);
        let h = list.height as usize;
        let off = self.selected.saturating_sub(h.saturating_sub(1));
        let lines: Vec<Line> = self
            .view
            .iter()
            .enumerate()
            .skip(off)
            .take(h)
            .filter_map(|(pos, i)| {
                let (class, name) = self.names.get(*i)?;
                let mark = if *class && self.is_own(name) {
                    "★ "
                } else if *class {
                    "◆ "
                } else {
                    "· "
                };
                let style = if pos == self.selected {
                    th.selected
                } else {
                    Default::default()
                };
                Some(
                    Line::from(vec![Span::styled(mark, th.key), Span::raw(name.clone())])
                        .style(style),
                )
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list);
        f.render_widget(
            Paragraph::new(self.detail(th))
                .wrap(Wrap { trim: false })
                .block(Block::default().borders(Borders::LEFT).border_style(th.dim)),
            detail,
        );
    }

    crate::layer_any!();
}
