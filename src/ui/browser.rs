//! The directory browser: breadcrumbs, the current level's list, progress, the entry.
//! Only the rows in view are built, whatever the number loaded.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use super::kit::thousands;
use super::theme::Theme;
use crate::app::browser::{Browser, Level};

/// Draws the browser in `area`.
pub fn draw(f: &mut Frame, area: Rect, b: &Browser, spinner: usize, th: &Theme) {
    let mut crumbs = vec![Span::styled(format!(" {} ", b.provider.slug), th.title)];
    if b.opened_at.is_some() {
        crumbs.push(Span::styled("› directory ", th.title));
    }
    for part in [
        b.tenant.as_deref(),
        b.group.as_deref().or(
            if b.level >= Level::Users && b.top() == Level::Groups && b.opened_at.is_none() {
                Some("all users")
            } else {
                None
            },
        ),
    ]
    .into_iter()
    .flatten()
    {
        crumbs.push(Span::styled(format!("› {part} "), th.title));
    }
    if !b.picked.is_empty() {
        crumbs.push(Span::styled(
            format!("· {} picked ", b.picked.len()),
            th.warn,
        ));
    }
    if b.nested && b.group.is_some() && b.level >= Level::Users {
        crumbs.push(Span::styled("+ nested groups ", th.warn));
    }
    if let (Level::Entry, Some(dn)) = (b.level, b.entry_dn.as_ref()) {
        crumbs.push(Span::styled(format!("› {dn} "), th.title));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(crumbs))
        .border_style(th.title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let status_h = 1;
    let list = Rect {
        height: inner.height.saturating_sub(status_h),
        ..inner
    };
    let status = Rect {
        y: inner.y + list.height,
        height: status_h,
        ..inner
    };

    let loading = b.job.is_some();
    let spin = super::testlog_spinner(spinner);
    let status_line: Line = match b.level {
        Level::Users => {
            let n = thousands(b.rows.len());
            let mut spans = vec![if let Some(count) = b.virtual_count {
                Span::styled(
                    format!(
                        "{} users, virtual list: sorted by login on the server, fetched as you move{}",
                        thousands(count),
                        if b.window_job.is_some() { " …" } else { "" }
                    ),
                    th.ok,
                )
            } else if loading {
                Span::styled(format!("{spin} {n} / ? loaded (Esc stops)"), th.warn)
            } else if let Some(cap) = b.capped {
                Span::styled(
                    format!(
                        "stopped at the cap of {} users (browse_cap): narrow with f or a group",
                        thousands(cap)
                    ),
                    th.warn,
                )
            } else if b.stopped {
                Span::styled(format!("stopped at {n} (r loads again)"), th.warn)
            } else {
                Span::styled(
                    format!("{n} user{}", if b.rows.len() == 1 { "" } else { "s" }),
                    th.ok,
                )
            }];
            if !b.filter.is_empty() || b.filtering {
                spans.push(Span::styled(
                    format!(
                        "  /{}{}  {} match ({})",
                        b.filter,
                        if b.filtering { "▏" } else { "" },
                        thousands(b.view.len()),
                        if b.substring {
                            "substring"
                        } else {
                            "fuzzy, ranked"
                        }
                    ),
                    th.key,
                ));
            }
            if let Some(x) = &b.applied {
                spans.push(Span::styled(format!("  filter {x}"), th.key));
            }
            if let Some(c) = b.sort {
                let name = if c == 0 {
                    "id"
                } else {
                    b.columns.get(c - 1).map_or("?", String::as_str)
                };
                let dir = if b.sort_desc { "▼" } else { "▲" };
                spans.push(Span::styled(format!("  sorted by {name} {dir}"), th.dim));
            }
            if b.hscroll > 0 {
                spans.push(Span::styled(
                    format!("  < {} column(s) left", b.hscroll),
                    th.dim,
                ));
            }
            Line::from(spans)
        }
        _ if loading => Line::styled(format!("{spin} loading…"), th.warn),
        _ => Line::styled(format!("{} item(s)", b.len()), th.dim),
    };
    let status_line = match &b.error {
        // Shown in full in the pane when there is nothing else to show.
        Some(_) if b.is_empty() && b.level != Level::Entry => Line::styled("load failed", th.fail),
        Some(e) => Line::styled(e.clone(), th.fail),
        None => status_line,
    };
    f.render_widget(Paragraph::new(status_line), status);

    // Nothing to list because loading failed: the cause in full, and what to do next.
    if let Some(e) = b
        .error
        .as_ref()
        .filter(|_| b.is_empty() && b.level != Level::Entry)
    {
        let text = vec![
            Line::styled("Nothing could be listed:", th.fail),
            Line::styled(e.clone(), th.fail),
            Line::raw(""),
            Line::styled(
                "Esc back to the providers, then t runs the connection doctor on this one.",
                th.warn,
            ),
        ];
        f.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }),
            list,
        );
        return;
    }

    match b.level {
        Level::Tenants | Level::Groups => nodes(f, list, b, th),
        Level::Users => users(f, list, b, th),
        Level::Entry => entry(f, list, b, th),
    }
}

