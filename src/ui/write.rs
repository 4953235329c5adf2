//! The write preview dialog and the journal pane.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::dialogs::{centered, frame};
use super::testlog_spinner;
use super::theme::Theme;
use crate::app::user_dialogs::{EditDialog, GroupPicker, PasswordDialog};
use crate::app::write::{JournalPane, WriteDialog};

/// The preview of a write: the exact LDIF, notes, the confirmation, the outcome.
pub fn dialog(f: &mut Frame, area: Rect, d: &WriteDialog, spinner: usize, th: &Theme) {
    // Built once per frame, for the height and the lines.
    let preview = d.planned.as_ref().map(|p| p.preview()).unwrap_or_default();
    let h = (preview.lines().count() as u16 + 7).clamp(7, area.height);
    let r = centered(area, area.width.saturating_sub(4).min(96), h);
    let title = d
        .planned
        .as_ref()
        .map_or(d.title.as_str(), |p| p.title.as_str());
    let inner = frame(f, r, title, th);
    let mut lines: Vec<Line> = Vec::new();
    match &d.planned {
        None if d.error.is_none() => lines.push(Line::raw(format!(
            "{} reading the entry…  (Esc cancels)",
            testlog_spinner(spinner)
        ))),
        None => {}
        Some(p) => {
            let sends = !p.steps.is_empty() || p.password.is_some();
            if !sends {
                lines.push(Line::styled(
                    "nothing to send: the entry already is so",
                    th.dim,
                ));
            } else {
                lines.push(Line::styled("This will be sent:", th.dim));
                lines.extend(preview.lines().map(|l| Line::raw(format!("  {l}"))));
            }
            if let Some(n) = &p.note {
                lines.push(Line::styled(n.clone(), th.dim));
            }
            if let Some(w) = &p.warning {
                lines.push(Line::styled(format!("warning: {w}"), th.warn));
            }
            if d.sending {
                lines.push(Line::raw(format!("{} sending…", testlog_spinner(spinner))));
            } else if let Some(want) = &p.type_to_confirm {
                lines.push(Line::from(vec![
                    Span::raw("Type "),
                    Span::styled(want.clone(), th.key),
                    Span::raw(" to confirm, then "),
                    Span::styled("⏎", th.key),
                    Span::raw(";  Esc cancels"),
                ]));
            } else if sends {
                lines.push(Line::from(vec![
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
        lines.push(Line::styled(e.clone(), th.fail));
    }
    let typing = d
        .planned
        .as_ref()
        .is_some_and(|p| p.type_to_confirm.is_some())
        && !d.sending;
    let input_h = u16::from(typing);
    let [text, input] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(input_h)]).areas(inner);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    if typing {
        f.render_widget(&d.typed, input);
    }
}

/// The journal: applied writes, newest first, and the selected one's change and undo.
pub fn journal(f: &mut Frame, area: Rect, j: &JournalPane, spinner: usize, th: &Theme) {
    let inner = frame(f, area, &format!("Journal: {}", j.provider.slug), th);
    let [list, detail] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let mut lines: Vec<Line> = Vec::new();
    if j.job.is_some() {
        lines.push(Line::raw(format!(
            "{} reading the journal…",
            testlog_spinner(spinner)
        )));
    } else if let Some(e) = &j.error {
        lines.push(Line::styled(e.clone(), th.fail));
    } else if j.records.is_empty() {
        lines.push(Line::styled(
            "no write recorded for this provider yet",
            th.dim,
        ));
    }
    let height = list.height as usize;
    let first = j.selected.saturating_sub(height.saturating_sub(1));
    let undone = j.undone();
    for (i, r) in j.records.iter().enumerate().skip(first).take(height) {
        let undo = if r.undoes.is_some() {
            "undo of ".to_string() + r.undoes.as_deref().unwrap_or("")
        } else if undone.contains(&r.id) {
            "undone".into()
        } else if r.inverse.is_none() {
            "no undo".into()
        } else {
            String::new()
        };
        let text = format!(
            "{}  {:<16} {}  {undo}",
            &r.time,
            crate::text::cut(r.what(), 16),
            r.dn
        );
        let style = if i == j.selected {
            th.selected
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    f.render_widget(Paragraph::new(lines), list);
    if let Some(r) = j.current() {
        let mut d: Vec<Line> = vec![Line::styled(format!("{}  applied:", r.id), th.dim)];
        d.extend(r.ldif.lines().map(|l| Line::raw(format!("  {l}"))));
        match (&r.inverse, &r.no_undo) {
            (Some(inv), _) => {
                d.push(Line::styled("undo (u) would send:", th.dim));
                d.extend(inv.ldif().lines().map(|l| Line::raw(format!("  {l}"))));
            }
            (None, Some(why)) => d.push(Line::styled(format!("no undo: {why}"), th.warn)),
            (None, None) => d.push(Line::styled("no undo", th.warn)),
        }
        f.render_widget(Paragraph::new(d).wrap(Wrap { trim: false }), detail);
    }
}

/// The group picker: `[x]` in the group, `+`/`-` where that changes on Enter.
pub fn groups(f: &mut Frame, area: Rect, g: &GroupPicker, spinner: usize, th: &Theme) {
    let h = (g.groups.len() as u16 + 4).clamp(6, area.height);
    let r = centered(area, area.width.saturating_sub(4).min(96), h);
    let inner = frame(f, r, &format!("Groups of {}", g.id), th);
    let mut lines: Vec<Line> = Vec::new();
    if g.job.is_some() {
        lines.push(Line::raw(format!(
            "{} reading the groups…",
            testlog_spinner(spinner)
        )));
    } else if let Some(e) = &g.error {
        lines.push(Line::styled(e.clone(), th.fail));
    } else if g.groups.is_empty() {
        lines.push(Line::styled("no group found under groups_base", th.dim));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let first = g.selected.saturating_sub(height.saturating_sub(1));
    for (i, (grp, wanted)) in g.groups.iter().enumerate().skip(first).take(height) {
        let mark = match (*wanted, grp.primary) {
            (_, true) => "[P]",
            (true, _) => "[x]",
            _ => "[ ]",
        };
        let change = match (grp.member, *wanted) {
            (false, true) => "+",
            (true, false) => "-",
            _ => " ",
        };
        let text = format!("{change} {mark} {:<24} {}", grp.id, grp.dn);
        let style = if i == g.selected {
            th.selected
        } else if change != " " {
            th.warn
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let (add, remove) = g.changes();
    lines.push(Line::styled(
        format!(
            "{} to join, {} to leave; Space toggles, ⏎ previews, Esc closes",
            add.len(),
            remove.len()
        ),
        th.dim,
    ));
    f.render_widget(Paragraph::new(lines), inner);
}

/// The password dialog: two masked inputs, the must-change choice, the keys.
pub fn password(f: &mut Frame, area: Rect, d: &PasswordDialog, spinner: usize, th: &Theme) {
    let r = centered(area, area.width.saturating_sub(4).min(72), 10);
    let inner = frame(f, r, &format!("Password of {}", d.id), th);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .split(inner);
    for (i, label) in ["New password", "Again"].iter().enumerate() {
        let [l, input] =
            Layout::horizontal([Constraint::Length(15), Constraint::Min(1)]).areas(rows[i]);
        let style = if d.focus == i { th.key } else { th.dim };
        let marker = if d.focus == i { "▶ " } else { "  " };
        f.render_widget(Paragraph::new(format!("{marker}{label}")).style(style), l);
        f.render_widget(&d.inputs[i], input);
    }
    let check = if d.must_change { "[x]" } else { "[ ]" };
    f.render_widget(
        Paragraph::new(format!("{check} must change it at the next login (C-t)")),
        rows[2],
    );
    let status = if d.job.is_some() {
        Line::raw(format!("{} generating…", testlog_spinner(spinner)))
    } else if let Some(n) = &d.note {
        Line::styled(n.clone(), th.fail)
    } else if d.reveal {
        Line::styled(
            "shown in clear: read it now, it is not kept anywhere",
            th.warn,
        )
    } else {
        Line::styled("C-g generates one; ⏎ previews; Esc closes", th.dim)
    };
    f.render_widget(Paragraph::new(status).wrap(Wrap { trim: true }), rows[4]);
}

/// The edit dialog: one line per field, changed ones marked; multi-valued ones shown only.
pub fn edit(f: &mut Frame, area: Rect, d: &EditDialog, spinner: usize, th: &Theme) {
    let h = (d.fields.len() as u16 + 4).clamp(6, area.height);
    let r = centered(area, area.width.saturating_sub(4).min(96), h);
    let title = match &d.create {
        Some((_, Some(g))) => format!("New user in {g}"),
        Some(_) => "New user".to_string(),
        None => format!("Edit {}", d.id),
    };
    let inner = frame(f, r, &title, th);
    let mut constraints = vec![Constraint::Length(1); d.fields.len()];
    constraints.push(Constraint::Min(1));
    let rows = Layout::vertical(constraints).split(inner);
    let width = d
        .fields
        .iter()
        .map(|f| f.name.chars().count() + f.attr.chars().count() + 7)
        .max()
        .unwrap_or(10) as u16;
    for (i, field) in d.fields.iter().enumerate() {
        let [l, v] =
            Layout::horizontal([Constraint::Length(width), Constraint::Min(1)]).areas(rows[i]);
        let mark = if field.change().is_some() { "*" } else { " " };
        let focus = if i == d.focus { "▶" } else { " " };
        let label = format!("{focus}{mark} {} ({})", field.name, field.attr);
        let style = if i == d.focus { th.key } else { th.dim };
        f.render_widget(Paragraph::new(label).style(style), l);
        if field.editable() {
            f.render_widget(&field.input, v);
        } else {
            let text = format!(
                "{} values: {}  (several values: ldapdeck users modify)",
                field.values.len(),
                field.values.join(" | ")
            );
            f.render_widget(Paragraph::new(text).style(th.dim), v);
        }
    }
    let status = if d.job.is_some() {
        Line::raw(format!("{} reading the entry…", testlog_spinner(spinner)))
    } else if let Some(n) = &d.note {
        Line::styled(n.clone(), th.fail)
    } else if d.create.is_some() {
        Line::styled(
            "the login is required; the schema is checked before sending; ⏎ previews",
            th.dim,
        )
    } else {
        // The naming attribute is the login on OpenLDAP, cn on Active Directory.
        let naming = d.dn.split_once('=').map_or("", |(a, _)| a.trim());
        Line::styled(
            format!(
                "an emptied field is deleted; a new {naming} renames the entry (modrdn); ⏎ previews"
            ),
            th.dim,
        )
    };
    if let Some(last) = rows.last() {
        f.render_widget(Paragraph::new(status).wrap(Wrap { trim: true }), *last);
    }
}
