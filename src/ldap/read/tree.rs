//! The directory as a tree: its roots (the naming contexts, and `cn=config`, the subschema
//! entry, `cn=monitor` and AD's Deleted Objects where they exist and can be read) and one
//! level of children at a time, read with only what drawing needs.

use std::time::Duration;

use ldap3::{LdapError, Scope, SearchEntry};

use crate::ldap::net::session::Session;
use crate::ldap::read::dit::Ended;
use crate::ldap::read::record::values;
use crate::ldap::write::undelete::{guid_of, show_deleted, tombstone_name};

/// What a node is, as far as its object classes tell (icons and the words only: whether an
/// entry is one of the provider's users is asked of the server when it is opened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An OU, a domain component, a container.
    Container,
    /// A person or account.
    Person,
    /// A group.
    Group,
    /// Anything else.
    Other,
    /// AD's Deleted Objects container (children read with the Show Deleted control).
    DeletedObjects,
    /// A deleted object (a tombstone), restorable by its GUID.
    Tombstone,
}

/// One entry of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Its DN.
    pub dn: String,
    /// What it is.
    pub kind: Kind,
    /// It has children (`hasSubordinates`/`numSubordinates`); None where the server does not
    /// say (then expanding finds out).
    pub children: Option<bool>,
    /// A tombstone's objectGUID, name and last known parent.
    pub deleted: Option<Deleted>,
}

/// What a tombstone was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    /// Its objectGUID, as AD prints it.
    pub guid: String,
    /// Its name before deletion.
    pub name: String,
    /// Where it was.
    pub parent: String,
    /// When it was deleted (whenChanged).
    pub when: String,
}

/// The attributes a child is read with.
pub const CHILD_ATTRS: [&str; 3] = ["objectClass", "hasSubordinates", "numSubordinates"];

const TOMBSTONE_ATTRS: [&str; 5] = [
    "objectGUID",
    "msDS-LastKnownRDN",
    "lastKnownParent",
    "whenChanged",
    "objectClass",
];

/// Deleted objects read at most under Deleted Objects.
pub const MAX_DELETED: usize = 10_000;

/// AD's capability "this is Active Directory".
const AD_CAPABILITY: &str = "1.2.840.113556.1.4.800";

/// The kind an entry's object classes suggest.
pub fn kind_of(classes: &[String]) -> Kind {
    let has = |names: &[&str]| {
        classes
            .iter()
            .any(|c| names.iter().any(|n| c.eq_ignore_ascii_case(n)))
    };
    if has(&["groupOfNames", "groupOfUniqueNames", "posixGroup", "group"]) {
        Kind::Group
    } else if has(&["person", "inetOrgPerson", "user", "posixAccount", "account"]) {
        Kind::Person
    } else if has(&[
        "organizationalUnit",
        "organization",
        "domain",
        "dcObject",
        "container",
        "builtinDomain",
        "olcGlobal",
        "olcDatabaseConfig",
    ]) {
        Kind::Container
    } else {
        Kind::Other
    }
}

/// A child as read.
pub fn node_of(e: &SearchEntry) -> Node {
    let children = values(e, "hasSubordinates")
        .first()
        .map(|v| v.eq_ignore_ascii_case("TRUE"))
        .or_else(|| {
            values(e, "numSubordinates")
                .first()
                .and_then(|n| n.parse::<u64>().ok())
                .map(|n| n > 0)
        });
    Node {
        dn: e.dn.clone(),
        kind: kind_of(&values(e, "objectClass")),
        children,
        deleted: None,
    }
}

fn tombstone(e: &SearchEntry) -> Node {
    let guid = guid_of(e).unwrap_or_default();
    let first = |a: &str| values(e, a).into_iter().next().unwrap_or_default();
    Node {
        dn: e.dn.clone(),
        kind: Kind::Tombstone,
        children: Some(false),
        deleted: Some(Deleted {
            guid,
            name: tombstone_name(e),
            parent: first("lastKnownParent"),
            when: first("whenChanged"),
        }),
    }
}