/// The first row to draw so that the selected one is in view.
fn window(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

fn nodes(f: &mut Frame, area: Rect, b: &Browser, th: &Theme) {
    let mut items: Vec<(String, String)> = Vec::new();
    let list = if b.level == Level::Tenants {
        &b.tenants
    } else {
        &b.groups
    };
    if b.level == Level::Groups && b.top() == Level::Groups {
        items.push(("(all users)".into(), "every user of the provider".into()));
    }
    items.extend(list.iter().map(|n| {
        (
            n.id.clone(),
            n.description.clone().unwrap_or_else(|| n.dn.clone()),
        )
    }));
    let h = area.height.saturating_sub(1) as usize;
    let off = window(b.selected, h);
    let rows: Vec<Row> = items
        .iter()
        .skip(off)
        .take(h)
        .map(|(id, d)| {
            Row::new(vec![
                Cell::from(id.clone()),
                Cell::from(Span::styled(d.clone(), th.dim)),
            ])
        })
        .collect();
    let head = if b.level == Level::Tenants {
        "TENANT"
    } else {
        "GROUP"
    };
    let t = Table::new(rows, [Constraint::Max(32), Constraint::Fill(1)])
        .header(Row::new([head, ""]).style(th.dim))
        .row_highlight_style(th.selected);
    let mut st = TableState::default();
    if !items.is_empty() {
        st.select(Some(b.selected - off));
    }
    f.render_stateful_widget(t, area, &mut st);
}

fn users(f: &mut Frame, area: Rect, b: &Browser, th: &Theme) {
    let h = area.height.saturating_sub(1) as usize;
    let off = window(b.selected, h);
    let total = b.len();
    let in_view: Vec<&crate::app::browser::Row> = (off..total.min(off + h))
        .filter_map(|pos| b.row_at(pos))
        .collect();
    // Widths by content (of the rows in view and the header), capped; the first data column
    // (STATE) always shows, the others from the horizontal scroll on, as many as fit.
    const CAP: usize = 40;
    let id_w = in_view
        .iter()
        .map(|r| r.id.chars().count() + if b.is_picked(&r.dn) { 2 } else { 0 })
        .max()
        .unwrap_or(0)
        .clamp(4, CAP);
    let col_w: Vec<usize> = (0..b.columns.len())
        .map(|c| {
            in_view
                .iter()
                .filter_map(|r| r.cells.get(c))
                .map(|v| v.chars().count())
                .chain(b.columns.get(c).map(|n| n.chars().count() + 2))
                .max()
                .unwrap_or(0)
                .clamp(3, CAP)
        })
        .collect();
    let mut cols: Vec<usize> = Vec::new();
    let mut used = id_w;
    let avail = area.width as usize;
    let first = 1 + b.hscroll.min(b.columns.len().saturating_sub(2));
    for c in std::iter::once(0).chain(first..b.columns.len()) {
        if c >= b.columns.len() {
            break;
        }
        let w = col_w[c];
        if used + 1 + w > avail && cols.len() > 1 {
            break;
        }
        used += 1 + w;
        cols.push(c);
    }
    let rows: Vec<Row> = (off..total.min(off + h))
        .map(|pos| match b.row_at(pos) {
            Some(r) => {
                // A picked user (Space, *) is marked where the eye starts: its id.
                let id = if b.is_picked(&r.dn) {
                    Cell::from(Span::styled(format!("✓ {}", r.id), th.key))
                } else {
                    Cell::from(r.id.clone())
                };
                let mut cells = vec![id];
                cells.extend(
                    cols.iter()
                        .map(|c| Cell::from(r.cells.get(*c).cloned().unwrap_or_default())),
                );
                Row::new(cells)
            }
            // A virtual list's row whose window is still on its way.
            None => Row::new(vec![Cell::from(Span::styled("…", th.dim))]),
        })
        .collect();
    let mut header = vec!["ID".to_string()];
    header.extend(cols.iter().map(|c| b.columns[*c].to_uppercase()));
    // The sorted column carries its direction (sort index 0 is the id, n is columns[n-1]).
    let sorted_at = b.sort.and_then(|s| match s {
        0 => Some(0),
        n => cols.iter().position(|c| *c == n - 1).map(|i| i + 1),
    });
    if let Some(h) = sorted_at.and_then(|i| header.get_mut(i)) {
        h.push_str(if b.sort_desc { " ▼" } else { " ▲" });
    }
    let mut widths = vec![Constraint::Length(id_w as u16)];
    let n = cols.len();
    widths.extend(cols.iter().enumerate().map(|(i, c)| {
        if i + 1 == n {
            Constraint::Min(col_w[*c] as u16)
        } else {
            Constraint::Length(col_w[*c] as u16)
        }
    }));
    let t = Table::new(rows, widths)
        .header(Row::new(header).style(th.dim))
        .row_highlight_style(th.selected);
    let mut st = TableState::default();
    if total > 0 {
        st.select(Some(b.selected - off));
    }
    f.render_stateful_widget(t, area, &mut st);
}

fn entry(f: &mut Frame, area: Rect, b: &Browser, th: &Theme) {
    let Some(e) = &b.entry else {
        return;
    };
    let h = area.height as usize;
    let off = window(b.selected, h);
    let mut lines = Vec::new();
    for (i, a) in e.attrs.iter().enumerate().skip(off).take(h) {
        let style = if i == b.selected {
            th.selected
        } else {
            Style::default()
        };
        let name_style = if a.mapped { th.key } else { th.dim };
        let first = a.values.first().cloned().unwrap_or_default();
        let more = if a.values.len() > 1 {
            format!(
                "  (+{} more: {})",
                a.values.len() - 1,
                a.values[1..].join("; ")
            )
        } else {
            String::new()
        };
        lines.push(
            Line::from(vec![
                Span::styled(format!("{:<32}", a.name), name_style),
                Span::raw(first),
                Span::styled(more, th.dim),
            ])
            .style(style),
        );
    }
    f.render_widget(Paragraph::new(lines), area);
}
