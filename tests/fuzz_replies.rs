//! Any bytes a server sends, as a bind answer or inside a search answer, end in a result or
//! a named error: never a panic, in ldapdeck or in ldap3's connection task (a panic there
//! would be swallowed by tokio, so every panic of the process is counted).

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use ldapdeck::config::{Provider, Secret};
use ldapdeck::ldap::doctor::Password;
use ldapdeck::ldap::net::connect::open_bound;
use proptest::prelude::*;
use support::fake::{Act, Req, entry, friendly, msg, result, serve};

static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// Binds to a fake that answers the bind with `bind` (a normal answer when empty) and every
/// search with `search`, then
/// reads the RootDSE and lists users, as a command would.
fn exercise(bind: Vec<u8>, search: Vec<u8>) {
    // Each answer ends with a close, so a cut message ends the case at once, not at the timeout.
    let f = serve(move |r: &Req| match r.op {
        0x60 if !bind.is_empty() => vec![Act::Send(bind.clone()), Act::Close],
        0x63 => vec![
            Act::Send(search.clone()),
            Act::Send(msg(r.id, result(0x65, 0, ""))),
            Act::Close,
        ],
        _ => friendly(r),
    });
    let mut p = Provider::new("fuzz");
    p.urls = vec![f.url()];
    p.bind_dn = Some("cn=svc,dc=example,dc=org".into());
    p.base_dn = Some("dc=example,dc=org".into());
    p.timeout_secs = 1;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let setup = ldapdeck::ldap::net::tls::setup(None, true).expect("tls");
        let pw = Password::Given(Secret::new("pw"), "test".into());
        if let Ok((mut c, _)) = open_bound(&p, &setup, pw).await {
            let _ = ldapdeck::ldap::read::search::base_entry(&mut c.session, "", &["*"]).await;
            let _ =
                ldapdeck::ldap::read::search::dns(&mut c.session, "dc=example,dc=org", "(uid=*)")
                    .await;
            // Let the connection task read whatever is left.
            tokio::time::sleep(Duration::from_millis(5)).await;
            c.session.close().await;
        }
    });
    rt.shutdown_timeout(Duration::from_millis(100));
}

/// Bytes near a valid message: a real entry or bind answer with bytes flipped, cut or added.
fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = base.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 0..4),
        0..=len,
        proptest::collection::vec(any::<u8>(), 0..6),
    )
        .prop_map(move |(flips, cut, extra)| {
            let mut b = base.clone();
            for (i, v) in flips {
                b[i] = v;
            }
            b.truncate(cut.max(1));
            b.extend(extra);
            b
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bind_answers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 1..300)) {
        count_panics();
        exercise(bytes, Vec::new());
        prop_assert_eq!(PANICS.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn mangled_bind_answers_never_panic(bytes in mutated(msg(1, result(0x61, 0, "fine")))) {
        count_panics();
        exercise(bytes, Vec::new());
        prop_assert_eq!(PANICS.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn mangled_entries_never_panic(bytes in mutated(msg(2, entry(
        "uid=a,dc=example,dc=org",
        &[("uid", &["a"]), ("cn", &["A", "B"])],
    )))) {
        count_panics();
        exercise(Vec::new(), bytes);
        prop_assert_eq!(PANICS.load(Ordering::SeqCst), 0);
    }
}
