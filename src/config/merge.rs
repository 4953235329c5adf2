//! Writes a provider into an existing TOML table while keeping the user's formatting.
//!
//! Only keys whose value really changed are touched; comments, order, quoting and
//! inline-vs-standard tables survive. New keys are appended, removed keys dropped.

use toml_edit::{Item, Table, TableLike, Value};

/// Serialises a provider into a fresh standard table (no positions, no decor).
pub fn provider_table(p: &super::Provider) -> Result<Table, String> {
    let text = toml::to_string(p).map_err(|e| e.to_string())?;
    let doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut table = doc.as_table().clone();
    clear_positions(&mut table);
    table.decor_mut().clear();
    Ok(table)
}

fn clear_positions(t: &mut Table) {
    t.set_position(None);
    for (_, item) in t.iter_mut() {
        if let Item::Table(sub) = item {
            clear_positions(sub);
        }
    }
}

/// Applies the change from `old` to `new` (both serialised providers) onto `dst`.
///
/// Keys whose value did not change are left exactly as written, even when the user wrote
/// a default explicitly; only changed, added and removed keys touch the text.
pub fn merge_into(dst: &mut dyn TableLike, old: &Table, new: &Table) {
    merge_table(dst, false, old, new)
}

fn merge_table(dst: &mut dyn TableLike, inline: bool, old: &Table, new: &Table) {
    let mut keys: Vec<String> = old.iter().map(|(k, _)| k.to_string()).collect();
    for (k, _) in new.iter() {
        if !old.contains_key(k) {
            keys.push(k.to_string());
        }
    }
    for key in keys {
        match (old.get(&key), new.get(&key)) {
            (Some(o), Some(n)) if same_item(o, n) => {}
            (_, Some(n)) => set_item(dst, inline, &key, old.get(&key), n),
            (Some(_), None) => {
                dst.remove(&key);
            }
            (None, None) => {}
        }
    }
}

fn set_item(dst: &mut dyn TableLike, inline: bool, key: &str, old: Option<&Item>, new: &Item) {
    match dst.get_mut(key) {
        Some(existing) => {
            let child_inline = existing.is_inline_table();
            if let (Some(d), Some(n)) = (existing.as_table_like_mut(), new.as_table()) {
                let empty = Table::new();
                let o = old.and_then(Item::as_table).unwrap_or(&empty);
                merge_table(d, child_inline, o, n);
                return;
            }
            match (existing.as_value_mut(), new.as_value()) {
                (Some(e), Some(n)) => {
                    let decor = e.decor().clone();
                    *e = n.clone();
                    *e.decor_mut() = decor;
                }
                _ => *existing = new.clone(),
            }
        }
        None => {
            let item = if inline {
                // Inside an inline table everything must be inline too.
                match new.clone().into_value() {
                    Ok(v) => Item::Value(v),
                    Err(i) => i,
                }
            } else {
                new.clone()
            };
            dst.insert(key, item);
        }
    }
}

fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::Value(x), Item::Value(y)) => same_value(x, y),
        (Item::Table(x), Item::Table(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_item(v, w)))
        }
        _ => false,
    }
}

/// Semantic equality, ignoring formatting (quotes, spacing, comments).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_value(a, b))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => false,
    }
}

/// `mine` applied on `theirs`: every field the form changed (where `mine` differs from
/// `base`) takes the form's value, every other field stays as the file now has it. For
/// "providers.toml changed on disk: re-apply my change".
pub fn reapply(
    base: &super::Provider,
    mine: &super::Provider,
    theirs: &super::Provider,
) -> Result<super::Provider, String> {
    let to = |p: &super::Provider| serde_json::to_value(p).map_err(|e| e.to_string());
    let (b, m, t) = (to(base)?, to(mine)?, to(theirs)?);
    let (Some(b), Some(m), Some(mut t)) = (b.as_object(), m.as_object(), t.as_object().cloned())
    else {
        return Err("a provider is not an object".into());
    };
    let keys: std::collections::BTreeSet<&String> = b.keys().chain(m.keys()).collect();
    for k in keys {
        if b.get(k) != m.get(k) {
            match m.get(k) {
                Some(v) => t.insert(k.clone(), v.clone()),
                None => t.remove(k),
            };
        }
    }
    serde_json::from_value(serde_json::Value::Object(t)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Provider;

    fn merged(original: &str, p: &Provider) -> String {
        let mut doc: toml_edit::DocumentMut = original.parse().expect("toml");
        let first: toml::Value = toml::from_str(original).expect("toml");
        let old: Provider = first["provider"][0].clone().try_into().expect("provider");
        let (o, n) = (
            provider_table(&old).expect("old"),
            provider_table(p).expect("new"),
        );
        let aot = doc["provider"].as_array_of_tables_mut().expect("aot");
        let dst = aot.get_mut(0).expect("first");
        merge_into(dst, &o, &n);
        doc.to_string()
    }

    const FILE: &str = r#"# my providers
[[provider]]
slug = 'corp'   # the main one
urls = ["ldaps://a:636"]
timeout_secs = 10
# attributes below
attributes = { login = "uid", mail = "mail" }
"#;

    fn corp() -> Provider {
        let mut p = Provider::new("corp");
        p.urls = vec!["ldaps://a:636".into()];
        p.attributes.insert("login".into(), "uid".into());
        p.attributes.insert("mail".into(), "mail".into());
        p
    }

    #[test]
    fn unchanged_provider_leaves_text_identical() {
        assert_eq!(merged(FILE, &corp()), FILE);
    }

    #[test]
    fn explicit_defaults_survive_an_unrelated_change() {
        let mut p = corp();
        p.base_dn = Some("dc=x".into());
        let out = merged(FILE, &p);
        assert!(out.contains("timeout_secs = 10\n"), "{out}");
    }

    #[test]
    fn a_change_keeps_comments_and_quoting() {
        let mut p = corp();
        p.timeout_secs = 30;
        p.attributes.insert("mail".into(), "email".into());
        p.base_dn = Some("dc=x".into());
        let out = merged(FILE, &p);
        assert!(out.contains("slug = 'corp'   # the main one"), "{out}");
        assert!(out.contains("# my providers"));
        assert!(out.contains("# attributes below"));
        assert!(out.contains("timeout_secs = 30"));
        assert!(
            out.contains(r#"attributes = { login = "uid", mail = "email" }"#),
            "{out}"
        );
        assert!(out.contains(r#"base_dn = "dc=x""#));
        let back: toml::Value = toml::from_str(&out).expect("still toml");
        assert_eq!(back["provider"][0]["base_dn"].as_str(), Some("dc=x"));
    }

    #[test]
    fn removed_keys_disappear_and_new_subtables_render_under_the_provider() {
        let mut p = corp();
        p.attributes.clear();
        p.custom_filters.insert("staff".into(), "(ou=staff)".into());
        let text = "[[provider]]\nslug = \"corp\"\nurls = [\"ldaps://a:636\"]\n\n[[provider]]\nslug = \"other\"\nurls = [\"ldap://b\"]\n";
        let out = merged(text, &p);
        let back: toml::Value = toml::from_str(&out).expect("toml");
        assert_eq!(
            back["provider"][0]["custom_filters"]["staff"].as_str(),
            Some("(ou=staff)")
        );
        assert_eq!(back["provider"][1]["slug"].as_str(), Some("other"));
        assert!(back["provider"][0].get("attributes").is_none());
    }
}
