//! The tenant → group → user tree of a provider, and users streamed page by page.
//!
//! Layouts: `ou` (tenants are OUs, groups are OUs inside a tenant, users live in a group),
//! `membership` (groups are entries listing members), or none (a flat list of users).

use std::time::Duration;

use ldap3::adapters::PagedResults;
use ldap3::{LdapError, Scope, SearchEntry};

use crate::config::{LayoutMode, Provider};
use crate::ldap::net::session::Session;
use crate::ldap::read::search::PAGE_SIZE;
use crate::syntax::dn::escape_rdn_value;
use crate::syntax::filter::{Filter, escape_value};

/// A tenant or a group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Node {
    /// The name used on the command line (`ou` or `cn` value).
    pub id: String,
    /// Its DN.
    pub dn: String,
    /// Its description, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where users of a selection are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Entries under `base` (one level or the subtree), matching the filter.
    Under {
        /// Search base.
        base: String,
        /// Only direct children.
        one_level: bool,
    },
    /// The members of a group entry, by DN.
    MemberDns(Vec<String>),
    /// The members of a posixGroup, by login.
    MemberLogins(Vec<String>),
    /// Entries under `base` matching this too (AD: memberOf the group, or its primary group).
    Matching {
        /// Search base (subtree).
        base: String,
        /// Ands with the listing's filter.
        filter: Filter,
    },
}

/// A failure with the words to show, from a query on an open session.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The provider has no tree, or the selection does not fit it.
    #[error("{0}")]
    Layout(String),
    /// The tenant or group does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The server failed the operation.
    #[error(transparent)]
    Ldap(#[from] LdapError),
}

fn first(e: &SearchEntry, attr: &str) -> Option<String> {
    e.attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(attr))
        .and_then(|(_, v)| v.first().cloned())
}

/// The value of a DN's first RDN (`staff` for `cn=staff,ou=groups,...`).
pub fn rdn_value(dn: &str) -> String {
    crate::syntax::dn::parse_dn(dn)
        .ok()
        .and_then(|d| {
            d.rdns
                .first()
                .and_then(|r| r.first())
                .map(|a| a.value.clone())
        })
        .unwrap_or_else(|| dn.to_string())
}

fn tenants_base(p: &Provider) -> Result<String, Error> {
    p.layout
        .as_ref()
        .and_then(|l| l.tenants_base.clone())
        .or_else(|| p.base_dn.clone())
        .ok_or_else(|| Error::Layout("set layout.tenants_base or base_dn".into()))
}

fn layout_mode(p: &Provider) -> Result<LayoutMode, Error> {
    p.layout.as_ref().map(|l| l.mode).ok_or_else(|| {
        Error::Layout(format!(
            "provider '{}' has no [provider.layout]: its users are one flat list (leave out --tenant/--group)",
            p.slug
        ))
    })
}

async fn nodes(
    s: &mut Session,
    base: &str,
    scope: Scope,
    filter: &str,
) -> Result<Vec<Node>, Error> {
    let found = crate::ldap::read::search::read(
        s,
        base,
        scope,
        filter,
        &["ou", "cn", "description"],
        crate::ldap::read::search::MAX_DNS,
    )
    .await?;
    if found.more {
        // Said as a size limit rather than shown cut: a list that is not whole must say so.
        return Err(Error::Ldap(LdapError::LdapResult {
            result: ldap3::LdapResult {
                rc: 4,
                matched: String::new(),
                text: format!(
                    "ldapdeck stopped after {} entries under {base}: narrow the filter",
                    found.entries.len()
                ),
                refs: Vec::new(),
                ctrls: Vec::new(),
            },
        }));
    }
    let mut out: Vec<Node> = found
        .success()?
        .into_iter()
        .map(|e| Node {
            id: rdn_value(&e.dn),
            description: first(&e, "description"),
            dn: e.dn,
        })
        .collect();
    out.sort_by_key(|n| n.id.to_lowercase());
    Ok(out)
}

