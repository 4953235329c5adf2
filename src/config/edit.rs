//! Field-by-field edits (`--set key=value`, `--unset key`), typed by a catalogue of fields.

use serde::Deserialize;
use toml::{Table, Value};

use super::provider::{Provider, ServerType};

/// How a field's text is turned into a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// true/false (also yes/no, on/off, 1/0).
    Bool,
    /// A whole number.
    Int,
    /// A list: TOML array, or comma-separated (whitespace for commands).
    List,
    /// A password: never taken from the command line.
    Secret,
}

/// One editable field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Key in the file; `*` stands for any name inside a table.
    pub key: &'static str,
    /// Value kind.
    pub kind: Kind,
}

/// Every field a provider has, in the file's order.
pub const FIELDS: &[FieldSpec] = &[
    f("slug", Kind::Text),
    f("name", Kind::Text),
    f("server_type", Kind::Text),
    f("urls", Kind::List),
    f("starttls", Kind::Bool),
    f("ca_file", Kind::Text),
    f("tls_verify", Kind::Bool),
    f("timeout_secs", Kind::Int),
    f("bind_dn", Kind::Text),
    f("bind_password", Kind::Secret),
    f("bind_password_env", Kind::Text),
    f("bind_password_file", Kind::Text),
    f("bind_password_cmd", Kind::List),
    f("base_dn", Kind::Text),
    f("users_base", Kind::Text),
    f("domain", Kind::Text),
    f("user_filter", Kind::Text),
    f("sync_filter", Kind::Text),
    f("groups_base", Kind::Text),
    f("group_object_class", Kind::Text),
    f("group_member_attribute", Kind::Text),
    f("page_size", Kind::Int),
    f("browse_cap", Kind::Int),
    f("max_message_mib", Kind::Int),
    f("use_netgroups", Kind::Bool),
    f("enabled", Kind::Bool),
    f("read_only", Kind::Bool),
    f("tags", Kind::List),
    f("attributes.*", Kind::Text),
    f("status_disabled_value", Kind::Text),
    f("layout.mode", Kind::Text),
    f("layout.tenants_base", Kind::Text),
    f("layout.tenant_filter", Kind::Text),
    f("layout.group_filter", Kind::Text),
    f("access.required_groups", Kind::List),
    f("access.mode", Kind::Text),
    f("custom_filters.*", Kind::Text),
];

const fn f(key: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec { key, kind }
}

/// The catalogue entry for a dotted key, if it names a field.
pub fn spec(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|s| match s.key.strip_suffix('*') {
        Some(prefix) => key
            .strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains('.')),
        None => s.key == key,
    })
}

/// Applies `--set` and `--unset` edits and returns the new provider (not yet validated).
pub fn apply(
    p: &Provider,
    sets: &[(String, String)],
    unsets: &[String],
) -> Result<Provider, String> {
    let mut table = match Value::try_from(p) {
        Ok(Value::Table(t)) => t,
        _ => return Err("internal error: provider did not serialise to a table".into()),
    };
    for key in unsets {
        let s = known(key)?;
        if s.key == "slug" {
            return Err("slug cannot be removed; set a new one with --set slug=NEW".into());
        }
        remove_path(&mut table, key);
    }
    for (key, raw) in sets {
        let s = known(key)?;
        let value = parse_value(s, key, raw)?;
        insert_path(&mut table, key, value);
    }
    Provider::deserialize(Value::Table(table)).map_err(|e| explain(e.message()))
}

fn known(key: &str) -> Result<&'static FieldSpec, String> {
    spec(key).ok_or_else(|| {
        let names: Vec<&str> = FIELDS.iter().map(|s| s.key).collect();
        format!("unknown field '{key}'; fields are: {}", names.join(", "))
    })
}

