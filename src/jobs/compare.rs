//! The console's comparison of two users: both entries and their groups (direct and through
//! nested groups), read on one bound connection.

use crate::app::action::JobEvent;
use crate::config::Provider;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::compare::{self, Comparison};
use crate::ldap::read::record;
use crate::ldap::write::change::first_text;
use crate::ldap::write::edit;

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
    let (ia, ga) = one(p, c, a).await?;
    let (ib, gb) = one(p, c, b).await?;
    Ok(Comparison {
        a: a.to_string(),
        b: b.to_string(),
        attributes: compare::attributes(&ia, &ib),
        groups: compare::groups(&ga, &gb),
    })
}

/// One user's entry and its groups, through nested groups too.
async fn one(
    p: &Provider,
    c: &mut Connected,
    dn: &str,
) -> Result<(crate::ldap::write::change::Image, Vec<String>), ldap3::LdapError> {
    let img = edit::read(&mut c.session, dn).await?.unwrap_or_default();
    let uid = first_text(&img, record::login_attr(p)).unwrap_or_default();
    let groups = crate::ldap::read::nested::group_dns(p, &mut c.session, dn, &uid, true).await?;
    Ok((img, groups))
}
