//! Connecting to a provider as an application would: URLs in order (failover), every
//! failure named, and the ambiguous ones settled by probing the port.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::config::Provider;
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::failure::classify::{
    Context, Phase, classify_io, classify_ldap, plain_on_tls_port,
};
use crate::ldap::net::probe;
use crate::ldap::net::session::{Session, open};
use crate::ldap::net::tls::{TlsSetup, Trust, describe};
use crate::syntax::url::{LdapUrl, parse_url};

/// An open session and what it took to get it.
pub struct Connected {
    /// The session, not yet bound.
    pub session: Session,
    /// The URL that answered.
    pub url: LdapUrl,
    /// The address it answered on.
    pub addr: SocketAddr,
    /// Facts for classifying later failures on this connection.
    pub ctx: Context,
    /// URLs tried before it, with why they failed.
    pub failed_before: Vec<(String, Diagnosis)>,
}

/// Connects and binds as the provider's service account (anonymous without a bind DN).
/// Returns the bound connection and the password source in words.
pub async fn open_bound(
    p: &Provider,
    setup: &TlsSetup,
    service: crate::ldap::doctor::Password,
) -> Result<(Connected, String), Diagnosis> {
    use crate::ldap::doctor::Password;
    use crate::ldap::failure::classify::classify_rc;
    let (dn, pw, source) = match service {
        Password::Anonymous => (String::new(), String::new(), "no password".to_string()),
        Password::Given(s, src) => (
            p.bind_dn.clone().unwrap_or_default(),
            s.expose().to_string(),
            src,
        ),
        Password::Unavailable(d) => return Err(d),
    };
    let mut c = connect(p, setup, &source).await?;
    if dn.is_empty() {
        return Ok((c, source));
    }
    c.ctx.secret = Some(crate::config::Secret::new(pw.clone()));
    let d = match c.session.bind(&dn, &pw).await {
        Ok(r) if r.rc == 0 => return Ok((c, source)),
        Ok(r) => classify_rc(r.rc, &r.text, &r.matched, Phase::Bind, &c.ctx),
        Err(e) => classify_ldap(&e, Phase::Bind, &c.ctx),
    };
    c.session.close().await;
    Err(Diagnosis {
        detail: format!("the service account could not bind: {}", d.detail),
        ..d
    })
}

/// Facts about `url` for classification, before anything is known about the server.
pub fn context(p: &Provider, url: &LdapUrl, trust: &Trust, password_source: &str) -> Context {
    Context {
        host: url.host.clone(),
        port: url.port,
        ldaps: url.tls,
        starttls: p.starttls && !url.tls,
        trust: trust.clone(),
        chain: Vec::new(),
        timeout_secs: p.timeout_secs,
        bind_dn: p.bind_dn.clone(),
        password_source: password_source.to_string(),
        secret: None,
        faults: Default::default(),
    }
}

/// Tries each URL in order and returns the first session that opens.
pub async fn connect(
    p: &Provider,
    setup: &TlsSetup,
    password_source: &str,
) -> Result<Connected, Diagnosis> {
    let mut failed = Vec::new();
    for raw in &p.urls {
        let url = match parse_url(raw) {
            Ok(u) => u,
            Err(m) => {
                failed.push((
                    raw.clone(),
                    Diagnosis::new(Cause::ConfigInvalid, m, "fix urls in the provider"),
                ));
                continue;
            }
        };
        let mut ctx = context(p, &url, &setup.trust, password_source);
        let more = failed.len() + 1 < p.urls.len();
        match open_one(&url, p.starttls, setup, &mut ctx, p.max_message_bytes()).await {
            Ok((mut session, addr)) => {
                // A server that accepts and never answers is only found by asking something;
                // ask when there is another URL to fail over to (TLS already had an answer).
                if more
                    && !session.tls
                    && let Err(e) = crate::ldap::read::search::alive(&mut session).await
                {
                    let d = classify_ldap(&e, Phase::Bind, &ctx);
                    session.close().await;
                    failed.push((raw.clone(), d));
                    continue;
                }
                return Ok(Connected {
                    session,
                    url,
                    addr,
                    ctx,
                    failed_before: failed,
                });
            }
            Err(d) => failed.push((raw.clone(), d)),
        }
    }
    let mut first = failed.first().map(|(_, d)| d.clone()).unwrap_or_else(|| {
        Diagnosis::new(
            Cause::ConfigInvalid,
            "the provider has no URL",
            "add one to urls",
        )
    });
    if failed.len() > 1 {
        let others: Vec<String> = failed[1..]
            .iter()
            .map(|(u, d)| format!("{u}: {}", d.cause))
            .collect();
        first.detail = format!(
            "{} (failover URLs failed too: {})",
            first.detail,
            others.join("; ")
        );
    }
    Err(first)
}

