//! Reaching a server: connecting with failover (`connect`), the session ldap3 speaks over
//! (`session`, with TLS done here by `tls`), the pump that checks every reply's shape before
//! ldap3 decodes it (`guard`, `wire`), and the doctor's raw probes (`probe`).

pub mod connect;
pub mod guard;
pub mod probe;
pub mod session;
pub mod tls;
pub mod wire;
