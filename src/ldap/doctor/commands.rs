//! The command a sysadmin would run to check a doctor step by hand (getent, nc, openssl
//! s_client, ldapwhoami, ldapsearch), for the provider as configured. A password never
//! appears: the OpenLDAP tools ask for it (`-W`).

use crate::config::Provider;
use crate::ldap::read::search::PAGE_SIZE;
use crate::syntax::url::{LdapUrl, parse_url};
use crate::text::shell_word;

/// The equivalent of `step` for `p`, or `None` where there is none (the config step, TLS on
/// a plain URL, a base that is not set).
pub fn equivalent(p: &Provider, step: &str) -> Option<String> {
    let url = p.urls.first().and_then(|u| parse_url(u).ok())?;
    let q = |s: &str| shell_word(s);
    match step {
        "dns" => Some(format!("getent ahosts {}", q(&url.host))),
        "tcp" => Some(format!(
            "nc -vz -w {} {} {}",
            p.timeout_secs,
            q(&url.host),
            url.port
        )),
        "tls" => tls(p, &url),
        "bind" => Some(format!("{}ldapwhoami {}", tls_env(p), auth(p, &url))),
        "rootdse" => Some(format!(
            "{}ldapsearch {} -b '' -s base '*' '+'",
            tls_env(p),
            auth(p, &url)
        )),
        "base_dn" => p
            .base_dn
            .as_deref()
            .map(|b| search(p, &url, b, "base", None, &["1.1"])),
        "users" => {
            let base = p.users_base.as_deref().or(p.base_dn.as_deref())?;
            // Counted as the doctor counts: PAGE_SIZE at a time, DNs only.
            let filter = p.effective_user_filter();
            Some(search(
                p,
                &url,
                base,
                "sub",
                Some((filter, PAGE_SIZE)),
                &["1.1"],
            ))
        }
        "groups" => {
            let base = p.groups_base.as_deref()?;
            let filter = p.group_class_filter();
            Some(search(
                p,
                &url,
                base,
                "sub",
                Some((&filter, PAGE_SIZE)),
                &["1.1"],
            ))
        }
        _ => None,
    }
}

/// `openssl s_client` as the TLS step connects: ldaps from the first byte, or StartTLS.
fn tls(p: &Provider, url: &LdapUrl) -> Option<String> {
    let starttls = if url.tls {
        ""
    } else if p.starttls {
        "-starttls ldap "
    } else {
        return None;
    };
    let mut cmd = format!(
        "openssl s_client {starttls}-connect {}",
        shell_word(&url.authority())
    );
    // SNI is a host name only: an address is not sent.
    if url.host.parse::<std::net::IpAddr>().is_err() {
        cmd.push_str(&format!(
            " -servername {} -verify_hostname {}",
            shell_word(&url.host),
            shell_word(&url.host)
        ));
    } else {
        cmd.push_str(&format!(" -verify_ip {}", shell_word(&url.host)));
    }
    if let Some(ca) = &p.ca_file {
        cmd.push_str(&format!(
            " -CAfile {}",
            shell_word(&ca.display().to_string())
        ));
    }
    if p.tls_verify {
        cmd.push_str(" -verify_return_error");
    }
    cmd.push_str(" -showcerts </dev/null");
    Some(cmd)
}

/// The variables that make the OpenLDAP tools trust what the provider trusts.
fn tls_env(p: &Provider) -> String {
    let mut env = String::new();
    if let Some(ca) = &p.ca_file {
        env.push_str(&format!(
            "LDAPTLS_CACERT={} ",
            shell_word(&ca.display().to_string())
        ));
    }
    if !p.tls_verify {
        env.push_str("LDAPTLS_REQCERT=never ");
    }
    env
}

/// `-x -H URL [-ZZ] [-D DN -W]`: a simple bind as the provider's, asking for the password.
fn auth(p: &Provider, url: &LdapUrl) -> String {
    let mut a = format!("-x -H {}", shell_word(&url.to_string()));
    if p.starttls && !url.tls {
        a.push_str(" -ZZ");
    }
    if let Some(dn) = &p.bind_dn {
        a.push_str(&format!(" -D {} -W", shell_word(dn)));
    }
    a
}

