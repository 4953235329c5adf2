//! Many entries read by their DNs. Siblings that want the same attributes are read together:
//! one one-level search of their parent whose filter names each by its whole DN (OpenLDAP's
//! `entryDN`, 389's `entrydn`, AD's `distinguishedName`, each answered from the DN index),
//! where a base read of each costs the server an operation apiece: a tenth of the server's
//! time for a file of modifies. What that search does not bring back (a server without the
//! attribute, an ACL on it, an entry that is not there, any error) is read alone, as before,
//! so the answer is always what a base read gives.

use std::collections::HashMap;
use std::time::Duration;

use futures::StreamExt;
use ldap3::{LdapError, Scope};

use crate::config::ServerType;
use crate::ldap::write::change::Image;
use crate::ldap::write::edit::{image, read_on};
use crate::syntax::dn::{dn_key, parse_dn, split_rdn};
use crate::syntax::filter::escape_value;

/// One entry to read.
#[derive(Debug, Clone)]
pub struct Want {
    /// Its DN, as the caller has it.
    pub dn: String,
    /// The attributes to read (`*`, `1.1`, names).
    pub attrs: Vec<String>,
    /// Worth reading with its siblings: false where it is expected not to exist (an add),
    /// since every entry such a search misses is read again alone.
    pub together: bool,
}

/// What a base read gives: the entry, `None` when there is none, or the error.
pub type Got = Result<Option<Image>, LdapError>;

/// The attribute a server matches whole DNs on in a filter.
pub fn dn_attribute(t: ServerType) -> &'static str {
    match t {
        ServerType::ActiveDirectory => "distinguishedName",
        ServerType::FreeIpa | ServerType::Ds389 => "entrydn",
        ServerType::Openldap | ServerType::Posix | ServerType::Generic => "entryDN",
    }
}

/// Siblings read in one search at most (a filter of this many DNs is tens of kilobytes, well
/// under every server's request limit, and its answer under 389's and AD's size limits).
pub const MOST_TOGETHER: usize = 256;

/// Reads alone in flight at once.
const ALONE_AHEAD: usize = 64;

/// Which wants go together (same parent, same attributes; groups of one are read alone),
/// and the DN key of each want that is in a group.
fn groups(wants: &[Want]) -> (Vec<Vec<usize>>, Vec<Option<String>>) {
    let mut open: HashMap<(String, String), usize> = HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut keys = vec![None; wants.len()];
    for (i, w) in wants.iter().enumerate() {
        let Some(d) = w
            .together
            .then(|| parse_dn(&w.dn).ok().filter(|d| d.rdns.len() >= 2))
            .flatten()
        else {
            continue;
        };
        let k = (d.key_from(1), w.attrs.join("\0").to_lowercase());
        let g = match open.get(&k) {
            Some(&g) if out[g].len() < MOST_TOGETHER => g,
            _ => {
                out.push(Vec::new());
                open.insert(k, out.len() - 1);
                out.len() - 1
            }
        };
        out[g].push(i);
        keys[i] = Some(d.key());
    }
    out.retain(|g| g.len() > 1);
    (out, keys)
}

/// The filter that names each of these DNs.
fn filter(attr: &str, dns: &[&str]) -> String {
    let mut f = String::from("(|");
    for dn in dns {
        f.push('(');
        f.push_str(attr);
        f.push('=');
        f.push_str(&escape_value(dn));
        f.push(')');
    }
    f.push(')');
    f
}

/// Reads one group; the entries found, by DN key (nothing when its answer is not what was
/// asked: every one of them is then read alone), or `None` when the server gave no answer
/// (a timeout, a closed connection: reading them alone gets only the time that is left).
async fn together(
    ldap: &ldap3::Ldap,
    t: Duration,
    attr: &str,
    wants: &[Want],
    group: &[usize],
) -> Option<HashMap<String, Image>> {
    let dns: Vec<&str> = group.iter().map(|&i| wants[i].dn.as_str()).collect();
    let parent = split_rdn(dns[0]).1.trim_start();
    let attrs = &wants[group[0]].attrs;
    let mut ldap = ldap.clone();
    let found = crate::ldap::read::search::read_on(
        &mut ldap,
        t,
        Vec::new(),
        parent,
        Scope::OneLevel,
        &filter(attr, &dns),
        attrs,
        group.len(),
    )
    .await;
    let found = found.ok()?;
    if found.more || found.result.rc != 0 {
        return Some(HashMap::new());
    }
    let mut by_key = HashMap::with_capacity(found.entries.len());
    for e in &found.entries {
        if by_key.insert(dn_key(&e.dn), image(e)).is_some() {
            // Two entries with one name: trust neither.
            return Some(HashMap::new());
        }
    }
    Some(by_key)
}

