//! The provider list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};

use super::theme::Theme;
use crate::app::App;

fn short_type(t: &str) -> &str {
    match t {
        "active_directory" => "ad",
        "free_ipa" => "ipa",
        other => other,
    }
}

fn flags(p: &crate::config::Provider) -> String {
    let mut f = Vec::new();
    if !p.enabled {
        f.push("off");
    }
    if p.read_only {
        f.push("RO");
    }
    if !p.tls_verify {
        f.push("!TLS");
    }
    f.join(" ")
}

fn url(p: &crate::config::Provider) -> String {
    match p.urls.len() {
        0 => String::new(),
        1 => p.urls[0].clone(),
        n => format!("{} +{}", p.urls[0], n - 1),
    }
}

/// Column widths shared by content: the slug, type, flags and last test are never cut, the
/// URL keeps its scheme://host:port, the name is cut last (with …), tags only when they fit.
struct Widths {
    name: usize,
    slug: usize,
    kind: usize,
    flags: usize,
    url: usize,
    last: usize,
    tags: usize,
}

impl Widths {
    fn of(shown: &[&crate::config::Provider], app: &App, avail: usize) -> Widths {
        let max = |f: &dyn Fn(&crate::config::Provider) -> usize, min: usize| {
            shown.iter().map(|p| f(p)).max().unwrap_or(0).max(min)
        };
        let slug = max(&|p| p.slug.chars().count(), 4);
        let kind = max(&|p| short_type(p.server_type.as_str()).len(), 4);
        let any_flags = shown.iter().any(|p| !flags(p).is_empty());
        let flags_w = if any_flags {
            max(&|p| flags(p).len(), 5)
        } else {
            0
        };
        let last_full = shown
            .iter()
            .filter_map(|p| app.results.get(&p.slug))
            .map(|r| r.cause.as_deref().unwrap_or("ok").len() + 10)
            .max()
            .unwrap_or(0)
            .clamp(9, 30);
        let last = last_full;
        let url_full = max(&|p| url(p).chars().count(), 3);
        // What no row may lose: scheme://host:port of every first URL.
        let url_min = max(
            &|p| {
                let u = p.urls.first().map(String::as_str).unwrap_or("");
                let after = u.find("://").map_or(0, |i| i + 3);
                u[after..]
                    .find('/')
                    .map_or(u.chars().count(), |i| after + i)
            },
            3,
        )
        .min(url_full);
        // Room for the … after host:port when the rest is cut.
        let url_min = if url_full > url_min {
            url_min + 1
        } else {
            url_min
        };
        let name_full = max(&|p| p.display_name().chars().count(), 4);
        let cols = 6 + usize::from(any_flags);
        let mut last = last;
        let fixed_without_last = 1 + slug + kind + flags_w + (cols - 1);
        // At 80 columns something must give: the last test's time goes before host:port or
        // the slug (its cause stays), then the name down to 4 characters.
        let needed = fixed_without_last + last + url_min + 4;
        if needed > avail {
            last = last.saturating_sub(needed - avail).max(9);
        }
        let fixed = fixed_without_last + last;
        let room = avail.saturating_sub(fixed);
        let url = url_full.min(room.saturating_sub(4)).max(url_min);
        let name = room.saturating_sub(url).clamp(4, name_full);
        // Tags only with room to spare after everything else is whole.
        let tags_full = max(&|p| p.tags.join(",").chars().count(), 4).min(20);
        let spare = room.saturating_sub(url + name + 1);
        let tags = if url == url_full
            && name == name_full
            && spare >= tags_full
            && shown.iter().any(|p| !p.tags.is_empty())
        {
            tags_full
        } else {
            0
        };
        Widths {
            name,
            slug,
            kind,
            flags: flags_w,
            url,
            last,
            tags,
        }
    }
}

