//! Server-side sort and VLV against slapd's sssvlv overlay: one window of a sorted list,
//! without reading the rest; and the doctor sees both controls in the RootDSE.

mod support;

use ldap3::Scope;
use ldapdeck::config::Secret;
use ldapdeck::ldap::doctor::{self, Password};
use ldapdeck::ldap::net::connect;
use ldapdeck::ldap::net::tls;
use ldapdeck::ldap::read::vlv;
use support::pki::Ca;
use support::slapd::{self, Options, SUFFIX, SVC_DN, SVC_PW};

fn with_vlv() -> slapd::Slapd {
    let ca = Ca::new("vlv CA");
    slapd::start(
        &ca,
        Options {
            cert: Some(ca.loopback()),
            extra_conf: "moduleload sssvlv.so".into(),
            extra_db_conf: "overlay sssvlv".into(),
            ..Options::default()
        },
    )
}

fn provider(s: &slapd::Slapd) -> ldapdeck::config::Provider {
    let mut p = ldapdeck::config::Provider::new("vlv");
    p.urls = vec![s.ldaps_url()];
    p.ca_file = Some(s.ca_file.clone());
    p.bind_dn = Some(SVC_DN.into());
    p.base_dn = Some(SUFFIX.into());
    p.timeout_secs = 5;
    p
}

#[tokio::test]
async fn a_window_of_a_sorted_list() {
    let s = with_vlv();
    let p = provider(&s);
    let setup = tls::setup(p.ca_file.as_deref(), true).expect("tls");
    let pw = Password::Given(Secret::new(SVC_PW), "test".into());
    let (mut c, _) = connect::open_bound(&p, &setup, pw).await.expect("bound");
    let base = format!("ou=people,{SUFFIX}");
    let attrs = vec!["uid".to_string()];
    let uids = |entries: &[ldap3::SearchEntry]| -> Vec<String> {
        entries.iter().map(|e| e.attrs["uid"][0].clone()).collect()
    };
    // ou=people sorted by uid: alice, expired, gone, locky, mustchange.
    let (entries, resp) = vlv::window(
        &mut c.session,
        &base,
        Scope::OneLevel,
        "(objectClass=inetOrgPerson)",
        &attrs,
        "uid",
        Some(vlv::CASE_IGNORE_ORDERING),
        2,
        0,
        1,
    )
    .await
    .unwrap_or_else(|e| {
        panic!(
            "{e}\n{}",
            s.log().lines().rev().take(8).collect::<Vec<_>>().join("\n")
        )
    });
    assert_eq!(uids(&entries), ["expired", "gone"]);
    let resp = resp.expect("a VLV response control");
    assert_eq!((resp.target, resp.count, resp.result), (2, 5, 0));
    let (entries, _) = vlv::window(
        &mut c.session,
        &base,
        Scope::OneLevel,
        "(objectClass=inetOrgPerson)",
        &attrs,
        "uid",
        Some(vlv::CASE_IGNORE_ORDERING),
        5,
        1,
        5,
    )
    .await
    .expect("window");
    assert_eq!(
        uids(&entries),
        ["locky", "mustchange"],
        "a window past the end is cut"
    );
    c.session.close().await;
}

#[tokio::test]
async fn the_doctor_sees_sort_and_vlv() {
    let s = with_vlv();
    let p = provider(&s);
    let r = doctor::run(
        &p,
        Password::Given(Secret::new(SVC_PW), "test".into()),
        &mut |_| {},
    )
    .await;
    let rootdse = r
        .steps
        .iter()
        .find(|st| st.step == "rootdse")
        .expect("rootdse");
    assert!(
        rootdse
            .lines
            .iter()
            .any(|l| l.contains("server-side sort yes, VLV yes")),
        "{:?}",
        rootdse.lines
    );
    // Without the overlay neither is offered.
    let plain = doctor::run(
        &provider(slapd::shared()),
        Password::Given(Secret::new(SVC_PW), "test".into()),
        &mut |_| {},
    )
    .await;
    let rootdse = plain
        .steps
        .iter()
        .find(|st| st.step == "rootdse")
        .expect("rootdse");
    assert!(
        rootdse
            .lines
            .iter()
            .any(|l| l.contains("server-side sort no, VLV no")),
        "{:?}",
        rootdse.lines
    );
}
