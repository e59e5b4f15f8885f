//! Errors as RFC 9457 problem details: the one place where every failure becomes HTTP.
//!
//! Handlers return [`ApiError`]; storage and core errors convert into it here, and
//! [`from_poem_error`] converts what the framework itself rejects (malformed JSON, wrong
//! types, a missing key, an unknown route, an oversized body). Every body is
//! `application/problem+json` with a stable `code`; the client gets a safe message, the log
//! gets the internal cause. Nothing here shows SQL or a stack trace.

use poem::http::StatusCode;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};
use skyslots_core::{ErrorCode, Invalid, Rejection};
use skyslots_storage::StorageError;

/// A problem (RFC 9457).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Problem {
    /// A URI identifying the problem type.
    #[oai(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence, for a human.
    pub detail: String,
    /// Stable machine-readable code, e.g. `slot_unavailable`, `validation_failed`, `not_found`.
    pub code: String,
    /// For `slot_unavailable`: why the slot cannot be booked (`conflict`, `slot_full`,
    /// `too_soon`, `outside_schedule`, ...).
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<String>,
    /// Field errors, for `validation_failed`.
    #[oai(skip_serializing_if_is_none)]
    pub errors: Option<Vec<FieldProblem>>,
}

/// One invalid field.
#[derive(Debug, Clone, Object)]
pub struct FieldProblem {
    /// Path of the field, e.g. `weekly_rules[0].end` or `answers.company`.
    pub field: String,
    /// Stable code, e.g. `required`, `end_before_start`, `unknown_time_zone`.
    pub code: String,
    pub message: String,
}

impl poem_openapi::types::Example for Problem {
    fn example() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            ErrorCode::SlotUnavailable,
            "The slot is no longer available.",
        )
        .with_reason("slot_full")
    }
}

impl Problem {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        let code = code.as_str();
        Self {
            kind: format!("https://skyslots.dev/problems/{}", code.replace('_', "-")),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_owned(),
            reason: None,
            errors: None,
        }
    }

    /// 422 `validation_failed` listing `errors` (at least one).
    pub fn validation(errors: Vec<FieldProblem>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            many => format!("{} fields are invalid.", many.len()),
        };
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            detail,
        );
        p.errors = Some(errors);
        p
    }

    /// `(field, code)` of each field error, for tests.
    #[cfg(test)]
    pub(crate) fn field_codes(self) -> Vec<(String, String)> {
        self.errors
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.field, f.code))
            .collect()
    }

    fn with_reason(mut self, reason: &str) -> Self {
        self.reason = Some(reason.to_owned());
        self
    }
}

/// Every problem response there is. Operations document the subset that applies to them
/// through [`ApiError`] (the organization's API) and [`PublicError`] (public endpoints).
#[derive(Debug, ApiResponse)]
pub enum ProblemResponse {
    /// The request is malformed: a body that is not JSON, or a query or path parameter that
    /// does not parse (`malformed_request`).
    #[oai(status = 400, content_type = "application/problem+json")]
    BadRequest(Json<Problem>),
    /// No valid API key or token (`unauthorized`, `token_expired`, `token_invalid`).
    #[oai(status = 401, content_type = "application/problem+json")]
    Unauthorized(Json<Problem>),
    /// The token does not allow this operation (`insufficient_scope`, `secret_key_required`).
    #[oai(status = 403, content_type = "application/problem+json")]
    Forbidden(Json<Problem>),
    /// The resource does not exist in this organization (`not_found`).
    #[oai(status = 404, content_type = "application/problem+json")]
    NotFound(Json<Problem>),
    /// The request conflicts with the current state: `slot_unavailable`,
    /// `idempotency_conflict`, `duplicate`, `in_use`, `policy_window_closed`, ...
    #[oai(status = 409, content_type = "application/problem+json")]
    Conflict(Json<Problem>),
    /// The one-time link can no longer be used (`link_used`, `link_expired`, `link_revoked`).
    #[oai(status = 410, content_type = "application/problem+json")]
    Gone(Json<Problem>),
    /// The request body did not arrive in time (`request_timeout`); the connection is closed.
    #[oai(status = 408, content_type = "application/problem+json")]
    RequestTimeout(Json<Problem>),
    /// The body is larger than the server accepts (`payload_too_large`).
    #[oai(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Json<Problem>),
    /// The body is not sent as JSON: `Content-Type: application/json` is missing or another
    /// type (`unsupported_media_type`).
    #[oai(status = 415, content_type = "application/problem+json")]
    UnsupportedMediaType(Json<Problem>),
    /// Well-formed but invalid input (`validation_failed`), with every field's problem in
    /// `errors`: missing (`required`), not a field (`unknown_field`), of the wrong JSON type
    /// (`invalid_type`), out of bounds (`out_of_range`), not an allowed value
    /// (`invalid_value`), holding a control character (`control_character`), or breaking a
    /// rule of its own (`unknown_time_zone`, `end_before_start`, ...).
    #[oai(status = 422, content_type = "application/problem+json")]
    Unprocessable(Json<Problem>),
    /// Too many requests from this client, key or token (`rate_limited`). `Retry-After` says
    /// when to try again; `RateLimit-Policy` and `RateLimit` (IETF draft) describe the limit.
    #[oai(status = 429, content_type = "application/problem+json")]
    TooManyRequests(
        Json<Problem>,
        /// Seconds until a request will be accepted again.
        #[oai(header = "Retry-After")]
        Option<u64>,
        /// The limit: `"<name>";q=<requests>;w=<seconds>`.
        #[oai(header = "RateLimit-Policy")]
        Option<String>,
        /// The state: `"<name>";r=<remaining>;t=<seconds until reset>`.
        #[oai(header = "RateLimit")]
        Option<String>,
    ),
    /// A transient condition; retry (`unavailable`, `retry`).
    #[oai(status = 503, content_type = "application/problem+json")]
    Unavailable(Json<Problem>),
    /// An unexpected error (`internal`); the log has the cause.
    #[oai(status = 500, content_type = "application/problem+json")]
    Internal(Json<Problem>),
}

