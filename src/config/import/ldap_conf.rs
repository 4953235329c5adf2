//! OpenLDAP's client configuration (`ldap.conf(5)`, `~/.ldaprc`) as a provider: what the
//! OpenLDAP tools on this machine already use, read as they read it (keywords in any case,
//! the value the rest of the line, later files overriding earlier ones).

use super::{Format, Imported};
use crate::config::Provider;
use crate::config::validate::slugify;

/// The keywords of ldap.conf(5) that can start a line: how `auto` tells the format.
const KEYWORDS: &[&str] = &[
    "uri",
    "base",
    "binddn",
    "host",
    "port",
    "deref",
    "network_timeout",
    "referrals",
    "sizelimit",
    "timelimit",
    "timeout",
    "keepalive_idle",
    "keepalive_probes",
    "keepalive_interval",
    "tls_cacert",
    "tls_cacertdir",
    "tls_reqcert",
    "tls_reqsan",
    "tls_cert",
    "tls_key",
    "tls_cipher_suite",
    "tls_protocol_min",
    "tls_crlcheck",
    "tls_crlfile",
    "tls_randfile",
    "tls_ecname",
    "tls_peerkey_hash",
    "sasl_mech",
    "sasl_realm",
    "sasl_authcid",
    "sasl_authzid",
    "sasl_secprops",
    "sasl_nocanon",
    "sasl_cbinding",
    "gssapi_sign",
    "gssapi_encrypt",
    "gssapi_allow_remote_principal",
    "ssl",
    "tls",
];

/// The lines of a file as (keyword in lower case, value); comments and blank lines out.
fn lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once(|c: char| c.is_whitespace()).unwrap_or((l, ""));
            let v = v.trim();
            // "Arguments that should be quoted may be enclosed in double quotes."
            let v = v
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .unwrap_or(v);
            (k.to_ascii_lowercase(), v.to_string())
        })
        .collect()
}

/// Whether `text` reads as ldap.conf: every setting line starts with one of its keywords.
pub fn looks_like(text: &str) -> bool {
    let l = lines(text);
    !l.is_empty() && l.iter().all(|(k, _)| KEYWORDS.contains(&k.as_str()))
}

/// One provider from these files' text, in the order OpenLDAP reads them (later wins), each
/// with the name to report it by.
pub fn import(files: &[(String, String)], slug: Option<&str>) -> Result<Imported, String> {
    let mut settings: Vec<(String, String)> = Vec::new();
    for (_, text) in files {
        for (k, v) in lines(text) {
            settings.retain(|(x, _)| *x != k);
            settings.push((k, v));
        }
    }
    let get = |k: &str| {
        settings
            .iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.clone())
    };
    let mut notes = vec![format!(
        "read {}",
        files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", then ")
    )];
    let mut unmapped = Vec::new();

    let mut urls = Vec::new();
    if let Some(uri) = get("uri") {
        for u in uri.split_whitespace() {
            if u.starts_with("ldapi://") {
                notes.push(format!(
                    "URI {u} left out: ldapdeck speaks to servers over TCP, not a local socket"
                ));
            } else {
                urls.push(u.trim_end_matches('/').to_string());
            }
        }
    } else if let Some(hosts) = get("host") {
        // HOST (deprecated): host[:port] ..., PORT the default port.
        let port = get("port");
        for h in hosts.split_whitespace() {
            let url = match (&port, h.contains(':')) {
                (Some(p), false) => format!("ldap://{h}:{p}"),
                _ => format!("ldap://{h}"),
            };
            urls.push(url);
        }
        notes.push("HOST and PORT (deprecated) read as ldap:// URLs".into());
    }
    if urls.is_empty() {
        return Err(
            "no URI (or HOST) names a server: ldap.conf needs a line such as URI ldaps://ldap.example.com"
                .into(),
        );
    }
    if urls.iter().any(|u| u.starts_with("ldap://")) {
        notes.push(
            "ldap:// is plain LDAP: if the server offers StartTLS (ldapsearch -ZZ), set starttls = true"
                .into(),
        );
    }

    let wanted = slug.map_or_else(|| slugify(&host_of(&urls[0])), str::to_string);
    let mut p = Provider::new(&slugify(&wanted));
    if p.slug != wanted && slug.is_some() {
        notes.push(format!("slug '{}' made from '{wanted}'", p.slug));
    }
    p.name = format!("{} (from ldap.conf)", host_of(&urls[0]));
    p.urls = urls;
    p.base_dn = get("base");
    p.bind_dn = get("binddn");
    if p.bind_dn.is_some() {
        notes.push(
            "BINDDN has no password in ldap.conf: set bind_password_env, bind_password_file or bind_password_cmd (or be asked)"
                .into(),
        );
    }
    p.ca_file = get("tls_cacert").map(Into::into);
    match get("tls_reqcert").map(|v| v.to_ascii_lowercase()) {
        Some(v) if v == "never" || v == "allow" => {
            p.tls_verify = false;
            notes.push(format!(
                "TLS_REQCERT {v}: certificates are NOT verified (tls_verify = false), as the OpenLDAP tools do here"
            ));
        }
        Some(v) if v == "try" => notes.push(
            "TLS_REQCERT try: a certificate the server sends is verified, as ldapdeck always does"
                .into(),
        ),
        _ => {}
    }
    let secs: Vec<u64> = ["network_timeout", "timeout"]
        .iter()
        .filter_map(|k| get(k).and_then(|v| v.trim().parse::<f64>().ok()))
        .filter(|s| *s > 0.0)
        .map(|s| s.ceil() as u64)
        .collect();
    if let Some(max) = secs.iter().max() {
        p.timeout_secs = (*max).clamp(1, 600);
        notes.push(format!(
            "NETWORK_TIMEOUT/TIMEOUT: timeout_secs = {} (ldapdeck bounds connect and each operation by one timeout)",
            p.timeout_secs
        ));
    }
    if let Some(n) = get("sizelimit").and_then(|v| v.trim().parse::<u32>().ok())
        && n > 0
    {
        p.browse_cap = Some(n);
        notes.push(format!(
            "SIZELIMIT {n}: the console loads at most {n} users (browse_cap); shell listings take --limit"
        ));
    }
    if let Some(dir) = get("tls_cacertdir")
        && p.ca_file.is_none()
    {
        notes.push(format!(
            "TLS_CACERTDIR {dir}: ldapdeck reads one PEM file: concatenate the CA certificates (cat {dir}/*.pem > ca.pem) and set ca_file"
        ));
    }
    let mapped = [
        "uri",
        "host",
        "port",
        "base",
        "binddn",
        "tls_cacert",
        "tls_reqcert",
        "network_timeout",
        "timeout",
        "sizelimit",
    ];
    for (k, v) in &settings {
        if !mapped.contains(&k.as_str()) {
            unmapped.push(format!("{} {v}", k.to_ascii_uppercase()));
        }
    }
    notes.push(
        "server_type generic: set the real one (providers edit SLUG --set server_type=openldap) for its preset"
            .into(),
    );
    Ok(Imported {
        provider: p,
        format: Format::LdapConf,
        notes,
        unmapped,
    })
}

