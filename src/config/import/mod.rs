//! Imports providers from the JSON that Akinon, Foreman and Covata return for theirs, and
//! from OpenLDAP's own client configuration (`ldap_conf`).
//!
//! Every choice made on the way is reported in `notes`, and every field with no home here
//! is listed in `unmapped`: nothing is dropped silently.

use serde_json::{Map, Value};

use super::Error;
use super::provider::Provider;
use super::validate::{check_slug, slugify};
use crate::syntax::url::default_port;

mod formats;
pub mod ldap_conf;

use formats::{akinon, covata, foreman};

/// The system a JSON document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Akinon Omnitron `LDAPProviders`.
    Akinon,
    /// Foreman `auth_source_ldaps`.
    Foreman,
    /// Covata access-service LDAP connection.
    Covata,
    /// OpenLDAP's ldap.conf / .ldaprc.
    LdapConf,
}

impl Format {
    /// Parses a `--format` value; `auto` is `None`.
    pub fn parse(s: &str) -> Result<Option<Format>, String> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(None),
            "akinon" => Ok(Some(Format::Akinon)),
            "foreman" => Ok(Some(Format::Foreman)),
            "covata" => Ok(Some(Format::Covata)),
            "ldap.conf" | "ldapconf" | "ldap_conf" | "ldaprc" => Ok(Some(Format::LdapConf)),
            _ => Err(format!(
                "unknown format '{s}': use akinon, foreman, covata, ldap.conf or auto"
            )),
        }
    }

    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Akinon => "akinon",
            Format::Foreman => "foreman",
            Format::Covata => "covata",
            Format::LdapConf => "ldap.conf",
        }
    }
}

/// One provider read from a document, with what the import decided.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The provider, ready to validate and store.
    pub provider: Provider,
    /// The format it was read as.
    pub format: Format,
    /// Choices made (URL built from host/port/use_ssl, slug derived, presets filled...).
    pub notes: Vec<String>,
    /// Fields that have no home in ldapdeck, as `name = value`.
    pub unmapped: Vec<String>,
}

