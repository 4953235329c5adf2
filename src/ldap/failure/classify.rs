//! Turns io, rustls and ldap3 errors into a named cause with a hint: a pure function of the
//! error and what was being attempted, so it is unit-tested on the exact structures seen
//! from real servers.

use std::io;

use ldap3::LdapError;
use rustls::{AlertDescription, CertificateError};

use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::net::tls::{CertInfo, Trust};

/// What was being attempted when the error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Resolving the host name.
    Dns,
    /// Opening the TCP connection.
    Tcp,
    /// The TLS handshake (ldaps, or after StartTLS).
    Tls,
    /// The StartTLS request itself.
    StartTls,
    /// The bind.
    Bind,
    /// A search or other operation after the bind.
    Search,
    /// An add, modify, delete or rename.
    Write,
}

/// Facts about the attempt that make a hint precise.
#[derive(Debug, Clone)]
pub struct Context {
    /// Host from the URL.
    pub host: String,
    /// Port from the URL.
    pub port: u16,
    /// The URL is `ldaps://`.
    pub ldaps: bool,
    /// StartTLS was asked for.
    pub starttls: bool,
    /// What the TLS client trusts.
    pub trust: Trust,
    /// The chain the server presented, leaf first (empty when none was seen).
    pub chain: Vec<CertInfo>,
    /// The provider's timeout.
    pub timeout_secs: u64,
    /// The DN being bound, if any.
    pub bind_dn: Option<String>,
    /// Where the password came from, in words.
    pub password_source: String,
    /// The password that was sent, so a server echoing it in a message is scrubbed.
    pub secret: Option<crate::config::Secret>,
    /// The guard's verdict on the connection: a malformed message outranks what ldap3 saw.
    pub faults: crate::ldap::net::guard::Faults,
}

impl Context {
    fn hostport(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// Classifies a failed operation of ldap3.
pub fn classify_ldap(e: &LdapError, phase: Phase, ctx: &Context) -> Diagnosis {
    if let Some(f) = ctx.faults.get() {
        return protocol_fault(&f, phase, ctx);
    }
    match e {
        LdapError::Timeout { .. } => timeout(phase, ctx),
        LdapError::Io { source } => classify_io(source, phase, ctx),
        LdapError::ResultRecv { .. } | LdapError::OpSend { .. } | LdapError::EndOfStream => {
            connection_lost(
                phase,
                ctx,
                "the connection closed before the server answered",
            )
        }
        LdapError::LdapResult { result } => {
            classify_rc(result.rc, &result.text, &result.matched, phase, ctx)
        }
        LdapError::FilterParsing => Diagnosis::new(
            Cause::BadFilter,
            "the filter is not valid LDAP filter syntax",
            "fix the filter: it must be parenthesised, e.g. (&(objectClass=person)(uid=*))",
        ),
        LdapError::Rustls { source } => classify_rustls(source, ctx),
        other => Diagnosis::new(
            Cause::ServerProtocolError,
            format!("unexpected client error: {other}"),
            "this looks like a bug or an unusual server; run with the same settings against ldapsearch to compare",
        ),
    }
}

/// The guard closed the connection: the server sent something that is not LDAP.
pub fn protocol_fault(
    f: &crate::ldap::net::guard::Fault,
    phase: Phase,
    ctx: &Context,
) -> Diagnosis {
    use crate::ldap::net::guard::Fault;
    let hp = ctx.hostport();
    let text = crate::ldap::net::session::fault_text(f);
    match f {
        Fault::Truncated(_) => connection_lost(phase, ctx, &text),
        Fault::NotLdap("TLS") => plain_on_tls_port(ctx),
        Fault::NotLdap(service) => Diagnosis::new(
            Cause::NotLdap,
            format!("{hp} answers {service}, not LDAP"),
            format!(
                "check the port in urls: {} is another service's (LDAP is usually 389, LDAPS 636)",
                ctx.port
            ),
        ),
        Fault::TooLarge { .. } => Diagnosis::new(
            Cause::ServerProtocolError,
            format!("{hp}: {text}"),
            "a legitimate entry this large is rare: raise max_message_mib in the provider if it is expected, else check what answers on that port",
        ),
        Fault::Malformed(_) => Diagnosis::new(
            Cause::ServerProtocolError,
            format!("{hp}: {text}"),
            "check that the URL points at an LDAP server (not a proxy or another service) and the server's log",
        ),
    }
}

/// Classifies an I/O error (also TLS errors, which arrive wrapped in io::Error).
pub fn classify_io(e: &io::Error, phase: Phase, ctx: &Context) -> Diagnosis {
    if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return classify_rustls(tls, ctx);
    }
    let hp = ctx.hostport();
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Diagnosis::new(
            Cause::ConnectionRefused,
            format!("{hp} refused the connection: nothing listens on that port"),
            format!(
                "is the LDAP server running on {}, and is {} its port? (usually 389 for ldap://, 636 for ldaps://)",
                ctx.host, ctx.port
            ),
        ),
        io::ErrorKind::TimedOut => timeout(phase, ctx),
        io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => Diagnosis::new(
            Cause::Unreachable,
            format!("{hp} is unreachable: {e}"),
            "check the address and this machine's routes and firewall",
        ),
        io::ErrorKind::UnexpectedEof if phase == Phase::Tls => tls_on_plain_port(ctx),
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::UnexpectedEof
        | io::ErrorKind::BrokenPipe => connection_lost(phase, ctx, &e.to_string()),
        _ if phase == Phase::Dns => Diagnosis::new(
            Cause::DnsNotFound,
            format!("the host name {} does not resolve: {e}", ctx.host),
            "check the host name in urls for a typo, or this machine's DNS (/etc/resolv.conf, /etc/hosts)",
        ),
        _ => Diagnosis::new(
            Cause::ConnectionLost,
            format!("network error talking to {hp}: {e}"),
            "check the server's log and the network between here and the server",
        ),
    }
}

