//! The provider model: one `[[provider]]` table of `providers.toml`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::presets::Preset;
use super::secrets::Secret;

/// Users the browser loads before it stops, when the provider does not say.
pub const DEFAULT_BROWSE_CAP: u32 = 250_000;

/// Connect and operation timeout when the file says nothing.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// Kind of directory server; picks the presets for attributes, filters and groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerType {
    /// OpenLDAP with inetOrgPerson users and groupOfNames groups.
    Openldap,
    /// RFC 2307 posixAccount/posixGroup with memberUid.
    Posix,
    /// FreeIPA (389 DS underneath, with its own tree under cn=accounts).
    FreeIpa,
    /// 389 Directory Server or Red Hat Directory Server on its own (no FreeIPA tree).
    #[serde(rename = "389ds")]
    Ds389,
    /// Microsoft Active Directory or Samba AD.
    ActiveDirectory,
    /// Anything else; conservative defaults.
    #[default]
    Generic,
}

impl ServerType {
    /// Every type, in the order the form offers them.
    pub const ALL: [ServerType; 6] = [
        ServerType::Openldap,
        ServerType::Posix,
        ServerType::FreeIpa,
        ServerType::Ds389,
        ServerType::ActiveDirectory,
        ServerType::Generic,
    ];

    /// The name used in the file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerType::Openldap => "openldap",
            ServerType::Posix => "posix",
            ServerType::FreeIpa => "free_ipa",
            ServerType::Ds389 => "389ds",
            ServerType::ActiveDirectory => "active_directory",
            ServerType::Generic => "generic",
        }
    }

    /// Parses the file/CLI name; also takes common spellings (`ad`, `freeipa`, `389`).
    pub fn parse(s: &str) -> Option<ServerType> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Some(match norm.as_str() {
            "openldap" => ServerType::Openldap,
            "posix" => ServerType::Posix,
            "free_ipa" | "freeipa" | "ipa" => ServerType::FreeIpa,
            "389ds" | "389" | "389_ds" | "ds389" | "389_directory_server" | "rhds" => {
                ServerType::Ds389
            }
            "active_directory" | "ad" | "activedirectory" | "samba" => ServerType::ActiveDirectory,
            "generic" => ServerType::Generic,
            _ => return None,
        })
    }

    /// The defaults a sysadmin would otherwise look up for this type.
    pub fn preset(self) -> &'static Preset {
        super::presets::preset(self)
    }
}

/// How groups and users hang together in the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayoutMode {
    /// Tenants are OUs, groups are OUs inside a tenant, users live inside a group (Netaxis).
    #[default]
    Ou,
    /// Groups are group entries listing their members; users live anywhere under base_dn.
    Membership,
}

/// `[provider.layout]`: the tenant → group → user tree.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// `ou` or `membership`.
    #[serde(default)]
    pub mode: LayoutMode,
    /// Where the tenant OUs live (defaults to base_dn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenants_base: Option<String>,
    /// Which entries under tenants_base are tenants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_filter: Option<String>,
    /// Which entries inside a tenant are groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_filter: Option<String>,
}

/// `[provider.access]`: what the application asks beyond the filters before it lets a user
/// in (Foreman's and Covata's required groups).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Access {
    /// Groups (DN or name) the user must be in, directly or through other groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_groups: Vec<String>,
    /// `any` (one of the groups suffices, the default) or `all`.
    #[serde(default)]
    pub mode: AccessMode,
}

/// How many of the required groups a user must be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessMode {
    /// One of them.
    #[default]
    Any,
    /// Every one.
    All,
}

