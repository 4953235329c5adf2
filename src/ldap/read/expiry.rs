//! Whether an account's password has expired, decoded from the entry and the policies that
//! govern it: OpenLDAP's `pwdChangedTime` against its ppolicy's `pwdMaxAge`, AD's
//! `pwdLastSet` against the domain's `maxPwdAge`. The policies are read once per listing.

use std::collections::HashMap;

use crate::config::{Provider, ServerType};
use crate::ldap::net::session::Session;

/// Attributes an entry needs for [`Ages::expired`] (operational ones come only when named).
pub const ATTRS: [&str; 4] = [
    "pwdPolicySubentry",
    "pwdChangedTime",
    "pwdLastSet",
    "userAccountControl",
];

/// AD's DONT_EXPIRE_PASSWORD bit of userAccountControl.
const UAC_DONT_EXPIRE: u64 = 0x1_0000;
/// Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01.
const FILETIME_TO_UNIX: i64 = 11_644_473_600;
/// Policies read per naming context, at most: they are few in any real directory.
const MAX_POLICIES: usize = 500;

/// The maximum password ages in force, in seconds (absent or 0 = passwords never expire).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ages {
    /// Now, in Unix seconds (fixed for one listing, so every row is judged alike).
    pub now: i64,
    /// ppolicy: the default policy's pwdMaxAge, where cn=config is readable.
    pub default_max: Option<i64>,
    /// ppolicy: pwdMaxAge of each policy entry, by lower-cased DN.
    pub policies: HashMap<String, i64>,
    /// AD: the domain's maxPwdAge.
    pub domain_max: Option<i64>,
}

impl Ages {
    /// The time the policy reads get: ages left unknown only leave "expired" unmarked, so a
    /// slow or hostile server costs at most this.
    pub fn budget(p: &Provider) -> std::time::Duration {
        std::time::Duration::from_secs(p.timeout_secs.clamp(1, 3))
    }

    /// [`Ages::read`] within [`Ages::budget`]; unknown when it runs out.
    pub async fn read_within(s: &mut Session, p: &Provider) -> Ages {
        tokio::time::timeout(Ages::budget(p), Ages::read(s, p))
            .await
            .unwrap_or_default()
    }

    /// Whether an entry has a password age to judge: without one, no policy is worth reading.
    pub fn needed(get: impl Fn(&str) -> Vec<String>) -> bool {
        ["pwdChangedTime", "pwdLastSet"]
            .iter()
            .any(|a| !get(a).is_empty())
    }

    /// Whether the entry's password has expired (`get` returns an attribute's values).
    pub fn expired(&self, get: impl Fn(&str) -> Vec<String>) -> bool {
        let first = |a: &str| get(a).into_iter().next();
        if let Some(set) = first("pwdLastSet") {
            let Some(max) = self.domain_max.filter(|m| *m > 0) else {
                return false;
            };
            let uac = first("userAccountControl").and_then(|v| v.trim().parse::<u64>().ok());
            if uac.is_some_and(|u| u & UAC_DONT_EXPIRE != 0) {
                return false;
            }
            // 0 means "must change at next logon", which is not expiry.
            return match set.trim().parse::<i64>() {
                Ok(t) if t > 0 => t / 10_000_000 - FILETIME_TO_UNIX + max <= self.now,
                _ => false,
            };
        }
        let Some(changed) = first("pwdChangedTime").and_then(|v| generalized_time(&v)) else {
            return false;
        };
        let max = match first("pwdPolicySubentry") {
            Some(p) => self.policies.get(&p.to_ascii_lowercase()).copied(),
            None => self.default_max,
        };
        max.is_some_and(|m| m > 0 && changed + m <= self.now)
    }

