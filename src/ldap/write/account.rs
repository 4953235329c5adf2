//! Enabling and disabling an account: which attribute means "disabled" depends on the server,
//! and a provider's own `attributes.status` + `status_disabled_value` wins over all of them.

use crate::config::{Provider, ServerType};
use crate::ldap::net::session::Session;
use crate::ldap::read::expiry::Ages;
use crate::ldap::write::change::{Image, Want, first_text, texts};

/// ppolicy's "locked by an administrator until unlocked" value (not a time-based lockout).
pub const PPOLICY_LOCKED: &str = "000001010000Z";

/// AD's ACCOUNTDISABLE bit of userAccountControl.
const UAC_DISABLED: u32 = 0x2;

/// How a provider records that an account is disabled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// The provider's status attribute holds this value when disabled (Covata, FreeIPA).
    Value { attr: String, disabled: String },
    /// Active Directory: bit 0x2 of userAccountControl.
    UserAccountControl,
    /// OpenLDAP ppolicy: pwdAccountLockedTime = 000001010000Z.
    PpolicyLock,
}

impl Scheme {
    /// The scheme in effect for a provider.
    pub fn of(p: &Provider) -> Scheme {
        if let (Some(attr), Some(off)) = (p.attribute("status"), p.status_disabled_value.as_deref())
        {
            return Scheme::Value {
                attr: attr.to_string(),
                disabled: off.to_string(),
            };
        }
        match p.server_type {
            ServerType::ActiveDirectory => Scheme::UserAccountControl,
            ServerType::FreeIpa | ServerType::Ds389 => Scheme::Value {
                attr: "nsAccountLock".into(),
                disabled: "TRUE".into(),
            },
            _ => Scheme::PpolicyLock,
        }
    }

    /// The attribute to read (it may be operational, so it must be asked for by name).
    pub fn attr(&self) -> &str {
        match self {
            Scheme::Value { attr, .. } => attr,
            Scheme::UserAccountControl => "userAccountControl",
            Scheme::PpolicyLock => "pwdAccountLockedTime",
        }
    }

    /// Whether an entry's image says disabled.
    pub fn is_disabled(&self, img: &Image) -> bool {
        self.disabled_by(&texts(img, self.attr()))
    }

    /// Whether these values of [`Scheme::attr`] say disabled.
    pub fn disabled_by(&self, vals: &[String]) -> bool {
        match self {
            Scheme::Value { disabled, .. } => vals.iter().any(|v| v.eq_ignore_ascii_case(disabled)),
            Scheme::UserAccountControl => uac(vals).is_some_and(|u| u & UAC_DISABLED != 0),
            Scheme::PpolicyLock => vals.iter().any(|v| v == PPOLICY_LOCKED),
        }
    }

    /// What to read of an entry to plan an enable or disable (389's roles, which can make
    /// nsAccountLock virtual, and the ppolicy the lock depends on).
    pub fn read_attrs(&self) -> Vec<&str> {
        vec![self.attr(), "pwdPolicySubentry", "nsRole", "nsRoleDN"]
    }

    /// What to ask of the entry to make it enabled or disabled; `Err` says why it cannot.
    pub fn want(&self, img: &Image, disable: bool) -> Result<(String, Want), String> {
        let attr = self.attr().to_string();
        let vals = texts(img, &attr);
        // 389: a lock that comes from a disabled role is virtual: deleting nsAccountLock
        // would fail (noSuchAttribute) and unlock nothing.
        if !disable
            && attr.eq_ignore_ascii_case("nsAccountLock")
            && crate::ldap::read::ds389::role_locked(&|a: &str| texts(img, a))
            && let Some(d) = crate::ldap::read::ds389::inactivated(&|a: &str| texts(img, a))
        {
            return Err(format!("nothing was sent: {}; {}", d.detail, d.hint));
        }
        let want = match self {
            Scheme::Value { disabled, .. } if disable => Want::Set(vec![disabled.clone()]),
            // Enabled is the absence of the disabled value: removing it is what the
            // applications that check `status == disabled` understand.
            Scheme::Value { .. } => Want::Unset,
            Scheme::UserAccountControl => {
                let u = uac(&vals).ok_or_else(|| {
                    "userAccountControl is missing or not a number: is this an AD user?".to_string()
                })?;
                let new = if disable {
                    u | UAC_DISABLED
                } else {
                    u & !UAC_DISABLED
                };
                Want::Set(vec![new.to_string()])
            }
            Scheme::PpolicyLock if disable => Want::Set(vec![PPOLICY_LOCKED.into()]),
            Scheme::PpolicyLock => Want::Unset,
        };
        Ok((attr, want))
    }
}

