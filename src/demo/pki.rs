//! Throwaway certificate authorities and server certificates, for the demo and the tests.

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType, IsCa, KeyPair,
    KeyUsagePurpose, date_time_ymd,
};

/// Why a certificate could not be made.
pub type Error = rcgen::Error;

/// A CA that can sign server certificates.
pub struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
    /// PEM of the CA certificate (what a client's `ca_file` holds).
    pub pem: String,
    /// The CA's common name, as it appears in issuer fields.
    pub name: String,
}

/// A server certificate and its key, in PEM.
pub struct ServerCert {
    /// The certificate, PEM.
    pub cert_pem: String,
    /// Its private key, PEM.
    pub key_pem: String,
}

/// How a server certificate should be (mis)made.
pub struct CertSpec<'a> {
    /// Subject alternative names: DNS names or IP addresses.
    pub sans: &'a [&'a str],
    /// Valid until this (year, month, day); in the past for an expired certificate.
    pub not_after: (i32, u8, u8),
}

/// SANs that match every way a test reaches a loopback server.
pub const LOOPBACK: &[&str] = &["localhost", "127.0.0.1", "::1"];

impl Ca {
    /// A new CA with its own key.
    pub fn new(name: &str) -> Result<Ca, Error> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, name);
        dn.push(DnType::OrganizationName, "ldapdeck tests");
        params.distinguished_name = dn;
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = date_time_ymd(2099, 1, 1);
        let key = KeyPair::generate()?;
        let issuer = CertifiedIssuer::self_signed(params, key)?;
        let pem = issuer.pem();
        Ok(Ca {
            issuer,
            pem,
            name: name.to_string(),
        })
    }

    /// Signs a server certificate as `spec` says.
    pub fn server(&self, spec: &CertSpec<'_>) -> Result<ServerCert, Error> {
        let sans: Vec<String> = spec.sans.iter().map(|s| s.to_string()).collect();
        let mut params = CertificateParams::new(sans)?;
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CommonName,
            spec.sans.first().copied().unwrap_or("server"),
        );
        params.distinguished_name = dn;
        params.not_before = date_time_ymd(2020, 1, 1);
        let (y, m, d) = spec.not_after;
        params.not_after = date_time_ymd(y, m, d);
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer)?;
        Ok(ServerCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        })
    }

    /// A valid certificate for loopback names.
    pub fn loopback(&self) -> Result<ServerCert, Error> {
        self.server(&CertSpec {
            sans: LOOPBACK,
            not_after: (2099, 1, 1),
        })
    }
}
