//! Why something failed: the stable cause codes with their sentences and hints (`cause`), and
//! the pure classification of io, rustls and LDAP errors into them (`classify`).

pub mod cause;
pub mod classify;
