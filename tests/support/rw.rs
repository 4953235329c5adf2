//! What the tests that write share: a config bound as an account that may write, a private
//! journal directory, and the entry as ldapsearch sees it afterwards.

#![allow(dead_code)]

use std::process::Command;

use super::cli::{Env, Run, run_env};
use super::slapd::{self, ADMIN_DN, ADMIN_PW};

/// A config in a temp dir and a journal of its own (XDG_STATE_HOME).
pub struct Rw {
    pub env: Env,
    pub state: tempfile::TempDir,
    /// The environment variable the config names for the bind password, and its value.
    var: &'static str,
    pw: &'static str,
}

impl Rw {
    /// `config` is written to the providers file; its providers read `var` for the password.
    pub fn new(config: &str, var: &'static str, pw: &'static str) -> Rw {
        let env = Env::new();
        env.write(config);
        Rw {
            env,
            state: tempfile::tempdir().expect("tempdir"),
            var,
            pw,
        }
    }

    /// Runs the binary on this config, with the password and the journal directory set.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        run_env(
            &self.env.config,
            args,
            stdin,
            &[
                (self.var, self.pw.as_ref()),
                ("XDG_STATE_HOME", self.state.path().as_os_str()),
            ],
        )
    }
}

/// The entry as ldapsearch sees it on the shared slapd, as the rootdn (sorted lines; None
/// when it does not exist).
pub fn entry(dn: &str) -> Option<Vec<String>> {
    let s = slapd::shared();
    let pw = tempfile::NamedTempFile::new().expect("pw file");
    std::fs::write(pw.path(), ADMIN_PW).expect("write pw");
    let out = Command::new("ldapsearch")
        .args(["-LLL", "-o", "ldif-wrap=no", "-x", "-H", &s.ldap_url()])
        .args(["-D", ADMIN_DN, "-y"])
        .arg(pw.path())
        .args(["-b", dn, "-s", "base", "(objectClass=*)"])
        .output()
        .expect("ldapsearch (ldap-utils) must be installed");
    match out.status.code() {
        Some(0) => {
            let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            lines.sort();
            Some(lines)
        }
        Some(32) => None,
        other => panic!(
            "ldapsearch {dn}: {other:?} {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The entry has this line (`attr: value`).
pub fn has(dn: &str, line: &str) -> bool {
    entry(dn).is_some_and(|e| e.iter().any(|l| l == line))
}