fn timeout(phase: Phase, ctx: &Context) -> Diagnosis {
    let hp = ctx.hostport();
    let t = ctx.timeout_secs;
    match phase {
        Phase::Dns => Diagnosis::new(
            Cause::Timeout,
            format!("resolving {} took more than {t} s", ctx.host),
            "the DNS server does not answer: check /etc/resolv.conf or use the IP address",
        ),
        Phase::Tcp => Diagnosis::new(
            Cause::Timeout,
            format!("{hp} did not accept a connection within {t} s"),
            "a firewall drops the packets, or the host is down: check the port is open from this machine",
        ),
        Phase::Tls | Phase::StartTls => Diagnosis::new(
            Cause::Timeout,
            format!("{hp} accepted the connection but sent nothing for {t} s"),
            if ctx.starttls {
                "StartTLS got no answer: if this port is an LDAPS port, use ldaps:// without starttls; otherwise the server is hung"
            } else {
                "the server (or whatever listens there) is hung or is not an LDAP server"
            },
        ),
        Phase::Bind | Phase::Search | Phase::Write => Diagnosis::new(
            Cause::Timeout,
            format!("{hp} did not answer within timeout_secs = {t}"),
            "the server is overloaded or hung; if it is only slow, raise timeout_secs",
        ),
    }
}

fn tls_on_plain_port(ctx: &Context) -> Diagnosis {
    Diagnosis::new(
        Cause::TlsOnPlainPort,
        format!(
            "{} closed the connection during the TLS handshake: it speaks plain LDAP, not LDAPS",
            ctx.hostport()
        ),
        format!(
            "use ldap://{} (add starttls = true to encrypt it), or the server's LDAPS port (usually 636)",
            ctx.hostport()
        ),
    )
}

/// The diagnosis for a port that closed on our first plain LDAP message but talks TLS.
pub fn plain_on_tls_port(ctx: &Context) -> Diagnosis {
    Diagnosis::new(
        Cause::PlainOnTlsPort,
        format!(
            "{} expects TLS from the first byte (an LDAPS port), but ldapdeck spoke plain LDAP{}",
            ctx.hostport(),
            if ctx.starttls {
                " to start StartTLS"
            } else {
                ""
            }
        ),
        format!(
            "use ldaps://{}{}",
            ctx.hostport(),
            if ctx.starttls {
                " and remove starttls"
            } else {
                ""
            }
        ),
    )
}