/// The error of an operation of the organization's API (every problem but 410, and 415 only
/// where the operation takes a body: [`WithBody`]).
#[derive(Debug)]
pub struct ApiError(pub ProblemResponse);

/// The error of a public operation (every problem but 401 and 403: nothing to authenticate).
#[derive(Debug)]
pub struct PublicError(pub ApiError);

/// The error of an operation that takes a JSON body: `E`'s problems and 415. Only these
/// operations document 415, because only they can answer it (the spec test checks both ways).
#[derive(Debug)]
pub struct WithBody<E>(pub E);

/// [`ProblemResponse`]'s documentation without the `excluded` statuses.
fn documented(excluded: &[u16]) -> poem_openapi::registry::MetaResponses {
    let mut meta = ProblemResponse::meta();
    meta.responses
        .retain(|r| r.status.is_none_or(|s| !excluded.contains(&s)));
    meta
}

macro_rules! problem_subset {
    ($ty:ty, $excluded:expr, $inner:expr) => {
        impl ApiResponse for $ty {
            fn meta() -> poem_openapi::registry::MetaResponses {
                documented($excluded)
            }

            fn register(registry: &mut poem_openapi::registry::Registry) {
                ProblemResponse::register(registry);
            }
        }

        impl poem::IntoResponse for $ty {
            fn into_response(self) -> poem::Response {
                #[allow(clippy::redundant_closure_call)]
                ($inner)(self).into_response()
            }
        }

        impl From<$ty> for poem::Error {
            fn from(e: $ty) -> Self {
                poem::Error::from_response(poem::IntoResponse::into_response(e))
            }
        }
    };
}

problem_subset!(ApiError, &[410, 415], |e: ApiError| e.0);
problem_subset!(PublicError, &[401, 403, 415], |e: PublicError| e.0 .0);
problem_subset!(WithBody<ApiError>, &[410], |e: WithBody<ApiError>| e.0 .0);
problem_subset!(WithBody<PublicError>, &[401, 403], |e: WithBody<
    PublicError,
>| e.0 .0 .0);

impl<E: Into<ApiError>> From<E> for WithBody<ApiError> {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl<E: Into<PublicError>> From<E> for WithBody<PublicError> {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl From<ApiError> for PublicError {
    fn from(e: ApiError) -> Self {
        Self(e)
    }
}

impl From<StorageError> for PublicError {
    fn from(e: StorageError) -> Self {
        Self(e.into())
    }
}

impl ApiError {
    pub fn problem(p: Problem) -> Self {
        Self(match p.status {
            400 => ProblemResponse::BadRequest(Json(p)),
            401 => ProblemResponse::Unauthorized(Json(p)),
            403 => ProblemResponse::Forbidden(Json(p)),
            404 => ProblemResponse::NotFound(Json(p)),
            409 => ProblemResponse::Conflict(Json(p)),
            408 => ProblemResponse::RequestTimeout(Json(p)),
            410 => ProblemResponse::Gone(Json(p)),
            413 => ProblemResponse::PayloadTooLarge(Json(p)),
            415 => ProblemResponse::UnsupportedMediaType(Json(p)),
            422 => ProblemResponse::Unprocessable(Json(p)),
            429 => ProblemResponse::TooManyRequests(Json(p), None, None, None),
            503 => ProblemResponse::Unavailable(Json(p)),
            _ => ProblemResponse::Internal(Json(p)),
        })
    }

    /// The problem this error answers with.
    pub fn body(&self) -> &Problem {
        match &self.0 {
            ProblemResponse::BadRequest(p)
            | ProblemResponse::Unauthorized(p)
            | ProblemResponse::Forbidden(p)
            | ProblemResponse::NotFound(p)
            | ProblemResponse::Conflict(p)
            | ProblemResponse::Gone(p)
            | ProblemResponse::RequestTimeout(p)
            | ProblemResponse::PayloadTooLarge(p)
            | ProblemResponse::UnsupportedMediaType(p)
            | ProblemResponse::Unprocessable(p)
            | ProblemResponse::TooManyRequests(p, ..)
            | ProblemResponse::Unavailable(p)
            | ProblemResponse::Internal(p) => &p.0,
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::problem(Problem::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("No such {what}."),
        ))
    }