fn host_of(url: &str) -> String {
    crate::syntax::url::parse_url(url)
        .map(|u| u.host)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYSTEM: &str = "# system-wide\nURI ldaps://ldap1.corp.example ldap://ldap2.corp.example:389/ ldapi:///\nBASE dc=corp,dc=example\nTLS_CACERT /etc/ssl/certs/corp.pem\nNETWORK_TIMEOUT 5\nTIMEOUT 12\nSIZELIMIT 2000\nDEREF never\n";

    #[test]
    fn what_the_tools_read_becomes_a_provider_and_the_rest_is_named() {
        let imp = import(&[("/etc/ldap/ldap.conf".into(), SYSTEM.into())], None).expect("import");
        let p = &imp.provider;
        assert_eq!(p.slug, "ldap1-corp-example");
        assert_eq!(
            p.urls,
            [
                "ldaps://ldap1.corp.example",
                "ldap://ldap2.corp.example:389"
            ]
        );
        assert_eq!(p.base_dn.as_deref(), Some("dc=corp,dc=example"));
        assert_eq!(
            p.ca_file.as_deref(),
            Some(std::path::Path::new("/etc/ssl/certs/corp.pem"))
        );
        assert_eq!(p.timeout_secs, 12);
        assert_eq!(p.browse_cap, Some(2000));
        assert!(p.tls_verify);
        assert_eq!(imp.unmapped, ["DEREF never"]);
        assert!(
            imp.notes.iter().any(|n| n.contains("ldapi:///")),
            "{:?}",
            imp.notes
        );
        assert!(
            imp.notes.iter().any(|n| n.contains("StartTLS")),
            "{:?}",
            imp.notes
        );
    }

    #[test]
    fn a_user_file_overrides_the_system_one() {
        let user = "binddn \"cn=me,dc=corp,dc=example\"\ntls_reqcert never\nBASE ou=people,dc=corp,dc=example\n";
        let imp = import(
            &[
                ("/etc/ldap/ldap.conf".into(), SYSTEM.into()),
                ("~/.ldaprc".into(), user.into()),
            ],
            Some("corp"),
        )
        .expect("import");
        let p = &imp.provider;
        assert_eq!(p.slug, "corp");
        assert_eq!(p.bind_dn.as_deref(), Some("cn=me,dc=corp,dc=example"));
        assert_eq!(p.base_dn.as_deref(), Some("ou=people,dc=corp,dc=example"));
        assert!(!p.tls_verify);
        assert!(imp.notes.iter().any(|n| n.contains("NOT verified")));
    }

    #[test]
    fn the_format_is_told_from_its_keywords() {
        assert!(looks_like(SYSTEM));
        assert!(looks_like("  # comment\n\nhost ldap.example.com\n"));
        assert!(!looks_like("{\"url\": \"ldap://x\"}"));
        assert!(!looks_like(""));
        assert!(import(&[("f".into(), "BASE dc=x\n".into())], None).is_err());
    }

    #[test]
    fn host_and_port_are_read_as_urls() {
        let imp = import(
            &[(
                "f".into(),
                "HOST a.example b.example:1389\nPORT 3389\n".into(),
            )],
            None,
        )
        .expect("import");
        assert_eq!(
            imp.provider.urls,
            ["ldap://a.example:3389", "ldap://b.example:1389"]
        );
    }
}