fn connection_lost(phase: Phase, ctx: &Context, what: &str) -> Diagnosis {
    let during = match phase {
        Phase::Bind => "during the bind",
        Phase::Search => "in the middle of an operation",
        Phase::Tls => "during the TLS handshake",
        Phase::StartTls => "during StartTLS",
        _ => "",
    };
    Diagnosis::new(
        Cause::ConnectionLost,
        format!("{} went away {during}: {what}", ctx.hostport()),
        "check the server's log: it may have restarted, crashed, or hit a limit (idletimeout, connection limits)",
    )
}

/// Classifies a TLS failure, using the recorded chain to name the signer.
pub fn classify_rustls(e: &rustls::Error, ctx: &Context) -> Diagnosis {
    let leaf = ctx.chain.first();
    match e {
        rustls::Error::InvalidCertificate(ce) => classify_cert(ce, ctx),
        rustls::Error::AlertReceived(AlertDescription::ProtocolVersion)
        | rustls::Error::AlertReceived(AlertDescription::InsufficientSecurity)
        | rustls::Error::PeerIncompatible(_) => Diagnosis::new(
            Cause::TlsProtocolVersion,
            format!("the server and ldapdeck share no TLS version or cipher suite ({e})"),
            "ldapdeck speaks TLS 1.2 and 1.3 with modern ciphers: enable them on the server (old DCs and eDirectory often need it)",
        ),
        rustls::Error::InvalidMessage(_) => tls_on_plain_port(ctx),
        rustls::Error::AlertReceived(AlertDescription::HandshakeFailure)
        | rustls::Error::AlertReceived(AlertDescription::CertificateRequired) => Diagnosis::new(
            Cause::TlsHandshake,
            format!("the server ended the handshake ({e})"),
            "the server may require a client certificate, or accept no cipher ldapdeck offers: check its TLS settings",
        ),
        other => Diagnosis::new(
            Cause::TlsHandshake,
            format!("TLS handshake failed: {other}"),
            match leaf {
                Some(l) => format!(
                    "the server presented {}; check its TLS configuration",
                    l.subject
                ),
                None => "check the server's TLS configuration and log".into(),
            },
        ),
    }
}

