//! Request plumbing shared by every operation: result types, the request id, path ids,
//! idempotency keys, pages, and collecting field errors.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use skyslots_core::{ErrorCode, FieldError, Invalid, InvalidReason, TimeOfDay};
use skyslots_storage::idempotency::{Idempotency, Operation};
use skyslots_storage::ids::{Id, IdKind, Kind};
use skyslots_storage::PageRequest;
use validator::Validate;

use crate::problem::{ApiError, WithBody};

pub(crate) type Result<T> = std::result::Result<T, ApiError>;
/// The result of an operation that takes a JSON body (it may also answer 415).
pub(crate) type BodyResult<T> = std::result::Result<T, WithBody<ApiError>>;

tokio::task_local! {
    /// The id of the request being handled (set by the request middleware).
    pub static REQUEST_ID: String;
}

/// The current request's id, if a request is being handled.
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// A path id, parsed into its kind: any other shape names nothing here (404, saying what
/// such ids look like).
pub(crate) fn path_id<K: IdKind>(id: &str) -> Result<Id<K>> {
    Id::parse(id).ok_or_else(|| {
        ApiError::problem(crate::problem::Problem::new(
            poem::http::StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!(
                "`{}` is not a {what} id ({what} ids start with {}_).",
                truncate(id),
                K::KIND.prefix(),
                what = K::WHAT,
            ),
        ))
    })
}

pub(crate) fn truncate(s: &str) -> String {
    s.chars().take(64).collect()
}

/// The idempotency record for a create: the client's key and a hash of what it asked for —
/// the operation, the resource it acts on if the path names one (`scope`), and the body.
pub(crate) fn idempotency(
    key: Option<String>,
    operation: Operation,
    scope: Option<&str>,
    body: &impl serde::Serialize,
) -> Option<Idempotency> {
    // The key's form was checked for every request in `guard`.
    let key = key?;
    let canonical = serde_json::to_string(body).unwrap_or_default();
    let operation = match scope {
        Some(scope) => format!("{} {scope}", operation.name()),
        None => operation.name().to_owned(),
    };
    let digest = Sha256::digest(format!("{operation}\n{canonical}").as_bytes());
    Some(Idempotency {
        key,
        request_hash: digest.iter().map(|b| format!("{b:02x}")).collect(),
    })
}

pub(crate) fn page(limit: Option<u32>, cursor: Option<String>) -> Result<PageRequest> {
    Ok(PageRequest::new(limit, cursor.as_deref())?)
}

pub(crate) fn finish(errors: Errors) -> Result<()> {
    errors.finish().map_err(|e| ApiError::invalid(&e))
}

/// Collects field errors across a whole request.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, field: impl Into<String>, reason: InvalidReason) {
        self.0.push(FieldError::new(field, reason));
    }

    pub fn extend(&mut self, prefix: Option<&str>, invalid: Invalid) {
        let invalid = match prefix {
            Some(p) => invalid.nested(p),
            None => invalid,
        };
        self.0.extend(invalid.errors);
    }

    /// Structural checks from `validator`, under `prefix`.
    pub fn validate(&mut self, prefix: &str, value: &impl Validate) {
        if let Err(errors) = value.validate() {
            for (field, list) in errors.field_errors() {
                for e in list {
                    let reason = match (e.params.get("min"), e.params.get("max")) {
                        (min, Some(max)) => InvalidReason::OutOfRange {
                            min: min.and_then(|v| v.as_i64()).unwrap_or(0),
                            max: max.as_i64().unwrap_or(i64::MAX),
                        },
                        _ if e.code == "email" => {
                            InvalidReason::Inconsistent("not an email address")
                        }
                        _ if e.code == "slug" => InvalidReason::Inconsistent(
                            "use 1-64 characters of a-z, 0-9 and -, not starting with -",
                        ),
                        _ => InvalidReason::Inconsistent("invalid value"),
                    };
                    let path = if prefix.is_empty() {
                        field.to_string()
                    } else {
                        format!("{prefix}.{field}")
                    };
                    self.push(path, reason);
                }
            }
        }
    }

    pub fn time(&mut self, field: String, text: &str) -> TimeOfDay {
        TimeOfDay::parse(text).unwrap_or_else(|reason| {
            self.push(field, reason);
            TimeOfDay::MIDNIGHT
        })
    }

    /// An id in a body, parsed into its kind (a problem for `field` if it is not one).
    pub fn typed_id<K: IdKind>(&mut self, field: &str, id: &str) -> Option<Id<K>> {
        let parsed = Id::parse(id);
        if parsed.is_none() {
            self.push(field, InvalidReason::Inconsistent(kind_message(K::KIND)));
        }
        parsed
    }

    /// An id in a body must be of the right kind.
    pub fn id(&mut self, field: String, id: &str, kind: Kind) {
        if !kind.matches(id) {
            self.push(field, InvalidReason::Inconsistent(kind_message(kind)));
        }
    }

    pub fn finish(self) -> std::result::Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid { errors: self.0 })
        }
    }
}

