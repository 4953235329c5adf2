//! A private OpenLDAP slapd on free loopback ports in a temp dir, for the demo and the tests.
//!
//! slapd runs under a tiny `sh` guard that kills it and removes its directory when our end
//! of a pipe closes (handed over as fd 3: `sh` gives background jobs /dev/null as stdin), so
//! neither outlives the process that started it, even one that is killed or keeps it in a
//! `static` (whose destructor never runs).

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use super::pki::ServerCert;

/// The package to install when slapd is missing.
pub const INSTALL_HINT: &str = "apt-get install -y slapd ldap-utils";

/// Why slapd could not be started.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// No slapd binary.
    #[error("OpenLDAP's slapd is not installed: {INSTALL_HINT}")]
    NotInstalled,
    /// Writing the instance's files or running a tool failed.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// slapadd refused the data.
    #[error("slapadd refused the directory data: {0}")]
    Load(String),
    /// slapd did not come up.
    #[error("slapd did not start; its log:\n{0}")]
    Start(String),
}

/// What an instance looks like.
#[derive(Default)]
pub struct Options {
    /// The database suffix, e.g. `dc=example,dc=org`.
    pub suffix: String,
    /// The rootdn.
    pub root_dn: String,
    /// The rootdn's password.
    pub root_pw: String,
    /// PEM of the CA that signed `cert` (written as `ca.pem`).
    pub ca_pem: String,
    /// The CA's name, for messages.
    pub ca_name: String,
    /// Certificate for ldaps:// and StartTLS; `None`: no TLS at all.
    pub cert: Option<ServerCert>,
    /// The data, loaded with slapadd before start.
    pub ldif: String,
    /// Server size limit (`unlimited` when None).
    pub sizelimit: Option<u32>,
    /// More global slapd.conf lines (e.g. `disallow bind_anon`).
    pub extra_conf: String,
    /// More lines for the database section (e.g. `limits ...`).
    pub extra_db_conf: String,
}

/// A running slapd; dropping it stops slapd and removes its directory.
pub struct Slapd {
    dir: tempfile::TempDir,
    guard: Option<(Child, ChildStdin)>,
    /// Port of ldap:// (StartTLS available when there is TLS).
    pub ldap_port: u16,
    /// Port of ldaps:// (0 without TLS).
    pub ldaps_port: u16,
    /// PEM file of the CA that signed the server certificate.
    pub ca_file: PathBuf,
    /// The CA's name.
    pub ca_name: String,
}

/// Where slapd is installed, if it is.
pub fn binary() -> Option<&'static str> {
    [
        "/usr/sbin/slapd",
        "/usr/local/sbin/slapd",
        "/usr/local/libexec/slapd",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
}

/// A port nobody listens on right now.
pub fn free_port() -> std::io::Result<u16> {
    TcpListener::bind("127.0.0.1:0")?
        .local_addr()
        .map(|a| a.port())
}

fn io(what: &str) -> impl FnOnce(std::io::Error) -> LaunchError + '_ {
    move |e| LaunchError::Io(what.to_string(), e)
}

impl Slapd {
    /// Writes config and certificates into a temp dir, loads the data and starts slapd.
    pub fn start(opts: Options) -> Result<Slapd, LaunchError> {
        let bin = binary().ok_or(LaunchError::NotInstalled)?;
        let dir = tempfile::Builder::new()
            .prefix("ldapdeck-slapd-")
            .tempdir()
            .map_err(io("create a temp dir"))?;
        let d = dir.path().to_path_buf();
        std::fs::create_dir(d.join("db")).map_err(io("create the database dir"))?;
        let ca_file = d.join("ca.pem");
        std::fs::write(&ca_file, &opts.ca_pem).map_err(io("write ca.pem"))?;
        if let Some(cert) = &opts.cert {
            std::fs::write(d.join("server.pem"), &cert.cert_pem).map_err(io("write server.pem"))?;
            write_private(&d.join("server.key"), &cert.key_pem)?;
        }
        let conf = d.join("slapd.conf");
        std::fs::write(&conf, slapd_conf(&d, &opts)).map_err(io("write slapd.conf"))?;
        let ldif = d.join("data.ldif");
        std::fs::write(&ldif, &opts.ldif).map_err(io("write the LDIF"))?;
        let out = Command::new(bin.replace("slapd", "slapadd"))
            .args(["-q", "-f"])
            .arg(&conf)
            .arg("-l")
            .arg(&ldif)
            .output()
            .map_err(io("run slapadd"))?;
        if !out.status.success() {
            return Err(LaunchError::Load(
                String::from_utf8_lossy(&out.stderr).into_owned(),
            ));
        }
        let log = d.join("slapd.log");
        for _attempt in 0..5 {
            let ldap_port = free_port().map_err(io("find a free port"))?;
            let ldaps_port = if opts.cert.is_some() {
                free_port().map_err(io("find a free port"))?
            } else {
                0
            };
            let mut urls = format!("ldap://127.0.0.1:{ldap_port}/");
            if ldaps_port != 0 {
                urls.push_str(&format!(" ldaps://127.0.0.1:{ldaps_port}/"));
            }
            let script = format!(
                "exec 3<&0; {bin} -d stats -f '{}' -h '{urls}' </dev/null >>'{}' 2>&1 & pid=$!; (read _ <&3; kill $pid 2>/dev/null; sleep 1; rm -rf '{}') & wait $pid",
                conf.display(),
                log.display(),
                d.display()
            );
            let mut child = Command::new("sh")
                .args(["-c", &script])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(io("start slapd"))?;
            let Some(stdin) = child.stdin.take() else {
                let _ = child.kill();
                continue;
            };
            let ports: Vec<u16> = [ldap_port, ldaps_port]
                .into_iter()
                .filter(|p| *p != 0)
                .collect();
            if wait_ready(&mut child, &ports, Duration::from_secs(10)) {
                return Ok(Slapd {
                    dir,
                    guard: Some((child, stdin)),
                    ldap_port,
                    ldaps_port,
                    ca_file,
                    ca_name: opts.ca_name,
                });
            }
            // Most likely a port was taken between probing and binding: try others.
            drop(stdin);
            let _ = child.wait();
        }
        Err(LaunchError::Start(
            std::fs::read_to_string(&log).unwrap_or_default(),
        ))
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

    /// slapd's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("slapd.log")).unwrap_or_default()
    }

    /// Stops slapd and waits until its port refuses connections.
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

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
    }
}

fn write_private(path: &Path, text: &str) -> Result<(), LaunchError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(io("write the server key"))?;
    f.write_all(text.as_bytes())
        .map_err(io("write the server key"))
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
    let Options {
        suffix,
        root_dn,
        root_pw,
        extra_conf,
        extra_db_conf,
        ..
    } = opts;
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
{extra_conf}

database mdb
suffix "{suffix}"
rootdn "{root_dn}"
rootpw {root_pw}
directory {d}/db
maxsize 1073741824
{extra_db_conf}

index objectClass eq
index uid,cn,mail,ou eq,sub
index member,uniqueMember,memberUid eq

overlay ppolicy
ppolicy_default "cn=default,ou=policies,{suffix}"
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
