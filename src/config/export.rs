//! Exports a provider as the JSON Akinon, Foreman or Covata take, or as a TOML snippet.

use serde_json::{Map, Value, json};

use super::provider::{Provider, ServerType};
use crate::syntax::url::parse_url;

/// Target of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Akinon LDAPProviders body.
    Akinon,
    /// Foreman `{"auth_source_ldap": {...}}` create body.
    Foreman,
    /// Covata LDAP connection body.
    Covata,
    /// A `[[provider]]` table for providers.toml.
    Toml,
}

impl ExportFormat {
    /// Parses `--format`.
    pub fn parse(s: &str) -> Result<ExportFormat, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "akinon" => ExportFormat::Akinon,
            "foreman" => ExportFormat::Foreman,
            "covata" => ExportFormat::Covata,
            "toml" => ExportFormat::Toml,
            _ => {
                return Err(format!(
                    "unknown format '{s}': use akinon, foreman, covata or toml"
                ));
            }
        })
    }
}

/// The exported text and what could not be carried over.
#[derive(Debug, Clone)]
pub struct Exported {
    /// JSON or TOML text.
    pub text: String,
    /// What the target cannot express, or what was left out.
    pub notes: Vec<String>,
}

/// Exports one provider. Secrets are left out unless `include_secrets`.
pub fn export(p: &Provider, format: ExportFormat, include_secrets: bool) -> Exported {
    let mut notes = Vec::new();
    if p.bind_password.is_some() && !include_secrets {
        notes.push("bind_password left out (add --include-secrets to export it)".into());
    }
    let password = if include_secrets {
        p.bind_password.as_ref().map(|s| s.expose().to_string())
    } else {
        None
    };
    for (set, name) in [
        (p.bind_password_env.is_some(), "bind_password_env"),
        (p.bind_password_file.is_some(), "bind_password_file"),
        (p.bind_password_cmd.is_some(), "bind_password_cmd"),
    ] {
        if set && format != ExportFormat::Toml {
            notes.push(format!(
                "{name} has no equivalent in this format and was left out"
            ));
        }
    }
    let value = match format {
        ExportFormat::Toml => {
            let mut q = p.clone();
            if !include_secrets {
                q.bind_password = None;
            }
            #[derive(serde::Serialize)]
            struct Wrapper<'a> {
                provider: [&'a Provider; 1],
            }
            let text = toml::to_string(&Wrapper { provider: [&q] })
                .unwrap_or_else(|e| format!("# cannot render provider: {e}\n"));
            return Exported { text, notes };
        }
        ExportFormat::Akinon => akinon(p, password, &mut notes),
        ExportFormat::Foreman => foreman(p, password, &mut notes),
        ExportFormat::Covata => covata(p, password, &mut notes),
    };
    let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
    Exported { text, notes }
}

struct First {
    scheme_host: String,
    host: String,
    port: u16,
    tls: bool,
}

fn first_url(p: &Provider, notes: &mut Vec<String>) -> Option<First> {
    if p.urls.len() > 1 {
        notes.push(format!(
            "this format holds one server: exported the first of {} URLs",
            p.urls.len()
        ));
    }
    let u = parse_url(p.urls.first()?).ok()?;
    let host = if u.host.contains(':') {
        format!("[{}]", u.host)
    } else {
        u.host.clone()
    };
    Some(First {
        scheme_host: format!("{}://{host}", u.scheme()),
        host,
        port: u.port,
        tls: u.tls,
    })
}

fn opt(v: &Option<String>) -> Value {
    v.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
}

fn akinon(p: &Provider, password: Option<String>, notes: &mut Vec<String>) -> Value {
    let url = first_url(p, notes);
    let mut map = Map::new();
    for (field, attr) in &p.attributes {
        let app = match field.as_str() {
            "login" => "username",
            "mail" => "email",
            other => other,
        };
        map.insert(attr.clone(), Value::String(app.into()));
    }
    let mut o = json!({
        "name": p.display_name(),
        "slug": p.slug,
        "host": url.as_ref().map(|u| u.scheme_host.clone()),
        "port": url.as_ref().map(|u| u.port),
        "use_ssl": url.as_ref().is_some_and(|u| u.tls) || p.starttls,
        "bind_dn": opt(&p.bind_dn),
        "base_dn": opt(&p.base_dn),
        "attribute_map": map,
        "is_active": p.enabled,
    });
    if let Some(pw) = password {
        o["bind_password"] = Value::String(pw);
    }
    o
}

fn foreman(p: &Provider, password: Option<String>, notes: &mut Vec<String>) -> Value {
    let url = first_url(p, notes);
    if p.starttls {
        notes.push(
            "Foreman cannot express StartTLS (its tls means LDAPS): exported tls = false".into(),
        );
    }
    let server_type = match p.server_type {
        ServerType::Posix | ServerType::FreeIpa | ServerType::ActiveDirectory => p.server_type,
        other => {
            notes.push(format!(
                "Foreman knows posix, free_ipa and active_directory: exported {} as posix",
                other.as_str()
            ));
            ServerType::Posix
        }
    };
    let mut locations = Vec::new();
    let mut organizations = Vec::new();
    let mut lost = Vec::new();
    for t in &p.tags {
        if let Some(l) = t.strip_prefix("location:") {
            locations.push(l.to_string());
        } else if let Some(o) = t.strip_prefix("organization:") {
            organizations.push(o.to_string());
        } else {
            lost.push(t.as_str());
        }
    }
    if !lost.is_empty() {
        notes.push(format!(
            "tags other than location:/organization: have no Foreman home: {}",
            lost.join(", ")
        ));
    }
    let attr = |f: &str| opt(&p.attributes.get(f).cloned());
    let mut o = json!({
        "name": p.display_name(),
        "host": url.as_ref().map(|u| u.host.clone()),
        "port": url.as_ref().map(|u| u.port),
        "tls": url.as_ref().is_some_and(|u| u.tls),
        "account": opt(&p.bind_dn),
        "base_dn": opt(&p.base_dn),
        "ldap_filter": opt(&p.user_filter),
        "attr_login": attr("login"),
        "attr_firstname": attr("first_name"),
        "attr_lastname": attr("last_name"),
        "attr_mail": attr("mail"),
        "attr_photo": attr("photo"),
        "server_type": server_type.as_str(),
        "groups_base": opt(&p.groups_base),
        "use_netgroups": p.use_netgroups,
        "location_names": locations,
        "organization_names": organizations,
    });
    if let Some(pw) = password {
        o["account_password"] = Value::String(pw);
    }
    json!({ "auth_source_ldap": o })
}

fn covata(p: &Provider, password: Option<String>, notes: &mut Vec<String>) -> Value {
    if p.starttls {
        notes.push("Covata's serverUrl cannot express StartTLS: the URL is exported as is".into());
    }
    let attr = |f: &str| opt(&p.attributes.get(f).cloned());
    let mut o = json!({
        "serverUrl": p.urls.join(" "),
        "serverTimeout": p.timeout_secs,
        "baseDN": opt(&p.base_dn),
        "authFilter": opt(&p.user_filter),
        "syncFilter": opt(&p.sync_filter),
        "managerDN": opt(&p.bind_dn),
        "domain": opt(&p.domain),
        "enabled": p.enabled,
        "accountNameField": attr("login"),
        "emailField": attr("mail"),
        "userPrincipalNameField": attr("upn"),
        "fullnameField": attr("full_name"),
        "statusField": attr("status"),
        "statusDisabledValue": opt(&p.status_disabled_value),
    });
    if let Some(pw) = password {
        o["managerPassword"] = Value::String(pw);
    }
    o
}
