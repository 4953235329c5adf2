//! Reads, every one bounded in entries, bytes and time: searches (`search`), the provider's
//! tenant → group → user tree (`directory`), virtual lists (`vlv`), the schema subset that
//! checks writes (`schema`), users as records (`record`), AD's primary group and password
//! expiry (`primary_group`, `expiry`), effective (nested) group membership (`nested`), the
//! whole directory as a tree read a level at a time (`tree`), 389 DS's own account states
//! (`ds389`), many entries by DN, siblings in one search (`by_dn`).

pub mod by_dn;
pub mod compare;
pub mod directory;
pub mod dit;
pub mod ds389;
pub mod expiry;
pub mod nested;
pub mod primary_group;
pub mod record;
pub mod schema;
pub mod schema_view;
pub mod search;
pub mod tree;
pub mod vlv;
