//! Bounded searches: a base lookup, and a paged count that stops at a cap and abandons
//! the rest (ldap3 sends no Abandon by itself).

use std::time::Duration;

use ldap3::adapters::PagedResults;
use ldap3::controls::RawControl;
use ldap3::{LdapError, LdapResult, Scope, SearchEntry, SearchOptions};

use crate::ldap::net::session::{Session, bounded};

/// Page size of ldapdeck's own paged searches when the provider does not say.
pub const PAGE_SIZE: i32 = 500;

/// Most bytes of entry values one bounded read keeps before it stops (a hostile server
/// cannot grow ldapdeck past this with one answer).
pub const READ_BUDGET: usize = 64 << 20;

/// What a bounded read found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The entries (never referrals or intermediate messages), at most the cap.
    pub entries: Vec<SearchEntry>,
    /// The server's final result (with its controls); ldapdeck's own when it stopped early.
    pub result: LdapResult,
    /// ldapdeck stopped reading (more entries than the cap, or past `READ_BUDGET`).
    pub more: bool,
}

impl Found {
    /// The entries when the server answered success (or ldapdeck stopped it), else its error.
    pub fn success(self) -> Result<Vec<SearchEntry>, LdapError> {
        if self.more || self.result.rc == 0 {
            Ok(self.entries)
        } else {
            Err(LdapError::LdapResult {
                result: self.result,
            })
        }
    }
}

/// Stops a streaming search early: finishes the stream and sends an Abandon for it (ldap3
/// sends none by itself, and the server would go on sending).
pub async fn abandon<'a, S, A>(stream: &mut ldap3::SearchStream<'a, S, A>)
where
    S: AsRef<str> + Send + Sync + 'a,
    A: AsRef<[S]> + Send + Sync + 'a,
{
    let id = stream.ldap_handle().last_id();
    let _ = stream.finish().await;
    let _ = stream.ldap_handle().abandon(id).await;
}

fn approx_size(e: &SearchEntry) -> usize {
    let text: usize = e
        .attrs
        .iter()
        .map(|(k, v)| k.len() + v.iter().map(String::len).sum::<usize>())
        .sum();
    let bin: usize = e
        .bin_attrs
        .iter()
        .map(|(k, v)| k.len() + v.iter().map(Vec::len).sum::<usize>())
        .sum();
    e.dn.len() + text + bin
}

/// Searches and keeps at most `max` entries, within the session's timeout of wall time in all
/// (ldap3's own timeout is per message): past the cap it abandons the search. For every read
/// that is not a stream the user asked for.
pub async fn read(
    s: &mut Session,
    base: &str,
    scope: Scope,
    filter: &str,
    attrs: &[impl AsRef<str>],
    max: usize,
) -> Result<Found, LdapError> {
    read_with(s, Vec::new(), base, scope, filter, attrs, max).await
}

/// `read` with request controls.
pub async fn read_with(
    s: &mut Session,
    controls: Vec<RawControl>,
    base: &str,
    scope: Scope,
    filter: &str,
    attrs: &[impl AsRef<str>],
    max: usize,
) -> Result<Found, LdapError> {
    let t = s.timeout;
    read_on(&mut s.ldap, t, controls, base, scope, filter, attrs, max).await
}

