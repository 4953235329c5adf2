//! Steps 2-4: DNS, TCP (with failover across URLs) and TLS or StartTLS.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::TcpStream;

use super::{Emit, Password, Reached, Status, Step};
use crate::config::Provider;
use crate::ldap::failure::cause::Diagnosis;
use crate::ldap::failure::classify::{Phase, classify_io, classify_rc};
use crate::ldap::net::connect::{context, recorded_chain, refine};
use crate::ldap::net::probe::{self, TlsInfo};
use crate::ldap::net::tls::{TlsSetup, Trust};
use crate::syntax::url::{LdapUrl, parse_url};

pub(super) async fn run(
    p: &Provider,
    setup: &TlsSetup,
    password: &Password,
    emit: &mut Emit<'_>,
) -> Option<Reached> {
    let limit = Duration::from_secs(p.timeout_secs);
    let source = match password {
        Password::Given(_, s) => s.clone(),
        _ => "no password".to_string(),
    };
    let urls: Vec<LdapUrl> = p.urls.iter().filter_map(|u| parse_url(u).ok()).collect();

    // 2. DNS
    let t = Instant::now();
    let mut resolved: Vec<(LdapUrl, Vec<SocketAddr>)> = Vec::new();
    let mut lines = Vec::new();
    let mut first_error: Option<Diagnosis> = None;
    for u in &urls {
        match probe::resolve(&u.host, u.port, limit).await {
            Ok(addrs) => {
                let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
                lines.push(format!("{u}: {} → {}", u.host, list.join(", ")));
                resolved.push((u.clone(), addrs));
            }
            Err(e) => {
                let d = classify_io(&e, Phase::Dns, &context(p, u, &setup.trust, &source));
                lines.push(format!("{u}: {}", d.detail));
                first_error.get_or_insert(d);
            }
        }
    }
    let step = match (&first_error, resolved.is_empty()) {
        (Some(d), true) => Step::failed("dns", d.clone()),
        (Some(d), false) => Step::warning(
            "dns",
            format!("{} of {} URLs resolve", resolved.len(), urls.len()),
            format!("{}; the failover URLs still work", d.hint),
        ),
        (None, _) => Step::new("dns", Status::Ok, resolved_summary(&resolved)),
    };
    let failed = step.status == Status::Failed;
    emit(per_url(step, lines, urls.len()), t);
    if failed {
        return None;
    }

    // 3. TCP, URLs in order.
    let t = Instant::now();
    let mut lines = Vec::new();
    let mut chosen: Option<(LdapUrl, TcpStream, SocketAddr)> = None;
    let mut first_error: Option<Diagnosis> = None;
    for (u, addrs) in &resolved {
        match probe::connect(addrs, limit).await {
            Ok((stream, addr)) => {
                lines.push(format!("{u}: connected to {addr}"));
                chosen = Some((u.clone(), stream, addr));
                break;
            }
            Err(e) => {
                let d = classify_io(&e, Phase::Tcp, &context(p, u, &setup.trust, &source));
                lines.push(format!("{u}: {}", d.detail));
                first_error.get_or_insert(d);
            }
        }
    }
    let Some((url, stream, addr)) = chosen else {
        let d = first_error.unwrap_or_else(|| {
            Diagnosis::new(
                crate::ldap::failure::cause::Cause::ConfigInvalid,
                "no URL to connect to",
                "add a URL to the provider",
            )
        });
        emit(per_url(Step::failed("tcp", d), lines, urls.len()), t);
        return None;
    };
    // An earlier URL failing (here or in DNS) means we are on a failover URL.
    let step = match (first_error, urls.first() == Some(&url)) {
        (Some(d), _) => Step::warning(
            "tcp",
            format!("failed over to {url}: an earlier URL does not answer"),
            format!("{} ({})", d.hint, d.cause),
        ),
        (None, false) => Step::warning(
            "tcp",
            format!("failed over to {url}"),
            "the first URL does not resolve; fix or remove it",
        ),
        (None, true) => Step::new("tcp", Status::Ok, format!("connected to {addr}")),
    };
    emit(per_url(step, lines, urls.len()), t);

    // 4. TLS
    let t = Instant::now();
    let mut ctx = context(p, &url, &setup.trust, &source);
    let outcome: Result<Option<TlsInfo>, Diagnosis> = if url.tls {
        match probe::handshake(stream, &url.host, setup, limit).await {
            Ok(info) => Ok(Some(info)),
            Err(e) => {
                ctx.chain = recorded_chain(setup);
                Err(refine(classify_io(&e, Phase::Tls, &ctx), addr, &ctx, t).await)
            }
        }
    } else if p.starttls {
        let mut stream = stream;
        match probe::starttls(&mut stream, limit).await {
            Ok((0, _)) => match probe::handshake(
                stream,
                &url.host,
                setup,
                crate::ldap::net::connect::left(t, p.timeout_secs),
            )
            .await
            {
                Ok(info) => Ok(Some(info)),
                Err(e) => {
                    ctx.chain = recorded_chain(setup);
                    Err(refine(classify_io(&e, Phase::Tls, &ctx), addr, &ctx, t).await)
                }
            },
            Ok((rc, text)) => Err(classify_rc(rc as u32, &text, "", Phase::StartTls, &ctx)),
            Err(e) => Err(refine(classify_io(&e, Phase::StartTls, &ctx), addr, &ctx, t).await),
        }
    } else {
        drop(stream);
        Ok(None)
    };
    let mut tls = super::TlsUse::default();
    let step = match outcome {
        Err(d) => {
            let lines = chain_lines(&ctx.chain);
            emit(Step::failed("tls", d).with_lines(lines), t);
            return None;
        }
        Ok(None) => match password {
            Password::Given(..) => Step::warning(
                "tls",
                "no TLS: the bind password crosses the network in clear text",
                "use an ldaps:// URL or set starttls = true",
            ),
            _ => Step::new(
                "tls",
                Status::Skipped,
                "plain ldap:// without TLS; the anonymous bind sends no secret",
            ),
        },
        Ok(Some(info)) => {
            ctx.chain = info.chain.clone();
            tls = super::TlsUse {
                used: true,
                verified: !matches!(setup.trust, Trust::NotVerified),
                version: Some(info.version.clone()),
            };
            tls_step(&info, &setup.trust, p.starttls && !url.tls)
        }
    };
    emit(step, t);
    Some(Reached {
        url,
        addr,
        ctx,
        tls,
    })
}

