//! Organizations, their API keys, and authentication by key.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::audit::{audit, Audit};
use crate::db::Db;
use crate::error::StorageError;
use crate::idempotency::{record_idempotency, settle, Created, Idempotency, Operation};
use crate::ids::{hash_secret, new_id, new_secret, Kind};
use crate::model::{
    at, invalid, now, ts, ApiKey, CreatedApiKey, Organization, Page, PageRequest, Principal,
};
use crate::schema::{api_keys, organizations};
use crate::{in_transaction, with_conn};
use skyslots_core::InvalidReason;

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

#[derive(Queryable, Selectable)]
#[diesel(table_name = organizations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct OrgRow {
    id: String,
    name: String,
    slug: String,
    created_at: i64,
}

impl From<OrgRow> for Organization {
    fn from(r: OrgRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            slug: r.slug,
            created_at: at(r.created_at),
        }
    }
}

/// Longest slug (organizations and links).
pub const MAX_SLUG_LEN: usize = 64;

/// Whether `s` is a slug: 1-64 characters of `a-z`, `0-9` and `-`, not starting with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_LEN
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_slug(s: &str) -> Result<(), StorageError> {
    if is_slug(s) {
        Ok(())
    } else {
        Err(invalid(
            "slug",
            InvalidReason::Inconsistent(
                "use 1-64 characters of a-z, 0-9 and -, not starting with -",
            ),
        ))
    }
}

fn slug_taken(slug: &str) -> StorageError {
    StorageError::Duplicate(format!("the organization slug {slug:?} is already taken"))
}

/// A slug from a display name: ASCII letters and digits kept (lowercased), every other run of
/// characters one `-`; `org` if nothing is left.
pub fn slug_from_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = truncate_slug(slug.trim_end_matches('-'), MAX_SLUG_LEN);
    if slug.is_empty() {
        "org".into()
    } else {
        slug
    }
}

