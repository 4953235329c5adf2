//! The console's comparison of two users: both entries and their groups (direct and through
//! nested groups), read on one bound connection.

use crate::app::action::JobEvent;
use crate::config::Provider;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::compare::{self, Comparison};
use crate::ldap::read::record;
use crate::ldap::write::change::first_text;
use crate::ldap::write::{edit, membership};

/// Reads the users `a` and `b` (DNs) and compares them.
pub async fn users(p: &Provider, c: &mut Connected, a: &str, b: &str) -> JobEvent {
    match both(p, c, a, b).await {
        Ok(cmp) => JobEvent::Compared(Box::new(cmp)),
        Err(e) => JobEvent::Failed(classify_ldap(&e, Phase::Search, &c.ctx).to_string()),
    }
}

async fn both(
    p: &Provider,
    c: &mut Connected,
    a: &str,
    b: &str,
) -> Result<Comparison, ldap3::LdapError> {
    let login = record::login_attr(p).to_string();
    let mut images = Vec::new();
    let mut groups = Vec::new();
    for dn in [a, b] {
        let img = edit::read(&mut c.session, dn).await?.unwrap_or_default();
        let uid = first_text(&img, &login).unwrap_or_default();
        let mut dns: Vec<String> = membership::groups_of(p, &mut c.session, dn, &uid)
            .await?
            .into_iter()
            .filter(|g| g.member)
            .map(|g| g.dn)
            .collect();
        let depth = crate::ldap::read::nested::DEFAULT_DEPTH;
        let e = crate::ldap::read::nested::effective(p, &mut c.session, dn, &uid, depth).await?;
        for m in e.groups {
            if !dns.iter().any(|g| g.eq_ignore_ascii_case(&m.group)) {
                dns.push(m.group);
            }
        }
        images.push(img);
        groups.push(dns);
    }
    Ok(Comparison {
        a: a.to_string(),
        b: b.to_string(),
        attributes: compare::attributes(&images[0], &images[1]),
        groups: compare::groups(&groups[0], &groups[1]),
    })
}
