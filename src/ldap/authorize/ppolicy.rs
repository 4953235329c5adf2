//! The password-policy control (draft-behera-ldap-password-policy, OpenLDAP ppolicy):
//! the request control and a decoder that never panics on what a server sends.

use crate::syntax::ber::{children, read_tlv, uint};

/// OID of the request and response control.
pub const OID: &str = "1.3.6.1.4.1.42.2.27.8.5.1";

/// What the server said about the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PolicyState {
    /// Seconds until the password expires.
    pub time_before_expiration: Option<u64>,
    /// Logins left after expiry.
    pub grace_logins_left: Option<u64>,
    /// The error, if any.
    pub error: Option<PolicyError>,
}

/// The ppolicy error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyError {
    /// passwordExpired(0).
    PasswordExpired,
    /// accountLocked(1).
    AccountLocked,
    /// changeAfterReset(2): an admin reset it and it must be changed.
    ChangeAfterReset,
    /// passwordModNotAllowed(3).
    PasswordModNotAllowed,
    /// mustSupplyOldPassword(4).
    MustSupplyOldPassword,
    /// insufficientPasswordQuality(5).
    InsufficientQuality,
    /// passwordTooShort(6).
    TooShort,
    /// passwordTooYoung(7).
    TooYoung,
    /// passwordInHistory(8).
    InHistory,
    /// passwordTooLong(9).
    TooLong,
    /// A code outside the list.
    Unknown(u64),
}

impl PolicyError {
    fn from_code(n: u64) -> PolicyError {
        match n {
            0 => PolicyError::PasswordExpired,
            1 => PolicyError::AccountLocked,
            2 => PolicyError::ChangeAfterReset,
            3 => PolicyError::PasswordModNotAllowed,
            4 => PolicyError::MustSupplyOldPassword,
            5 => PolicyError::InsufficientQuality,
            6 => PolicyError::TooShort,
            7 => PolicyError::TooYoung,
            8 => PolicyError::InHistory,
            9 => PolicyError::TooLong,
            n => PolicyError::Unknown(n),
        }
    }

    /// Words for people.
    pub fn describe(self) -> String {
        match self {
            PolicyError::PasswordExpired => "the password has expired".into(),
            PolicyError::AccountLocked => "the account is locked".into(),
            PolicyError::ChangeAfterReset => "the password was reset and must be changed".into(),
            PolicyError::PasswordModNotAllowed => "the user may not change the password".into(),
            PolicyError::MustSupplyOldPassword => "the old password must be given".into(),
            PolicyError::InsufficientQuality => "the password is not strong enough".into(),
            PolicyError::TooShort => "the password is too short".into(),
            PolicyError::TooYoung => "the password was changed too recently".into(),
            PolicyError::InHistory => "the password was used before".into(),
            PolicyError::TooLong => "the password is too long".into(),
            PolicyError::Unknown(n) => format!("password policy error {n}"),
        }
    }
}

/// Decodes the response control's value; `None` when it is not a valid value.
pub fn decode(value: &[u8]) -> Option<PolicyState> {
    let (seq, _) = read_tlv(value)?;
    if seq.tag != 0x30 {
        return None;
    }
    let mut state = PolicyState::default();
    for item in children(seq.value) {
        match item.tag {
            // warning [0] CHOICE { timeBeforeExpiration [0], graceAuthNsRemaining [1] }
            0xa0 => {
                if let Some((w, _)) = read_tlv(item.value) {
                    match w.tag {
                        0x80 => state.time_before_expiration = uint(w.value),
                        0x81 => state.grace_logins_left = uint(w.value),
                        _ => {}
                    }
                }
            }
            0x81 => state.error = uint(item.value).map(PolicyError::from_code),
            _ => {}
        }
    }
    Some(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_slapd_sends() {
        // Byte strings observed from slapd 2.5.13 (shared notes, §2).
        assert_eq!(decode(&[0x30, 0x00]), Some(PolicyState::default()));
        assert_eq!(
            decode(&[0x30, 0x03, 0x81, 0x01, 0x01]).and_then(|s| s.error),
            Some(PolicyError::AccountLocked)
        );
        assert_eq!(
            decode(&[0x30, 0x03, 0x81, 0x01, 0x02]).and_then(|s| s.error),
            Some(PolicyError::ChangeAfterReset)
        );
        assert_eq!(
            decode(&[0x30, 0x03, 0x81, 0x01, 0x00]).and_then(|s| s.error),
            Some(PolicyError::PasswordExpired)
        );
        let grace = decode(&[0x30, 0x05, 0xa0, 0x03, 0x81, 0x01, 0x02]).expect("grace");
        assert_eq!((grace.grace_logins_left, grace.error), (Some(2), None));
        let warn = decode(&[0x30, 0x06, 0xa0, 0x04, 0x80, 0x02, 0x0e, 0x09]).expect("warn");
        assert_eq!(warn.time_before_expiration, Some(3593));
        assert_eq!(
            decode(&[0x30, 0x03, 0x81, 0x01, 0x2a]).and_then(|s| s.error),
            Some(PolicyError::Unknown(42))
        );
    }

    #[test]
    fn garbage_is_none_not_a_panic() {
        for bad in [
            &[][..],
            &[0x04, 0x00],
            &[0x30, 0x09, 0x81],
            &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
        assert_eq!(
            decode(&[0x30, 0x02, 0xa0, 0x05]),
            Some(PolicyState::default())
        );
    }
}
