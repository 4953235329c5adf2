//! LDAP syntax and, later, everything that talks to a server.

pub mod attr;
pub mod dn;
pub mod filter;
pub mod url;
