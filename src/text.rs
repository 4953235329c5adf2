//! Text from a server or a file on its way to a terminal: control characters made visible
//! (a directory user's `cn` must not write OSC 52 into the admin's clipboard), bidi controls
//! neutralised (they reorder the columns around them), and long text capped. Pure.

use std::borrow::Cow;

/// Most bytes of one server-sent text (a diagnostic message, a value in the doctor) shown.
pub const SHOWN_MAX: usize = 4096;

/// True for characters that move the cursor, switch modes or reorder text on a terminal
/// (`\n` and `\t` are allowed when `keep_newlines`).
pub fn unsafe_char(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' | '\t' if keep_newlines => false,
        // C0, DEL, C1.
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi embeddings, overrides and isolates; the marks; the Arabic letter mark.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => true,
        '\u{061c}' => true,
        // Line and paragraph separators break a line like \n does.
        '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

fn escape(c: char, out: &mut String) {
    let n = c as u32;
    if n < 0x100 {
        out.push_str(&format!("\\x{n:02x}"));
    } else {
        out.push_str(&format!("\\u{{{n:x}}}"));
    }
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| unsafe_char(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c, keep_newlines) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal, lines kept: every other control character shown as `\x1b` or `\u{202e}`.
pub fn visible(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// One line for a terminal (a table cell, a status line): newlines and tabs shown too.
pub fn one_line(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// True when `s` holds a character `one_line` would escape.
pub fn has_unsafe(s: &str) -> bool {
    s.chars().any(|c| unsafe_char(c, false))
}

/// `s` without the characters `one_line` would escape (for a screen cell, where an escape
/// would not fit: the console's last guard).
pub fn without_unsafe(s: &str) -> String {
    s.chars().filter(|c| !unsafe_char(*c, false)).collect()
}

/// `s` cut to at most `max` bytes on a character boundary, saying how much was left out.
pub fn capped(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max {
        return Cow::Borrowed(s);
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}… ({} bytes more)", &s[..end], s.len() - end))
}

/// Server text for people: capped at `SHOWN_MAX`, then made visible on one line.
pub fn shown(s: &str) -> String {
    one_line(&capped(s, SHOWN_MAX)).into_owned()
}

/// `s` cut to `width` characters with `…` as the last one when it was longer.
pub fn cut(s: &str, width: usize) -> Cow<'_, str> {
    if s.chars().count() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    Cow::Owned(out)
}

/// A duration for people: whole days, else hours, else minutes (rounded up).
pub fn human_secs(s: u64) -> String {
    match s {
        s if s >= 86_400 => format!("{} days", s / 86_400),
        s if s >= 3_600 => format!("{} hours", s / 3_600),
        s => format!("{} minutes", s.div_ceil(60)),
    }
}

/// `w` as one shell word: as it is when that is safe, else in single quotes.
pub fn shell_word(w: &str) -> String {
    let safe = !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if safe {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible() {
        let cn = "Innocent Name\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\x1b]0;pwned\x07";
        let v = visible(cn);
        assert!(!v.contains('\x1b') && !v.contains('\x07'));
        assert_eq!(
            v,
            "Innocent Name\\x1b]52;c;Y3VybCBldmlsIHwgc2g=\\x07\\x1b]0;pwned\\x07"
        );
        assert_eq!(visible("a\u{9b}31m"), "a\\x9b31m");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
    }

    #[test]
    fn lines_are_kept_or_shown() {
        assert_eq!(visible("a\nb\tc"), "a\nb\tc");
        assert_eq!(one_line("a\nb\rc\td"), "a\\x0ab\\x0dc\\x09d");
        assert!(matches!(visible("plain é ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn caps_on_a_char_boundary() {
        assert_eq!(capped("ééé", 3), "é… (4 bytes more)");
        assert_eq!(capped("short", 10), "short");
        let big = "x".repeat(50_000_000);
        let s = shown(&big);
        assert!(s.len() < SHOWN_MAX + 40, "{}", s.len());
        assert!(
            s.ends_with("(49995904 bytes more)"),
            "{}",
            &s[s.len() - 30..]
        );
    }

    #[test]
    fn cuts_by_characters() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("abc", 0), "");
    }

    #[test]
    fn words_are_quoted_for_the_shell() {
        assert_eq!(shell_word("ldaps://h:636"), "ldaps://h:636");
        assert_eq!(
            shell_word("cn=svc,dc=example,dc=com"),
            "cn=svc,dc=example,dc=com"
        );
        assert_eq!(shell_word("CN=Svc Account,DC=x"), "'CN=Svc Account,DC=x'");
        assert_eq!(shell_word("(objectClass=*)"), "'(objectClass=*)'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