/// Reads one provider or a list of them from JSON text.
pub fn import(text: &str, format: Option<Format>) -> Result<Vec<Imported>, Error> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        Error::Import(format!(
            "not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let objects = unwrap_list(doc)?;
    if objects.is_empty() {
        return Err(Error::Import("the document holds no provider".into()));
    }
    objects
        .into_iter()
        .map(|obj| {
            let fmt = match format {
                Some(f) => f,
                None => detect(&obj).ok_or_else(|| {
                    Error::Import(
                        "cannot tell which system this JSON comes from; pass --format akinon|foreman|covata"
                            .into(),
                    )
                })?,
            };
            let mut r = Reader::new(obj);
            let mut imp = match fmt {
                Format::Akinon => akinon(&mut r),
                Format::Foreman => foreman(&mut r),
                Format::Covata => covata(&mut r),
                Format::LdapConf => {
                    return Err(Error::Import(
                        "an ldap.conf is not JSON: read it with --format ldap.conf".into(),
                    ));
                }
            };
            imp.unmapped.extend(r.leftovers());
            let filled = imp.provider.fill_from_preset();
            if !filled.is_empty() {
                imp.notes.push(format!(
                    "filled from the {} preset: {}",
                    imp.provider.server_type.as_str(),
                    filled.join(", ")
                ));
            }
            Ok(imp)
        })
        .collect()
}

fn unwrap_list(doc: Value) -> Result<Vec<Map<String, Value>>, Error> {
    let items = match doc {
        Value::Array(a) => a,
        Value::Object(mut o) => {
            if let Some(Value::Array(a)) = o.remove("results") {
                a
            } else if let Some(Value::Object(inner)) = o.remove("auth_source_ldap") {
                vec![Value::Object(inner)]
            } else {
                vec![Value::Object(o)]
            }
        }
        _ => {
            return Err(Error::Import(
                "expected a JSON object or a list of objects".into(),
            ));
        }
    };
    items
        .into_iter()
        .map(|v| match v {
            Value::Object(mut o) => Ok(match o.remove("auth_source_ldap") {
                Some(Value::Object(inner)) => inner,
                Some(other) => {
                    o.insert("auth_source_ldap".into(), other);
                    o
                }
                None => o,
            }),
            _ => Err(Error::Import("a list item is not a JSON object".into())),
        })
        .collect()
}

fn detect(o: &Map<String, Value>) -> Option<Format> {
    let has = |keys: &[&str]| keys.iter().any(|k| o.contains_key(*k));
    if has(&[
        "serverUrl",
        "managerDN",
        "baseDN",
        "authFilter",
        "accountNameField",
    ]) {
        Some(Format::Covata)
    } else if has(&[
        "attr_login",
        "account",
        "onthefly_register",
        "ldap_filter",
        "tls",
        "server_type",
    ]) || o.get("type").and_then(Value::as_str) == Some("AuthSourceLdap")
    {
        Some(Format::Foreman)
    } else if has(&["use_ssl", "attribute_map", "bind_dn", "is_active", "slug"]) {
        Some(Format::Akinon)
    } else {
        None
    }
}

/// Takes fields out of an object so that whatever remains is known to be unmapped.
struct Reader {
    obj: Map<String, Value>,
}

impl Reader {
    fn new(obj: Map<String, Value>) -> Reader {
        Reader { obj }
    }
    fn take(&mut self, key: &str) -> Option<Value> {
        self.obj.shift_remove(key).filter(|v| !v.is_null())
    }
    fn string(&mut self, key: &str) -> Option<String> {
        match self.take(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.obj.insert(key.to_string(), other);
                None
            }
        }
    }
    fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.take(key)? {
            Value::Bool(b) => Some(b),
            Value::Number(n) => Some(n.as_i64() != Some(0)),
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Some(true),
                "false" | "0" | "no" => Some(false),
                _ => {
                    self.obj.insert(key.to_string(), Value::String(s));
                    None
                }
            },
            other => {
                self.obj.insert(key.to_string(), other);
                None
            }
        }
    }
    fn number(&mut self, key: &str) -> Option<u64> {
        match self.take(key)? {
            Value::Number(n) if n.as_u64().is_some() => n.as_u64(),
            Value::String(s) if s.trim().parse::<u64>().is_ok() => s.trim().parse().ok(),
            other => {
                self.obj.insert(key.to_string(), other);
                None
            }
        }
    }
    /// Drops bookkeeping fields of the source system; they describe its records, not the server.
    fn drop_metadata(&mut self, keys: &[&str]) {
        for k in keys {
            self.obj.shift_remove(*k);
        }
    }
    fn leftovers(self) -> Vec<String> {
        self.obj
            .into_iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| format!("{k} = {}", short(&v)))
            .collect()
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

/// Builds a URL from a host that may carry a scheme and port, a port and an SSL flag.
///
/// Returns (url, starttls, notes). `ssl_label` names the flag in notes (`use_ssl`, `tls`).
pub fn build_url(
    host: &str,
    port: Option<u64>,
    ssl: Option<bool>,
    ssl_label: &str,
) -> (String, bool, Vec<String>) {
    let mut notes = Vec::new();
    let raw = host.trim().trim_end_matches('/');
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) => (Some(s.to_ascii_lowercase()), r),
        None => (None, raw),
    };
    let (hostname, host_port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.parse::<u64>().is_ok() => {
            (h.to_string(), p.parse::<u64>().ok())
        }
        _ => (rest.to_string(), None),
    };
    if let (Some(hp), Some(p)) = (host_port, port)
        && hp != p
    {
        notes.push(format!(
            "host carries port {hp} but port says {p}: used port {p}"
        ));
    }
    let port = port.or(host_port);
    let (tls, starttls) = match (scheme.as_deref(), ssl) {
        (Some("ldaps"), Some(false)) => {
            notes.push(format!(
                "host says ldaps:// but {ssl_label} is false: kept LDAPS, since the scheme is explicit"
            ));
            (true, false)
        }
        (Some("ldaps"), _) => (true, false),
        (Some("ldap"), Some(true)) if port == Some(636) => {
            notes.push(format!(
                "host says ldap:// but {ssl_label} is true on port 636: used ldaps://, port 636 is LDAPS"
            ));
            (true, false)
        }
        (Some("ldap"), Some(true)) => {
            notes.push(format!(
                "host says ldap:// and {ssl_label} is true on port {}: chose StartTLS on that port \
                 (TLS on a plain LDAP port is StartTLS); if the server speaks LDAPS there, change the URL to ldaps://",
                port.unwrap_or(389)
            ));
            (false, true)
        }
        (Some("ldap"), _) => (false, false),
        (Some(other), _) => {
            notes.push(format!(
                "unknown scheme '{other}://' in host: treated as ldap://"
            ));
            (ssl == Some(true), false)
        }
        (None, Some(true)) => {
            if port == Some(389) {
                notes.push(format!(
                    "{ssl_label} is true on port 389: used ldaps:// as {ssl_label} says, although LDAPS usually \
                     listens on 636; for StartTLS on 389 use ldap:// with starttls = true"
                ));
            }
            (true, false)
        }
        (None, _) => (false, false),
    };
    let port = port.unwrap_or(u64::from(default_port(tls)));
    let scheme = if tls { "ldaps" } else { "ldap" };
    let host = if hostname.contains(':') && !hostname.starts_with('[') {
        format!("[{hostname}]")
    } else {
        hostname
    };
    (format!("{scheme}://{host}:{port}"), starttls, notes)
}

