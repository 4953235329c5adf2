//! The provider form: sections, fields, a message beside each wrong field.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::kit::wrap;
use super::theme::Theme;
use crate::app::form::{Form, Kind};

enum Row {
    Section(&'static str),
    Field(usize),
    /// One wrapped line of a field's message.
    Error(String),
}

/// Draws the form; the focused field is kept in view.
pub fn draw(f: &mut Frame, area: Rect, form: &Form, th: &Theme) {
    let errors = form.error_count();
    let status = if form.saving {
        Span::styled("saving…", th.warn)
    } else if errors == 0 {
        Span::styled("valid: C-s saves", th.ok)
    } else {
        Span::styled(format!("{errors} field(s) to fix before saving"), th.fail)
    };
    let dirty = if form.dirty() { " (changed)" } else { "" };
    let title = Line::from(vec![
        Span::styled(format!(" {}{dirty} ", form.title), th.title),
        status,
        Span::raw(" "),
    ]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(th.title);
    let inner = block.inner(area);
    f.render_widget(block, area);

    let mut top = inner.y;
    if let Some(t) = form.offer_preset {
        let n = form.preset_fills(t);
        let msg = format!(
            "Fill {n} empty field(s) from the {} preset? y/n (fields you typed are kept)",
            t.as_str()
        );
        f.render_widget(
            Paragraph::new(msg).style(th.warn),
            Rect {
                y: top,
                height: 1,
                ..inner
            },
        );
        top += 1;
    }
    let label_w = 30.min(inner.width * 2 / 5);
    let msg_w = inner.width.saturating_sub(label_w + 2).max(10) as usize;
    let mut rows = Vec::new();
    let mut section = "";
    for (i, fld) in form.fields.iter().enumerate() {
        if fld.section != section {
            section = fld.section;
            rows.push(Row::Section(section));
        }
        rows.push(Row::Field(i));
        if let Some(e) = &fld.error {
            for (n, l) in wrap(e, msg_w).into_iter().enumerate() {
                rows.push(Row::Error(format!(
                    "{} {l}",
                    if n == 0 { "↳" } else { " " }
                )));
            }
        }
    }
    let height = (inner.y + inner.height).saturating_sub(top) as usize;
    let focus_row = rows
        .iter()
        .position(|r| matches!(r, Row::Field(i) if *i == form.focus))
        .unwrap_or(0);
    let offset = (focus_row + 2).saturating_sub(height);
    for (n, row) in rows.iter().skip(offset).take(height).enumerate() {
        let y = top + n as u16;
        let line = Rect {
            x: inner.x,
            y,
            width: inner.width,
            height: 1,
        };
        match row {
            Row::Section(s) => {
                f.render_widget(Paragraph::new(format!("── {s}")).style(th.title), line)
            }
            Row::Error(text) => {
                let r = Rect {
                    x: inner.x + label_w,
                    width: inner.width.saturating_sub(label_w),
                    ..line
                };
                f.render_widget(Paragraph::new(text.as_str()).style(th.fail), r);
            }
            Row::Field(i) => {
                let fld = &form.fields[*i];
                let focused = *i == form.focus;
                let marker = if focused { "▶ " } else { "  " };
                let label_style = if fld.error.is_some() {
                    th.fail
                } else if focused {
                    th.key
                } else {
                    th.dim
                };
                f.render_widget(
                    Paragraph::new(format!("{marker}{}", fld.label)).style(label_style),
                    Rect {
                        width: label_w,
                        ..line
                    },
                );
                let value = Rect {
                    x: inner.x + label_w,
                    width: inner.width.saturating_sub(label_w),
                    ..line
                };
                match fld.kind {
                    Kind::Text => f.render_widget(&fld.text, value),
                    Kind::Toggle => {
                        let v = if fld.on { "[x] yes" } else { "[ ] no" };
                        let style = if fld.key == "tls_verify" && !fld.on {
                            th.fail
                        } else {
                            th.ok
                        };
                        f.render_widget(Paragraph::new(v).style(style), value);
                    }
                    Kind::Choice(options) => {
                        let v = format!("‹ {} ›", options.get(fld.choice).copied().unwrap_or(""));
                        f.render_widget(
                            Paragraph::new(v).style(if focused { th.key } else { th.ok }),
                            value,
                        );
                    }
                }
            }
        }
    }
}
