//! API keys: issued with 256 random bits, stored as a hash, shown once; authentication by
//! key.

use skyslots_storage::api_keys as rows;
use skyslots_storage::audit::Audit;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{hash_secret, new_id, new_secret, ApiKeyId, Kind};
use skyslots_storage::{ApiKey, Db, Page, PageRequest, Principal, StorageError};

use crate::links::now;
use crate::{idempotent, Result};

/// Prefix of secret API keys.
pub const SECRET_PREFIX: &str = "sk_";
/// How stale `last_used_at` may get before a request refreshes it (one write per key per
/// minute at most, not one per request).
const LAST_USED_GRANULARITY: i64 = 60;

/// A new key named `name`: `(key, secret, hash of the secret)`.
pub(crate) fn new_key(name: &str) -> Result<(ApiKey, String, String)> {
    let secret = new_secret(SECRET_PREFIX)
        .map_err(|e| StorageError::Unavailable(format!("no randomness: {e}")))?;
    let key = ApiKey {
        id: new_id(Kind::ApiKey),
        name: name.to_owned(),
        // Enough to recognise a key in a list, far too little to guess the rest.
        prefix: secret.chars().take(SECRET_PREFIX.len() + 6).collect(),
        created_at: now(),
        last_used_at: None,
        revoked_at: None,
    };
    let hash = hash_secret(&secret);
    Ok((key, secret, hash))
}

/// The organization and key a secret belongs to, if it is a live key.
pub async fn authenticate(db: &Db, secret: &str) -> Result<Option<Principal>> {
    if !secret.starts_with(SECRET_PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    // Looked up by hash: the secret itself is never stored or compared.
    let hash = hash_secret(secret);
    let mut tx = db.read().await?;
    let Some((id, organization_id, last_used)) = rows::live_by_hash(&mut tx, &hash).await? else {
        return Ok(None);
    };
    let now = now().timestamp();
    if last_used.is_none_or(|t| now - t >= LAST_USED_GRANULARITY) {
        rows::touch(&mut tx, &id, now).await?;
    }
    Ok(Some(Principal {
        organization_id,
        api_key_id: id,
    }))
}

const OP: Operation = Operation::ApiKeyCreate;

/// Create a key. With an idempotency key, a replay returns the key without its secret: the
/// secret is never stored, so it cannot be shown twice.
pub async fn create(
    db: &Db,
    org: &str,
    name: &str,
    idem: Option<&Idempotency>,
    audit: &Audit,
) -> Result<Created<(ApiKey, Option<String>)>> {
    let (key, secret, hash) = new_key(name)?;
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::insert(&mut tx, org, &key, &hash).await?;
        let summary = format!("created API key {:?} ({}…)", key.name, key.prefix);
        crate::record(
            &mut tx,
            org,
            audit,
            "api_key.created",
            ("api_key", &key.id),
            summary,
        )
        .await?;
        idempotent::record(&mut tx, org, idem, OP, &(&key, None::<String>)).await?;
        Ok(Created::new((key, Some(secret))))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

pub async fn list(db: &Db, org: &str, page: &PageRequest) -> Result<Page<ApiKey>> {
    Ok(rows::list(&mut db.read().await?, org, page).await?)
}

/// Revoke a key; revoking twice is not an error (the first revocation time is kept).
pub async fn revoke(db: &Db, org: &str, id: &ApiKeyId, audit: &Audit) -> Result<ApiKey> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        let changed = rows::revoke(&mut tx, org, id, now().timestamp()).await?;
        let key = rows::get(&mut tx, org, id).await?;
        if changed {
            let summary = format!("revoked API key {:?} ({}…)", key.name, key.prefix);
            crate::record(
                &mut tx,
                org,
                audit,
                "api_key.revoked",
                ("api_key", id),
                summary,
            )
            .await?;
        }
        Ok(key)
    }
    .await;
    tx.finish(result).await
}
