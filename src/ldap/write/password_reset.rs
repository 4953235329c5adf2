//! Setting a user's password as an administrator: the RFC 3062 Password Modify extended
//! operation when the server offers it (it hashes and applies ppolicy), Active Directory's
//! unicodePwd (TLS only), else a userPassword replace.

use std::io::Read;

use ldap3::exop::PasswordModify;
use ldap3::{LdapError, Scope};

use crate::config::{Secret, ServerType};
use crate::ldap::doctor::rootdse::EXT_PASSWD;
use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::net::session::Session;
use crate::ldap::write::change::{Change, Mod};

/// How the password is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// RFC 3062 extended operation.
    Exop,
    /// AD: replace unicodePwd with the quoted UTF-16LE password.
    UnicodePwd,
    /// Replace userPassword (the server may store it as given).
    Replace,
}

impl Method {
    /// Picks the method: AD always uses unicodePwd; others the exop when listed.
    pub fn choose(server: ServerType, extensions: &[String]) -> Method {
        if server == ServerType::ActiveDirectory {
            Method::UnicodePwd
        } else if extensions.iter().any(|e| e == EXT_PASSWD) {
            Method::Exop
        } else {
            Method::Replace
        }
    }

    /// Words for the preview.
    pub fn describe(self) -> &'static str {
        match self {
            Method::Exop => "Password Modify extended operation (RFC 3062)",
            Method::UnicodePwd => "replace unicodePwd (Active Directory)",
            Method::Replace => "replace userPassword (the server lists no Password Modify)",
        }
    }
}

/// What a password reset sends, decided before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reset {
    /// How the password goes.
    pub method: Method,
    /// The must-change flag set afterwards (attribute, value).
    pub must_change: Option<(String, String)>,
    /// The change as previewed and journaled: a stand-in, never the password.
    pub masked: Change,
}

impl Reset {
    /// Plans a reset of `dn` on a server of `server` type offering `extensions`, over a
    /// connection that is (`tls`) or is not encrypted.
    pub fn plan(
        server: ServerType,
        extensions: &[String],
        tls: bool,
        dn: &str,
        must_change: bool,
    ) -> Result<Reset, Diagnosis> {
        let method = Method::choose(server, extensions);
        if method == Method::UnicodePwd && !tls {
            return Err(Diagnosis::new(
                Cause::TlsRequired,
                "Active Directory accepts a new password only over an encrypted connection",
                "use an ldaps:// URL or starttls = true for this provider",
            ));
        }
        let ad = server == ServerType::ActiveDirectory;
        let attr = if ad { "unicodePwd" } else { "userPassword" };
        let flag = must_change.then(|| {
            let (a, v) = if ad {
                ("pwdLastSet", "0")
            } else {
                ("pwdReset", "TRUE")
            };
            (a.to_string(), v.to_string())
        });
        let mut mods = vec![Mod::Replace(attr.into(), vec![b"(new password)".to_vec()])];
        if let Some((a, v)) = &flag {
            mods.push(Mod::Replace(a.clone(), vec![v.as_bytes().to_vec()]));
        }
        Ok(Reset {
            method,
            must_change: flag,
            masked: Change::Modify {
                dn: dn.to_string(),
                mods,
            },
        })
    }

    /// The preview: the method, then the change with the value masked.
    pub fn preview(&self) -> String {
        format!(
            "# sent as: {}\n{}",
            self.method.describe(),
            self.masked.ldif()
        )
    }

    /// Sets the password, then the must-change flag.
    pub async fn send(&self, s: &mut Session, pw: &Secret) -> Result<(), LdapError> {
        let dn = self.masked.dn();
        set(s, self.method, dn, pw).await?;
        if let Some((attr, value)) = &self.must_change {
            let flag = Change::Modify {
                dn: dn.to_string(),
                mods: vec![Mod::Replace(attr.clone(), vec![value.as_bytes().to_vec()])],
            };
            crate::ldap::write::edit::apply(s, &flag).await?;
        }
        Ok(())
    }
}

/// Whether the server owns ppolicy's must-change flag (389 DS: pwdReset is
/// NO-USER-MODIFICATION and its passwordMustChange policy decides): then it is not written,
/// or the password would change and the second write fail.
pub async fn flag_is_server_owned(s: &mut Session) -> bool {
    crate::ldap::read::schema::read(s)
        .await
        .is_ok_and(|schema| schema.is_server_owned("pwdReset"))
}

/// Said where the server owns the must-change flag.
pub const SERVER_OWNED_FLAG: &str = "must-change: this server sets it itself (pwdReset is NO-USER-MODIFICATION); on 389 DS its passwordMustChange policy makes every administrator's reset a must-change";