    pub fn unauthorized() -> Self {
        Self::problem(Problem::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "A valid API key is required: send `Authorization: Bearer sk_...`.",
        ))
    }

    pub fn invalid(invalid: &Invalid) -> Self {
        let errors = invalid
            .errors
            .iter()
            .map(|e| FieldProblem {
                field: e.field.clone(),
                code: e.code().to_owned(),
                message: e.reason.to_string(),
            })
            .collect::<Vec<_>>();
        Self::problem(Problem::validation(errors))
    }

    pub fn field(field: &str, reason: skyslots_core::InvalidReason) -> Self {
        Self::invalid(&Invalid::one(field, reason))
    }

    /// A 401 for an empty database: the key cannot be right, and the likely cause is a server
    /// started on another data directory or database than `skyslots org create` used.
    pub fn no_organization() -> Self {
        Self::problem(Problem::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "No organization exists in this server's database yet, so no key can be valid: run \
             `skyslots org create NAME` with the same data directory (SKYSLOTS_DATA_DIR) or \
             DATABASE_URL as the server.",
        ))
    }

    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::problem(Problem::new(StatusCode::CONFLICT, code, detail))
    }

    fn rejected(r: &Rejection) -> Self {
        let detail = match r {
            Rejection::Conflict => {
                "The slot is no longer available: it conflicts with another booking or busy time."
                    .to_owned()
            }
            Rejection::SlotFull { seats_remaining: 0 } => "The slot is fully booked.".to_owned(),
            other => format!("The slot cannot be booked: it {other}."),
        };
        Self::problem(
            Problem::new(StatusCode::CONFLICT, ErrorCode::SlotUnavailable, detail)
                .with_reason(r.code()),
        )
    }

    pub(crate) fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::problem(Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "An unexpected error occurred; it has been logged.",
        ))
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NotFound(what) => Self::not_found(what),
            StorageError::Duplicate(message) => Self::conflict(ErrorCode::Duplicate, message),
            StorageError::InUse(message) => Self::conflict(ErrorCode::InUse, message),
            StorageError::Invalid(invalid) => Self::invalid(&invalid),
            StorageError::Retry(cause) | StorageError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "transient storage failure");
                Self::problem(Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "The service is briefly unavailable; retry the request.",
                ))
            }
            other => Self::internal(&other),
        }
    }
}

impl From<skyslots_app::Error> for ApiError {
    fn from(e: skyslots_app::Error) -> Self {
        use skyslots_app::Error as E;
        match e {
            E::Invalid(invalid) => Self::invalid(&invalid),
            E::NotFound(what) => Self::not_found(what),
            E::Rejected(Rejection::Invalid(invalid)) => Self::invalid(&invalid),
            E::Rejected(r) => Self::rejected(&r),
            E::Conflict { code, message } => Self::conflict(code, message),
            E::Gone { code, message } => {
                Self::problem(Problem::new(StatusCode::GONE, code, message))
            }
            E::Unavailable { code, message } => {
                Self::problem(Problem::new(StatusCode::SERVICE_UNAVAILABLE, code, message))
            }
            E::Storage(e) => e.into(),
        }
    }
}

impl From<skyslots_app::Error> for PublicError {
    fn from(e: skyslots_app::Error) -> Self {
        Self(e.into())
    }
}

impl From<skyslots_core::Invalid> for ApiError {
    fn from(e: skyslots_core::Invalid) -> Self {
        Self::invalid(&e)
    }
}

/// Convert an error the framework produced (before or around a handler) into a problem.
pub fn from_poem_error(err: &poem::Error) -> Problem {
    let status = err.status();
    let message = err.to_string();
    let (code, detail) = match status {
        StatusCode::BAD_REQUEST => (ErrorCode::MalformedRequest, clean(&message)),
        StatusCode::UNAUTHORIZED => (
            ErrorCode::Unauthorized,
            "A valid API key is required: send `Authorization: Bearer sk_...`.".to_owned(),
        ),
        StatusCode::NOT_FOUND => (ErrorCode::NotFound, "No such resource or route.".to_owned()),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "This method is not allowed on this path.".to_owned(),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            "The request body is too large.".to_owned(),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            "Send JSON with `Content-Type: application/json`.".to_owned(),
        ),
        s if s.is_server_error() => {
            tracing::error!(error = %message, "framework error");
            (
                ErrorCode::Internal,
                "An unexpected error occurred; it has been logged.".to_owned(),
            )
        }
        _ => (ErrorCode::MalformedRequest, clean(&message)),
    };
    Problem::new(status, code, detail)
}

/// Framework parse messages name the field and the problem; keep them, bounded.
fn clean(message: &str) -> String {
    let m: String = message
        .chars()
        .filter(|c| !c.is_control())
        .take(500)
        .collect();
    if m.is_empty() {
        "The request could not be parsed.".to_owned()
    } else {
        m
    }
}
