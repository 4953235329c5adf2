//! The connection doctor against real servers: every cause it names is produced for real.

mod support;

use ldapdeck::config::{Provider, Secret, ServerType};
use ldapdeck::ldap::doctor::{self, Password, Report, Status};
use support::faults;
use support::pki::{Ca, CertSpec, LOOPBACK};
use support::slapd::{self, Options, SUFFIX, SVC_DN, SVC_PW, Slapd, free_port};

fn provider(url: &str) -> Provider {
    let mut p = Provider::new("t");
    p.server_type = ServerType::Openldap;
    p.urls = vec![url.to_string()];
    p.base_dn = Some(SUFFIX.into());
    p.users_base = Some(format!("ou=people,{SUFFIX}"));
    p.groups_base = Some(format!("ou=groups,{SUFFIX}"));
    p.bind_dn = Some(SVC_DN.into());
    p.timeout_secs = 3;
    p
}

fn with_ca(mut p: Provider, s: &Slapd) -> Provider {
    p.ca_file = Some(s.ca_file.clone());
    p
}

fn svc() -> Password {
    Password::Given(Secret::new(SVC_PW), "the test".into())
}

async fn run(p: &Provider, pw: Password) -> Report {
    doctor::run(p, pw, &mut |_| {}).await
}

/// The step that failed and its cause, or a panic showing the whole report.
fn failure(r: &Report) -> (&'static str, &'static str) {
    match r.failure() {
        Some(s) => (s.step, s.cause.unwrap_or("none")),
        None => panic!("expected a failure: {r:#?}"),
    }
}

fn step<'a>(r: &'a Report, id: &str) -> &'a doctor::Step {
    r.steps
        .iter()
        .find(|s| s.step == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

#[tokio::test]
async fn a_healthy_provider_passes_every_step_over_ldaps_and_starttls() {
    let s = slapd::shared();
    let r = run(&with_ca(provider(&s.ldaps_url()), s), svc()).await;
    assert!(r.ok, "{r:#?}\n{}", s.log());
    let ids: Vec<&str> = r.steps.iter().map(|s| s.step).collect();
    assert_eq!(
        ids,
        [
            "config", "dns", "tcp", "tls", "bind", "rootdse", "base_dn", "users", "groups"
        ]
    );
    assert!(r.steps.iter().all(|s| s.status == Status::Ok), "{r:#?}");
    let tls = step(&r, "tls");
    assert!(
        tls.detail.contains("TLSv1_3") && tls.detail.contains("verified against ca_file"),
        "{}",
        tls.detail
    );
    assert!(
        tls.lines
            .iter()
            .any(|l| l.contains("names: localhost, 127.0.0.1, ::1")),
        "{:?}",
        tls.lines
    );
    assert!(
        step(&r, "users").detail.starts_with("5 users match"),
        "{}",
        step(&r, "users").detail
    );
    assert!(
        step(&r, "rootdse")
            .lines
            .iter()
            .any(|l| l.contains("paged results yes"))
    );

    let mut p = with_ca(provider(&s.ldap_url()), s);
    p.starttls = true;
    let r = run(&p, svc()).await;
    assert!(r.ok, "{r:#?}");
    assert!(step(&r, "tls").detail.starts_with("StartTLS, TLSv1_3"));
}

#[tokio::test]
async fn plain_ldap_with_a_password_warns_about_cleartext() {
    let s = slapd::shared();
    let r = run(&provider(&s.ldap_url()), svc()).await;
    assert!(r.ok, "{r:#?}");
    let tls = step(&r, "tls");
    assert_eq!(tls.status, Status::Warning);
    assert!(tls.detail.contains("clear text"));
}

#[tokio::test]
async fn dns_not_found() {
    let r = run(&provider("ldap://no-such-host.invalid:389"), svc()).await;
    assert_eq!(failure(&r), ("dns", "dns_not_found"));
    assert!(
        step(&r, "dns")
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("host name")
    );
}

#[tokio::test]
async fn connection_refused() {
    let r = run(
        &provider(&format!("ldap://127.0.0.1:{}", free_port())),
        svc(),
    )
    .await;
    assert_eq!(failure(&r), ("tcp", "connection_refused"));
}

#[tokio::test]
async fn a_port_that_never_answers_times_out_within_timeout_secs() {
    let port = faults::silent();
    let mut p = provider(&format!("ldaps://127.0.0.1:{port}"));
    p.timeout_secs = 1;
    let started = std::time::Instant::now();
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("tls", "timeout"));
    let mut p = provider(&format!("ldap://127.0.0.1:{port}"));
    p.timeout_secs = 1;
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("bind", "timeout"));
    // Bounded: each run waits about timeout_secs (plus a probe), never forever.
    assert!(
        started.elapsed().as_secs() < 15,
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn ldaps_to_a_plain_port_and_plain_to_an_ldaps_port() {
    let s = slapd::shared();
    let r = run(
        &with_ca(provider(&format!("ldaps://127.0.0.1:{}", s.ldap_port)), s),
        svc(),
    )
    .await;
    assert_eq!(failure(&r), ("tls", "tls_on_plain_port"));
    assert!(
        step(&r, "tls")
            .hint
            .as_deref()
            .unwrap_or("")
            .contains(&format!("ldap://127.0.0.1:{}", s.ldap_port))
    );

    let r = run(
        &provider(&format!("ldap://127.0.0.1:{}", s.ldaps_port)),
        svc(),
    )
    .await;
    assert_eq!(failure(&r), ("bind", "plain_on_tls_port"));

    let mut p = with_ca(provider(&format!("ldap://127.0.0.1:{}", s.ldaps_port)), s);
    p.starttls = true;
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("tls", "plain_on_tls_port"));
    assert!(
        step(&r, "tls")
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("remove starttls")
    );
}

