//! The preview of a write: the exact LDIF (scrolled with ↑/↓ when it is long, as a batch's
//! is), notes, the confirmation, a batch's progress, and the outcome. The footer always shows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::kit::{Theme, centered, frame, spinner};
use crate::app::layers::write::WriteDialog;

/// Draws the dialog over `area`.
pub fn draw(f: &mut Frame, area: Rect, d: &WriteDialog, spin: usize, th: &Theme) {
    // Built once per frame, for the height and the lines.
    let preview = d.planned.as_ref().map(|p| p.preview()).unwrap_or_default();
    let mut body: Vec<Line> = Vec::new();
    let mut foot: Vec<Line> = Vec::new();
    match &d.planned {
        None if d.error.is_none() => foot.push(Line::raw(format!(
            "{} reading the entries…  (Esc cancels)",
            spinner(spin)
        ))),
        None => {}
        Some(p) => {
            let sends = !p.steps.is_empty() || p.password.is_some();
            if !sends {
                body.push(Line::styled(
                    "nothing to send: the entry already is so",
                    th.dim,
                ));
            } else {
                let head = if p.batch {
                    format!(
                        "This will be sent, {} change(s) as one batch (one journal record, one undo):",
                        p.steps.len()
                    )
                } else {
                    "This will be sent:".to_string()
                };
                body.push(Line::styled(head, th.dim));
                body.extend(preview.lines().map(|l| Line::raw(format!("  {l}"))));
            }
            if let Some(n) = &p.note {
                foot.push(Line::styled(n.clone(), th.dim));
            }
            if let Some(w) = &p.warning {
                foot.push(Line::styled(format!("warning: {w}"), th.warn));
            }
            if d.sending && p.batch {
                let words = if d.stopping {
                    "stopping after the change being sent…"
                } else {
                    "Esc stops after the change being sent"
                };
                foot.push(Line::raw(format!(
                    "{} sending {} / {}…  {words}",
                    spinner(spin),
                    d.sent,
                    p.steps.len()
                )));
            } else if d.sending {
                foot.push(Line::raw(format!("{} sending…", spinner(spin))));
            } else if let Some(want) = &p.type_to_confirm {
                foot.push(Line::from(vec![
                    Span::raw("Type "),
                    Span::styled(want.clone(), th.key),
                    Span::raw(" to confirm, then "),
                    Span::styled("⏎", th.key),
                    Span::raw(";  Esc cancels"),
                ]));
            } else if sends {
                foot.push(Line::from(vec![
                    Span::styled("y", th.key),
                    Span::raw("/"),
                    Span::styled("⏎", th.key),
                    Span::raw(" send   "),
                    Span::styled("Esc", th.key),
                    Span::raw(" cancel"),
                ]));
            }
        }
    }
    if let Some(e) = &d.error {
        foot.push(Line::styled(e.clone(), th.fail));
    }
    // Footer lines wrap: count the rows they take at the dialog's width.
    let width = area
        .width
        .saturating_sub(4)
        .min(96)
        .saturating_sub(2)
        .max(1) as usize;
    let rows = |lines: &[Line]| -> u16 {
        lines
            .iter()
            .map(|l| l.width().div_ceil(width).max(1) as u16)
            .sum()
    };
    let typing = d
        .planned
        .as_ref()
        .is_some_and(|p| p.type_to_confirm.is_some())
        && !d.sending;
    let input_h = u16::from(typing);
    let want_h = body.len() as u16 + rows(&foot) + input_h + 2;
    let h = want_h.clamp(7, area.height);
    let r = centered(area, area.width.saturating_sub(4).min(96), h);
    let title = d
        .planned
        .as_ref()
        .map_or(d.title.as_str(), |p| p.title.as_str());
    let inner = frame(f, r, title, th);
    // The footer (notes, the question) keeps its lines; the preview scrolls above it.
    let foot_h = rows(&foot).min(inner.height.saturating_sub(input_h + 1));
    let body_h = inner.height.saturating_sub(foot_h + input_h);
    let hidden = (body.len() as u16).saturating_sub(body_h);
    let scroll = d.scroll.min(hidden);
    if hidden > 0 && body_h > 0 {
        let last = (scroll + body_h).min(body.len() as u16);
        foot.insert(
            0,
            Line::styled(
                format!(
                    "lines {}-{last} of {} (↑/↓, PgUp/PgDn scroll)",
                    scroll + 1,
                    body.len()
                ),
                th.dim,
            ),
        );
    }
    let foot_h = rows(&foot).min(inner.height.saturating_sub(input_h));
    let body_h = inner.height.saturating_sub(foot_h + input_h);
    f.render_widget(
        Paragraph::new(body).scroll((scroll, 0)),
        Rect {
            height: body_h,
            ..inner
        },
    );
    f.render_widget(
        Paragraph::new(foot).wrap(Wrap { trim: false }),
        Rect {
            y: inner.y + body_h,
            height: foot_h,
            ..inner
        },
    );
    if typing {
        f.render_widget(
            &d.typed,
            Rect {
                y: inner.y + body_h + foot_h,
                height: 1,
                ..inner
            },
        );
    }
}