/// Attributes that tell an account's state beside its scheme's (operational ones come only
/// when named): the ppolicy lock and reset flag, AD's lockout time, 389's lockout end and
/// password expiry.
pub const STATE_ATTRS: [&str; 5] = [
    "pwdAccountLockedTime",
    "pwdReset",
    "lockoutTime",
    "accountUnlockTime",
    "passwordExpirationTime",
];

/// `attrs` plus the scheme's attribute and `STATE_ATTRS` (operational ones, such as
/// pwdAccountLockedTime and pwdReset, come only when named).
pub fn with_state_attrs(mut attrs: Vec<String>, scheme: &Scheme) -> Vec<String> {
    let all = STATE_ATTRS
        .iter()
        .chain(crate::ldap::read::expiry::ATTRS.iter());
    for a in std::iter::once(scheme.attr()).chain(all.copied()) {
        if !attrs.iter().any(|x| x.eq_ignore_ascii_case(a)) {
            attrs.push(a.to_string());
        }
    }
    attrs
}

/// An account's state, decoded from its entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct AccountState {
    /// Disabled by the provider's scheme (AD UAC bit 0x2, nsAccountLock, the admin lock,
    /// or the status attribute).
    pub disabled: bool,
    /// Locked out (too many failed logins): ppolicy `pwdAccountLockedTime`, AD `lockoutTime`.
    pub locked: bool,
    /// The password must be changed at the next login: `pwdReset`, AD `pwdLastSet: 0`.
    pub must_change: bool,
    /// The password is older than its policy allows: `pwdChangedTime` past the ppolicy's
    /// `pwdMaxAge`, AD `pwdLastSet` past the domain's `maxPwdAge`.
    pub expired: bool,
}

impl AccountState {
    /// Reads the state from an entry's values (`get` returns an attribute's values), judging
    /// the password's age by `ages`.
    pub fn of(scheme: &Scheme, ages: &Ages, get: impl Fn(&str) -> Vec<String>) -> AccountState {
        let disabled = scheme.disabled_by(&get(scheme.attr()));
        let lock = get("pwdAccountLockedTime");
        // Under the ppolicy scheme ldapdeck's own disable writes the "forever" value: that is
        // disabled, not locked. Under any other scheme every lock value is a lock.
        let own_marker = |v: &String| *scheme == Scheme::PpolicyLock && v == PPOLICY_LOCKED;
        let ppolicy_locked = lock.iter().any(|v| !v.is_empty() && !own_marker(v));
        let ad_locked = get("lockoutTime")
            .first()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .is_some_and(|t| t > 0);
        let must_change = get("pwdReset")
            .iter()
            .any(|v| v.eq_ignore_ascii_case("TRUE"))
            || get("pwdLastSet").first().is_some_and(|v| v.trim() == "0");
        // 389: a failure lockout ends at accountUnlockTime (1970: when an administrator
        // unlocks it); an administrator's reset under passwordMustChange reads as 1970 in
        // passwordExpirationTime, a past time is an expired password.
        // Ages left unread (no password age to judge) carry no clock: read it here.
        let now = if ages.now > 0 {
            ages.now
        } else {
            crate::ldap::read::expiry::now()
        };
        let ds_locked = get("accountUnlockTime")
            .first()
            .and_then(|v| crate::ldap::read::expiry::generalized_time(v))
            .is_some_and(|t| t <= 0 || t > now);
        let ds_reset = crate::ldap::read::ds389::was_reset(&get);
        let ds_expired = !ds_reset
            && get("passwordExpirationTime")
                .first()
                .and_then(|v| crate::ldap::read::expiry::generalized_time(v))
                .is_some_and(|t| t <= now);
        let must_change = must_change || ds_reset;
        AccountState {
            disabled,
            locked: ppolicy_locked || ad_locked || ds_locked,
            expired: !must_change && (ages.expired(&get) || ds_expired),
            must_change,
        }
    }

