//! A real 389 Directory Server for the tests: one throwaway instance per run of the binary
//! that uses it (`shared`), made with `dscreate from-file` (about 10 s), on loopback ports
//! with the self-signed CA dscreate makes, the memberOf and referential-integrity plugins on
//! (memberOf nested, as 389 ships it) and a global password policy with lockout, expiry, a
//! warning window and grace logins.
//!
//! 389 keeps an instance in system directories (/etc/dirsrv/slapd-NAME, /var/lib/dirsrv/...),
//! so the name carries our pid, and like the Samba harness ns-slapd runs under a small `sh`
//! guard that stops it and removes the instance when our end of a pipe closes: it never
//! outlives the test process even though a `static` is never dropped.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::admin::Admin;

pub const BASE: &str = "dc=example,dc=com";
pub const PEOPLE: &str = "ou=people,dc=example,dc=com";
pub const GROUPS: &str = "ou=groups,dc=example,dc=com";
pub const DM_DN: &str = "cn=Directory Manager";
pub const DM_PW: &str = "Directory-Manager-pw1";
/// The read-only service account the tests' providers bind as.
pub const SVC_DN: &str = "uid=svc,ou=people,dc=example,dc=com";
pub const SVC_PW: &str = "Svc-secret-1";
/// An account every ACI denies (what hidden entries look like from it).
pub const BLIND_DN: &str = "uid=blind,ou=people,dc=example,dc=com";
pub const BLIND_PW: &str = "Blind-secret-1";

const INSTALL: &str = "apt-get install -y --no-install-recommends 389-ds-base";

/// A running 389 DS instance.
pub struct Ds389 {
    /// The instance name (slapd-NAME).
    pub name: String,
    pub port: u16,
    pub tls_port: u16,
    /// The CA that signed the server certificate (for `localhost`).
    pub ca_file: PathBuf,
    prefix: tempfile::TempDir,
    guard: Option<(Child, ChildStdin)>,
}

/// The instance every test of the binary shares.
pub fn shared() -> &'static Ds389 {
    static SHARED: OnceLock<Ds389> = OnceLock::new();
    SHARED.get_or_init(Ds389::start)
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

/// Sets `attrs` (replacing what the entry had of them) in the entry `dn` of a dse.ldif.
fn set_in_dse(text: &str, dn: &str, attrs: &[(&str, &[&str])]) -> String {
    let want = format!("dn: {dn}").to_ascii_lowercase();
    let mut found = false;
    let blocks: Vec<String> = text
        .split("\n\n")
        .map(|block| {
            // Unfold continuation lines first, so every line is one attribute.
            let unfolded = block.replace("\n ", "");
            let mut lines = unfolded.lines();
            let Some(first) = lines.next() else {
                return block.to_string();
            };
            if first.to_ascii_lowercase() != want {
                return block.to_string();
            }
            found = true;
            let mut out = vec![first.to_string()];
            out.extend(
                lines
                    .filter(|l| {
                        let name = l.split(':').next().unwrap_or_default();
                        !attrs.iter().any(|(a, _)| a.eq_ignore_ascii_case(name))
                    })
                    .map(str::to_string),
            );
            for (a, vals) in attrs {
                out.extend(vals.iter().map(|v| format!("{a}: {v}")));
            }
            out.join("\n")
        })
        .collect();
    assert!(found, "dse.ldif has no entry {dn}");
    blocks.join("\n\n")
}