#[tokio::test]
async fn unknown_ca_names_the_signer() {
    let s = slapd::shared();
    let r = run(&provider(&s.ldaps_url()), svc()).await;
    assert_eq!(failure(&r), ("tls", "tls_unknown_ca"));
    let hint = step(&r, "tls").hint.clone().unwrap_or_default();
    assert!(
        hint.contains("set ca_file to the CA that signed") && hint.contains(&s.ca_name),
        "{hint}"
    );

    let other = Ca::new("some other CA");
    let dir = tempfile::tempdir().expect("tmp");
    let wrong = dir.path().join("wrong.pem");
    std::fs::write(&wrong, &other.pem).expect("write");
    let mut p = provider(&s.ldaps_url());
    p.ca_file = Some(wrong.clone());
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("tls", "tls_unknown_ca"));
    let hint = step(&r, "tls").hint.clone().unwrap_or_default();
    assert!(
        hint.contains(&format!("ca_file {} does not hold", wrong.display())),
        "{hint}"
    );
}

fn odd_cert_server(spec: CertSpec<'_>) -> Slapd {
    let ca = Ca::new("odd cert CA");
    slapd::start(
        &ca,
        Options {
            cert: Some(ca.server(&spec)),
            ..Options::default()
        },
    )
}

#[tokio::test]
async fn name_mismatch_and_expired_certificates() {
    let s = odd_cert_server(CertSpec {
        sans: &["ldap.example.test"],
        not_after: (2099, 1, 1),
    });
    let r = run(&with_ca(provider(&s.ldaps_url()), &s), svc()).await;
    assert_eq!(failure(&r), ("tls", "tls_name_mismatch"));
    let tls = step(&r, "tls");
    assert!(
        tls.detail
            .contains("valid for ldap.example.test, not for 127.0.0.1"),
        "{}",
        tls.detail
    );

    let s = odd_cert_server(CertSpec {
        sans: LOOPBACK,
        not_after: (2021, 6, 1),
    });
    let r = run(&with_ca(provider(&s.ldaps_url()), &s), svc()).await;
    assert_eq!(failure(&r), ("tls", "tls_expired"));
    assert!(
        step(&r, "tls").detail.contains("expired on 2021-06-01"),
        "{}",
        step(&r, "tls").detail
    );
}

#[tokio::test]
async fn starttls_refused_by_a_server_without_tls() {
    let ca = Ca::new("unused CA");
    let s = slapd::start(&ca, Options::default());
    let mut p = with_ca(provider(&s.ldap_url()), &s);
    p.starttls = true;
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("tls", "starttls_refused"));
}

#[tokio::test]
async fn wrong_password_and_unknown_bind_dn() {
    let s = slapd::shared();
    let p = with_ca(provider(&s.ldaps_url()), s);
    let r = run(
        &p,
        Password::Given(Secret::new("not-the-password"), "the test".into()),
    )
    .await;
    assert_eq!(failure(&r), ("bind", "invalid_credentials"));
    let mut p = p.clone();
    p.bind_dn = Some(format!("cn=nobody,{SUFFIX}"));
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("bind", "invalid_credentials"));
}

