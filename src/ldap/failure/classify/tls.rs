//! TLS failures: alerts and certificate problems, the signer named from the recorded chain.

use rustls::{AlertDescription, CertificateError};

use super::Context;
use super::transport::tls_on_plain_port;
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::net::tls::Trust;

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

pub(super) fn classify_cert(ce: &CertificateError, ctx: &Context) -> Diagnosis {
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
