//! Group membership of one user: which groups list them, and the change that adds or removes
//! them, by the group's own kind (member/uniqueMember by DN, memberUid by login).

use ldap3::LdapError;

use crate::config::Provider;
use crate::ldap::net::session::Session;
use crate::ldap::read::directory::rdn_value;
use crate::ldap::read::search::dns;
use crate::ldap::write::change::{Image, Mod, texts};
use crate::syntax::filter::escape_value;

/// A group a user can be put in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    /// Its name (first RDN value).
    pub id: String,
    /// Its DN.
    pub dn: String,
    /// Whether the user is a member.
    pub member: bool,
    /// The user's Active Directory primary group: a member through primaryGroupID, not
    /// `member`, and not removable by a member change.
    pub primary: bool,
    /// Not a member value, but in it through other groups: `via staff → everyone`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// Marks the groups the user is in only through other groups (the picker shows how).
pub fn mark_inherited(groups: &mut [Group], e: &crate::ldap::read::nested::Effective) {
    for g in groups.iter_mut().filter(|g| !g.member) {
        if let Some(m) = e.find(&g.dn).filter(|m| !m.direct) {
            g.via = Some(m.via());
        }
    }
}

/// How a group lists members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `member` by DN; at least one required (groupOfNames).
    Member { required: bool },
    /// `uniqueMember` by DN; at least one required (groupOfUniqueNames).
    UniqueMember,
    /// `memberUid` by login (posixGroup).
    MemberUid,
}

impl Kind {
    /// From the group's object classes; a groupOfNames that is also a posixGroup
    /// (rfc2307bis) lists members by DN.
    pub fn of(classes: &[String]) -> Kind {
        let has = |c: &str| classes.iter().any(|x| x.eq_ignore_ascii_case(c));
        if has("groupOfNames") {
            Kind::Member { required: true }
        } else if has("groupOfUniqueNames") {
            Kind::UniqueMember
        } else if has("posixGroup") {
            Kind::MemberUid
        } else {
            // AD `group`, FreeIPA `groupOfNames`-like ipausergroup: member, may be empty.
            Kind::Member { required: false }
        }
    }

    /// The attribute holding members.
    pub fn attr(self) -> &'static str {
        match self {
            Kind::Member { .. } => "member",
            Kind::UniqueMember => "uniqueMember",
            Kind::MemberUid => "memberUid",
        }
    }

    fn required(self) -> bool {
        matches!(self, Kind::Member { required: true } | Kind::UniqueMember)
    }
}

/// The classes of the known group kinds, and the provider's own.
pub fn any_group_filter(p: &Provider) -> String {
    let mut classes: Vec<String> = ["groupOfNames", "groupOfUniqueNames", "posixGroup", "group"]
        .map(String::from)
        .to_vec();
    for own in p.group_classes() {
        if !classes.iter().any(|c| c.eq_ignore_ascii_case(&own)) {
            classes.push(own);
        }
    }
    let parts: String = classes
        .iter()
        .map(|c| format!("(objectClass={})", escape_value(c)))
        .collect();
    format!("(|{parts})")
}

/// Why a group name did not pick exactly one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickError {
    /// No group has that name or DN.
    NotFound(String),
    /// Several groups have that name: their DNs.
    Ambiguous(String, Vec<String>),
}

impl std::fmt::Display for PickError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PickError::NotFound(name) => write!(f, "no group '{name}'"),
            PickError::Ambiguous(name, dns) => write!(
                f,
                "several groups are called '{name}': give the DN ({})",
                dns.join("; ")
            ),
        }
    }
}

