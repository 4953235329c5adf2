//! A write to the directory as data: shown as LDIF before it is sent, computed as the smallest
//! set of modifications, and inverted from the entry as it was, so it can be undone.

use serde::{Deserialize, Serialize};

use crate::syntax::ldif::line;

pub use super::image::{Image, Want, after, diff, first_text, same_values, texts, values};

/// One modification. JSON names are snake_case; the old Rust-cased names still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mod {
    /// Add these values.
    #[serde(rename = "add", alias = "Add")]
    Add(String, Vec<Vec<u8>>),
    /// Replace all values with these.
    #[serde(rename = "replace", alias = "Replace")]
    Replace(String, Vec<Vec<u8>>),
    /// Delete these values (all when empty).
    #[serde(rename = "delete", alias = "Delete")]
    Delete(String, Vec<Vec<u8>>),
    /// Add this number to the attribute's value (RFC 4525).
    #[serde(rename = "increment")]
    Increment(String, Vec<Vec<u8>>),
}

impl Mod {
    /// Adds or deletes named values (not a replace, not a delete of every value): its undo
    /// is the opposite delta, whatever else the attribute holds.
    pub fn is_delta(&self) -> bool {
        match self {
            Mod::Add(..) | Mod::Increment(..) => true,
            Mod::Delete(_, v) => !v.is_empty(),
            Mod::Replace(..) => false,
        }
    }

    /// The attribute changed.
    pub fn attr(&self) -> &str {
        match self {
            Mod::Add(a, _) | Mod::Replace(a, _) | Mod::Delete(a, _) | Mod::Increment(a, _) => a,
        }
    }

    /// The values it names (none: a delete of every value).
    pub fn values(&self) -> &[Vec<u8>] {
        match self {
            Mod::Add(_, v) | Mod::Replace(_, v) | Mod::Delete(_, v) | Mod::Increment(_, v) => v,
        }
    }
}

/// One value of a group that names an entry (`member: DN`, `uniqueMember: DN`, `memberUid:
/// login`), removed with the entry and put back by its undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    /// The group's DN.
    pub group: String,
    /// The attribute holding the value.
    pub attr: String,
    /// The value (the entry's DN, or its login for memberUid).
    pub value: String,
}

impl Membership {
    /// The modification of the group that adds the value back (`join`) or removes it.
    pub fn modification(&self, join: bool) -> Mod {
        let v = vec![self.value.as_bytes().to_vec()];
        if join {
            Mod::Add(self.attr.clone(), v)
        } else {
            Mod::Delete(self.attr.clone(), v)
        }
    }

    /// That modify of the group, as LDIF.
    pub fn ldif(&self, join: bool) -> String {
        Change::Modify {
            dn: self.group.clone(),
            mods: vec![self.modification(join)],
        }
        .ldif()
    }
}

/// A write. JSON names are snake_case; the old Rust-cased names still read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Create an entry.
    #[serde(rename = "add", alias = "Add")]
    Add {
        /// Its DN.
        dn: String,
        /// Its attributes.
        attrs: Image,
        /// Group values naming it, put back after the add (the undo of a delete).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rejoin: Vec<Membership>,
    },
    /// Change attributes.
    #[serde(rename = "modify", alias = "Modify")]
    Modify {
        /// The entry.
        dn: String,
        /// The modifications, in order.
        mods: Vec<Mod>,
    },
    /// Remove an entry.
    #[serde(rename = "delete", alias = "Delete")]
    Delete {
        /// The entry.
        dn: String,
        /// Group values naming it, removed first so no group points at a deleted entry.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        leave: Vec<Membership>,
    },
    /// Rename an entry (its naming attribute).
    #[serde(rename = "modrdn", alias = "ModRdn")]
    ModRdn {
        /// The entry.
        dn: String,
        /// The new RDN, e.g. `uid=jdoe2`.
        new_rdn: String,
        /// The new parent, when the entry moves (`newSuperior`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_superior: Option<String>,
        /// `deleteoldrdn: 0`: the old naming value stays in the entry.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        keep_old_rdn: bool,
    },
    /// Many changes sent in order and journaled as one record (an LDIF apply, a bulk
    /// change); its undo is the inverses of the applied ones, last first.
    #[serde(rename = "batch")]
    Batch {
        /// The changes, in the order they are sent.
        changes: Vec<Change>,
        /// What each change left on its entry, by position (the conflict check of an undo).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        left: Vec<Option<Image>>,
    },
    /// Remove an entry and everything below it, with the tree-delete control where the
    /// server offers it. It cannot be undone: the preview says so and asks for the name.
    #[serde(rename = "delete_tree")]
    DeleteTree {
        /// The top of the subtree.
        dn: String,
    },
    /// Bring a deleted Active Directory entry back from its tombstone (see `undelete`).
    #[serde(rename = "undelete", alias = "Undelete")]
    Undelete {
        /// Where it comes back.
        dn: String,
        /// Its objectGUID, as AD prints it.
        guid: String,
        /// Attributes set again where the tombstone lost them.
        attrs: Image,
        /// Groups it is added back to.
        groups: Vec<String>,
    },
}

