//! The browser's loads: tenants, groups, users streamed in batches, one entry.

use std::time::Duration;

use ldap3::{Scope, SearchEntry};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::{Action, JobEvent, JobId};
use crate::app::browser::{Attr, Entry, Load, Row};
use crate::config::Provider;
use crate::config::provider::KNOWN_ATTRIBUTE_FIELDS;
use crate::ldap::failure::classify::{Phase, classify_ldap};
use crate::ldap::net::connect::Connected;
use crate::ldap::read::directory::{self, Listing};
use crate::ldap::read::expiry::Ages;
use crate::ldap::read::record;
use crate::ldap::write::account::{AccountState, Scheme, with_state_attrs};

/// The first batch is small so the first rows show at once; later ones are bigger.
const FIRST_BATCH: usize = 100;
const BATCH: usize = 2_000;

fn failed(c: &Connected, e: directory::Error) -> JobEvent {
    JobEvent::Failed(match e {
        directory::Error::Ldap(e) => {
            let d = classify_ldap(&e, Phase::Search, &c.ctx);
            d.to_string()
        }
        other => other.to_string(),
    })
}

/// Runs one load on a bound connection.
pub async fn run(
    p: &Provider,
    c: &mut Connected,
    load: Load,
    tx: &UnboundedSender<Action>,
    job: JobId,
) -> JobEvent {
    match load {
        Load::Tenants => match directory::tenants(p, &mut c.session).await {
            Ok(n) => JobEvent::Nodes(n),
            Err(e) => failed(c, e),
        },
        Load::Groups(t) => match directory::groups(p, &mut c.session, t.as_deref()).await {
            Ok(n) => JobEvent::Nodes(n),
            Err(e) => failed(c, e),
        },
        Load::Users(t, g, f) => users(p, c, (t, g, f, false), tx, job).await,
        Load::NestedUsers(t, g, f) => users(p, c, (t, g, f, true), tx, job).await,
        Load::Window(t, g, f, offset, before, after) => {
            let (base, one_level) =
                match directory::source(p, &mut c.session, t.as_deref(), g.as_deref()).await {
                    Ok(directory::Source::Under { base, one_level }) => (base, one_level),
                    Ok(_) => {
                        return JobEvent::Failed("a group's member list cannot be windowed".into());
                    }
                    Err(e) => return failed(c, e),
                };
            let extra = match f
                .as_deref()
                .map(crate::syntax::filter::parse_filter)
                .transpose()
            {
                Ok(x) => x,
                Err(e) => return JobEvent::Failed(format!("filter: {e}")),
            };
            match p.listing_filter(extra.as_ref()) {
                Ok(filter) => {
                    window(
                        p,
                        c,
                        &base,
                        one_level,
                        &filter.to_string(),
                        offset,
                        before,
                        after,
                    )
                    .await
                }
                Err(m) => JobEvent::Failed(m),
            }
        }
        Load::Entry(dn, operational) => entry(p, c, &dn, operational).await,
    }
}

/// Where the users come from, the applied filter, and whether nested groups count.
type UsersOf = (Option<String>, Option<String>, Option<String>, bool);

async fn users(
    p: &Provider,
    c: &mut Connected,
    (tenant, group, extra, nested): UsersOf,
    tx: &UnboundedSender<Action>,
    job: JobId,
) -> JobEvent {
    let source =
        match directory::source(p, &mut c.session, tenant.as_deref(), group.as_deref()).await {
            Ok(s) => s,
            Err(e) => return failed(c, e),
        };
    let source = if nested {
        let depth = crate::ldap::read::nested::DEFAULT_DEPTH;
        match crate::ldap::read::nested::effective_source(p, &mut c.session, source, depth).await {
            Ok(s) => s,
            Err(crate::ldap::read::nested::SourceError::Ldap(e)) => {
                return JobEvent::Failed(classify_ldap(&e, Phase::Search, &c.ctx).to_string());
            }
            Err(e) => return JobEvent::Failed(e.to_string()),
        }
    } else {
        source
    };
    let extra = match extra
        .as_deref()
        .map(crate::syntax::filter::parse_filter)
        .transpose()
    {
        Ok(f) => f,
        Err(e) => return JobEvent::Failed(format!("filter: {e}")),
    };
    let filter = match p.listing_filter(extra.as_ref()) {
        Ok(f) => f,
        Err(m) => return JobEvent::Failed(m),
    };
    let cap = p
        .browse_cap
        .unwrap_or(crate::config::provider::DEFAULT_BROWSE_CAP) as usize;
    let cols = record::columns(p, &[]);
    let mut names: Vec<String> = cols.iter().map(|c| c.name.clone()).collect();
    // Right after the id: the first thing looked at mid-incident, never cut off.
    names.insert(0, STATE.into());
    let scheme = Scheme::of(p);
    let ages = Ages::read_within(&mut c.session, p).await;
    let attrs = with_state_attrs(record::attributes(p, &cols), &scheme);
    let login = record::login_attr(p).to_string();
    let root = directory::flat_base(p);
    let listing = Listing {
        filter: &filter,
        attrs: &attrs,
        page_size: p.page_size.map_or(0, |n| n as i32),
        limit: Some(cap),
        login_attr: &login,
        root: &root,
        // Esc stops a long load; every page is still bounded by the provider's timeout.
        deadline: Duration::from_secs(3600),
    };
    let mut batch: Vec<Row> = Vec::with_capacity(FIRST_BATCH);
    let mut sent = 0usize;
    let mut on_entry = |e: SearchEntry| {
        batch.push(make_row(&e, &login, &cols, (&scheme, &ages)));
        if batch.len() >= if sent == 0 { FIRST_BATCH } else { BATCH } {
            sent += batch.len();
            let rows = std::mem::take(&mut batch);
            let _ = tx.send(Action::Job(job, JobEvent::Rows(names.clone(), rows)));
        }
        true
    };
    let result = directory::stream_users(&mut c.session, &source, &listing, &mut on_entry).await;
    let _ = tx.send(Action::Job(job, JobEvent::Rows(names.clone(), batch)));
    match result {
        Ok(n) if n >= cap => virtual_or_capped(p, c, &source, &filter.to_string(), cap).await,
        Ok(_) => JobEvent::RowsDone,
        Err(e) => {
            let d = classify_ldap(&e, Phase::Search, &c.ctx);
            JobEvent::Failed(d.to_string())
        }
    }
}

