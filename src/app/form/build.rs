//! From the form's fields to a provider: the draft, its validation, and what a server type's
//! preset would fill.

use super::fields::TYPES;
use super::{Form, text};
use crate::config::provider::KNOWN_ATTRIBUTE_FIELDS;
use crate::config::{Layout, LayoutMode, Provider, Secret, ServerType};

impl Form {
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
    pub(super) fn draft(&self) -> (Provider, Vec<(String, String)>) {
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
        let groups: Vec<String> = self
            .value("access.required_groups")
            .split(';')
            .map(|g| g.trim().to_string())
            .filter(|g| !g.is_empty())
            .collect();
        if !groups.is_empty() {
            p.access = Some(crate::config::Access {
                required_groups: groups,
                mode: if self.choice("access_mode") == 1 {
                    crate::config::AccessMode::All
                } else {
                    crate::config::AccessMode::Any
                },
            });
        }
        (p, errors)
    }

    /// How many empty fields the preset would fill.
    pub fn preset_fills(&self, t: ServerType) -> usize {
        self.preset_values(t)
            .iter()
            .filter(|(k, _)| self.value(k).is_empty())
            .count()
    }

    pub(super) fn preset_values(&self, t: ServerType) -> Vec<(String, String)> {
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
pub(super) fn field_for(path: &str) -> String {
    let base = path.split('[').next().unwrap_or(path);
    match base {
        "bind_password" | "bind_password_env" | "bind_password_file" | "bind_password_cmd" => {
            "password_value".into()
        }
        p if p.starts_with("custom_filters.") => "custom_filters".into(),
        p if p.starts_with("access.required_groups") => "access.required_groups".into(),
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
