//! The provider configuration: model, presets, validation, the file, secrets, imports.

pub mod atomic;
pub mod edit;
pub mod error;
pub mod export;
pub mod import;
mod merge;
pub mod presets;
pub mod provider;
pub mod query;
pub mod secrets;
pub mod store;
pub mod validate;

use std::path::PathBuf;

pub use error::Error;
pub use merge::reapply;
pub use provider::{Access, AccessMode, Layout, LayoutMode, PasswordSource, Provider, ServerType};
pub use secrets::Secret;
pub use store::Store;

/// The config path: `--config`, else `$LDAPDECK_CONFIG` (a non-empty one), else the XDG default.
pub fn resolve_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| {
            std::env::var_os("LDAPDECK_CONFIG")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .unwrap_or_else(default_path)
}

/// `$XDG_CONFIG_HOME/ldapdeck/providers.toml` (or the platform's equivalent).
pub fn default_path() -> PathBuf {
    match directories::ProjectDirs::from("", "", "ldapdeck") {
        Some(d) => d.config_dir().join("providers.toml"),
        None => PathBuf::from("providers.toml"),
    }
}
