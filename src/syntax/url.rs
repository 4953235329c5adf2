//! `ldap://` and `ldaps://` URLs as ldapdeck accepts them: scheme, host and port only.

use std::fmt;

/// A parsed server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LdapUrl {
    /// `ldaps://` (TLS from the first byte) rather than `ldap://`.
    pub tls: bool,
    /// Host name or address, IPv6 without brackets.
    pub host: String,
    /// Port, defaulted from the scheme (389 or 636).
    pub port: u16,
    /// Whether the port was written in the URL.
    pub explicit_port: bool,
}

impl LdapUrl {
    /// The scheme as written in a URL.
    pub fn scheme(&self) -> &'static str {
        if self.tls { "ldaps" } else { "ldap" }
    }

    /// `host:port`, bracketing IPv6 addresses, for socket APIs.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

impl fmt::Display for LdapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme(), self.authority())
    }
}

/// Default port of a scheme.
pub fn default_port(tls: bool) -> u16 {
    if tls { 636 } else { 389 }
}

/// Parses `ldap[s]://host[:port][/]`; the message says what a right URL looks like.
pub fn parse_url(s: &str) -> Result<LdapUrl, String> {
    let s = s.trim();
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(format!(
            "'{s}' has no scheme: write ldap://{s} (plain or StartTLS, port 389) or ldaps://{s} (TLS, port 636)"
        ));
    };
    let tls = match scheme.to_ascii_lowercase().as_str() {
        "ldap" => false,
        "ldaps" => true,
        "ldapi" => {
            return Err("ldapi:// (Unix socket) is not supported: use ldap://127.0.0.1".into());
        }
        other => {
            return Err(format!(
                "scheme '{other}' is not LDAP: use ldap:// or ldaps://"
            ));
        }
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.contains('/') || rest.contains('?') {
        return Err(
            "the URL may hold only scheme, host and port: put the base DN in base_dn".into(),
        );
    }
    if rest.contains('@') {
        return Err(
            "credentials do not belong in the URL: use bind_dn and a password source".into(),
        );
    }
    let (host, port_str) = if let Some(after) = rest.strip_prefix('[') {
        let Some((h, tail)) = after.split_once(']') else {
            return Err("an IPv6 address needs a closing ']' (e.g. ldap://[::1]:389)".into());
        };
        if h.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("'{h}' is not an IPv6 address"));
        }
        match tail {
            "" => (h.to_string(), None),
            t => match t.strip_prefix(':') {
                Some(p) => (h.to_string(), Some(p)),
                None => return Err(format!("unexpected '{t}' after the IPv6 address")),
            },
        }
    } else {
        match rest.rsplit_once(':') {
            Some((h, _)) if h.contains(':') => {
                return Err("put an IPv6 address in brackets: ldap://[::1]:389".into());
            }
            Some((h, p)) => (h.to_string(), Some(p)),
            None => (rest.to_string(), None),
        }
    };
    if host.is_empty() {
        return Err("the URL has no host: e.g. ldaps://ldap.example.com".into());
    }
    if !host.contains(':')
        && let Some(bad) = host
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')))
    {
        return Err(format!(
            "host '{host}' contains '{bad}', which no host name can"
        ));
    }
    let (port, explicit_port) = match port_str {
        None => (default_port(tls), false),
        Some(p) => match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => (n as u16, true),
            _ => return Err(format!("port '{p}' is not a number from 1 to 65535")),
        },
    };
    Ok(LdapUrl {
        tls,
        host,
        port,
        explicit_port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_ports_and_defaults() {
        let u = parse_url("ldaps://ldap.example.com").expect("ok");
        assert_eq!((u.tls, u.port, u.explicit_port), (true, 636, false));
        let u = parse_url("LDAP://10.0.0.1:1389/").expect("ok");
        assert_eq!((u.tls, u.host.as_str(), u.port), (false, "10.0.0.1", 1389));
        let u = parse_url("ldap://[::1]:3389").expect("ok");
        assert_eq!((u.host.as_str(), u.port), ("::1", 3389));
        assert_eq!(u.to_string(), "ldap://[::1]:3389");
        assert_eq!(parse_url("ldaps://[::1]").expect("ok").port, 636);
    }

    #[test]
    fn rejects_with_advice() {
        for (bad, needle) in [
            ("ldap.example.com", "no scheme"),
            ("https://x", "not LDAP"),
            ("ldap://", "no host"),
            ("ldap://h:0", "1 to 65535"),
            ("ldap://h:70000", "1 to 65535"),
            ("ldap://h:x", "1 to 65535"),
            ("ldap://h/dc=x", "base_dn"),
            ("ldap://::1", "brackets"),
            ("ldap://[::1", "closing"),
            ("ldap://a b", "contains ' '"),
            ("ldap://u:p@h", "credentials"),
            ("ldapi:///run/x", "not supported"),
        ] {
            let e = parse_url(bad).expect_err(bad);
            assert!(e.contains(needle), "{bad}: {e}");
        }
    }
}
