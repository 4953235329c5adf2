//! The test slapd itself: it starts, serves ldap://, StartTLS and ldaps:// with the
//! throwaway CA, enforces its password policies, and stops on request.

mod support;

use std::sync::Arc;
use std::time::Duration;

use ldap3::{LdapConnAsync, LdapConnSettings};
use support::slapd::{self, ADMIN_DN, ADMIN_PW, LOCKY, SVC_DN, SVC_PW};

fn tls_config(ca_pem_file: &std::path::Path) -> Arc<rustls::ClientConfig> {
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_file_iter(ca_pem_file).expect("ca file") {
        roots.add(c.expect("pem")).expect("add root");
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let cfg = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(cfg)
}

async fn bind(url: &str, settings: LdapConnSettings, dn: &str, pw: &str) -> Result<u32, String> {
    let settings = settings.set_conn_timeout(Duration::from_secs(5));
    let (conn, mut ldap) = LdapConnAsync::with_settings(settings, url)
        .await
        .map_err(|e| e.to_string())?;
    ldap3::drive!(conn);
    let rc = ldap
        .simple_bind(dn, pw)
        .await
        .map_err(|e| e.to_string())?
        .rc;
    let _ = ldap.unbind().await;
    Ok(rc)
}

#[tokio::test]
async fn serves_plain_starttls_and_ldaps_with_the_test_ca() {
    let s = slapd::shared();
    let cfg = tls_config(&s.ca_file);
    let plain = bind(&s.ldap_url(), LdapConnSettings::new(), SVC_DN, SVC_PW).await;
    assert_eq!(plain, Ok(0), "{}", s.log());
    let starttls = LdapConnSettings::new()
        .set_config(cfg.clone())
        .set_starttls(true);
    assert_eq!(
        bind(&s.ldap_url(), starttls, ADMIN_DN, ADMIN_PW).await,
        Ok(0)
    );
    let ldaps = LdapConnSettings::new().set_config(cfg);
    assert_eq!(bind(&s.ldaps_url(), ldaps, SVC_DN, SVC_PW).await, Ok(0));
    assert_eq!(
        bind(&s.ldap_url(), LdapConnSettings::new(), SVC_DN, "wrong").await,
        Ok(49)
    );
}

#[tokio::test]
async fn the_lockout_policy_locks_after_three_failures() {
    let s = slapd::shared();
    let dn = format!("uid={},ou=people,{}", LOCKY.0, slapd::SUFFIX);
    for _ in 0..3 {
        assert_eq!(
            bind(&s.ldap_url(), LdapConnSettings::new(), &dn, "bad").await,
            Ok(49)
        );
        // slapd records a failure with an internal write after it answers; let it land.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Locked now: even the right password is refused.
    let mut rc = Ok(0);
    for _ in 0..20 {
        rc = bind(&s.ldap_url(), LdapConnSettings::new(), &dn, LOCKY.1).await;
        if rc == Ok(49) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(rc, Ok(49));
}

#[tokio::test]
async fn a_stopped_instance_refuses_connections() {
    let ca = support::pki::Ca::new("stop test CA");
    let mut s = slapd::start(
        &ca,
        slapd::Options {
            cert: Some(ca.loopback()),
            ..slapd::Options::default()
        },
    );
    let url = s.ldap_url();
    assert_eq!(
        bind(&url, LdapConnSettings::new(), SVC_DN, SVC_PW).await,
        Ok(0)
    );
    s.stop();
    let e = bind(&url, LdapConnSettings::new(), SVC_DN, SVC_PW)
        .await
        .expect_err("stopped");
    assert!(e.contains("refused"), "{e}");
}

#[test]
fn the_demo_journals_in_its_own_directory_and_removes_it() {
    let demo = ldapdeck::demo::Demo::start(0).expect("demo");
    let journal = demo.journal_dir();
    let home = demo.config_path().parent().expect("dir").to_path_buf();
    assert!(journal.starts_with(&home), "{}", journal.display());
    std::fs::create_dir_all(&journal).expect("mkdir");
    std::fs::write(journal.join("demo.jsonl"), "{}\n").expect("write");
    drop(demo);
    assert!(!home.exists(), "{} outlived the demo", home.display());
}
