//! Any part of the directory, not only a provider's users: a paged search from any base and
//! scope, streamed, where the server's size limit is a note ("truncated at N"), not a failure.

use std::time::Duration;

use ldap3::adapters::PagedResults;
use ldap3::{LdapError, Scope, SearchEntry};

use crate::ldap::net::session::Session;
use crate::ldap::read::search::{PAGE_SIZE, abandon};

/// LDAP's sizeLimitExceeded.
const SIZE_LIMIT: u32 = 4;

/// How a search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// Entries given to the callback.
    pub entries: usize,
    /// The server stopped at its size limit after this many.
    pub truncated: bool,
}

/// Streams the entries under `base` in `scope` matching `filter` to `on_entry` (which says
/// whether to go on), paged, at most `limit`, every page within the session's timeout and
/// the whole within `deadline`. A base search is sent without paging.
#[allow(clippy::too_many_arguments)]
pub async fn search<F: FnMut(SearchEntry) -> bool>(
    s: &mut Session,
    base: &str,
    scope: Scope,
    filter: &str,
    attrs: &[String],
    limit: Option<usize>,
    deadline: Duration,
    on_entry: &mut F,
) -> Result<Ended, LdapError> {
    if limit == Some(0) {
        return Ok(Ended {
            entries: 0,
            truncated: false,
        });
    }
    let t = s.timeout;
    let work = async {
        let mut stream = if scope == Scope::Base {
            s.ldap
                .with_timeout(t)
                .streaming_search(base, scope, filter, attrs.to_vec())
                .await?
        } else {
            s.ldap
                .with_timeout(t)
                .streaming_search_with(
                    PagedResults::new(PAGE_SIZE),
                    base,
                    scope,
                    filter,
                    attrs.to_vec(),
                )
                .await?
        };
        let mut n = 0;
        let mut page_deadline = tokio::time::Instant::now() + t;
        loop {
            let e = match tokio::time::timeout_at(page_deadline, stream.next()).await {
                Ok(r) => r?,
                Err(elapsed) => return Err(LdapError::Timeout { elapsed }),
            };
            let Some(e) = e else { break };
            if e.is_ref() || e.is_intermediate() {
                // Referrals are never chased: a continuation reference is skipped.
                continue;
            }
            n += 1;
            if n % PAGE_SIZE as usize == 0 {
                page_deadline = tokio::time::Instant::now() + t;
            }
            if !on_entry(SearchEntry::construct(e)) || limit.is_some_and(|m| n >= m) {
                abandon(&mut stream).await;
                return Ok(Ended {
                    entries: n,
                    truncated: false,
                });
            }
        }
        let res = stream.finish().await;
        if res.rc == SIZE_LIMIT {
            return Ok(Ended {
                entries: n,
                truncated: true,
            });
        }
        res.success()?;
        Ok(Ended {
            entries: n,
            truncated: false,
        })
    };
    crate::ldap::net::session::bounded(deadline, work).await
}