#[tokio::test]
async fn anonymous_refused() {
    let ca = Ca::new("anon CA");
    let s = slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            extra_conf: "disallow bind_anon".into(),
            ..Options::default()
        },
    );
    let mut p = with_ca(provider(&s.ldaps_url()), &s);
    p.bind_dn = None;
    let r = run(&p, Password::Anonymous).await;
    assert_eq!(failure(&r), ("bind", "anonymous_refused"), "{r:#?}");
}

#[tokio::test]
async fn missing_base_dn_and_groups_base() {
    let s = slapd::shared();
    let mut p = with_ca(provider(&s.ldaps_url()), s);
    p.base_dn = Some("dc=nope,dc=org".into());
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("base_dn", "no_such_base"));
    assert!(
        step(&r, "base_dn")
            .hint
            .as_deref()
            .unwrap_or("")
            .contains(SUFFIX)
    );
    assert_eq!(
        step(&r, "rootdse").status,
        Status::Warning,
        "base outside the naming contexts"
    );

    let mut p = with_ca(provider(&s.ldaps_url()), s);
    p.groups_base = Some(format!("ou=nogroups,{SUFFIX}"));
    let r = run(&p, svc()).await;
    assert_eq!(failure(&r), ("groups", "no_such_base"));
}

#[tokio::test]
async fn a_bad_user_filter_is_named_and_zero_matches_is_a_warning() {
    let s = slapd::shared();
    let mut p = with_ca(provider(&s.ldaps_url()), s);
    p.user_filter = Some("(&(objectClass=person)(uid=*)".into());
    let r = run(&p, svc()).await;
    assert_eq!(step(&r, "config").status, Status::Failed);
    assert_eq!(
        step(&r, "bind").status,
        Status::Ok,
        "the network steps still ran"
    );
    let users = step(&r, "users");
    assert_eq!(users.cause, Some("bad_filter"));
    assert!(users.detail.contains("missing ')'"), "{}", users.detail);

    let mut p = with_ca(provider(&s.ldaps_url()), s);
    p.user_filter = Some("(objectClass=posixAccount)".into());
    let r = run(&p, svc()).await;
    assert!(r.ok);
    assert_eq!(step(&r, "users").status, Status::Warning);
}

#[tokio::test]
async fn the_server_size_limit_is_named() {
    let ca = Ca::new("limit CA");
    let s = slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            sizelimit: Some(2),
            ..Options::default()
        },
    );
    let r = run(&with_ca(provider(&s.ldaps_url()), &s), svc()).await;
    assert_eq!(failure(&r), ("users", "size_limit"), "{r:#?}");
}

#[tokio::test]
async fn a_server_that_goes_away_mid_way() {
    let s = slapd::shared();
    // Messages on the bind connection: 1 bind, 2 RootDSE, 3 base DN: cut there.
    let port = faults::cut_at(3, s.ldap_port);
    let r = run(&provider(&format!("ldap://127.0.0.1:{port}")), svc()).await;
    assert_eq!(failure(&r), ("base_dn", "connection_lost"), "{r:#?}");
}

#[tokio::test]
async fn failover_to_the_second_url_is_a_warning() {
    let s = slapd::shared();
    let mut p = with_ca(provider(&format!("ldaps://127.0.0.1:{}", free_port())), s);
    p.urls.push(s.ldaps_url());
    let r = run(&p, svc()).await;
    assert!(r.ok, "{r:#?}");
    let tcp = step(&r, "tcp");
    assert_eq!(tcp.status, Status::Warning);
    assert!(tcp.detail.contains("failed over to"));
    assert!(
        tcp.hint
            .as_deref()
            .unwrap_or("")
            .contains("connection_refused")
    );
}

#[tokio::test]
async fn tls_verify_off_is_a_loud_warning() {
    let s = slapd::shared();
    let mut p = provider(&s.ldaps_url());
    p.tls_verify = false;
    let r = run(&p, svc()).await;
    assert!(r.ok && !r.tls_verified);
    let tls = step(&r, "tls");
    assert_eq!(tls.status, Status::Warning);
    assert!(tls.detail.contains("NOT VERIFIED"), "{}", tls.detail);
}

#[tokio::test]
async fn password_problems_stop_before_the_bind() {
    let s = slapd::shared();
    let p = with_ca(provider(&s.ldaps_url()), s);
    let r = run(&p, Password::Given(Secret::new(""), "the test".into())).await;
    assert_eq!(failure(&r), ("config", "empty_password"));
    assert_eq!(step(&r, "bind").status, Status::Skipped);
}