    /// Reads the ages in force for a provider's users; what cannot be read stays unknown
    /// (and an unknown age never marks a password expired).
    pub async fn read(s: &mut Session, p: &Provider) -> Ages {
        let mut ages = Ages {
            now: now(),
            ..Ages::default()
        };
        let Ok(root) = crate::ldap::read::search::base_entry(
            s,
            "",
            &["namingContexts", "defaultNamingContext"],
        )
        .await
        else {
            return ages;
        };
        let root = crate::ldap::doctor::rootdse::RootDse::from_entry(&root);
        if p.server_type == ServerType::ActiveDirectory {
            let Some(domain) = root.default_naming_context.or(p.base_dn.clone()) else {
                return ages;
            };
            if let Ok(e) = crate::ldap::read::search::base_entry(s, &domain, &["maxPwdAge"]).await {
                ages.domain_max = crate::ldap::read::record::values(&e, "maxPwdAge")
                    .first()
                    .and_then(|v| ad_interval(v));
            }
            return ages;
        }
        for base in &root.naming_contexts {
            let Ok(found) = crate::ldap::read::search::read(
                s,
                base,
                ldap3::Scope::Subtree,
                "(objectClass=pwdPolicy)",
                &["pwdMaxAge"],
                MAX_POLICIES,
            )
            .await
            else {
                continue;
            };
            for e in &found.entries {
                let age = crate::ldap::read::record::values(e, "pwdMaxAge")
                    .first()
                    .and_then(|v| v.trim().parse::<i64>().ok());
                if let Some(age) = age {
                    ages.policies.insert(e.dn.to_ascii_lowercase(), age);
                }
            }
        }
        let img = crate::ldap::write::change::Image::default();
        if let Some(default) = crate::ldap::write::account::effective_policy(s, &img).await {
            ages.default_max = ages.policies.get(&default.to_ascii_lowercase()).copied();
        }
        ages
    }
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// AD's maxPwdAge (a negative count of 100 ns, 0 or the minimum for "never") in seconds.
fn ad_interval(v: &str) -> Option<i64> {
    let n = v.trim().parse::<i64>().ok()?;
    (n < 0 && n != i64::MIN).then(|| (n / 10_000_000).saturating_abs())
}

/// An LDAP GeneralizedTime (`YYYYMMDDHHMMSS[.f]Z`, or with `±HHMM`) in Unix seconds.
pub fn generalized_time(v: &str) -> Option<i64> {
    let v = v.trim();
    let digits = |a: usize, b: usize| -> Option<i64> {
        let s = v.get(a..b)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let (y, mo, d) = (digits(0, 4)?, digits(4, 6)?, digits(6, 8)?);
    let (h, mi) = (digits(8, 10)?, digits(10, 12)?);
    let mut rest = &v[12..];
    let sec = match rest
        .get(..2)
        .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
    {
        Some(s) => {
            rest = &rest[2..];
            s.parse::<i64>().ok()?
        }
        None => 0,
    };
    if let Some(r) = rest.strip_prefix(['.', ',']) {
        rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        r if r.len() == 5 && (r.starts_with('+') || r.starts_with('-')) => {
            let hh: i64 = r.get(1..3)?.parse().ok()?;
            let mm: i64 = r.get(3..5)?.parse().ok()?;
            let o = hh * 3600 + mm * 60;
            if r.starts_with('+') { o } else { -o }
        }
        _ => return None,
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Vec<String> + 'a {
        move |a| {
            pairs
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(a))
                .map(|(_, v)| v.to_string())
                .collect()
        }
    }

    #[test]
    fn generalized_times() {
        assert_eq!(generalized_time("19700101000000Z"), Some(0));
        assert_eq!(generalized_time("20000229000000Z"), Some(951_782_400));
        assert_eq!(generalized_time("20261231235959Z"), Some(1_798_761_599));
        assert_eq!(generalized_time("20261231235959.123Z"), Some(1_798_761_599));
        assert_eq!(generalized_time("202612312359Z"), Some(1_798_761_540));
        assert_eq!(generalized_time("19700101010000+0100"), Some(0));
        for bad in [
            "",
            "2026",
            "20261301000000Z",
            "2026123123595xZ",
            "20261231235959",
            "é",
        ] {
            assert_eq!(generalized_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ppolicy_expiry_by_the_users_policy_or_the_default() {
        let ages = Ages {
            now: generalized_time("20261201000000Z").unwrap(),
            default_max: Some(86_400),
            policies: [
                ("cn=short,ou=p".to_string(), 60),
                ("cn=never,ou=p".into(), 0),
            ]
            .into(),
            domain_max: None,
        };
        let old = ("pwdChangedTime", "20261101000000Z");
        assert!(ages.expired(get(&[old, ("pwdPolicySubentry", "CN=Short,ou=p")])));
        assert!(!ages.expired(get(&[old, ("pwdPolicySubentry", "cn=never,ou=p")])));
        assert!(!ages.expired(get(&[old, ("pwdPolicySubentry", "cn=unknown,ou=p")])));
        assert!(ages.expired(get(&[old])), "the default's day has passed");
        assert!(!ages.expired(get(&[("pwdChangedTime", "20261130120000Z")])));
        assert!(!ages.expired(get(&[])), "no change time: nothing to judge");
        let unknown = Ages {
            default_max: None,
            ..ages
        };
        assert!(!unknown.expired(get(&[old])));
    }

    #[test]
    fn ad_expiry_by_the_domain_age() {
        assert_eq!(ad_interval("-36288000000000"), Some(42 * 86_400));
        assert_eq!(ad_interval("0"), None);
        assert_eq!(ad_interval("-9223372036854775808"), None);
        let now = generalized_time("20261201000000Z").unwrap();
        let ft = |unix: i64| ((unix + FILETIME_TO_UNIX) * 10_000_000).to_string();
        let ages = Ages {
            now,
            domain_max: Some(42 * 86_400),
            ..Ages::default()
        };
        let old = ft(now - 43 * 86_400);
        let fresh = ft(now - 86_400);
        assert!(ages.expired(get(&[("pwdLastSet", &old), ("userAccountControl", "512")])));
        assert!(!ages.expired(get(&[
            ("pwdLastSet", &fresh),
            ("userAccountControl", "512")
        ])));
        assert!(!ages.expired(get(&[
            ("pwdLastSet", &old),
            ("userAccountControl", "66048")
        ])));
        assert!(
            !ages.expired(get(&[("pwdLastSet", "0")])),
            "must change, not expired"
        );
        let never = Ages {
            domain_max: None,
            ..ages
        };
        assert!(!never.expired(get(&[("pwdLastSet", &old)])));
    }
}
