//! Bind passwords: a type that never prints itself, and resolution of the four sources.

use std::fmt;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::provider::{PasswordSource, Provider};

/// A password. `Debug` shows `<redacted>` and there is no `Display`, so it cannot leak by accident.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a password.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The password itself, for the one place that sends it to a server.
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// True for the empty string (an unauthenticated bind, refused before sending).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    // Overwritten when dropped, so a freed password does not linger in memory (or a core).
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Why a password source gave no password.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The variable named by `bind_password_env` is unset or not UTF-8.
    #[error("environment variable {0} is not set; export it or pick another password source")]
    EnvMissing(String),
    /// `bind_password_file` could not be read.
    #[error("cannot read bind_password_file {path}: {source}")]
    File {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// `bind_password_cmd` could not be started.
    #[error("cannot run bind_password_cmd '{program}': {source}")]
    CmdSpawn {
        /// argv[0].
        program: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// `bind_password_cmd` exited with a failure.
    #[error("bind_password_cmd '{program}' failed ({status}){stderr}")]
    CmdFailed {
        /// argv[0].
        program: String,
        /// Exit status, in words.
        status: String,
        /// First stderr line, prefixed with ": ", or empty.
        stderr: String,
    },
    /// `bind_password_cmd` ran past its time.
    #[error("bind_password_cmd '{program}' did not finish within {secs} s and was stopped")]
    CmdTimeout {
        /// argv[0].
        program: String,
        /// The limit.
        secs: u64,
    },
    /// The source gave an empty password.
    #[error("{0} gave an empty password (an empty password would bind anonymously)")]
    Empty(String),
}

/// Resolves the provider's password; `Ok(None)` means "ask at connect time".
pub fn resolve(p: &Provider) -> Result<Option<Secret>, SecretError> {
    let secret = match p.password_source() {
        PasswordSource::Prompt => return Ok(None),
        PasswordSource::Inline => p.bind_password.clone().unwrap_or_else(|| Secret::new("")),
        PasswordSource::Env(name) => match std::env::var(name) {
            Ok(v) => Secret(v),
            Err(_) => return Err(SecretError::EnvMissing(name.to_string())),
        },
        PasswordSource::File(path) => password_from_file(path)?,
        PasswordSource::Cmd(argv) => run_cmd(argv, Duration::from_secs(p.timeout_secs.max(1)))?,
    };
    if secret.is_empty() {
        return Err(SecretError::Empty(describe(&p.password_source())));
    }
    Ok(Some(secret))
}

/// A password file's first line (a regular file, bounded), wherever the file was named: a
/// provider's bind_password_file or a command-line flag.
pub fn password_from_file(path: &std::path::Path) -> Result<Secret, SecretError> {
    Ok(Secret(first_line(&read_password_file(path)?)))
}

/// Words for a source, for messages and the doctor ("from $LDAP_PW").
pub fn describe(src: &PasswordSource<'_>) -> String {
    match src {
        PasswordSource::Prompt => "a prompt at connect time".into(),
        PasswordSource::Inline => "bind_password in providers.toml".into(),
        PasswordSource::Env(n) => format!("environment variable {n}"),
        PasswordSource::File(f) => format!("file {}", f.display()),
        PasswordSource::Cmd(c) => format!("command {}", c.first().map_or("", String::as_str)),
    }
}

/// Most bytes read from `bind_password_file` (a password is a line, not a stream).
const PASSWORD_FILE_MAX: u64 = 4096;

/// Reads the start of a regular file; a FIFO, device or socket is refused (it could block
/// forever or never end, as /dev/zero does).
fn read_password_file(path: &std::path::Path) -> Result<String, SecretError> {
    let err = |source| SecretError::File {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(err)?;
    if !meta.file_type().is_file() {
        return Err(err(std::io::Error::other(
            "it is not a regular file (a FIFO, device or socket is never read)",
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(err)?
        .take(PASSWORD_FILE_MAX)
        .read_to_end(&mut bytes)
        .map_err(err)?;
    String::from_utf8(bytes).map_err(|_| err(std::io::Error::other("it is not UTF-8")))
}

fn first_line(s: &str) -> String {
    s.lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string()
}

fn run_cmd(argv: &[String], limit: Duration) -> Result<Secret, SecretError> {
    let program = argv.first().cloned().unwrap_or_default();
    // Its own process group, so a timeout kills what it started too (a child that leaves a
    // process holding stdout would otherwise keep the pipe, and ldapdeck, waiting).
    let mut child = Command::new(&program)
        .args(&argv[1.min(argv.len())..])
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| SecretError::CmdSpawn {
            program: program.clone(),
            source,
        })?;
    // Read the pipes on threads so a chatty command cannot block on a full pipe.
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let (out_tx, out_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = out.as_mut() {
            let _ = o.take(1 << 20).read_to_string(&mut s);
        }
        let _ = out_tx.send(s);
    });
    let (err_tx, err_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = err.as_mut() {
            let _ = e.take(1 << 16).read_to_string(&mut s);
        }
        let _ = err_tx.send(s);
    });
    let start = Instant::now();
    let pgid = child.id() as i32;
    let kill_group = || {
        // SAFETY: kill(2) with a negative pid signals that process group; no memory involved.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    };
    let timed_out = |program: String| SecretError::CmdTimeout {
        program,
        secs: limit.as_secs(),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if start.elapsed() >= limit => {
                kill_group();
                let _ = child.wait();
                return Err(timed_out(program));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(source) => return Err(SecretError::CmdSpawn { program, source }),
        }
    };
    // The command exited; what it left behind may still hold stdout open.
    let left = limit.saturating_sub(start.elapsed());
    let stdout = match out_rx.recv_timeout(left) {
        Ok(s) => s,
        Err(_) => {
            kill_group();
            return Err(timed_out(program));
        }
    };
    let stderr = err_rx
        .recv_timeout(limit.saturating_sub(start.elapsed()))
        .unwrap_or_default();
    if !status.success() {
        let line = first_line(&stderr);
        return Err(SecretError::CmdFailed {
            program,
            status: status.to_string(),
            stderr: if line.is_empty() {
                String::new()
            } else {
                format!(": {line}")
            },
        });
    }
    Ok(Secret(first_line(&stdout)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cmd(argv: &[&str]) -> Provider {
        let mut p = Provider::new("x");
        p.bind_password_cmd = Some(argv.iter().map(|s| s.to_string()).collect());
        p.timeout_secs = 1;
        p
    }

    #[test]
    fn debug_never_shows_the_password() {
        let mut p = Provider::new("x");
        p.bind_password = Some(Secret::new("hunter2"));
        let dbg = format!("{p:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("<redacted>"));
    }

    #[test]
    fn no_source_means_prompt() {
        assert!(resolve(&Provider::new("x")).expect("ok").is_none());
    }

    #[test]
    fn env_file_and_cmd_sources() {
        let dir = tempfile::tempdir().expect("tmp");
        let f = dir.path().join("pw");
        std::fs::write(&f, "from-file\nsecond line\n").expect("write");
        let mut p = Provider::new("x");
        p.bind_password_file = Some(f);
        assert_eq!(
            resolve(&p).expect("ok").expect("some").expose(),
            "from-file"
        );

        let p = with_cmd(&["printf", "from-cmd\\r\\nignored"]);
        assert_eq!(resolve(&p).expect("ok").expect("some").expose(), "from-cmd");

        let mut p = Provider::new("x");
        p.bind_password_env = Some("LDAPDECK_TEST_SURELY_UNSET_VAR".into());
        assert!(matches!(resolve(&p), Err(SecretError::EnvMissing(_))));
        // PATH is always set in a test run; reading it proves the lookup works.
        p.bind_password_env = Some("PATH".into());
        assert!(resolve(&p).expect("ok").is_some());
    }

    #[test]
    fn cmd_failures_are_named() {
        let e = resolve(&with_cmd(&["sh", "-c", "echo nope >&2; exit 3"])).expect_err("fails");
        assert!(
            e.to_string().contains("nope") && e.to_string().contains('3'),
            "{e}"
        );
        let e = resolve(&with_cmd(&["sleep", "5"])).expect_err("times out");
        assert!(matches!(e, SecretError::CmdTimeout { secs: 1, .. }), "{e}");
        let e = resolve(&with_cmd(&["/nonexistent/ldapdeck-pw"])).expect_err("no such program");
        assert!(matches!(e, SecretError::CmdSpawn { .. }));
        let e = resolve(&with_cmd(&["true"])).expect_err("empty");
        assert!(matches!(e, SecretError::Empty(_)));
    }

    #[test]
    fn a_command_that_leaves_a_process_holding_stdout_ends_at_the_timeout() {
        // sh exits at once; the sleep it started keeps stdout open for 30 s.
        let p = with_cmd(&["sh", "-c", "sleep 30 & echo pw"]);
        let t = Instant::now();
        let r = resolve(&p);
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
        assert!(matches!(r, Err(SecretError::CmdTimeout { .. })), "{r:?}");
        let p = with_cmd(&["sh", "-c", "sleep 30; echo pw"]);
        let t = Instant::now();
        assert!(matches!(resolve(&p), Err(SecretError::CmdTimeout { .. })));
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    }

    #[test]
    fn a_password_file_is_read_bounded_and_only_when_regular() {
        let mut p = Provider::new("x");
        for special in ["/dev/zero", "/dev/null"] {
            p.bind_password_file = Some(special.into());
            let r = resolve(&p);
            assert!(
                matches!(&r, Err(SecretError::File { source, .. }) if source.to_string().contains("not a regular file")),
                "{special}: {r:?}"
            );
        }
        let d = tempfile::tempdir().expect("dir");
        let fifo = d.path().join("fifo");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("mkfifo")
                .success()
        );
        p.bind_password_file = Some(fifo);
        assert!(matches!(resolve(&p), Err(SecretError::File { .. })));
        let big = d.path().join("big");
        std::fs::write(&big, format!("pw\n{}", "x".repeat(10 << 20))).expect("write");
        p.bind_password_file = Some(big);
        assert_eq!(resolve(&p).expect("ok").expect("some").expose(), "pw");
    }

    #[test]
    fn cmd_runs_without_a_shell() {
        // With a shell, `;` would start a second command; without one it is a literal argument.
        let p = with_cmd(&["echo", "a;", "echo", "b"]);
        assert_eq!(
            resolve(&p).expect("ok").expect("some").expose(),
            "a; echo b"
        );
    }
}
