//! API keys: stored as the SHA-256 hash of the secret, listed with a short prefix only.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts, ApiKey};
use crate::page::{Page, PageRequest};
use crate::schema::api_keys;

#[derive(Queryable, Selectable)]
#[diesel(table_name = api_keys)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct ApiKeyRow {
    id: String,
    name: String,
    prefix: String,
    created_at: i64,
    last_used_at: Option<i64>,
    revoked_at: Option<i64>,
}

impl From<ApiKeyRow> for ApiKey {
    fn from(r: ApiKeyRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            prefix: r.prefix,
            created_at: at(r.created_at),
            last_used_at: r.last_used_at.map(at),
            revoked_at: r.revoked_at.map(at),
        }
    }
}

/// Insert `key` of `org` with the hash of its secret.
pub async fn insert(
    tx: &mut Tx,
    org: &str,
    key: &ApiKey,
    secret_hash: &str,
) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(api_keys::table)
            .values((
                api_keys::id.eq(&key.id),
                api_keys::organization_id.eq(org),
                api_keys::name.eq(&key.name),
                api_keys::prefix.eq(&key.prefix),
                api_keys::secret_hash.eq(secret_hash),
                api_keys::created_at.eq(ts(key.created_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// A live (unrevoked) key with this secret hash: `(key id, organization id, last used)`.
pub async fn live_by_hash(
    tx: &mut Tx,
    secret_hash: &str,
) -> Result<Option<(String, String, Option<i64>)>, StorageError> {
    Ok(on_backend!(tx, conn => {
        api_keys::table
            .filter(api_keys::secret_hash.eq(secret_hash))
            .filter(api_keys::revoked_at.is_null())
            .select((api_keys::id, api_keys::organization_id, api_keys::last_used_at))
            .first(conn)
            .await
            .optional()?
    }))
}

/// Set the key's last use to `at` (Unix seconds).
pub async fn touch(tx: &mut Tx, id: &str, at: i64) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::update(api_keys::table.filter(api_keys::id.eq(id)))
            .set(api_keys::last_used_at.eq(at))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn list(
    tx: &mut Tx,
    org: &str,
    page: &PageRequest,
) -> Result<Page<ApiKey>, StorageError> {
    let after = page.after_id();
    let rows: Vec<ApiKeyRow> = on_backend!(tx, conn => {
        let mut q = api_keys::table
            .filter(api_keys::organization_id.eq(org))
            .select(ApiKeyRow::as_select())
            .order(api_keys::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(after) = after.clone() {
            q = q.filter(api_keys::id.gt(after));
        }
        q.load(conn).await?
    });
    Ok(page.by_id(rows, |r| &r.id).map(ApiKey::from))
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<ApiKey, StorageError> {
    let row: Option<ApiKeyRow> = on_backend!(tx, conn => {
        api_keys::table
            .filter(api_keys::organization_id.eq(org))
            .filter(api_keys::id.eq(id))
            .select(ApiKeyRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(ApiKey::from)
        .ok_or(StorageError::NotFound("api key"))
}

/// Mark the key revoked at `at` unless it already is; returns whether it changed.
pub async fn revoke(tx: &mut Tx, org: &str, id: &str, at: i64) -> Result<bool, StorageError> {
    let changed = on_backend!(tx, conn => {
        diesel::update(
            api_keys::table
                .filter(api_keys::organization_id.eq(org))
                .filter(api_keys::id.eq(id))
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(at))
        .execute(conn)
        .await?
    });
    Ok(changed > 0)
}
