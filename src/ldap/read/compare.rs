//! Two users side by side: every attribute as the same, only in one, or different, and
//! their groups as in both or in one. Password attributes are never compared or shown.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ldap::write::change::{Image, is_secret};

/// How an attribute compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The same values (in any order).
    Same,
    /// Only the first user has it.
    OnlyA,
    /// Only the second user has it.
    OnlyB,
    /// Both have it, with other values.
    Different,
}

/// One attribute of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttrDiff {
    /// The attribute (as the first entry that has it spells it).
    pub attr: String,
    /// How it compares.
    pub kind: Kind,
    /// The first user's values.
    pub a: Vec<String>,
    /// The second user's values.
    pub b: Vec<String>,
}

/// Two users side by side, as the console shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// The first user's DN.
    pub a: String,
    /// The second user's DN.
    pub b: String,
    /// Attribute by attribute, differences first.
    pub attributes: Vec<AttrDiff>,
    /// Their groups, through nested groups too.
    pub groups: GroupDiff,
}

/// The groups of the two users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GroupDiff {
    /// Groups both are in.
    pub both: Vec<String>,
    /// Groups only the first is in.
    pub only_a: Vec<String>,
    /// Groups only the second is in.
    pub only_b: Vec<String>,
}

fn text(values: &[Vec<u8>]) -> Vec<String> {
    let mut v: Vec<String> = values
        .iter()
        .map(|b| match std::str::from_utf8(b) {
            Ok(s) => s.to_string(),
            Err(_) => format!("({} bytes of binary)", b.len()),
        })
        .collect();
    v.sort();
    v
}

/// Attribute by attribute, differences first, then by name.
pub fn attributes(a: &Image, b: &Image) -> Vec<AttrDiff> {
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for k in a.keys().chain(b.keys()) {
        names
            .entry(k.to_ascii_lowercase())
            .or_insert_with(|| k.clone());
    }
    let get = |img: &Image, low: &str| -> Vec<String> {
        img.iter()
            .filter(|(k, _)| k.to_ascii_lowercase() == low)
            .flat_map(|(_, v)| text(v))
            .collect()
    };
    let mut out: Vec<AttrDiff> = names
        .into_iter()
        .filter(|(_, attr)| !is_secret(attr))
        .map(|(low, attr)| {
            let (va, vb) = (get(a, &low), get(b, &low));
            let kind = match (va.is_empty(), vb.is_empty()) {
                (false, true) => Kind::OnlyA,
                (true, false) => Kind::OnlyB,
                _ if va
                    .iter()
                    .map(|v| v.to_lowercase())
                    .eq(vb.iter().map(|v| v.to_lowercase())) =>
                {
                    Kind::Same
                }
                _ => Kind::Different,
            };
            AttrDiff {
                attr,
                kind,
                a: va,
                b: vb,
            }
        })
        .collect();
    out.sort_by_key(|d| (d.kind == Kind::Same, d.attr.to_ascii_lowercase()));
    out
}

/// Group DNs as their names, comma-separated; `-` for none.
pub fn names(groups: &[String]) -> String {
    if groups.is_empty() {
        return "-".into();
    }
    groups
        .iter()
        .map(|g| crate::ldap::read::directory::rdn_value(g))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which groups (DNs, compared in any case) both, or only one, are in.
pub fn groups(a: &[String], b: &[String]) -> GroupDiff {
    let has = |list: &[String], g: &str| list.iter().any(|x| x.eq_ignore_ascii_case(g));
    GroupDiff {
        both: a.iter().filter(|g| has(b, g)).cloned().collect(),
        only_a: a.iter().filter(|g| !has(b, g)).cloned().collect(),
        only_b: b.iter().filter(|g| !has(a, g)).cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ldap::write::image::of as img;

    #[test]
    fn attributes_compare_without_passwords_differences_first() {
        let a = img(&[
            ("cn", &["Alice"]),
            ("mail", &["a@x", "alice@x"]),
            ("title", &["Ops"]),
            ("userPassword", &["secret-a"]),
        ]);
        let b = img(&[
            ("CN", &["Bob"]),
            ("mail", &["ALICE@x", "A@x"]),
            ("telephoneNumber", &["1"]),
            ("userPassword", &["secret-b"]),
        ]);
        let d = attributes(&a, &b);
        let kinds: Vec<(&str, Kind)> = d.iter().map(|x| (x.attr.as_str(), x.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("cn", Kind::Different),
                ("telephoneNumber", Kind::OnlyB),
                ("title", Kind::OnlyA),
                ("mail", Kind::Same),
            ]
        );
        assert!(
            !format!("{d:?}").contains("secret"),
            "passwords are never shown"
        );
    }

    #[test]
    fn groups_split_into_both_and_each() {
        let g = groups(
            &["cn=staff".into(), "cn=ops".into()],
            &["CN=Staff".into(), "cn=vpn".into()],
        );
        assert_eq!(g.both, ["cn=staff"]);
        assert_eq!(g.only_a, ["cn=ops"]);
        assert_eq!(g.only_b, ["cn=vpn"]);
    }
}