fn classify_cert(ce: &CertificateError, ctx: &Context) -> Diagnosis {
    let leaf = ctx.chain.first();
    let subject = leaf.map_or("the server certificate".to_string(), |l| l.subject.clone());
    match ce {
        CertificateError::UnknownIssuer => {
            let (detail, hint) = match leaf {
                Some(l) if l.self_signed => (
                    format!(
                        "the server certificate {} is self-signed and not trusted",
                        l.subject
                    ),
                    "set ca_file to that certificate (or have the server use a CA-signed one)"
                        .to_string(),
                ),
                Some(l) => (
                    format!(
                        "the server certificate {} was signed by {}, a CA that is not trusted here",
                        l.subject, l.issuer
                    ),
                    match &ctx.trust {
                        Trust::CaFile(p) => format!(
                            "ca_file {} does not hold the CA that signed {} (issuer: {}): replace it with that CA's certificate",
                            p.display(),
                            l.subject,
                            l.issuer
                        ),
                        _ => format!(
                            "set ca_file to the CA that signed {} (issuer: {})",
                            l.subject, l.issuer
                        ),
                    },
                ),
                None => (
                    "the server certificate is signed by a CA that is not trusted".to_string(),
                    "set ca_file to the CA certificate that signs the server's certificate"
                        .to_string(),
                ),
            };
            Diagnosis::new(Cause::TlsUnknownCa, detail, hint)
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            let names: Vec<String> = match (leaf, ce) {
                (Some(l), _) if !l.sans.is_empty() => l.sans.clone(),
                (_, CertificateError::NotValidForNameContext { presented, .. }) => {
                    presented.clone()
                }
                _ => Vec::new(),
            };
            let valid_for = if names.is_empty() {
                "no name at all (it has no subjectAltName, and the CN is not used)".to_string()
            } else {
                names.join(", ")
            };
            Diagnosis::new(
                Cause::TlsNameMismatch,
                format!(
                    "the server certificate is valid for {valid_for}, not for {}",
                    ctx.host
                ),
                if names.is_empty() {
                    "reissue the certificate with the server's host name in its subjectAltName"
                        .to_string()
                } else {
                    format!(
                        "put one of {} in the URL, or reissue the certificate with {} in its subjectAltName",
                        names.join(", "),
                        ctx.host
                    )
                },
            )
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = match (leaf, ce) {
                (Some(l), _) => format!("on {} ({} days ago)", l.not_after, -l.days_left),
                (_, CertificateError::ExpiredContext { time, not_after }) => format!(
                    "on {} ({} days ago)",
                    crate::ldap::net::tls::rfc3339(not_after.as_secs() as i64),
                    time.as_secs().saturating_sub(not_after.as_secs()) / 86_400
                ),
                _ => String::new(),
            };
            Diagnosis::new(
                Cause::TlsExpired,
                format!("{subject} expired {when}"),
                "renew the certificate on the server (turning tls_verify off would hide the problem, not fix it)",
            )
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            Diagnosis::new(
                Cause::TlsNotYetValid,
                format!(
                    "{subject} is not valid yet{}",
                    leaf.map_or(String::new(), |l| format!(" (valid from {})", l.not_before))
                ),
                "check the clock on this machine and on the server (date; chrony/ntp)",
            )
        }
        // webpki's reason arrives wrapped in rustls' OtherError; its name is all that shows.
        CertificateError::Other(o) if format!("{o:?}").contains("CaUsedAsEndEntity") => {
            Diagnosis::new(
                Cause::TlsBadCert,
                format!(
                    "{subject} is a CA certificate (basicConstraints CA:TRUE) that the server uses as its own certificate"
                ),
                "issue the server a leaf certificate (CA:FALSE, extendedKeyUsage serverAuth) signed by that CA, and set ca_file to the CA",
            )
        }
        other => Diagnosis::new(
            Cause::TlsBadCert,
            format!("{subject} cannot be used: {other}"),
            "reissue the server certificate as a server (leaf) certificate with serverAuth usage and a subjectAltName",
        ),
    }
}

