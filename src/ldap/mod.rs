//! Everything that speaks LDAP: syntax (URLs, DNs, filters), TLS, and the server work.

pub mod account;
pub mod attr;
pub mod authorize;
pub mod ber;
pub mod cause;
pub mod change;
pub mod classify;
pub mod connect;
pub mod directory;
pub mod dn;
pub mod doctor;
pub mod edit;
pub mod filter;
pub mod ldif;
pub mod membership;
pub mod password_reset;
pub mod ppolicy;
pub mod probe;
pub mod record;
pub mod rename;
pub mod search;
pub mod session;
pub mod structured;
pub mod tls;
pub mod url;
pub mod vlv;
