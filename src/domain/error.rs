//! The one error type of CountIQ, and the only place exit codes are defined.
//!
//! Every variant is one of the contract's error kinds. Lower layers build
//! these values; `main` turns the kind into an exit code and nothing else
//! does.

use std::fmt;

/// What went wrong, as scripts see it: each kind has a fixed exit code and a
/// fixed name in the JSON error form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An unexpected failure: I/O, an unclassified database error.
    Internal,
    /// A bad command line. Produced by clap, listed here so the table of
    /// exit codes is complete.
    Usage,
    /// A named item does not exist for this owner.
    NotFound,
    /// The name is already taken for this owner, or a precondition failed.
    Conflict,
    /// A rule rejected the input (a name, a quantity).
    Invalid,
    /// The database stayed locked past the busy timeout; nothing changed.
    Busy,
    /// Not a CountIQ database, corrupt, too new, or not writable.
    Database,
    /// The database server could not be reached, or the connection broke
    /// before the commit was sent: nothing changed.
    Unavailable,
    /// The server refused the credentials, or the role may not do this.
    Denied,
    /// The change may have been saved: it was committed, but its result
    /// could not be written.
    Uncertain,
    /// SIGINT arrived before COMMIT: rolled back, nothing changed.
    Interrupted,
    /// SIGTERM arrived before COMMIT: rolled back, nothing changed.
    Terminated,
}

impl ErrorKind {
    /// Every kind, in exit-code order.
    pub const ALL: [Self; 12] = [
        Self::Internal,
        Self::Usage,
        Self::NotFound,
        Self::Conflict,
        Self::Invalid,
        Self::Busy,
        Self::Database,
        Self::Unavailable,
        Self::Denied,
        Self::Uncertain,
        Self::Interrupted,
        Self::Terminated,
    ];

    /// What the kind means, for people (the `schema` command's exit-code table).
    #[must_use]
    pub fn meaning(self) -> &'static str {
        match self {
            Self::Internal => "unexpected failure (I/O, an unclassified database error)",
            Self::Usage => "bad command line",
            Self::NotFound => "a named item (or operation) does not exist for this owner",
            Self::Conflict => {
                "the name is already taken for this owner; a precondition does not hold"
            }
            Self::Invalid => "a rule rejected the input: name, quantity, stock below zero",
            Self::Busy => {
                "the database stayed locked past the busy timeout; nothing changed; safe to retry"
            }
            Self::Database => {
                "not a CountIQ database, corrupt, made by a newer CountIQ, or cannot be opened for writing; the file is left untouched"
            }
            Self::Unavailable => {
                "the database server could not be reached, or the connection broke before the commit was sent; nothing changed; safe to retry"
            }
            Self::Denied => {
                "the server refused the credentials, or this database role may not act for this owner; nothing changed"
            }
            Self::Uncertain => {
                "the change may have been saved: it was committed but its result could not be written to stdout (or, on a server, the connection broke during COMMIT); retry with the same --idempotency-key"
            }
            Self::Interrupted => "SIGINT before COMMIT: rolled back, nothing changed",
            Self::Terminated => "SIGTERM before COMMIT: rolled back, nothing changed",
        }
    }

    /// The process exit code for this kind. Scripts depend on these numbers.
    #[must_use]
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Internal => 1,
            Self::Usage => 2,
            Self::NotFound => 3,
            Self::Conflict => 4,
            Self::Invalid => 5,
            Self::Busy => 6,
            Self::Database => 7,
            Self::Unavailable => 8,
            Self::Denied => 10,
            Self::Uncertain => 11,
            // 128 + the signal's number, as shells report a killed process.
            Self::Interrupted => 130,
            Self::Terminated => 143,
        }
    }

    /// The kind's name in the JSON error form (`{"error":{"kind":...}}`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal",
            Self::Usage => "usage",
            Self::NotFound => "not_found",
            Self::Conflict => "conflict",
            Self::Invalid => "invalid",
            Self::Busy => "busy",
            Self::Database => "database",
            Self::Unavailable => "unavailable",
            Self::Denied => "denied",
            Self::Uncertain => "uncertain",
            Self::Interrupted => "interrupted",
            Self::Terminated => "terminated",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A signal that stops a command before it commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM (`timeout`, `kill`, a CI runner cancelling a job).
    Terminate,
}

impl Signal {
    fn describe(self) -> &'static str {
        match self {
            Self::Interrupt => "interrupted before the commit; nothing changed",
            Self::Terminate => "terminated before the commit; nothing changed",
        }
    }
}

/// How a command that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// `low --check` found items below their reorder level: exit 9.
    BelowMinimum,
}

impl Outcome {
    /// The process exit code for this outcome.
    #[must_use]
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::BelowMinimum => 9,
        }
    }
}