/// Draws the list; only the rows in view are built.
pub fn draw(f: &mut Frame, area: Rect, app: &App, th: &Theme, focused: bool) {
    let rows_idx = app.list.visible(&app.providers, &app.results);
    let filter = if app.list.filter.is_empty() && !app.filtering {
        String::new()
    } else {
        format!(
            " /{}{} ",
            app.list.filter,
            if app.filtering { "▏" } else { "" }
        )
    };
    let title = format!(
        " Providers ({}{}) sorted by {} {filter}",
        rows_idx.len(),
        if rows_idx.len() == app.providers.len() {
            String::new()
        } else {
            format!(" of {}", app.providers.len())
        },
        app.list.sort.label()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, th.title))
        .border_style(if focused { th.title } else { th.dim });
    let inner_h = area.height.saturating_sub(3) as usize;
    let selected = app.list.selected.min(rows_idx.len().saturating_sub(1));
    let offset = selected.saturating_sub(inner_h.saturating_sub(1));
    let shown: Vec<&crate::config::Provider> =
        rows_idx.iter().map(|i| &app.providers[*i]).collect();
    let w = Widths::of(&shown, app, area.width.saturating_sub(2) as usize);
    let rows: Vec<Row> = shown
        .iter()
        .skip(offset)
        .take(inner_h.max(1))
        .map(|p| {
            let (mark, mark_style, last) = match app.results.get(&p.slug) {
                Some(r) if r.ok => ("✓", th.ok, format!("ok {}", r.at)),
                Some(r) => (
                    "✗",
                    th.fail,
                    format!("{} {}", r.cause.as_deref().unwrap_or("failed"), r.at),
                ),
                None => ("·", th.dim, String::new()),
            };
            let style = if p.enabled { Style::default() } else { th.dim };
            let cut = |s: &str, n: usize| crate::text::cut(s, n).into_owned();
            let mut cells = vec![
                Cell::from(Span::styled(mark, mark_style)),
                Cell::from(cut(p.display_name(), w.name)),
                Cell::from(p.slug.clone()),
                Cell::from(short_type(p.server_type.as_str()).to_string()),
            ];
            if w.flags > 0 {
                cells.push(Cell::from(Span::styled(
                    flags(p),
                    if p.tls_verify { th.dim } else { th.warn },
                )));
            }
            cells.push(Cell::from(cut(&url(p), w.url)));
            // Too narrow for cause and time: the cause alone (it is what tells rows apart).
            let last = if last.chars().count() > w.last {
                last.split(' ').next().unwrap_or("").to_string()
            } else {
                last
            };
            cells.push(Cell::from(Span::styled(cut(&last, w.last), mark_style)));
            if w.tags > 0 {
                cells.push(Cell::from(cut(&p.tags.join(","), w.tags)));
            }
            Row::new(cells).style(style)
        })
        .collect();
    let mut titles = vec!["", "NAME", "SLUG", "TYPE"];
    if w.flags > 0 {
        titles.push("FLAGS");
    }
    titles.extend(["URL", "LAST TEST"]);
    if w.tags > 0 {
        titles.push("TAGS");
    }
    let header = Row::new(titles).style(th.dim);
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(w.name as u16),
        Constraint::Length(w.slug as u16),
        Constraint::Length(w.kind as u16),
    ];
    if w.flags > 0 {
        widths.push(Constraint::Length(w.flags as u16));
    }
    widths.extend([
        Constraint::Length(w.url as u16),
        Constraint::Length(w.last as u16),
    ]);
    if w.tags > 0 {
        widths.push(Constraint::Length(w.tags as u16));
    }
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(if focused { th.selected } else { th.dim });
    let mut state = TableState::default();
    if !rows_idx.is_empty() {
        state.select(Some(selected - offset));
    }
    f.render_stateful_widget(table, area, &mut state);
    if app.providers.is_empty() {
        let msg = ratatui::widgets::Paragraph::new(
            "No providers yet. Press a to add one, or run: ldapdeck providers import FILE.json",
        )
        .style(th.dim);
        let r = Rect {
            x: area.x + 2,
            y: area.y + 2,
            width: area.width.saturating_sub(4),
            height: 1,
        };
        f.render_widget(msg, r);
    }
}
