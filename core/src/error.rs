//! Validation errors for everything core accepts from the outside world.
//!
//! Core never panics on bad input: schedules, link rules, queries and recurrence rules are
//! checked when they are built and every problem is reported as a [`FieldError`] naming the
//! field (in the API's own snake_case path, e.g. `weekly_rules[2].end`) and a stable code.
//! Nothing here knows about HTTP; the API maps [`Invalid`] to a problem+json body in one place.

use std::fmt;

/// Why one field was rejected. Each variant has a stable machine [`code`](Self::code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidReason {
    #[error("`{0}` is not a known IANA time zone")]
    UnknownTimeZone(String),
    #[error("`{0}` is not a time of day in HH:MM form between 00:00 and 24:00")]
    BadTimeOfDay(String),
    #[error("the end must be after the start")]
    EndNotAfterStart,
    #[error("an interval that ends on the next day must end at or before its start time")]
    LongerThanADay,
    #[error("overlaps {0}")]
    Overlap(String),
    #[error("is listed more than once")]
    Duplicate,
    #[error("is both a holiday and a date override; keep one")]
    OverrideOnHoliday,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("must not be empty")]
    Empty,
    #[error("at most {0} entries are allowed")]
    TooMany(usize),
    #[error("is not one of the offered values ({0})")]
    NotOffered(String),
    #[error("the window may be at most {0} days long")]
    WindowTooLong(i64),
    #[error("must be a whole number of seconds")]
    SubSecond,
    #[error("is not a valid recurrence rule: {0}")]
    BadRecurrence(String),
    #[error("recurrence frequency {0} is not supported; use HOURLY or coarser")]
    UnsupportedFrequency(String),
    #[error("{0}")]
    Inconsistent(&'static str),
    /// An outbound URL this server will not call (scheme, credentials, a private address).
    #[error("{0}")]
    UrlNotAllowed(&'static str),
    /// An email template that does not compile or render with sample data.
    #[error("the template does not render: {0}")]
    BadTemplate(String),
}

impl InvalidReason {
    /// Stable machine-readable code, part of the public API contract.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownTimeZone(_) => "unknown_time_zone",
            Self::BadTimeOfDay(_) => "invalid_time_of_day",
            Self::EndNotAfterStart => "end_before_start",
            Self::LongerThanADay => "interval_too_long",
            Self::Overlap(_) => "overlapping_intervals",
            Self::Duplicate => "duplicate",
            Self::OverrideOnHoliday => "override_on_holiday",
            Self::OutOfRange { .. } => "out_of_range",
            Self::Empty => "required",
            Self::TooMany(_) => "too_many",
            Self::NotOffered(_) => "not_offered",
            Self::WindowTooLong(_) => "window_too_long",
            Self::SubSecond => "sub_second_precision",
            Self::BadRecurrence(_) => "invalid_recurrence",
            Self::UnsupportedFrequency(_) => "unsupported_frequency",
            Self::Inconsistent(_) => "inconsistent",
            Self::UrlNotAllowed(_) => "url_not_allowed",
            Self::BadTemplate(_) => "invalid_template",
        }
    }
}

/// One rejected field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field as clients spell it: `timezone`, `weekly_rules[1].start`.
    pub field: String,
    pub reason: InvalidReason,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: InvalidReason) -> Self {
        Self {
            field: field.into(),
            reason,
        }
    }

    pub fn code(&self) -> &'static str {
        self.reason.code()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

/// Input that core refused, with every problem found (not just the first), so a client can
/// fix a whole form in one round trip.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn one(field: impl Into<String>, reason: InvalidReason) -> Self {
        Self {
            errors: vec![FieldError::new(field, reason)],
        }
    }

    /// Prefix every field path, for nesting (`schedule.` + `weekly_rules[0].end`).
    pub fn nested(mut self, prefix: &str) -> Self {
        for e in &mut self.errors {
            e.field = format!("{prefix}.{}", e.field);
        }
        self
    }

    /// True when some error is about `field`.
    pub fn mentions(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// Collects field errors while a value is being checked.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<FieldError>);

impl Problems {
    pub(crate) fn push(&mut self, field: impl Into<String>, reason: InvalidReason) {
        self.0.push(FieldError::new(field, reason));
    }

    /// Record an out-of-range value; returns whether it was in range.
    pub(crate) fn range(&mut self, field: &str, value: i64, min: i64, max: i64) -> bool {
        let ok = (min..=max).contains(&value);
        if !ok {
            self.push(field, InvalidReason::OutOfRange { min, max });
        }
        ok
    }

    pub(crate) fn absorb(&mut self, other: Invalid) {
        self.0.extend(other.errors);
    }

    pub(crate) fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid { errors: self.0 })
        }
    }
}

