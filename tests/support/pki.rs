//! The library's throwaway CAs, with `expect` for tests.

#![allow(dead_code)]

use std::ops::Deref;

#[allow(unused_imports)]
pub use ldapdeck::demo::pki::{CertSpec, LOOPBACK, ServerCert};

/// A CA (the library's, panicking on failure).
pub struct Ca(ldapdeck::demo::pki::Ca);

impl Ca {
    pub fn new(name: &str) -> Ca {
        Ca(ldapdeck::demo::pki::Ca::new(name).expect("CA"))
    }
    pub fn server(&self, spec: &CertSpec<'_>) -> ServerCert {
        self.0.server(spec).expect("server certificate")
    }
    pub fn loopback(&self) -> ServerCert {
        self.0.loopback().expect("server certificate")
    }
}

impl Deref for Ca {
    type Target = ldapdeck::demo::pki::Ca;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