/// The tree-delete control (AD, 389 DS): a delete takes the whole subtree.
pub const TREE_DELETE: &str = "1.2.840.113556.1.4.805";

/// Attributes whose values never appear in a preview, the journal or any output.
pub const SECRET_ATTRS: [&str; 8] = [
    "userPassword",
    "unicodePwd",
    "sambaNTPassword",
    "sambaLMPassword",
    "authPassword",
    "ntPwdHistory",
    "lmPwdHistory",
    "supplementalCredentials",
];

/// The same attributes by OID (a server takes either name): userPassword, authPassword
/// (RFC 3112), AD's unicodePwd, ntPwdHistory, lmPwdHistory, supplementalCredentials, and
/// Samba's sambaNTPassword and sambaLMPassword.
const SECRET_OIDS: [&str; 8] = [
    "2.5.4.35",
    "1.3.6.1.4.1.4203.1.3.4",
    "1.2.840.113556.1.4.90",
    "1.2.840.113556.1.4.94",
    "1.2.840.113556.1.4.160",
    "1.2.840.113556.1.4.125",
    "1.3.6.1.4.1.7165.2.1.25",
    "1.3.6.1.4.1.7165.2.1.24",
];

/// The opposite of value-level mods, last first. Where `before` holds the attribute, a value
/// that was there already was not added (so it is not deleted back) and one that was not there
/// was not deleted; where it was not read (AD's group members), each mod is simply reversed.
fn delta_inverse(mods: &[Mod], before: Option<&Image>) -> Vec<Mod> {
    let mut back = Vec::new();
    for m in mods.iter().rev() {
        let (a, v) = (m.attr(), m.values());
        let old = before.and_then(|b| values(b, a));
        let keep = |x: &&Vec<u8>| match (m, old) {
            (Mod::Add(..), Some(o)) => !o.contains(x),
            (Mod::Delete(..), Some(o)) => o.contains(x),
            _ => true,
        };
        let vals: Vec<Vec<u8>> = v.iter().filter(keep).cloned().collect();
        if vals.is_empty() {
            continue;
        }
        back.push(match m {
            Mod::Add(..) => Mod::Delete(a.to_string(), vals),
            Mod::Increment(..) => {
                Mod::Increment(a.to_string(), vals.iter().map(|v| negate(v)).collect())
            }
            _ => Mod::Add(a.to_string(), vals),
        });
    }
    back
}

/// The opposite of an increment's value (`5` → `-5`, `-5` → `5`).
fn negate(v: &[u8]) -> Vec<u8> {
    match v.strip_prefix(b"-") {
        Some(rest) => rest.to_vec(),
        None => [b"-".as_slice(), v].concat(),
    }
}

/// A batch in words: `batch of 12: 10 modify, 2 add`.
/// `batch of N: a add, b modify, ...`: what a batch of these changes does, in words.
pub fn batch_words<'a>(changes: impl IntoIterator<Item = &'a Change>) -> String {
    batch_words_of(changes.into_iter().map(Change::kind))
}

