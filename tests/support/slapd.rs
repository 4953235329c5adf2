//! The tests' slapd: the library's launcher with the test directory's data, one instance
//! shared per test binary, and `expect` instead of errors.

#![allow(dead_code)]

use std::sync::OnceLock;

pub use ldapdeck::demo::slapd::Slapd;

use super::pki::{Ca, ServerCert};

/// The directory suffix of every test instance.
pub const SUFFIX: &str = "dc=example,dc=org";
/// The rootdn and its password.
pub const ADMIN_DN: &str = "cn=admin,dc=example,dc=org";
pub const ADMIN_PW: &str = "admin-secret";
/// A service account with read access, as a provider would bind.
pub const SVC_DN: &str = "cn=svc,ou=services,dc=example,dc=org";
pub const SVC_PW: &str = "svc-secret";
/// Users: (uid, password).
pub const ALICE: (&str, &str) = ("alice", "alice-pw");
pub const LOCKY: (&str, &str) = ("locky", "locky-pw");
pub const EXPIRED: (&str, &str) = ("expired", "expired-pw");
pub const MUSTCHANGE: (&str, &str) = ("mustchange", "mustchange-pw");
/// Disabled for the application: `employeeType: disabled`, which the server ignores.
pub const GONE: (&str, &str) = ("gone", "gone-pw");
/// Two entries share this login (one in ou=contractors, one in ou=partners).
pub const DUP: &str = "dup";

/// What a test instance should look like.
#[derive(Default)]
pub struct Options {
    /// Certificate served on ldaps:// and after StartTLS; `None`: no TLS at all (no ldaps
    /// port, StartTLS refused).
    pub cert: Option<ServerCert>,
    /// More LDIF to load after the base entries.
    pub extra_ldif: String,
    /// Server size limit (`unlimited` when None).
    pub sizelimit: Option<u32>,
    /// More global slapd.conf lines (e.g. `disallow bind_anon`).
    pub extra_conf: String,
    /// More lines for the database section (e.g. `limits ...`).
    pub extra_db_conf: String,
}

/// Starts an instance with the test directory; a missing slapd fails loudly with the package.
pub fn start(ca: &Ca, opts: Options) -> Slapd {
    let lib = ldapdeck::demo::slapd::Options {
        suffix: SUFFIX.into(),
        root_dn: ADMIN_DN.into(),
        root_pw: ADMIN_PW.into(),
        ca_pem: ca.pem.clone(),
        ca_name: ca.name.clone(),
        cert: opts.cert,
        ldif: format!("{BASE_LDIF}\n{}", opts.extra_ldif),
        sizelimit: opts.sizelimit,
        extra_conf: opts.extra_conf,
        extra_db_conf: opts.extra_db_conf,
    };
    match Slapd::start(lib) {
        Ok(s) => s,
        Err(e) => panic!(
            "{e}\nldapdeck's LDAP tests need a real slapd (scripts/test.sh installs it when run as root)"
        ),
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    ldapdeck::demo::slapd::free_port().expect("free port")
}

/// One instance shared by every test of a test binary that can share it.
pub fn shared() -> &'static Slapd {
    static SHARED: OnceLock<Slapd> = OnceLock::new();
    SHARED.get_or_init(|| {
        let ca = Ca::new("ldapdeck shared test CA");
        start(
            &ca,
            Options {
                cert: Some(ca.loopback()),
                ..Options::default()
            },
        )
    })
}

/// The directory every instance starts with: a service account, three users, a group, policies.
const BASE_LDIF: &str = r#"dn: dc=example,dc=org
objectClass: top
objectClass: dcObject
objectClass: organization
o: Example Org
dc: example

dn: ou=policies,dc=example,dc=org
objectClass: organizationalUnit
ou: policies

dn: cn=default,ou=policies,dc=example,dc=org
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMaxAge: 0
pwdLockout: FALSE

dn: cn=lockout,ou=policies,dc=example,dc=org
objectClass: device
objectClass: pwdPolicy
cn: lockout
pwdAttribute: userPassword
pwdMaxFailure: 3
pwdLockout: TRUE
pwdLockoutDuration: 600
pwdFailureCountInterval: 600

dn: cn=expiry,ou=policies,dc=example,dc=org
objectClass: device
objectClass: pwdPolicy
cn: expiry
pwdAttribute: userPassword
pwdMaxAge: 60
pwdGraceAuthnLimit: 0

dn: ou=services,dc=example,dc=org
objectClass: organizationalUnit
ou: services

dn: cn=svc,ou=services,dc=example,dc=org
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: svc
userPassword: svc-secret

dn: ou=people,dc=example,dc=org
objectClass: organizationalUnit
ou: people

dn: uid=alice,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: alice
cn: Alice Archer
givenName: Alice
sn: Archer
mail: alice@example.org
userPassword: alice-pw

dn: uid=locky,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: locky
cn: Locky Lock
sn: Lock
userPassword: locky-pw
pwdPolicySubentry: cn=lockout,ou=policies,dc=example,dc=org