/// The roots: the naming contexts, then the special entries that exist and can be read.
pub async fn roots(s: &mut Session) -> Result<Vec<Node>, LdapError> {
    let root = crate::ldap::read::search::base_entry(
        s,
        "",
        &[
            "namingContexts",
            "subschemaSubentry",
            "configContext",
            "monitorContext",
            "defaultNamingContext",
            "supportedCapabilities",
        ],
    )
    .await?;
    let mut dns: Vec<(String, Kind)> = values(&root, "namingContexts")
        .into_iter()
        .map(|d| (d, Kind::Container))
        .collect();
    let first = |a: &str| values(&root, a).into_iter().next();
    let specials = [
        first("configContext").unwrap_or_else(|| "cn=config".into()),
        first("subschemaSubentry").unwrap_or_else(|| "cn=Subschema".into()),
        first("monitorContext").unwrap_or_else(|| "cn=monitor".into()),
    ];
    for dn in specials {
        let known = dns.iter().any(|(d, _)| d.eq_ignore_ascii_case(&dn));
        if !known
            && !dn.is_empty()
            && crate::ldap::read::search::base_entry(s, &dn, &["1.1"])
                .await
                .is_ok()
        {
            dns.push((dn, Kind::Other));
        }
    }
    let ad = values(&root, "supportedCapabilities")
        .iter()
        .any(|c| c == AD_CAPABILITY);
    if ad && let Some(domain) = first("defaultNamingContext") {
        dns.push((format!("CN=Deleted Objects,{domain}"), Kind::DeletedObjects));
    }
    Ok(dns
        .into_iter()
        .map(|(dn, kind)| Node {
            dn,
            kind,
            children: None,
            deleted: None,
        })
        .collect())
}

/// Streams the children of `dn` to `on_node` (which says whether to go on), paged, at most
/// `limit`. Under AD's Deleted Objects the tombstones are read with Show Deleted.
pub async fn children<F: FnMut(Node) -> bool>(
    s: &mut Session,
    parent: &Node,
    limit: usize,
    deadline: Duration,
    on_node: &mut F,
) -> Result<Ended, LdapError> {
    if parent.kind == Kind::DeletedObjects {
        let found = crate::ldap::read::search::read_with(
            s,
            show_deleted(),
            &parent.dn,
            Scope::OneLevel,
            "(isDeleted=TRUE)",
            &TOMBSTONE_ATTRS,
            limit.min(MAX_DELETED),
        )
        .await?;
        let more = found.more;
        let mut n = 0;
        for e in &found.success()? {
            n += 1;
            if !on_node(tombstone(e)) {
                break;
            }
        }
        return Ok(Ended {
            entries: n,
            truncated: more,
        });
    }
    let attrs: Vec<String> = CHILD_ATTRS.iter().map(|a| a.to_string()).collect();
    crate::ldap::read::dit::search(
        s,
        &parent.dn,
        Scope::OneLevel,
        "(objectClass=*)",
        &attrs,
        Some(limit),
        deadline,
        &mut |e| on_node(node_of(&e)),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kinds_follow_the_object_classes() {
        assert_eq!(kind_of(&classes(&["top", "inetOrgPerson"])), Kind::Person);
        assert_eq!(kind_of(&classes(&["top", "GROUP"])), Kind::Group);
        assert_eq!(
            kind_of(&classes(&["top", "organizationalUnit"])),
            Kind::Container
        );
        assert_eq!(kind_of(&classes(&["applicationProcess"])), Kind::Other);
    }

    #[test]
    fn children_are_known_from_either_attribute() {
        let mut e = SearchEntry {
            dn: "ou=a,dc=x".into(),
            attrs: Default::default(),
            bin_attrs: Default::default(),
        };
        assert_eq!(node_of(&e).children, None);
        e.attrs.insert("numSubordinates".into(), vec!["0".into()]);
        assert_eq!(node_of(&e).children, Some(false));
        e.attrs
            .insert("hasSubordinates".into(), vec!["TRUE".into()]);
        assert_eq!(node_of(&e).children, Some(true));
    }
}
