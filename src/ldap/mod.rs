//! Everything that talks to an LDAP server, by concern. The pure syntax it speaks (DNs,
//! filters, URLs, LDIF, BER) is in `crate::syntax`, below both this and `config`.
//!
//! - `net`: reaching a server: URLs in order, TLS and StartTLS, the guard between the socket
//!   and ldap3, the doctor's raw probes. Uses `syntax` and `config`.
//! - `failure`: why something failed: stable cause codes and the classification of io, TLS
//!   and LDAP errors into them. Pure; uses `syntax` only.
//! - `read`: bounded searches, the tenant → group → user tree, VLV, schema, records.
//! - `write`: changes as data (LDIF preview, inverse), applying them, accounts, passwords,
//!   memberships, AD undelete. Uses `read` for the entry images it compares against.
//! - `authorize`: a user's bind as an application would do it, and the ppolicy control.
//! - `doctor`: the step-by-step connection test.
//!
//! Nothing here imports `app`, `ui`, `jobs` or `cli`.

pub mod authorize;
pub mod doctor;
pub mod failure;
pub mod net;
pub mod read;
pub mod write;