/// One LDAP provider as stored in `providers.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Unique id, `[a-z0-9_-]{1,64}`.
    pub slug: String,
    /// Display name; the slug when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Server kind; drives presets.
    #[serde(default)]
    pub server_type: ServerType,
    /// Server URLs, tried in order (failover).
    #[serde(default)]
    pub urls: Vec<String>,
    /// Upgrade `ldap://` with StartTLS.
    #[serde(default, skip_serializing_if = "is_false")]
    pub starttls: bool,
    /// PEM file with the CA(s) that sign the server certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// Verify the server certificate; off only when explicitly set.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub tls_verify: bool,
    /// Connect and per-operation timeout in seconds (1-600).
    #[serde(
        default = "default_timeout",
        skip_serializing_if = "is_default_timeout"
    )]
    pub timeout_secs: u64,
    /// Service account DN; anonymous when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_dn: Option<String>,
    /// The service account password, stored in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_password: Option<Secret>,
    /// Name of an environment variable holding the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_password_env: Option<String>,
    /// File whose first line is the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_password_file: Option<PathBuf>,
    /// Command (argv, no shell) whose first stdout line is the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_password_cmd: Option<Vec<String>>,
    /// Search base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_dn: Option<String>,
    /// Where users live, when narrower than base_dn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_base: Option<String>,
    /// AD domain / UPN suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Which entries are users (listing and login search).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_filter: Option<String>,
    /// Narrower filter for listing/sync.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_filter: Option<String>,
    /// Where groups live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups_base: Option<String>,
    /// Object class of group entries (groupOfNames, posixGroup, group...); several, separated
    /// by commas, where a directory keeps groups of more than one class (389 DS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_object_class: Option<String>,
    /// Attribute listing a group's members (member, uniqueMember, memberUid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_member_attribute: Option<String>,
    /// Entries per page of paged searches (default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    /// How many users the console's browser loads before it stops (default 250,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browse_cap: Option<u32>,
    /// Largest LDAP message accepted from the server, in MiB (default 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_message_mib: Option<u32>,
    /// Use NIS netgroups (posix, free_ipa).
    #[serde(default, skip_serializing_if = "is_false")]
    pub use_netgroups: bool,
    /// Inactive providers stay listed, greyed.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// No write operation is offered.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// Free labels to filter the provider list by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Field → LDAP attribute (`login`, `mail`, ... and extras such as `extension`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Value of the `status` attribute that means "disabled".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_disabled_value: Option<String>,
    /// The tenant/group/user tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// Required groups, checked by authorize with nested membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    /// Named filters for the browser and the CLI.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_filters: BTreeMap<String, String>,
}

/// Largest LDAP message accepted from a server unless the provider says otherwise.
pub const DEFAULT_MAX_MESSAGE_MIB: usize = 16;

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_default_timeout(t: &u64) -> bool {
    *t == DEFAULT_TIMEOUT_SECS
}
fn default_timeout() -> u64 {
    DEFAULT_TIMEOUT_SECS
}

/// The field names of `[provider.attributes]` that ldapdeck itself uses.
pub const KNOWN_ATTRIBUTE_FIELDS: [&str; 8] = [
    "login",
    "first_name",
    "last_name",
    "full_name",
    "mail",
    "photo",
    "upn",
    "status",
];

