//! What a use case answers when it does not succeed. Each variant maps to one kind of HTTP
//! response; the stable wire `code` comes from [`ErrorCode`].

use skyslots_core::{ErrorCode, Invalid, InvalidReason, Rejection};
use skyslots_storage::StorageError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input breaks a rule of the resource (422, one entry per field).
    #[error(transparent)]
    Invalid(Invalid),
    /// No such resource in this organization (never "exists elsewhere").
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The scheduling engine refused the booking (409 `slot_unavailable` with a reason).
    #[error("booking refused: {0}")]
    Rejected(Rejection),
    /// Not allowed in the resource's current state, by its policy, or clashing with another
    /// resource (409).
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    /// It existed but cannot be used any more (410: a used, expired or revoked one-time link).
    #[error("{message}")]
    Gone { code: ErrorCode, message: String },
    /// A service this one relies on (the payment provider) failed or refused (503 with a code).
    #[error("{message}")]
    Unavailable { code: ErrorCode, message: String },
    /// Loading or writing failed (transient: 503; otherwise 500).
    #[error(transparent)]
    Storage(StorageError),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn field(field: &str, reason: InvalidReason) -> Self {
        Self::Invalid(Invalid::one(field, reason))
    }

    /// A not-found renamed to `what` (a row missing under another name).
    pub(crate) fn or_not_found(self, what: &'static str) -> Self {
        match self {
            Self::NotFound(_) => Self::NotFound(what),
            other => other,
        }
    }
}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Self::Invalid(e)
    }
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Self {
        match r {
            Rejection::Invalid(invalid) => Self::Invalid(invalid),
            other => Self::Rejected(other),
        }
    }
}

impl From<StorageError> for Error {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound(what) => Self::NotFound(what),
            StorageError::Invalid(invalid) => Self::Invalid(invalid),
            StorageError::Duplicate(message) => Self::conflict(ErrorCode::Duplicate, message),
            StorageError::InUse(message) => Self::conflict(ErrorCode::InUse, message),
            other => Self::Storage(other),
        }
    }
}

impl From<skyslots_core::policy::PolicyRejection> for Error {
    fn from(e: skyslots_core::policy::PolicyRejection) -> Self {
        Self::conflict(e.code(), e.to_string())
    }
}
