//! Each seed format's own fields, read into a provider: Akinon, Foreman, Covata; and the
//! user-filter placeholders they carry.

use super::{Format, Imported, Reader, build_url, field_from_app, set_slug};
use crate::config::provider::{Provider, ServerType};
use crate::config::secrets::Secret;
use crate::syntax::filter::{Filter, parse_filter};
use serde_json::Value;

pub(super) fn akinon(r: &mut Reader) -> Imported {
    let mut notes = Vec::new();
    let mut p = Provider::new("provider");
    let name = r.string("name");
    match (r.string("slug"), &name) {
        (Some(s), _) => set_slug(&mut p, &s, &mut notes),
        (None, Some(n)) => set_slug(&mut p, n, &mut notes),
        (None, None) => notes.push("no slug or name: slug set to 'provider'".into()),
    }
    p.name = name.unwrap_or_default();
    if let Some(host) = r.string("host") {
        let port = r.number("port");
        let ssl = r.boolean("use_ssl");
        let (url, starttls, n) = build_url(&host, port, ssl, "use_ssl");
        p.urls = vec![url];
        p.starttls = starttls;
        notes.extend(n);
    }
    p.bind_dn = r.string("bind_dn");
    if let Some(pw) = r.string("bind_password") {
        p.bind_password = Some(Secret::new(pw));
        notes.push("bind_password stored in providers.toml (consider bind_password_env)".into());
    }
    p.base_dn = r.string("base_dn");
    if let Some(Value::Object(map)) = r.take("attribute_map") {
        // Akinon maps LDAP attribute → application field; ldapdeck maps field → attribute.
        for (attr, field) in map {
            if let Value::String(field) = field {
                p.attributes.insert(field_from_app(&field), attr);
            }
        }
    }
    if let Some(active) = r.boolean("is_active") {
        p.enabled = active;
    }
    r.drop_metadata(&["id", "icon"]);
    notes.push("Akinon does not say which server type: server_type = generic (change it with --set server_type=...)".into());
    Imported {
        provider: p,
        format: Format::Akinon,
        notes,
        unmapped: Vec::new(),
    }
}

pub(super) fn foreman(r: &mut Reader) -> Imported {
    let mut notes = Vec::new();
    let mut p = Provider::new("provider");
    if let Some(name) = r.string("name") {
        set_slug(&mut p, &name, &mut notes);
        p.name = name;
    }
    if let Some(host) = r.string("host") {
        let port = r.number("port");
        // Foreman's form labels `tls` "LDAPS": it is TLS from the first byte.
        let tls = r.boolean("tls");
        let (url, starttls, n) = build_url(&host, port, tls, "tls");
        p.urls = vec![url];
        p.starttls = starttls;
        notes.extend(n);
    }
    p.bind_dn = r.string("account");
    if let Some(pw) = r.string("account_password") {
        p.bind_password = Some(Secret::new(pw));
        notes.push("account_password stored in providers.toml (consider bind_password_env)".into());
    }
    p.base_dn = r.string("base_dn");
    p.user_filter = r.string("ldap_filter");
    for (src, dst) in [
        ("attr_login", "login"),
        ("attr_firstname", "first_name"),
        ("attr_lastname", "last_name"),
        ("attr_mail", "mail"),
        ("attr_photo", "photo"),
    ] {
        if let Some(a) = r.string(src) {
            p.attributes.insert(dst.into(), a);
        }
    }
    if let Some(t) = r.string("server_type") {
        match ServerType::parse(&t) {
            Some(st) => p.server_type = st,
            None => notes.push(format!("unknown server_type '{t}': used generic")),
        }
    }
    p.groups_base = r.string("groups_base");
    p.use_netgroups = r.boolean("use_netgroups").unwrap_or(false);
    for (key, prefix) in [("locations", "location"), ("organizations", "organization")] {
        if let Some(Value::Array(items)) = r.take(key) {
            for it in items {
                let name = it
                    .get("title")
                    .or_else(|| it.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| it.as_str().map(str::to_string));
                if let Some(n) = name {
                    p.tags.push(format!("{prefix}:{n}"));
                }
            }
        }
    }
    for (key, prefix) in [
        ("location_names", "location"),
        ("organization_names", "organization"),
        ("location_ids", "location_id"),
        ("organization_ids", "organization_id"),
    ] {
        if let Some(Value::Array(items)) = r.take(key) {
            for it in items {
                let v = it
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| it.to_string());
                let tag = format!("{prefix}:{v}");
                if !p.tags.contains(&tag) {
                    p.tags.push(tag);
                }
            }
        }
    }
    r.drop_metadata(&["id", "type", "created_at", "updated_at"]);
    Imported {
        provider: p,
        format: Format::Foreman,
        notes,
        unmapped: Vec::new(),
    }
}