/// Per-URL lines only say more than the detail when there are several URLs.
fn per_url(step: Step, lines: Vec<String>, urls: usize) -> Step {
    if urls > 1 {
        step.with_lines(lines)
    } else {
        step
    }
}

fn resolved_summary(resolved: &[(LdapUrl, Vec<SocketAddr>)]) -> String {
    match resolved {
        [(u, addrs)] if u.host.parse::<std::net::IpAddr>().is_ok() => {
            format!(
                "{} is an address; nothing to resolve",
                addrs.first().map_or(String::new(), |a| a.ip().to_string())
            )
        }
        [(u, addrs)] => format!(
            "{} resolves to {}",
            u.host,
            addrs
                .iter()
                .map(|a| a.ip().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        many => format!("all {} URLs resolve", many.len()),
    }
}

fn tls_step(info: &TlsInfo, trust: &Trust, starttls: bool) -> Step {
    let how = if starttls { "StartTLS, " } else { "" };
    let detail = format!(
        "{how}{} {}, certificate {}",
        info.version,
        info.cipher,
        trust.describe()
    );
    let lines = chain_lines(&info.chain);
    let leaf_days = info.chain.first().map(|c| c.days_left);
    let step = match (trust, leaf_days) {
        (Trust::NotVerified, _) => Step {
            cause: None,
            ..Step::warning(
                "tls",
                format!("{detail}: anyone on the network path can impersonate this server"),
                "set tls_verify = true and point ca_file at the CA that signs the server certificate",
            )
        },
        (_, Some(d)) if d < 30 => Step::warning(
            "tls",
            format!("{detail}; the server certificate expires in {d} days"),
            "renew the server certificate before it expires",
        ),
        _ => Step::new("tls", Status::Ok, detail),
    };
    step.with_lines(lines)
}

fn chain_lines(chain: &[crate::ldap::net::tls::CertInfo]) -> Vec<String> {
    let mut lines = Vec::new();
    for (i, c) in chain.iter().enumerate() {
        let role = if i == 0 { "server" } else { "issuer" };
        lines.push(format!("{role}: {}", c.subject));
        lines.push(format!("  issued by {}", c.issuer));
        lines.push(format!(
            "  valid {} to {} ({})",
            c.not_before,
            c.not_after,
            if c.days_left < 0 {
                format!("expired {} days ago", -c.days_left)
            } else {
                format!("{} days left", c.days_left)
            }
        ));
        if !c.sans.is_empty() {
            lines.push(format!("  names: {}", c.sans.join(", ")));
        }
    }
    lines
}
