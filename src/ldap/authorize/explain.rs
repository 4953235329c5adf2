//! Why an application would turn a user away after the directory found them: a clause of its
//! filter that is false for the user (asked of the server, so its matching rules decide) or
//! a required group the user is not in, directly or through other groups.

use ldap3::{LdapError, Scope};

use crate::config::{Access, AccessMode, Provider};
use crate::ldap::net::session::Session;
use crate::ldap::read::directory::rdn_value;
use crate::ldap::read::nested::Effective;
use crate::syntax::filter::{Filter, escape_value, parse_filter};

/// The clauses of `filter` (the items of a top-level AND, else the filter itself) that the
/// server finds false for the entry `dn`, in order; empty when the whole filter matches.
pub async fn false_clauses(
    s: &mut Session,
    dn: &str,
    filter: &str,
) -> Result<Vec<String>, LdapError> {
    let Ok(parsed) = parse_filter(filter) else {
        return Ok(vec![filter.to_string()]);
    };
    if matches(s, dn, filter).await? {
        return Ok(Vec::new());
    }
    let clauses = match parsed {
        Filter::And(items) => items,
        other => vec![other],
    };
    let mut out = Vec::new();
    for c in clauses {
        let text = c.to_string();
        if !matches(s, dn, &text).await? {
            out.push(text);
        }
    }
    Ok(out)
}

async fn matches(s: &mut Session, dn: &str, filter: &str) -> Result<bool, LdapError> {
    let found = crate::ldap::read::search::read(s, dn, Scope::Base, filter, &["1.1"], 1).await?;
    Ok(!found.entries.is_empty())
}

/// The entry that has this login under the users base but is left out by `user_filter`
/// (so the application cannot find it), if there is exactly one.
pub async fn outside_user_filter(
    p: &Provider,
    s: &mut Session,
    login: &str,
) -> Result<Option<String>, LdapError> {
    let login_attr = p.attribute("login").unwrap_or("uid");
    let base = p
        .users_base
        .clone()
        .or_else(|| p.base_dn.clone())
        .unwrap_or_default();
    let filter = format!("({login_attr}={})", escape_value(login));
    let found =
        crate::ldap::read::search::read(s, &base, Scope::Subtree, &filter, &["1.1"], 2).await?;
    Ok(match found.entries.as_slice() {
        [one] => Some(one.dn.clone()),
        _ => None,
    })
}

/// Whether the user's groups satisfy `access`, and the sentence that says how (the group and
/// its path) or which group is missing.
pub fn required_groups(
    access: &Access,
    direct: &[String],
    effective: &Effective,
) -> (bool, String) {
    let find = |wanted: &str| -> Option<String> {
        let hit = |dn: &str| {
            dn.eq_ignore_ascii_case(wanted) || rdn_value(dn).eq_ignore_ascii_case(wanted)
        };
        if let Some(m) = effective.groups.iter().find(|m| hit(&m.group)) {
            let how = if m.direct {
                "directly".to_string()
            } else {
                m.via()
            };
            return Some(format!("{} ({how})", m.group));
        }
        direct
            .iter()
            .find(|g| hit(g))
            .map(|g| format!("{g} (directly)"))
    };
    let (ins, outs): (Vec<_>, Vec<_>) = access
        .required_groups
        .iter()
        .map(|g| (g, find(g)))
        .partition(|(_, hit)| hit.is_some());
    let ins: Vec<String> = ins.into_iter().filter_map(|(_, h)| h).collect();
    let outs: Vec<&String> = outs.into_iter().map(|(g, _)| g).collect();
    let passed = match access.mode {
        AccessMode::Any => !ins.is_empty(),
        AccessMode::All => outs.is_empty(),
    };
    let missing = || {
        outs.iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let detail = if passed {
        format!("in {}", ins.join("; "))
    } else if access.mode == AccessMode::All && !ins.is_empty() {
        format!(
            "in {}, but not in {} (all are required), directly or through any group",
            ins.join("; "),
            missing()
        )
    } else {
        format!(
            "not a member of {}, directly or through any group",
            missing()
        )
    };
    (passed, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ldap::read::nested::Membership;

    fn effective() -> Effective {
        Effective {
            groups: vec![
                Membership {
                    group: "cn=staff,ou=g".into(),
                    direct: true,
                    path: vec!["uid=a".into(), "cn=staff,ou=g".into()],
                },
                Membership {
                    group: "cn=vpn,ou=g".into(),
                    direct: false,
                    path: vec!["uid=a".into(), "cn=staff,ou=g".into(), "cn=vpn,ou=g".into()],
                },
            ],
            ..Effective::default()
        }
    }

    fn access(groups: &[&str], mode: AccessMode) -> Access {
        Access {
            required_groups: groups.iter().map(|g| g.to_string()).collect(),
            mode,
        }
    }

    #[test]
    fn a_required_group_counts_through_nesting_and_says_its_path() {
        let (ok, why) = required_groups(&access(&["VPN"], AccessMode::Any), &[], &effective());
        assert!(ok);
        assert_eq!(why, "in cn=vpn,ou=g (via staff)");
        let (ok, why) = required_groups(
            &access(&["cn=admins,ou=g", "vpn"], AccessMode::Any),
            &[],
            &effective(),
        );
        assert!(ok, "any of them: {why}");
        let (ok, why) = required_groups(
            &access(&["cn=admins,ou=g", "vpn"], AccessMode::All),
            &[],
            &effective(),
        );
        assert!(!ok);
        assert!(
            why.contains("not in cn=admins,ou=g (all are required)"),
            "{why}"
        );
        let (ok, why) = required_groups(&access(&["admins"], AccessMode::Any), &[], &effective());
        assert!(!ok);
        assert_eq!(why, "not a member of admins, directly or through any group");
        // A direct group read from memberOf counts even when the walk did not see it.
        let (ok, _) = required_groups(
            &access(&["ops"], AccessMode::Any),
            &["cn=ops,ou=elsewhere".into()],
            &Effective::default(),
        );
        assert!(ok);
    }
}
