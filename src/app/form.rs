//! The provider form: every field in sections, validated as you type.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::config::provider::KNOWN_ATTRIBUTE_FIELDS;
use crate::config::validate::validate;
use crate::config::{Layout, LayoutMode, Provider, Secret, ServerType};

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

const TYPES: &[&str] = &[
    "openldap",
    "posix",
    "free_ipa",
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
const MODES: &[&str] = &["none", "ou", "membership"];

const SPEC: &[(&str, &str, &str, Kind)] = &[
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
        "custom_filters",
        "Named filters (name=(filter); ...)",
        "Custom filters",
        Kind::Text,
    ),
];

/// The form's state.
#[derive(Debug, Clone)]
pub struct Form {
    /// Fields in display order.
    pub fields: Vec<Field>,
    /// Focused field.
    pub focus: usize,
    /// The slug being edited; `None` for a new provider.
    pub original: Option<String>,
    /// Title shown.
    pub title: String,
    /// The password is shown in clear.
    pub reveal: bool,
    /// A save is in flight.
    pub saving: bool,
    /// After a server type change: offer to fill empty fields from its preset.
    pub offer_preset: Option<ServerType>,
    /// The provider as the form opened with it: the base a "re-apply my change" merges from.
    pub base: Provider,
    initial: Vec<String>,
}

fn text(s: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![s.to_string()]);
    t.set_cursor_line_style(Style::default());
    t.set_cursor_style(Style::default());
    t.move_cursor(ratatui_textarea::CursorMove::End);
    t
}

