//! Organizations, their API keys, and authentication by key.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::Db;
use crate::error::StorageError;
use crate::idempotency::{record_idempotency, settle, Created, Idempotency};
use crate::ids::{hash_secret, new_id, new_secret, Kind};
use crate::model::{
    at, now, ts, ApiKey, CreatedApiKey, Organization, Page, PageRequest, Principal,
};
use crate::schema::{api_keys, organizations};
use crate::{in_transaction, with_conn};

/// Prefix of secret API keys.
pub const SECRET_PREFIX: &str = "sk_";
/// How stale `last_used_at` may get before a request refreshes it (one write per key per
/// minute at most, not one per request).
const LAST_USED_GRANULARITY: i64 = 60;

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

fn new_key(name: &str) -> Result<(ApiKey, String, String), StorageError> {
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

macro_rules! insert_key {
    ($conn:expr, $org:expr, $key:expr, $hash:expr) => {
        diesel::insert_into(api_keys::table)
            .values((
                api_keys::id.eq(&$key.id),
                api_keys::organization_id.eq($org),
                api_keys::name.eq(&$key.name),
                api_keys::prefix.eq(&$key.prefix),
                api_keys::secret_hash.eq(&$hash),
                api_keys::created_at.eq(ts($key.created_at)),
            ))
            .execute($conn)
            .await
    };
}

impl Db {
    /// Create an organization and its first API key (the secret is returned only here).
    pub async fn create_organization(
        &self,
        name: &str,
    ) -> Result<(Organization, CreatedApiKey), StorageError> {
        let org = Organization {
            id: new_id(Kind::Organization),
            name: name.to_owned(),
            created_at: now(),
        };
        let (key, secret, hash) = new_key("default")?;
        in_transaction!(self, conn => {
            diesel::insert_into(organizations::table)
                .values((
                    organizations::id.eq(&org.id),
                    organizations::name.eq(&org.name),
                    organizations::created_at.eq(ts(org.created_at)),
                ))
                .execute(conn)
                .await?;
            insert_key!(conn, &org.id, key, hash)?;
            Ok(())
        })?;
        Ok((org, CreatedApiKey { key, secret }))
    }

    /// The organization and key a secret belongs to, if it is a live key.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<Principal>, StorageError> {
        if !secret.starts_with(SECRET_PREFIX) || secret.len() > 200 {
            return Ok(None);
        }
        // Looked up by hash: the secret itself is never stored or compared.
        let hash = hash_secret(secret);
        let found: Option<(String, String, Option<i64>)> = with_conn!(self, conn => {
            api_keys::table
                .filter(api_keys::secret_hash.eq(&hash))
                .filter(api_keys::revoked_at.is_null())
                .select((api_keys::id, api_keys::organization_id, api_keys::last_used_at))
                .first(conn)
                .await
                .optional()?
        });
        let Some((id, organization_id, last_used)) = found else {
            return Ok(None);
        };
        let now = ts(now());
        if last_used.is_none_or(|t| now - t >= LAST_USED_GRANULARITY) {
            with_conn!(self, conn => {
                diesel::update(api_keys::table.filter(api_keys::id.eq(&id)))
                    .set(api_keys::last_used_at.eq(now))
                    .execute(conn)
                    .await?
            });
        }
        Ok(Some(Principal {
            organization_id,
            api_key_id: id,
        }))
    }

    /// Create a key. With an idempotency key, a replay returns the key without its secret:
    /// the secret is never stored, so it cannot be shown twice.
    pub async fn create_api_key(
        &self,
        org: &str,
        name: &str,
        idem: Option<&Idempotency>,
    ) -> Result<Created<(ApiKey, Option<String>)>, StorageError> {
        let (key, secret, hash) = new_key(name)?;
        let result = in_transaction!(self, conn => {
            insert_key!(conn, org, key, hash)?;
            if let Some(k) = idem {
                record_idempotency!(conn, org, k, "api_key_create", &(&key, None::<String>));
            }
            Ok(Created { value: (key.clone(), Some(secret.clone())), replayed: false })
        });
        settle(self, org, idem, "api_key_create", result).await
    }

    pub async fn list_api_keys(
        &self,
        org: &str,
        page: &PageRequest,
    ) -> Result<Page<ApiKey>, StorageError> {
        let rows: Vec<ApiKeyRow> = with_conn!(self, conn => {
            let mut q = api_keys::table
                .filter(api_keys::organization_id.eq(org))
                .select(ApiKeyRow::as_select())
                .order(api_keys::id.asc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(after) = &page.after {
                q = q.filter(api_keys::id.gt(after.clone()));
            }
            q.load(conn).await?
        });
        Ok(
            page.page(rows.into_iter().map(ApiKey::from).collect(), |k| {
                k.id.clone()
            }),
        )
    }

    /// Revoke a key; revoking twice is not an error (the first revocation time is kept).
    pub async fn revoke_api_key(&self, org: &str, id: &str) -> Result<ApiKey, StorageError> {
        let revoked_at = ts(now());
        in_transaction!(self, conn => {
            let changed = diesel::update(
                api_keys::table
                    .filter(api_keys::organization_id.eq(org))
                    .filter(api_keys::id.eq(id))
                    .filter(api_keys::revoked_at.is_null()),
            )
            .set(api_keys::revoked_at.eq(revoked_at))
            .execute(conn)
            .await?;
            let _ = changed;
            let row: ApiKeyRow = api_keys::table
                .filter(api_keys::organization_id.eq(org))
                .filter(api_keys::id.eq(id))
                .select(ApiKeyRow::as_select())
                .first(conn)
                .await
                .map_err(|e| StorageError::from(e).or_not_found("api key"))?;
            Ok(ApiKey::from(row))
        })
    }
}
