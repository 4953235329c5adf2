//! Failures below TLS: DNS, TCP, timeouts, a connection lost or closed, TLS spoken on a
//! plain port and the reverse.

use std::io;

use super::tls::classify_rustls;
use super::{Context, Phase};
use crate::ldap::failure::cause::{Cause, Diagnosis};

/// Classifies an I/O error (also TLS errors, which arrive wrapped in io::Error).
pub fn classify_io(e: &io::Error, phase: Phase, ctx: &Context) -> Diagnosis {
    if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
        return classify_rustls(tls, ctx);
    }
    let hp = ctx.hostport();
    match e.kind() {
        io::ErrorKind::ConnectionRefused => Diagnosis::new(
            Cause::ConnectionRefused,
            format!("{hp} refused the connection: nothing listens on that port"),
            format!(
                "is the LDAP server running on {}, and is {} its port? (usually 389 for ldap://, 636 for ldaps://)",
                ctx.host, ctx.port
            ),
        ),
        io::ErrorKind::TimedOut => timeout(phase, ctx),
        io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable => Diagnosis::new(
            Cause::Unreachable,
            format!("{hp} is unreachable: {e}"),
            "check the address and this machine's routes and firewall",
        ),
        io::ErrorKind::UnexpectedEof if phase == Phase::Tls => tls_on_plain_port(ctx),
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::UnexpectedEof
        | io::ErrorKind::BrokenPipe => connection_lost(phase, ctx, &e.to_string()),
        _ if phase == Phase::Dns => Diagnosis::new(
            Cause::DnsNotFound,
            format!("the host name {} does not resolve: {e}", ctx.host),
            "check the host name in urls for a typo, or this machine's DNS (/etc/resolv.conf, /etc/hosts)",
        ),
        _ => Diagnosis::new(
            Cause::ConnectionLost,
            format!("network error talking to {hp}: {e}"),
            "check the server's log and the network between here and the server",
        ),
    }
}

pub(super) fn timeout(phase: Phase, ctx: &Context) -> Diagnosis {
    let hp = ctx.hostport();
    let t = ctx.timeout_secs;
    match phase {
        Phase::Dns => Diagnosis::new(
            Cause::Timeout,
            format!("resolving {} took more than {t} s", ctx.host),
            "the DNS server does not answer: check /etc/resolv.conf or use the IP address",
        ),
        Phase::Tcp => Diagnosis::new(
            Cause::Timeout,
            format!("{hp} did not accept a connection within {t} s"),
            "a firewall drops the packets, or the host is down: check the port is open from this machine",
        ),
        Phase::Tls | Phase::StartTls => Diagnosis::new(
            Cause::Timeout,
            format!("{hp} accepted the connection but sent nothing for {t} s"),
            if ctx.starttls {
                "StartTLS got no answer: if this port is an LDAPS port, use ldaps:// without starttls; otherwise the server is hung"
            } else {
                "the server (or whatever listens there) is hung or is not an LDAP server"
            },
        ),
        Phase::Bind | Phase::Search | Phase::Write => Diagnosis::new(
            Cause::Timeout,
            format!("{hp} did not answer within timeout_secs = {t}"),
            "the server is overloaded or hung; if it is only slow, raise timeout_secs",
        ),
    }
}

pub(super) fn tls_on_plain_port(ctx: &Context) -> Diagnosis {
    Diagnosis::new(
        Cause::TlsOnPlainPort,
        format!(
            "{} closed the connection during the TLS handshake: it speaks plain LDAP, not LDAPS",
            ctx.hostport()
        ),
        format!(
            "use ldap://{} (add starttls = true to encrypt it), or the server's LDAPS port (usually 636)",
            ctx.hostport()
        ),
    )
}

/// The diagnosis for a port that closed on our first plain LDAP message but talks TLS.
pub fn plain_on_tls_port(ctx: &Context) -> Diagnosis {
    Diagnosis::new(
        Cause::PlainOnTlsPort,
        format!(
            "{} expects TLS from the first byte (an LDAPS port), but ldapdeck spoke plain LDAP{}",
            ctx.hostport(),
            if ctx.starttls {
                " to start StartTLS"
            } else {
                ""
            }
        ),
        format!(
            "use ldaps://{}{}",
            ctx.hostport(),
            if ctx.starttls {
                " and remove starttls"
            } else {
                ""
            }
        ),
    )
}

pub(super) fn connection_lost(phase: Phase, ctx: &Context, what: &str) -> Diagnosis {
    let during = match phase {
        Phase::Bind => "during the bind",
        Phase::Search => "in the middle of an operation",
        Phase::Tls => "during the TLS handshake",
        Phase::StartTls => "during StartTLS",
        _ => "",
    };
    Diagnosis::new(
        Cause::ConnectionLost,
        format!("{} went away {during}: {what}", ctx.hostport()),
        "check the server's log: it may have restarted, crashed, or hit a limit (idletimeout, connection limits)",
    )
}