/// Reads every want, in order: siblings together, the rest (and what that missed) alone.
/// Also says how many came from searches of siblings (none where the server does not match
/// DNs on `attr`).
pub async fn read(
    ldap: &ldap3::Ldap,
    t: Duration,
    attr: &str,
    wants: &[Want],
) -> (Vec<Got>, usize) {
    let start = std::time::Instant::now();
    let (groups, keys) = groups(wants);
    let found = futures::future::join_all(
        groups
            .iter()
            .map(|g| together(ldap, t, attr, wants, g.as_slice())),
    )
    .await;
    let mut got: Vec<Option<Got>> = (0..wants.len()).map(|_| None).collect();
    // Entries of a group the server left unanswered share that search's time: a silent
    // server costs the lot one timeout, not one for the search and another for each read.
    let mut unanswered = vec![false; wants.len()];
    for (g, by_key) in groups.iter().zip(&found) {
        let Some(by_key) = by_key else {
            g.iter().for_each(|&i| unanswered[i] = true);
            continue;
        };
        for &i in g {
            if let Some(img) = keys[i].as_ref().and_then(|k| by_key.get(k)) {
                got[i] = Some(Ok(Some(img.clone())));
            }
        }
    }
    let alone: Vec<usize> = (0..wants.len()).filter(|&i| got[i].is_none()).collect();
    let read_together = wants.len() - alone.len();
    let read_alone = futures::stream::iter(alone.iter().map(|&i| {
        let mut ldap = ldap.clone();
        let w = &wants[i];
        let limit = if unanswered[i] {
            t.saturating_sub(start.elapsed())
        } else {
            t
        };
        async move {
            let a: Vec<&str> = w.attrs.iter().map(String::as_str).collect();
            (i, read_on(&mut ldap, limit, &w.dn, &a).await)
        }
    }))
    .buffered(ALONE_AHEAD)
    .collect::<Vec<_>>()
    .await;
    for (i, r) in read_alone {
        got[i] = Some(r);
    }
    let got = got.into_iter().map(|g| g.unwrap_or(Ok(None))).collect();
    (got, read_together)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want(dn: &str, attrs: &[&str], together: bool) -> Want {
        Want {
            dn: dn.into(),
            attrs: attrs.iter().map(|a| a.to_string()).collect(),
            together,
        }
    }

    #[test]
    fn siblings_with_the_same_attributes_go_together() {
        let w = vec![
            want("uid=a,ou=p,dc=x", &["cn"], true),
            want("uid=b, OU=P,dc=x", &["cn"], true),
            want("uid=c,ou=p,dc=x", &["sn"], true),
            want("uid=d,ou=q,dc=x", &["cn"], true),
            want("uid=e,ou=p,dc=x", &["cn"], false),
            want("uid=f,ou=p,dc=x", &["CN"], true),
            want("not a dn", &["cn"], true),
        ];
        let (g, keys) = groups(&w);
        assert_eq!(g, vec![vec![0, 1, 5]]);
        assert_eq!(keys[1].as_deref(), Some("uid=b,ou=p,dc=x"));
        assert_eq!(keys[6], None);
    }

    #[test]
    fn a_full_group_starts_another() {
        let w: Vec<Want> = (0..MOST_TOGETHER * 2 + 1)
            .map(|i| want(&format!("uid=u{i},ou=p,dc=x"), &["cn"], true))
            .collect();
        let (g, _) = groups(&w);
        assert_eq!(
            g.iter().map(Vec::len).collect::<Vec<_>>(),
            [MOST_TOGETHER, MOST_TOGETHER]
        );
        assert_eq!(g[1][0], MOST_TOGETHER);
    }

    #[test]
    fn the_filter_escapes_each_dn() {
        assert_eq!(
            filter("entryDN", &["cn=a\\2Cb,dc=x", "cn=(c)*,dc=x"]),
            "(|(entryDN=cn=a\\5c2Cb,dc=x)(entryDN=cn=\\28c\\29\\2a,dc=x))"
        );
    }
}
