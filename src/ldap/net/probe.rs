//! The doctor's own network steps, each bounded by a timeout: DNS, TCP, StartTLS and the TLS
//! handshake done by hand, so every phase fails with its own error and the handshake can
//! report version, cipher suite and chain (ldap3 exposes none of them).

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use rustls::pki_types::ServerName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::ldap::net::tls::{CertInfo, TlsSetup, describe};
use crate::syntax::ber::{frame_len, ldap_result};

/// An I/O error of kind `TimedOut`, so timeouts classify like any other I/O failure.
pub fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, format!("{what} timed out"))
}

async fn bounded<T>(
    limit: Duration,
    what: &str,
    fut: impl Future<Output = io::Result<T>>,
) -> io::Result<T> {
    tokio::time::timeout(limit, fut)
        .await
        .unwrap_or_else(|_| Err(timed_out(what)))
}

/// Resolves a host to every address it has (an IP literal resolves to itself).
pub async fn resolve(host: &str, port: u16, limit: Duration) -> io::Result<Vec<SocketAddr>> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let addrs: Vec<SocketAddr> = bounded(limit, "DNS lookup", async {
        Ok(tokio::net::lookup_host((host, port)).await?.collect())
    })
    .await?;
    if addrs.is_empty() {
        return Err(io::Error::new(io::ErrorKind::NotFound, "no address"));
    }
    Ok(addrs)
}

/// Connects to the first address that accepts; the error is the last address's.
pub async fn connect(addrs: &[SocketAddr], limit: Duration) -> io::Result<(TcpStream, SocketAddr)> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address to connect to");
    for addr in addrs {
        match bounded(limit, "TCP connect", TcpStream::connect(addr)).await {
            Ok(s) => {
                // Without it the first request after a TLS handshake waits ~40 ms (Nagle).
                s.set_nodelay(true)?;
                return Ok((s, *addr));
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

const STARTTLS_OID: &[u8] = b"1.3.6.1.4.1.1466.20037";

/// Sends the StartTLS extended request on a fresh connection; returns (result code, text).
pub async fn starttls(stream: &mut TcpStream, limit: Duration) -> io::Result<(u64, String)> {
    use crate::syntax::ber::tlv;
    let req = tlv(0x77, &tlv(0x80, STARTTLS_OID));
    let msg = tlv(0x30, &[tlv(0x02, &[1]), req].concat());
    bounded(limit, "StartTLS", async {
        stream.write_all(&msg).await?;
        let reply = read_message(stream).await?;
        ldap_result(&reply).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                "the StartTLS reply is not an LDAP result",
            )
        })
    })
    .await
}

/// Reads one complete LDAP message (at most 1 MiB).
async fn read_message(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    read_rest(stream, Vec::with_capacity(256)).await
}

/// Reads until `buf` (what was already read) holds one complete LDAP message, at most 1 MiB.
async fn read_rest(stream: &mut TcpStream, mut buf: Vec<u8>) -> io::Result<Vec<u8>> {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(n) = frame_len(&buf)
            && buf.len() >= n
        {
            buf.truncate(n);
            return Ok(buf);
        }
        if buf.len() > 1 << 20 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "reply too large",
            ));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// What a successful handshake negotiated.
#[derive(Debug, Clone)]
pub struct TlsInfo {
    /// `TLSv1_3`, `TLSv1_2`.
    pub version: String,
    /// Cipher suite name.
    pub cipher: String,
    /// The presented chain, leaf first.
    pub chain: Vec<CertInfo>,
}

/// Runs a TLS handshake over `stream` with the provider's configuration.
pub async fn handshake(
    stream: TcpStream,
    host: &str,
    setup: &TlsSetup,
    limit: Duration,
) -> io::Result<TlsInfo> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("bad server name {host}: {e}"),
        )
    })?;
    let connector = tokio_rustls::TlsConnector::from(setup.config.clone());
    let tls = bounded(limit, "TLS handshake", connector.connect(name, stream)).await?;
    let (_, conn) = tls.get_ref();
    let info = TlsInfo {
        version: conn
            .protocol_version()
            .map_or("unknown".into(), |v| format!("{v:?}")),
        cipher: conn
            .negotiated_cipher_suite()
            .map_or("unknown".into(), |c| format!("{:?}", c.suite())),
        chain: conn
            .peer_certificates()
            .unwrap_or_default()
            .iter()
            .filter_map(|c| describe(c))
            .collect(),
    };
    Ok(info)
}

/// What a port answers to a plain LDAP anonymous bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainAnswer {
    /// An LDAP message.
    Ldap,
    /// Another service, named by its first bytes (HTTP, SSH, ...).
    Other(&'static str),
    /// Nothing usable (silence, a close, unknown bytes).
    Nothing,
}

/// Sends a plain LDAP anonymous bind and tells what answered.
pub async fn plain_answer(addr: SocketAddr, limit: Duration) -> PlainAnswer {
    let bind = [
        0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00, 0x80, 0x00,
    ];
    let probe = async {
        let mut s = TcpStream::connect(addr).await?;
        s.write_all(&bind).await?;
        let mut first = [0u8; 64];
        let n = s.read(&mut first).await?;
        if let Some(service) = crate::ldap::net::wire::sniff(&first[..n]) {
            return Ok(PlainAnswer::Other(service));
        }
        // An LDAP reply may arrive in pieces: read the rest of the message.
        let buf = read_rest(&mut s, first[..n].to_vec()).await?;
        Ok::<_, io::Error>(if ldap_result(&buf).is_some() {
            PlainAnswer::Ldap
        } else {
            PlainAnswer::Nothing
        })
    };
    match tokio::time::timeout(limit, probe).await {
        Ok(Ok(a)) => a,
        _ => PlainAnswer::Nothing,
    }
}

/// True when the port completes a TLS handshake (whatever its certificate).
pub async fn speaks_tls(addr: SocketAddr, host: &str, limit: Duration) -> bool {
    let Ok(setup) = crate::ldap::net::tls::setup(None, false) else {
        return false;
    };
    let probe = async {
        let s = TcpStream::connect(addr).await?;
        handshake(s, host, &setup, limit).await
    };
    matches!(tokio::time::timeout(limit, probe).await, Ok(Ok(_)))
}
