//! A real Active Directory peer for the tests: a Samba AD DC provisioned into a temp dir,
//! serving LDAP on loopback with a certificate from a throwaway CA. AD's ports are fixed (389,
//! 636, 88, ...), so one instance serves one test binary (`shared`), and only one such binary
//! exists (`tests/ad.rs`).
//!
//! Like the slapd launcher, samba runs under a tiny `sh` guard that kills its whole process
//! group and removes its directory when our end of a pipe closes, so it never outlives the
//! test process even though a `static` is never dropped.

#![allow(dead_code)]

use std::io::Write;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use base64::Engine;

use super::admin::Admin;
use super::pki::{Ca, CertSpec};

pub const REALM: &str = "EXAMPLE.TEST";
pub const BASE: &str = "DC=example,DC=test";
pub const ADMIN_DN: &str = "CN=Administrator,CN=Users,DC=example,DC=test";
/// Meets AD's default complexity rules.
pub const ADMIN_PW: &str = "Adm1n-Passw0rd!";
/// Where the tests' users and groups live (the provider's users_base and groups_base).
pub const STAFF: &str = "OU=Staff,DC=example,DC=test";
pub const GROUPS: &str = "OU=Groups,DC=example,DC=test";

const INSTALL: &str = "apt-get install -y samba-ad-dc samba";

/// A running Samba AD DC.
pub struct Samba {
    dir: tempfile::TempDir,
    guard: Option<(Child, ChildStdin)>,
    /// PEM file of the CA that signed the DC's certificate.
    pub ca_file: PathBuf,
}

/// The instance every test of the binary shares (provisioned once, ~5 s).
pub fn shared() -> &'static Samba {
    static SHARED: OnceLock<Samba> = OnceLock::new();
    SHARED.get_or_init(Samba::start)
}