/// Past the cap: a virtual list when the server sorts and windows (and the selection is a
/// subtree, not a member list), else "stopped at the cap".
async fn virtual_or_capped(
    p: &Provider,
    c: &mut Connected,
    source: &directory::Source,
    filter: &str,
    cap: usize,
) -> JobEvent {
    let directory::Source::Under { base, one_level } = source else {
        return JobEvent::RowsCapped(cap);
    };
    let supported = match crate::ldap::read::search::base_entry(
        &mut c.session,
        "",
        &["supportedControl"],
    )
    .await
    {
        Ok(e) => {
            let r = crate::ldap::doctor::rootdse::RootDse::from_entry(&e);
            r.has_control(crate::ldap::doctor::rootdse::CTRL_SORT)
                && r.has_control(crate::ldap::doctor::rootdse::CTRL_VLV)
        }
        Err(_) => false,
    };
    if !supported {
        return JobEvent::RowsCapped(cap);
    }
    let (_, after) = crate::app::browser::Browser::WINDOW;
    window(p, c, base, *one_level, filter, 1, 0, after).await
}

/// The column that says whether an account is disabled, by the provider's scheme.
const STATE: &str = "state";

fn make_row(
    e: &SearchEntry,
    login: &str,
    cols: &[record::Column],
    (scheme, ages): (&Scheme, &Ages),
) -> Row {
    let rec = record::record(e, login, cols);
    let mut cells: Vec<String> = rec.fields.iter().map(|v| v.join(", ")).collect();
    // Only the state attributes: this runs for every row of a 100,000-user list.
    let state = AccountState::of(scheme, ages, |a| record::values(e, a));
    cells.insert(0, state.words());
    let id = rec.id.unwrap_or_default();
    let hay = format!("{id} {}", cells.join(" ")).to_lowercase();
    Row {
        id,
        dn: rec.dn,
        cells,
        hay,
    }
}

/// One window of the list sorted by login on the server.
#[allow(clippy::too_many_arguments)]
async fn window(
    p: &Provider,
    c: &mut Connected,
    base: &str,
    one_level: bool,
    filter: &str,
    offset: usize,
    before: usize,
    after: usize,
) -> JobEvent {
    let cols = record::columns(p, &[]);
    let scheme = Scheme::of(p);
    let attrs = with_state_attrs(record::attributes(p, &cols), &scheme);
    let login = record::login_attr(p).to_string();
    let scope = if one_level {
        Scope::OneLevel
    } else {
        Scope::Subtree
    };
    let res = crate::ldap::read::vlv::window(
        &mut c.session,
        base,
        scope,
        filter,
        &attrs,
        &login,
        crate::ldap::read::vlv::ordering_for(p.server_type),
        offset as u64,
        before as u64,
        after as u64,
    )
    .await;
    match res {
        Ok((entries, Some(resp))) if resp.result == 0 => {
            // Every scroll of a virtual list loads a window: the policies are read only when
            // this window has a password age to judge.
            let ages = if entries
                .iter()
                .any(|e| Ages::needed(|a| record::values(e, a)))
            {
                Ages::read_within(&mut c.session, p).await
            } else {
                Ages::default()
            };
            let target = resp.target.max(1) as usize;
            let start = target - 1 - before.min(target - 1);
            let rows = entries
                .iter()
                .map(|e| make_row(e, &login, &cols, (&scheme, &ages)))
                .collect();
            JobEvent::Window(start, rows, resp.count as usize)
        }
        Ok((_, Some(resp))) => JobEvent::Failed(format!(
            "the server refused the window: {} (rc={})",
            crate::ldap::failure::classify::rc_name(resp.result as u32),
            resp.result
        )),
        Ok((_, None)) => JobEvent::Failed("the server sent no VLV response".into()),
        Err(e) => {
            let d = classify_ldap(&e, Phase::Search, &c.ctx);
            JobEvent::Failed(d.to_string())
        }
    }
}

