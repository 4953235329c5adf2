//! One schema element as a sysadmin reads it: an object class with its MUST and MAY resolved
//! through SUP chains and DIT content rules, or an attribute type with its syntax, matching
//! rules and flags; looked up by name or OID.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ldap::read::schema::{Definitions, Schema, field, tokens};

/// A described element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Described {
    /// `object_class` or `attribute_type`.
    pub kind: &'static str,
    /// Its OID.
    pub oid: String,
    /// Its names.
    pub names: Vec<String>,
    /// DESC, SUP, SYNTAX, EQUALITY, ORDERING, SUBSTR, USAGE, MUST, MAY, STRUCTURAL... as
    /// defined (flags with no value hold an empty list).
    pub fields: BTreeMap<String, Vec<String>>,
    /// For a class: every required attribute, through SUP and the content rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub must_all: Option<Vec<String>>,
    /// For a class: every allowed attribute, the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub may_all: Option<Vec<String>>,
}

const KEYS: [&str; 10] = [
    "DESC", "SUP", "SYNTAX", "EQUALITY", "ORDERING", "SUBSTR", "USAGE", "MUST", "MAY", "X-ORIGIN",
];
const FLAGS: [&str; 7] = [
    "SINGLE-VALUE",
    "NO-USER-MODIFICATION",
    "COLLECTIVE",
    "OBSOLETE",
    "STRUCTURAL",
    "AUXILIARY",
    "ABSTRACT",
];

fn describe_one(kind: &'static str, def: &str) -> Described {
    let t = tokens(def);
    let mut fields = BTreeMap::new();
    for k in KEYS {
        let v = field(&t, k);
        if !v.is_empty() {
            fields.insert(k.to_string(), v);
        }
    }
    for f in FLAGS {
        if t.iter().any(|x| x == f) {
            fields.insert(f.to_string(), Vec::new());
        }
    }
    Described {
        kind,
        oid: t.get(1).cloned().unwrap_or_default(),
        names: field(&t, "NAME"),
        fields,
        must_all: None,
        may_all: None,
    }
}

/// The element called `name` (a NAME or the OID, any case): classes first.
pub fn describe(defs: &Definitions, schema: &Schema, name: &str) -> Option<Described> {
    let hit = |d: &Described| {
        d.oid.eq_ignore_ascii_case(name) || d.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    };
    let class = defs
        .classes
        .iter()
        .map(|d| describe_one("object_class", d))
        .find(hit);
    if let Some(mut c) = class {
        let key = c.names.first().cloned().unwrap_or_else(|| c.oid.clone());
        if let Some((must, may)) = schema.resolved(&key) {
            c.must_all = Some(must);
            c.may_all = Some(may);
        }
        return Some(c);
    }
    defs.attributes
        .iter()
        .map(|d| describe_one("attribute_type", d))
        .find(hit)
}

/// Every name, by kind (first names only), sorted.
pub fn names(defs: &Definitions) -> (Vec<String>, Vec<String>) {
    let first = |d: &String| field(&tokens(d), "NAME").into_iter().next();
    let mut c: Vec<String> = defs.classes.iter().filter_map(first).collect();
    let mut a: Vec<String> = defs.attributes.iter().filter_map(first).collect();
    c.sort_by_key(|n| n.to_lowercase());
    a.sort_by_key(|n| n.to_lowercase());
    (c, a)
}

/// The schema as read for the console: definitions, parsed, and the object classes of the
/// entry it was opened from (if any).
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// As the server wrote them.
    pub defs: Definitions,
    /// Parsed.
    pub schema: Schema,
    /// The entry's objectClass values.
    pub classes: Vec<String>,
}