pub(super) fn covata(r: &mut Reader) -> Imported {
    let mut notes = Vec::new();
    let mut p = Provider::new("provider");
    let id = r.string("id");
    if let Some(urls) = r.string("serverUrl") {
        p.urls = urls
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
    }
    let host = p
        .urls
        .first()
        .and_then(|u| crate::syntax::url::parse_url(u).ok())
        .map(|u| u.host);
    match (&id, host) {
        (Some(id), _) => set_slug(&mut p, &format!("covata-{id}"), &mut notes),
        (None, Some(h)) => set_slug(&mut p, &h, &mut notes),
        (None, None) => {}
    }
    if let Some(t) = r.number("serverTimeout") {
        if t > 600 {
            p.timeout_secs = t.div_ceil(1000).clamp(1, 600);
            notes.push(format!(
                "serverTimeout {t} read as milliseconds: timeout_secs = {}",
                p.timeout_secs
            ));
        } else {
            p.timeout_secs = t.max(1);
        }
    }
    p.base_dn = r.string("baseDN");
    p.bind_dn = r.string("managerDN");
    if let Some(pw) = r.string("managerPassword") {
        p.bind_password = Some(Secret::new(pw));
        notes.push("managerPassword stored in providers.toml (consider bind_password_env)".into());
    }
    p.domain = r.string("domain");
    if let Some(e) = r.boolean("enabled") {
        p.enabled = e;
    }
    for (src, dst) in [
        ("accountNameField", "login"),
        ("emailField", "mail"),
        ("userPrincipalNameField", "upn"),
        ("fullnameField", "full_name"),
        ("statusField", "status"),
    ] {
        if let Some(a) = r.string(src) {
            p.attributes.insert(dst.into(), a);
        }
    }
    p.status_disabled_value = r.string("statusDisabledValue");
    if let Some(f) = r.string("authFilter") {
        p.user_filter = strip_placeholders(&f, "authFilter", &mut notes);
    }
    if let Some(f) = r.string("syncFilter") {
        p.sync_filter = strip_placeholders(&f, "syncFilter", &mut notes);
    }
    let ad_hint = p
        .attributes
        .get("login")
        .is_some_and(|l| l.eq_ignore_ascii_case("sAMAccountName"))
        || p.attributes.contains_key("upn");
    if ad_hint {
        p.server_type = ServerType::ActiveDirectory;
        notes.push(
            "server_type = active_directory (sAMAccountName/userPrincipalName fields)".into(),
        );
    }
    Imported {
        provider: p,
        format: Format::Covata,
        notes,
        unmapped: Vec::new(),
    }
}

const PLACEHOLDERS: [&str; 6] = ["{0}", "%s", "%u", "{username}", "{{username}}", "{user}"];

/// Removes login-placeholder clauses (`(sAMAccountName={0})`): ldapdeck adds the login clause itself.
pub(super) fn strip_placeholders(
    filter: &str,
    label: &str,
    notes: &mut Vec<String>,
) -> Option<String> {
    let has = |v: &[u8]| {
        let s = String::from_utf8_lossy(v);
        PLACEHOLDERS.iter().any(|p| s.contains(p))
    };
    let Ok(parsed) = parse_filter(filter) else {
        return Some(filter.to_string());
    };
    let is_placeholder = |f: &Filter| match f {
        Filter::Equal(_, v) => has(v),
        Filter::Substring {
            initial, any, last, ..
        } => {
            initial.as_deref().is_some_and(has)
                || last.as_deref().is_some_and(has)
                || any.iter().any(|a| has(a))
        }
        _ => false,
    };
    let result = match parsed {
        ref f if is_placeholder(f) => None,
        Filter::And(items) => {
            let kept: Vec<Filter> = items
                .iter()
                .filter(|f| !is_placeholder(f))
                .cloned()
                .collect();
            if kept.len() == items.len() {
                return Some(filter.to_string());
            }
            match kept.len() {
                0 => None,
                1 => kept.into_iter().next(),
                _ => Some(Filter::And(kept)),
            }
        }
        _ => return Some(filter.to_string()),
    };
    notes.push(format!(
        "{label} {filter} holds a login placeholder; ldapdeck adds the login clause itself, so it became {}",
        result.as_ref().map_or("the preset user filter".to_string(), |f| f.to_string())
    ));
    result.map(|f| f.to_string())
}
