//! Turns io, rustls and ldap3 errors into a named cause with a hint: a pure function of the
//! error and what was being attempted, so it is unit-tested on the exact structures seen
//! from real servers.

use ldap3::LdapError;

use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::net::tls::{CertInfo, Trust};

mod result;
mod tls;
mod transport;

pub use result::{ad_data_code, classify_rc, rc_name};
pub use tls::classify_rustls;
pub use transport::{classify_io, plain_on_tls_port};
use transport::{connection_lost, timeout};

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

#[cfg(test)]
mod tests {
    use super::tls::classify_cert;
    use super::*;
    use rustls::pki_types::{ServerName, UnixTime};
    use rustls::{AlertDescription, CertificateError};
    use std::io;
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