/// A failed command. The message is lowercase and names the item, owner or
/// file involved, so it can be shown to a user as it is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// See [`ErrorKind::NotFound`].
    #[error("{0}")]
    NotFound(String),
    /// See [`ErrorKind::Conflict`].
    #[error("{0}")]
    Conflict(String),
    /// See [`ErrorKind::Invalid`].
    #[error("{0}")]
    Invalid(String),
    /// See [`ErrorKind::Busy`].
    #[error("{0}")]
    Busy(String),
    /// The server rolled the transaction back to settle a conflict with
    /// another (a serialization failure or a deadlock): nothing changed,
    /// and running the command again can succeed. A command whose input is
    /// not read again is run again within the busy timeout; otherwise it is
    /// reported as [`ErrorKind::Busy`].
    #[error("{0}")]
    Aborted(String),
    /// See [`ErrorKind::Database`].
    #[error("{0}")]
    Database(String),
    /// See [`ErrorKind::Unavailable`].
    #[error("{0}")]
    Unavailable(String),
    /// See [`ErrorKind::Denied`].
    #[error("{0}")]
    Denied(String),
    /// See [`ErrorKind::Usage`]: a bad setting outside clap's reach, such
    /// as a config file's.
    #[error("{0}")]
    Usage(String),
    /// See [`ErrorKind::Uncertain`].
    #[error("{0}")]
    Uncertain(String),
    /// A signal asked the command to stop before its commit: the
    /// transaction was rolled back.
    #[error("{}", .0.describe())]
    Stopped(Signal),
    /// See [`ErrorKind::Internal`]. Carries the whole context chain.
    #[error("{0:#}")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// The same error, its message prefixed with the input line it is about.
    #[must_use]
    pub fn at_line(self, line: u64) -> Self {
        let at = |message: String| format!("line {line}: {message}");
        match self {
            Self::NotFound(m) => Self::NotFound(at(m)),
            Self::Conflict(m) => Self::Conflict(at(m)),
            Self::Invalid(m) => Self::Invalid(at(m)),
            other => other,
        }
    }

    /// The contract kind of this error.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::Conflict(_) => ErrorKind::Conflict,
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::Busy(_) | Self::Aborted(_) => ErrorKind::Busy,
            Self::Database(_) => ErrorKind::Database,
            Self::Unavailable(_) => ErrorKind::Unavailable,
            Self::Denied(_) => ErrorKind::Denied,
            Self::Usage(_) => ErrorKind::Usage,
            Self::Uncertain(_) => ErrorKind::Uncertain,
            Self::Stopped(Signal::Interrupt) => ErrorKind::Interrupted,
            Self::Stopped(Signal::Terminate) => ErrorKind::Terminated,
            Self::Internal(_) => ErrorKind::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_match_the_contract_table() {
        let table = [
            (ErrorKind::Internal, 1, "internal"),
            (ErrorKind::Usage, 2, "usage"),
            (ErrorKind::NotFound, 3, "not_found"),
            (ErrorKind::Conflict, 4, "conflict"),
            (ErrorKind::Invalid, 5, "invalid"),
            (ErrorKind::Busy, 6, "busy"),
            (ErrorKind::Database, 7, "database"),
            (ErrorKind::Unavailable, 8, "unavailable"),
            (ErrorKind::Denied, 10, "denied"),
            (ErrorKind::Uncertain, 11, "uncertain"),
            (ErrorKind::Interrupted, 130, "interrupted"),
            (ErrorKind::Terminated, 143, "terminated"),
        ];
        for (kind, code, name) in table {
            assert_eq!(kind.exit_code(), code, "{kind}");
            assert_eq!(kind.as_str(), name);
        }
    }

    #[test]
    fn outcomes_that_are_not_errors_have_their_own_codes() {
        assert_eq!(Outcome::Success.exit_code(), 0);
        assert_eq!(Outcome::BelowMinimum.exit_code(), 9);
    }

    #[test]
    fn errors_about_an_input_line_name_it_and_keep_their_kind() {
        let err = Error::Conflict("taken".to_owned()).at_line(7);
        assert_eq!(
            (err.kind(), err.to_string()),
            (ErrorKind::Conflict, "line 7: taken".to_owned())
        );
        let busy = Error::Busy("locked".to_owned()).at_line(7);
        assert_eq!(busy.to_string(), "locked");
    }

    #[test]
    fn internal_errors_show_their_whole_context_chain() {
        let err = Error::from(anyhow::anyhow!("disk on fire").context("cannot write \"x.db\""));
        assert_eq!(err.to_string(), "cannot write \"x.db\": disk on fire");
        assert_eq!(err.kind(), ErrorKind::Internal);
    }
}
