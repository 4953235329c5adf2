//! Effective (nested) group membership: the groups a user is in directly and through other
//! groups, each with the path that puts them there (`alice → staff → everyone`).
//!
//! The walk is breadth first and batched: one search per level for every group that names
//! any member of the level below (`member`, `uniqueMember` by DN; `memberUid` by login for
//! the user), so the number of searches grows with the depth, not with the number of groups.
//! A cycle is reported, not followed; the depth is capped. On Active Directory the server's
//! in-chain rule (LDAP_MATCHING_RULE_IN_CHAIN) gives the authoritative set, and the walk gives
//! the paths.

use std::collections::HashMap;

use ldap3::{LdapError, Scope};
use serde::Serialize;

use crate::config::{Provider, ServerType};
use crate::ldap::net::session::Session;
use crate::ldap::read::record;
use crate::ldap::write::membership::{any_group_filter, groups_base};
use crate::syntax::filter::escape_value;

/// What a server's `memberOf` holds, by its kind: 389 DS and FreeIPA's memberOf plugin
/// follows nested groups; OpenLDAP's memberof overlay and AD list direct groups only.
/// ldapdeck walks the member attributes itself either way; this says how far `memberOf` may
/// be trusted by an application that reads it.
pub fn member_of_kind(t: ServerType) -> &'static str {
    match t {
        ServerType::FreeIpa | ServerType::Ds389 => "nested",
        ServerType::Openldap | ServerType::ActiveDirectory => "direct",
        ServerType::Posix | ServerType::Generic => "unknown",
    }
}

/// How deep the walk goes unless the provider says otherwise.
pub const DEFAULT_DEPTH: usize = 16;
/// Members of a level asked about in one search (keeps each filter a few KiB).
const BATCH: usize = 100;
/// Groups one search may return.
const MAX_GROUPS: usize = 10_000;
/// AD's LDAP_MATCHING_RULE_IN_CHAIN.
pub const IN_CHAIN: &str = "1.2.840.113556.1.4.1941";

/// One group the user is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The group's DN.
    pub group: String,
    /// The user is a member value of the group itself.
    pub direct: bool,
    /// From the user's DN to this group, every group on the way.
    pub path: Vec<String>,
}

impl Membership {
    /// `via staff → everyone` for an inherited group; empty for a direct one.
    pub fn via(&self) -> String {
        if self.direct || self.path.len() < 3 {
            return String::new();
        }
        let names: Vec<String> = self.path[1..self.path.len() - 1]
            .iter()
            .map(|d| crate::ldap::read::directory::rdn_value(d))
            .collect();
        format!("via {}", names.join(" → "))
    }
}

/// Everything the walk found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Effective {
    /// The groups, direct ones first, then by depth.
    pub groups: Vec<Membership>,
    /// Loops met on the way, each as the path that closes it (first and last DN equal).
    pub cycles: Vec<Vec<String>>,
    /// The walk stopped at the depth cap with groups left to follow.
    pub capped: bool,
    /// `walk` (member attributes, level by level) or `in_chain` (AD's matching rule).
    pub strategy: &'static str,
    /// Searches sent.
    pub searches: usize,
}

impl Effective {
    /// The membership in `group` (DN, any case), if any.
    pub fn find(&self, group: &str) -> Option<&Membership> {
        self.groups
            .iter()
            .find(|m| m.group.eq_ignore_ascii_case(group))
    }
}

/// The breadth-first walk as a pure state machine: the driver asks `frontier()`, searches,
/// and feeds back each group found with the member values that named the frontier.
#[derive(Debug, Clone)]
pub struct Walk {
    user: String,
    /// Lower-cased DN → path to it (the user's own path is `[user]`).
    paths: HashMap<String, Vec<String>>,
    order: Vec<String>,
    frontier: Vec<String>,
    depth: usize,
    max_depth: usize,
    cycles: Vec<Vec<String>>,
    capped: bool,
}

fn key(dn: &str) -> String {
    dn.trim().to_ascii_lowercase()
}

impl Walk {
    /// A walk from the user's entry.
    pub fn new(user_dn: &str, max_depth: usize) -> Walk {
        Walk {
            user: user_dn.to_string(),
            paths: HashMap::from([(key(user_dn), vec![user_dn.to_string()])]),
            order: Vec::new(),
            frontier: vec![user_dn.to_string()],
            depth: 0,
            max_depth: max_depth.max(1),
            cycles: Vec::new(),
            capped: false,
        }
    }

