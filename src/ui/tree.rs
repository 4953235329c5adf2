//! The directory tree: the rows in view (indented, ▾ open, ▸ with children), or the results
//! of a search; the status line says what loads, what was cut short, and the export.
//! Only the rows in view are built, whatever the number loaded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::kit::thousands;
use super::theme::Theme;
use crate::app::tree::{Cut, Tree, TreeRow, label};
use crate::ldap::read::tree::{Kind, Node};

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Person => " user",
        Kind::Group => " group",
        Kind::DeletedObjects => " deleted objects",
        Kind::Tombstone => " deleted",
        Kind::Container | Kind::Other => "",
    }
}

fn cut_words(cut: Cut, n: usize) -> String {
    match cut {
        Cut::SizeLimit => format!(
            "  (first {}: the server's size limit; s searches)",
            thousands(n)
        ),
        Cut::Cap => format!("  (first {}: browse_cap; s searches)", thousands(n)),
        Cut::Stopped => format!("  (stopped at {}: r loads again)", thousands(n)),
    }
}

fn row_line(r: &TreeRow, selected: bool, th: &Theme) -> Line<'static> {
    let marker = if r.expanded {
        "▾ "
    } else if r.node.children == Some(false) {
        "  "
    } else {
        "▸ "
    };
    let name_style = match r.node.kind {
        Kind::Tombstone | Kind::DeletedObjects => th.warn,
        Kind::Person | Kind::Group => th.ok,
        _ => Style::default(),
    };
    let mut spans = vec![
        Span::raw("  ".repeat(r.depth as usize)),
        Span::styled(marker, th.key),
        Span::styled(crate::text::one_line(&label(r)).into_owned(), name_style),
        Span::styled(kind_word(r.node.kind), th.dim),
    ];
    if let Some((cut, n)) = r.cut {
        spans.push(Span::styled(cut_words(cut, n), th.warn));
    }
    let line = Line::from(spans);
    if selected {
        line.style(th.selected)
    } else {
        line
    }
}

fn result_line(n: &Node, selected: bool, th: &Theme) -> Line<'static> {
    let line = Line::from(vec![
        Span::raw(crate::text::one_line(&n.dn).into_owned()),
        Span::styled(kind_word(n.kind), th.dim),
    ]);
    if selected {
        line.style(th.selected)
    } else {
        line
    }
}

/// Draws the tree in `area`.
pub fn draw(f: &mut Frame, area: Rect, t: &Tree, spinner: usize, th: &Theme) {
    let mut title = vec![Span::styled(
        format!(" {} › directory ", t.provider.slug),
        th.title,
    )];
    if let Some(r) = &t.results {
        let scope = if r.subtree { "subtree" } else { "one level" };
        title.push(Span::styled(
            format!("› search {} of {} ", scope, crate::text::one_line(&r.base)),
            th.title,
        ));
    }
    if !t.provider.tls_verify {
        title.push(Span::styled(" TLS NOT VERIFIED ", th.fail));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(title))
        .border_style(th.title);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let list = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    let status = Rect {
        y: inner.y + list.height,
        height: 1,
        ..inner
    };
    f.render_widget(Paragraph::new(status_line(t, spinner, th)), status);

    if t.rows.is_empty()
        && t.results.is_none()
        && let Some(e) = &t.error
    {
        let text = vec![
            Line::styled("The tree could not be read:", th.fail),
            Line::styled(e.clone(), th.fail),
            Line::raw(""),
            Line::styled(
                "Esc back, then t runs the connection doctor on this provider.",
                th.warn,
            ),
        ];
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), list);
        return;
    }
    let h = list.height as usize;
    let pos = t.position();
    let off = pos.saturating_sub(h.saturating_sub(1));
    let lines: Vec<Line> = match &t.results {
        Some(r) => r
            .nodes
            .iter()
            .enumerate()
            .skip(off)
            .take(h)
            .map(|(i, n)| result_line(n, i == pos, th))
            .collect(),
        None => (off..(off + h).min(t.len()))
            .filter_map(|p| t.row_at(p).map(|r| row_line(r, p == pos, th)))
            .collect(),
    };
    f.render_widget(Paragraph::new(lines), list);
}

fn status_line(t: &Tree, spinner: usize, th: &Theme) -> Line<'static> {
    let spin = super::testlog_spinner(spinner);
    let mut spans = Vec::new();
    if let Some(r) = &t.results {
        let n = thousands(r.nodes.len());
        spans.push(match r.done {
            None => Span::styled(format!("{spin} {n} found (Esc stops)"), th.warn),
            Some(Some(Cut::SizeLimit)) => Span::styled(
                format!("{n} found: truncated by the server's size limit"),
                th.warn,
            ),
            Some(Some(Cut::Cap)) => Span::styled(format!("{n} found: stopped at the cap"), th.warn),
            Some(Some(Cut::Stopped)) => Span::styled(format!("{n} found: stopped"), th.warn),
            Some(None) => Span::styled(format!("{n} found"), th.ok),
        });
        spans.push(Span::styled(
            format!("  {}", crate::text::one_line(&r.filter)),
            th.key,
        ));
        spans.push(Span::styled("  Esc back to the tree", th.dim));
    } else if let Some((dn, n)) = &t.loading {
        let name = crate::text::one_line(crate::syntax::dn::split_rdn(dn).0).into_owned();
        spans.push(Span::styled(
            format!(
                "{spin} {name}: {} children so far (Esc stops)",
                thousands(*n)
            ),
            th.warn,
        ));
    } else if t.job.is_some() {
        spans.push(Span::styled(format!("{spin} reading the roots…"), th.warn));
    } else {
        spans.push(Span::styled(
            format!("{} entries loaded", thousands(t.rows.len())),
            th.dim,
        ));
    }
    if t.results.is_none() && (t.filtering || !t.filter.is_empty()) {
        spans.push(Span::styled(
            format!(
                "  /{}{}  {} shown",
                t.filter,
                if t.filtering { "▏" } else { "" },
                thousands(t.len())
            ),
            th.key,
        ));
    }
    if let Some(x) = &t.export {
        let words = match &x.done {
            None => format!("  {spin} exporting to {}: {}", x.path, thousands(x.written)),
            Some(Ok(())) => format!("  exported {} to {}", thousands(x.written), x.path),
            Some(Err(e)) => format!("  export: {e}"),
        };
        let style = if matches!(x.done, Some(Err(_))) {
            th.fail
        } else {
            th.ok
        };
        spans.push(Span::styled(words, style));
    }
    if let Some(e) = &t.error
        && !t.rows.is_empty()
    {
        spans.push(Span::styled(
            format!("  {}", crate::text::one_line(e)),
            th.fail,
        ));
    }
    Line::from(spans)
}
