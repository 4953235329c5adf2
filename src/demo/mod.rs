//! `ldapdeck demo`: a private directory to try the console on, and the pieces it is made of
//! (also used by the tests): a slapd launcher and throwaway certificates.

pub mod pki;
pub mod slapd;

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use slapd::{LaunchError, Options, Slapd};

/// The demo directory's data.
pub const LDIF: &str = include_str!("../../assets/demo.ldif");
/// Its suffix.
pub const SUFFIX: &str = "dc=demo,dc=example";
/// The service account the demo providers bind as.
pub const SERVICE_DN: &str = "cn=ldapdeck,ou=services,dc=demo,dc=example";
const SERVICE_PW: &str = "demo-service";

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// slapd could not be started.
    #[error(transparent)]
    Launch(#[from] LaunchError),
    /// The throwaway CA could not be made.
    #[error("cannot make the demo certificates: {0}")]
    Pki(#[from] pki::Error),
    /// Writing the demo's files failed.
    #[error("cannot write the demo's files: {0}")]
    Io(#[from] std::io::Error),
}

/// A running demo: the directory and the config that points at it. Dropping it stops
/// slapd and removes both temp dirs.
pub struct Demo {
    /// The private slapd.
    pub slapd: Slapd,
    dir: tempfile::TempDir,
}

impl Demo {
    /// Starts slapd with the demo data (plus `users` generated users in the group
    /// ou=bulk,ou=acme of the tenant tree) and writes a providers.toml for it.
    pub fn start(users: usize) -> Result<Demo, Error> {
        let ca = pki::Ca::new("ldapdeck demo CA")?;
        let cert = ca.loopback()?;
        let slapd = Slapd::start(Options {
            suffix: SUFFIX.into(),
            root_dn: format!("cn=admin,{SUFFIX}"),
            root_pw: random_hex(16)?,
            ca_pem: ca.pem.clone(),
            ca_name: ca.name.clone(),
            cert: Some(cert),
            ldif: format!("{LDIF}\n{}", bulk_ldif(users)),
            // Server-side sort + VLV: past the browser's cap the list stays browsable.
            extra_conf: "moduleload sssvlv.so".into(),
            // The service account may write (but not read passwords), so edits, password
            // resets and undo can be tried on the demo; these rules come before the defaults.
            extra_db_conf: format!(
                "overlay sssvlv\n\
                 access to attrs=userPassword\n  by dn.exact=\"{SERVICE_DN}\" =wx\n  \
                 by self write\n  by anonymous auth\n  by * none\n\
                 access to *\n  by dn.exact=\"{SERVICE_DN}\" write\n  by self write\n  \
                 by users read\n  by anonymous auth"
            ),
            ..Options::default()
        })?;
        let dir = tempfile::Builder::new()
            .prefix("ldapdeck-demo-")
            .tempdir()?;
        let d = dir.path();
        write_private(&d.join("service.pw"), SERVICE_PW)?;
        write_private(&d.join("wrong.pw"), "not-the-password")?;
        let closed = slapd::free_port()?;
        write_private(
            &d.join("providers.toml"),
            &providers_toml(&slapd, d, closed),
        )?;
        Ok(Demo { slapd, dir })
    }

    /// The demo's own journal directory, removed with the demo (a later demo's directory is
    /// a new one: its writes are not this one's).
    pub fn journal_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("journal")
    }

    /// The demo's providers.toml.
    pub fn config_path(&self) -> std::path::PathBuf {
        self.dir.path().join("providers.toml")
    }
}

/// `n` generated users in ou=bulk,ou=acme (loaded offline by slapadd, so 100,000 take seconds).
pub fn bulk_ldif(n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    let base = format!("ou=bulk,ou=acme,ou=Instance1,{SUFFIX}");
    let mut s = String::with_capacity(n * 260 + 200);
    s.push_str(&format!("dn: {base}\nobjectClass: organizationalUnit\nou: bulk\ndescription: {n} generated users\n\n"));
    const FIRST: [&str; 8] = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"];
    const LAST: [&str; 8] = [
        "Lind", "Moss", "Nash", "Ortiz", "Pike", "Quinn", "Reyes", "Stone",
    ];
    for i in 1..=n {
        let (f, l) = (FIRST[i % 8], LAST[(i / 8) % 8]);
        s.push_str(&format!(
            "dn: uid=user{i:06}@acme.example,{base}\nobjectClass: inetOrgPerson\nuid: user{i:06}@acme.example\ncn: {f} {l} {i}\ngivenName: {f}\nsn: {l}\nmail: user{i:06}@acme.example\ntelephoneNumber: {}\nuserPassword: demo\n\n",
            100_000 + i
        ));
    }
    s
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?
        .write_all(text.as_bytes())
}

/// A password for the demo's rootdn that nobody can guess (it is never shown).
fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

fn providers_toml(s: &Slapd, dir: &Path, closed_port: u16) -> String {
    let ca = s.ca_file.display();
    let pw = dir.join("service.pw").display().to_string();
    let wrong = dir.join("wrong.pw").display().to_string();
    let (ldap, ldaps) = (s.ldap_url(), s.ldaps_url());
    format!(
        r#"# ldapdeck demo: providers for a private slapd on loopback, removed when you quit.
# Users in ou=people (password: demo): alice (healthy), bob (locked), carol (password
# expired), dave (must change his password), erin (disabled for applications), frank.
# The service account may write: try ldapdeck users modify|passwd|groups and journal undo.

# Healthy, over LDAPS with the demo CA.
[[provider]]
slug = "demo"
name = "Demo Corp (LDAPS)"
server_type = "openldap"
urls = ["{ldaps}"]
ca_file = "{ca}"
bind_dn = "{SERVICE_DN}"
bind_password_file = "{pw}"
base_dn = "{SUFFIX}"
users_base = "ou=people,{SUFFIX}"
groups_base = "ou=groups,{SUFFIX}"
status_disabled_value = "disabled"
tags = ["demo", "healthy"]

[provider.attributes]
login = "uid"
first_name = "givenName"
last_name = "sn"
full_name = "cn"
mail = "mail"
status = "employeeType"
extension = "telephoneNumber"

# Healthy over StartTLS, with the tenant/group/user tree of ou=Instance1.
[[provider]]
slug = "demo-tenants"
name = "Demo Corp tenants (StartTLS)"
server_type = "openldap"
urls = ["{ldap}"]
starttls = true
ca_file = "{ca}"
bind_dn = "{SERVICE_DN}"
bind_password_file = "{pw}"
base_dn = "ou=Instance1,{SUFFIX}"
tags = ["demo", "healthy"]

[provider.attributes]
login = "uid"
full_name = "cn"
extension = "telephoneNumber"

[provider.layout]
mode = "ou"
tenants_base = "ou=Instance1,{SUFFIX}"
tenant_filter = "(objectClass=organizationalUnit)"
group_filter = "(objectClass=organizationalUnit)"

# Broken: the service account's password is wrong.
[[provider]]
slug = "demo-wrong-password"
name = "Demo Corp, wrong password"
server_type = "openldap"
urls = ["{ldaps}"]
ca_file = "{ca}"
bind_dn = "{SERVICE_DN}"
bind_password_file = "{wrong}"
base_dn = "{SUFFIX}"
tags = ["demo", "broken"]

# Broken: no ca_file, so the demo CA is unknown here.
[[provider]]
slug = "demo-unknown-ca"
name = "Demo Corp, CA not configured"
server_type = "openldap"
urls = ["{ldaps}"]
bind_dn = "{SERVICE_DN}"
bind_password_file = "{pw}"
base_dn = "{SUFFIX}"
tags = ["demo", "broken"]

# Broken: nothing listens on this port.
[[provider]]
slug = "demo-closed-port"
name = "Demo Corp, closed port"
server_type = "openldap"
urls = ["ldap://127.0.0.1:{closed_port}"]
base_dn = "{SUFFIX}"
tags = ["demo", "broken"]
"#
    )
}
