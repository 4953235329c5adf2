//! Text or JSON output, errors and warnings on stderr.

use std::io::{IsTerminal, Write};

use serde_json::{Value, json};

use crate::config::Provider;
use crate::error::Error;

/// Where and how a command writes.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// `--json` was given.
    pub json: bool,
    /// stderr is a terminal and NO_COLOR is unset.
    pub color: bool,
}

impl Output {
    /// Output for this process.
    pub fn new(json: bool) -> Output {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Output { json, color }
    }

    /// Loads providers.toml and prints its warnings (e.g. a readable file with a password).
    pub fn load(&self, path: &std::path::Path) -> Result<crate::config::Store, Error> {
        let store = crate::config::Store::load(path)?;
        for w in store.warnings() {
            self.warn(&w);
        }
        Ok(store)
    }

    /// Writes a JSON value to stdout.
    pub fn json(&self, v: &Value) {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        let _ = std::io::stdout().write_all(s.as_bytes());
    }

    /// Writes text to stdout, control characters made visible (server text is in it).
    pub fn text(&self, s: &str) {
        let s = crate::text::visible(s);
        let mut out = std::io::stdout();
        let _ = out.write_all(s.as_bytes());
        if !s.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
    }

    /// A warning on stderr (in JSON mode too: stderr is for people).
    pub fn warn(&self, s: &str) {
        self.stderr("warning", "33", s);
    }

    /// A note on stderr about a choice made.
    pub fn note(&self, s: &str) {
        self.stderr("note", "36", s);
    }

    fn stderr(&self, label: &str, colour: &str, s: &str) {
        let s = crate::text::visible(s);
        let line = if self.color {
            format!("\x1b[{colour}m{label}:\x1b[0m {s}\n")
        } else {
            format!("{label}: {s}\n")
        };
        let _ = std::io::stderr().write_all(line.as_bytes());
    }

    /// Reports a failed command on stderr: a sentence, or `{"error":{cause,message}}`.
    pub fn error(&self, e: &Error) {
        if self.json {
            let mut v = json!({"error": {"cause": e.cause(), "message": e.to_string()}});
            if let Error::Config(crate::config::Error::Invalid { problems, .. }) = e {
                v["error"]["problems"] = problems
                    .iter()
                    .map(|l| {
                        json!({"provider": l.problem.slug, "field": l.problem.field,
                               "message": l.problem.message, "line": l.line, "column": l.column})
                    })
                    .collect();
            }
            // serde_json escapes C0 controls; DEL, C1 and bidi controls are escaped here too.
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                json_for_terminal(&serde_json::to_string_pretty(&v).unwrap_or_default())
            );
        } else {
            self.stderr("error", "31", &e.to_string());
        }
    }
}

/// A provider as JSON, with the stored password replaced by `"<set>"`.
pub fn provider_json(p: &Provider) -> Value {
    let mut v = serde_json::to_value(p).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        if o.contains_key("bind_password") {
            o.insert("bind_password".into(), Value::String("<set>".into()));
        }
        // Defaults are skipped in the file; JSON readers want every flag spelled out.
        o.insert("enabled".into(), Value::Bool(p.enabled));
        o.insert("read_only".into(), Value::Bool(p.read_only));
        o.insert("tls_verify".into(), Value::Bool(p.tls_verify));
        o.insert("starttls".into(), Value::Bool(p.starttls));
        o.insert("timeout_secs".into(), json!(p.timeout_secs));
        o.insert("name".into(), Value::String(p.display_name().to_string()));
    }
    v
}

/// A provider as TOML for people, with the password hidden.
pub fn provider_text(p: &Provider) -> String {
    let mut q = p.clone();
    let hidden = q.bind_password.take().is_some();
    let mut s = toml::to_string(&q).unwrap_or_default();
    if hidden {
        s.push_str("# bind_password is set (hidden)\n");
    }
    if !p.tls_verify {
        s.push_str("# WARNING: tls_verify = false: any certificate is accepted, the connection can be intercepted\n");
    }
    s
}

/// JSON text with the characters serde_json leaves raw but a terminal obeys (DEL, C1, bidi)
/// written as `\uXXXX` escapes: the same JSON value, safe to print.
pub fn json_for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    // The pretty printer's own newlines stay; serde_json already escaped every other C0.
    let bad = |c: char| crate::text::unsafe_char(c, true);
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Widest cell a table shows; longer values are cut with `…` (a value may be megabytes).
pub const MAX_CELL: usize = 60;

/// Column widths for `rows` under `header`, each at most `MAX_CELL`.
pub fn widths(header: &[&str], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(crate::text::one_line(c).chars().count().min(MAX_CELL));
            }
        }
    }
    widths
}

/// One table line: each cell on one line (control characters and newlines shown, never
/// raw), cut to its column's width, padded by hand (`format!` widths panic past 65,535).
pub fn table_line(widths: &[usize], cells: &[&str]) -> String {
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        let w = widths.get(i).copied().unwrap_or(MAX_CELL);
        let clean = crate::text::one_line(c);
        let cell = crate::text::cut(&clean, w);
        s.push_str(&cell);
        if i + 1 < cells.len() {
            let pad = w.saturating_sub(cell.chars().count()) + 2;
            s.extend(std::iter::repeat_n(' ', pad));
        }
    }
    s.trim_end().to_string()
}

/// Renders rows as aligned columns under a header.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    table_with(&widths(header, rows), header, rows)
}

/// `table` with the column widths given (a streamed table fixes them from its first rows).
pub fn table_with(widths: &[usize], header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = table_line(widths, header);
    for r in rows {
        out.push('\n');
        let cells: Vec<&str> = r.iter().map(String::as_str).collect();
        out.push_str(&table_line(widths, &cells));
    }
    out.push('\n');
    out
}
