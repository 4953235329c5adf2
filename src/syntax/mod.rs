//! The pure syntax of LDAP, shared by `config` (which validates a provider) and `ldap`
//! (which speaks it): attribute descriptions, DNs, filters and the structured filter, URLs,
//! LDIF/CSV and just enough BER. No I/O; imports nothing of the crate but `text`.

pub mod attr;
pub mod ber;
pub mod csv_read;
pub mod dn;
pub mod filter;
pub mod ldif;
pub mod ldif_read;
pub mod structured;
pub mod url;