fn set_slug(p: &mut Provider, wanted: &str, notes: &mut Vec<String>) {
    if check_slug(wanted).is_ok() {
        p.slug = wanted.to_string();
    } else {
        p.slug = slugify(wanted);
        notes.push(format!("slug '{}' made from '{wanted}'", p.slug));
    }
}

/// Akinon's application field names → ldapdeck's mapped fields.
fn field_from_app(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "username" | "user_name" | "login" => "login".into(),
        "email" | "mail" => "mail".into(),
        "first_name" | "firstname" | "given_name" => "first_name".into(),
        "last_name" | "lastname" | "surname" => "last_name".into(),
        "full_name" | "fullname" | "display_name" => "full_name".into(),
        "photo" | "avatar" => "photo".into(),
        other => slugify(other).replace('-', "_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use formats::strip_placeholders;

    #[test]
    fn url_from_host_port_and_flag() {
        let (u, st, n) = build_url("ldap://ldap.example.com", Some(389), Some(true), "use_ssl");
        assert_eq!((u.as_str(), st), ("ldap://ldap.example.com:389", true));
        assert!(n[0].contains("StartTLS"), "{n:?}");
        assert_eq!(
            build_url("ldap", Some(123), Some(true), "tls").0,
            "ldaps://ldap:123"
        );
        assert_eq!(build_url("h", None, Some(false), "tls").0, "ldap://h:389");
        assert_eq!(build_url("h", None, Some(true), "tls").0, "ldaps://h:636");
        let (u, _, n) = build_url("ldaps://h", Some(636), Some(false), "use_ssl");
        assert_eq!(u, "ldaps://h:636");
        assert_eq!(n.len(), 1);
        let (u, st, _) = build_url("ldap://h", Some(636), Some(true), "use_ssl");
        assert_eq!((u.as_str(), st), ("ldaps://h:636", false));
        let (u, _, n) = build_url("ldap://h:1389", Some(389), None, "use_ssl");
        assert_eq!(u, "ldap://h:389");
        assert!(n[0].contains("1389"));
        assert_eq!(build_url("::1", Some(389), None, "x").0, "ldap://[::1]:389");
    }

    #[test]
    fn placeholders_are_stripped_from_and_filters() {
        let mut notes = Vec::new();
        let f = strip_placeholders(
            "(&(objectClass=user)(sAMAccountName={0}))",
            "authFilter",
            &mut notes,
        );
        assert_eq!(f.as_deref(), Some("(objectClass=user)"));
        assert_eq!(
            strip_placeholders("(uid=%s)", "authFilter", &mut notes),
            None
        );
        assert_eq!(
            strip_placeholders("(objectClass=person)", "authFilter", &mut notes).as_deref(),
            Some("(objectClass=person)")
        );
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn unknown_documents_ask_for_a_format() {
        let e = import(r#"{"foo": 1}"#, None).expect_err("unknown");
        assert!(e.to_string().contains("--format"));
        let e = import("{nope", None).expect_err("json");
        assert!(e.to_string().contains("line 1"));
    }
}
