//! Idempotency keys: a retried create returns the first result.
//!
//! The key is recorded in the same transaction as the resource it created, with the
//! operation, a hash of the request and the created record. A retry with the same key and
//! request gets that record back (`replayed`); the same key with another request or operation
//! is `IdempotencyConflict`. If two requests with one key race, the loser's insert of the key
//! fails, its whole transaction (resource included) rolls back, and it answers with the
//! winner's record: never two resources for one key. Keys are per organization and kept for
//! [`RETENTION`]; after that a retry creates anew (as with Stripe's keys).

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::Db;
use crate::error::StorageError;
use crate::model::from_json;
use crate::schema::idempotency_keys;
use crate::with_conn;

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
        }
    }
}

/// How long a key's result is kept.
pub const RETENTION: chrono::Duration = chrono::Duration::hours(24);

impl Db {
    /// Forget keys recorded before `before`; returns how many. The server calls this hourly
    /// with `now - RETENTION`.
    pub async fn purge_idempotency_keys(
        &self,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<usize, StorageError> {
        Ok(with_conn!(self, conn => {
            diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(before.timestamp())))
                .execute(conn)
                .await?
        }))
    }
}

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

/// Inside a transaction: the recorded result for `key`, `IdempotencyConflict` if the key was
/// used for something else, or `None`.
macro_rules! find_idempotency {
    ($conn:expr, $org:expr, $key:expr, $op:expr) => {{
        let key: &$crate::idempotency::Idempotency = $key;
        let row: Option<(String, String, String)> = $crate::schema::idempotency_keys::table
            .filter($crate::schema::idempotency_keys::organization_id.eq($org))
            .filter($crate::schema::idempotency_keys::key.eq(&key.key))
            .select((
                $crate::schema::idempotency_keys::operation,
                $crate::schema::idempotency_keys::request_hash,
                $crate::schema::idempotency_keys::body,
            ))
            .first($conn)
            .await
            .optional()?;
        match row {
            None => None,
            Some((op, hash, _)) if op != $op || hash != key.request_hash => {
                return Err(StorageError::IdempotencyConflict);
            }
            Some((_, _, body)) => Some($crate::idempotency::Created {
                value: $crate::model::from_json("idempotent result", &body)?,
                replayed: true,
            }),
        }
    }};
}
pub(crate) use find_idempotency;

/// Inside a transaction: record `value` as the result of `key`. A concurrent recording of the
/// same key becomes `IdempotencyRace`, which rolls the transaction back.
macro_rules! record_idempotency {
    ($conn:expr, $org:expr, $key:expr, $op:expr, $value:expr) => {{
        let key: &$crate::idempotency::Idempotency = $key;
        diesel::insert_into($crate::schema::idempotency_keys::table)
            .values((
                $crate::schema::idempotency_keys::organization_id.eq($org),
                $crate::schema::idempotency_keys::key.eq(&key.key),
                $crate::schema::idempotency_keys::operation.eq($op),
                $crate::schema::idempotency_keys::request_hash.eq(&key.request_hash),
                $crate::schema::idempotency_keys::status.eq(201),
                $crate::schema::idempotency_keys::body.eq($crate::model::to_json($value)?),
                $crate::schema::idempotency_keys::created_at.eq(chrono::Utc::now().timestamp()),
            ))
            .execute($conn)
            .await
            .map_err(|e| match StorageError::from(e) {
                StorageError::Duplicate(_) => StorageError::IdempotencyRace,
                other => other,
            })?;
    }};
}
pub(crate) use record_idempotency;

/// After a creating transaction: turn a lost key race into the winner's result.
pub(crate) async fn settle<T: serde::de::DeserializeOwned>(
    db: &Db,
    org: &str,
    idem: Option<&Idempotency>,
    op: &str,
    result: Result<Created<T>, StorageError>,
) -> Result<Created<T>, StorageError> {
    match (result, idem) {
        (Err(StorageError::IdempotencyRace), Some(key)) => {
            let row: Option<(String, String, String)> = with_conn!(db, conn => {
                idempotency_keys::table
                    .filter(idempotency_keys::organization_id.eq(org))
                    .filter(idempotency_keys::key.eq(&key.key))
                    .select((idempotency_keys::operation, idempotency_keys::request_hash, idempotency_keys::body))
                    .first(conn)
                    .await
                    .optional()?
            });
            match row {
                Some((o, hash, body)) if o == op && hash == key.request_hash => Ok(Created {
                    value: from_json("idempotent result", &body)?,
                    replayed: true,
                }),
                Some(_) => Err(StorageError::IdempotencyConflict),
                None => Err(StorageError::Retry("idempotency key vanished".into())),
            }
        }
        (other, _) => other,
    }
}