/// The stable machine code of every problem the API answers with (the `code` of a problem
/// body): one list, so that a condition has one name in every crate and a typo cannot invent a
/// new one. Field-level codes are [`InvalidReason::code`]; the reasons of a refused slot are
/// [`crate::Rejection::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    MalformedRequest,
    Unauthorized,
    TokenInvalid,
    TokenExpired,
    TokenNotYetValid,
    SecretKeyRequired,
    InsufficientScope,
    TokenRestricted,
    NotFound,
    LinkNotFound,
    BookingNotFound,
    MethodNotAllowed,
    RequestTimeout,
    SlotUnavailable,
    SlotNotOffered,
    LinkInactive,
    IdempotencyConflict,
    Duplicate,
    InUse,
    PolicyWindowClosed,
    PolicyForbidsChange,
    BookingStarted,
    BookingCancelled,
    BookingNotPending,
    LinkUsed,
    LinkExpired,
    LinkRevoked,
    WebhookEndpointDisabled,
    LimitReached,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    RateLimited,
    /// The booking is waiting for its payment: it cannot be confirmed or moved until paid.
    BookingAwaitingPayment,
    /// The booking's payment hold ended unpaid.
    BookingExpired,
    /// The link collects payment online but this server has no payment provider configured.
    PaymentsNotConfigured,
    /// The payment provider could not be reached or refused the request; retry later.
    PaymentProviderError,
    /// A refund larger than what is left of the payment.
    RefundExceedsPayment,
    /// The payment has not succeeded (or is fully refunded): nothing to refund.
    PaymentNotRefundable,
    /// A provider webhook whose signature does not verify (or is too old).
    WebhookSignatureInvalid,
    Internal,
    Unavailable,
}

impl ErrorCode {
    /// Every code, for checks that each is documented.
    pub const ALL: [Self; 42] = [
        Self::MalformedRequest,
        Self::Unauthorized,
        Self::TokenInvalid,
        Self::TokenExpired,
        Self::TokenNotYetValid,
        Self::SecretKeyRequired,
        Self::InsufficientScope,
        Self::TokenRestricted,
        Self::NotFound,
        Self::LinkNotFound,
        Self::BookingNotFound,
        Self::MethodNotAllowed,
        Self::RequestTimeout,
        Self::SlotUnavailable,
        Self::SlotNotOffered,
        Self::LinkInactive,
        Self::IdempotencyConflict,
        Self::Duplicate,
        Self::InUse,
        Self::PolicyWindowClosed,
        Self::PolicyForbidsChange,
        Self::BookingStarted,
        Self::BookingCancelled,
        Self::BookingNotPending,
        Self::LinkUsed,
        Self::LinkExpired,
        Self::LinkRevoked,
        Self::WebhookEndpointDisabled,
        Self::LimitReached,
        Self::PayloadTooLarge,
        Self::UnsupportedMediaType,
        Self::ValidationFailed,
        Self::RateLimited,
        Self::BookingAwaitingPayment,
        Self::BookingExpired,
        Self::PaymentsNotConfigured,
        Self::PaymentProviderError,
        Self::RefundExceedsPayment,
        Self::PaymentNotRefundable,
        Self::WebhookSignatureInvalid,
        Self::Internal,
        Self::Unavailable,
    ];

    /// The code on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::MalformedRequest => "malformed_request",
            Self::Unauthorized => "unauthorized",
            Self::TokenInvalid => "token_invalid",
            Self::TokenExpired => "token_expired",
            Self::TokenNotYetValid => "token_not_yet_valid",
            Self::SecretKeyRequired => "secret_key_required",
            Self::InsufficientScope => "insufficient_scope",
            Self::TokenRestricted => "token_restricted",
            Self::NotFound => "not_found",
            Self::LinkNotFound => "link_not_found",
            Self::BookingNotFound => "booking_not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::RequestTimeout => "request_timeout",
            Self::SlotUnavailable => "slot_unavailable",
            Self::SlotNotOffered => "slot_not_offered",
            Self::LinkInactive => "link_inactive",
            Self::IdempotencyConflict => "idempotency_conflict",
            Self::Duplicate => "duplicate",
            Self::InUse => "in_use",
            Self::PolicyWindowClosed => "policy_window_closed",
            Self::PolicyForbidsChange => "policy_forbids_change",
            Self::BookingStarted => "booking_started",
            Self::BookingCancelled => "booking_cancelled",
            Self::BookingNotPending => "booking_not_pending",
            Self::LinkUsed => "link_used",
            Self::LinkExpired => "link_expired",
            Self::LinkRevoked => "link_revoked",
            Self::WebhookEndpointDisabled => "webhook_endpoint_disabled",
            Self::LimitReached => "limit_reached",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::ValidationFailed => "validation_failed",
            Self::RateLimited => "rate_limited",
            Self::BookingAwaitingPayment => "booking_awaiting_payment",
            Self::BookingExpired => "booking_expired",
            Self::PaymentsNotConfigured => "payments_not_configured",
            Self::PaymentProviderError => "payment_provider_error",
            Self::RefundExceedsPayment => "refund_exceeds_payment",
            Self::PaymentNotRefundable => "payment_not_refundable",
            Self::WebhookSignatureInvalid => "webhook_signature_invalid",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
