//! Idempotency keys: the rows. What a key means (replay, conflict, race) is decided in the
//! use-case layer (`skyslots_app::idempotent`).
//!
//! The key is recorded in the same transaction as the resource it created, with the
//! operation, a hash of the request and the created record. A retry with the same key and
//! request gets that record back (`replayed`); the same key with another request or operation
//! is a conflict. If two requests with one key race, the loser's insert of the key
//! fails, its whole transaction (resource included) rolls back, and it answers with the
//! winner's record: never two resources for one key. Keys are per organization and kept for
//! [`RETENTION`]; after that a retry creates anew (as with Stripe's keys).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{now, to_json, ts};
use crate::schema::idempotency_keys;

/// Every operation that records idempotency keys. Its name is stored with each key and hashed
/// with the request, so a key used for one operation never replays another's result; the API
/// and storage take it from here, never from a string of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    ApiKeyCreate,
    ScheduleCreate,
    HostCreate,
    BusyBlockCreate,
    LinkCreate,
    LinkDuplicate,
    BookingCreate,
    OneTimeLinkCreate,
    WebhookEndpointCreate,
    CalendarFeedCreate,
    CalendarConnectionCreate,
}

impl Operation {
    /// The stored name (the operation id of the API operation).
    pub const fn name(self) -> &'static str {
        match self {
            Self::ApiKeyCreate => "api_key_create",
            Self::ScheduleCreate => "schedule_create",
            Self::HostCreate => "host_create",
            Self::BusyBlockCreate => "busy_block_create",
            Self::LinkCreate => "link_create",
            Self::LinkDuplicate => "link_duplicate",
            Self::BookingCreate => "booking_create",
            Self::OneTimeLinkCreate => "one_time_link_create",
            Self::WebhookEndpointCreate => "webhook_endpoint_create",
            Self::CalendarFeedCreate => "calendar_feed_create",
            Self::CalendarConnectionCreate => "calendar_connection_create",
        }
    }
}

/// How long a key's result is kept.
pub const RETENTION: chrono::Duration = chrono::Duration::hours(24);

/// A client's `Idempotency-Key` and the hash of the request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// A created resource, and whether it is the replay of an earlier request's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Created<T> {
    pub value: T,
    pub replayed: bool,
}

impl<T> Created<T> {
    pub fn new(value: T) -> Self {
        Self {
            value,
            replayed: false,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Created<U> {
        Created {
            value: f(self.value),
            replayed: self.replayed,
        }
    }
}

/// What was recorded with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub operation: String,
    pub request_hash: String,
    /// The created record, as JSON.
    pub body: String,
}

/// The record kept with `key` in `org`, if any.
pub async fn find(tx: &mut Tx, org: &str, key: &str) -> Result<Option<Recorded>, StorageError> {
    let row: Option<(String, String, String)> = on_backend!(tx, conn => {
        idempotency_keys::table
            .filter(idempotency_keys::organization_id.eq(org))
            .filter(idempotency_keys::key.eq(key))
            .select((idempotency_keys::operation, idempotency_keys::request_hash, idempotency_keys::body))
            .first(conn)
            .await
            .optional()?
    });
    Ok(row.map(|(operation, request_hash, body)| Recorded {
        operation,
        request_hash,
        body,
    }))
}

/// Record `key` for `op` with the created `value`. If another transaction recorded the same
/// key first, [`StorageError::IdempotencyRace`].
pub async fn record<T: serde::Serialize>(
    tx: &mut Tx,
    org: &str,
    key: &Idempotency,
    op: Operation,
    value: &T,
) -> Result<(), StorageError> {
    let body = to_json(value)?;
    let created_at = ts(now());
    on_backend!(tx, conn => {
        diesel::insert_into(idempotency_keys::table)
            .values((
                idempotency_keys::organization_id.eq(org),
                idempotency_keys::key.eq(&key.key),
                idempotency_keys::operation.eq(op.name()),
                idempotency_keys::request_hash.eq(&key.request_hash),
                idempotency_keys::status.eq(201),
                idempotency_keys::body.eq(&body),
                idempotency_keys::created_at.eq(created_at),
            ))
            .execute(conn)
            .await
    })
    .map(|_| ())
    .map_err(|e| match StorageError::from(e) {
        StorageError::Duplicate(_) => StorageError::IdempotencyRace,
        other => other,
    })
}

/// Forget keys recorded before `before`; returns how many. The server calls this hourly with
/// `now - RETENTION`.
pub async fn purge(tx: &mut Tx, before: DateTime<Utc>) -> Result<usize, StorageError> {
    Ok(on_backend!(tx, conn => {
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(ts(before))))
            .execute(conn)
            .await?
    }))
}
