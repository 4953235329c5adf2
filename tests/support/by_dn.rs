//! Entries read by DN, siblings together, checked on any server: what comes back is what a
//! base read of each gives, the existing siblings came from one search, and a missing one (or
//! a server that does not match DNs on the attribute) is read alone.

#![allow(dead_code)]

use ldapdeck::config::{Provider, Secret};
use ldapdeck::ldap::doctor::Password;
use ldapdeck::ldap::net::{connect, tls};
use ldapdeck::ldap::read::by_dn::{Want, read};
use ldapdeck::ldap::write::edit::read_on;

/// Five siblings of `class` in a new OU `ou=bydn` under `base`, and one that is not there.
pub struct Siblings {
    /// The LDIF (change records) that adds the OU and the five.
    pub ldif: String,
    /// Their DNs.
    pub dns: Vec<String>,
    /// A sibling that does not exist.
    pub missing: String,
}

pub fn siblings(base: &str, class: &str) -> Siblings {
    let ou = format!("ou=bydn,{base}");
    let dns: Vec<String> = (0..5).map(|i| format!("cn=s{i},{ou}")).collect();
    let mut ldif =
        format!("dn: {ou}\nchangetype: add\nobjectClass: organizationalUnit\nou: bydn\n");
    for (i, dn) in dns.iter().enumerate() {
        ldif.push_str(&format!(
            "\ndn: {dn}\nchangetype: add\nobjectClass: {class}\ncn: s{i}\n"
        ));
    }
    Siblings {
        ldif,
        dns,
        missing: format!("cn=nobody,{ou}"),
    }
}

/// Reads the siblings (each spelled twice: as given and upper-cased) and the missing one
/// from `url` (its CA in `ca`) bound as `(bind_dn, pw)`, matching DNs as `server` does.
pub async fn siblings_come_back_as_base_reads_give_them(
    url: &str,
    ca: &std::path::Path,
    (bind_dn, pw): (&str, &str),
    server: ldapdeck::config::ServerType,
    sib: &Siblings,
) {
    let attr = ldapdeck::ldap::read::by_dn::dn_attribute(server);
    let (existing, missing) = (&sib.dns, sib.missing.as_str());
    let mut p = Provider::new("by-dn");
    p.urls = vec![url.into()];
    p.ca_file = Some(ca.to_path_buf());
    p.bind_dn = Some(bind_dn.into());
    p.timeout_secs = 10;
    let p = &p;
    let setup = tls::setup(p.ca_file.as_deref(), true).expect("tls");
    let pw = Password::Given(Secret::new(pw), "test".into());
    let (c, _) = connect::open_bound(p, &setup, pw).await.expect("bound");
    let attrs = vec!["objectClass".to_string(), "cn".to_string()];
    let want = |dn: &str| Want {
        dn: dn.into(),
        attrs: attrs.clone(),
        together: true,
    };
    let mut wants: Vec<Want> = existing.iter().map(|d| want(d)).collect();
    wants.push(want(missing));
    wants.extend(existing.iter().map(|d| want(&d.to_uppercase())));
    let t = std::time::Duration::from_secs(10);
    let mut ldap = c.session.ldap.clone();
    let (got, together) = read(&c.session.ldap, t, attr, &wants).await;
    assert_eq!(got.len(), wants.len());
    for (w, g) in wants.iter().zip(&got) {
        let alone = read_on(&mut ldap, t, &w.dn, &["objectClass", "cn"]).await;
        let (g, alone) = (g.as_ref().expect("read"), alone.expect("read alone"));
        assert_eq!(g, &alone, "{}", w.dn);
        assert_eq!(g.is_some(), w.dn != missing, "{}", w.dn);
    }
    assert_eq!(together, existing.len() * 2, "read in one search");
    // A server that does not match DNs on the attribute: every one is read alone, alike.
    let (again, together) = read(&c.session.ldap, t, "description", &wants).await;
    assert_eq!(together, 0);
    assert_eq!(
        again
            .iter()
            .map(|g| g.as_ref().ok().cloned())
            .collect::<Vec<_>>(),
        got.iter()
            .map(|g| g.as_ref().ok().cloned())
            .collect::<Vec<_>>()
    );
    c.session.close().await;
}