    /// The DNs whose groups the next search asks for; empty when the walk is over.
    pub fn frontier(&self) -> &[String] {
        &self.frontier
    }

    /// The level's groups: each found group with the frontier DNs it names as members.
    pub fn step(&mut self, found: Vec<(String, Vec<String>)>) {
        let mut next = Vec::new();
        for (group, children) in found {
            for child in children {
                let Some(via) = self.paths.get(&key(&child)).cloned() else {
                    continue;
                };
                if via.iter().any(|d| key(d) == key(&group)) {
                    // The group is already on the way here: a loop.
                    let mut cycle = via.clone();
                    cycle.push(group.clone());
                    if let Some(at) = cycle.iter().position(|d| key(d) == key(&group)) {
                        cycle.drain(..at);
                    }
                    if !self.cycles.contains(&cycle) {
                        self.cycles.push(cycle);
                    }
                    continue;
                }
                if self.paths.contains_key(&key(&group)) {
                    // Reached before by a path as short or shorter (breadth first).
                    continue;
                }
                let mut path = via;
                path.push(group.clone());
                self.paths.insert(key(&group), path);
                self.order.push(group.clone());
                next.push(group.clone());
            }
        }
        self.depth += 1;
        if self.depth >= self.max_depth && !next.is_empty() {
            self.capped = true;
            next.clear();
        }
        self.frontier = next;
    }

    /// The result.
    pub fn finish(self, strategy: &'static str, searches: usize) -> Effective {
        let groups = self
            .order
            .iter()
            .filter_map(|g| {
                let path = self.paths.get(&key(g))?.clone();
                Some(Membership {
                    group: g.clone(),
                    direct: path.len() == 2,
                    path,
                })
            })
            .collect();
        let _ = &self.user;
        Effective {
            groups,
            cycles: self.cycles,
            capped: self.capped,
            strategy,
            searches,
        }
    }
}

/// `uniqueMember` values may carry a `#'0101'B` UID suffix (RFC 4519): the DN before it.
fn member_dn(v: &str) -> &str {
    match v.rfind("#'") {
        Some(i) if v.ends_with("'B") => &v[..i],
        _ => v,
    }
}

/// The user's effective groups, walking member attributes level by level (and, on Active
/// Directory, checking the set against the server's in-chain rule).
pub async fn effective(
    p: &Provider,
    s: &mut Session,
    user_dn: &str,
    login: &str,
    max_depth: usize,
) -> Result<Effective, LdapError> {
    let base = groups_base(p);
    let kinds = any_group_filter(p);
    let mut walk = Walk::new(user_dn, max_depth);
    let mut searches = 0;
    let mut first = true;
    while !walk.frontier().is_empty() {
        let frontier = walk.frontier().to_vec();
        let mut found: Vec<(String, Vec<String>)> = Vec::new();
        for chunk in frontier.chunks(BATCH) {
            let mut any = String::new();
            for dn in chunk {
                let v = escape_value(dn);
                any.push_str(&format!("(member={v})(uniqueMember={v})"));
            }
            if first {
                any.push_str(&format!("(memberUid={})", escape_value(login)));
            }
            let filter = format!("(&{kinds}(|{any}))");
            let res = crate::ldap::read::search::read(
                s,
                &base,
                Scope::Subtree,
                &filter,
                &["member", "uniqueMember", "memberUid"],
                MAX_GROUPS,
            )
            .await?;
            searches += 1;
            for e in &res.entries {
                let mut named: Vec<String> = record::values(e, "member")
                    .into_iter()
                    .chain(
                        record::values(e, "uniqueMember")
                            .iter()
                            .map(|v| member_dn(v).to_string()),
                    )
                    .filter(|v| chunk.iter().any(|c| key(c) == key(v)))
                    .collect();
                if first
                    && record::values(e, "memberUid")
                        .iter()
                        .any(|u| u.eq_ignore_ascii_case(login))
                {
                    named.push(user_dn.to_string());
                }
                if !named.is_empty() {
                    found.push((e.dn.clone(), named));
                }
            }
        }
        first = false;
        walk.step(found);
    }
    let mut out = walk.finish("walk", searches);
    if p.server_type == ServerType::ActiveDirectory {
        let filter = format!("(member:{IN_CHAIN}:={})", escape_value(user_dn));
        let res = crate::ldap::read::search::read(
            s,
            &base,
            Scope::Subtree,
            &filter,
            &["1.1"],
            MAX_GROUPS,
        )
        .await?;
        out.searches += 1;
        out.strategy = "in_chain";
        // The server's answer is the set; a group the walk did not reach (past the cap)
        // still counts, with the only path known.
        for e in &res.entries {
            if out.find(&e.dn).is_none() {
                out.groups.push(Membership {
                    group: e.dn.clone(),
                    direct: false,
                    path: vec![user_dn.to_string(), e.dn.clone()],
                });
            }
        }
    }
    Ok(out)
}