/// Turns command-line text into a typed value for field `s`.
pub fn parse_value(s: &FieldSpec, key: &str, raw: &str) -> Result<Value, String> {
    Ok(match s.kind {
        Kind::Secret => {
            return Err(format!(
                "{key} cannot be given on the command line (it would show in ps and shell history); use --password-stdin"
            ));
        }
        Kind::Text => {
            if key == "server_type" {
                let t = ServerType::parse(raw).ok_or_else(|| {
                    let all: Vec<&str> = ServerType::ALL.iter().map(|t| t.as_str()).collect();
                    format!(
                        "server_type '{raw}' is unknown; use one of {}",
                        all.join(", ")
                    )
                })?;
                Value::String(t.as_str().into())
            } else {
                Value::String(raw.to_string())
            }
        }
        Kind::Bool => Value::Boolean(
            parse_bool(raw).ok_or_else(|| format!("{key} takes true or false, not '{raw}'"))?,
        ),
        Kind::Int => Value::Integer(
            raw.trim()
                .parse::<i64>()
                .map_err(|_| format!("{key} takes a whole number, not '{raw}'"))?,
        ),
        Kind::List => Value::Array(
            parse_list(key, raw)?
                .into_iter()
                .map(Value::String)
                .collect(),
        ),
    })
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// A TOML array (`["a","b"]`), else comma-separated; commands split on whitespace.
fn parse_list(key: &str, raw: &str) -> Result<Vec<String>, String> {
    let t = raw.trim();
    if t.starts_with('[') {
        let doc: Table = toml::from_str(&format!("v = {t}"))
            .map_err(|e| format!("{key}: not a valid list: {}", e.message()))?;
        return match doc.get("v") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("{key}: list items must be strings"))
                })
                .collect(),
            _ => Err(format!("{key}: not a list")),
        };
    }
    let items: Vec<String> = if key == "bind_password_cmd" {
        t.split_whitespace().map(str::to_string).collect()
    } else {
        t.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Ok(items)
}

fn insert_path(table: &mut Table, key: &str, value: Value) {
    match key.split_once('.') {
        None => {
            table.insert(key.to_string(), value);
        }
        Some((head, rest)) => {
            let sub = table
                .entry(head.to_string())
                .or_insert_with(|| Value::Table(Table::new()));
            if !sub.is_table() {
                *sub = Value::Table(Table::new());
            }
            if let Value::Table(t) = sub {
                insert_path(t, rest, value);
            }
        }
    }
}

fn remove_path(table: &mut Table, key: &str) {
    match key.split_once('.') {
        None => {
            table.remove(key);
        }
        Some((head, rest)) => {
            if let Some(Value::Table(t)) = table.get_mut(head) {
                remove_path(t, rest);
                if t.is_empty() {
                    table.remove(head);
                }
            }
        }
    }
}

fn explain(message: &str) -> String {
    if message.contains("unknown variant") {
        format!("{message} (layout.mode is ou or membership)")
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Provider {
        let mut p = Provider::new("corp");
        p.urls = vec!["ldap://a".into()];
        p
    }

    fn set(p: &Provider, k: &str, v: &str) -> Result<Provider, String> {
        apply(p, &[(k.to_string(), v.to_string())], &[])
    }

    #[test]
    fn typed_sets() {
        let p = base();
        assert_eq!(set(&p, "timeout_secs", "30").expect("int").timeout_secs, 30);
        assert!(set(&p, "starttls", "yes").expect("bool").starttls);
        assert_eq!(
            set(&p, "urls", "ldap://a, ldap://b").expect("list").urls,
            ["ldap://a", "ldap://b"]
        );
        assert_eq!(
            set(&p, "bind_password_cmd", "pass show ldap/svc")
                .expect("cmd")
                .bind_password_cmd,
            Some(vec!["pass".into(), "show".into(), "ldap/svc".into()])
        );
        assert_eq!(
            set(&p, "bind_password_cmd", r#"["vault", "read", "a b"]"#)
                .expect("toml list")
                .bind_password_cmd
                .expect("set")[2],
            "a b"
        );
        assert_eq!(
            set(&p, "server_type", "AD").expect("type").server_type,
            ServerType::ActiveDirectory
        );
    }

    #[test]
    fn dotted_keys_reach_tables() {
        let p = set(&base(), "attributes.mail", "email").expect("ok");
        assert_eq!(p.attributes["mail"], "email");
        let p = set(&p, "layout.mode", "membership").expect("ok");
        assert_eq!(
            p.layout.expect("layout").mode,
            super::super::LayoutMode::Membership
        );
        let p = apply(
            &set(&base(), "attributes.mail", "m").expect("ok"),
            &[],
            &["attributes.mail".into()],
        )
        .expect("unset");
        assert!(p.attributes.is_empty());
    }

    #[test]
    fn refusals_say_why() {
        let p = base();
        assert!(
            set(&p, "bind_password", "x")
                .expect_err("secret")
                .contains("--password-stdin")
        );
        assert!(
            set(&p, "timeout", "3")
                .expect_err("unknown")
                .contains("unknown field 'timeout'")
        );
        assert!(
            set(&p, "starttls", "maybe")
                .expect_err("bool")
                .contains("true or false")
        );
        assert!(
            set(&p, "timeout_secs", "ten")
                .expect_err("int")
                .contains("whole number")
        );
        assert!(
            set(&p, "server_type", "novell")
                .expect_err("type")
                .contains("one of")
        );
        assert!(
            set(&p, "layout.mode", "tree")
                .expect_err("mode")
                .contains("ou or membership")
        );
        assert!(apply(&p, &[], &["slug".into()]).is_err());
    }
}
