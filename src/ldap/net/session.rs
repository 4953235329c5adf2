//! An ldap3 connection behind ldapdeck's guard: TLS and StartTLS are done here (tokio-rustls),
//! ldap3 speaks plain LDAP over a socket pair to `guard`, which checks every server message
//! before ldap3 can panic on it. Per-operation timeouts, and the guard's or the connection
//! driver's own error when the connection dies.

use std::io;
use std::time::Duration;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, LdapResult, StdStream};
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use crate::ldap::net::guard::{self, Fault, Faults};
use crate::ldap::net::tls::TlsSetup;
use crate::syntax::url::LdapUrl;

/// An open LDAP connection.
pub struct Session {
    /// The ldap3 handle.
    pub ldap: Ldap,
    driver: JoinHandle<ldap3::result::Result<()>>,
    pump: JoinHandle<()>,
    /// Why the guard closed the connection, once it has.
    pub faults: Faults,
    /// Per-operation timeout.
    pub timeout: Duration,
    /// TLS protects the connection (ldaps:// or StartTLS).
    pub tls: bool,
}

/// Opens an LDAP connection over `tcp`: TLS for ldaps://, StartTLS when asked, plain otherwise.
/// `max` caps one message from the server.
pub async fn open(
    url: &LdapUrl,
    starttls: bool,
    mut tcp: TcpStream,
    setup: &TlsSetup,
    timeout: Duration,
    max: usize,
) -> Result<Session, LdapError> {
    let io = |source: io::Error| LdapError::Io { source };
    // StartTLS and the handshake share one timeout: together they end within it.
    let deadline = tokio::time::Instant::now() + timeout;
    let (theirs, faults, pump, tls) = if url.tls || starttls {
        if starttls && !url.tls {
            let (rc, text) = crate::ldap::net::probe::starttls(&mut tcp, timeout)
                .await
                .map_err(io)?;
            if rc != 0 {
                return Err(LdapError::LdapResult {
                    result: LdapResult {
                        rc: rc.min(u64::from(u32::MAX)) as u32,
                        matched: String::new(),
                        text,
                        refs: Vec::new(),
                        ctrls: Vec::new(),
                    },
                });
            }
        }
        let name = ServerName::try_from(url.host.clone()).map_err(|e| {
            io(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("bad server name {}: {e}", url.host),
            ))
        })?;
        let connector = tokio_rustls::TlsConnector::from(setup.config.clone());
        let stream = tokio::time::timeout_at(deadline, connector.connect(name, tcp))
            .await
            .map_err(|_| io(crate::ldap::net::probe::timed_out("TLS handshake")))?
            .map_err(io)?;
        let (t, f, p) = guard::spawn(stream, max).map_err(io)?;
        (t, f, p, true)
    } else {
        let (t, f, p) = guard::spawn(tcp, max).map_err(io)?;
        (t, f, p, false)
    };
    let settings = LdapConnSettings::new()
        .set_conn_timeout(timeout)
        .set_std_stream(StdStream::Unix(theirs));
    let (conn, ldap) = LdapConnAsync::with_settings(settings, "ldapi://ldapdeck-guard").await?;
    let driver = tokio::spawn(async move { conn.drive().await });
    Ok(Session {
        ldap,
        driver,
        pump,
        faults,
        timeout,
        tls,
    })
}

/// The sentence for a guard fault.
pub fn fault_text(f: &Fault) -> String {
    match f {
        Fault::Malformed(why) => format!("the server sent data that is not valid LDAP: {why}"),
        Fault::TooLarge { size, max } => format!(
            "the server sent a message of {size} bytes, over the limit of {max} (max_message_mib)"
        ),
        Fault::Truncated(n) => format!(
            "the server closed the connection in the middle of a message ({n} bytes of it received)"
        ),
        Fault::NotLdap(service) => format!("it answers {service}, not LDAP"),
    }
}

impl Session {
    /// A simple bind; the result is returned whatever its code (controls are read from it).
    pub async fn bind(&mut self, dn: &str, password: &str) -> Result<LdapResult, LdapError> {
        let t = self.timeout;
        bounded(t, self.ldap.with_timeout(t).simple_bind(dn, password)).await
    }

    /// Why the connection died: the guard's verdict first, then the driver's error
    /// (the operation itself only says "channel closed").
    pub async fn driver_error(&mut self) -> Option<String> {
        if let Some(f) = self.faults.get() {
            return Some(fault_text(&f));
        }
        let waited = tokio::time::timeout(Duration::from_millis(200), &mut self.driver).await;
        if let Some(f) = self.faults.get() {
            return Some(fault_text(&f));
        }
        match waited {
            Ok(Ok(Err(e))) => Some(e.to_string()),
            Ok(Ok(Ok(()))) => Some("the server closed the connection".into()),
            Ok(Err(j)) if j.is_panic() => {
                Some("the server sent data ldapdeck cannot decode".into())
            }
            _ => None,
        }
    }

    /// Unbinds and closes, ignoring errors (some servers drop the connection first).
    pub async fn close(mut self) {
        let _ = tokio::time::timeout(Duration::from_millis(500), self.ldap.unbind()).await;
        self.driver.abort();
        self.pump.abort();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A session dropped on Esc or an error must not leave its connection open.
        self.driver.abort();
        self.pump.abort();
    }
}

/// Runs `op` within `limit` of wall time, whatever ldap3's per-message timeouts allow.
pub async fn bounded<T>(
    limit: Duration,
    op: impl Future<Output = Result<T, LdapError>>,
) -> Result<T, LdapError> {
    match tokio::time::timeout(limit, op).await {
        Ok(r) => r,
        Err(elapsed) => Err(LdapError::Timeout { elapsed }),
    }
}