/// The one group called `name` (its first RDN value or its DN, any case).
pub fn pick<'a>(groups: &'a [Group], name: &str) -> Result<&'a Group, PickError> {
    let hits: Vec<&Group> = groups
        .iter()
        .filter(|g| g.dn.eq_ignore_ascii_case(name) || g.id.eq_ignore_ascii_case(name))
        .collect();
    match hits.as_slice() {
        [g] => Ok(g),
        [] => Err(PickError::NotFound(name.to_string())),
        _ => Err(PickError::Ambiguous(
            name.to_string(),
            hits.iter().map(|g| g.dn.clone()).collect(),
        )),
    }
}

/// Why a primary group cannot be left by a member change.
pub fn primary_refusal(group: &str) -> String {
    format!(
        "{group} is the user's primary group (primaryGroupID), not a member value: make \
         another group primary on the server first"
    )
}

/// Where groups are looked for.
pub fn groups_base(p: &Provider) -> String {
    p.groups_base
        .clone()
        .or_else(|| p.base_dn.clone())
        .unwrap_or_default()
}

/// Every group, marked with whether the user is in it.
pub async fn groups_of(
    p: &Provider,
    s: &mut Session,
    user_dn: &str,
    login: &str,
) -> Result<Vec<Group>, LdapError> {
    let all = dns(s, &groups_base(p), &any_group_filter(p)).await?;
    let mine = format!(
        "(&{}(|(member={dn})(uniqueMember={dn})(memberUid={uid})))",
        any_group_filter(p),
        dn = escape_value(user_dn),
        uid = escape_value(login)
    );
    let mine = dns(s, &groups_base(p), &mine).await?;
    let mut out: Vec<Group> = all
        .into_iter()
        .map(|dn| Group {
            id: rdn_value(&dn),
            member: mine.iter().any(|m| m.eq_ignore_ascii_case(&dn)),
            primary: false,
            via: None,
            dn,
        })
        .collect();
    if p.server_type == crate::config::ServerType::ActiveDirectory {
        let base = p.base_dn.clone().unwrap_or_else(|| groups_base(p));
        if let Some(dn) = crate::ldap::read::primary_group::of(s, &base, user_dn).await {
            match out.iter_mut().find(|g| g.dn.eq_ignore_ascii_case(&dn)) {
                Some(g) => (g.member, g.primary) = (true, true),
                None => out.push(Group {
                    id: rdn_value(&dn),
                    member: true,
                    primary: true,
                    via: None,
                    dn,
                }),
            }
        }
    }
    out.sort_by_key(|g| (!g.member, g.id.to_lowercase()));
    Ok(out)
}

/// The group values that name `dn` (`member`, `uniqueMember`) or `login` (`memberUid`)
/// under the provider's groups base: what a delete of the entry leaves pointing at nothing.
/// Active Directory keeps its links itself, so nothing is listed there.
pub async fn naming(
    p: &Provider,
    s: &mut Session,
    dn: &str,
    login: Option<&str>,
) -> Result<Vec<crate::ldap::write::change::Membership>, LdapError> {
    use crate::ldap::write::change::Membership;
    if p.server_type == crate::config::ServerType::ActiveDirectory {
        return Ok(Vec::new());
    }
    let base = groups_base(p);
    let mut out = Vec::new();
    let mut wanted: Vec<(&str, &str)> = vec![("member", dn), ("uniqueMember", dn)];
    if let Some(l) = login {
        wanted.push(("memberUid", l));
    }
    for (attr, value) in wanted {
        let filter = format!("({attr}={})", escape_value(value));
        for group in dns(s, &base, &filter).await? {
            out.push(Membership {
                group,
                attr: attr.to_string(),
                value: value.to_string(),
            });
        }
    }
    Ok(out)
}