/// `batch_words` from the changes' kinds.
pub fn batch_words_of(kinds: impl IntoIterator<Item = &'static str>) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut total = 0;
    for k in kinds {
        *counts.entry(k).or_default() += 1;
        total += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    format!("batch of {total}: {}", parts.join(", "))
}

/// `disable` or `enable` when the mods only flip an account's lock marker.
fn account_state(mods: &[Mod]) -> Option<&'static str> {
    let [m] = mods else { return None };
    let first = |v: &[Vec<u8>]| v.first().map(|b| String::from_utf8_lossy(b).to_string());
    let (vals, deleted) = (m.values(), matches!(m, Mod::Delete(..)));
    let a = m.attr().to_ascii_lowercase();
    match a.as_str() {
        "pwdaccountlockedtime" => Some(if deleted { "enable" } else { "disable" }),
        "nsaccountlock" => {
            let on = !deleted && first(vals).is_some_and(|v| v.eq_ignore_ascii_case("true"));
            Some(if on { "disable" } else { "enable" })
        }
        "useraccountcontrol" if !deleted => {
            let n: u32 = first(vals)?.trim().parse().ok()?;
            Some(if n & 2 != 0 { "disable" } else { "enable" })
        }
        _ => None,
    }
}

/// Whether an attribute holds a password: by name (any case) or OID, with any options
/// (`userPassword;lang-en`, `2.5.4.35`, `OID.2.5.4.35` all count).
pub fn is_secret(attr: &str) -> bool {
    let base = attr.split(';').next().unwrap_or(attr).trim();
    let oid = base
        .strip_prefix("OID.")
        .or_else(|| base.strip_prefix("oid."))
        .unwrap_or(base);
    SECRET_ATTRS.iter().any(|s| s.eq_ignore_ascii_case(base)) || SECRET_OIDS.contains(&oid)
}

fn value_line(attr: &str, v: &[u8]) -> String {
    if is_secret(attr) {
        format!("{attr}: ********\n")
    } else {
        line(attr, v)
    }
}

impl Change {
    /// The entry written.
    pub fn dn(&self) -> &str {
        match self {
            Change::Add { dn, .. }
            | Change::Modify { dn, .. }
            | Change::Delete { dn, .. }
            | Change::ModRdn { dn, .. }
            | Change::DeleteTree { dn }
            | Change::Undelete { dn, .. } => dn,
            Change::Batch { changes, .. } => changes.first().map_or("", Change::dn),
        }
    }

