//! The test log: the doctor's steps as they arrive.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::app::testlog::TestLog;
use crate::ldap::doctor::Status;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws the log; keeps the selected step in view.
pub fn draw(f: &mut Frame, area: Rect, log: &TestLog, spinner: usize, th: &Theme, focused: bool) {
    let state = if log.running {
        Span::styled(
            format!("{} running", SPINNER[spinner % SPINNER.len()]),
            th.warn,
        )
    } else if log.cancelled {
        Span::styled("cancelled", th.warn)
    } else {
        match log.report.as_ref().and_then(|r| r.failure()) {
            Some(s) => Span::styled(
                format!("✗ fails at {} [{}]", s.step, s.cause.unwrap_or("?")),
                th.fail,
            ),
            None if log.report.is_some() => Span::styled("✓ works", th.ok),
            None => Span::raw(""),
        }
    };
    let who = if log.unsaved {
        format!("{} (unsaved form)", log.provider.slug)
    } else {
        log.provider.slug.clone()
    };
    let title = Line::from(vec![
        Span::styled(format!(" Test {who}: "), th.title),
        state,
        Span::raw(" "),
    ]);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(if focused { th.title } else { th.dim });
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    if !log.provider.tls_verify {
        lines.push(Line::styled(
            "!! tls_verify = false: certificates are NOT verified",
            th.fail,
        ));
    }
    for (i, s) in log.steps.iter().enumerate() {
        let (mark, style) = match s.status {
            Status::Ok => ("✓", th.ok),
            Status::Warning => ("!", th.warn),
            Status::Failed => ("✗", th.fail),
            Status::Skipped => ("-", th.dim),
        };
        if i == log.selected {
            selected_line = lines.len();
        }
        let cause = s.cause.map(|c| format!(" [{c}]")).unwrap_or_default();
        let more = if s.lines.is_empty() {
            ""
        } else if log.expanded.contains(&i) {
            " ▾"
        } else {
            " ▸"
        };
        let row = Line::from(vec![
            Span::styled(format!("{mark} {:<8}", s.step), style),
            Span::styled(
                format!("{}{cause}", s.detail),
                if s.status == Status::Skipped {
                    th.dim
                } else {
                    Style::default()
                },
            ),
            Span::styled(format!("  {} ms{more}", s.ms), th.dim),
        ]);
        lines.push(if i == log.selected && focused {
            row.style(th.selected)
        } else {
            row
        });
        if log.expanded.contains(&i) {
            for l in &s.lines {
                lines.push(Line::styled(format!("           {l}"), th.dim));
            }
        }
        if let Some(h) = &s.hint
            && s.status != Status::Ok
        {
            let hs = if s.status == Status::Failed {
                th.fail
            } else {
                th.warn
            };
            lines.push(Line::from(vec![
                Span::raw("           "),
                Span::styled(format!("hint: {h}"), hs),
            ]));
        }
    }
    if log.running && log.steps.is_empty() {
        lines.push(Line::styled("starting…", th.dim));
    }
    let height = area.height.saturating_sub(2) as usize;
    let scroll = (selected_line + 2).saturating_sub(height) as u16;
    let p = Paragraph::new(lines)
        .block(block)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .scroll((scroll, 0));
    f.render_widget(p, area);
}