/// Binary values as their size and the first bytes in hex: never dumped raw.
fn binary(v: &[u8]) -> String {
    let hex: Vec<String> = v.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "<{} bytes> {}{}",
        v.len(),
        hex.join(" "),
        if v.len() > 16 { " …" } else { "" }
    )
}

async fn entry(p: &Provider, c: &mut Connected, dn: &str, operational: bool) -> JobEvent {
    // Mapped and state attributes by name too: on 389, nsAccountLock (status) and
    // passwordExpirationTime are operational, and `*` alone hides a disabled user's status.
    let mut attrs = vec!["*".to_string()];
    if operational {
        attrs.push("+".into());
    }
    attrs.extend(record::attributes(p, &record::columns(p, &[])));
    let attrs = with_state_attrs(attrs, &Scheme::of(p));
    let attrs: Vec<&str> = attrs.iter().map(String::as_str).collect();
    let res = crate::ldap::read::search::read(
        &mut c.session,
        dn,
        Scope::Base,
        "(objectClass=*)",
        &attrs,
        1,
    )
    .await
    .and_then(|r| r.success());
    let e = match res {
        Ok(entries) => match entries.into_iter().next() {
            Some(e) => e,
            None => return JobEvent::Failed(format!("{dn} is gone")),
        },
        Err(e) => {
            let d = classify_ldap(&e, Phase::Search, &c.ctx);
            return JobEvent::Failed(d.to_string());
        }
    };
    let mut all: Vec<(String, Vec<String>)> = e
        .attrs
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    all.extend(
        e.bin_attrs
            .iter()
            .map(|(k, v)| (k.clone(), v.iter().map(|b| binary(b)).collect())),
    );
    // A password hash never reaches the screen, mapped field or not: how many there are is
    // enough.
    for (name, values) in &mut all {
        if crate::ldap::write::change::is_secret(name) {
            *values = vec![format!("({} value(s) hidden)", values.len())];
        }
    }
    let mut shown = Vec::new();
    let mut mapped_attrs = Vec::new();
    let fields = KNOWN_ATTRIBUTE_FIELDS.iter().map(|s| s.to_string()).chain(
        p.attributes
            .keys()
            .filter(|k| !KNOWN_ATTRIBUTE_FIELDS.contains(&k.as_str()))
            .cloned(),
    );
    for f in fields {
        if let Some(attr) = p.attribute(&f)
            && let Some((name, values)) = all.iter().find(|(k, _)| k.eq_ignore_ascii_case(attr))
            && !mapped_attrs.contains(&name.to_lowercase())
        {
            mapped_attrs.push(name.to_lowercase());
            shown.push(Attr {
                name: format!("{f} ({name})"),
                values: values.clone(),
                mapped: true,
            });
        }
    }
    // A user's groups, direct and through other groups, with the path of each.
    let login_attr = record::login_attr(p);
    if let Some(login) = all
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(login_attr))
        .and_then(|(_, v)| v.first().cloned())
    {
        let depth = crate::ldap::read::nested::DEFAULT_DEPTH;
        if let Ok(eff) =
            crate::ldap::read::nested::effective(p, &mut c.session, &e.dn, &login, depth).await
            && !eff.groups.is_empty()
        {
            let values = eff
                .groups
                .iter()
                .map(|m| {
                    let how = if m.direct {
                        "direct".to_string()
                    } else {
                        m.via()
                    };
                    format!("{} ({how})", directory::rdn_value(&m.group))
                })
                .collect();
            shown.push(Attr {
                name: "groups (effective)".into(),
                values,
                mapped: true,
            });
        }
    }
    let present: Vec<String> = all.iter().map(|(k, _)| k.clone()).collect();
    let classes = record::values(&e, "objectClass");
    let mut rest: Vec<(String, Vec<String>)> = all
        .into_iter()
        .filter(|(k, _)| !mapped_attrs.contains(&k.to_lowercase()))
        .collect();
    rest.sort_by_key(|(k, _)| k.to_lowercase());
    shown.extend(rest.into_iter().map(|(name, values)| Attr {
        name,
        values,
        mapped: false,
    }));
    // What the entry's classes still allow (Loom's add-attribute list): the schema is read
    // within the provider's timeout, and left out when it cannot be.
    if let Ok(schema) = crate::ldap::read::schema::read(&mut c.session).await {
        let left = crate::ldap::read::schema_view::may_still_have(&schema, &classes, &present);
        if !left.is_empty() {
            shown.push(Attr {
                name: "(may still have)".into(),
                values: left,
                mapped: false,
            });
        }
    }
    JobEvent::Entry(Box::new(Entry {
        dn: e.dn,
        attrs: shown,
    }))
}
