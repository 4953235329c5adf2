//! Errors of the configuration layer, with file positions and stable cause codes.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::secrets::SecretError;
use super::validate::Problem;

/// A validation problem with its place in the file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The problem.
    pub problem: Problem,
    /// 1-based line, when the field was found in the text.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// The offending line with a caret under the spot.
    pub excerpt: String,
}

impl Located {
    /// Places a problem at a byte span of `text`.
    pub fn new(problem: Problem, text: &str, span: Option<Range<usize>>) -> Located {
        match span {
            Some(span) => {
                let (line, column, excerpt) = position(text, span);
                Located {
                    problem,
                    line: Some(line),
                    column: Some(column),
                    excerpt,
                }
            }
            None => Located {
                problem,
                line: None,
                column: None,
                excerpt: String::new(),
            },
        }
    }
}

/// 1-based line and column of a byte span, and an excerpt with a caret line.
pub fn position(text: &str, span: Range<usize>) -> (usize, usize, String) {
    let start = span.start.min(text.len());
    let before = text.get(..start).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let width = text
        .get(start..span.end.min(text.len()))
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
    let gutter = line.to_string().len();
    let excerpt = format!(
        "{:>gutter$} | {line_text}\n{:>gutter$} | {}{}",
        line,
        "",
        " ".repeat(column - 1),
        "^".repeat(width)
    );
    (line, column, excerpt)
}

/// Rewrites toml's serde messages into something a sysadmin can act on.
pub fn explain_toml(message: &str) -> String {
    let msg = message.trim();
    if let Some(rest) = msg.strip_prefix("unknown field `")
        && let Some((field, _)) = rest.split_once('`')
    {
        let expected: Vec<&str> = rest
            .split('`')
            .skip(2)
            .step_by(2)
            .filter(|s| !s.is_empty())
            .collect();
        if let Some(best) = closest(field, &expected) {
            return format!("unknown field `{field}`; did you mean `{best}`?");
        }
        return format!(
            "unknown field `{field}`; known fields are: {}",
            expected.join(", ")
        );
    }
    msg.to_string()
}

fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// What went wrong with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not valid TOML or has a field of the wrong type.
    #[error("{}:{line}:{column}: {message}\n{excerpt}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
        /// The line with a caret.
        excerpt: String,
    },
    /// The file parses but some provider is not valid.
    #[error("{}", render_invalid(path, problems))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem, located.
        problems: Vec<Located>,
    },
    /// A provider built by a command is not valid (nothing was written).
    #[error(
        "provider '{slug}' is not valid, nothing was written:\n{}",
        render_problems(problems)
    )]
    InvalidProvider {
        /// Its slug.
        slug: String,
        /// Every problem.
        problems: Vec<Problem>,
    },
    /// Reading or writing failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file changed since it was read; saving would lose someone's edit.
    #[error(
        "{} changed on disk since ldapdeck read it, so nothing was written (that would lose the other change); run the command again",
        .0.display()
    )]
    ChangedOnDisk(PathBuf),
    /// The path is a device, FIFO, socket or directory: ldapdeck never replaces one.
    #[error(
        "{} is not a regular file ({}), so ldapdeck will not write over it; give --config a regular file",
        .0.display(), .1
    )]
    NotAFile(PathBuf, &'static str),
    /// Another ldapdeck holds the file's lock for longer than a save takes.
    #[error(
        "another ldapdeck is writing {} (its lock {} is held); nothing was written, try again",
        .0.display(), .1.display()
    )]
    Locked(PathBuf, PathBuf),
    /// No provider has this slug.
    #[error("no provider '{slug}'{}", suggest(slug, known))]
    NotFound {
        /// The slug asked for.
        slug: String,
        /// The slugs that exist.
        known: Vec<String>,
    },
    /// The slug is taken.
    #[error("a provider '{0}' already exists; pick another slug (or use --replace when importing)")]
    SlugExists(String),
    /// A password source failed.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// An import document could not be understood.
    #[error("{0}")]
    Import(String),
    /// A bug: ldapdeck produced something it cannot read back.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// Builds a parse error at a byte span of the file's text.
    pub fn parse(path: &Path, text: &str, span: Range<usize>, message: &str) -> Error {
        let (line, column, excerpt) = position(text, span);
        Error::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: message.to_string(),
            excerpt,
        }
    }

    /// Stable machine-readable cause code.
    pub fn cause(&self) -> &'static str {
        match self {
            Error::Parse { .. } => "config_parse",
            Error::Invalid { .. } => "config_invalid",
            Error::InvalidProvider { .. } => "invalid_provider",
            Error::Io { .. } => "config_io",
            Error::ChangedOnDisk(_) => "changed_on_disk",
            Error::NotAFile(..) => "not_a_file",
            Error::Locked(..) => "locked",
            Error::NotFound { .. } => "no_such_provider",
            Error::SlugExists(_) => "slug_exists",
            Error::Secret(_) => "password_source",
            Error::Import(_) => "import_failed",
            Error::Internal(_) => "internal",
        }
    }

    /// Exit code: 2 for configuration and usage errors, 1 when an operation could not be done.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Io { .. }
            | Error::ChangedOnDisk(_)
            | Error::SlugExists(_)
            | Error::Secret(_)
            | Error::Internal(_) => 1,
            _ => 2,
        }
    }
}

fn suggest(slug: &str, known: &[String]) -> String {
    let refs: Vec<&str> = known.iter().map(String::as_str).collect();
    match closest(slug, &refs) {
        Some(c) => format!("; did you mean '{c}'?"),
        None if known.is_empty() => {
            "; there are no providers yet (ldapdeck providers add --help)".into()
        }
        None => format!("; known: {}", known.join(", ")),
    }
}

fn render_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render_invalid(path: &Path, problems: &[Located]) -> String {
    let mut out = format!(
        "{} has {} problem{}; nothing was changed:",
        path.display(),
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for l in problems {
        out.push('\n');
        match (l.line, l.column) {
            (Some(line), Some(col)) => out.push_str(&format!(
                "{}:{line}:{col}: provider '{}': {}\n{}",
                path.display(),
                l.problem.slug,
                l.problem,
                l.excerpt
            )),
            _ => out.push_str(&format!(
                "{}: provider '{}': {}",
                path.display(),
                l.problem.slug,
                l.problem
            )),
        }
    }
    out
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "a = 1\nbé = \"x\"\n";
        let (line, col, excerpt) = position(text, 12..15);
        assert_eq!((line, col), (2, 6));
        assert_eq!(excerpt, "2 | bé = \"x\"\n  |      ^^^");
    }

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let m = explain_toml(
            "unknown field `bind_passwd`, expected one of `slug`, `bind_password`, `bind_dn`",
        );
        assert_eq!(
            m,
            "unknown field `bind_passwd`; did you mean `bind_password`?"
        );
    }
}