async fn open_one(
    url: &LdapUrl,
    starttls: bool,
    setup: &TlsSetup,
    ctx: &mut Context,
    max: usize,
) -> Result<(Session, SocketAddr), Diagnosis> {
    let started = Instant::now();
    let t = Duration::from_secs(ctx.timeout_secs);
    let addrs = probe::resolve(&url.host, url.port, t)
        .await
        .map_err(|e| classify_io(&e, Phase::Dns, ctx))?;
    let (tcp, addr) = probe::connect(&addrs, t)
        .await
        .map_err(|e| classify_io(&e, Phase::Tcp, ctx))?;
    match open(url, starttls, tcp, setup, t, max).await {
        Ok(s) => {
            ctx.faults = s.faults.clone();
            ctx.chain = recorded_chain(setup);
            Ok((s, addr))
        }
        Err(e) => {
            ctx.chain = recorded_chain(setup);
            let phase = if ctx.starttls {
                Phase::StartTls
            } else if url.tls {
                Phase::Tls
            } else {
                Phase::Bind
            };
            let d = classify_ldap(&e, phase, ctx);
            Err(refine(d, addr, ctx, started).await)
        }
    }
}

/// The chain the last handshake with `setup` presented.
pub fn recorded_chain(setup: &TlsSetup) -> Vec<crate::ldap::net::tls::CertInfo> {
    setup
        .recorder
        .chain()
        .iter()
        .filter_map(|c| describe(c))
        .collect()
}

/// What is left of a step's `timeout_secs` since `started`, at least `PROBE_MARGIN`: a step
/// ends within its timeout plus that margin, however many exchanges it needs.
pub fn left(started: Instant, timeout_secs: u64) -> Duration {
    Duration::from_secs(timeout_secs)
        .saturating_sub(started.elapsed())
        .max(PROBE_MARGIN)
}

/// The least time a probe or second exchange is given after the first used up the timeout
/// (a live server answers a TLS hello or a bind in milliseconds).
pub const PROBE_MARGIN: Duration = Duration::from_millis(500);

/// Settles ambiguous failures by probing the port: a closed or silent connection on a plain
/// or StartTLS attempt is an LDAPS port if the port completes a TLS handshake; a handshake
/// cut short is a plain LDAP port only if the port answers plain LDAP, and another service
/// is named by its first bytes. The probe gets what is left of the step that began at
/// `started` (see `left`).
pub async fn refine(d: Diagnosis, addr: SocketAddr, ctx: &Context, started: Instant) -> Diagnosis {
    let t = left(started, ctx.timeout_secs).min(Duration::from_secs(5));
    match d.cause {
        Cause::TlsOnPlainPort => {
            let answer = probe::plain_answer(addr, t).await;
            if answer == probe::PlainAnswer::Ldap {
                Diagnosis {
                    detail: format!("{} (it answered a plain LDAP bind)", d.detail),
                    ..d
                }
            } else if let probe::PlainAnswer::Other(service) = answer {
                crate::ldap::failure::classify::protocol_fault(
                    &crate::ldap::net::guard::Fault::NotLdap(service),
                    Phase::Tls,
                    ctx,
                )
            } else {
                Diagnosis::new(
                    Cause::TlsHandshake,
                    format!(
                        "{}:{} closed the connection during the TLS handshake",
                        ctx.host, ctx.port
                    ),
                    "check what listens on that port and the server's TLS log",
                )
            }
        }
        Cause::ConnectionLost | Cause::Timeout if !ctx.ldaps => {
            if probe::speaks_tls(addr, &ctx.host, t).await {
                plain_on_tls_port(ctx)
            } else {
                d
            }
        }
        _ => d,
    }
}
