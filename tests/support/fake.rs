//! A scriptable hostile LDAP server on loopback. For every request a client sends (and once
//! when a connection opens) a script decides what to answer: raw BER, nothing, a drip, an
//! endless flood, a close or a reset. Everything the clients sent is logged.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ldapdeck::syntax::ber::{frame_len, read_tlv, tlv};

/// One request as the server read it (`op` 0 and `n` 0: the connection just opened).
#[derive(Debug, Clone)]
pub struct Req {
    /// Connection number, from 0.
    pub conn: usize,
    /// Request number within the connection, from 1.
    pub n: usize,
    /// The request's message id.
    pub id: i64,
    /// The protocol op tag (0x60 bind, 0x63 search, 0x77 extended, ...).
    pub op: u8,
    /// The whole message.
    pub bytes: Vec<u8>,
}

/// What the server does next.
#[derive(Clone)]
pub enum Act {
    /// Send these bytes.
    Send(Vec<u8>),
    /// Send the bytes one at a time, this many ms apart.
    Drip(Vec<u8>, u64),
    /// Send the result of the function again and again (argument: the count so far) until
    /// the client goes away or `max` bytes were sent.
    Flood(Arc<dyn Fn(usize) -> Vec<u8> + Send + Sync>, usize),
    /// Never answer; keep the connection open.
    Silence,
    /// Close the connection.
    Close,
    /// Reset the connection (RST).
    Reset,
}

type Script = dyn Fn(&Req) -> Vec<Act> + Send + Sync;

/// A running fake server.
pub struct Fake {
    pub port: u16,
    pub log: Arc<Mutex<Vec<Req>>>,
}

impl Fake {
    /// The ldap:// URL of the server.
    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    /// The requests logged so far.
    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().expect("log").clone()
    }

    /// How many connections were opened.
    pub fn connections(&self) -> usize {
        self.requests()
            .iter()
            .map(|r| r.conn + 1)
            .max()
            .unwrap_or(0)
    }
}

/// Starts a fake server that answers with `script`; lives until the process exits.
pub fn serve(script: impl Fn(&Req) -> Vec<Act> + Send + Sync + 'static) -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let script: Arc<Script> = Arc::new(script);
    let l = log.clone();
    thread::spawn(move || {
        for (conn, stream) in listener.incoming().flatten().enumerate() {
            let (script, log) = (script.clone(), l.clone());
            thread::spawn(move || session(conn, stream, &*script, &log));
        }
    });
    Fake { port, log }
}

fn session(conn: usize, mut s: TcpStream, script: &Script, log: &Mutex<Vec<Req>>) {
    let _ = s.set_nodelay(true);
    let opened = Req {
        conn,
        n: 0,
        id: 0,
        op: 0,
        bytes: Vec::new(),
    };
    if !play(&mut s, &script(&opened)) {
        return;
    }
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        while let Some(len) = frame_len(&buf).filter(|l| buf.len() >= *l) {
            let bytes: Vec<u8> = buf.drain(..len).collect();
            n += 1;
            let (id, op) = id_and_op(&bytes);
            let req = Req {
                conn,
                n,
                id,
                op,
                bytes,
            };
            log.lock().expect("log").push(req.clone());
            if !play(&mut s, &script(&req)) {
                return;
            }
        }
        let mut chunk = [0u8; 16 * 1024];
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(k) => buf.extend_from_slice(&chunk[..k]),
        }
    }
}

/// Plays acts; false when the connection is over.
fn play(s: &mut TcpStream, acts: &[Act]) -> bool {
    for a in acts {
        match a {
            Act::Send(b) => {
                if s.write_all(b).is_err() {
                    return false;
                }
            }
            Act::Drip(b, ms) => {
                for byte in b {
                    if s.write_all(&[*byte]).is_err() {
                        return false;
                    }
                    thread::sleep(Duration::from_millis(*ms));
                }
            }
            Act::Flood(f, max) => {
                let mut sent = 0;
                let mut i = 0;
                while sent < *max {
                    let b = f(i);
                    i += 1;
                    sent += b.len();
                    if s.write_all(&b).is_err() {
                        return false;
                    }
                }
            }
            Act::Silence => {
                // Hold the socket until the client gives up.
                let mut sink = [0u8; 1024];
                while matches!(s.read(&mut sink), Ok(k) if k > 0) {}
                return false;
            }
            Act::Close => return false,
            Act::Reset => {
                let _ = socket_linger_zero(s);
                return false;
            }
        }
    }
    true
}