fn run(cmd: &mut Command, what: &str) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Samba {
    fn start() -> Samba {
        for bin in ["/usr/sbin/samba", "/usr/bin/samba-tool"] {
            assert!(
                Path::new(bin).exists(),
                "ldapdeck's Active Directory tests need a real Samba AD DC: {bin} is missing \
                 ({INSTALL}; scripts/test.sh installs it when run as root)"
            );
        }
        for port in [389, 636] {
            assert!(
                TcpStream::connect(("127.0.0.1", port)).is_err(),
                "port {port} on 127.0.0.1 is taken; the Samba AD DC needs 88, 389, 464, 636, \
                 3268 and 3269 (is another directory server running?)"
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("ldapdeck-samba-")
            .tempdir()
            .expect("tempdir");
        let d = dir.path().to_path_buf();
        run(
            Command::new("samba-tool").args([
                "domain",
                "provision",
                &format!("--targetdir={}", d.display()),
                &format!("--realm={REALM}"),
                "--domain=EXAMPLE",
                "--server-role=dc",
                "--dns-backend=NONE",
                "--use-rfc2307",
                &format!("--adminpass={ADMIN_PW}"),
                "--host-name=dc1",
                "--host-ip=127.0.0.1",
                "--option=interfaces=lo",
                "--option=bind interfaces only=yes",
            ]),
            "samba-tool domain provision",
        );

        let ca = Ca::new("ldapdeck samba test CA");
        let cert = ca.server(&CertSpec {
            sans: &["localhost", "127.0.0.1", "::1", "dc1.example.test"],
            not_after: (2099, 1, 1),
        });
        let tls = d.join("tls");
        std::fs::create_dir(&tls).expect("tls dir");
        let ca_file = tls.join("ca.pem");
        std::fs::write(&ca_file, &ca.pem).expect("ca.pem");
        std::fs::write(tls.join("server.pem"), &cert.cert_pem).expect("server.pem");
        {
            use std::os::unix::fs::OpenOptionsExt;
            // samba refuses a key file that others can read.
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(tls.join("server.key"))
                .expect("server.key");
            f.write_all(cert.key_pem.as_bytes()).expect("server.key");
        }
        let conf = d.join("etc/smb.conf");
        let text = std::fs::read_to_string(&conf).expect("smb.conf");
        std::fs::write(&conf, smb_conf(&text, &d)).expect("smb.conf");
        for sub in ["run", "log"] {
            std::fs::create_dir_all(d.join(sub)).expect("run dir");
        }

        // setsid makes samba the leader of its own process group (it forks workers), so the
        // guard can stop all of them with one kill.
        let script = format!(
            "exec 3<&0; setsid /usr/sbin/samba -i -s '{conf}' </dev/null >>'{log}' 2>&1 & pid=$!; \
             (read _ <&3; kill -TERM -$pid 2>/dev/null; sleep 2; kill -KILL -$pid 2>/dev/null; rm -rf '{dir}') & wait $pid",
            conf = conf.display(),
            log = d.join("log/samba.out").display(),
            dir = d.display()
        );
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start samba");
        let stdin = child.stdin.take().expect("guard pipe");
        std::fs::write(d.join("admin.pw"), ADMIN_PW).expect("admin.pw");
        let mut s = Samba {
            dir,
            guard: Some((child, stdin)),
            ca_file,
        };
        s.wait_ready();
        s.load_base();
        s
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if let Some((child, _)) = &mut self.guard
                && let Ok(Some(_)) = child.try_wait()
            {
                panic!("samba exited at start; its log:\n{}", self.log());
            }
            let ok = self
                .admin()
                .run(
                    "ldapsearch",
                    &["-b", "", "-s", "base", "defaultNamingContext"],
                    None,
                )
                .status
                .success();
            if ok {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "samba did not answer on ldaps:// within 60 s; its log:\n{}",
            self.log()
        );
    }

    /// The OUs and the group every test starts with.
    fn load_base(&self) {
        self.modify(&format!(
            "dn: {STAFF}\nchangetype: add\nobjectClass: organizationalUnit\nou: Staff\n\n\
             dn: {GROUPS}\nchangetype: add\nobjectClass: organizationalUnit\nou: Groups\n\n\
             dn: CN=Ops,{GROUPS}\nchangetype: add\nobjectClass: group\ncn: Ops\nsAMAccountName: Ops\n"
        ));
    }

    /// samba's own log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log/samba.out")).unwrap_or_default()
    }

    /// OpenLDAP's tools over ldaps:// bound as Administrator.
    fn admin(&self) -> Admin {
        Admin {
            url: "ldaps://127.0.0.1".into(),
            dn: ADMIN_DN,
            pw_file: self.dir.path().join("admin.pw"),
            ca_file: Some(self.ca_file.clone()),
        }
    }

    /// Applies LDIF change records as Administrator (ldapmodify), failing the test on error.
    pub fn modify(&self, ldif: &str) {
        self.admin().modify(ldif)
    }

    /// An entry as LDIF lines (`attr: value`, sorted), read with ldapsearch; empty when absent.
    pub fn entry(&self, dn: &str, attrs: &[&str]) -> Vec<String> {
        self.admin().entry(dn, attrs)
    }

    /// One attribute's values.
    pub fn values(&self, dn: &str, attr: &str) -> Vec<String> {
        self.admin().values(dn, attr)
    }

    /// Adds a user under OU=Staff with a password (over TLS, as AD requires) and this
    /// userAccountControl; returns its DN.
    pub fn add_user(&self, sam: &str, password: &str, uac: u32) -> String {
        let dn = format!("CN={sam},{STAFF}");
        self.modify(&format!(
            "dn: {dn}\nchangetype: add\nobjectClass: user\nsAMAccountName: {sam}\n\
             userPrincipalName: {sam}@example.test\nmail: {sam}@example.test\n\
             unicodePwd:: {}\nuserAccountControl: {uac}\n",
            unicode_pwd(password)
        ));
        dn
    }

    /// Whether a simple bind as `who` with `password` succeeds (Samba has no WhoAmI: a base
    /// search of the RootDSE stands in for it).
    pub fn binds(&self, who: &str, password: &str) -> bool {
        let pw = tempfile::NamedTempFile::new().expect("pw file");
        std::fs::write(pw.path(), password).expect("pw file");
        Command::new("ldapsearch")
            .args(["-x", "-H", "ldaps://127.0.0.1", "-D", who, "-y"])
            .arg(pw.path())
            .args(["-b", "", "-s", "base", "dn"])
            .env("LDAPTLS_CACERT", &self.ca_file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("ldapsearch")
            .success()
    }
}

impl Drop for Samba {
    fn drop(&mut self) {
        if let Some((mut child, mut stdin)) = self.guard.take() {
            let _ = stdin.write_all(b"\n");
            drop(stdin);
            let _ = child.wait();
        }
    }
}

/// AD's password value: the password in double quotes, UTF-16LE, base64 for LDIF. Written
/// here rather than taken from ldapdeck so the fixture does not trust the code under test.
pub fn unicode_pwd(password: &str) -> String {
    let bytes: Vec<u8> = format!("\"{password}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The provisioned smb.conf, kept inside `dir`, on loopback, with only the services an LDAP
/// client needs and our certificate.
fn smb_conf(text: &str, dir: &Path) -> String {
    let d = dir.display();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let k = l.trim_start();
            !k.starts_with("server services") && !k.starts_with("log file")
        })
        .collect();
    let extra = format!(
        "\tserver services = ldap, cldap, kdc\n\
         \tlog file = {d}/log/log.%m\n\
         \tpid directory = {d}/run\n\
         \tncalrpc dir = {d}/run/ncalrpc\n\
         \twinbindd socket directory = {d}/run/winbindd\n\
         \tntp signd socket directory = {d}/run/ntp_signd\n\
         \tdisable netbios = yes\n\
         \tdns update command = /bin/true\n\
         \ttls enabled = yes\n\
         \ttls keyfile = {d}/tls/server.key\n\
         \ttls certfile = {d}/tls/server.pem\n\
         \ttls cafile = {d}/tls/ca.pem\n\
         \tldap server require strong auth = no\n"
    );
    let mut out = String::new();
    for l in kept {
        out.push_str(l);
        out.push('\n');
        if l.trim() == "[global]" {
            out.push_str(&extra);
        }
    }
    out
}
