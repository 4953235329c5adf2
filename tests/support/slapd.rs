//! A real OpenLDAP slapd on free loopback ports, in a temp dir, with TLS and ppolicy.
//!
//! slapd runs under a tiny `sh` guard that kills it when our end of its stdin closes (the
//! pipe is handed over as fd 3: `sh` gives background jobs /dev/null as stdin), so
//! a shared instance held in a `static` still goes away when the test process exits.

#![allow(dead_code)]

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

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
}

/// A running slapd.
pub struct Slapd {
    dir: tempfile::TempDir,
    guard: Option<(Child, ChildStdin)>,
    /// Port of ldap:// (StartTLS available).
    pub ldap_port: u16,
    /// Port of ldaps://.
    pub ldaps_port: u16,
    /// PEM file of the CA that signed the server certificate.
    pub ca_file: PathBuf,
    /// The CA's common name.
    pub ca_name: String,
}

fn slapd_binary() -> &'static str {
    for p in [
        "/usr/sbin/slapd",
        "/usr/local/sbin/slapd",
        "/usr/local/libexec/slapd",
    ] {
        if Path::new(p).exists() {
            return p;
        }
    }
    panic!(
        "slapd is not installed, and ldapdeck's LDAP tests need a real one: \
         apt-get install -y slapd ldap-utils (scripts/test.sh does this when run as root)"
    );
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// One instance shared by every test of a test binary that can share it.
pub fn shared() -> &'static Slapd {
    static SHARED: OnceLock<Slapd> = OnceLock::new();
    SHARED.get_or_init(|| {
        let ca = Ca::new("ldapdeck shared test CA");
        Slapd::start(
            &ca,
            Options {
                cert: Some(ca.loopback()),
                ..Options::default()
            },
        )
    })
}

impl Slapd {
    /// Writes config, CA and data into a temp dir, loads it with slapadd and starts slapd.
    pub fn start(ca: &Ca, opts: Options) -> Slapd {
        let bin = slapd_binary();
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir(d.join("db")).expect("db dir");
        let ca_file = d.join("ca.pem");
        std::fs::write(&ca_file, &ca.pem).expect("ca");
        if let Some(cert) = &opts.cert {
            std::fs::write(d.join("server.pem"), &cert.cert_pem).expect("cert");
            std::fs::write(d.join("server.key"), &cert.key_pem).expect("key");
        }
        let conf = d.join("slapd.conf");
        std::fs::write(&conf, slapd_conf(d, &opts)).expect("conf");
        let ldif = d.join("base.ldif");
        std::fs::write(&ldif, format!("{}\n{}", BASE_LDIF, opts.extra_ldif)).expect("ldif");
        let out = Command::new(bin.replace("slapd", "slapadd"))
            .args(["-q", "-f"])
            .arg(&conf)
            .arg("-l")
            .arg(&ldif)
            .output()
            .expect("run slapadd");
        assert!(
            out.status.success(),
            "slapadd failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        for _attempt in 0..5 {
            let (ldap_port, ldaps_port) = (free_port(), free_port());
            let urls = if opts.cert.is_some() {
                format!("ldap://127.0.0.1:{ldap_port}/ ldaps://127.0.0.1:{ldaps_port}/")
            } else {
                format!("ldap://127.0.0.1:{ldap_port}/")
            };
            let ports: Vec<u16> = if opts.cert.is_some() {
                vec![ldap_port, ldaps_port]
            } else {
                vec![ldap_port]
            };
            let script = format!(
                "exec 3<&0; {bin} -d stats -f '{}' -h '{urls}' </dev/null >>'{}' 2>&1 & pid=$!; (read _ <&3; kill $pid 2>/dev/null) & wait $pid",
                conf.display(),
                d.join("slapd.log").display()
            );
            let mut child = Command::new("sh")
                .args(["-c", &script])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn slapd");
            let stdin = child.stdin.take().expect("guard stdin");
            if wait_ready(&mut child, &ports, Duration::from_secs(10)) {
                return Slapd {
                    ca_name: ca.name.clone(),
                    dir,
                    guard: Some((child, stdin)),
                    ldap_port,
                    ldaps_port,
                    ca_file,
                };
            }
            // Most likely a port was taken between probing and binding: try others.
            drop(stdin);
            let _ = child.wait();
        }
        panic!(
            "slapd did not start; its log:\n{}",
            std::fs::read_to_string(d.join("slapd.log")).unwrap_or_default()
        );
    }

    /// `ldap://127.0.0.1:PORT`.
    pub fn ldap_url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.ldap_port)
    }

    /// `ldaps://127.0.0.1:PORT`.
    pub fn ldaps_url(&self) -> String {
        format!("ldaps://127.0.0.1:{}", self.ldaps_port)
    }

    /// The instance's directory (config, log, database).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// slapd's log so far, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("slapd.log")).unwrap_or_default()
    }

    /// Stops slapd and waits until its ports refuse connections.
    pub fn stop(&mut self) {
        if let Some((mut child, mut stdin)) = self.guard.take() {
            let _ = stdin.write_all(b"\n");
            drop(stdin);
            let _ = child.wait();
        }
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5)
            && TcpStream::connect(("127.0.0.1", self.ldap_port)).is_ok()
        {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn wait_ready(child: &mut Child, ports: &[u16], limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        if ports
            .iter()
            .all(|p| TcpStream::connect(("127.0.0.1", *p)).is_ok())
        {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
    }
}

fn slapd_conf(dir: &Path, opts: &Options) -> String {
    let d = dir.display();
    let sizelimit = opts
        .sizelimit
        .map_or("unlimited".to_string(), |n| n.to_string());
    let tls = if opts.cert.is_some() {
        format!(
            "TLSCACertificateFile {d}/ca.pem\nTLSCertificateFile {d}/server.pem\nTLSCertificateKeyFile {d}/server.key\nTLSVerifyClient never\n"
        )
    } else {
        String::new()
    };
    let extra = &opts.extra_conf;
    format!(
        r#"include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema

modulepath /usr/lib/ldap
moduleload back_mdb.so
moduleload ppolicy.so

pidfile {d}/slapd.pid
argsfile {d}/slapd.args

{tls}
sizelimit {sizelimit}
{extra}

database mdb
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PW}
directory {d}/db
maxsize 1073741824

index objectClass eq
index uid,cn,mail,ou eq,sub
index member,uniqueMember,memberUid eq

overlay ppolicy
ppolicy_default "cn=default,ou=policies,{SUFFIX}"
ppolicy_hash_cleartext
ppolicy_use_lockout

access to attrs=userPassword
  by self write
  by anonymous auth
  by * none
access to *
  by self write
  by users read
  by anonymous auth
"#
    )
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
