//! Account states read the 389 Directory Server way (389 DS, RHDS, FreeIPA underneath):
//! `nsAccountLock` set directly or made virtual by a disabled role (`nsRole`), the failure
//! lockout (`passwordRetryCount`, `accountUnlockTime`), the expiry (`passwordExpirationTime`),
//! and Netscape's password controls beside ppolicy's. What is read decides, not the provider's
//! server type: the attributes exist only on a 389.

use crate::ldap::failure::cause::{Cause, Diagnosis};
use crate::ldap::read::expiry::generalized_time;

/// What the user's entry must carry for these answers (operational: asked for by name).
pub const ATTRS: [&str; 6] = [
    "nsAccountLock",
    "nsRole",
    "nsRoleDN",
    "passwordRetryCount",
    "accountUnlockTime",
    "passwordExpirationTime",
];

/// Netscape "password expired" response control (389 sends it with a must-change bind too).
pub const CTRL_EXPIRED: &str = "2.16.840.1.113730.3.4.4";
/// Netscape "password expiring" response control: its value is the seconds left, in digits.
pub const CTRL_EXPIRING: &str = "2.16.840.1.113730.3.4.5";

/// 389's "reset by an administrator" expiry value (with passwordMustChange on).
const RESET_TIME: &str = "19700101000000Z";

/// Whether a role DN is one of 389's account-inactivation roles.
fn is_disabled_role(dn: &str) -> bool {
    let first = dn.split(',').next().unwrap_or_default().trim();
    first.eq_ignore_ascii_case("cn=nsDisabledRole")
        || first.eq_ignore_ascii_case("cn=nsManagedDisabledRole")
}

/// Whether the entry's lock comes from one of 389's disabled roles (not its own attribute).
pub fn role_locked(get: &dyn Fn(&str) -> Vec<String>) -> bool {
    get("nsRole").iter().any(|r| is_disabled_role(r))
}

/// The seconds of a Netscape "expiring" control's value.
pub fn expiring_secs(value: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(value).ok()?.trim();
    s.parse().ok()
}

/// Why 389 answers "Account inactivated" for this entry (`get` returns an attribute's
/// values), with the fix that works on 389; None when nothing inactivates it.
pub fn inactivated(get: &dyn Fn(&str) -> Vec<String>) -> Option<Diagnosis> {
    if role_locked(get) {
        let own = get("nsRoleDN");
        // `dsidm account lock` on a role-based setup puts the user itself in the managed
        // disabled role; otherwise one of its roles was locked (`dsidm role lock`).
        if let Some(managed) = own.iter().find(|r| is_disabled_role(r)) {
            return Some(Diagnosis::new(
                Cause::AccountDisabled,
                format!(
                    "the account is inactivated: it is in the disabled role {managed} (389 answers \"Account inactivated\")"
                ),
                format!(
                    "remove the user from the disabled role: dsidm account unlock DN, or delete its nsRoleDN: {managed}"
                ),
            ));
        }
        let locked: Vec<&String> = own.iter().filter(|r| !is_disabled_role(r)).collect();
        let named = if locked.is_empty() {
            "a role the user has".to_string()
        } else {
            locked
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        };
        return Some(Diagnosis::new(
            Cause::AccountDisabled,
            format!(
                "the account is inactivated through a disabled role: {named} is locked (nsAccountLock is virtual, from nsRole; 389 answers \"Account inactivated\")"
            ),
            format!(
                "unlock the role (dsidm role unlock {}) or take the user out of it (delete its nsRoleDN value); removing nsAccountLock from the user does nothing here",
                locked.first().map(|r| r.as_str()).unwrap_or("ROLE_DN")
            ),
        ));
    }
    get("nsAccountLock")
        .iter()
        .any(|v| v.trim().eq_ignore_ascii_case("true"))
        .then(|| {
            Diagnosis::new(
                Cause::AccountDisabled,
                "nsAccountLock is TRUE: the account is inactivated (389 answers \"Account inactivated\")",
                "remove nsAccountLock: ldapdeck users enable, or dsidm account unlock DN",
            )
        })
}