/// The tenants of a provider with a layout.
pub async fn tenants(p: &Provider, s: &mut Session) -> Result<Vec<Node>, Error> {
    layout_mode(p)?;
    let base = tenants_base(p)?;
    let filter = p
        .layout
        .as_ref()
        .and_then(|l| l.tenant_filter.clone())
        .unwrap_or_else(|| "(objectClass=organizationalUnit)".into());
    nodes(s, &base, Scope::OneLevel, &filter).await
}

fn tenant_dn(p: &Provider, tenant: &str) -> Result<String, Error> {
    Ok(format!(
        "ou={},{}",
        escape_rdn_value(tenant),
        tenants_base(p)?
    ))
}

fn group_filter(p: &Provider) -> String {
    let layout = p.layout.as_ref();
    match (
        layout.and_then(|l| l.group_filter.clone()),
        layout.map(|l| l.mode),
    ) {
        (Some(f), _) => f,
        (None, Some(LayoutMode::Ou)) => "(objectClass=organizationalUnit)".into(),
        _ => p.group_class_filter(),
    }
}

/// What an entry is to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// One of its users (matches its user filter): the login.
    User(String),
    /// One of its membership groups under its groups base: the group's name (cn).
    Group(String),
    /// Any other entry.
    Entry,
}

/// Asks the server what `dn` is to the provider: a base search with its user filter, then
/// with its group filter (membership layouts only: in the ou layout a group is an OU).
pub async fn role_of(p: &Provider, s: &mut Session, dn: &str) -> Result<Role, LdapError> {
    let login = crate::ldap::read::record::login_attr(p);
    let user =
        crate::ldap::read::search::read(s, dn, Scope::Base, p.effective_user_filter(), &[login], 1)
            .await?;
    if let Some(e) = user.entries.first() {
        let id = crate::ldap::read::record::values(e, login)
            .into_iter()
            .next()
            .unwrap_or_else(|| rdn_value(dn));
        return Ok(Role::User(id));
    }
    if group_mode(p) != LayoutMode::Membership {
        return Ok(Role::Entry);
    }
    let base = p
        .groups_base
        .clone()
        .or_else(|| p.base_dn.clone())
        .unwrap_or_default();
    let under = match (
        crate::syntax::dn::parse_dn(dn),
        crate::syntax::dn::parse_dn(&base),
    ) {
        (Ok(d), Ok(b)) => d.is_within(&b),
        _ => false,
    };
    if !under {
        return Ok(Role::Entry);
    }
    let group =
        crate::ldap::read::search::read(s, dn, Scope::Base, &group_filter(p), &["cn"], 1).await?;
    Ok(match group.entries.first() {
        Some(e) => match crate::ldap::read::record::values(e, "cn")
            .into_iter()
            .next()
        {
            Some(cn) => Role::Group(cn),
            None => Role::Entry,
        },
        None => Role::Entry,
    })
}

/// Groups are group entries listing members unless the layout says they are OUs.
fn group_mode(p: &Provider) -> LayoutMode {
    p.layout.as_ref().map_or(LayoutMode::Membership, |l| l.mode)
}

/// The groups of a tenant (ou layout: required) or of the provider (membership groups).
pub async fn groups(
    p: &Provider,
    s: &mut Session,
    tenant: Option<&str>,
) -> Result<Vec<Node>, Error> {
    let filter = group_filter(p);
    if tenant.is_some() {
        layout_mode(p)?;
    }
    match (group_mode(p), tenant) {
        (LayoutMode::Ou, None) => Err(Error::Layout(
            "in the ou layout groups live in a tenant: give --tenant".into(),
        )),
        (LayoutMode::Ou, Some(t)) => nodes(s, &tenant_dn(p, t)?, Scope::OneLevel, &filter).await,
        (LayoutMode::Membership, Some(t)) => {
            nodes(s, &tenant_dn(p, t)?, Scope::Subtree, &filter).await
        }
        (LayoutMode::Membership, None) => {
            let base = p
                .groups_base
                .clone()
                .or_else(|| p.base_dn.clone())
                .unwrap_or_default();
            nodes(s, &base, Scope::Subtree, &filter).await
        }
    }
}

