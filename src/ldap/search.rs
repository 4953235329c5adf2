//! Bounded searches: a base lookup, and a paged count that stops at a cap and abandons
//! the rest (ldap3 sends no Abandon by itself).

use std::time::Duration;

use ldap3::adapters::PagedResults;
use ldap3::{LdapError, Scope, SearchEntry};

use super::session::Session;

/// Page size of ldapdeck's own paged searches when the provider does not say.
pub const PAGE_SIZE: i32 = 500;

/// Reads one entry by DN (scope base); a missing entry is the server's noSuchObject error.
pub async fn base_entry(
    s: &mut Session,
    dn: &str,
    attrs: &[&str],
) -> Result<SearchEntry, LdapError> {
    let (entries, _) = s
        .ldap
        .with_timeout(s.timeout)
        .search(dn, Scope::Base, "(objectClass=*)", attrs.to_vec())
        .await?
        .success()?;
    let entry = entries
        .into_iter()
        .find(|e| !e.is_ref() && !e.is_intermediate())
        .ok_or(LdapError::EndOfStream)?;
    Ok(SearchEntry::construct(entry))
}

/// The DNs of the entries under `base` matching `filter` (no attributes fetched).
pub async fn dns(s: &mut Session, base: &str, filter: &str) -> Result<Vec<String>, LdapError> {
    let (entries, _) = s
        .ldap
        .with_timeout(s.timeout)
        .search(base, Scope::Subtree, filter, vec!["1.1"])
        .await?
        .success()?;
    Ok(entries
        .into_iter()
        .filter(|e| !e.is_ref() && !e.is_intermediate())
        .map(|e| SearchEntry::construct(e).dn)
        .collect())
}

/// The result of a capped count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Entries seen (at most the cap).
    pub count: usize,
    /// The cap was reached, so there may be more.
    pub capped: bool,
    /// The first DNs, as examples.
    pub samples: Vec<String>,
}

/// Counts entries matching `filter` under `base`, paged, up to `cap`, within `deadline`.
pub async fn count(
    s: &mut Session,
    base: &str,
    filter: &str,
    cap: usize,
    deadline: Duration,
) -> Result<Count, LdapError> {
    let timeout = s.timeout;
    let work = async {
        let mut stream = s
            .ldap
            .with_timeout(timeout)
            .streaming_search_with(
                PagedResults::new(PAGE_SIZE),
                base,
                Scope::Subtree,
                filter,
                vec!["1.1"],
            )
            .await?;
        let mut out = Count {
            count: 0,
            capped: false,
            samples: Vec::new(),
        };
        while let Some(entry) = stream.next().await? {
            // Referrals and intermediate messages are not entries (and would panic construct()).
            if entry.is_ref() || entry.is_intermediate() {
                continue;
            }
            out.count += 1;
            if out.samples.len() < 2 {
                out.samples.push(SearchEntry::construct(entry).dn);
            }
            if out.count >= cap {
                out.capped = true;
                let id = stream.ldap_handle().last_id();
                let _ = stream.finish().await;
                let _ = stream.ldap_handle().abandon(id).await;
                return Ok(out);
            }
        }
        stream.finish().await.success()?;
        Ok(out)
    };
    match tokio::time::timeout(deadline, work).await {
        Ok(r) => r,
        Err(elapsed) => Err(LdapError::Timeout { elapsed }),
    }
}
