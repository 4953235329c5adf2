//! A user entry as ldapdeck shows it: `id` (the login), `dn`, and the provider's mapped
//! fields by name, plus any extra raw attributes asked for.

use ldap3::SearchEntry;

use crate::config::Provider;
use crate::config::provider::KNOWN_ATTRIBUTE_FIELDS;

/// An output column: its name and the LDAP attribute behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Name in JSON and CSV (`mail`, `extension`, or a raw attribute name).
    pub name: String,
    /// The attribute read.
    pub attr: String,
}

/// The provider's mapped fields (known ones first), then `extra` raw attributes.
pub fn columns(p: &Provider, extra: &[String]) -> Vec<Column> {
    let mut cols: Vec<Column> = Vec::new();
    let mut push = |name: &str, attr: &str| {
        if !cols.iter().any(|c| c.name == name) {
            cols.push(Column {
                name: name.to_string(),
                attr: attr.to_string(),
            });
        }
    };
    for f in KNOWN_ATTRIBUTE_FIELDS {
        if f != "login"
            && f != "photo"
            && let Some(a) = p.attribute(f)
        {
            push(f, a);
        }
    }
    for (f, a) in &p.attributes {
        if !KNOWN_ATTRIBUTE_FIELDS.contains(&f.as_str()) {
            push(f, a);
        }
    }
    for a in extra {
        push(a, a);
    }
    cols
}

/// The attributes to ask the server for: the login and every column's.
pub fn attributes(p: &Provider, cols: &[Column]) -> Vec<String> {
    let mut v = vec![login_attr(p).to_string()];
    for c in cols {
        if !v.iter().any(|a| a.eq_ignore_ascii_case(&c.attr)) {
            v.push(c.attr.clone());
        }
    }
    v
}

/// The provider's login attribute.
pub fn login_attr(p: &Provider) -> &str {
    p.attribute("login").unwrap_or("uid")
}

/// Values of an attribute; binary values as `<N bytes>`.
pub fn values(e: &SearchEntry, attr: &str) -> Vec<String> {
    if let Some((_, v)) = e.attrs.iter().find(|(k, _)| k.eq_ignore_ascii_case(attr)) {
        return v.clone();
    }
    e.bin_attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(attr))
        .map(|(_, v)| v.iter().map(|b| format!("<{} bytes>", b.len())).collect())
        .unwrap_or_default()
}

/// One user, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The login (first value of the login attribute).
    pub id: Option<String>,
    /// The DN.
    pub dn: String,
    /// Column values, in column order.
    pub fields: Vec<Vec<String>>,
}

/// Reads a record out of an entry.
pub fn record(e: &SearchEntry, login_attr: &str, cols: &[Column]) -> Record {
    Record {
        id: values(e, login_attr).into_iter().next(),
        dn: e.dn.clone(),
        fields: cols.iter().map(|c| values(e, &c.attr)).collect(),
    }
}

impl Record {
    /// As a JSON object: `id`, `dn`, then each column (a string, or an array when multi-valued).
    pub fn json(&self, cols: &[Column]) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        m.insert(
            "id".into(),
            self.id
                .clone()
                .map_or(serde_json::Value::Null, serde_json::Value::String),
        );
        m.insert("dn".into(), serde_json::Value::String(self.dn.clone()));
        for (c, v) in cols.iter().zip(&self.fields) {
            let value = match v.as_slice() {
                [] => continue,
                [one] => serde_json::Value::String(one.clone()),
                many => serde_json::Value::Array(
                    many.iter()
                        .cloned()
                        .map(serde_json::Value::String)
                        .collect(),
                ),
            };
            m.insert(c.name.clone(), value);
        }
        serde_json::Value::Object(m)
    }
}
