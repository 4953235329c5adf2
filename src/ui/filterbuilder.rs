//! The filter builder popup: kind, criteria rows or a raw/named filter, and the compiled
//! LDAP filter that the listing will send.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::kit::{centered, frame};
use super::theme::Theme;
use crate::app::filterbuilder::{Field, FilterBuilder, Kind};
use crate::syntax::structured::Operation;

/// Draws the builder over `area`.
pub fn draw(f: &mut Frame, area: Rect, b: &FilterBuilder, th: &Theme) {
    let rows_h = match b.kind {
        Kind::Structured => b.rows.len() as u16 + 2,
        _ => 2,
    };
    let r = centered(area, 90, rows_h + 9);
    let inner = frame(f, r, &b.title, th);
    let focused = b.focused();
    let mark = |fld: Field| if fld == focused { th.key } else { th.dim };
    let kind = match b.kind {
        Kind::Structured => "structured",
        Kind::Raw => "raw RFC 4515",
        Kind::Named => "named (custom_filters)",
    };
    let mut y = inner.y;
    let line = |y: u16| Rect {
        y,
        height: 1,
        ..inner
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Kind:      ", mark(Field::Kind)),
            Span::styled(format!("‹ {kind} ›"), th.ok),
        ])),
        line(y),
    );
    y += 1;
    match b.kind {
        Kind::Structured => {
            let mode = if b.or {
                "or: any criterion"
            } else {
                "and: every criterion"
            };
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled("Mode:      ", mark(Field::Mode)),
                    Span::styled(format!("‹ {mode} ›"), th.ok),
                ])),
                line(y),
            );
            y += 1;
            f.render_widget(
                Paragraph::new("           ATTRIBUTE            OPERATION            VALUE")
                    .style(th.dim),
                line(y),
            );
            y += 1;
            for (i, row) in b.rows.iter().enumerate() {
                let l = line(y);
                f.render_widget(
                    Paragraph::new(format!("{:>10} ", i + 1)).style(th.dim),
                    Rect { width: 11, ..l },
                );
                f.render_widget(
                    &row.attribute,
                    Rect {
                        x: l.x + 11,
                        width: 20,
                        ..l
                    },
                );
                let op = Operation::ALL[row.op].as_str();
                f.render_widget(
                    Paragraph::new(format!("‹ {op} ›")).style(mark(Field::Operation(i))),
                    Rect {
                        x: l.x + 32,
                        width: 21,
                        ..l
                    },
                );
                if Operation::ALL[row.op].needs_value() {
                    f.render_widget(
                        &row.value,
                        Rect {
                            x: l.x + 53,
                            width: l.width.saturating_sub(53),
                            ..l
                        },
                    );
                }
                y += 1;
            }
        }
        Kind::Raw => {
            f.render_widget(Paragraph::new("Filter:").style(mark(Field::Raw)), line(y));
            f.render_widget(
                &b.raw,
                Rect {
                    x: inner.x + 11,
                    width: inner.width.saturating_sub(11),
                    ..line(y)
                },
            );
            y += 1;
        }
        Kind::Named => {
            let name = b
                .named
                .get(b.named_sel)
                .cloned()
                .unwrap_or_else(|| "(none defined)".into());
            f.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled("Name:      ", mark(Field::Named)),
                    Span::styled(format!("‹ {name} ›"), th.ok),
                ])),
                line(y),
            );
            y += 1;
        }
    }
    y += 1;
    let compiled = match &b.compiled {
        Ok(text) => vec![
            Span::styled("LDAP filter: ", th.dim),
            Span::raw(text.clone()),
        ],
        Err(e) => vec![
            Span::styled("not valid: ", th.fail),
            Span::styled(e.clone(), th.fail),
        ],
    };
    let rest = Rect {
        y,
        height: (inner.y + inner.height).saturating_sub(y),
        ..inner
    };
    f.render_widget(
        Paragraph::new(Line::from(compiled)).wrap(Wrap { trim: false }),
        rest,
    );
}