impl Form {
    /// A form holding `p`; `original` is the slug to replace on save (None: add).
    pub fn new(p: &Provider, original: Option<String>, title: &str) -> Form {
        let mut fields: Vec<Field> = SPEC
            .iter()
            .map(|(key, label, section, kind)| Field {
                key,
                label,
                section,
                kind: *kind,
                text: text(""),
                on: false,
                choice: 0,
                error: None,
            })
            .collect();
        let mut set = |key: &str, value: String| {
            if let Some(f) = fields.iter_mut().find(|f| f.key == key) {
                f.text = text(&value);
            }
        };
        let join = |v: &[String], sep: &str| v.join(sep);
        set("slug", p.slug.clone());
        set("name", p.name.clone());
        set("urls", join(&p.urls, ", "));
        set("timeout_secs", p.timeout_secs.to_string());
        set(
            "page_size",
            p.page_size.map(|n| n.to_string()).unwrap_or_default(),
        );
        set(
            "browse_cap",
            p.browse_cap.map(|n| n.to_string()).unwrap_or_default(),
        );
        set(
            "max_message_mib",
            p.max_message_mib.map(|n| n.to_string()).unwrap_or_default(),
        );
        set("tags", join(&p.tags, ", "));
        set(
            "ca_file",
            p.ca_file
                .as_ref()
                .map(|c| c.display().to_string())
                .unwrap_or_default(),
        );
        set("bind_dn", p.bind_dn.clone().unwrap_or_default());
        for (key, v) in [
            ("base_dn", &p.base_dn),
            ("users_base", &p.users_base),
            ("user_filter", &p.user_filter),
            ("sync_filter", &p.sync_filter),
            ("groups_base", &p.groups_base),
            ("group_object_class", &p.group_object_class),
            ("group_member_attribute", &p.group_member_attribute),
            ("domain", &p.domain),
            ("status_disabled_value", &p.status_disabled_value),
        ] {
            set(key, v.clone().unwrap_or_default());
        }
        for f in KNOWN_ATTRIBUTE_FIELDS {
            set(
                &format!("attributes.{f}"),
                p.attributes.get(f).cloned().unwrap_or_default(),
            );
        }
        let extras: Vec<String> = p
            .attributes
            .iter()
            .filter(|(k, _)| !KNOWN_ATTRIBUTE_FIELDS.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        set("extra_attributes", extras.join("; "));
        let (source, value) = match (
            &p.bind_password,
            &p.bind_password_env,
            &p.bind_password_file,
            &p.bind_password_cmd,
        ) {
            (Some(s), _, _, _) => (1, s.expose().to_string()),
            (_, Some(e), _, _) => (2, e.clone()),
            (_, _, Some(f), _) => (3, f.display().to_string()),
            (_, _, _, Some(c)) => (4, c.join(" ")),
            _ => (0, String::new()),
        };
        set("password_value", value);
        if let Some(l) = &p.layout {
            set(
                "layout.tenants_base",
                l.tenants_base.clone().unwrap_or_default(),
            );
            set(
                "layout.tenant_filter",
                l.tenant_filter.clone().unwrap_or_default(),
            );
            set(
                "layout.group_filter",
                l.group_filter.clone().unwrap_or_default(),
            );
        }
        let filters: Vec<String> = p
            .custom_filters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        set("custom_filters", filters.join("; "));
        let mut form = Form {
            fields,
            focus: 0,
            original,
            title: title.to_string(),
            reveal: false,
            saving: false,
            offer_preset: None,
            base: p.clone(),
            initial: Vec::new(),
        };
        form.set_on("enabled", p.enabled);
        form.set_on("read_only", p.read_only);
        form.set_on("starttls", p.starttls);
        form.set_on("tls_verify", p.tls_verify);
        form.set_on("use_netgroups", p.use_netgroups);
        form.set_choice(
            "server_type",
            TYPES
                .iter()
                .position(|t| *t == p.server_type.as_str())
                .unwrap_or(4),
        );
        form.set_choice("password_source", source);
        let mode = match p.layout.as_ref().map(|l| l.mode) {
            None => 0,
            Some(LayoutMode::Ou) => 1,
            Some(LayoutMode::Membership) => 2,
        };
        form.set_choice("layout_mode", mode);
        form.initial = form.snapshot();
        form.refresh();
        form
    }

    fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
    fn set_on(&mut self, key: &str, on: bool) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.on = on;
        }
    }
    fn set_choice(&mut self, key: &str, i: usize) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.choice = i;
        }
    }
    /// The trimmed text of a field.
    pub fn value(&self, key: &str) -> String {
        self.field(key)
            .map(|f| f.text.lines().join("").trim().to_string())
            .unwrap_or_default()
    }
    fn on(&self, key: &str) -> bool {
        self.field(key).is_some_and(|f| f.on)
    }
    fn choice(&self, key: &str) -> usize {
        self.field(key).map_or(0, |f| f.choice)
    }

    /// Every raw value, to tell whether anything changed.
    fn snapshot(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| format!("{}|{}|{}", f.text.lines().join(""), f.on, f.choice))
            .collect()
    }

    /// Something differs from what the form opened with.
    pub fn dirty(&self) -> bool {
        self.snapshot() != self.initial
    }

    /// The password field holds a secret (source "stored in the file").
    pub fn password_is_secret(&self) -> bool {
        self.choice("password_source") == 1
    }

    /// An optional whole number field; a wrong one is reported against `key`.
    fn number(&self, key: &str, what: &str, errors: &mut Vec<(String, String)>) -> Option<u32> {
        let v = self.value(key);
        if v.is_empty() {
            return None;
        }
        v.parse()
            .map_err(|_| errors.push((key.into(), format!("a whole number of {what}"))))
            .ok()
    }

    /// The provider the form describes, or the reasons it cannot be built.
    pub fn build(&self) -> Result<Provider, Vec<(String, String)>> {
        let (p, errors) = self.draft();
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }

    /// The provider as far as the fields allow, with what kept it from being whole.
    fn draft(&self) -> (Provider, Vec<(String, String)>) {
        let opt = |k: &str| Some(self.value(k)).filter(|v| !v.is_empty());
        let list = |k: &str| -> Vec<String> {
            self.value(k)
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let mut errors = Vec::new();
        let mut p = Provider::new(&self.value("slug"));
        p.name = self.value("name");
        p.server_type = ServerType::parse(TYPES[self.choice("server_type").min(TYPES.len() - 1)])
            .unwrap_or_default();
        p.urls = list("urls");
        match self.value("timeout_secs").parse::<u64>() {
            Ok(t) => p.timeout_secs = t,
            Err(_) => errors.push((
                "timeout_secs".into(),
                "a whole number of seconds, 1 to 600".into(),
            )),
        }
        p.page_size = self.number("page_size", "entries, or empty for 500", &mut errors);
        p.browse_cap = self.number("browse_cap", "users, or empty for 250000", &mut errors);
        p.max_message_mib = self.number("max_message_mib", "MiB, or empty for 16", &mut errors);
        p.enabled = self.on("enabled");
        p.read_only = self.on("read_only");
        p.tags = list("tags");
        p.starttls = self.on("starttls");
        p.tls_verify = self.on("tls_verify");
        p.ca_file = opt("ca_file").map(Into::into);
        p.bind_dn = opt("bind_dn");
        let value = self
            .field("password_value")
            .map(|f| f.text.lines().join(""))
            .unwrap_or_default();
        match self.choice("password_source") {
            1 if !value.is_empty() => p.bind_password = Some(Secret::new(value)),
            1 => errors.push((
                "password_value".into(),
                "type the password, or pick another source".into(),
            )),
            2 => p.bind_password_env = opt("password_value"),
            3 => p.bind_password_file = opt("password_value").map(Into::into),
            4 => {
                p.bind_password_cmd = opt("password_value")
                    .map(|c| c.split_whitespace().map(str::to_string).collect())
            }
            _ => {}
        }
        if (2..=4).contains(&self.choice("password_source"))
            && self.value("password_value").is_empty()
        {
            errors.push((
                "password_value".into(),
                "name the variable, file or command".into(),
            ));
        }
        p.base_dn = opt("base_dn");
        p.users_base = opt("users_base");
        p.user_filter = opt("user_filter");
        p.sync_filter = opt("sync_filter");
        p.groups_base = opt("groups_base");
        p.group_object_class = opt("group_object_class");
        p.group_member_attribute = opt("group_member_attribute");
        p.use_netgroups = self.on("use_netgroups");
        p.domain = opt("domain");
        p.status_disabled_value = opt("status_disabled_value");
        for f in KNOWN_ATTRIBUTE_FIELDS {
            if let Some(v) = opt(&format!("attributes.{f}")) {
                p.attributes.insert(f.to_string(), v);
            }
        }
        for (key, target) in [("extra_attributes", 0), ("custom_filters", 1)] {
            for item in self
                .value(key)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match item.split_once('=') {
                    Some((k, v)) if !k.trim().is_empty() => {
                        let map = if target == 0 {
                            &mut p.attributes
                        } else {
                            &mut p.custom_filters
                        };
                        map.insert(k.trim().to_string(), v.trim().to_string());
                    }
                    _ => errors.push((key.to_string(), format!("'{item}' should be name=value"))),
                }
            }
        }
        let mode = self.choice("layout_mode");
        if mode > 0 {
            p.layout = Some(Layout {
                mode: if mode == 1 {
                    LayoutMode::Ou
                } else {
                    LayoutMode::Membership
                },
                tenants_base: opt("layout.tenants_base"),
                tenant_filter: opt("layout.tenant_filter"),
                group_filter: opt("layout.group_filter"),
            });
        }
        (p, errors)
    }

    /// Recomputes every field's message and the cursor styles. Every problem shows at once:
    /// a field that cannot be read (a missing password) does not hide the validator's
    /// findings on the others.
    pub fn refresh(&mut self) {
        let (p, mut problems) = self.draft();
        for pr in validate(&p) {
            let key = field_for(&pr.field);
            if !problems.iter().any(|(f, _)| field_for(f) == key) {
                problems.push((pr.field, pr.message));
            }
        }
        for f in &mut self.fields {
            f.error = None;
        }
        for (path, message) in problems {
            let key = field_for(&path);
            if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
                f.error.get_or_insert(message);
            }
        }
        let secret = self.password_is_secret() && !self.reveal;
        for (i, f) in self.fields.iter_mut().enumerate() {
            let cursor = if i == self.focus {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            f.text.set_cursor_style(cursor);
            if f.key == "password_value" {
                if secret {
                    f.text.set_mask_char('•');
                } else {
                    f.text.clear_mask_char();
                }
            }
        }
    }

    /// Number of fields with a problem.
    pub fn error_count(&self) -> usize {
        self.fields.iter().filter(|f| f.error.is_some()).count()
    }

    /// Moves the focus.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        self.refresh();
    }

    /// Space/←/→ on a toggle or choice; typing elsewhere is text.
    pub fn cycle(&mut self, key: &KeyEvent) -> bool {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return false;
        };
        match f.kind {
            Kind::Toggle => f.on = !f.on,
            Kind::Choice(options) => {
                let n = options.len();
                f.choice = if key.code == KeyCode::Left {
                    (f.choice + n - 1) % n
                } else {
                    (f.choice + 1) % n
                };
                if f.key == "server_type" {
                    self.offer_preset = ServerType::parse(options[f.choice]);
                }
            }
            Kind::Text => return false,
        }
        self.refresh();
        true
    }

    /// Text input into the focused field (or y/n to a preset offer).
    pub fn input(&mut self, key: KeyEvent) {
        if let Some(t) = self.offer_preset {
            match key.code {
                KeyCode::Char('y') => {
                    self.fill_preset(t);
                    self.offer_preset = None;
                    return;
                }
                KeyCode::Char('n') => {
                    self.offer_preset = None;
                    return;
                }
                _ => {}
            }
        }
        if let Some(f) = self.fields.get_mut(self.focus)
            && f.kind == Kind::Text
            && key.code != KeyCode::Enter
        {
            super::line_edit::textarea(&mut f.text, key);
            self.refresh();
        }
    }

    /// Pasted text into the focused text field (newlines dropped).
    pub fn paste(&mut self, s: &str) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && f.kind == Kind::Text
        {
            f.text.insert_str(s.replace(['\n', '\r'], ""));
            self.refresh();
        }
    }

    /// How many empty fields the preset would fill.
    pub fn preset_fills(&self, t: ServerType) -> usize {
        self.preset_values(t)
            .iter()
            .filter(|(k, _)| self.value(k).is_empty())
            .count()
    }

    fn preset_values(&self, t: ServerType) -> Vec<(String, String)> {
        let pre = t.preset();
        let mut v: Vec<(String, String)> = pre
            .attributes()
            .into_iter()
            .map(|(f, a)| (format!("attributes.{f}"), a.to_string()))
            .collect();
        v.push(("user_filter".into(), pre.user_filter.into()));
        v.push(("group_object_class".into(), pre.group_object_class.into()));
        v.push((
            "group_member_attribute".into(),
            pre.group_member_attribute.into(),
        ));
        if let Some(d) = pre.status_disabled_value {
            v.push(("status_disabled_value".into(), d.into()));
        }
        let base = self.value("base_dn");
        if !base.is_empty() {
            if let Some(r) = pre.users_rdn {
                v.push(("users_base".into(), format!("{r},{base}")));
            }
            if let Some(r) = pre.groups_rdn {
                v.push(("groups_base".into(), format!("{r},{base}")));
            }
        }
        v
    }

    /// Fills only the empty fields from a preset: nothing typed is ever overwritten.
    pub fn fill_preset(&mut self, t: ServerType) -> usize {
        let mut n = 0;
        for (key, value) in self.preset_values(t) {
            if self.value(&key).is_empty()
                && let Some(f) = self.fields.iter_mut().find(|f| f.key == key)
            {
                f.text = text(&value);
                n += 1;
            }
        }
        self.refresh();
        n
    }
}

/// The form field that shows a validation problem of config path `path`.
fn field_for(path: &str) -> String {
    let base = path.split('[').next().unwrap_or(path);
    match base {
        "bind_password" | "bind_password_env" | "bind_password_file" | "bind_password_cmd" => {
            "password_value".into()
        }
        p if p.starts_with("custom_filters.") => "custom_filters".into(),
        p if p.starts_with("attributes.") => {
            let f = &p["attributes.".len()..];
            if KNOWN_ATTRIBUTE_FIELDS.contains(&f) {
                p.to_string()
            } else {
                "extra_attributes".into()
            }
        }
        other => other.to_string(),
    }
}