fn truncate_slug(s: &str, max: usize) -> String {
    s.chars()
        .take(max)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
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
    /// Without `slug`, one is derived from `name` (with a numeric suffix if it is taken).
    pub async fn create_organization(
        &self,
        name: &str,
        slug: Option<&str>,
    ) -> Result<(Organization, CreatedApiKey), StorageError> {
        if let Some(s) = slug {
            check_slug(s)?;
        }
        let base = slug.map_or_else(|| slug_from_name(name), str::to_owned);
        let (key, secret, hash) = new_key("default")?;
        let mut org = Organization {
            id: new_id(Kind::Organization),
            name: name.to_owned(),
            slug: base.clone(),
            created_at: now(),
        };
        for attempt in 1u32.. {
            if attempt > 1 {
                if slug.is_some() {
                    return Err(slug_taken(&base));
                }
                org.slug = if attempt <= 20 {
                    let suffix = format!("-{attempt}");
                    format!("{}{suffix}", truncate_slug(&base, 64 - suffix.len()))
                } else {
                    // Very crowded names: a random suffix ends the search.
                    let tail = &new_id(Kind::Organization)[20..];
                    format!("{}-{tail}", truncate_slug(&base, 64 - tail.len() - 1))
                };
            }
            let inserted = in_transaction!(self, conn => {
                diesel::insert_into(organizations::table)
                    .values((
                        organizations::id.eq(&org.id),
                        organizations::name.eq(&org.name),
                        organizations::slug.eq(&org.slug),
                        organizations::created_at.eq(ts(org.created_at)),
                    ))
                    .execute(conn)
                    .await?;
                insert_key!(conn, &org.id, key, hash)?;
                Ok(())
            });
            match inserted {
                Ok(()) => break,
                Err(StorageError::Duplicate(_)) if attempt < 30 => continue,
                Err(e) => return Err(e),
            }
        }
        Ok((org, CreatedApiKey { key, secret }))
    }

    pub async fn get_organization(&self, org: &str) -> Result<Organization, StorageError> {
        let row: Option<OrgRow> = with_conn!(self, conn => {
            organizations::table
                .filter(organizations::id.eq(org))
                .select(OrgRow::as_select())
                .first(conn)
                .await
                .optional()?
        });
        row.map(Organization::from)
            .ok_or(StorageError::NotFound("organization"))
    }

    /// Whether this database holds any organization at all (so that a refused key can say
    /// when the likely cause is an empty database rather than a wrong key).
    pub async fn any_organization(&self) -> Result<bool, StorageError> {
        let found: Option<String> = with_conn!(self, conn => {
            organizations::table
                .select(organizations::id)
                .first(conn)
                .await
                .optional()?
        });
        Ok(found.is_some())
    }

    /// The organization with public slug `slug`, if any.
    pub async fn organization_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<Organization>, StorageError> {
        if !is_slug(slug) {
            return Ok(None);
        }
        let row: Option<OrgRow> = with_conn!(self, conn => {
            organizations::table
                .filter(organizations::slug.eq(slug))
                .select(OrgRow::as_select())
                .first(conn)
                .await
                .optional()?
        });
        Ok(row.map(Organization::from))
    }

    /// Rename the organization or change its public slug (public URLs with the old slug stop
    /// working).
    pub async fn update_organization(
        &self,
        org: &str,
        name: Option<&str>,
        slug: Option<&str>,
        audit: &Audit,
    ) -> Result<Organization, StorageError> {
        if let Some(s) = slug {
            check_slug(s)?;
        }
        in_transaction!(self, conn => {
            // A no-op write first: the row lock (PostgreSQL) or write lock (SQLite).
            let current: OrgRow = diesel::update(organizations::table.filter(organizations::id.eq(org)))
                .set(organizations::name.eq(organizations::name))
                .returning(OrgRow::as_returning())
                .get_result(conn)
                .await
                .map_err(|e| StorageError::from(e).or_not_found("organization"))?;
            let mut next = Organization::from(current);
            let mut changes = Vec::new();
            if let Some(n) = name.filter(|n| *n != next.name) {
                changes.push(format!("name {:?} → {n:?}", next.name));
                next.name = n.to_owned();
            }
            if let Some(s) = slug.filter(|s| *s != next.slug) {
                changes.push(format!("slug {:?} → {s:?}", next.slug));
                next.slug = s.to_owned();
            }
            if changes.is_empty() {
                return Ok(next);
            }
            diesel::update(organizations::table.filter(organizations::id.eq(org)))
                .set((organizations::name.eq(&next.name), organizations::slug.eq(&next.slug)))
                .execute(conn)
                .await
                .map_err(|e| match StorageError::from(e) {
                    StorageError::Duplicate(_) => slug_taken(&next.slug),
                    other => other,
                })?;
            audit!(conn, org, audit, "organization.updated", "organization", org, changes.join(", "));
            Ok(next)
        })
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
        audit: &Audit,
    ) -> Result<Created<(ApiKey, Option<String>)>, StorageError> {
        let (key, secret, hash) = new_key(name)?;
        let result = in_transaction!(self, conn => {
            insert_key!(conn, org, key, hash)?;
            audit!(conn, org, audit, "api_key.created", "api_key", &key.id, format!("created API key {:?} ({}…)", key.name, key.prefix));
            if let Some(k) = idem {
                record_idempotency!(conn, org, k, Operation::ApiKeyCreate.name(), &(&key, None::<String>));
            }
            Ok(Created { value: (key.clone(), Some(secret.clone())), replayed: false })
        });
        settle(self, org, idem, Operation::ApiKeyCreate.name(), result).await
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
    pub async fn revoke_api_key(
        &self,
        org: &str,
        id: &str,
        audit: &Audit,
    ) -> Result<ApiKey, StorageError> {
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
            let row: ApiKeyRow = api_keys::table
                .filter(api_keys::organization_id.eq(org))
                .filter(api_keys::id.eq(id))
                .select(ApiKeyRow::as_select())
                .first(conn)
                .await
                .map_err(|e| StorageError::from(e).or_not_found("api key"))?;
            if changed > 0 {
                audit!(conn, org, audit, "api_key.revoked", "api_key", id, format!("revoked API key {:?} ({}…)", row.name, row.prefix));
            }
            Ok(ApiKey::from(row))
        })
    }
}
