//! Ad-hoc targets: `ldapdeck test ldaps://host` and `ldapdeck authorize ldaps://host USER`
//! on a server no provider names yet, from flags and OpenLDAP's own environment variables
//! (LDAPURI, LDAPBASE, LDAPBINDDN, LDAPTLS_CACERT, LDAPTLS_REQCERT), as ldapsearch takes them.

use std::path::{Path, PathBuf};

use clap::Args;

use super::output::Output;
use crate::config::{Provider, ServerType};
use crate::error::Error;
use crate::text::shell_word;

/// Where and how to connect when the target is a URL instead of a saved provider.
#[derive(Debug, Args, Default, Clone)]
pub struct TargetArgs {
    /// With a URL: the server type (openldap, posix, free_ipa, 389ds, active_directory,
    /// generic), whose preset fills attributes and filters.
    #[arg(long = "type", value_name = "TYPE")]
    pub server_type: Option<String>,
    /// With a URL: the DN to bind as (default: $LDAPBINDDN, else anonymous).
    #[arg(long, value_name = "DN")]
    pub bind_dn: Option<String>,
    /// With a URL: the search base (default: $LDAPBASE).
    #[arg(long, value_name = "DN")]
    pub base_dn: Option<String>,
    /// With a URL: the CA certificate(s) in PEM that sign the server's (default:
    /// $LDAPTLS_CACERT, else the system's).
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// With an ldap:// URL: upgrade with StartTLS.
    #[arg(long)]
    pub starttls: bool,
    /// With a URL: do not verify the certificate (dangerous; also $LDAPTLS_REQCERT=never).
    #[arg(long)]
    pub no_tls_verify: bool,
    /// With a URL: connect and operation timeout in seconds (1-600).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// With a URL: take the bind DN's password from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub bind_password_env: Option<String>,
    /// With a URL: take the bind DN's password from the first line of this file.
    #[arg(long, value_name = "FILE")]
    pub bind_password_file: Option<PathBuf>,
}

impl TargetArgs {
    /// Whether any flag was given (they only make sense with a URL).
    fn any(&self) -> bool {
        self.server_type.is_some()
            || self.bind_dn.is_some()
            || self.base_dn.is_some()
            || self.ca_file.is_some()
            || self.starttls
            || self.no_tls_verify
            || self.timeout.is_some()
            || self.bind_password_env.is_some()
            || self.bind_password_file.is_some()
    }
}

/// What the command runs on: a saved provider, or one made up from a URL (`adhoc`).
pub struct Target {
    pub provider: Provider,
    pub adhoc: bool,
}

/// Whether the command line names a server rather than a slug.
pub fn is_url(s: &str) -> bool {
    s.contains("://")
}

/// The provider `target` names: a slug of providers.toml, or a URL (with the flags and
/// OpenLDAP's variables); with no target at all, $LDAPURI.
pub fn resolve(
    path: &Path,
    target: Option<&str>,
    a: &TargetArgs,
    out: &Output,
) -> Result<Target, Error> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
    let urls: Vec<String> = match target {
        Some(t) if !is_url(t) => {
            if a.any() {
                return Err(Error::Usage(format!(
                    "--type, --bind-dn, --base-dn, --ca-file, --starttls, --no-tls-verify, --timeout and --bind-password-* describe a server given by URL; '{t}' is a saved provider: change it with `ldapdeck providers edit {t} --set key=value`"
                )));
            }
            return Ok(Target {
                provider: out.load(path)?.get(t)?.clone(),
                adhoc: false,
            });
        }
        Some(t) => vec![t.to_string()],
        None => match env("LDAPURI") {
            Some(u) => u.split_whitespace().map(str::to_string).collect(),
            None => {
                return Err(Error::Usage(
                    "name a provider (its slug) or a server (ldap://host or ldaps://host[:port]), or set LDAPURI".into(),
                ));
            }
        },
    };
    Ok(Target {
        provider: adhoc(urls, a, &env)?,
        adhoc: true,
    })
}