    /// For the STATE column: `disabled, locked, must change`, or empty.
    pub fn words(&self) -> String {
        [
            (self.disabled, "disabled"),
            (self.locked, "locked"),
            (self.expired, "expired"),
            (self.must_change, "must change"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// Whether slapd would honour an administrative lock (`pwdAccountLockedTime`) of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockEffect {
    /// The user's effective policy has `pwdLockout: TRUE`.
    Effective,
    /// It does not: slapd would ignore the lock. The sentence names the policy and the fix.
    Ignored(String),
    /// The policy could not be read (no pwdPolicySubentry and cn=config hidden): a warning.
    Unknown(String),
}

/// The user's effective password policy: its `pwdPolicySubentry`, else the ppolicy overlay's
/// default from cn=config where this account may read it (`olcPPolicyDefault`).
pub async fn effective_policy(s: &mut Session, before: &Image) -> Option<String> {
    if let Some(p) = first_text(before, "pwdPolicySubentry") {
        return Some(p);
    }
    let found = crate::ldap::read::search::read(
        s,
        "cn=config",
        ldap3::Scope::Subtree,
        "(olcPPolicyDefault=*)",
        &["olcPPolicyDefault"],
        1,
    )
    .await
    .ok()?;
    found.entries.first().and_then(|e| {
        crate::ldap::write::change::first_text(
            &crate::ldap::write::edit::image(e),
            "olcPPolicyDefault",
        )
    })
}

/// Whether disabling by `pwdAccountLockedTime` would take effect for the user read as `before`.
pub async fn lock_effect(s: &mut Session, before: &Image) -> LockEffect {
    let Some(policy) = effective_policy(s, before).await else {
        return LockEffect::Unknown(
            "the lock takes effect only if the user's password policy has pwdLockout: TRUE; \
             this user has no pwdPolicySubentry and the default policy (in cn=config) is not \
             readable by this account: check with ldapdeck authorize afterwards"
                .into(),
        );
    };
    let img = match crate::ldap::write::edit::read_with(s, &policy, &["pwdLockout"]).await {
        Ok(Some(img)) => img,
        _ => {
            return LockEffect::Unknown(format!(
                "the lock takes effect only if the policy {policy} has pwdLockout: TRUE, and \
                 that policy is not readable by this account"
            ));
        }
    };
    if first_text(&img, "pwdLockout").is_some_and(|v| v.eq_ignore_ascii_case("TRUE")) {
        LockEffect::Effective
    } else {
        LockEffect::Ignored(format!(
            "the user's password policy {policy} has no pwdLockout: TRUE, so slapd would ignore \
             the lock and the user could still log in; set pwdLockout: TRUE in that policy, give \
             the user a policy that has it (pwdPolicySubentry), or disable by an attribute \
             instead (attributes.status and status_disabled_value in the provider)"
        ))
    }
}

/// Checks a ppolicy disable before it is planned: `Err(why)` when slapd would ignore it
/// (refuse), `Ok(Some(warning))` when that cannot be known, `Ok(None)` when it takes effect.
pub async fn check_disable(s: &mut Session, before: &Image) -> Result<Option<String>, String> {
    match lock_effect(s, before).await {
        LockEffect::Effective => Ok(None),
        LockEffect::Ignored(why) => Err(why),
        LockEffect::Unknown(warning) => Ok(Some(warning)),
    }
}

/// When the user's ppolicy does not set `flag: TRUE`, a sentence saying `what` is ignored.
pub async fn policy_warning(
    s: &mut Session,
    before: &Image,
    flag: &str,
    what: &str,
) -> Option<String> {
    let Some(policy) = first_text(before, "pwdPolicySubentry") else {
        return Some(format!(
            "{what} takes effect only if the default password policy has {flag}: TRUE \
             (slapd ignores it otherwise); check with ldapdeck authorize"
        ));
    };
    let img = crate::ldap::write::edit::read_with(s, &policy, &[flag])
        .await
        .ok()
        .flatten()?;
    let on = first_text(&img, flag).is_some_and(|v| v.eq_ignore_ascii_case("TRUE"));
    (!on).then(|| {
        format!(
            "the user's policy {policy} has no {flag}: TRUE, so slapd ignores {what}: \
             set {flag}: TRUE there for it to apply"
        )
    })
}

fn uac(vals: &[String]) -> Option<u32> {
    vals.first().and_then(|v| v.trim().parse::<u32>().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_states_are_decoded_per_server() {
        let get = |pairs: &'static [(&'static str, &'static str)]| {
            move |a: &str| -> Vec<String> {
                pairs
                    .iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case(a))
                    .map(|(_, v)| v.to_string())
                    .collect()
            }
        };
        let ppolicy = Scheme::PpolicyLock;
        let s = AccountState::of(
            &ppolicy,
            &Ages::default(),
            get(&[("pwdAccountLockedTime", "20261201101010Z")]),
        );
        assert_eq!(s.words(), "locked");
        let s = AccountState::of(
            &ppolicy,
            &Ages::default(),
            get(&[("pwdAccountLockedTime", PPOLICY_LOCKED)]),
        );
        assert_eq!(s.words(), "disabled");
        let status = Scheme::Value {
            attr: "employeeType".into(),
            disabled: "off".into(),
        };
        let s = AccountState::of(
            &status,
            &Ages::default(),
            get(&[("pwdAccountLockedTime", PPOLICY_LOCKED)]),
        );
        assert_eq!(
            s.words(),
            "locked",
            "another scheme: the forever value is a lock"
        );
        let s = AccountState::of(&ppolicy, &Ages::default(), get(&[("pwdReset", "TRUE")]));
        assert_eq!(s.words(), "must change");
        let ad = Scheme::UserAccountControl;
        let s = AccountState::of(
            &ad,
            &Ages::default(),
            get(&[
                ("userAccountControl", "514"),
                ("lockoutTime", "133"),
                ("pwdLastSet", "0"),
            ]),
        );
        assert_eq!(s.words(), "disabled, locked, must change");
        let s = AccountState::of(
            &ad,
            &Ages::default(),
            get(&[("userAccountControl", "512"), ("lockoutTime", "0")]),
        );
        assert_eq!(s.words(), "");
    }

    fn img(pairs: &[(&str, &str)]) -> Image {
        let mut i = Image::new();
        for (k, v) in pairs {
            i.entry(k.to_string())
                .or_default()
                .push(v.as_bytes().to_vec());
        }
        i
    }

    fn provider(t: ServerType) -> Provider {
        let mut p = Provider::new("t");
        p.server_type = t;
        p
    }

    #[test]
    fn schemes_by_server_type_and_the_provider_status_wins() {
        assert_eq!(
            Scheme::of(&provider(ServerType::ActiveDirectory)),
            Scheme::UserAccountControl
        );
        assert_eq!(
            Scheme::of(&provider(ServerType::Openldap)),
            Scheme::PpolicyLock
        );
        assert_eq!(
            Scheme::of(&provider(ServerType::FreeIpa)).attr(),
            "nsAccountLock"
        );
        let mut p = provider(ServerType::Openldap);
        p.attributes.insert("status".into(), "accountStatus".into());
        p.status_disabled_value = Some("inactive".into());
        assert_eq!(
            Scheme::of(&p),
            Scheme::Value {
                attr: "accountStatus".into(),
                disabled: "inactive".into()
            }
        );
    }

    #[test]
    fn ad_flips_only_the_disable_bit() {
        let s = Scheme::UserAccountControl;
        let on = img(&[("userAccountControl", "66048")]); // NORMAL_ACCOUNT | DONT_EXPIRE
        assert!(!s.is_disabled(&on));
        assert_eq!(
            s.want(&on, true),
            Ok(("userAccountControl".into(), Want::Set(vec!["66050".into()])))
        );
        let off = img(&[("userAccountControl", "66050")]);
        assert!(s.is_disabled(&off));
        assert_eq!(
            s.want(&off, false),
            Ok(("userAccountControl".into(), Want::Set(vec!["66048".into()])))
        );
        assert!(s.want(&img(&[]), true).is_err());
    }

    #[test]
    fn ppolicy_and_value_schemes() {
        let s = Scheme::PpolicyLock;
        let locked = img(&[("pwdAccountLockedTime", PPOLICY_LOCKED)]);
        assert!(s.is_disabled(&locked));
        // A time-based lockout after failed binds is not "disabled by an administrator".
        assert!(!s.is_disabled(&img(&[("pwdAccountLockedTime", "20261123120000Z")])));
        assert_eq!(
            s.want(&locked, false),
            Ok(("pwdAccountLockedTime".into(), Want::Unset))
        );
        let v = Scheme::Value {
            attr: "nsAccountLock".into(),
            disabled: "TRUE".into(),
        };
        assert!(v.is_disabled(&img(&[("nsaccountlock", "true")])));
        assert_eq!(
            v.want(&img(&[]), true),
            Ok(("nsAccountLock".into(), Want::Set(vec!["TRUE".into()])))
        );
    }
}
