//! TLS client configuration: trust from `ca_file` or the system, verification on unless a
//! provider turns it off, and a verifier that records the chain the server presented so
//! that a failed handshake can still say who signed the certificate.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// What the client trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// The CA certificates in this PEM file.
    CaFile(PathBuf),
    /// The operating system's roots (how many loaded).
    SystemRoots(usize),
    /// Nothing is verified (`tls_verify = false`).
    NotVerified,
}

impl Trust {
    /// Words for the doctor's TLS step.
    pub fn describe(&self) -> String {
        match self {
            Trust::CaFile(p) => format!("verified against ca_file {}", p.display()),
            Trust::SystemRoots(n) => format!("verified against the system's {n} root CAs"),
            Trust::NotVerified => "NOT VERIFIED (tls_verify = false)".into(),
        }
    }
}

/// The chain a server presented, filled in during the handshake.
#[derive(Debug, Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<CertificateDer<'static>>>>);

impl Recorder {
    /// The chain seen in the last handshake, leaf first.
    pub fn chain(&self) -> Vec<CertificateDer<'static>> {
        self.0.lock().map(|c| c.clone()).unwrap_or_default()
    }

    fn record(&self, end_entity: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>]) {
        if let Ok(mut c) = self.0.lock() {
            c.clear();
            c.push(end_entity.clone().into_owned());
            c.extend(intermediates.iter().map(|i| i.clone().into_owned()));
        }
    }
}

/// A ready client configuration and what it trusts.
#[derive(Debug, Clone)]
pub struct TlsSetup {
    /// For tokio-rustls and ldap3 (`set_config`).
    pub config: Arc<ClientConfig>,
    /// What the verifier trusts.
    pub trust: Trust,
    /// The chain presented in the last handshake made with `config`.
    pub recorder: Recorder,
}

/// Why no TLS configuration could be built.
#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    /// The CA file could not be read or holds no certificate.
    #[error("ca_file {path}: {message}")]
    CaFile {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// rustls refused the configuration.
    #[error("TLS configuration: {0}")]
    Rustls(String),
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Builds the client configuration for a provider's `ca_file` and `tls_verify`.
pub fn setup(ca_file: Option<&Path>, verify: bool) -> Result<TlsSetup, TlsSetupError> {
    let recorder = Recorder::default();
    let prov = provider();
    let builder = ClientConfig::builder_with_provider(prov.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
    if !verify {
        let v = Arc::new(NoVerify {
            provider: prov,
            recorder: recorder.clone(),
        });
        let config = builder
            .dangerous()
            .with_custom_certificate_verifier(v)
            .with_no_client_auth();
        return Ok(TlsSetup {
            config: Arc::new(config),
            trust: Trust::NotVerified,
            recorder,
        });
    }
    let (roots, trust) = match ca_file {
        Some(path) => (load_ca_file(path)?, Trust::CaFile(path.to_path_buf())),
        None => {
            // Tolerate unreadable system certificates instead of dropping the whole store.
            let native = rustls_native_certs::load_native_certs();
            let mut roots = RootCertStore::empty();
            let (added, _) = roots.add_parsable_certificates(native.certs);
            (roots, Trust::SystemRoots(added))
        }
    };
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), prov)
        .build()
        .map_err(|e| TlsSetupError::Rustls(e.to_string()))?;
    let v = Arc::new(Recording {
        inner,
        recorder: recorder.clone(),
    });
    let config = builder
        .dangerous()
        .with_custom_certificate_verifier(v)
        .with_no_client_auth();
    Ok(TlsSetup {
        config: Arc::new(config),
        trust,
        recorder,
    })
}

fn load_ca_file(path: &Path) -> Result<RootCertStore, TlsSetupError> {
    let err = |message: String| TlsSetupError::CaFile {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(&bytes) {
        let cert = cert.map_err(|e| err(format!("not a PEM certificate file ({e})")))?;
        roots
            .add(cert)
            .map_err(|e| err(format!("a certificate in it is unusable: {e}")))?;
    }
    if roots.is_empty() {
        return Err(err(
            "holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)".into(),
        ));
    }
    Ok(roots)
}

/// webpki verification that also records what the server presented.
#[derive(Debug)]
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    recorder: Recorder,
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.recorder.record(end_entity, intermediates);
        self.inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// Accepts any certificate and name (`tls_verify = false`), but still checks handshake
/// signatures so the connection is at least to the holder of the presented key.
#[derive(Debug)]
struct NoVerify {
    provider: Arc<CryptoProvider>,
    recorder: Recorder,
}

impl ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.recorder.record(end_entity, intermediates);
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A certificate in a sysadmin's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// Subject DN.
    pub subject: String,
    /// Issuer DN.
    pub issuer: String,
    /// DNS names and IP addresses it is valid for.
    pub sans: Vec<String>,
    /// Start of validity, RFC 3339.
    pub not_before: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// Whole days until it expires (negative: expired that many days ago).
    pub days_left: i64,
    /// Subject and issuer are the same.
    pub self_signed: bool,
    /// It is a CA certificate.
    pub is_ca: bool,
}

/// Describes a DER certificate; `None` if it does not parse.
pub fn describe(der: &[u8]) -> Option<CertInfo> {
    use x509_parser::prelude::*;
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let sans = cert
        .subject_alternative_name()
        .ok()
        .flatten()
        .map(|ext| {
            ext.value
                .general_names
                .iter()
                .filter_map(|n| match n {
                    GeneralName::DNSName(d) => Some(d.to_string()),
                    GeneralName::IPAddress(ip) => ip_text(ip),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let not_after = cert.validity().not_after.timestamp();
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|bc| bc.value.ca);
    Some(CertInfo {
        subject: cert.subject().to_string(),
        issuer: cert.issuer().to_string(),
        sans,
        not_before: rfc3339(cert.validity().not_before.timestamp()),
        not_after: rfc3339(not_after),
        days_left: (not_after - now).div_euclid(86_400),
        self_signed: cert.subject() == cert.issuer(),
        is_ca,
    })
}

fn ip_text(bytes: &[u8]) -> Option<String> {
    match bytes.len() {
        4 => Some(std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string()),
        16 => {
            let mut a = [0u8; 16];
            a.copy_from_slice(bytes);
            Some(std::net::Ipv6Addr::from(a).to_string())
        }
        _ => None,
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` from Unix seconds (civil-from-days, no time crate needed).
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_matches_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_798_761_599), "2026-12-31T23:59:59Z");
    }

    #[test]
    fn a_missing_or_empty_ca_file_is_named() {
        let e = setup(Some(Path::new("/nonexistent/ca.pem")), true).expect_err("missing");
        assert!(e.to_string().contains("/nonexistent/ca.pem"));
        let dir = tempfile::tempdir().expect("tmp");
        let f = dir.path().join("empty.pem");
        std::fs::write(&f, "not a certificate\n").expect("write");
        let e = setup(Some(&f), true).expect_err("empty");
        assert!(e.to_string().contains("holds no certificate"), "{e}");
    }

    #[test]
    fn no_verify_is_named_loudly() {
        let s = setup(None, false).expect("setup");
        assert_eq!(s.trust, Trust::NotVerified);
        assert!(s.trust.describe().contains("NOT VERIFIED"));
    }
}
