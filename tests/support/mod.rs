pub mod cli;
pub mod fake;
pub mod faults;
pub mod pki;
pub mod rw;
pub mod samba;
pub mod slapd;
pub mod tmux;
