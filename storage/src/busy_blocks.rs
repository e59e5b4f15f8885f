//! Busy blocks: time a host is unavailable.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts, BusyBlock};
use crate::page::{Page, PageRequest};
use crate::schema::busy_blocks;

#[derive(Queryable, Selectable)]
#[diesel(table_name = busy_blocks)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct BusyRow {
    id: String,
    host_id: String,
    title: Option<String>,
    start_at: i64,
    end_at: i64,
    created_at: i64,
}

impl From<BusyRow> for BusyBlock {
    fn from(r: BusyRow) -> Self {
        Self {
            id: r.id,
            host_id: r.host_id,
            title: r.title,
            start: at(r.start_at),
            end: at(r.end_at),
            created_at: at(r.created_at),
        }
    }
}

pub async fn insert(tx: &mut Tx, org: &str, b: &BusyBlock) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(busy_blocks::table)
            .values((
                busy_blocks::id.eq(&b.id),
                busy_blocks::organization_id.eq(org),
                busy_blocks::host_id.eq(&b.host_id),
                busy_blocks::title.eq(&b.title),
                busy_blocks::start_at.eq(ts(b.start)),
                busy_blocks::end_at.eq(ts(b.end)),
                busy_blocks::created_at.eq(ts(b.created_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Filters for listing busy blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusyBlockFilter {
    pub host_id: Option<String>,
    /// Blocks overlapping `[start, end)`.
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// Busy blocks of the organization, ordered by id.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &BusyBlockFilter,
    page: &PageRequest,
) -> Result<Page<BusyBlock>, StorageError> {
    let after = page.after_id();
    let rows: Vec<BusyRow> = on_backend!(tx, conn => {
        let mut q = busy_blocks::table
            .filter(busy_blocks::organization_id.eq(org))
            .select(BusyRow::as_select())
            .order(busy_blocks::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(host) = &filter.host_id {
            q = q.filter(busy_blocks::host_id.eq(host.clone()));
        }
        if let Some((start, end)) = filter.window {
            q = q.filter(busy_blocks::end_at.gt(ts(start))).filter(busy_blocks::start_at.lt(ts(end)));
        }
        if let Some(after) = after.clone() {
            q = q.filter(busy_blocks::id.gt(after));
        }
        q.load(conn).await?
    });
    Ok(page.by_id(rows, |r| &r.id).map(BusyBlock::from))
}

/// Delete the block; `NotFound` if `org` has none with this id.
pub async fn delete(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::delete(
            busy_blocks::table
                .filter(busy_blocks::organization_id.eq(org))
                .filter(busy_blocks::id.eq(id)),
        )
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("busy block"));
    }
    Ok(())
}
