//! Authorize against a real slapd with ppolicy: every refusal produced for real.

mod support;

use ldapdeck::config::{Provider, Secret, ServerType};
use ldapdeck::ldap::authorize::{Outcome, Stage, authorize};
use ldapdeck::ldap::doctor::Password;
use support::slapd::{self, ALICE, DUP, EXPIRED, GONE, LOCKY, MUSTCHANGE, SUFFIX, SVC_DN, SVC_PW};

fn provider() -> Provider {
    let s = slapd::shared();
    let mut p = Provider::new("t");
    p.server_type = ServerType::Openldap;
    p.urls = vec![s.ldaps_url()];
    p.ca_file = Some(s.ca_file.clone());
    p.base_dn = Some(SUFFIX.into());
    p.groups_base = Some(format!("ou=groups,{SUFFIX}"));
    p.bind_dn = Some(SVC_DN.into());
    p.timeout_secs = 3;
    p.fill_from_preset();
    p
}

async fn auth(p: &Provider, user: &str, pw: &str) -> Outcome {
    let svc = Password::Given(Secret::new(SVC_PW), "the test".into());
    authorize(p, svc, user, &Secret::new(pw)).await
}

fn refused(o: &Outcome) -> &'static str {
    assert!(!o.allowed, "expected a refusal: {o:#?}");
    o.cause.unwrap_or("none")
}

#[tokio::test]
async fn a_good_login_reports_dn_attributes_and_groups() {
    let o = auth(&provider(), ALICE.0, ALICE.1).await;
    assert!(o.allowed, "{o:#?}");
    assert_eq!(o.stage, Stage::Done);
    assert_eq!(
        o.dn.as_deref(),
        Some("uid=alice,ou=people,dc=example,dc=org")
    );
    assert_eq!(o.attributes["mail"], ["alice@example.org"]);
    assert_eq!(o.attributes["login"], ["alice"]);
    let mut groups = o.groups.clone();
    groups.sort();
    // memberOf (OpenLDAP's overlay) gives ops and staff; the posixGroup naming alice by
    // login is in no memberOf and is searched for.
    assert_eq!(
        groups,
        [
            "cn=ops,ou=groups,dc=example,dc=org",
            "cn=staff,ou=groups,dc=example,dc=org",
            "cn=unix,ou=groups,dc=example,dc=org"
        ]
    );
    assert!(
        o.password_policy.reported,
        "slapd answers the ppolicy control"
    );
}

#[tokio::test]
async fn wrong_password_unknown_user_and_duplicates() {
    let p = provider();
    let o = auth(&p, ALICE.0, "wrong").await;
    assert_eq!(refused(&o), "invalid_credentials");
    // A refused user's groups are still read: they are part of "why".
    assert_eq!(o.groups.len(), 3, "{o:#?}");
    assert_eq!((o.checked, o.verdict()), (true, "REFUSED"));
    let o = auth(&p, "nobody", "x").await;
    assert_eq!((refused(&o), o.stage), ("no_such_user", Stage::Search));
    let o = auth(&p, DUP, "dup-pw").await;
    assert_eq!(refused(&o), "ambiguous_user");
    assert!(
        o.reason.contains("ou=contractors") && o.reason.contains("ou=partners"),
        "{}",
        o.reason
    );
}

#[tokio::test]
async fn a_login_with_filter_characters_matches_only_itself() {
    // Unescaped, `*` would match every user and bind as the first one found.
    let o = auth(&provider(), "*", ALICE.1).await;
    assert_eq!(refused(&o), "no_such_user");
    let o = auth(&provider(), "alice)(uid=*", ALICE.1).await;
    assert_eq!(refused(&o), "no_such_user");
}

#[tokio::test]
async fn an_empty_password_is_refused_before_any_connection() {
    let mut p = provider();
    p.urls = vec![format!("ldap://127.0.0.1:{}", slapd::free_port())];
    let o = auth(&p, ALICE.0, "").await;
    assert_eq!((refused(&o), o.stage), ("empty_password", Stage::Input));
}

#[tokio::test]
async fn lockout_after_three_failures_is_named() {
    let p = provider();
    for _ in 0..3 {
        assert_eq!(
            refused(&auth(&p, LOCKY.0, "bad").await),
            "invalid_credentials"
        );
        // slapd records a failure with an internal write after it answers; let it land.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut o = auth(&p, LOCKY.0, LOCKY.1).await;
    for _ in 0..20 {
        if o.cause == Some("account_locked") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        o = auth(&p, LOCKY.0, LOCKY.1).await;
    }
    assert_eq!(refused(&o), "account_locked");
    assert!(o.password_policy.locked);
}

#[tokio::test]
async fn expired_and_must_change_passwords() {
    let p = provider();
    let o = auth(&p, EXPIRED.0, EXPIRED.1).await;
    assert_eq!(refused(&o), "password_expired");
    assert!(o.password_policy.expired);
    let o = auth(&p, MUSTCHANGE.0, MUSTCHANGE.1).await;
    assert_eq!(refused(&o), "password_must_change");
    assert!(o.password_policy.must_change);
}

#[tokio::test]
async fn an_account_disabled_by_the_status_attribute() {
    let mut p = provider();
    p.attributes.insert("status".into(), "employeeType".into());
    p.status_disabled_value = Some("DISABLED".into());
    let o = auth(&p, GONE.0, GONE.1).await;
    assert_eq!((refused(&o), o.stage), ("account_disabled", Stage::Status));
    // Without the status mapping the same bind is allowed: the server itself does not care.
    assert!(auth(&provider(), GONE.0, GONE.1).await.allowed);
}

#[tokio::test]
async fn a_broken_service_account_is_told_apart_from_the_user() {
    let p = provider();
    let svc = Password::Given(Secret::new("not-it"), "the test".into());
    let o = authorize(&p, svc, ALICE.0, &Secret::new(ALICE.1)).await;
    assert_eq!(
        (refused(&o), o.stage),
        ("invalid_credentials", Stage::ServiceBind)
    );
    assert!(o.reason.starts_with("the service account could not bind"));
    assert!(!o.checked, "the user was not refused: {o:#?}");
    assert_eq!(o.verdict(), "COULD NOT CHECK");
    let mut down = provider();
    down.urls = vec!["ldap://127.0.0.1:1".into()];
    let o = auth(&down, ALICE.0, ALICE.1).await;
    assert_eq!((o.checked, o.verdict()), (false, "COULD NOT CHECK"));
    assert_eq!(o.cause, Some("connection_refused"));
}
