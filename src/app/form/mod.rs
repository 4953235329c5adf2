//! The provider form: every field in sections, validated as you type.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::config::provider::KNOWN_ATTRIBUTE_FIELDS;
use crate::config::validate::validate;
use crate::config::{LayoutMode, Provider, ServerType};

mod build;
mod fields;

use build::field_for;
pub use fields::{Field, Kind, SOURCES};
use fields::{SPEC, TYPES};

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

pub(super) fn text(s: &str) -> TextArea<'static> {
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
        if let Some(a) = &p.access {
            // DNs hold commas: the groups are separated by "; ".
            set("access.required_groups", a.required_groups.join("; "));
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
        let all = p
            .access
            .as_ref()
            .is_some_and(|a| a.mode == crate::config::AccessMode::All);
        form.set_choice("access_mode", usize::from(all));
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
}
