//! Runs the real `ldapdeck` binary against a config file in a temp dir.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A temp dir with a providers.toml path in it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("providers.toml");
        Env { dir, config }
    }

    pub fn write(&self, text: &str) {
        std::fs::write(&self.config, text).expect("write config");
    }

    pub fn read(&self) -> String {
        std::fs::read_to_string(&self.config).expect("read config")
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, None)
    }

    pub fn run_with(&self, args: &[&str], stdin: Option<&str>) -> Run {
        run_in(&self.config, args, stdin, None)
    }
}

/// Path of the binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ldapdeck")
}

/// Spawns `cmd` with `stdin` written to it (else /dev/null) and collects what it printed.
pub fn output(cmd: &mut Command, stdin: Option<&str>) -> std::process::Output {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin
        && let Some(mut s) = child.stdin.take()
    {
        s.write_all(input.as_bytes()).expect("stdin");
    }
    child.wait_with_output().expect("wait")
}

/// Runs the binary with `--config` and these environment variables set.
pub fn run_env(
    config: &Path,
    args: &[&str],
    stdin: Option<&str>,
    vars: &[(&str, &std::ffi::OsStr)],
) -> Run {
    let mut cmd = Command::new(bin());
    cmd.envs(vars.iter().copied());
    run_cmd(cmd, config, args, stdin)
}

/// Runs the binary with `--config`; `as_user` wraps it in setpriv to drop root.
pub fn run_in(config: &Path, args: &[&str], stdin: Option<&str>, as_user: Option<&str>) -> Run {
    let cmd = match as_user {
        Some(user) => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid", user, "--regid", "65534", "--clear-groups", bin()]);
            c
        }
        None => Command::new(bin()),
    };
    run_cmd(cmd, config, args, stdin)
}

fn run_cmd(mut cmd: Command, config: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    cmd.arg("--config")
        .arg(config)
        .args(args)
        .env_remove("LDAPDECK_CONFIG")
        .env("NO_COLOR", "1");
    let out = output(&mut cmd, stdin);
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every journal file under an XDG state dir, concatenated; each must be private (0600).
pub fn journal_text(state: &Path) -> String {
    let dir = state.join("ldapdeck/journal");
    let mut text = String::new();
    for e in std::fs::read_dir(&dir).expect("journal dir") {
        let path = e.expect("entry").path();
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&path).expect("meta").permissions(),
        );
        assert_eq!(mode & 0o777, 0o600, "{} is private", path.display());
        text.push_str(&std::fs::read_to_string(&path).expect("read journal"));
    }
    text
}

/// A fixture file shipped with the tests.
pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}