/// AD wants the password in double quotes, UTF-16LE.
pub fn unicode_pwd(pw: &str) -> Vec<u8> {
    format!("\"{pw}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// Alphabet without look-alikes (0/O, 1/l/I) so a password read aloud survives.
const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGIT: &[u8] = b"23456789";
const SYMBOL: &[u8] = b"-_.+=@%";

/// A random password of `len` (at least 4) with every character class, from the kernel's CSPRNG.
pub fn generate(len: usize) -> std::io::Result<String> {
    let len = len.max(4);
    let mut f = std::fs::File::open("/dev/urandom")?;
    let all: Vec<u8> = [LOWER, UPPER, DIGIT, SYMBOL].concat();
    loop {
        let mut bytes = vec![0u8; len * 2];
        f.read_exact(&mut bytes)?;
        // Rejection sampling: no modulo bias.
        let limit = 256 - 256 % all.len();
        let pw: String = bytes
            .iter()
            .filter(|&&b| (b as usize) < limit)
            .take(len)
            .map(|&b| all[b as usize % all.len()] as char)
            .collect();
        let has = |set: &[u8]| pw.bytes().any(|c| set.contains(&c));
        if pw.len() == len && has(LOWER) && has(UPPER) && has(DIGIT) && has(SYMBOL) {
            return Ok(pw);
        }
    }
}

/// The RootDSE's supportedExtension values.
pub async fn extensions(s: &mut Session) -> Result<Vec<String>, LdapError> {
    let entries = crate::ldap::read::search::read(
        s,
        "",
        Scope::Base,
        "(objectClass=*)",
        &["supportedExtension"],
        1,
    )
    .await?
    .success()?;
    Ok(entries
        .into_iter()
        .next()
        .and_then(|mut e| e.attrs.remove("supportedExtension"))
        .unwrap_or_default())
}

/// Sets the password of `dn`.
pub async fn set(s: &mut Session, method: Method, dn: &str, pw: &Secret) -> Result<(), LdapError> {
    let t = s.timeout;
    match method {
        Method::Exop => {
            let op = PasswordModify {
                user_id: Some(dn),
                old_pass: None,
                new_pass: Some(pw.expose()),
            };
            s.ldap.with_timeout(t).extended(op).await?.success()?;
        }
        Method::UnicodePwd | Method::Replace => {
            let (attr, value) = if method == Method::UnicodePwd {
                ("unicodePwd", unicode_pwd(pw.expose()))
            } else {
                ("userPassword", pw.expose().as_bytes().to_vec())
            };
            let m = vec![ldap3::Mod::Replace(
                attr.as_bytes().to_vec(),
                std::collections::HashSet::from([value]),
            )];
            s.ldap.with_timeout(t).modify(dn, m).await?.success()?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_pwd_is_quoted_utf16le() {
        assert_eq!(unicode_pwd("ab"), b"\"\0a\0b\0\"\0".to_vec());
        assert_eq!(unicode_pwd("é"), vec![b'"', 0, 0xe9, 0, b'"', 0]);
    }

    #[test]
    fn generated_passwords_have_every_class_and_differ() {
        let a = generate(20).expect("urandom");
        let b = generate(20).expect("urandom");
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        for set in [LOWER, UPPER, DIGIT, SYMBOL] {
            assert!(a.bytes().any(|c| set.contains(&c)), "{a}");
        }
        assert!(!a.contains(['0', 'O', '1', 'l', 'I']), "{a}");
    }

    #[test]
    fn a_reset_plan_masks_the_value_and_refuses_ad_without_tls() {
        let r = Reset::plan(
            ServerType::Openldap,
            &[EXT_PASSWD.into()],
            false,
            "uid=a,dc=x",
            true,
        )
        .expect("plan");
        assert_eq!(r.method, Method::Exop);
        assert_eq!(r.must_change, Some(("pwdReset".into(), "TRUE".into())));
        let preview = r.preview();
        assert!(
            preview.starts_with("# sent as: Password Modify"),
            "{preview}"
        );
        assert!(preview.contains("userPassword: ********") && preview.contains("pwdReset: TRUE"));
        let err = Reset::plan(ServerType::ActiveDirectory, &[], false, "CN=a,DC=x", false)
            .expect_err("AD needs TLS");
        assert_eq!(err.cause, Cause::TlsRequired);
        let r = Reset::plan(ServerType::ActiveDirectory, &[], true, "CN=a,DC=x", true).expect("ad");
        assert_eq!(r.must_change, Some(("pwdLastSet".into(), "0".into())));
        assert!(r.preview().contains("unicodePwd: ********"));
    }

    #[test]
    fn method_by_server_and_rootdse() {
        let ext = vec![EXT_PASSWD.to_string()];
        assert_eq!(Method::choose(ServerType::Openldap, &ext), Method::Exop);
        assert_eq!(Method::choose(ServerType::Openldap, &[]), Method::Replace);
        assert_eq!(
            Method::choose(ServerType::ActiveDirectory, &ext),
            Method::UnicodePwd
        );
    }
}
