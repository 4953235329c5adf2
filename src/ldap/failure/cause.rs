//! Why something failed, as a stable machine-readable code plus sentences for people.

use std::fmt;

/// A named cause. The `code()` strings are an interface: add new ones, never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cause {
    /// The provider's configuration does not validate.
    ConfigInvalid,
    /// The password source failed (env unset, file unreadable, command failed).
    PasswordSource,
    /// A bind DN is set but no password was given and none could be asked for.
    PasswordMissing,
    /// An empty password was given: servers treat it as an anonymous bind.
    EmptyPassword,
    /// The host name does not resolve.
    DnsNotFound,
    /// Nothing listens on the port.
    ConnectionRefused,
    /// The server accepted the connection or request but did not answer in time.
    Timeout,
    /// The address cannot be reached (no route, network down).
    Unreachable,
    /// `ldaps://` to a port that speaks plain LDAP.
    TlsOnPlainPort,
    /// `ldap://` (or StartTLS) to a port that speaks LDAPS.
    PlainOnTlsPort,
    /// The certificate is signed by a CA that is not trusted.
    TlsUnknownCa,
    /// The host name in the URL is not in the certificate.
    TlsNameMismatch,
    /// The certificate has expired.
    TlsExpired,
    /// The certificate is not valid yet (clock skew?).
    TlsNotYetValid,
    /// The certificate is unusable for another reason (purpose, version, CA as leaf).
    TlsBadCert,
    /// The server offers only TLS versions or ciphers rustls refuses.
    TlsProtocolVersion,
    /// Any other TLS handshake failure.
    TlsHandshake,
    /// The server refused the StartTLS request.
    StarttlsRefused,
    /// Wrong password or unknown bind DN.
    InvalidCredentials,
    /// The server does not allow anonymous binds.
    AnonymousRefused,
    /// The server requires TLS (or signing) before a simple bind.
    TlsRequired,
    /// The base DN does not exist.
    NoSuchBase,
    /// The filter was rejected.
    BadFilter,
    /// The server's size limit cut the result.
    SizeLimit,
    /// The server closed or reset the connection in the middle.
    ConnectionLost,
    /// The bound account may not read this.
    InsufficientAccess,
    /// The server sent something ldapdeck cannot decode.
    ServerProtocolError,
    /// Any other LDAP result code.
    ServerError,
    /// Authorize: no entry has this login.
    NoSuchUser,
    /// Authorize: several entries have this login.
    AmbiguousUser,
    /// Authorize: the account is locked.
    AccountLocked,
    /// Authorize: the password has expired.
    PasswordExpired,
    /// Authorize: the password must be changed first (reset by an admin).
    PasswordMustChange,
    /// Authorize: the account is disabled.
    AccountDisabled,
    /// The job was cancelled.
    Cancelled,
    /// A write broke a constraint (a single value, a password policy, a uniqueness rule).
    ConstraintViolation,
    /// A write broke the schema (a missing MUST, an attribute no class allows).
    ObjectClassViolation,
    /// The entry to create exists already.
    AlreadyExists,
    /// The entry to delete has children.
    NotAllowedOnNonLeaf,
    /// The entry to change does not exist.
    NoSuchEntry,
    /// The entry changed on the server since it was read.
    Conflict,
    /// A write names an attribute the server's schema does not have.
    UndefinedAttributeType,
    /// Another service (HTTP, SSH, mail) answers on the port.
    NotLdap,
    /// The write would be accepted but ignored (a ppolicy lock without pwdLockout).
    NotEffective,
    /// Authorize: a clause of user_filter or sync_filter is false for the user.
    FilterClauseFalse,
    /// Authorize: the user is in none (or not all) of the provider's required groups.
    NotInRequiredGroup,
    /// The server's administrative limits for the bind account stopped a search (389's
    /// look-through, ID-list-scan and size limits: adminLimitExceeded).
    ServerLimit,
    /// A valid filter the server does not support (a matching rule it lacks, such as AD's
    /// in-chain rule on 389).
    UnsupportedFilter,
    /// A file of ldapdeck's own could not be read back (the sealed spool of a large batch).
    LocalIo,
}

impl Cause {
    /// The stable code used in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Cause::ConfigInvalid => "config_invalid",
            Cause::PasswordSource => "password_source",
            Cause::PasswordMissing => "password_missing",
            Cause::EmptyPassword => "empty_password",
            Cause::DnsNotFound => "dns_not_found",
            Cause::ConnectionRefused => "connection_refused",
            Cause::Timeout => "timeout",
            Cause::Unreachable => "unreachable",
            Cause::TlsOnPlainPort => "tls_on_plain_port",
            Cause::PlainOnTlsPort => "plain_on_tls_port",
            Cause::TlsUnknownCa => "tls_unknown_ca",
            Cause::TlsNameMismatch => "tls_name_mismatch",
            Cause::TlsExpired => "tls_expired",
            Cause::TlsNotYetValid => "tls_not_yet_valid",
            Cause::TlsBadCert => "tls_bad_cert",
            Cause::TlsProtocolVersion => "tls_protocol_version",
            Cause::TlsHandshake => "tls_handshake",
            Cause::StarttlsRefused => "starttls_refused",
            Cause::InvalidCredentials => "invalid_credentials",
            Cause::AnonymousRefused => "anonymous_refused",
            Cause::TlsRequired => "tls_required",
            Cause::NoSuchBase => "no_such_base",
            Cause::BadFilter => "bad_filter",
            Cause::SizeLimit => "size_limit",
            Cause::ConnectionLost => "connection_lost",
            Cause::InsufficientAccess => "insufficient_access",
            Cause::ServerProtocolError => "server_protocol_error",
            Cause::ServerError => "server_error",
            Cause::NoSuchUser => "no_such_user",
            Cause::AmbiguousUser => "ambiguous_user",
            Cause::AccountLocked => "account_locked",
            Cause::PasswordExpired => "password_expired",
            Cause::PasswordMustChange => "password_must_change",
            Cause::AccountDisabled => "account_disabled",
            Cause::Cancelled => "cancelled",
            Cause::ConstraintViolation => "constraint_violation",
            Cause::ObjectClassViolation => "object_class_violation",
            Cause::AlreadyExists => "already_exists",
            Cause::NotAllowedOnNonLeaf => "not_allowed_on_non_leaf",
            Cause::NoSuchEntry => "no_such_entry",
            Cause::Conflict => "conflict",
            Cause::UndefinedAttributeType => "undefined_attribute_type",
            Cause::NotLdap => "not_ldap",
            Cause::NotEffective => "not_effective",
            Cause::FilterClauseFalse => "filter_clause_false",
            Cause::NotInRequiredGroup => "not_in_required_group",
            Cause::ServerLimit => "server_limit",
            Cause::UnsupportedFilter => "unsupported_filter",
            Cause::LocalIo => "local_io",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A named failure: the cause, what happened, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// Stable code.
    pub cause: Cause,
    /// What happened, in a sysadmin's words.
    pub detail: String,
    /// What to change to fix it.
    pub hint: String,
}

impl Diagnosis {
    /// Builds a diagnosis.
    pub fn new(cause: Cause, detail: impl Into<String>, hint: impl Into<String>) -> Diagnosis {
        Diagnosis {
            cause,
            detail: detail.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}); {}", self.detail, self.cause, self.hint)
    }
}
