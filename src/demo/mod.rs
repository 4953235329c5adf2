//! `ldapdeck demo`: a private directory to try the console on, and the pieces it is made of
//! (also used by the tests): a slapd launcher and throwaway certificates.

pub mod pki;
pub mod slapd;
