//! Drawing only: reads the app, never changes it.

pub mod browser;
pub mod filterbuilder;
pub mod form;
pub mod kit;
pub mod providers;
pub mod testlog;
pub mod theme;
pub mod tree;
pub mod write;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::app::form::Form;
use crate::app::keymap::Context;
pub(crate) use kit::spinner as testlog_spinner;
use theme::Theme;

/// Draws the whole screen: the provider list (or the topmost full-screen layer) with the
/// test log, then every layer above it, bottom first.
pub fn draw(f: &mut Frame, app: &App, th: &Theme) {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(f.area());
    draw_header(f, header, app, th);
    let layers = app.layers();
    let screen = layers.iter().rposition(|l| l.full_screen());
    let log = app.testlog.as_ref().filter(|t| match screen {
        Some(i) => layers[i].shows_log(t),
        None => true,
    });
    let log_h = if log.is_some() { body.height / 2 } else { 0 };
    let [top, bottom] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(log_h)]).areas(body);
    match screen {
        Some(i) => layers[i].draw(f, top, app, th),
        None => providers::draw(
            f,
            top,
            app,
            th,
            !app.focus_log && app.context() == Context::Providers,
        ),
    }
    if let Some(log) = log {
        let focused = app.focus_log && app.find::<Form>().is_none();
        testlog::draw(f, bottom, log, app.spinner, th, focused);
    }
    if let Some(i) = screen {
        layers[i].draw_over(f, body, app, th);
    }
    for layer in &layers[screen.map_or(0, |i| i + 1)..] {
        layer.draw(f, body, app, th);
    }
    draw_message(f, body, footer.width, app, th);
    draw_footer(f, footer, app, th);
    neutralise(f.buffer_mut());
}

/// The last guard before the terminal: ratatui drops C0 controls, but bidi controls and C1
/// characters would reach it and reorder or restyle the columns around them.
pub fn neutralise(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        if crate::text::has_unsafe(cell.symbol()) {
            let clean = crate::text::without_unsafe(cell.symbol());
            cell.set_symbol(if clean.is_empty() { " " } else { &clean });
        }
    }
}

fn draw_header(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    let busy = if app.busy() {
        format!("  {} working", testlog_spinner(app.spinner))
    } else {
        String::new()
    };
    let text = format!(" ldapdeck  {}{busy}", app.config_path);
    f.render_widget(Paragraph::new(text).style(th.bar), area);
}

/// The hint bar from the keymap, or the toast when there is one.
/// A message too long for the status line: wrapped in a box over the bottom of the body,
/// so nothing important ends mid-word (the status line shows the keys meanwhile).
fn draw_message(f: &mut Frame, body: Rect, line_width: u16, app: &App, th: &Theme) {
    let Some(t) = app.toast.as_ref().filter(|t| long(&t.text, line_width)) else {
        return;
    };
    let inner_w = body.width.saturating_sub(2).max(1) as usize;
    // Words wrap a little shorter than the width: one line of slack.
    let lines = (t.text.chars().count().div_ceil(inner_w) + 1).clamp(2, 10) as u16;
    let h = (lines + 2).min(body.height);
    let r = Rect {
        y: body.y + body.height - h,
        height: h,
        ..body
    };
    let (title, style) = if t.error {
        (" Error ", th.fail)
    } else {
        (" Message ", th.ok)
    };
    f.render_widget(ratatui::widgets::Clear, r);
    f.render_widget(
        Paragraph::new(t.text.clone())
            .wrap(ratatui::widgets::Wrap { trim: true })
            .style(style)
            .block(
                ratatui::widgets::Block::default()
                    .borders(ratatui::widgets::Borders::ALL)
                    .title(title)
                    .border_style(style),
            ),
        r,
    );
}

fn long(text: &str, width: u16) -> bool {
    text.chars().count() + 1 > width as usize
}

fn draw_footer(f: &mut Frame, area: Rect, app: &App, th: &Theme) {
    if let Some(t) = app.toast.as_ref().filter(|t| !long(&t.text, area.width)) {
        let style = if t.error { th.fail } else { th.ok };
        f.render_widget(Paragraph::new(format!(" {}", t.text)).style(style), area);
        return;
    }
    // Whole hints only, as many as fit; the help key always stays (it lists the rest).
    let keys: Vec<_> = app
        .keys()
        .into_iter()
        .filter(|b| !b.hint.is_empty())
        .collect();
    let width =
        |b: &crate::app::keymap::Binding| b.label.chars().count() + b.hint.chars().count() + 3;
    let help: usize = keys
        .iter()
        .filter(|b| b.command == crate::app::keymap::Command::Help)
        .map(width)
        .sum();
    let mut room = (area.width as usize).saturating_sub(1 + help);
    let mut spans = vec![Span::raw(" ")];
    for b in &keys {
        let is_help = b.command == crate::app::keymap::Command::Help;
        if !is_help {
            if width(b) > room {
                continue;
            }
            room -= width(b);
        }
        spans.push(Span::styled(b.label, th.key));
        spans.push(Span::styled(format!(" {}  ", b.hint), th.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