/// Where the bind password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource<'a> {
    /// No source: asked at connect time.
    Prompt,
    /// `bind_password` in the file.
    Inline,
    /// `bind_password_env`.
    Env(&'a str),
    /// `bind_password_file`.
    File(&'a std::path::Path),
    /// `bind_password_cmd`.
    Cmd(&'a [String]),
}

impl Provider {
    /// A provider with only a slug and defaults, as `add` starts from.
    pub fn new(slug: &str) -> Provider {
        Provider {
            slug: slug.to_string(),
            name: String::new(),
            server_type: ServerType::Generic,
            urls: Vec::new(),
            starttls: false,
            ca_file: None,
            tls_verify: true,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
            bind_dn: None,
            bind_password: None,
            bind_password_env: None,
            bind_password_file: None,
            bind_password_cmd: None,
            base_dn: None,
            users_base: None,
            domain: None,
            user_filter: None,
            sync_filter: None,
            groups_base: None,
            group_object_class: None,
            group_member_attribute: None,
            page_size: None,
            browse_cap: None,
            max_message_mib: None,
            use_netgroups: false,
            enabled: true,
            read_only: false,
            tags: Vec::new(),
            attributes: BTreeMap::new(),
            status_disabled_value: None,
            layout: None,
            access: None,
            custom_filters: BTreeMap::new(),
        }
    }

    /// The largest message ldapdeck reads from this provider's server, in bytes.
    pub fn max_message_bytes(&self) -> usize {
        self.max_message_mib
            .map_or(DEFAULT_MAX_MESSAGE_MIB << 20, |m| {
                (m as usize).saturating_mul(1 << 20)
            })
    }

    /// The name to show: `name`, or the slug when it is empty.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.slug
        } else {
            &self.name
        }
    }

    /// The configured password sources, in the order they would apply.
    pub fn password_sources(&self) -> Vec<PasswordSource<'_>> {
        let mut v = Vec::new();
        if self.bind_password.is_some() {
            v.push(PasswordSource::Inline);
        }
        if let Some(e) = &self.bind_password_env {
            v.push(PasswordSource::Env(e));
        }
        if let Some(f) = &self.bind_password_file {
            v.push(PasswordSource::File(f));
        }
        if let Some(c) = &self.bind_password_cmd {
            v.push(PasswordSource::Cmd(c));
        }
        v
    }

    /// The password source in effect (validation guarantees at most one).
    pub fn password_source(&self) -> PasswordSource<'_> {
        self.password_sources()
            .into_iter()
            .next()
            .unwrap_or(PasswordSource::Prompt)
    }

    /// The LDAP attribute for a mapped field, falling back to the server type's preset.
    pub fn attribute(&self, field: &str) -> Option<&str> {
        self.attributes
            .get(field)
            .map(String::as_str)
            .or_else(|| self.server_type.preset().attribute(field))
    }

    /// The group object classes in force: `group_object_class` (a comma-separated list),
    /// else the preset's.
    pub fn group_classes(&self) -> Vec<String> {
        split_classes(
            self.group_object_class
                .as_deref()
                .unwrap_or(self.server_type.preset().group_object_class),
        )
    }

    /// `(objectClass=X)` for one group class, `(|(objectClass=X)(objectClass=Y))` for several.
    pub fn group_class_filter(&self) -> String {
        let parts: Vec<String> = self
            .group_classes()
            .iter()
            .map(|c| format!("(objectClass={})", crate::syntax::filter::escape_value(c)))
            .collect();
        match parts.as_slice() {
            [one] => one.clone(),
            _ => format!("(|{})", parts.concat()),
        }
    }

    /// The user filter in effect (configured or preset).
    pub fn effective_user_filter(&self) -> &str {
        self.user_filter
            .as_deref()
            .unwrap_or(self.server_type.preset().user_filter)
    }

    /// The filter a listing uses: `user_filter` AND `extra` AND `sync_filter` (when set).
    pub fn listing_filter(
        &self,
        extra: Option<&crate::syntax::filter::Filter>,
    ) -> Result<crate::syntax::filter::Filter, String> {
        use crate::syntax::filter::{Filter, parse_filter};
        let f = crate::syntax::structured::and_with(self.effective_user_filter(), extra)?;
        let Some(sync) = &self.sync_filter else {
            return Ok(f);
        };
        let s = parse_filter(sync).map_err(|e| format!("sync_filter: {e}"))?;
        Ok(match f {
            Filter::And(mut v) => {
                v.push(s);
                Filter::And(v)
            }
            other => Filter::And(vec![other, s]),
        })
    }

    /// Fills every unset field that the server type has a preset for; returns the keys it set.
    ///
    /// Never touches a field that already has a value.
    pub fn fill_from_preset(&mut self) -> Vec<String> {
        let preset = self.server_type.preset();
        let mut filled = Vec::new();
        for (field, attr) in preset.attributes() {
            if !self.attributes.contains_key(field) {
                self.attributes.insert(field.to_string(), attr.to_string());
                filled.push(format!("attributes.{field}"));
            }
        }
        let mut set = |slot: &mut Option<String>, value: Option<String>, key: &str| {
            if slot.is_none()
                && let Some(v) = value
            {
                *slot = Some(v);
                filled.push(key.to_string());
            }
        };
        set(
            &mut self.user_filter,
            Some(preset.user_filter.to_string()),
            "user_filter",
        );
        set(
            &mut self.group_object_class,
            Some(preset.group_object_class.to_string()),
            "group_object_class",
        );
        set(
            &mut self.group_member_attribute,
            Some(preset.group_member_attribute.to_string()),
            "group_member_attribute",
        );
        set(
            &mut self.status_disabled_value,
            preset.status_disabled_value.map(str::to_string),
            "status_disabled_value",
        );
        if let Some(base) = self.base_dn.clone().filter(|b| !b.trim().is_empty()) {
            let under = |rdn: Option<&str>| rdn.map(|r| format!("{r},{base}"));
            set(&mut self.users_base, under(preset.users_rdn), "users_base");
            set(
                &mut self.groups_base,
                under(preset.groups_rdn),
                "groups_base",
            );
        }
        filled
    }
}

/// The classes of a comma-separated `group_object_class`.
pub fn split_classes(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}
