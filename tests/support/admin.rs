//! OpenLDAP's client tools bound as a server's administrator: how the Samba and 389
//! harnesses write their fixtures and read back what ldapdeck did, independently of it.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Where and as whom the tools bind.
pub struct Admin {
    pub url: String,
    pub dn: &'static str,
    /// A file holding the password (`-y`), never argv.
    pub pw_file: PathBuf,
    /// The CA to trust for an ldaps:// URL.
    pub ca_file: Option<PathBuf>,
}

impl Admin {
    /// Runs `tool` (ldapmodify, ldapsearch...) with these arguments and this stdin.
    pub fn run(&self, tool: &str, args: &[&str], stdin: Option<&str>) -> Output {
        let mut cmd = Command::new(tool);
        cmd.args(["-x", "-H", &self.url, "-D", self.dn, "-y"])
            .arg(&self.pw_file)
            .args(args);
        if let Some(ca) = &self.ca_file {
            cmd.env("LDAPTLS_CACERT", ca);
        }
        super::cli::output(&mut cmd, stdin)
    }

    /// Applies LDIF change records, failing the test on error.
    pub fn modify(&self, ldif: &str) {
        let out = self.run("ldapmodify", &[], Some(ldif));
        assert!(
            out.status.success(),
            "ldapmodify refused:\n{ldif}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// An entry as sorted `attr: value` lines; empty when absent.
    pub fn entry(&self, dn: &str, attrs: &[&str]) -> Vec<String> {
        let mut args = vec!["-LLL", "-o", "ldif-wrap=no", "-b", dn, "-s", "base"];
        args.extend_from_slice(attrs);
        let out = self.run("ldapsearch", &args, None);
        let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("dn:"))
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    }

    /// One attribute's values (the case the server writes the name in does not matter).
    pub fn values(&self, dn: &str, attr: &str) -> Vec<String> {
        self.entry(dn, &[attr])
            .into_iter()
            .filter_map(|l| {
                let (k, v) = l.split_once(": ")?;
                k.eq_ignore_ascii_case(attr).then(|| v.to_string())
            })
            .collect()
    }
}
