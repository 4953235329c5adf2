//! The pump between a server connection and ldap3. ldap3 talks to one end of a socket pair
//! (as `ldapi://`); this task copies requests to the server and hands ldap3 only server
//! messages that `wire::check` accepts, each at most the provider's message cap. On the
//! first message that is not LDAP, too large or cut short it records why and closes both
//! sides, so ldap3 sees a closed connection, never a shape it would panic on.

use std::io;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::task::JoinHandle;

use crate::ldap::net::wire::{Frame, Pending, Verdict, check, frame};

/// Why the guard closed a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The server sent bytes that are not a valid LDAP message.
    Malformed(String),
    /// A message announced more bytes than the cap.
    TooLarge {
        /// Bytes the message announced.
        size: usize,
        /// The cap.
        max: usize,
    },
    /// The server closed the connection in the middle of a message.
    Truncated(usize),
    /// Another service answers on the port (named by its first bytes).
    NotLdap(&'static str),
}

/// Shared slot for the guard's verdict on a connection.
#[derive(Debug, Clone, Default)]
pub struct Faults(Arc<Mutex<Option<Fault>>>);

impl Faults {
    /// The fault that closed the connection, if any.
    pub fn get(&self) -> Option<Fault> {
        self.0.lock().ok().and_then(|g| g.clone())
    }

    fn set(&self, f: Fault) {
        if let Ok(mut g) = self.0.lock() {
            g.get_or_insert(f);
        }
    }
}

const CHUNK: usize = 64 * 1024;

/// Starts the pump over `server`; returns ldap3's end of the pair, the fault slot and the task.
pub fn spawn<S>(
    server: S,
    max: usize,
) -> io::Result<(std::os::unix::net::UnixStream, Faults, JoinHandle<()>)>
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (ours, theirs) = tokio::net::UnixStream::pair()?;
    let theirs = theirs.into_std()?;
    let faults = Faults::default();
    let slot = faults.clone();
    let task = tokio::spawn(async move {
        let pending = Arc::new(Mutex::new(Pending::default()));
        let (mut sr, mut sw) = tokio::io::split(server);
        let (mut cr, mut cw) = ours.into_split();
        let up = {
            let pending = pending.clone();
            async move {
                let _ = requests(&mut cr, &mut sw, &pending).await;
                let _ = sw.shutdown().await;
            }
        };
        let down = async move {
            if let Err(f) = answers(&mut sr, &mut cw, &pending, max).await {
                slot.set(f);
            }
        };
        tokio::select! {
            _ = up => {}
            _ = down => {}
        }
    });
    Ok((theirs, faults, task))
}

/// Client to server: whole messages, each noted as pending before the server can answer.
async fn requests<R, W>(cr: &mut R, sw: &mut W, pending: &Mutex<Pending>) -> io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf = Vec::with_capacity(CHUNK);
    loop {
        let mut start = 0;
        while let Frame::Complete(n) = frame(&buf[start..], usize::MAX) {
            if let Ok(mut p) = pending.lock() {
                p.sent(&buf[start..start + n]);
            }
            start += n;
        }
        if start > 0 {
            sw.write_all(&buf[..start]).await?;
            sw.flush().await?;
            buf.drain(..start);
        }
        buf.reserve(CHUNK);
        if cr.read_buf(&mut buf).await? == 0 {
            return Ok(());
        }
    }
}

/// Server to client: only checked messages reach ldap3.
async fn answers<R, W>(
    sr: &mut R,
    cw: &mut W,
    pending: &Mutex<Pending>,
    max: usize,
) -> Result<(), Fault>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK);
    let mut out: Vec<u8> = Vec::with_capacity(CHUNK);
    loop {
        let mut start = 0;
        let mut fault = None;
        loop {
            match frame(&buf[start..], max) {
                Frame::Incomplete => break,
                Frame::Complete(n) => {
                    let m = &buf[start..start + n];
                    let verdict = match pending.lock() {
                        Ok(mut p) => check(m, &mut p),
                        Err(_) => Err("internal lock poisoned".into()),
                    };
                    match verdict {
                        Ok(Verdict::Forward) => out.extend_from_slice(m),
                        Ok(Verdict::Drop) => {}
                        Err(e) => {
                            fault = Some(Fault::Malformed(e));
                            break;
                        }
                    }
                    start += n;
                }
                Frame::TooLarge(size) => {
                    fault = Some(Fault::TooLarge { size, max });
                    break;
                }
                Frame::Bad(e) => {
                    fault = Some(match crate::ldap::net::wire::sniff(&buf[start..]) {
                        Some(service) => Fault::NotLdap(service),
                        None => Fault::Malformed(e),
                    });
                    break;
                }
            }
        }
        if !out.is_empty() {
            // ldap3 gone: nothing left to deliver to.
            if cw.write_all(&out).await.is_err() {
                return Ok(());
            }
            out.clear();
        }
        if let Some(f) = fault {
            return Err(f);
        }
        buf.drain(..start);
        buf.reserve(CHUNK);
        match sr.read_buf(&mut buf).await {
            Ok(0) if buf.is_empty() => return Ok(()),
            Ok(0) => return Err(Fault::Truncated(buf.len())),
            Ok(_) => {}
            // A reset is the connection's end, reported by ldap3 as such.
            Err(_) => return Ok(()),
        }
    }
}
