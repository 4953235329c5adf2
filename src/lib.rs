//! ldapdeck: a terminal console for LDAP directories.
//!
//! The binary is a thin shell over this library so that tests and benches use the same code.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod jobs;
pub mod journal;
pub mod ldap;
pub mod spool;
pub mod syntax;
pub mod text;
pub mod tui;
pub mod ui;
pub mod writes;

/// The version `--version` prints: the package version and, built from git, the commit.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("LDAPDECK_COMMIT_SUFFIX"));
