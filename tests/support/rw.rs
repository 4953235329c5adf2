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
    /// The environment variables the config names for bind passwords, with their values.
    vars: Vec<(&'static str, &'static str)>,
}

impl Rw {
    /// `config` is written to the providers file; its providers read `var` for the password.
    pub fn new(config: &str, var: &'static str, pw: &'static str) -> Rw {
        Rw::with_vars(config, &[(var, pw)])
    }

    /// As `new`, for a config whose providers read several variables.
    pub fn with_vars(config: &str, vars: &[(&'static str, &'static str)]) -> Rw {
        let env = Env::new();
        env.write(config);
        Rw {
            env,
            state: tempfile::tempdir().expect("tempdir"),
            vars: vars.to_vec(),
        }
    }

    /// Runs the binary on this config, with the passwords and the journal directory set.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Run {
        let mut vars: Vec<(&str, &std::ffi::OsStr)> =
            self.vars.iter().map(|(k, v)| (*k, v.as_ref())).collect();
        vars.push(("XDG_STATE_HOME", self.state.path().as_os_str()));
        run_env(&self.env.config, args, stdin, &vars)
    }

    /// `run`, which must exit 0; its JSON.
    pub fn ok(&self, args: &[&str], stdin: Option<&str>) -> serde_json::Value {
        let r = self.run(args, stdin);
        assert_eq!(
            r.code, 0,
            "{args:?}\nstdout {}\nstderr {}",
            r.stdout, r.stderr
        );
        r.json()
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