/// Where the users of a selection are.
pub async fn source(
    p: &Provider,
    s: &mut Session,
    tenant: Option<&str>,
    group: Option<&str>,
) -> Result<Source, Error> {
    let flat = || Source::Under {
        base: flat_base(p),
        one_level: false,
    };
    if tenant.is_none() && group.is_none() {
        return Ok(flat());
    }
    if tenant.is_some() {
        layout_mode(p)?;
    }
    match group_mode(p) {
        LayoutMode::Ou => match (tenant, group) {
            (Some(t), Some(g)) => Ok(Source::Under {
                base: format!("ou={},{}", escape_rdn_value(g), tenant_dn(p, t)?),
                one_level: true,
            }),
            (Some(t), None) => Ok(Source::Under {
                base: tenant_dn(p, t)?,
                one_level: false,
            }),
            (None, _) => Err(Error::Layout(
                "in the ou layout a group is inside a tenant: give --tenant too".into(),
            )),
        },
        LayoutMode::Membership => match group {
            None => Ok(Source::Under {
                base: tenant.map_or_else(|| Ok(flat_base(p)), |t| tenant_dn(p, t))?,
                one_level: false,
            }),
            Some(g) => members(p, s, tenant, g).await,
        },
    }
}

/// Where users live when nothing narrower is selected.
pub fn flat_base(p: &Provider) -> String {
    p.users_base
        .clone()
        .or_else(|| p.base_dn.clone())
        .unwrap_or_default()
}

async fn members(
    p: &Provider,
    s: &mut Session,
    tenant: Option<&str>,
    group: &str,
) -> Result<Source, Error> {
    let base = match tenant {
        Some(t) => tenant_dn(p, t)?,
        None => p
            .groups_base
            .clone()
            .or_else(|| p.base_dn.clone())
            .unwrap_or_default(),
    };
    let filter = format!("(&{}(cn={}))", group_filter(p), escape_value(group));
    let member_attr = p
        .group_member_attribute
        .clone()
        .unwrap_or_else(|| p.server_type.preset().group_member_attribute.to_string());
    let ad = p.server_type == crate::config::ServerType::ActiveDirectory;
    // AD's users of a group come from memberOf below: its member values (up to every user of
    // the domain) are not fetched.
    let attrs = if ad {
        vec!["1.1"]
    } else {
        vec!["member", "uniqueMember", "memberUid", member_attr.as_str()]
    };
    let entry = crate::ldap::read::search::read(s, &base, Scope::Subtree, &filter, &attrs, 1)
        .await?
        .success()?
        .into_iter()
        .next()
        .ok_or_else(|| Error::NotFound(format!("no group cn={group} under {base}")))?;
    let values = |a: &str| -> Vec<String> {
        entry
            .attrs
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(a))
            .flat_map(|(_, v)| v.clone())
            .collect()
    };
    let logins = values("memberUid");
    if !logins.is_empty() {
        return Ok(Source::MemberLogins(logins));
    }
    // AD: one paged search on memberOf (indexed) instead of a read per member, and the users
    // whose primary group it is, whom no member value lists (everyone, for Domain Users).
    if ad {
        let dn = entry.dn.clone();
        let mut any = vec![Filter::Equal("memberOf".into(), dn.as_bytes().to_vec())];
        if let Some(rid) = crate::ldap::read::primary_group::token(s, &dn).await {
            any.push(Filter::Equal(
                "primaryGroupID".into(),
                rid.to_string().into_bytes(),
            ));
        }
        return Ok(Source::Matching {
            base: p.base_dn.clone().unwrap_or_else(|| flat_base(p)),
            filter: Filter::Or(any),
        });
    }
    let mut dns = values("member");
    dns.extend(values("uniqueMember"));
    Ok(Source::MemberDns(dns))
}

/// Paged search settings for one listing.
pub struct Listing<'a> {
    /// The combined filter (user filter AND the user's filter).
    pub filter: &'a Filter,
    /// Attributes to fetch.
    pub attrs: &'a [String],
    /// Entries per page.
    pub page_size: i32,
    /// Stop after this many.
    pub limit: Option<usize>,
    /// The provider's login attribute, for member logins.
    pub login_attr: &'a str,
    /// Where to look member logins up (the users base).
    pub root: &'a str,
    /// Bound on the whole listing.
    pub deadline: Duration,
}

