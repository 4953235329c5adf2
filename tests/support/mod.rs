pub mod cli;
pub mod pki;
pub mod slapd;