fn socket_linger_zero(s: &TcpStream) -> std::io::Result<()> {
    // std has no SO_LINGER setter: a shutdown of both sides with unread data resets instead.
    s.shutdown(std::net::Shutdown::Both)
}

fn id_and_op(msg: &[u8]) -> (i64, u8) {
    let Some((outer, _)) = read_tlv(msg) else {
        return (0, 0);
    };
    let Some((id, rest)) = read_tlv(outer.value) else {
        return (0, 0);
    };
    let id = id
        .value
        .iter()
        .fold(0i64, |acc, b| (acc << 8) | i64::from(*b));
    let op = rest.first().copied().unwrap_or(0);
    (id, op)
}

// BER builders for scripts.

/// A message id as a minimal INTEGER.
pub fn int(id: i64) -> Vec<u8> {
    let bytes = id.to_be_bytes();
    let mut skip = bytes.iter().take_while(|b| **b == 0).count().min(7);
    if bytes[skip] & 0x80 != 0 {
        skip -= 1;
    }
    bytes[skip..].to_vec()
}

/// An LDAPMessage with this id and protocol op.
pub fn msg(id: i64, op: Vec<u8>) -> Vec<u8> {
    tlv(0x30, &[tlv(0x02, &int(id)), op].concat())
}

/// An LDAPResult of this op tag.
pub fn result(tag: u8, rc: u8, text: &str) -> Vec<u8> {
    tlv(
        tag,
        &[tlv(0x0a, &[rc]), tlv(0x04, b""), tlv(0x04, text.as_bytes())].concat(),
    )
}

/// A SearchResultEntry.
pub fn entry(dn: &str, attrs: &[(&str, &[&str])]) -> Vec<u8> {
    let attrs: Vec<u8> = attrs
        .iter()
        .flat_map(|(a, vals)| {
            let set: Vec<u8> = vals.iter().flat_map(|v| tlv(0x04, v.as_bytes())).collect();
            tlv(0x30, &[tlv(0x04, a.as_bytes()), tlv(0x31, &set)].concat())
        })
        .collect();
    tlv(
        0x64,
        &[tlv(0x04, dn.as_bytes()), tlv(0x30, &attrs)].concat(),
    )
}

/// The answer a normal server gives to `req`: bind ok, an empty search, other ops ok.
pub fn friendly(req: &Req) -> Vec<Act> {
    let tag = match req.op {
        0 => return vec![],
        0x60 => 0x61,
        0x63 => 0x65,
        0x66 => 0x67,
        0x68 => 0x69,
        0x4a => 0x6b,
        0x6c => 0x6d,
        0x77 => 0x78,
        _ => return vec![],
    };
    vec![Act::Send(msg(req.id, result(tag, 0, "")))]
}

/// A providers.toml for a fake server at `urls` (password in $FAKE_PW).
pub fn config(urls: &[String], timeout: u64) -> String {
    let urls: Vec<String> = urls.iter().map(|u| format!("\"{u}\"")).collect();
    format!(
        "[[provider]]\nslug = \"fake\"\nserver_type = \"openldap\"\nurls = [{}]\n\
         bind_dn = \"cn=svc,dc=example,dc=org\"\nbind_password_env = \"FAKE_PW\"\n\
         base_dn = \"dc=example,dc=org\"\nusers_base = \"ou=people,dc=example,dc=org\"\n\
         timeout_secs = {timeout}\n",
        urls.join(", ")
    )
}