/// Classifies an LDAP result code with its diagnostic text and matched DN.
pub fn classify_rc(rc: u32, text: &str, matched: &str, phase: Phase, ctx: &Context) -> Diagnosis {
    // Server text is the only place a password could come back: scrub it here.
    let scrubbed = match &ctx.secret {
        Some(s) if !s.is_empty() => text.replace(s.expose(), "<password>"),
        _ => text.to_string(),
    };
    // Capped and on one line, escape sequences visible: it is shown to people as is.
    let shown = crate::text::shown(scrubbed.trim_end_matches(['\0', '\n']).trim());
    let text = shown.as_str();
    let matched = &crate::text::shown(matched);
    let server_says = if text.is_empty() {
        String::new()
    } else {
        format!(": \"{text}\"")
    };
    let lower = text.to_ascii_lowercase();
    match rc {
        49 => {
            let who = ctx.bind_dn.as_deref().unwrap_or("(anonymous)");
            let ad = ad_data_code(text);
            let (cause, why) = match ad {
                Some(0x775) => (Cause::AccountLocked, "the account is locked out (AD 775)"),
                Some(0x533) => (Cause::AccountDisabled, "the account is disabled (AD 533)"),
                Some(0x532) => (Cause::PasswordExpired, "the password has expired (AD 532)"),
                Some(0x773) => (
                    Cause::PasswordMustChange,
                    "the password must be changed (AD 773)",
                ),
                Some(0x701) => (Cause::AccountDisabled, "the account has expired (AD 701)"),
                Some(0x530) => (
                    Cause::AccountDisabled,
                    "logon not allowed at this time (AD 530)",
                ),
                Some(0x531) => (
                    Cause::AccountDisabled,
                    "logon not allowed from this workstation (AD 531)",
                ),
                Some(0x525) => (Cause::InvalidCredentials, "no such user (AD 525)"),
                _ => (Cause::InvalidCredentials, "wrong password or unknown DN"),
            };
            Diagnosis::new(
                cause,
                format!("the server refused the bind as {who}: {why}{server_says}"),
                if cause == Cause::InvalidCredentials {
                    format!(
                        "check bind_dn (is it the full DN of the account?) and the password from {}",
                        ctx.password_source
                    )
                } else {
                    "fix the account on the server (unlock, enable, reset the password)".to_string()
                },
            )
        }
        48 | 53 if lower.contains("unauthenticated bind") => Diagnosis::new(
            Cause::EmptyPassword,
            format!("the server refused a bind with an empty password{server_says}"),
            "give a password: an empty one is an unauthenticated (anonymous) bind",
        ),
        48 | 53 if ctx.bind_dn.is_none() || lower.contains("anonymous") => Diagnosis::new(
            Cause::AnonymousRefused,
            format!("the server does not allow anonymous binds{server_says}"),
            "set bind_dn to a service account and give it a password source",
        ),
        53 if lower.contains("account inactivated") => Diagnosis::new(
            Cause::AccountDisabled,
            format!("the account is inactivated{server_says}"),
            "re-enable it on the server (389/FreeIPA: remove nsAccountLock)",
        ),
        19 if lower.contains("exceed password retry limit") => Diagnosis::new(
            Cause::AccountLocked,
            format!("the account is locked after too many failures{server_says}"),
            "wait for the lockout to expire or unlock it on the server",
        ),
        8 | 13 => Diagnosis::new(
            Cause::TlsRequired,
            format!("the server requires an encrypted connection{server_says}"),
            "use an ldaps:// URL or set starttls = true",
        ),
        2 if phase == Phase::StartTls => Diagnosis::new(
            Cause::StarttlsRefused,
            format!("the server refused StartTLS{server_says}"),
            format!(
                "the server has no TLS configured on {}: configure TLS there, or use its ldaps:// port",
                ctx.hostport()
            ),
        ),
        32 if phase == Phase::Write => Diagnosis::new(
            Cause::NoSuchEntry,
            format!("the entry does not exist (any more){server_says}"),
            "list the users again: it may have been deleted or renamed meanwhile",
        ),
        19 if phase == Phase::Write => Diagnosis::new(
            Cause::ConstraintViolation,
            format!("the server refused the values: constraint violation{server_says}"),
            "check single-valued attributes, the password policy (length, history) and uniqueness rules",
        ),
        65 => Diagnosis::new(
            Cause::ObjectClassViolation,
            format!("the entry would break the schema{server_says}"),
            "give every attribute its object classes require (e.g. cn and sn for person) and only allowed ones",
        ),
        68 => Diagnosis::new(
            Cause::AlreadyExists,
            format!("an entry with this DN exists already{server_says}"),
            "pick another id, or modify the existing user",
        ),
        66 => Diagnosis::new(
            Cause::NotAllowedOnNonLeaf,
            format!("the entry has entries below it{server_says}"),
            "delete or move its children first",
        ),
        50 if phase == Phase::Write => Diagnosis::new(
            Cause::InsufficientAccess,
            format!("the bind account may not write this{server_says}"),
            "bind as an account with write access (an ACL granting write), or ask the directory's owner",
        ),
        32 => Diagnosis::new(
            Cause::NoSuchBase,
            format!(
                "the entry does not exist{}",
                if matched.is_empty() {
                    String::new()
                } else {
                    format!(" (the server knows the part {matched})")
                }
            ),
            "check base_dn for a typo against the naming contexts the server lists",
        ),
        4 => Diagnosis::new(
            Cause::SizeLimit,
            format!("the server's size limit cut the result{server_says}"),
            "raise the size limit for the bind account (OpenLDAP: limits dn.exact=\"BIND_DN\" size=unlimited; AD: MaxPageSize) or narrow the filter",
        ),
        3 => Diagnosis::new(
            Cause::Timeout,
            format!("the server's time limit stopped the operation{server_says}"),
            "narrow the filter or raise the server's time limit",
        ),
        50 if lower.contains("operations are restricted") => Diagnosis::new(
            Cause::PasswordMustChange,
            format!("the account must change its password first{server_says}"),
            "change the password (ldapdeck users passwd, or ldappasswd) before using this account",
        ),
        50 => Diagnosis::new(
            Cause::InsufficientAccess,
            format!("the bound account may not do this{server_says}"),
            "grant the bind account read access (ACL) or use another bind_dn",
        ),
        17 if phase == Phase::Write => {
            // slapd: "nosuchattr: attribute type undefined"; AD names it in the text too.
            let attr = text
                .split(':')
                .next()
                .filter(|a| !a.contains(' ') && !a.is_empty());
            Diagnosis::new(
                Cause::UndefinedAttributeType,
                match attr {
                    Some(a) => {
                        format!("{a} is not an attribute of this server's schema{server_says}")
                    }
                    None => format!(
                        "the change names an attribute this server's schema does not have{server_says}"
                    ),
                },
                "check the attribute's spelling (ldapdeck schema lists them) or the provider's attribute mapping",
            )
        }
        21 if phase == Phase::Write => Diagnosis::new(
            Cause::ConstraintViolation,
            format!("a value does not fit its attribute's syntax{server_says}"),
            "check the value's format (a number, a date such as 20260101000000Z, a DN)",
        ),
        87 | 18 | 17 => Diagnosis::new(
            Cause::BadFilter,
            format!(
                "the server rejected the filter: {}{server_says}",
                rc_name(rc)
            ),
            "fix the filter (attribute names, matching rules) and try it with ldapsearch",
        ),
        10 => Diagnosis::new(
            Cause::ServerError,
            format!("the server answered with a referral{server_says}"),
            "ldapdeck never follows referrals: point the provider at the server that holds base_dn",
        ),
        _ => Diagnosis::new(
            Cause::ServerError,
            format!("the server answered {} (rc={rc}){server_says}", rc_name(rc)),
            "see the server's log for details",
        ),
    }
}

