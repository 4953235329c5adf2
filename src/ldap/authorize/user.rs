//! Finding the user as the application would (login attribute, user_filter, users_base,
//! ambiguity), and reading what it reads of the entry: the mapped attributes and the groups.

use std::collections::BTreeMap;

use ldap3::{Scope, SearchEntry};

use crate::config::Provider;
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{Phase, classify_ldap, classify_rc};
use crate::ldap::net::connect::Connected;
use crate::ldap::net::session::Session;
use crate::ldap::read::ds389;
pub(super) use crate::ldap::read::record::values;
use crate::syntax::filter::escape_value;

pub(super) async fn find_user(
    p: &Provider,
    c: &mut Connected,
    login: &str,
) -> Result<SearchEntry, Diagnosis> {
    let login_attr = p.attribute("login").unwrap_or("uid").to_string();
    let base = p
        .users_base
        .clone()
        .or_else(|| p.base_dn.clone())
        .unwrap_or_default();
    let filter = format!(
        "(&{}({login_attr}={}))",
        p.effective_user_filter(),
        escape_value(login)
    );
    let mut attrs: Vec<String> = p.attributes.values().cloned().collect();
    attrs.extend(["memberOf", "objectClass"].map(String::from));
    // 389's account state (asked for by name: operational or virtual; absent elsewhere).
    attrs.extend(ds389::ATTRS.map(String::from));
    if let Some(s) = p.attribute("status") {
        attrs.push(s.to_string());
    }
    // Two entries are enough to call a login ambiguous: a server sending more is cut there.
    let res =
        crate::ldap::read::search::read(&mut c.session, &base, Scope::Subtree, &filter, &attrs, 2)
            .await;
    let (found, more, rc) = match res {
        Ok(r) => (r.entries, r.more, r.result),
        Err(e) => return Err(classify_ldap(&e, Phase::Search, &c.ctx)),
    };
    if !more && rc.rc != 0 && rc.rc != 4 {
        return Err(classify_rc(
            rc.rc,
            &rc.text,
            &rc.matched,
            Phase::Search,
            &c.ctx,
        ));
    }
    match found.len() {
        0 => Err(Diagnosis::new(
            Cause::NoSuchUser,
            format!("no user has {login_attr}={login} under {base}"),
            format!(
                "check the login, attributes.login ({login_attr}) and user_filter {}",
                p.effective_user_filter()
            ),
        )),
        1 => Ok(found
            .into_iter()
            .next()
            .ok_or_else(|| Diagnosis::new(Cause::NoSuchUser, "", ""))?),
        _ => Err(Diagnosis::new(
            Cause::AmbiguousUser,
            format!(
                "{} entries have {login_attr}={login}: {}{}",
                if rc.rc == 4 { "several" } else { "2" },
                found
                    .iter()
                    .map(|e| e.dn.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                if rc.rc == 4 { ", ..." } else { "" }
            ),
            "an application cannot tell which one is meant: make the login unique, or narrow user_filter or users_base",
        )),
    }
}

pub(super) fn mapped_attributes(p: &Provider, e: &SearchEntry) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut fields: Vec<String> = crate::config::provider::KNOWN_ATTRIBUTE_FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    fields.extend(p.attributes.keys().cloned());
    for f in fields {
        if let Some(attr) = p.attribute(&f) {
            let v = values(e, attr);
            if !v.is_empty() {
                out.insert(f, v);
            }
        }
    }
    out
}

pub(super) async fn groups(
    p: &Provider,
    s: &mut Session,
    e: &SearchEntry,
    login: &str,
) -> Vec<String> {
    let mut out = member_groups(p, s, e, login).await;
    // AD lists the primary group (Domain Users) in neither memberOf nor member.
    if p.server_type == crate::config::ServerType::ActiveDirectory
        && let Some(base) = p.base_dn.clone()
        && let Some(dn) = crate::ldap::read::primary_group::of(s, &base, &e.dn).await
        && !out.iter().any(|g| g.eq_ignore_ascii_case(&dn))
    {
        out.push(dn);
    }
    out
}

/// The groups that name the user: memberOf, else a search on the member attribute.
async fn member_groups(p: &Provider, s: &mut Session, e: &SearchEntry, login: &str) -> Vec<String> {
    let Some(base) = p.groups_base.clone().or_else(|| p.base_dn.clone()) else {
        return values(e, "memberOf");
    };
    let dn = escape_value(&e.dn);
    let uid = escape_value(login);
    // 389/FreeIPA's memberOf holds nested groups too: read as direct it would lie, so the
    // search below says which groups name the user themselves. No server's memberOf lists
    // posixGroups (they name members by login): those are searched for either way.
    let direct: Vec<String> = match crate::ldap::read::nested::member_of_kind(p.server_type) {
        "nested" => Vec::new(),
        _ => values(e, "memberOf"),
    };
    let filter = if !direct.is_empty() {
        format!("(&(objectClass=posixGroup)(memberUid={uid}))")
    } else {
        // The three kinds of group, and the provider's own member attribute if another.
        let own = p
            .group_member_attribute
            .clone()
            .filter(|a| {
                !["member", "uniqueMember", "memberUid"]
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(a))
            })
            .map(|a| format!("({}={dn})", escape_value(&a)))
            .unwrap_or_default();
        format!("(|(member={dn})(uniqueMember={dn})(memberUid={uid}){own})")
    };
    let mut out = direct;
    for g in crate::ldap::read::search::dns(s, &base, &filter)
        .await
        .unwrap_or_default()
    {
        if !out.iter().any(|x| x.eq_ignore_ascii_case(&g)) {
            out.push(g);
        }
    }
    out
}
