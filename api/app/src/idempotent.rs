//! Idempotency keys, decided: a retried create with the same key and request answers with
//! the first result (`replayed`), the same key with another request or operation is a 409
//! `idempotency_conflict`, and of two racing requests with one key the loser's transaction
//! rolls back and it answers with the winner's result. Never two resources for one key.

use serde::de::DeserializeOwned;
use skyslots_core::ErrorCode;
use skyslots_storage::idempotency::{self, Created, Idempotency, Operation};
use skyslots_storage::{Db, StorageError, Tx};

use crate::{Error, Result};

/// In a transaction, before creating: the result recorded for `key` if the same request made
/// it, a conflict if another did, or `None` (create).
pub async fn replay<T: DeserializeOwned>(
    tx: &mut Tx,
    org: &str,
    key: Option<&Idempotency>,
    op: Operation,
) -> Result<Option<Created<T>>> {
    let Some(key) = key else {
        return Ok(None);
    };
    match idempotency::find(tx, org, &key.key).await? {
        None => Ok(None),
        Some(r) if r.operation != op.name() || r.request_hash != key.request_hash => {
            Err(Error::conflict(
                ErrorCode::IdempotencyConflict,
                "This Idempotency-Key was already used with a different request.",
            ))
        }
        Some(r) => Ok(Some(Created {
            value: serde_json::from_str(&r.body).map_err(|e| {
                StorageError::Corrupt(format!("idempotent result of {}: {e}", op.name()))
            })?,
            replayed: true,
        })),
    }
}

/// In the creating transaction: record `key` with what it created.
pub async fn record<T: serde::Serialize>(
    tx: &mut Tx,
    org: &str,
    key: Option<&Idempotency>,
    op: Operation,
    value: &T,
) -> Result<()> {
    if let Some(key) = key {
        idempotency::record(tx, org, key, op, value).await?;
    }
    Ok(())
}

/// After the transaction: if another request recorded the same key first (this one rolled
/// back), answer with that request's result.
pub async fn settle<T: DeserializeOwned>(
    db: &Db,
    org: &str,
    key: Option<&Idempotency>,
    op: Operation,
    result: Result<Created<T>>,
) -> Result<Created<T>> {
    match (result, key) {
        (Err(e), Some(_)) if is_race(&e) => winner(&mut db.read().await?, org, key, op).await,
        (other, _) => other,
    }
}

/// Whether `e` says another request recorded the same key first.
pub fn is_race(e: &Error) -> bool {
    matches!(e, Error::Storage(StorageError::IdempotencyRace))
}

/// The result of the request that won a race for `key`.
pub async fn winner<T: DeserializeOwned>(
    tx: &mut Tx,
    org: &str,
    key: Option<&Idempotency>,
    op: Operation,
) -> Result<Created<T>> {
    replay(tx, org, key, op)
        .await?
        .ok_or_else(|| Error::Storage(StorageError::Retry("idempotency key vanished".into())))
}

/// End a create's transaction: commit it if `result` is `Ok` (roll back if not), then settle
/// it against a racing request with the same key.
pub async fn commit<T: DeserializeOwned>(
    db: &Db,
    org: &str,
    key: Option<&Idempotency>,
    op: Operation,
    tx: Tx,
    result: Result<Created<T>>,
) -> Result<Created<T>> {
    let result = tx.finish(result).await;
    settle(db, org, key, op, result).await
}