/// `read_with` on an ldap3 handle (a clone of a session's, to read while another request of
/// the same connection is on its way), within `t`.
#[allow(clippy::too_many_arguments)]
pub async fn read_on(
    ldap: &mut ldap3::Ldap,
    t: std::time::Duration,
    controls: Vec<RawControl>,
    base: &str,
    scope: Scope,
    filter: &str,
    attrs: &[impl AsRef<str>],
    max: usize,
) -> Result<Found, LdapError> {
    let limit = i32::try_from(max.saturating_add(1)).unwrap_or(i32::MAX);
    let attrs: Vec<String> = attrs.iter().map(|a| a.as_ref().to_string()).collect();
    bounded(t, async move {
        let mut stream = ldap
            .with_controls(controls)
            .with_search_options(SearchOptions::new().sizelimit(limit))
            .with_timeout(t)
            .streaming_search(base, scope, filter, attrs)
            .await?;
        let mut entries = Vec::new();
        let mut bytes = 0usize;
        let mut more = false;
        while let Some(e) = stream.next().await? {
            if e.is_ref() || e.is_intermediate() {
                continue;
            }
            if entries.len() >= max || bytes > READ_BUDGET {
                more = true;
                break;
            }
            let e = SearchEntry::construct(e);
            bytes += approx_size(&e);
            entries.push(e);
        }
        let result = if more {
            abandon(&mut stream).await;
            LdapResult {
                rc: 0,
                matched: String::new(),
                text: format!("ldapdeck stopped after {} entries", entries.len()),
                refs: Vec::new(),
                ctrls: Vec::new(),
            }
        } else {
            stream.finish().await
        };
        Ok(Found {
            entries,
            result,
            more,
        })
    })
    .await
}

/// Asks the server something cheap (the RootDSE, no attributes): any LDAP answer, even a
/// refusal, shows it is alive; a timeout shows it is not.
pub async fn alive(s: &mut Session) -> Result<(), LdapError> {
    read(s, "", Scope::Base, "(objectClass=*)", &["1.1"], 1)
        .await
        .map(|_| ())
}

/// Reads one entry by DN (scope base); a missing entry is the server's noSuchObject error.
/// A server that hides the entry from this account (389's ACIs) answers success with no
/// entry: that reads as noSuchObject too (what the account can know), never as a lost
/// connection.
pub async fn base_entry(
    s: &mut Session,
    dn: &str,
    attrs: &[&str],
) -> Result<SearchEntry, LdapError> {
    read(s, dn, Scope::Base, "(objectClass=*)", attrs, 1)
        .await?
        .success()?
        .into_iter()
        .next()
        .ok_or_else(|| LdapError::LdapResult {
            result: ldap3::LdapResult {
                rc: 32,
                matched: String::new(),
                text: String::new(),
                refs: Vec::new(),
                ctrls: Vec::new(),
            },
        })
}

/// After a paged search found nothing: whether its base exists. 389 DS answers a paged
/// search on a missing base with success and no entries (unpaged: noSuchObject), which would
/// read as "nothing matches"; a base read says which it is.
pub async fn base_exists(s: &mut Session, base: &str) -> Result<(), LdapError> {
    read(s, base, Scope::Base, "(objectClass=*)", &["1.1"], 1)
        .await?
        .success()
        .map(|_| ())
}

/// How many entries sit directly below `dn` whatever the reader may see: 389's and AD's
/// numSubordinates (an operational count ACIs do not filter); None where the server has none.
pub async fn subordinates(s: &mut Session, dn: &str) -> Option<u64> {
    let e = base_entry(s, dn, &["numSubordinates"]).await.ok()?;
    crate::ldap::read::record::values(&e, "numSubordinates")
        .first()
        .and_then(|v| v.trim().parse().ok())
}

/// Most DNs `dns` returns (group lookups by member; far more than any real answer).
pub const MAX_DNS: usize = 100_000;

/// The DNs of the entries under `base` matching `filter` (no attributes fetched).
pub async fn dns(s: &mut Session, base: &str, filter: &str) -> Result<Vec<String>, LdapError> {
    Ok(read(s, base, Scope::Subtree, filter, &["1.1"], MAX_DNS)
        .await?
        .success()?
        .into_iter()
        .map(|e| e.dn)
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
                abandon(&mut stream).await;
                return Ok(out);
            }
        }
        stream.finish().await.success()?;
        if out.count == 0 {
            base_exists(s, base).await?;
        }
        Ok(out)
    };
    bounded(deadline, work).await
}