/// Streams the users of `source` to `on_entry` until the end, `limit`, or `on_entry`
/// returning false (then the search is abandoned); returns how many were passed on.
pub async fn stream_users<F: FnMut(SearchEntry) -> bool>(
    s: &mut Session,
    source: &Source,
    l: &Listing<'_>,
    on_entry: &mut F,
) -> Result<usize, LdapError> {
    if l.limit == Some(0) {
        // `--limit 0` asks for nothing: nothing is searched.
        return Ok(0);
    }
    let work = async {
        match source {
            Source::Under { base, one_level } => {
                let scope = if *one_level {
                    Scope::OneLevel
                } else {
                    Scope::Subtree
                };
                paged(s, base, scope, &l.filter.to_string(), l, on_entry, 0).await
            }
            Source::Matching { base, filter } => {
                let f = Filter::And(vec![l.filter.clone(), filter.clone()]);
                paged(s, base, Scope::Subtree, &f.to_string(), l, on_entry, 0).await
            }
            Source::MemberLogins(logins) => {
                let mut n = 0;
                // A filter per chunk keeps requests small for groups with many members.
                for chunk in logins.chunks(200) {
                    let any = Filter::Or(
                        chunk
                            .iter()
                            .map(|u| Filter::Equal(l.login_attr.into(), u.as_bytes().to_vec()))
                            .collect(),
                    );
                    let f = Filter::And(vec![l.filter.clone(), any]);
                    n = paged(s, l.root, Scope::Subtree, &f.to_string(), l, on_entry, n).await?;
                    if l.limit.is_some_and(|m| n >= m) {
                        break;
                    }
                }
                Ok(n)
            }
            Source::MemberDns(dns) => {
                let mut n = 0;
                let filter = l.filter.to_string();
                for dn in dns {
                    if l.limit.is_some_and(|m| n >= m) {
                        break;
                    }
                    let res =
                        crate::ldap::read::search::read(s, dn, Scope::Base, &filter, l.attrs, 1)
                            .await?;
                    // A member that is gone or not a user is skipped, as the server would.
                    if let Ok(entries) = res.success() {
                        for e in entries {
                            n += 1;
                            if !on_entry(e) {
                                return Ok(n);
                            }
                        }
                    }
                }
                Ok(n)
            }
        }
    };
    crate::ldap::net::session::bounded(l.deadline, work).await
}

async fn paged<F: FnMut(SearchEntry) -> bool>(
    s: &mut Session,
    base: &str,
    scope: Scope,
    filter: &str,
    l: &Listing<'_>,
    on_entry: &mut F,
    mut n: usize,
) -> Result<usize, LdapError> {
    let start = n;
    let page = if l.page_size > 0 {
        l.page_size
    } else {
        PAGE_SIZE
    };
    let t = s.timeout;
    let mut stream = s
        .ldap
        .with_timeout(t)
        .streaming_search_with(
            PagedResults::new(page),
            base,
            scope,
            filter,
            l.attrs.to_vec(),
        )
        .await?;
    // Each page's worth of entries must arrive within the timeout: a server dripping one
    // entry at a time cannot stretch a page forever (ldap3's timeout is per message).
    let mut deadline = tokio::time::Instant::now() + t;
    let mut in_page = 0;
    loop {
        let e = match tokio::time::timeout_at(deadline, stream.next()).await {
            Ok(r) => r?,
            Err(elapsed) => return Err(LdapError::Timeout { elapsed }),
        };
        let Some(e) = e else { break };
        if e.is_ref() || e.is_intermediate() {
            continue;
        }
        in_page += 1;
        if in_page >= page {
            in_page = 0;
            deadline = tokio::time::Instant::now() + t;
        }
        n += 1;
        let go_on = on_entry(SearchEntry::construct(e));
        if !go_on || l.limit.is_some_and(|m| n >= m) {
            crate::ldap::read::search::abandon(&mut stream).await;
            return Ok(n);
        }
    }
    stream.finish().await.success()?;
    if n == start {
        crate::ldap::read::search::base_exists(s, base).await?;
    }
    Ok(n)
}
