//! The top-level error of a command: a stable cause code, a sentence, and an exit code.

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code when the operation failed (a test step, bad credentials, a write refused).
pub const EXIT_FAILED: i32 = 1;
/// Exit code for usage and configuration errors.
pub const EXIT_USAGE: i32 = 2;

/// Anything a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// From the configuration layer (file, validation, secrets, imports).
    #[error(transparent)]
    Config(#[from] crate::config::Error),
    /// The command line asks for something that cannot be done as written.
    #[error("{0}")]
    Usage(String),
    /// Reading input (stdin, a file named on the command line) failed.
    #[error("{0}")]
    Input(String),
    /// An LDAP operation failed; the diagnosis names the cause and the fix.
    #[error("{}; {}", .0.detail, .0.hint)]
    Ldap(crate::ldap::failure::cause::Diagnosis),
    /// Something asked for does not exist (a user, a tenant, a group).
    #[error("{1}")]
    NotFound(&'static str, String),
    /// A change reached the directory but its journal record could not be completed.
    #[error("{0}")]
    NotJournaled(String),
}

impl From<crate::writes::Error> for Error {
    fn from(e: crate::writes::Error) -> Error {
        match e {
            crate::writes::Error::Ldap(d) => Error::Ldap(d),
            // Applied but not journaled: the operation went wrong, not the command line.
            e @ crate::writes::Error::Journal(_) => Error::NotJournaled(e.to_string()),
            e @ crate::writes::Error::NotSent(_) => Error::Input(e.to_string()),
        }
    }
}

impl Error {
    /// Stable machine-readable cause code.
    pub fn cause(&self) -> &'static str {
        match self {
            Error::Config(e) => e.cause(),
            Error::Usage(_) => "usage",
            Error::Input(_) => "input",
            Error::Ldap(d) => d.cause.code(),
            Error::NotFound(cause, _) => cause,
            Error::NotJournaled(_) => "not_journaled",
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Config(e) => e.exit_code(),
            Error::Usage(_) | Error::Input(_) => EXIT_USAGE,
            // Applied but not journaled is an operation that went wrong, not a usage error.
            Error::Ldap(_) | Error::NotFound(..) | Error::NotJournaled(_) => EXIT_FAILED,
        }
    }
}