/// The `data XXX` sub-code of an Active Directory bind error, as a number.
pub fn ad_data_code(text: &str) -> Option<u32> {
    let rest = &text[text.find("data ")? + 5..];
    let hex: String = rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    u32::from_str_radix(&hex, 16).ok()
}

/// The RFC 4511 name of a result code.
pub fn rc_name(rc: u32) -> &'static str {
    match rc {
        0 => "success",
        1 => "operationsError",
        2 => "protocolError",
        3 => "timeLimitExceeded",
        4 => "sizeLimitExceeded",
        7 => "authMethodNotSupported",
        8 => "strongerAuthRequired",
        10 => "referral",
        11 => "adminLimitExceeded",
        12 => "unavailableCriticalExtension",
        13 => "confidentialityRequired",
        16 => "noSuchAttribute",
        17 => "undefinedAttributeType",
        18 => "inappropriateMatching",
        19 => "constraintViolation",
        20 => "attributeOrValueExists",
        21 => "invalidAttributeSyntax",
        32 => "noSuchObject",
        34 => "invalidDNSyntax",
        48 => "inappropriateAuthentication",
        49 => "invalidCredentials",
        50 => "insufficientAccessRights",
        51 => "busy",
        52 => "unavailable",
        53 => "unwillingToPerform",
        64 => "namingViolation",
        65 => "objectClassViolation",
        66 => "notAllowedOnNonLeaf",
        68 => "entryAlreadyExists",
        80 => "other",
        87 => "filterError",
        _ => "an error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::pki_types::{ServerName, UnixTime};
    use std::time::Duration;

    fn ctx() -> Context {
        Context {
            host: "ldap.example.org".into(),
            port: 636,
            ldaps: true,
            starttls: false,
            trust: Trust::SystemRoots(140),
            chain: vec![CertInfo {
                subject: "CN=ldap.example.org".into(),
                issuer: "CN=Corp Issuing CA, O=Corp".into(),
                sans: vec!["ldap.example.org".into(), "127.0.0.1".into()],
                not_before: "2024-01-01T00:00:00Z".into(),
                not_after: "2025-01-01T00:00:00Z".into(),
                days_left: -327,
                self_signed: false,
                is_ca: false,
            }],
            timeout_secs: 5,
            bind_dn: Some("cn=svc,dc=example,dc=org".into()),
            password_source: "environment variable LDAP_PW".into(),
            secret: Some(crate::config::Secret::new("Echo-Me-123")),
            faults: Default::default(),
        }
    }

    #[test]
    fn a_ca_used_as_the_server_certificate_is_named() {
        #[derive(Debug)]
        struct CaUsedAsEndEntity;
        impl std::fmt::Display for CaUsedAsEndEntity {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("CA used as end entity")
            }
        }
        impl std::error::Error for CaUsedAsEndEntity {}
        let e = CertificateError::Other(rustls::OtherError(std::sync::Arc::new(CaUsedAsEndEntity)));
        let d = classify_cert(&e, &ctx());
        assert_eq!(d.cause, Cause::TlsBadCert);
        assert!(d.detail.contains("is a CA certificate"), "{}", d.detail);
        assert!(!d.detail.contains("OtherError"), "{}", d.detail);
    }

    #[test]
    fn a_password_echoed_by_the_server_is_scrubbed() {
        let d = classify_rc(
            49,
            "bad password Echo-Me-123 for cn=svc",
            "",
            Phase::Bind,
            &ctx(),
        );
        assert!(!d.detail.contains("Echo-Me-123"), "{}", d.detail);
        assert!(d.detail.contains("<password>"));
    }

    fn tls_io(e: rustls::Error) -> io::Error {
        // tokio-rustls wraps handshake errors exactly like this.
        io::Error::new(io::ErrorKind::InvalidData, e)
    }

    #[test]
    fn unknown_ca_names_the_signer() {
        let d = classify_io(
            &tls_io(rustls::Error::InvalidCertificate(
                CertificateError::UnknownIssuer,
            )),
            Phase::Tls,
            &ctx(),
        );
        assert_eq!(d.cause, Cause::TlsUnknownCa);
        assert!(d.hint.contains("set ca_file to the CA that signed CN=ldap.example.org (issuer: CN=Corp Issuing CA, O=Corp)"), "{}", d.hint);
        let mut c = ctx();
        c.trust = Trust::CaFile("/etc/ssl/wrong.pem".into());
        let d = classify_rustls(
            &rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
            &c,
        );
        assert!(
            d.hint.contains("ca_file /etc/ssl/wrong.pem does not hold"),
            "{}",
            d.hint
        );
        c.chain[0].self_signed = true;
        let d = classify_rustls(
            &rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer),
            &c,
        );
        assert!(d.detail.contains("self-signed"));
    }

    #[test]
    fn name_mismatch_lists_the_valid_names() {
        let mut c = ctx();
        c.host = "vm".into();
        let e = CertificateError::NotValidForNameContext {
            expected: ServerName::try_from("vm").expect("name").to_owned(),
            presented: vec!["DnsName(\"localhost\")".into()],
        };
        let d = classify_rustls(&rustls::Error::InvalidCertificate(e.clone()), &c);
        assert_eq!(d.cause, Cause::TlsNameMismatch);
        assert!(
            d.detail
                .contains("valid for ldap.example.org, 127.0.0.1, not for vm"),
            "{}",
            d.detail
        );
        c.chain.clear();
        let d = classify_rustls(&rustls::Error::InvalidCertificate(e), &c);
        assert!(d.detail.contains("DnsName(\"localhost\")"), "{}", d.detail);
    }

    #[test]
    fn expired_gives_the_date() {
        let d = classify_rustls(
            &rustls::Error::InvalidCertificate(CertificateError::Expired),
            &ctx(),
        );
        assert_eq!(d.cause, Cause::TlsExpired);
        assert!(
            d.detail.contains("2025-01-01T00:00:00Z (327 days ago)"),
            "{}",
            d.detail
        );
        let mut c = ctx();
        c.chain.clear();
        let e = CertificateError::ExpiredContext {
            time: UnixTime::since_unix_epoch(Duration::from_secs(1_700_000_000 + 86_400 * 3)),
            not_after: UnixTime::since_unix_epoch(Duration::from_secs(1_700_000_000)),
        };
        let d = classify_rustls(&rustls::Error::InvalidCertificate(e), &c);
        assert!(d.detail.contains("3 days ago"), "{}", d.detail);
    }

    #[test]
    fn transport_failures() {
        let c = ctx();
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert_eq!(
            classify_io(&refused, Phase::Tcp, &c).cause,
            Cause::ConnectionRefused
        );
        let eof = io::Error::new(io::ErrorKind::UnexpectedEof, "tls handshake eof");
        assert_eq!(
            classify_io(&eof, Phase::Tls, &c).cause,
            Cause::TlsOnPlainPort
        );
        assert_eq!(
            classify_io(&eof, Phase::Search, &c).cause,
            Cause::ConnectionLost
        );
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert_eq!(
            classify_io(&reset, Phase::Bind, &c).cause,
            Cause::ConnectionLost
        );
        let dns =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert_eq!(classify_io(&dns, Phase::Dns, &c).cause, Cause::DnsNotFound);
        let corrupt = rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType);
        assert_eq!(classify_rustls(&corrupt, &c).cause, Cause::TlsOnPlainPort);
        let old = rustls::Error::AlertReceived(AlertDescription::ProtocolVersion);
        assert_eq!(classify_rustls(&old, &c).cause, Cause::TlsProtocolVersion);
        let t = classify_ldap(
            &LdapError::Timeout {
                elapsed: tokio_elapsed(),
            },
            Phase::Bind,
            &c,
        );
        assert_eq!(t.cause, Cause::Timeout);
        assert!(t.detail.contains("timeout_secs = 5"));
    }

    fn tokio_elapsed() -> tokio::time::error::Elapsed {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("rt");
        rt.block_on(async {
            tokio::time::timeout(Duration::from_millis(1), std::future::pending::<()>())
                .await
                .expect_err("elapsed")
        })
    }

    #[test]
    fn result_codes_seen_on_real_servers() {
        let c = ctx();
        let cases: &[(u32, &str, Phase, Cause)] = &[
            (49, "", Phase::Bind, Cause::InvalidCredentials),
            (
                49,
                "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1\0",
                Phase::Bind,
                Cause::InvalidCredentials,
            ),
            (
                49,
                "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 775, v1db1",
                Phase::Bind,
                Cause::AccountLocked,
            ),
            (
                49,
                "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 533, v1db1",
                Phase::Bind,
                Cause::AccountDisabled,
            ),
            (
                49,
                "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 773, v1db1",
                Phase::Bind,
                Cause::PasswordMustChange,
            ),
            (
                53,
                "unauthenticated bind (DN with no password) disallowed",
                Phase::Bind,
                Cause::EmptyPassword,
            ),
            (
                53,
                "Account inactivated. Contact system administrator.",
                Phase::Bind,
                Cause::AccountDisabled,
            ),
            (
                19,
                "Exceed password retry limit. Please try later.",
                Phase::Bind,
                Cause::AccountLocked,
            ),
            (
                8,
                "BindSimple: Transport encryption required.",
                Phase::Bind,
                Cause::TlsRequired,
            ),
            (
                2,
                "unsupported extended operation",
                Phase::StartTls,
                Cause::StarttlsRefused,
            ),
            (32, "", Phase::Search, Cause::NoSuchBase),
            (4, "", Phase::Search, Cause::SizeLimit),
            (
                50,
                "Operations are restricted to bind/unbind/abandon/StartTLS/modify password",
                Phase::Search,
                Cause::PasswordMustChange,
            ),
            (50, "", Phase::Search, Cause::InsufficientAccess),
            (87, "", Phase::Search, Cause::BadFilter),
            (52, "", Phase::Search, Cause::ServerError),
        ];
        for (rc, text, phase, cause) in cases {
            assert_eq!(
                classify_rc(*rc, text, "", *phase, &c).cause,
                *cause,
                "rc {rc} {text}"
            );
        }
        let mut anon = c.clone();
        anon.bind_dn = None;
        assert_eq!(
            classify_rc(48, "anonymous bind disallowed", "", Phase::Bind, &anon).cause,
            Cause::AnonymousRefused
        );
        let d = classify_rc(32, "", "dc=example,dc=org", Phase::Search, &c);
        assert!(d.detail.contains("knows the part dc=example,dc=org"));
    }

    #[test]
    fn ad_sub_codes_parse_as_hex() {
        assert_eq!(ad_data_code("... error, data 52e, v1db1"), Some(0x52e));
        assert_eq!(ad_data_code("... data 775, v4563\0"), Some(0x775));
        assert_eq!(ad_data_code("no code here"), None);
    }
}