fn kind_message(kind: Kind) -> &'static str {
    match kind {
        Kind::Host => "not a host id (host ids start with hst_)",
        Kind::Schedule => "not a schedule id (schedule ids start with sch_)",
        Kind::Link => "not a link id (link ids start with lnk_)",
        Kind::Booking => "not a booking id (booking ids start with bkg_)",
        Kind::BusyBlock => "not a busy block id (busy block ids start with bsy_)",
        Kind::ApiKey => "not an API key id (key ids start with key_)",
        Kind::Organization => "not an organization id",
        Kind::Event => "not an event id (event ids start with evt_)",
        Kind::OneTimeLink => "not a one-time link id (one-time link ids start with otl_)",
        Kind::AuditEvent => "not an audit event id (audit event ids start with aud_)",
        Kind::Job => "not a job id",
        Kind::WebhookEndpoint => "not a webhook endpoint id (webhook endpoint ids start with whe_)",
        Kind::WebhookDelivery => "not a webhook delivery id (webhook delivery ids start with whd_)",
        Kind::WebhookAttempt => "not a webhook attempt id",
        Kind::CalendarFeed => "not a calendar feed id (calendar feed ids start with cfd_)",
        Kind::Email => "not an email id (email ids start with eml_)",
        Kind::CalendarConnection => {
            "not a calendar connection id (calendar connection ids start with ccn_)"
        }
        Kind::Payment => "not a payment id (payment ids start with pay_)",
        Kind::Refund => "not a refund id (refund ids start with rfd_)",
    }
}

/// A nullable field of a PATCH as a change: omitted stays (`None`), `null` clears
/// (`Some(None)`), a value sets.
pub(crate) fn change<T>(m: &poem_openapi::types::MaybeUndefined<T>) -> Option<Option<&T>> {
    use poem_openapi::types::MaybeUndefined;
    match m {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

pub(crate) fn slug(s: &str) -> std::result::Result<(), validator::ValidationError> {
    if skyslots_app::public::is_slug(s) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("slug"))
    }
}

pub(crate) fn metadata_ok(m: &BTreeMap<String, String>, errors: &mut Errors) {
    if m.len() > 50 {
        errors.push("metadata", InvalidReason::TooMany(50));
    }
    for (k, v) in m {
        if k.is_empty() || k.chars().count() > 40 {
            errors.push(
                format!("metadata.{}", truncate(k)),
                InvalidReason::Inconsistent("keys are 1-40 characters"),
            );
        }
        if v.chars().count() > 500 {
            errors.push(
                format!("metadata.{}", truncate(k)),
                InvalidReason::OutOfRange { min: 0, max: 500 },
            );
        }
    }
}

/// Serde default: 1 (seats, capacity).
pub(crate) fn one() -> u32 {
    1
}
