//! The directory as a tree against a real slapd: the roots (cn=config only where it can be
//! read), a tree several levels deep read a level at a time, a 100,000-child OU streamed in
//! batches and cut at a cap or at the server's size limit, and the console's export and writes
//! on any entry walked in tmux.

mod support;

use std::time::{Duration, Instant};

use ldapdeck::config::{Provider, Secret};
use ldapdeck::ldap::doctor::Password;
use ldapdeck::ldap::net::{connect, connect::Connected, tls};
use ldapdeck::ldap::read::dit::Ended;
use ldapdeck::ldap::read::tree::{self, Kind, Node};
use support::slapd::{self, ADMIN_DN, ADMIN_PW, Options, SUFFIX, SVC_DN, SVC_PW};

fn provider(s: &slapd::Slapd, dn: &str) -> Provider {
    let mut p = Provider::new("tree");
    p.urls = vec![s.ldaps_url()];
    p.ca_file = Some(s.ca_file.clone());
    p.bind_dn = Some(dn.into());
    p.base_dn = Some(SUFFIX.into());
    p.timeout_secs = 10;
    p
}

async fn bound(s: &slapd::Slapd, dn: &str, pw: &str) -> Connected {
    let p = provider(s, dn);
    let setup = tls::setup(p.ca_file.as_deref(), true).expect("tls");
    let pw = Password::Given(Secret::new(pw), "test".into());
    connect::open_bound(&p, &setup, pw).await.expect("bound").0
}

fn node(dn: &str) -> Node {
    Node {
        dn: dn.into(),
        kind: Kind::Container,
        children: None,
        deleted: None,
    }
}

async fn children(c: &mut Connected, dn: &str, limit: usize) -> (Vec<Node>, Ended) {
    let mut got = Vec::new();
    let ended = tree::children(
        &mut c.session,
        &node(dn),
        limit,
        Duration::from_secs(60),
        &mut |n| {
            got.push(n);
            true
        },
    )
    .await
    .expect("children");
    (got, ended)
}

#[tokio::test]
async fn the_roots_are_the_naming_contexts_and_cn_config_only_where_readable() {
    let ca = support::pki::Ca::new("tree CA");
    // cn=config exists and the rootdn of the data may read it; the service account may not.
    let s = slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            extra_conf: format!(
                "database config\naccess to * by dn.exact=\"{ADMIN_DN}\" read by * none\n"
            ),
            ..Options::default()
        },
    );
    let dns = |nodes: &[Node]| nodes.iter().map(|n| n.dn.clone()).collect::<Vec<_>>();
    let mut admin = bound(&s, ADMIN_DN, ADMIN_PW).await;
    let roots = tree::roots(&mut admin.session).await.expect("roots");
    assert_eq!(dns(&roots)[0], SUFFIX);
    assert!(dns(&roots).contains(&"cn=config".to_string()), "{roots:?}");
    assert!(
        dns(&roots)
            .iter()
            .any(|d| d.eq_ignore_ascii_case("cn=Subschema")),
        "{roots:?}"
    );
    let mut svc = bound(&s, SVC_DN, SVC_PW).await;
    let roots = tree::roots(&mut svc.session).await.expect("roots");
    assert!(
        !dns(&roots).contains(&"cn=config".to_string()),
        "not readable: not shown: {roots:?}"
    );
    // Readable, cn=config has children like any entry.
    let (kids, _) = children(&mut admin, "cn=config", 100).await;
    assert!(
        kids.iter().any(|n| n.dn.starts_with("olcDatabase=")),
        "{kids:?}"
    );
}

#[tokio::test]
async fn a_deep_tree_is_read_a_level_at_a_time_with_what_is_below_said() {
    let s = slapd::shared();
    let mut c = bound(s, SVC_DN, SVC_PW).await;
    let (top, ended) = children(&mut c, SUFFIX, 1000).await;
    assert!(!ended.truncated);
    let people = top
        .iter()
        .find(|n| n.dn == format!("ou=people,{SUFFIX}"))
        .expect("ou=people");
    assert_eq!(people.children, Some(true));
    assert_eq!(people.kind, Kind::Container);
    let (users, _) = children(&mut c, &people.dn, 1000).await;
    let alice = users
        .iter()
        .find(|n| n.dn.starts_with("uid=alice,"))
        .expect("alice");
    assert_eq!(alice.kind, Kind::Person);
    assert_eq!(alice.children, Some(false), "a leaf says so");
    // Three levels down: ou=policies holds the policy entries.
    let (policies, _) = children(&mut c, &format!("ou=policies,{SUFFIX}"), 1000).await;
    assert!(policies.len() >= 3, "{policies:?}");
}

fn big_ldif(n: usize) -> String {
    let mut s = format!("dn: ou=big,{SUFFIX}\nobjectClass: organizationalUnit\nou: big\n\n");
    for i in 0..n {
        s.push_str(&format!(
            "dn: uid=u{i:06},ou=big,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: u{i:06}\ncn: U {i}\nsn: {i}\n\n"
        ));
    }
    s
}