fn adhoc(
    urls: Vec<String>,
    a: &TargetArgs,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Provider, Error> {
    let mut p = Provider::new(&slug_for(&urls[0]));
    let ty = a.server_type.as_deref().unwrap_or("generic");
    p.server_type = ServerType::parse(ty).ok_or_else(|| {
        Error::Usage(format!(
            "unknown --type '{ty}': use openldap, posix, free_ipa, 389ds, active_directory or generic"
        ))
    })?;
    p.urls = urls;
    p.starttls = a.starttls;
    // Absolute, so the `providers add` line still works from another directory.
    p.ca_file = a
        .ca_file
        .clone()
        .or_else(|| env("LDAPTLS_CACERT").map(PathBuf::from))
        .map(|f| std::fs::canonicalize(&f).unwrap_or(f));
    let never = env("LDAPTLS_REQCERT").is_some_and(|v| v.eq_ignore_ascii_case("never"));
    p.tls_verify = !(a.no_tls_verify || never);
    if let Some(t) = a.timeout {
        p.timeout_secs = t;
    }
    p.bind_dn = a.bind_dn.clone().or_else(|| env("LDAPBINDDN"));
    p.base_dn = a.base_dn.clone().or_else(|| env("LDAPBASE"));
    p.bind_password_env = a.bind_password_env.clone();
    p.bind_password_file = a
        .bind_password_file
        .clone()
        .map(|f| std::fs::canonicalize(&f).unwrap_or(f));
    p.fill_from_preset();
    Ok(p)
}

/// A slug from a URL's host: `ldaps://dc1.corp.example:636` → `dc1-corp-example`.
pub fn slug_for(url: &str) -> String {
    let host = crate::syntax::url::parse_url(url)
        .map(|u| u.host)
        .unwrap_or_default();
    crate::config::validate::slugify(&host)
}

/// The `providers add` line that saves what an ad-hoc run used; never a password: where it
/// came from (`--password-env`, `--password-file`) or nothing.
pub fn add_command(p: &Provider, password_env: Option<&str>) -> String {
    let mut words = vec![
        "ldapdeck".to_string(),
        "providers".into(),
        "add".into(),
        p.slug.clone(),
        "--type".into(),
        p.server_type.as_str().into(),
    ];
    for u in &p.urls {
        words.extend(["--url".into(), u.clone()]);
    }
    if p.starttls {
        words.push("--starttls".into());
    }
    if let Some(f) = &p.ca_file {
        words.extend(["--ca-file".into(), f.display().to_string()]);
    }
    if !p.tls_verify {
        words.push("--no-tls-verify".into());
    }
    if p.timeout_secs != crate::config::provider::DEFAULT_TIMEOUT_SECS {
        words.extend(["--timeout".into(), p.timeout_secs.to_string()]);
    }
    if let Some(d) = &p.bind_dn {
        words.extend(["--bind-dn".into(), d.clone()]);
    }
    if let Some(b) = &p.base_dn {
        words.extend(["--base-dn".into(), b.clone()]);
    }
    if let Some(v) = p.bind_password_env.as_deref().or(password_env) {
        words.extend(["--password-env".into(), v.to_string()]);
    } else if let Some(f) = &p.bind_password_file {
        words.extend(["--password-file".into(), f.display().to_string()]);
    }
    words
        .iter()
        .map(|w| shell_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_comes_from_the_host() {
        assert_eq!(slug_for("ldaps://dc1.corp.example:636"), "dc1-corp-example");
        assert_eq!(slug_for("ldap://[::1]:389/"), "1");
        assert_eq!(slug_for("ldap://LDAP.Example.COM"), "ldap-example-com");
        assert_eq!(slug_for("ldap://"), "provider");
    }

    #[test]
    fn the_add_line_names_where_the_password_comes_from_never_the_password() {
        let mut p = Provider::new("h");
        p.urls = vec!["ldaps://h".into()];
        p.bind_dn = Some("cn=svc,dc=x".into());
        p.bind_password = Some(crate::config::Secret::new("hunter2"));
        let line = add_command(&p, Some("SVC_PW"));
        assert!(line.contains("--password-env SVC_PW"), "{line}");
        assert!(!line.contains("hunter2"), "{line}");
        assert!(line.starts_with("ldapdeck providers add h --type generic --url ldaps://h"));
    }
}