    /// `add`, `modify`, `delete` or `modrdn`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Add { .. } => "add",
            Change::Modify { .. } => "modify",
            Change::Delete { .. } => "delete",
            Change::ModRdn { .. } => "modrdn",
            Change::DeleteTree { .. } => "delete_tree",
            Change::Batch { .. } => "batch",
            Change::Undelete { .. } => "undelete",
        }
    }

    /// The operation as a sysadmin names it, knowing how this provider marks a disabled
    /// account (its own status attribute is a disable or enable too, not "modify").
    pub fn operation_for(&self, scheme: &super::account::Scheme) -> String {
        if let Change::Modify { mods, .. } = self
            && let [m] = mods.as_slice()
            && m.attr().eq_ignore_ascii_case(scheme.attr())
        {
            let vals: Vec<String> = match m {
                Mod::Delete(..) => Vec::new(),
                _ => m
                    .values()
                    .iter()
                    .map(|v| String::from_utf8_lossy(v).into_owned())
                    .collect(),
            };
            return if scheme.disabled_by(&vals) {
                "disable"
            } else {
                "enable"
            }
            .into();
        }
        self.operation()
    }

    /// What the change does, in a sysadmin's words: `disable`, `enable`, `passwd`, `modify
    /// mail`, `group staff +bob`, `create`, `delete`, `rename`, `undelete`.
    pub fn operation(&self) -> String {
        let mods = match self {
            Change::Add { .. } => return "create".into(),
            Change::Delete { .. } => return "delete".into(),
            Change::ModRdn {
                new_superior: Some(_),
                ..
            } => return "move".into(),
            Change::ModRdn { .. } => return "rename".into(),
            Change::DeleteTree { .. } => return "delete subtree".into(),
            Change::Batch { changes, .. } => return batch_words(changes),
            Change::Undelete { .. } => return "undelete".into(),
            Change::Modify { mods, .. } => mods,
        };
        if mods.iter().any(|m| is_secret(m.attr())) {
            return "passwd".into();
        }
        if let Some(state) = account_state(mods) {
            return state.into();
        }
        let member = |a: &str| {
            ["member", "uniqueMember", "memberUid"]
                .iter()
                .any(|m| m.eq_ignore_ascii_case(a))
        };
        if !mods.is_empty() && mods.iter().all(|m| member(m.attr())) {
            let group = crate::ldap::read::directory::rdn_value(self.dn());
            let who: Vec<String> = mods
                .iter()
                .flat_map(|m| {
                    let sign = if matches!(m, Mod::Delete(..)) {
                        '-'
                    } else {
                        '+'
                    };
                    m.values().iter().map(move |v| {
                        let v = String::from_utf8_lossy(v);
                        let name = if v.contains('=') {
                            crate::ldap::read::directory::rdn_value(&v)
                        } else {
                            v.into_owned()
                        };
                        format!("{sign}{name}")
                    })
                })
                .collect();
            return format!("group {group} {}", who.join(" "));
        }
        let mut attrs: Vec<&str> = mods.iter().map(Mod::attr).collect();
        attrs.dedup();
        format!("modify {}", attrs.join(", "))
    }

    /// Touches a password attribute (such a change is never undone from the journal).
    pub fn touches_secret(&self) -> bool {
        match self {
            Change::Add { attrs, .. } => attrs.keys().any(|a| is_secret(a)),
            Change::Modify { mods, .. } => mods.iter().any(|m| is_secret(m.attr())),
            Change::Batch { changes, .. } => changes.iter().any(Change::touches_secret),
            _ => false,
        }
    }

    /// The change as LDIF (RFC 2849 change record), password values masked.
    pub fn ldif(&self) -> String {
        if let Change::Undelete {
            dn,
            guid,
            attrs,
            groups,
        } = self
        {
            return crate::ldap::write::undelete::ldif(dn, guid, attrs, groups);
        }
        if let Change::Batch { changes, .. } = self {
            return changes
                .iter()
                .map(Change::ldif)
                .collect::<Vec<_>>()
                .join("\n");
        }
        let mut out = String::new();
        if let Change::Delete { leave, .. } = self {
            // The groups first, as they are sent.
            for m in leave {
                out.push_str(&m.ldif(false));
                out.push('\n');
            }
        }
        out.push_str(&line("dn", self.dn().as_bytes()));
        match self {
            Change::Add { attrs, rejoin, .. } => {
                out.push_str("changetype: add\n");
                for (a, vals) in attrs {
                    for v in vals {
                        out.push_str(&value_line(a, v));
                    }
                }
                for m in rejoin {
                    out.push('\n');
                    out.push_str(&m.ldif(true));
                }
            }
            Change::Modify { mods, .. } => {
                out.push_str("changetype: modify\n");
                for m in mods {
                    let (op, a, vals) = match m {
                        Mod::Add(a, v) => ("add", a, v),
                        Mod::Replace(a, v) => ("replace", a, v),
                        Mod::Delete(a, v) => ("delete", a, v),
                        Mod::Increment(a, v) => ("increment", a, v),
                    };
                    out.push_str(&format!("{op}: {a}\n"));
                    for v in vals {
                        out.push_str(&value_line(a, v));
                    }
                    out.push_str("-\n");
                }
            }
            Change::Delete { .. } => out.push_str("changetype: delete\n"),
            Change::ModRdn {
                new_rdn,
                new_superior,
                keep_old_rdn,
                ..
            } => {
                out.push_str("changetype: modrdn\n");
                out.push_str(&line("newrdn", new_rdn.as_bytes()));
                out.push_str(if *keep_old_rdn {
                    "deleteoldrdn: 0\n"
                } else {
                    "deleteoldrdn: 1\n"
                });
                if let Some(sup) = new_superior {
                    out.push_str(&line("newsuperior", sup.as_bytes()));
                }
            }
            Change::DeleteTree { .. } => {
                out.push_str(&format!("control: {TREE_DELETE} true\n"));
                out.push_str("changetype: delete\n");
            }
            Change::Undelete { .. } | Change::Batch { .. } => {}
        }
        out
    }

    /// The change that undoes this one, given the entry as it was before (`before`).
    pub fn inverse(&self, before: Option<&Image>) -> Option<Change> {
        Some(match self {
            Change::Add { dn, rejoin, .. } => Change::Delete {
                dn: dn.clone(),
                leave: rejoin.clone(),
            },
            Change::Undelete { dn, .. } => Change::Delete {
                dn: dn.clone(),
                leave: Vec::new(),
            },
            // An entry with an objectGUID is Active Directory's, which cannot re-add it as it
            // was: its tombstone is brought back instead.
            Change::Delete { dn, leave } => {
                let before = before?;
                match values(before, "objectGUID")
                    .and_then(|v| v.first())
                    .and_then(|g| crate::ldap::write::undelete::guid_text(g))
                {
                    Some(guid) => {
                        let (attrs, groups) = crate::ldap::write::undelete::restorable(before);
                        Change::Undelete {
                            dn: dn.clone(),
                            guid,
                            attrs,
                            groups,
                        }
                    }
                    None => Change::Add {
                        dn: dn.clone(),
                        attrs: before.clone(),
                        rejoin: leave.clone(),
                    },
                }
            }
            // Values added or deleted by name are undone by the opposite delta: a group join is
            // undone by deleting that one member, not by resending the whole member list (which
            // is heavy on big groups and fails on any concurrent change).
            Change::Modify { dn, mods } if mods.iter().all(Mod::is_delta) => {
                let back = delta_inverse(mods, before);
                if back.is_empty() {
                    // Nothing changed (the values were there already): nothing to undo.
                    return None;
                }
                Change::Modify {
                    dn: dn.clone(),
                    mods: back,
                }
            }
            Change::Modify { dn, mods } => {
                let before = before?;
                let mut seen: Vec<String> = Vec::new();
                let mut back = Vec::new();
                for m in mods {
                    let a = m.attr().to_string();
                    if seen.iter().any(|s| s.eq_ignore_ascii_case(&a)) {
                        continue;
                    }
                    seen.push(a.clone());
                    match values(before, &a) {
                        Some(old) => back.push(Mod::Replace(a, old.clone())),
                        None => back.push(Mod::Delete(a, Vec::new())),
                    }
                }
                Change::Modify {
                    dn: dn.clone(),
                    mods: back,
                }
            }
            Change::ModRdn {
                dn,
                new_rdn,
                new_superior,
                ..
            } => {
                let (old_rdn, parent) = crate::syntax::dn::split_rdn(dn);
                let old_rdn = old_rdn.to_string();
                let now_under = new_superior.as_deref().unwrap_or(parent);
                Change::ModRdn {
                    dn: if now_under.is_empty() {
                        new_rdn.clone()
                    } else {
                        format!("{new_rdn},{now_under}")
                    },
                    new_rdn: old_rdn,
                    // A move is undone by moving back.
                    new_superior: new_superior.as_ref().map(|_| parent.to_string()),
                    // Back, the naming value this rename added goes again.
                    keep_old_rdn: false,
                }
            }
            // A batch's undo is made as it is sent, from what each change found.
            Change::DeleteTree { .. } | Change::Batch { .. } => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_join_is_undone_by_deleting_that_member_only() {
        let dn = "cn=staff,ou=groups,dc=x".to_string();
        let v = |s: &str| s.as_bytes().to_vec();
        let before = Image::from([("member".to_string(), vec![v("uid=a,dc=x"), v("uid=b,dc=x")])]);
        let join = Change::Modify {
            dn: dn.clone(),
            mods: vec![Mod::Add(
                "member".into(),
                vec![v("uid=c,dc=x"), v("uid=a,dc=x")],
            )],
        };
        // uid=a was a member already: only uid=c is taken back.
        assert_eq!(
            join.inverse(Some(&before)),
            Some(Change::Modify {
                dn: dn.clone(),
                mods: vec![Mod::Delete("member".into(), vec![v("uid=c,dc=x")])],
            })
        );
        let leave = Change::Modify {
            dn: dn.clone(),
            mods: vec![Mod::Delete("member".into(), vec![v("uid=b,dc=x")])],
        };
        assert_eq!(
            leave.inverse(None),
            Some(Change::Modify {
                dn: dn.clone(),
                mods: vec![Mod::Add("member".into(), vec![v("uid=b,dc=x")])],
            })
        );
        let noop = Change::Modify {
            dn,
            mods: vec![Mod::Add("member".into(), vec![v("uid=a,dc=x")])],
        };
        assert_eq!(noop.inverse(Some(&before)), None);
    }

    #[test]
    fn a_providers_own_status_attribute_is_a_disable_or_enable() {
        use crate::ldap::write::account::Scheme;
        let scheme = Scheme::Value {
            attr: "employeeType".into(),
            disabled: "disabled".into(),
        };
        let m = |mods: Vec<Mod>| Change::Modify {
            dn: "uid=bob,ou=people,dc=x".into(),
            mods,
        };
        let off = m(vec![Mod::Replace(
            "employeeType".into(),
            vec![b"disabled".to_vec()],
        )]);
        assert_eq!(off.operation_for(&scheme), "disable");
        assert_eq!(off.operation(), "modify employeeType", "without the scheme");
        let on = m(vec![Mod::Delete("EmployeeType".into(), vec![])]);
        assert_eq!(on.operation_for(&scheme), "enable");
        let mail = m(vec![Mod::Replace("mail".into(), vec![b"a@b".to_vec()])]);
        assert_eq!(mail.operation_for(&scheme), "modify mail");
    }

    #[test]
    fn operations_are_named_as_a_sysadmin_would() {
        let m = |mods: Vec<Mod>| Change::Modify {
            dn: "uid=bob,ou=people,dc=x".into(),
            mods,
        };
        let v = |s: &str| vec![s.as_bytes().to_vec()];
        assert_eq!(
            m(vec![Mod::Replace(
                "pwdAccountLockedTime".into(),
                v("000001010000Z")
            )])
            .operation(),
            "disable"
        );
        assert_eq!(
            m(vec![Mod::Delete("pwdAccountLockedTime".into(), vec![])]).operation(),
            "enable"
        );
        assert_eq!(
            m(vec![Mod::Replace("userAccountControl".into(), v("514"))]).operation(),
            "disable"
        );
        assert_eq!(
            m(vec![Mod::Replace("userAccountControl".into(), v("512"))]).operation(),
            "enable"
        );
        assert_eq!(
            m(vec![Mod::Replace("nsAccountLock".into(), v("TRUE"))]).operation(),
            "disable"
        );
        assert_eq!(
            m(vec![Mod::Replace("userPassword".into(), v("x"))]).operation(),
            "passwd"
        );
        assert_eq!(
            m(vec![Mod::Replace("mail".into(), v("a@x"))]).operation(),
            "modify mail"
        );
        let g = Change::Modify {
            dn: "cn=staff,ou=groups,dc=x".into(),
            mods: vec![Mod::Add("member".into(), v("uid=bob,ou=people,dc=x"))],
        };
        assert_eq!(g.operation(), "group staff +bob");
        assert_eq!(
            Change::Delete {
                dn: "uid=a,dc=x".into(),
                leave: Vec::new(),
            }
            .operation(),
            "delete"
        );
        // JSON is snake_case; the old names still read.
        let j = serde_json::to_string(&Change::Delete {
            dn: "uid=a,dc=x".into(),
            leave: Vec::new(),
        })
        .expect("json");
        assert_eq!(j, r#"{"delete":{"dn":"uid=a,dc=x"}}"#);
        let old: Change = serde_json::from_str(r#"{"Delete":{"dn":"uid=a,dc=x"}}"#).expect("old");
        assert_eq!(
            old,
            Change::Delete {
                dn: "uid=a,dc=x".into(),
                leave: Vec::new(),
            }
        );
    }

    #[test]
    fn secrets_are_known_by_oid_and_with_options() {
        for a in [
            "userPassword",
            "USERPASSWORD",
            "2.5.4.35",
            "OID.2.5.4.35",
            "userPassword;lang-en",
            "2.5.4.35;x-foo",
            "unicodePwd",
            "authPassword",
            "sambaNTPassword",
        ] {
            assert!(is_secret(a), "{a}");
        }
        for a in ["mail", "2.5.4.3", "userPasswordHint", "cn;lang-en"] {
            assert!(!is_secret(a), "{a}");
        }
    }

    #[test]
    fn after_applies_the_mods_to_the_touched_attributes_only() {
        let before = Image::from([
            ("mail".into(), vec![b"a".to_vec()]),
            ("cn".into(), vec![b"A".to_vec()]),
            ("description".into(), vec![b"d".to_vec()]),
        ]);
        let mods = vec![
            Mod::Add("Mail".into(), vec![b"b".to_vec(), b"a".to_vec()]),
            Mod::Delete("description".into(), Vec::new()),
            Mod::Replace("sn".into(), vec![b"S".to_vec()]),
        ];
        let a = after(&before, &mods);
        assert_eq!(a.get("Mail"), Some(&vec![b"a".to_vec(), b"b".to_vec()]));
        assert_eq!(a.get("sn"), Some(&vec![b"S".to_vec()]));
        assert!(!a.contains_key("description") && !a.contains_key("cn"));
    }

    use crate::ldap::write::image::of as img;

    #[test]
    fn only_what_changed_is_sent() {
        let before = img(&[
            ("mail", &["a@x"]),
            ("cn", &["A"]),
            ("description", &["old"]),
        ]);
        let wants = vec![
            ("mail".to_string(), Want::Set(vec!["a@x".into()])),
            ("cn".to_string(), Want::Set(vec!["B".into()])),
            ("description".to_string(), Want::Set(vec![])),
            ("telephoneNumber".to_string(), Want::Add(vec!["1".into()])),
            ("title".to_string(), Want::Unset),
        ];
        assert_eq!(
            diff(&before, &wants),
            vec![
                Mod::Replace("cn".into(), vec![b"B".to_vec()]),
                Mod::Delete("description".into(), vec![]),
                Mod::Add("telephoneNumber".into(), vec![b"1".to_vec()]),
            ]
        );
    }

    #[test]
    fn inverses_restore_the_before_image() {
        let before = img(&[("mail", &["a@x"]), ("cn", &["A"])]);
        let m = Change::Modify {
            dn: "uid=a,dc=x".into(),
            mods: vec![
                Mod::Replace("mail".into(), vec![b"b@x".to_vec()]),
                Mod::Add("title".into(), vec![b"t".to_vec()]),
            ],
        };
        assert_eq!(
            m.inverse(Some(&before)),
            Some(Change::Modify {
                dn: "uid=a,dc=x".into(),
                mods: vec![
                    Mod::Replace("mail".into(), vec![b"a@x".to_vec()]),
                    Mod::Delete("title".into(), vec![])
                ],
            })
        );
        let d = Change::Delete {
            dn: "uid=a,dc=x".into(),
            leave: Vec::new(),
        };
        assert_eq!(
            d.inverse(Some(&before)),
            Some(Change::Add {
                dn: "uid=a,dc=x".into(),
                attrs: before.clone(),
                rejoin: Vec::new(),
            })
        );
        assert_eq!(
            d.inverse(None),
            None,
            "a delete without its before-image cannot be undone"
        );
        let r = Change::ModRdn {
            dn: "uid=a,ou=p,dc=x".into(),
            new_rdn: "uid=b".into(),
            new_superior: None,
            keep_old_rdn: false,
        };
        assert_eq!(
            r.inverse(None),
            Some(Change::ModRdn {
                dn: "uid=b,ou=p,dc=x".into(),
                new_rdn: "uid=a".into(),
                new_superior: None,
                keep_old_rdn: false,
            })
        );
        let moved = Change::ModRdn {
            dn: "uid=a,ou=p,dc=x".into(),
            new_rdn: "uid=a".into(),
            new_superior: Some("ou=q,dc=x".into()),
            keep_old_rdn: false,
        };
        assert_eq!(
            moved.inverse(None),
            Some(Change::ModRdn {
                dn: "uid=a,ou=q,dc=x".into(),
                new_rdn: "uid=a".into(),
                new_superior: Some("ou=p,dc=x".into()),
                keep_old_rdn: false,
            })
        );
        assert!(moved.ldif().contains("newsuperior: ou=q,dc=x\n"));
        assert_eq!(moved.operation(), "move");
        let tree = Change::DeleteTree {
            dn: "ou=p,dc=x".into(),
        };
        assert_eq!(tree.inverse(None), None, "a subtree delete has no undo");
        assert!(tree.ldif().contains("control: 1.2.840.113556.1.4.805 true"));
    }

    #[test]
    fn ldif_previews_mask_passwords() {
        let add = Change::Add {
            dn: "uid=a,dc=x".into(),
            attrs: img(&[("cn", &["A"]), ("userPassword", &["s3cret"])]),
            rejoin: Vec::new(),
        };
        let text = add.ldif();
        assert_eq!(
            text,
            "dn: uid=a,dc=x\nchangetype: add\ncn: A\nuserPassword: ********\n"
        );
        assert!(add.touches_secret());
        let m = Change::Modify {
            dn: "uid=a,dc=x".into(),
            mods: vec![Mod::Delete("title".into(), vec![])],
        };
        assert_eq!(
            m.ldif(),
            "dn: uid=a,dc=x\nchangetype: modify\ndelete: title\n-\n"
        );
    }
}
