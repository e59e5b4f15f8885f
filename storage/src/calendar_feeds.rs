//! Calendar feeds: which bookings a subscribable `.ics` URL shows (a host's or a link's), in
//! how much detail, and the hash of the URL's token (the token itself is never stored).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts};
use crate::page::{Page, PageRequest};
use crate::schema::calendar_feeds;

/// A calendar feed as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CalendarFeed {
    pub id: String,
    /// The host whose bookings it shows (or `link_id`).
    pub host_id: Option<String>,
    /// The link whose bookings it shows (or `host_id`).
    pub link_id: Option<String>,
    /// `full` or `busy`.
    pub detail: String,
    pub created_at: DateTime<Utc>,
    /// When the token was last made (creation or regeneration).
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = calendar_feeds)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct Row {
    id: String,
    host_id: Option<String>,
    link_id: Option<String>,
    detail: String,
    created_at: i64,
    updated_at: i64,
}

impl From<Row> for CalendarFeed {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            host_id: r.host_id,
            link_id: r.link_id,
            detail: r.detail,
            created_at: at(r.created_at),
            updated_at: at(r.updated_at),
        }
    }
}

pub async fn insert(
    tx: &mut Tx,
    org: &str,
    f: &CalendarFeed,
    token_hash: &str,
) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(calendar_feeds::table)
            .values((
                calendar_feeds::id.eq(&f.id),
                calendar_feeds::organization_id.eq(org),
                calendar_feeds::host_id.eq(&f.host_id),
                calendar_feeds::link_id.eq(&f.link_id),
                calendar_feeds::detail.eq(&f.detail),
                calendar_feeds::token_hash.eq(token_hash),
                calendar_feeds::created_at.eq(ts(f.created_at)),
                calendar_feeds::updated_at.eq(ts(f.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Replace the feed's token (its old URL stops working in the same commit).
pub async fn set_token(
    tx: &mut Tx,
    org: &str,
    id: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(
            calendar_feeds::table
                .filter(calendar_feeds::organization_id.eq(org))
                .filter(calendar_feeds::id.eq(id)),
        )
        .set((
            calendar_feeds::token_hash.eq(token_hash),
            calendar_feeds::updated_at.eq(ts(now)),
        ))
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("calendar feed"));
    }
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<CalendarFeed, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        calendar_feeds::table
            .filter(calendar_feeds::organization_id.eq(org))
            .filter(calendar_feeds::id.eq(id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    Ok(row.ok_or(StorageError::NotFound("calendar feed"))?.into())
}

/// The organization, feed and stored hash of the feed whose token hashes to `token_hash`.
pub async fn by_token_hash(
    tx: &mut Tx,
    token_hash: &str,
) -> Result<Option<(String, CalendarFeed, String)>, StorageError> {
    let row: Option<(String, String, Row)> = on_backend!(tx, conn => {
        calendar_feeds::table
            .filter(calendar_feeds::token_hash.eq(token_hash))
            .select((calendar_feeds::organization_id, calendar_feeds::token_hash, Row::as_select()))
            .first(conn)
            .await
            .optional()?
    });
    Ok(row.map(|(org, hash, r)| (org, r.into(), hash)))
}

/// The organization's feeds, by id.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    page: &PageRequest,
) -> Result<Page<CalendarFeed>, StorageError> {
    let after = page.after_id();
    let rows: Vec<Row> = on_backend!(tx, conn => {
        let mut q = calendar_feeds::table
            .filter(calendar_feeds::organization_id.eq(org))
            .select(Row::as_select())
            .order(calendar_feeds::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(a) = after.clone() {
            q = q.filter(calendar_feeds::id.gt(a));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    Ok(Page {
        items: page.items.into_iter().map(CalendarFeed::from).collect(),
        next_cursor: page.next_cursor,
    })
}

/// How many feeds the organization has.
pub async fn count(tx: &mut Tx, org: &str) -> Result<i64, StorageError> {
    Ok(on_backend!(tx, conn => {
        calendar_feeds::table
            .filter(calendar_feeds::organization_id.eq(org))
            .count()
            .get_result(conn)
            .await?
    }))
}

pub async fn delete(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::delete(
            calendar_feeds::table
                .filter(calendar_feeds::organization_id.eq(org))
                .filter(calendar_feeds::id.eq(id)),
        )
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("calendar feed"));
    }
    Ok(())
}