/// The DNs of a user's groups: those that name it (and AD's primary group), and with
/// `effective` also those it is in through other groups.
pub async fn group_dns(
    p: &Provider,
    s: &mut Session,
    dn: &str,
    login: &str,
    effective: bool,
) -> Result<Vec<String>, LdapError> {
    let mut out: Vec<String> = crate::ldap::write::membership::groups_of(p, s, dn, login)
        .await?
        .into_iter()
        .filter(|g| g.member)
        .map(|g| g.dn)
        .collect();
    if effective {
        for m in self::effective(p, s, dn, login, DEFAULT_DEPTH)
            .await?
            .groups
        {
            if !out.iter().any(|g| g.eq_ignore_ascii_case(&m.group)) {
                out.push(m.group);
            }
        }
    }
    Ok(out)
}

/// Group entries read at most while expanding a group's members.
const MAX_NESTED: usize = 10_000;

/// A group's members through nested groups, for a listing: the member DNs of `members` and of
/// every group among them, down to `max_depth` (a loop ends where it closes). One search
/// lists the group DNs under the groups base; then only the nested groups are read.
/// Returns the DNs (groups among them drop out of a user listing by its filter) and how
/// many groups were followed.
pub async fn expand_members(
    p: &Provider,
    s: &mut Session,
    members: Vec<String>,
    max_depth: usize,
) -> Result<(Vec<String>, usize), LdapError> {
    let kinds = any_group_filter(p);
    let groups: std::collections::HashSet<String> =
        crate::ldap::read::search::dns(s, &groups_base(p), &kinds)
            .await?
            .iter()
            .map(|d| key(d))
            .collect();
    let mut seen: std::collections::HashSet<String> = members.iter().map(|d| key(d)).collect();
    let mut out = members.clone();
    let mut frontier: Vec<String> = members
        .into_iter()
        .filter(|d| groups.contains(&key(d)))
        .collect();
    let mut followed = 0;
    for _ in 0..max_depth.max(1) {
        let mut next = Vec::new();
        for g in std::mem::take(&mut frontier) {
            if followed >= MAX_NESTED {
                break;
            }
            followed += 1;
            let Ok(e) =
                crate::ldap::read::search::base_entry(s, &g, &["member", "uniqueMember"]).await
            else {
                continue;
            };
            let unique: Vec<String> = record::values(&e, "uniqueMember")
                .iter()
                .map(|v| member_dn(v).to_string())
                .collect();
            let values = record::values(&e, "member").into_iter().chain(unique);
            for v in values {
                if seen.insert(key(&v)) {
                    if groups.contains(&key(&v)) {
                        next.push(v.clone());
                    }
                    out.push(v);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok((out, followed))
}

/// Why a listing's source cannot follow nested groups.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The server refused or failed.
    #[error(transparent)]
    Ldap(#[from] LdapError),
    /// The selection is not a group entry.
    #[error("{0}")]
    NotAGroup(String),
}

/// The source of a group's members through nested groups: member DNs expanded level by
/// level, AD's memberOf by the in-chain rule; a posixGroup (memberUid) does not nest.
pub async fn effective_source(
    p: &Provider,
    s: &mut Session,
    source: crate::ldap::read::directory::Source,
    depth: usize,
) -> Result<crate::ldap::read::directory::Source, SourceError> {
    use crate::ldap::read::directory::Source;
    use crate::syntax::filter::Filter as F;
    match source {
        Source::MemberDns(dns) => {
            let (all, _) = expand_members(p, s, dns, depth).await?;
            Ok(Source::MemberDns(all))
        }
        Source::Matching { base, filter } => {
            let chain = |f: F| match &f {
                F::Equal(a, v) if a.eq_ignore_ascii_case("memberOf") => {
                    in_chain_members(&String::from_utf8_lossy(v)).unwrap_or(f)
                }
                _ => f,
            };
            let filter = match filter {
                F::Or(items) => F::Or(items.into_iter().map(chain).collect()),
                other => chain(other),
            };
            Ok(Source::Matching { base, filter })
        }
        Source::MemberLogins(l) => Ok(Source::MemberLogins(l)),
        Source::Under { .. } => Err(SourceError::NotAGroup(
            "--effective follows group entries (the membership layout); in the ou layout a group is an OU and does not nest".into(),
        )),
    }
}

/// AD's filter for the members of `group` through nested groups (the in-chain rule).
pub fn in_chain_members(group: &str) -> Option<crate::syntax::filter::Filter> {
    crate::syntax::filter::parse_filter(&format!("(memberOf:{IN_CHAIN}:={})", escape_value(group)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds a walk from a map of group → member DNs, as the searches would.
    fn run(user: &str, groups: &[(&str, &[&str])], depth: usize) -> Effective {
        let mut w = Walk::new(user, depth);
        let mut searches = 0;
        while !w.frontier().is_empty() {
            let frontier: Vec<String> = w.frontier().iter().map(|d| key(d)).collect();
            let found = groups
                .iter()
                .filter_map(|(g, members)| {
                    let named: Vec<String> = members
                        .iter()
                        .filter(|m| frontier.contains(&key(m)))
                        .map(|m| m.to_string())
                        .collect();
                    (!named.is_empty()).then(|| (g.to_string(), named))
                })
                .collect();
            searches += 1;
            w.step(found);
        }
        w.finish("walk", searches)
    }

    const ALICE: &str = "uid=alice,ou=people";

    #[test]
    fn nested_groups_carry_their_path_and_loops_are_reported() {
        let e = run(
            ALICE,
            &[
                ("cn=staff", &[ALICE]),
                ("cn=everyone", &["CN=Staff", "uid=frank"]),
                ("cn=all", &["cn=everyone"]),
                // all → staff closes a loop: staff → everyone → all → staff.
                ("cn=staff", &["cn=all"]),
            ],
            16,
        );
        let names: Vec<(&str, bool)> = e
            .groups
            .iter()
            .map(|m| (m.group.as_str(), m.direct))
            .collect();
        assert_eq!(
            names,
            [
                ("cn=staff", true),
                ("cn=everyone", false),
                ("cn=all", false)
            ]
        );
        assert_eq!(
            e.find("CN=ALL").map(|m| m.path.clone()),
            Some(vec![
                ALICE.into(),
                "cn=staff".into(),
                "cn=everyone".into(),
                "cn=all".into()
            ])
        );
        assert_eq!(
            e.find("cn=all").map(Membership::via).as_deref(),
            Some("via staff → everyone")
        );
        assert_eq!(
            e.cycles,
            [vec![
                "cn=staff".to_string(),
                "cn=everyone".into(),
                "cn=all".into(),
                "cn=staff".into()
            ]]
        );
        assert_eq!(e.searches, 4, "one search per level, not per group");
        assert!(!e.capped);
    }

    #[test]
    fn a_diamond_keeps_the_shortest_path_and_the_cap_is_said() {
        let e = run(
            ALICE,
            &[
                ("cn=a", &[ALICE]),
                ("cn=b", &[ALICE]),
                ("cn=top", &["cn=a", "cn=b"]),
                ("cn=roof", &["cn=top"]),
            ],
            2,
        );
        assert_eq!(e.groups.len(), 3, "{e:?}");
        assert_eq!(e.find("cn=top").map(|m| m.path.len()), Some(3));
        assert!(e.find("cn=roof").is_none());
        assert!(e.capped, "roof is past the cap");
    }

    #[test]
    fn unique_member_uids_are_stripped() {
        assert_eq!(member_dn("uid=a,ou=p#'0101'B"), "uid=a,ou=p");
        assert_eq!(member_dn("uid=a#b,ou=p"), "uid=a#b,ou=p");
    }
}