dn: uid=expired,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: expired
cn: Old Timer
sn: Timer
userPassword: expired-pw
pwdPolicySubentry: cn=expiry,ou=policies,dc=example,dc=org
pwdChangedTime: 20200101000000Z

dn: cn=mustchange,ou=policies,dc=example,dc=org
objectClass: device
objectClass: pwdPolicy
cn: mustchange
pwdAttribute: userPassword
pwdMustChange: TRUE

dn: uid=mustchange,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: mustchange
cn: Reset Recently
sn: Recently
userPassword: mustchange-pw
pwdPolicySubentry: cn=mustchange,ou=policies,dc=example,dc=org
pwdReset: TRUE

dn: uid=gone,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: gone
cn: Gone Away
sn: Away
employeeType: disabled
userPassword: gone-pw

dn: ou=contractors,dc=example,dc=org
objectClass: organizationalUnit
ou: contractors

dn: uid=dup,ou=contractors,dc=example,dc=org
objectClass: inetOrgPerson
uid: dup
cn: Dup One
sn: One
userPassword: dup-pw

dn: ou=partners,dc=example,dc=org
objectClass: organizationalUnit
ou: partners

dn: uid=dup,ou=partners,dc=example,dc=org
objectClass: inetOrgPerson
uid: dup
cn: Dup Two
sn: Two
userPassword: dup-pw

dn: ou=Instance1,dc=example,dc=org
objectClass: organizationalUnit
ou: Instance1

dn: ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: organizationalUnit
ou: ldap_tenant_1

dn: ou=ldap_group_1,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: organizationalUnit
ou: ldap_group_1

dn: uid=ldap.user@netaxis.be,ou=ldap_group_1,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: inetOrgPerson
uid: ldap.user@netaxis.be
cn: User Netaxis
sn: Netaxis
telephoneNumber: 6677
employeeNumber: bwks.user@netaxis.be

dn: uid=second@netaxis.be,ou=ldap_group_1,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: inetOrgPerson
uid: second@netaxis.be
cn: Doe, John
sn: John
telephoneNumber: 6678

dn: uid=third@netaxis.be,ou=ldap_group_1,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: inetOrgPerson
uid: third@netaxis.be
cn:: Wm/DqyBDYWbDqQ==
sn: Café
telephoneNumber: 6679
employeeNumber: bwks.third@netaxis.be

dn: ou=ldap_group_2,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: organizationalUnit
ou: ldap_group_2

dn: uid=fourth@netaxis.be,ou=ldap_group_2,ou=ldap_tenant_1,ou=Instance1,dc=example,dc=org
objectClass: inetOrgPerson
uid: fourth@netaxis.be
cn: Fourth User
sn: User
telephoneNumber: 6680

dn: ou=ldap_tenant_2,ou=Instance1,dc=example,dc=org
objectClass: organizationalUnit
ou: ldap_tenant_2

dn: ou=ldap_group_3,ou=ldap_tenant_2,ou=Instance1,dc=example,dc=org
objectClass: organizationalUnit
ou: ldap_group_3

dn: uid=another_ldap.user@netaxis.be,ou=ldap_group_3,ou=ldap_tenant_2,ou=Instance1,dc=example,dc=org
objectClass: inetOrgPerson
uid: another_ldap.user@netaxis.be
cn: Another User Netaxis
sn: Netaxis
telephoneNumber: 7788

dn: cn=unix,ou=groups,dc=example,dc=org
objectClass: posixGroup
cn: unix
gidNumber: 5000
memberUid: alice
memberUid: gone

dn: ou=groups,dc=example,dc=org
objectClass: organizationalUnit
ou: groups

dn: cn=staff,ou=groups,dc=example,dc=org
objectClass: groupOfNames
cn: staff
member: uid=alice,ou=people,dc=example,dc=org

dn: cn=ops,ou=groups,dc=example,dc=org
objectClass: groupOfNames
cn: ops
member: uid=alice,ou=people,dc=example,dc=org
member: uid=gone,ou=people,dc=example,dc=org
"#;

/// Runs an OpenLDAP client tool (`ldapadd`, `ldapmodify`) as the rootdn on the shared slapd,
/// with `ldif` on its standard input; fails the test when the tool does.
pub fn as_admin(tool: &str, ldif: &str) {
    let s = shared();
    let pw = tempfile::NamedTempFile::new().expect("pw file");
    std::fs::write(pw.path(), ADMIN_PW).expect("write pw");
    let mut child = std::process::Command::new(tool)
        .args(["-x", "-H", &s.ldap_url(), "-D", ADMIN_DN, "-y"])
        .arg(pw.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{tool} (ldap-utils) must be installed: {e}"));
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), ldif.as_bytes())
        .expect("write");
    assert!(
        child.wait().expect("wait").success(),
        "{tool} failed:\n{ldif}"
    );
}
