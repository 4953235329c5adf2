//! The form's fields: how each takes input, and the table of every field in its section.

use ratatui_textarea::TextArea;

/// How a field takes input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// On or off (Space).
    Toggle,
    /// One of a few values (Space, ←, →).
    Choice(&'static [&'static str]),
}

/// One form field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Stable id (the config key where there is one).
    pub key: &'static str,
    /// Label shown.
    pub label: &'static str,
    /// Section heading it belongs to.
    pub section: &'static str,
    /// Input kind.
    pub kind: Kind,
    /// Text for Text fields.
    pub text: TextArea<'static>,
    /// Value of a Toggle.
    pub on: bool,
    /// Index of a Choice.
    pub choice: usize,
    /// The validation message, if any.
    pub error: Option<String>,
}

pub(super) const TYPES: &[&str] = &[
    "openldap",
    "posix",
    "free_ipa",
    "389ds",
    "active_directory",
    "generic",
];
/// Password sources offered, in order.
pub const SOURCES: &[&str] = &[
    "ask when connecting",
    "stored in the file",
    "environment variable",
    "file",
    "command",
];
pub(super) const MODES: &[&str] = &["none", "ou", "membership"];
/// Whether one of the required groups suffices, or every one is needed.
pub(super) const ACCESS_MODES: &[&str] = &["any of them", "all of them"];

pub(super) const SPEC: &[(&str, &str, &str, Kind)] = &[
    ("slug", "Slug", "Connection", Kind::Text),
    ("name", "Name", "Connection", Kind::Text),
    (
        "server_type",
        "Server type",
        "Connection",
        Kind::Choice(TYPES),
    ),
    ("urls", "URLs (comma-separated)", "Connection", Kind::Text),
    ("timeout_secs", "Timeout (s)", "Connection", Kind::Text),
    ("enabled", "Enabled", "Connection", Kind::Toggle),
    ("read_only", "Read-only", "Connection", Kind::Toggle),
    ("tags", "Tags (comma-separated)", "Connection", Kind::Text),
    ("starttls", "StartTLS", "TLS", Kind::Toggle),
    ("tls_verify", "Verify certificate", "TLS", Kind::Toggle),
    ("ca_file", "CA file", "TLS", Kind::Text),
    ("bind_dn", "Bind DN", "Bind", Kind::Text),
    (
        "password_source",
        "Password source",
        "Bind",
        Kind::Choice(SOURCES),
    ),
    (
        "password_value",
        "Password / variable / file / command",
        "Bind",
        Kind::Text,
    ),
    ("base_dn", "Base DN", "Search", Kind::Text),
    ("users_base", "Users base", "Search", Kind::Text),
    ("user_filter", "User filter", "Search", Kind::Text),
    ("sync_filter", "Sync filter", "Search", Kind::Text),
    ("groups_base", "Groups base", "Search", Kind::Text),
    (
        "group_object_class",
        "Group object class",
        "Search",
        Kind::Text,
    ),
    (
        "group_member_attribute",
        "Group member attribute",
        "Search",
        Kind::Text,
    ),
    ("page_size", "Page size (entries)", "Search", Kind::Text),
    ("browse_cap", "Browser cap (users)", "Search", Kind::Text),
    (
        "max_message_mib",
        "Largest server message (MiB)",
        "Search",
        Kind::Text,
    ),
    ("use_netgroups", "Use netgroups", "Search", Kind::Toggle),
    ("domain", "Domain (UPN suffix)", "Search", Kind::Text),
    ("attributes.login", "Login", "Attributes", Kind::Text),
    (
        "attributes.first_name",
        "First name",
        "Attributes",
        Kind::Text,
    ),
    (
        "attributes.last_name",
        "Last name",
        "Attributes",
        Kind::Text,
    ),
    (
        "attributes.full_name",
        "Full name",
        "Attributes",
        Kind::Text,
    ),
    ("attributes.mail", "Mail", "Attributes", Kind::Text),
    ("attributes.photo", "Photo", "Attributes", Kind::Text),
    ("attributes.upn", "UPN", "Attributes", Kind::Text),
    ("attributes.status", "Status", "Attributes", Kind::Text),
    (
        "status_disabled_value",
        "Status value meaning disabled",
        "Attributes",
        Kind::Text,
    ),
    (
        "extra_attributes",
        "Extra fields (name=attr; ...)",
        "Attributes",
        Kind::Text,
    ),
    ("layout_mode", "Tree", "Layout", Kind::Choice(MODES)),
    ("layout.tenants_base", "Tenants base", "Layout", Kind::Text),
    (
        "layout.tenant_filter",
        "Tenant filter",
        "Layout",
        Kind::Text,
    ),
    ("layout.group_filter", "Group filter", "Layout", Kind::Text),
    (
        "access.required_groups",
        "Required groups (DN or name; ...)",
        "Access",
        Kind::Text,
    ),
    (
        "access_mode",
        "Required",
        "Access",
        Kind::Choice(ACCESS_MODES),
    ),
    (
        "custom_filters",
        "Named filters (name=(filter); ...)",
        "Custom filters",
        Kind::Text,
    ),
];
