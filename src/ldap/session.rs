//! An ldap3 connection over a socket ldapdeck opened itself, with per-operation timeouts
//! and access to the connection driver's own error when the connection dies.

use std::time::Duration;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, LdapResult, StdStream};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

use super::tls::TlsSetup;
use super::url::LdapUrl;

/// An open LDAP connection.
pub struct Session {
    /// The ldap3 handle.
    pub ldap: Ldap,
    driver: JoinHandle<ldap3::result::Result<()>>,
    /// Per-operation timeout.
    pub timeout: Duration,
}

/// Opens an LDAP connection over `tcp`: TLS for ldaps://, StartTLS when asked, plain otherwise.
pub async fn open(
    url: &LdapUrl,
    starttls: bool,
    tcp: TcpStream,
    setup: &TlsSetup,
    timeout: Duration,
) -> Result<Session, LdapError> {
    let std = tcp.into_std().map_err(|source| LdapError::Io { source })?;
    let settings = LdapConnSettings::new()
        .set_conn_timeout(timeout)
        .set_config(setup.config.clone())
        .set_starttls(starttls && !url.tls)
        .set_std_stream(StdStream::Tcp(std));
    let (conn, ldap) = LdapConnAsync::with_settings(settings, &url.to_string()).await?;
    let driver = tokio::spawn(async move { conn.drive().await });
    Ok(Session {
        ldap,
        driver,
        timeout,
    })
}

impl Session {
    /// A simple bind; the result is returned whatever its code (controls are read from it).
    pub async fn bind(&mut self, dn: &str, password: &str) -> Result<LdapResult, LdapError> {
        self.ldap
            .with_timeout(self.timeout)
            .simple_bind(dn, password)
            .await
    }

    /// Why the connection died, from the driver (the operation only says "channel closed").
    pub async fn driver_error(&mut self) -> Option<String> {
        let waited = tokio::time::timeout(Duration::from_millis(200), &mut self.driver).await;
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
    }
}
