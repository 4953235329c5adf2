//! Misbehaving servers on loopback: a port that accepts and never answers, and a proxy in
//! front of a real slapd that drops the connection when the client sends its N-th request.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::thread;

use ldapdeck::syntax::ber::frame_len;

/// A port that accepts connections and never sends a byte. Lives until the process exits.
pub fn silent() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            held.push(conn);
        }
    });
    port
}

/// A proxy to `upstream` that forwards LDAP messages until the client sends message number
/// `cut_at` (1-based, counted per connection), then closes both sides as a crashing server would.
pub fn cut_at(cut_at: usize, upstream: u16) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                continue;
            };
            thread::spawn(move || relay(client, server, cut_at));
        }
    });
    port
}

fn relay(client: TcpStream, server: TcpStream, cut_at: usize) {
    let (Ok(mut from_server), Ok(mut to_client)) = (server.try_clone(), client.try_clone()) else {
        return;
    };
    thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = from_server.read(&mut buf) {
            if n == 0 || to_client.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to_client.shutdown(Shutdown::Both);
    });
    let (mut from_client, mut to_server) = (client, server);
    let mut pending: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from_client.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        pending.extend_from_slice(&buf[..n]);
        while let Some(len) = frame_len(&pending).filter(|l| pending.len() >= *l) {
            seen += 1;
            if seen >= cut_at {
                let _ = from_client.shutdown(Shutdown::Both);
                let _ = to_server.shutdown(Shutdown::Both);
                return;
            }
            let frame: Vec<u8> = pending.drain(..len).collect();
            if to_server.write_all(&frame).is_err() {
                return;
            }
        }
    }
    let _ = to_server.shutdown(Shutdown::Both);
}