/// An ldapsearch of `base` (a filter makes it paged, `page` at a time) for these attributes
/// (none: all user attributes).
fn search(
    p: &Provider,
    url: &LdapUrl,
    base: &str,
    scope: &str,
    paged: Option<(&str, i32)>,
    attrs: &[&str],
) -> String {
    let mut cmd = format!(
        "{}ldapsearch {} -b {} -s {scope}",
        tls_env(p),
        auth(p, url),
        shell_word(base)
    );
    if let Some((f, page)) = paged {
        cmd.push_str(&format!(" -E pr={page}/noprompt {}", shell_word(f)));
    }
    for a in attrs {
        cmd.push(' ');
        cmd.push_str(&shell_word(a));
    }
    cmd
}

/// The ldapsearch that asks what a listing of ldapdeck's asks: `scope` base, one or sub,
/// paged as the provider pages, these attributes (none: all user attributes).
pub fn ldapsearch(
    p: &Provider,
    base: &str,
    scope: &str,
    filter: &str,
    attrs: &[String],
) -> Option<String> {
    let url = p.urls.first().and_then(|u| parse_url(u).ok())?;
    let page = p.page_size.map_or(PAGE_SIZE, |n| n as i32);
    let attrs: Vec<&str> = attrs.iter().map(String::as_str).collect();
    Some(search(p, &url, base, scope, Some((filter, page)), &attrs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(url: &str) -> Provider {
        let mut p = Provider::new("corp");
        p.urls = vec![url.into()];
        p.ca_file = Some("/etc/ldap/corp ca.pem".into());
        p.bind_dn = Some("cn=svc,dc=corp".into());
        p.base_dn = Some("dc=corp".into());
        p.groups_base = Some("ou=groups,dc=corp".into());
        p
    }

    #[test]
    fn each_step_has_the_command_that_checks_it_by_hand() {
        let p = provider("ldaps://dc1.corp:636");
        let c = |s| equivalent(&p, s).unwrap_or_default();
        assert_eq!(c("dns"), "getent ahosts dc1.corp");
        assert_eq!(c("tcp"), "nc -vz -w 10 dc1.corp 636");
        assert_eq!(
            c("tls"),
            "openssl s_client -connect dc1.corp:636 -servername dc1.corp -verify_hostname dc1.corp -CAfile '/etc/ldap/corp ca.pem' -verify_return_error -showcerts </dev/null"
        );
        assert_eq!(
            c("bind"),
            "LDAPTLS_CACERT='/etc/ldap/corp ca.pem' ldapwhoami -x -H ldaps://dc1.corp:636 -D cn=svc,dc=corp -W"
        );
        assert!(
            c("rootdse").ends_with("-b '' -s base '*' '+'"),
            "{}",
            c("rootdse")
        );
        assert!(
            c("base_dn").ends_with("-b dc=corp -s base 1.1"),
            "{}",
            c("base_dn")
        );
        assert!(
            c("users").contains("-b dc=corp -s sub -E pr=500/noprompt '("),
            "{}",
            c("users")
        );
        assert!(
            c("groups").contains("-b ou=groups,dc=corp"),
            "{}",
            c("groups")
        );
        assert_eq!(equivalent(&p, "config"), None);
        assert_eq!(
            ldapsearch(
                &p,
                "ou=people,dc=corp",
                "one",
                "(uid=a*)",
                &["uid".into(), "+".into()]
            )
            .unwrap_or_default(),
            "LDAPTLS_CACERT='/etc/ldap/corp ca.pem' ldapsearch -x -H ldaps://dc1.corp:636 -D cn=svc,dc=corp -W -b ou=people,dc=corp -s one -E pr=500/noprompt '(uid=a*)' uid +"
        );
    }

    #[test]
    fn starttls_plain_and_unverified_connections_say_so() {
        let mut p = provider("ldap://10.0.0.5");
        p.starttls = true;
        p.tls_verify = false;
        p.ca_file = None;
        let tls = equivalent(&p, "tls").unwrap_or_default();
        assert!(
            tls.starts_with(
                "openssl s_client -starttls ldap -connect 10.0.0.5:389 -verify_ip 10.0.0.5"
            ),
            "{tls}"
        );
        assert!(!tls.contains("-verify_return_error"), "{tls}");
        let bind = equivalent(&p, "bind").unwrap_or_default();
        assert!(
            bind.starts_with("LDAPTLS_REQCERT=never ldapwhoami -x -H ldap://10.0.0.5:389 -ZZ"),
            "{bind}"
        );
        p.starttls = false;
        assert_eq!(equivalent(&p, "tls"), None);
    }

    #[test]
    fn no_password_ever_appears() {
        let mut p = provider("ldaps://h");
        p.bind_password = Some(crate::config::Secret::new("hunter2"));
        for s in super::super::ORDER {
            assert!(!equivalent(&p, s).unwrap_or_default().contains("hunter2"));
        }
    }
}
