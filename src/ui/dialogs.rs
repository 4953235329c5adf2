//! Popups: authorize, password prompt, yes/no, help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::dialogs::{AuthDialog, Confirm, Prompt};
use crate::app::keymap::{Context, bindings};

/// A rectangle of at most `w`×`h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `r` and draws a titled border; returns the inside.
pub fn frame(f: &mut Frame, r: Rect, title: &str, th: &Theme) -> Rect {
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), th.title))
        .border_style(th.title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    inner
}

/// The authorize dialog and its result.
pub fn authorize(f: &mut Frame, area: Rect, d: &AuthDialog, spinner: usize, th: &Theme) {
    let r = centered(area, 76, 20);
    let inner = frame(
        f,
        r,
        &format!("Authorize a user on {}", d.provider.slug),
        th,
    );
    let labels = d.labels();
    for (i, (label, input)) in labels.iter().zip(&d.inputs).enumerate() {
        let y = inner.y + i as u16;
        let style = if i == d.focus { th.key } else { th.dim };
        f.render_widget(
            Paragraph::new(format!("{label}:")).style(style),
            Rect {
                y,
                height: 1,
                width: 22.min(inner.width),
                ..inner
            },
        );
        f.render_widget(
            input,
            Rect {
                x: inner.x + 22,
                y,
                width: inner.width.saturating_sub(22),
                height: 1,
            },
        );
    }
    let mut lines: Vec<Line> = Vec::new();
    if let Some(n) = &d.note {
        lines.push(Line::styled(n.clone(), th.warn));
    }
    if d.job.is_some() {
        lines.push(Line::styled(
            format!(
                "{} authorizing… (Esc cancels)",
                super::testlog_spinner(spinner)
            ),
            th.warn,
        ));
    }
    if let Some(o) = &d.outcome {
        if o.allowed {
            lines.push(Line::styled(format!("✓ ALLOWED: {}", o.reason), th.ok));
        } else {
            let mark = if o.checked { "✗" } else { "?" };
            lines.push(Line::styled(
                format!(
                    "{mark} {} [{}]: {}",
                    o.verdict(),
                    o.cause.unwrap_or("?"),
                    o.reason
                ),
                if o.checked { th.fail } else { th.warn },
            ));
            if let Some(h) = &o.hint {
                lines.push(Line::styled(format!("hint: {h}"), th.warn));
            }
        }
        if let Some(dn) = &o.dn {
            lines.push(Line::from(vec![
                Span::styled("dn: ", th.dim),
                Span::raw(dn.clone()),
            ]));
        }
        for (k, v) in &o.attributes {
            lines.push(Line::from(vec![
                Span::styled(format!("{k}: "), th.dim),
                Span::raw(v.join(", ")),
            ]));
        }
        if o.dn.is_some() {
            let g = if o.groups.is_empty() {
                "(none)".to_string()
            } else {
                o.groups.join("; ")
            };
            lines.push(Line::from(vec![
                Span::styled("groups: ", th.dim),
                Span::raw(g),
            ]));
        }
        if let Some(pp) = o.password_policy.summary() {
            lines.push(Line::from(vec![
                Span::styled("password policy: ", th.dim),
                Span::raw(pp),
            ]));
        }
        for w in &o.warnings {
            lines.push(Line::styled(format!("warning: {w}"), th.warn));
        }
    }
    let top = inner.y + d.inputs.len() as u16 + 1;
    let rest = Rect {
        y: top,
        height: (inner.y + inner.height).saturating_sub(top),
        ..inner
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
}

/// The password prompt before a test.
pub fn prompt(f: &mut Frame, area: Rect, p: &Prompt, th: &Theme) {
    let r = centered(area, 70, 6);
    let purpose = if p.browse { "browse" } else { "test" };
    let inner = frame(
        f,
        r,
        &format!("Service password to {purpose} {}", p.provider.slug),
        th,
    );
    let who = p.provider.bind_dn.clone().unwrap_or_default();
    f.render_widget(
        Paragraph::new(format!(
            "{who} has no password source; type it (kept in memory until you quit, never saved):"
        ))
        .style(th.dim),
        Rect { height: 1, ..inner },
    );
    f.render_widget(
        &p.password,
        Rect {
            y: inner.y + 2,
            height: 1,
            ..inner
        },
    );
}

/// A yes/no question.
pub fn confirm(f: &mut Frame, area: Rect, c: &Confirm, th: &Theme) {
    let r = centered(area, 64, 5);
    let inner = frame(f, r, "Confirm", th);
    let text = vec![
        Line::raw(c.question.clone()),
        Line::from(vec![
            Span::styled("y", th.key),
            Span::raw(" yes   "),
            Span::styled("n", th.key),
            Span::raw(" no"),
        ]),
    ];
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
}

/// The keys of the pane under the help overlay, from the keymap table.
pub fn help(f: &mut Frame, area: Rect, ctx: Context, scroll: usize, th: &Theme) {
    let list = bindings(ctx);
    let r = centered(area, 64, list.len() as u16 + 5);
    // How to close it is in the title, so it shows even when the list is cut at 80x24.
    let inner = frame(
        f,
        r,
        &format!("Keys: {} (j/k scroll, Esc closes)", context_name(ctx)),
        th,
    );
    let mut lines: Vec<Line> = list
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:>12}  ", b.label), th.key),
                Span::raw(b.desc),
            ])
        })
        .collect();
    lines.push(Line::from(vec![
        Span::styled(format!("{:>12}  ", "C-c"), th.key),
        Span::raw("quit from anywhere"),
    ]));
    lines.push(Line::styled("Esc or ? closes this help", th.dim));
    let max = lines.len().saturating_sub(inner.height as usize);
    f.render_widget(
        Paragraph::new(lines).scroll((scroll.min(max) as u16, 0)),
        inner,
    );
}

fn context_name(ctx: Context) -> &'static str {
    match ctx {
        Context::Providers => "provider list",
        Context::Filter => "quick filter",
        Context::TestLog => "test log",
        Context::Form => "provider form",
        Context::Authorize => "authorize",
        Context::Prompt => "password prompt",
        Context::Confirm => "question",
        Context::Help => "help",
        Context::Browser => "directory browser",
        Context::BrowserFilter => "browser quick filter",
        Context::FilterBuilder => "filter builder",
        Context::BrowserEdit => "directory browser",
        Context::Write => "write preview",
        Context::Journal => "journal",
        Context::Groups => "groups of a user",
        Context::Password => "set a password",
        Context::Edit => "edit a user",
    }
}