/// The failure lockout (rc 19 "Exceed password retry limit"): how many failures, until when,
/// and the unlock that works on 389.
pub fn lockout(get: &dyn Fn(&str) -> Vec<String>, now: i64) -> Diagnosis {
    let count = get("passwordRetryCount")
        .first()
        .cloned()
        .unwrap_or_else(|| "too many".into());
    let until = get("accountUnlockTime")
        .first()
        .and_then(|v| generalized_time(v));
    let when = match until {
        // 1970: passwordLockoutDuration is unlimited, or passwordUnlock is off.
        Some(t) if t <= 0 => "until an administrator unlocks it".to_string(),
        Some(t) if t > now => format!(
            "until {} (in {})",
            crate::ldap::net::tls::rfc3339(t),
            crate::text::human_secs((t - now) as u64)
        ),
        Some(_) => "until its lockout time, which has passed (the next bind clears it)".into(),
        None => "until the lockout ends".into(),
    };
    Diagnosis::new(
        Cause::AccountLocked,
        format!(
            "the account is locked after {count} failed logins, {when} (389 answers \"Exceed password retry limit\")"
        ),
        "wait for the lockout to end, or unlock it now: delete passwordRetryCount and accountUnlockTime (ldapmodify as Directory Manager)",
    )
}

/// Seconds until the password expires, from `passwordExpirationTime` (389 sends no control
/// outside its warning window); None without one, or for an administrator's reset.
pub fn seconds_to_expiry(get: &dyn Fn(&str) -> Vec<String>, now: i64) -> Option<u64> {
    let v = get("passwordExpirationTime").into_iter().next()?;
    if v.trim().eq_ignore_ascii_case(RESET_TIME) {
        return None;
    }
    let t = generalized_time(&v)?;
    (t > now).then(|| (t - now) as u64)
}

/// Whether the entry is in 389's "reset by an administrator" state.
pub fn was_reset(get: &dyn Fn(&str) -> Vec<String>) -> bool {
    get("passwordExpirationTime")
        .iter()
        .any(|v| v.trim().eq_ignore_ascii_case(RESET_TIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Vec<String> {
        move |a: &str| {
            pairs
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(a))
                .map(|(_, v)| v.to_string())
                .collect()
        }
    }

    #[test]
    fn a_direct_lock_and_a_role_lock_get_their_own_fix() {
        let d = inactivated(&entry(&[("nsAccountLock", "true")])).expect("locked");
        assert_eq!(d.cause, Cause::AccountDisabled);
        assert!(d.hint.contains("dsidm account unlock"));
        let d = inactivated(&entry(&[
            ("nsAccountLock", "true"),
            ("nsRole", "cn=contractors,dc=example,dc=com"),
            ("nsRole", "cn=nsdisabledrole,dc=example,dc=com"),
            ("nsRoleDN", "cn=contractors,dc=example,dc=com"),
        ]))
        .expect("role");
        assert!(
            d.hint
                .contains("dsidm role unlock cn=contractors,dc=example,dc=com")
        );
        let d = inactivated(&entry(&[
            ("nsRole", "cn=nsmanageddisabledrole,dc=example,dc=com"),
            ("nsRoleDN", "cn=nsManagedDisabledRole,dc=example,dc=com"),
        ]))
        .expect("managed");
        assert!(d.hint.contains("nsRoleDN: cn=nsManagedDisabledRole"));
        assert!(inactivated(&entry(&[("nsAccountLock", "false")])).is_none());
        assert!(inactivated(&entry(&[])).is_none());
    }

    #[test]
    fn the_lockout_says_until_when_and_how_to_unlock() {
        let d = lockout(
            &entry(&[
                ("passwordRetryCount", "3"),
                ("accountUnlockTime", "20261202150000Z"),
            ]),
            generalized_time("20261202140000Z").expect("time"),
        );
        assert_eq!(d.cause, Cause::AccountLocked);
        assert!(d.detail.contains("after 3 failed logins"), "{}", d.detail);
        assert!(d.detail.contains("in 1 hours"), "{}", d.detail);
        assert!(d.hint.contains("accountUnlockTime"));
        let d = lockout(&entry(&[("accountUnlockTime", RESET_TIME)]), 0);
        assert!(d.detail.contains("until an administrator unlocks it"));
    }

    #[test]
    fn expiry_comes_from_the_entry_and_a_reset_is_not_a_time() {
        let now = generalized_time("20261202000000Z").expect("time");
        let e = entry(&[("passwordExpirationTime", "20261212000000Z")]);
        assert_eq!(seconds_to_expiry(&e, now), Some(10 * 86_400));
        let reset = entry(&[("passwordExpirationTime", RESET_TIME)]);
        assert_eq!(seconds_to_expiry(&reset, now), None);
        assert!(was_reset(&reset));
        assert_eq!(expiring_secs(b"86399"), Some(86_399));
        assert_eq!(expiring_secs(b"\xff"), None);
    }
}
