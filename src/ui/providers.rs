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
    // Tags get a column only when there is room; the URL and the last test come first.
    let wide = area.width >= 110;
    let selected = app.list.selected.min(rows_idx.len().saturating_sub(1));
    let offset = selected.saturating_sub(inner_h.saturating_sub(1));
    let rows: Vec<Row> = rows_idx
        .iter()
        .enumerate()
        .skip(offset)
        .take(inner_h.max(1))
        .map(|(_, i)| {
            let p = &app.providers[*i];
            let (mark, mark_style, last) = match app.results.get(&p.slug) {
                Some(r) if r.ok => ("✓", th.ok, format!("ok {}", r.at)),
                Some(r) => (
                    "✗",
                    th.fail,
                    format!("{} {}", r.cause.as_deref().unwrap_or("failed"), r.at),
                ),
                None => ("·", th.dim, String::new()),
            };
            let mut flags = Vec::new();
            if !p.enabled {
                flags.push("off");
            }
            if p.read_only {
                flags.push("RO");
            }
            if !p.tls_verify {
                flags.push("!TLS");
            }
            let style = if p.enabled { Style::default() } else { th.dim };
            let url = match p.urls.len() {
                0 => String::new(),
                1 => p.urls[0].clone(),
                n => format!("{} +{}", p.urls[0], n - 1),
            };
            let name = ratatui::text::Line::from(vec![
                Span::raw(p.display_name().to_string()),
                Span::styled(
                    if flags.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", flags.join(" "))
                    },
                    if p.tls_verify { th.dim } else { th.warn },
                ),
            ]);
            let mut cells = vec![
                Cell::from(Span::styled(mark, mark_style)),
                Cell::from(name),
                Cell::from(p.slug.clone()),
                Cell::from(short_type(p.server_type.as_str()).to_string()),
                Cell::from(url),
                Cell::from(Span::styled(last, mark_style)),
            ];
            if wide {
                cells.push(Cell::from(p.tags.join(",")));
            }
            Row::new(cells).style(style)
        })
        .collect();
    let mut titles = vec!["", "NAME", "SLUG", "TYPE", "URL", "LAST TEST"];
    if wide {
        titles.push("TAGS");
    }
    let header = Row::new(titles).style(th.dim);
    // Columns as wide as their content (capped), so the URL gets the rest.
    let width = |f: &dyn Fn(&crate::config::Provider) -> usize, cap: usize, min: usize| {
        let w = rows_idx
            .iter()
            .map(|i| f(&app.providers[*i]))
            .max()
            .unwrap_or(0);
        Constraint::Length(w.clamp(min, cap) as u16)
    };
    let last_w = rows_idx
        .iter()
        .filter_map(|i| app.results.get(&app.providers[*i].slug))
        .map(|r| r.cause.as_deref().unwrap_or("ok").len() + 10)
        .max()
        .unwrap_or(0);
    let flags_w = |p: &crate::config::Provider| {
        usize::from(!p.enabled) * 4 + usize::from(p.read_only) * 3 + usize::from(!p.tls_verify) * 5
    };
    let mut widths = vec![
        Constraint::Length(1),
        width(&|p| p.display_name().chars().count() + flags_w(p), 24, 4),
        width(&|p| p.slug.len(), 16, 4),
        Constraint::Length(8),
        Constraint::Min(16),
        Constraint::Length(last_w.clamp(9, 30) as u16),
    ];
    if wide {
        widths.push(width(&|p| p.tags.join(",").chars().count(), 20, 4));
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