/// What an entry of these classes may still have: the required attributes it lacks (first,
/// marked `(required)`), then the allowed ones it does not hold, as the server spells them.
/// Operational and server-filled attributes are left out: no one adds those.
pub fn may_still_have(schema: &Schema, classes: &[String], present: &[String]) -> Vec<String> {
    let held: Vec<String> = present.iter().map(|a| schema.canonical(a)).collect();
    let (mut must, mut may) = (Vec::new(), Vec::new());
    for c in classes {
        if let Some((m, y)) = schema.resolved(c) {
            must.extend(m);
            may.extend(y);
        }
    }
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (list, required) in [(must, true), (may, false)] {
        let mut names: Vec<String> = list
            .into_iter()
            .filter(|a| !held.contains(a) && seen.insert(a.clone()))
            .filter(|a| schema.is_user_writable(a))
            .map(|a| schema.spelled(&a))
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        out.extend(names.into_iter().map(|n| {
            if required {
                format!("{n} (required)")
            } else {
                n
            }
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs() -> Definitions {
        Definitions {
            classes: vec![
                "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )".into(),
                "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY ( userPassword $ telephoneNumber ) )".into(),
                "( 2.16.840.1.113730.3.2.2 NAME 'inetOrgPerson' SUP person STRUCTURAL MAY ( mail $ uid ) )".into(),
            ],
            attributes: vec![
                "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )".into(),
                "( 0.9.2342.19200300.100.1.3 NAME ( 'mail' 'rfc822Mailbox' ) EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )".into(),
                "( 1.2.3 NAME 'entryUUID' DESC 'UUID of the entry' EQUALITY UUIDMatch SYNTAX 1.3.6.1.1.16.1 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )".into(),
            ],
            rules: Vec::new(),
        }
    }

    #[test]
    fn a_class_resolves_must_and_may_through_its_superiors() {
        let d = defs();
        let s = Schema::parse(&d.classes, &d.attributes, &d.rules);
        let c = describe(&d, &s, "INETORGPERSON").expect("class");
        assert_eq!(c.kind, "object_class");
        assert_eq!(c.fields.get("SUP"), Some(&vec!["person".to_string()]));
        assert_eq!(
            c.must_all,
            Some(vec!["cn".into(), "objectclass".into(), "sn".into()])
        );
        let may = c.may_all.expect("may");
        assert!(may.contains(&"mail".to_string()) && may.contains(&"telephonenumber".to_string()));
        assert!(c.fields.contains_key("STRUCTURAL"));
    }

    #[test]
    fn an_attribute_shows_its_syntax_rules_and_flags_by_name_alias_or_oid() {
        let d = defs();
        let s = Schema::parse(&d.classes, &d.attributes, &d.rules);
        let a = describe(&d, &s, "rfc822Mailbox").expect("by alias");
        assert_eq!(a.kind, "attribute_type");
        assert_eq!(a.fields["EQUALITY"], ["caseIgnoreIA5Match"]);
        assert_eq!(a.fields["SYNTAX"], ["1.3.6.1.4.1.1466.115.121.1.26{256}"]);
        let u = describe(&d, &s, "1.2.3").expect("by oid");
        assert!(
            u.fields.contains_key("SINGLE-VALUE") && u.fields.contains_key("NO-USER-MODIFICATION")
        );
        assert_eq!(u.fields["DESC"], ["UUID of the entry"]);
        assert!(describe(&d, &s, "nosuch").is_none());
        assert_eq!(names(&d).0, ["inetOrgPerson", "person", "top"]);
    }

    #[test]
    fn an_entry_may_still_have_what_its_classes_allow_and_it_lacks() {
        let d = defs();
        let s = Schema::parse(&d.classes, &d.attributes, &d.rules);
        let classes = vec!["top".to_string(), "inetOrgPerson".to_string()];
        let present = vec!["objectClass".to_string(), "commonName".to_string()];
        let left = may_still_have(&s, &classes, &present);
        assert_eq!(left.first().map(String::as_str), Some("sn (required)"));
        assert!(left.contains(&"mail".to_string()), "{left:?}");
        assert!(
            !left.iter().any(|a| a.starts_with("cn")),
            "cn is held as commonName"
        );
    }
}
