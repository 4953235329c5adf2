//! The test log: the doctor's steps as they arrive.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::kit::wrap;
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
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    // The selected step's first and last line (its row and hint), kept in view together.
    let (mut sel_first, mut sel_last) = (0, 0);
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
        let first = lines.len();
        let cause = s.cause.map(|c| format!(" [{c}]")).unwrap_or_default();
        let more = if s.lines.is_empty() {
            ""
        } else if log.expanded.contains(&i) {
            " ▾"
        } else {
            " ▸"
        };
        let text = format!("{}{cause}  {} ms{more}", s.detail, s.ms);
        let detail_style = if s.status == Status::Skipped {
            th.dim
        } else {
            Style::default()
        };
        // Wrapped by hand so continuation lines keep the indent under the detail.
        for (n, part) in wrap(&text, width.saturating_sub(INDENT))
            .into_iter()
            .enumerate()
        {
            let lead = if n == 0 {
                Span::styled(format!("{mark} {:<8}", s.step), style)
            } else {
                Span::raw(" ".repeat(INDENT))
            };
            let row = Line::from(vec![lead, Span::styled(part, detail_style)]);
            lines.push(if i == log.selected && focused {
                row.style(th.selected)
            } else {
                row
            });
        }
        // The hint right under its step, before any details, so a failure and its fix are
        // seen together.
        if let Some(h) = &s.hint
            && s.status != Status::Ok
        {
            let hs = if s.status == Status::Failed {
                th.fail
            } else {
                th.warn
            };
            for part in wrap(&format!("hint: {h}"), width.saturating_sub(INDENT)) {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(INDENT)),
                    Span::styled(part, hs),
                ]));
            }
        }
        if log.commands
            && let Some(c) = &s.command
        {
            for part in wrap(&format!("$ {c}"), width.saturating_sub(INDENT)) {
                lines.push(Line::from(vec![
                    Span::raw(" ".repeat(INDENT)),
                    Span::styled(part, th.key),
                ]));
            }
        }
        if i == log.selected {
            (sel_first, sel_last) = (first, lines.len().saturating_sub(1));
        }
        if log.expanded.contains(&i) {
            for l in &s.lines {
                for part in wrap(l, width.saturating_sub(INDENT)) {
                    lines.push(Line::styled(
                        format!("{}{part}", " ".repeat(INDENT)),
                        th.dim,
                    ));
                }
            }
        }
    }
    if log.running {
        // The step under way, named while it waits (a hung port shows where it hangs).
        match crate::ldap::doctor::ORDER.get(log.steps.len()) {
            Some(next) => lines.push(Line::styled(
                format!("{} {next:<8} running…", SPINNER[spinner % SPINNER.len()]),
                th.warn,
            )),
            None => lines.push(Line::styled("finishing…", th.dim)),
        }
        if !log.steps.is_empty() && log.selected + 1 == log.steps.len() {
            sel_last = lines.len() - 1;
        }
    }
    let height = area.height.saturating_sub(2) as usize;
    // Scroll so the selected step's last line is in view, never past its first line.
    let scroll = (sel_last + 1).saturating_sub(height).min(sel_first) as u16;
    let p = Paragraph::new(lines).block(block).scroll((scroll, 0));
    f.render_widget(p, area);
}

/// Columns before a step's detail (`✓ bind    `).
const INDENT: usize = 10;
