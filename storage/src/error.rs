//! Storage errors: what went wrong loading or writing, never a business decision (those are
//! the use-case layer's). diesel errors are translated here, with context, so that each kind
//! maps to one stable response and nothing backend-specific leaks further.

use skyslots_core::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The row does not exist in this organization (never "exists elsewhere").
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A uniqueness rule was broken (for example a link slug already used).
    #[error("{0}")]
    Duplicate(String),
    /// A row is still referenced (for example a schedule used by a host).
    #[error("{0}")]
    InUse(String),
    /// A value the caller passed cannot be used (a page cursor of another list).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// Another request recorded the same idempotency key first; the transaction was rolled
    /// back, and the use-case layer answers with that request's result.
    #[error("idempotency key recorded concurrently")]
    IdempotencyRace,
    /// A transaction lost a race it can safely retry (serialization failure, deadlock).
    #[error("transient conflict, retry: {0}")]
    Retry(String),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Database(diesel::result::Error),
    #[error("stored document is not valid: {0}")]
    Corrupt(String),
}

impl From<diesel::result::Error> for StorageError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match e {
            E::NotFound => Self::NotFound("row"),
            E::DatabaseError(K::UniqueViolation, info) => {
                Self::Duplicate(info.message().to_owned())
            }
            E::DatabaseError(K::ForeignKeyViolation, info) => {
                Self::InUse(info.message().to_owned())
            }
            E::DatabaseError(K::SerializationFailure, info) => {
                Self::Retry(info.message().to_owned())
            }
            E::DatabaseError(_, ref info) if is_busy(info.message()) => {
                Self::Retry(info.message().to_owned())
            }
            other => Self::Database(other),
        }
    }
}

/// SQLite's lock timeouts and PostgreSQL's deadlock detection: safe to retry.
fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("deadlock detected")
}

impl StorageError {
    pub(crate) fn pool<E: std::fmt::Display>(e: E) -> Self {
        Self::Unavailable(e.to_string())
    }

    pub(crate) fn connect<E: std::fmt::Display>(e: E) -> Self {
        Self::Unavailable(e.to_string())
    }

    pub(crate) fn corrupt<E: std::fmt::Display>(what: &str, e: E) -> Self {
        Self::Corrupt(format!("{what}: {e}"))
    }

    /// Map a missing row to a named not-found.
    pub(crate) fn or_not_found(self, what: &'static str) -> Self {
        match self {
            Self::NotFound(_) => Self::NotFound(what),
            other => other,
        }
    }
}