impl Ds389 {
    fn start() -> Ds389 {
        for bin in [
            "/usr/sbin/dscreate",
            "/usr/sbin/ns-slapd",
            "/usr/sbin/dsidm",
        ] {
            assert!(
                Path::new(bin).exists(),
                "ldapdeck's 389 Directory Server tests need a real 389 DS: {bin} is missing \
                 ({INSTALL}; scripts/test.sh installs it when run as root)"
            );
        }
        let name = format!("ldapdeck{}", std::process::id());
        let (port, tls_port) = (super::slapd::free_port(), super::slapd::free_port());
        let prefix = tempfile::Builder::new()
            .prefix("ldapdeck-389-")
            .tempdir()
            .expect("tempdir");
        let p = prefix.path();
        // lib389 reads its defaults from $PREFIX/share/dirsrv/inf; ours say "no systemd".
        let inf_dir = p.join("share/dirsrv/inf");
        std::fs::create_dir_all(&inf_dir).expect("inf dir");
        let defaults = std::fs::read_to_string("/usr/share/dirsrv/inf/defaults.inf")
            .expect("389's defaults.inf");
        std::fs::write(
            inf_dir.join("defaults.inf"),
            defaults.replace("with_systemd = 1", "with_systemd = 0"),
        )
        .expect("defaults.inf");
        let inf = p.join("instance.inf");
        std::fs::write(
            &inf,
            format!(
                "[general]\nfull_machine_name = localhost\nstart = False\n\
                 [slapd]\ninstance_name = {name}\nport = {port}\nsecure_port = {tls_port}\n\
                 root_password = {DM_PW}\nself_sign_cert = True\n\
                 [backend-userroot]\nsuffix = {BASE}\nsample_entries = no\n"
            ),
        )
        .expect("instance.inf");
        let etc = PathBuf::from(format!("/etc/dirsrv/slapd-{name}"));
        let paths = [
            etc.display().to_string(),
            format!("/var/lib/dirsrv/slapd-{name}"),
            format!("/var/log/dirsrv/slapd-{name}"),
            format!("/run/lock/dirsrv/slapd-{name}"),
            format!("/run/dirsrv/slapd-{name}.pid"),
            format!("/run/dirsrv/slapd-{name}.stats"),
            p.display().to_string(),
        ];
        let cleanup = paths
            .iter()
            .map(|x| format!("'{x}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let created = Command::new("dscreate")
            .args(["from-file"])
            .arg(&inf)
            .env("PREFIX", p)
            .output()
            .expect("run dscreate");
        if !created.status.success() {
            let _ = Command::new("sh")
                .args(["-c", &format!("rm -rf {cleanup}")])
                .status();
            panic!(
                "dscreate from-file failed:\n{}\n{}",
                String::from_utf8_lossy(&created.stdout),
                String::from_utf8_lossy(&created.stderr)
            );
        }
        // The configuration goes in before the first start: loopback only, the memberOf
        // plugin (restart-only), and the global password policy (must-change comes later,
        // after the load, or every loaded password would start out reset).
        let dse = etc.join("dse.ldif");
        let text = std::fs::read_to_string(&dse).expect("dse.ldif");
        let text = set_in_dse(
            &text,
            "cn=config",
            &[
                ("nsslapd-listenhost", &["127.0.0.1"]),
                ("nsslapd-securelistenhost", &["127.0.0.1"]),
                ("passwordExp", &["on"]),
                ("passwordMaxAge", &["8640000"]),
                ("passwordWarning", &["86400"]),
                ("passwordGraceLimit", &["2"]),
                ("passwordLockout", &["on"]),
                ("passwordMaxFailure", &["3"]),
                ("passwordLockoutDuration", &["3600"]),
                ("nsslapd-pwpolicy-local", &["on"]),
            ],
        );
        let text = set_in_dse(
            &text,
            "cn=MemberOf Plugin,cn=plugins,cn=config",
            &[
                ("nsslapd-pluginEnabled", &["on"]),
                ("memberOfGroupAttr", &["member", "uniqueMember"]),
                ("memberOfAutoAddOC", &["nsMemberOf"]),
            ],
        );
        // Referential integrity, as most 389 sites run it: a delete or rename rewrites
        // `member` and `uniqueMember` in every group, which undo has to live with.
        let text = set_in_dse(
            &text,
            "cn=referential integrity postoperation,cn=plugins,cn=config",
            &[
                ("nsslapd-pluginEnabled", &["on"]),
                ("referint-update-delay", &["0"]),
            ],
        );
        std::fs::write(&dse, text).expect("dse.ldif");
        for d in [
            "/run/dirsrv".to_string(),
            format!("/run/lock/dirsrv/slapd-{name}"),
        ] {
            std::fs::create_dir_all(&d).expect("run dir");
            run(Command::new("chown").args(["dirsrv", &d]), "chown dirsrv");
        }
        let ca_file = p.join("ca.pem");
        std::fs::copy(etc.join("ca.crt"), &ca_file).expect("ca.crt");

        // -d 0 keeps ns-slapd in the foreground, so the guard can wait for it.
        let script = format!(
            "exec 3<&0; setsid /usr/sbin/ns-slapd -D '{etc}' -d 0 </dev/null >>'{log}' 2>&1 & pid=$!; \
             (read _ <&3; kill -TERM $pid 2>/dev/null; sleep 3; kill -KILL $pid 2>/dev/null; rm -rf {cleanup}) & wait $pid",
            etc = etc.display(),
            log = p.join("ns-slapd.out").display(),
        );
        let mut child = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ns-slapd");
        let stdin = child.stdin.take().expect("guard pipe");
        std::fs::write(p.join("dm.pw"), DM_PW).expect("dm.pw");
        let mut s = Ds389 {
            name,
            port,
            tls_port,
            ca_file,
            prefix,
            guard: Some((child, stdin)),
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
                panic!("ns-slapd exited at start; its log:\n{}", self.log());
            }
            if self
                .admin()
                .run("ldapsearch", &["-b", "", "-s", "base", "vendorName"], None)
                .status
                .success()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "ns-slapd did not answer within 60 s; its log:\n{}",
            self.log()
        );
    }

    /// The suffix, the OUs, the service account (read access, operational attributes
    /// included) and groups of 389's three traditional classes.
    fn load_base(&self) {
        self.modify(&format!(
            "dn: {BASE}\nchangetype: add\nobjectClass: top\nobjectClass: domain\ndc: example\n\
             aci: (targetattr=\"*\")(version 3.0; acl \"users read\"; allow (read, search, compare) userdn=\"ldap:///all\";)\n\
             aci: (targetattr=\"*\")(version 3.0; acl \"blind sees nothing\"; deny (all) userdn=\"ldap:///{BLIND_DN}\";)\n\n\
             dn: {PEOPLE}\nchangetype: add\nobjectClass: organizationalUnit\nou: people\n\n\
             dn: {GROUPS}\nchangetype: add\nobjectClass: organizationalUnit\nou: groups\n\n\
             dn: {SVC_DN}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: svc\ncn: svc\nsn: svc\n\
             userPassword: {SVC_PW}\n\n\
             dn: {BLIND_DN}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: blind\ncn: blind\nsn: blind\n\
             userPassword: {BLIND_PW}\n"
        ));
        // From here on an administrator's reset means "change it at the next login".
        self.modify(
            "dn: cn=config\nchangetype: modify\nreplace: passwordMustChange\npasswordMustChange: on\n",
        );
    }

    /// ns-slapd's output and error log so far.
    pub fn log(&self) -> String {
        let mut s =
            std::fs::read_to_string(self.prefix.path().join("ns-slapd.out")).unwrap_or_default();
        s.push_str(
            &std::fs::read_to_string(format!("/var/log/dirsrv/slapd-{}/errors", self.name))
                .unwrap_or_default(),
        );
        s
    }

    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    /// ldaps on the name the self-signed certificate carries.
    pub fn tls_url(&self) -> String {
        format!("ldaps://localhost:{}", self.tls_port)
    }

    /// OpenLDAP's tools bound as Directory Manager (plain ldap://, loopback).
    fn admin(&self) -> Admin {
        Admin {
            url: self.url(),
            dn: DM_DN,
            pw_file: self.prefix.path().join("dm.pw"),
            ca_file: None,
        }
    }

    /// Applies LDIF change records as Directory Manager, failing the test on error.
    pub fn modify(&self, ldif: &str) {
        self.admin().modify(ldif)
    }

    /// An entry as sorted `attr: value` lines, read as Directory Manager; empty when absent.
    pub fn entry(&self, dn: &str, attrs: &[&str]) -> Vec<String> {
        self.admin().entry(dn, attrs)
    }

    /// One attribute's values (case of the name as the server writes it ignored).
    pub fn values(&self, dn: &str, attr: &str) -> Vec<String> {
        self.admin().values(dn, attr)
    }

    /// Adds an inetOrgPerson under ou=people with a password; returns its DN. Under
    /// passwordMustChange an administrator's password is a reset (passwordExpirationTime
    /// 1970): the user starts out healthy instead, its password good for 100 days.
    pub fn add_user(&self, uid: &str, password: &str, extra: &str) -> String {
        let dn = format!("uid={uid},{PEOPLE}");
        self.modify(&format!(
            "dn: {dn}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\n\
             sn: {uid}\nuserPassword: {password}\n{extra}"
        ));
        self.expire_at(&dn, "20991231000000Z");
        dn
    }

    /// Sets when `dn`'s password expires (389's passwordExpirationTime, a generalized time).
    pub fn expire_at(&self, dn: &str, when: &str) {
        self.modify(&format!(
            "dn: {dn}\nchangetype: modify\nreplace: passwordExpirationTime\npasswordExpirationTime: {when}\n"
        ));
    }

    /// The result code of a simple bind (ldapwhoami), 0 when it succeeds.
    pub fn bind_rc(&self, dn: &str, password: &str) -> i32 {
        let pw = tempfile::NamedTempFile::new().expect("pw file");
        std::fs::write(pw.path(), password).expect("pw file");
        let out = Command::new("ldapwhoami")
            .args(["-x", "-H", &self.url(), "-D", dn, "-y"])
            .arg(pw.path())
            .output()
            .expect("ldapwhoami");
        if out.status.success() {
            return 0;
        }
        // "ldap_bind: Invalid credentials (49)": the code is in the parentheses.
        let err = String::from_utf8_lossy(&out.stderr);
        err.lines()
            .find(|l| l.starts_with("ldap_bind"))
            .and_then(|l| l.rsplit_once('(').map(|x| x.1))
            .and_then(|x| x.split(')').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(-1)
    }

    /// Runs 389's own `dsidm` against the instance as Directory Manager.
    pub fn dsidm(&self, args: &[&str]) -> String {
        run(
            Command::new("dsidm")
                .arg(self.url())
                .args(["-D", DM_DN, "-b", BASE, "-y"])
                .arg(self.prefix.path().join("dm.pw"))
                .args(args),
            &format!("dsidm {args:?}"),
        )
    }
}

impl Drop for Ds389 {
    fn drop(&mut self) {
        if let Some((mut child, mut stdin)) = self.guard.take() {
            let _ = stdin.write_all(b"\n");
            drop(stdin);
            let _ = child.wait();
        }
    }
}