#[tokio::test]
async fn a_100000_child_ou_streams_its_children_and_stops_at_a_cap_or_the_size_limit() {
    let ca = support::pki::Ca::new("big tree CA");
    let s = slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            extra_ldif: big_ldif(100_000),
            // The service account is limited; the rootdn is not.
            extra_db_conf: "limits users size.soft=5000 size.hard=5000 size.prtotal=5000".into(),
            ..Options::default()
        },
    );
    let big = format!("ou=big,{SUFFIX}");
    let mut admin = bound(&s, ADMIN_DN, ADMIN_PW).await;
    // All of them, the first ones delivered long before the last.
    let start = Instant::now();
    let mut first: Option<Duration> = None;
    let mut n = 0usize;
    let ended = tree::children(
        &mut admin.session,
        &node(&big),
        250_000,
        Duration::from_secs(120),
        &mut |_| {
            first.get_or_insert_with(|| start.elapsed());
            n += 1;
            true
        },
    )
    .await
    .expect("children");
    let all = start.elapsed();
    assert_eq!(
        (n, ended.entries, ended.truncated),
        (100_000, 100_000, false)
    );
    let first = first.expect("a first child");
    eprintln!("100,000 children: first after {first:?}, all after {all:?}");
    assert!(first < all, "streamed, not read whole first");
    // A cap stops the read there.
    let (capped, ended) = children(&mut admin, &big, 1000).await;
    assert_eq!((capped.len(), ended.entries), (1000, 1000));
    // The server's size limit is said, not an error.
    let mut svc = bound(&s, SVC_DN, SVC_PW).await;
    let (limited, ended) = children(&mut svc, &big, 250_000).await;
    assert_eq!(limited.len(), 5000);
    assert!(ended.truncated, "{ended:?}");
    // The console's state holds what was loaded, bounded by the cap it asked for.
    let mut t = ldapdeck::app::tree::Tree::new(&provider(&s, ADMIN_DN), None);
    t.set_roots(vec![node(&big)]);
    t.expand().expect("expands");
    t.add_children(capped);
    t.children_done(Some(ldapdeck::app::tree::Cut::Cap));
    assert_eq!(t.rows.len(), 1001);
    assert_eq!(
        t.rows[0].cut,
        Some((ldapdeck::app::tree::Cut::Cap, 1000)),
        "the row says it was cut"
    );
}

/// The console as a newcomer walks it: from the naming context to a user, then the subtree
/// exported as LDIF (bound as the rootdn, who reads password hashes: none is written).
#[test]
fn walk_from_the_naming_context_to_a_user_and_export_the_subtree() {
    use support::cli::{Env, bin};
    use support::tmux::Tmux;
    let s = slapd::shared();
    let env = Env::new();
    env.write(&format!(
        "[[provider]]\nslug = \"walk\"\nserver_type = \"openldap\"\nurls = [\"{}\"]\nca_file = \"{}\"\n\
         bind_dn = \"{ADMIN_DN}\"\nbind_password_env = \"WALK_PW\"\nbase_dn = \"{SUFFIX}\"\nread_only = true\n",
        s.ldaps_url(),
        s.ca_file.display()
    ));
    let out = env.config.with_file_name("people.ldif");
    let cmd = format!(
        "cd {} && env NO_COLOR=1 WALK_PW={ADMIN_PW} {} --config {}; sleep 60",
        out.parent().expect("dir").display(),
        bin(),
        env.config.display()
    );
    let t = Tmux::start("walk", &cmd);
    t.wait_for(&["walk", "T tree"], 10);
    t.keys(&["T"]);
    t.wait_for(&[SUFFIX, "cn=Subschema"], 10);
    t.keys(&["l"]);
    t.wait_for(&["ou=people", "ou=services"], 10);
    // Find it among the loaded entries, open it, and clear the filter again.
    t.keys(&["/"]);
    t.text("people");
    t.keys(&["Enter", "G", "l"]);
    t.keys(&["/", "Escape"]);
    let screen = t.wait_for(&["uid=alice", "▾ ou=people"], 10);
    assert!(screen.contains("user"), "users are marked:\n{screen}");
    t.keys(&["j", "Enter"]);
    let screen = t.wait_for(&["Alice Archer", "(may still have)"], 10);
    assert!(screen.contains("uid=alice,ou=people"), "{screen}");
    assert!(
        !screen.contains(slapd::ALICE.1),
        "no password on screen:\n{screen}"
    );
    t.keys(&["Escape"]);
    t.wait_for(&["▾ ou=people"], 5);
    t.keys(&["k", "E"]);
    t.wait_for(
        &["Export ou=people", "people.ldif", "[x] the whole subtree"],
        5,
    );
    t.keys(&["Enter"]);
    t.wait_for(&["exported"], 10);
    let ldif = std::fs::read_to_string(&out).expect("the export");
    assert!(ldif.starts_with("version: 1\n"), "{ldif}");
    assert!(ldif.contains(&format!("dn: ou=people,{SUFFIX}")), "{ldif}");
    assert!(ldif.contains(&format!("dn: uid=alice,ou=people,{SUFFIX}")));
    assert!(
        !ldif.to_lowercase().contains("userpassword"),
        "passwords are left out unless asked:\n{ldif}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    // An existing file is never overwritten.
    t.keys(&["E", "Enter"]);
    t.wait_for(&["exists already"], 10);
}