/// The modification that adds (or removes) the user to (from) a group whose image is given;
/// `Ok(None)` when there is nothing to do, `Err` when the schema would refuse it.
pub fn plan(group: &Image, user_dn: &str, login: &str, add: bool) -> Result<Option<Mod>, String> {
    let values = |attr: &str| texts(group, attr);
    let kind = Kind::of(&values("objectClass"));
    let attr = kind.attr();
    let value = if kind == Kind::MemberUid {
        login
    } else {
        user_dn
    };
    let current = values(attr);
    // memberUid's matching rule differs between schemas: compare it exactly.
    let present = current.iter().find(|v| {
        if kind == Kind::MemberUid {
            v.as_str() == value
        } else {
            v.eq_ignore_ascii_case(value)
        }
    });
    match (add, present) {
        (true, Some(_)) | (false, None) => Ok(None),
        (true, None) => Ok(Some(Mod::Add(attr.into(), vec![value.as_bytes().to_vec()]))),
        (false, Some(v)) => {
            if kind.required() && current.len() == 1 {
                return Err(format!(
                    "it is the group's only {attr}, and its object class requires at least one: \
                     add another member first, or delete the group"
                ));
            }
            // Delete the value as the server spells it.
            Ok(Some(Mod::Delete(attr.into(), vec![v.as_bytes().to_vec()])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn img(pairs: &[(&str, &str)]) -> Image {
        let mut i = Image::new();
        for (k, v) in pairs {
            i.entry(k.to_string())
                .or_default()
                .push(v.as_bytes().to_vec());
        }
        i
    }

    const ALICE: &str = "uid=alice,ou=people,dc=example,dc=org";

    #[test]
    fn group_of_names_by_dn_and_never_empty() {
        let g = img(&[
            ("objectClass", "groupOfNames"),
            ("member", "UID=Alice,ou=people,dc=example,dc=org"),
        ]);
        assert_eq!(plan(&g, ALICE, "alice", true), Ok(None));
        let err = plan(&g, ALICE, "alice", false).unwrap_err();
        assert!(err.contains("only member"), "{err}");
        let g = img(&[
            ("objectClass", "groupOfNames"),
            ("member", ALICE),
            ("member", "uid=bob,dc=x"),
        ]);
        assert_eq!(
            plan(&g, ALICE, "alice", false),
            Ok(Some(Mod::Delete(
                "member".into(),
                vec![ALICE.as_bytes().to_vec()]
            )))
        );
    }

    #[test]
    fn pick_by_name_or_dn_and_never_guess() {
        let g = |id: &str, dn: &str| Group {
            primary: false,
            id: id.into(),
            dn: dn.into(),
            member: false,
            via: None,
        };
        let all = [
            g("staff", "cn=staff,ou=a"),
            g("ops", "cn=ops,ou=a"),
            g("ops", "cn=ops,ou=b"),
        ];
        assert_eq!(
            pick(&all, "STAFF").map(|x| x.dn.as_str()),
            Ok("cn=staff,ou=a")
        );
        assert_eq!(
            pick(&all, "cn=ops,ou=b").map(|x| x.dn.as_str()),
            Ok("cn=ops,ou=b")
        );
        assert!(matches!(pick(&all, "ops"), Err(PickError::Ambiguous(_, d)) if d.len() == 2));
        assert_eq!(
            pick(&all, "nope").err(),
            Some(PickError::NotFound("nope".into()))
        );
    }

    #[test]
    fn posix_groups_by_login_and_may_be_empty() {
        let g = img(&[("objectClass", "posixGroup"), ("memberUid", "alice")]);
        assert_eq!(
            plan(&g, ALICE, "alice", false),
            Ok(Some(Mod::Delete(
                "memberUid".into(),
                vec![b"alice".to_vec()]
            )))
        );
        assert_eq!(
            plan(&g, "uid=bob,dc=x", "bob", true),
            Ok(Some(Mod::Add("memberUid".into(), vec![b"bob".to_vec()])))
        );
        // rfc2307bis: both classes, by DN.
        assert_eq!(
            Kind::of(&["posixGroup".into(), "groupOfNames".into()]),
            Kind::Member { required: true }
        );
        assert_eq!(
            Kind::of(&["group".into()]),
            Kind::Member { required: false }
        );
    }
}
