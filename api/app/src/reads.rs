//! Reads with no rule of their own: the audit log, link analytics, and housekeeping.

use chrono::{DateTime, NaiveDate, Utc};
use skyslots_storage::analytics::{self, DayStats};
use skyslots_storage::audit::{AuditEvent, AuditFilter};
use skyslots_storage::ids::LinkId;
use skyslots_storage::{idempotency, Db, Page, PageRequest};

use crate::Result;

pub async fn audit_events(
    db: &Db,
    org: &str,
    filter: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<AuditEvent>> {
    Ok(skyslots_storage::audit::list(&mut db.read().await?, org, filter, page).await?)
}

/// Per-day views, bookings and cancellations of a link, for every UTC day in `[first, last]`.
pub async fn link_analytics(
    db: &Db,
    org: &str,
    link_id: &LinkId,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<DayStats>> {
    Ok(analytics::link_analytics(&mut db.read().await?, org, link_id, first, last).await?)
}

/// Add counted views `(link id, UTC day, views)` in one transaction.
pub async fn add_link_views(db: &Db, counts: &[(String, i64, i64)]) -> Result<()> {
    let mut tx = db.begin().await?;
    let result = analytics::add_link_views(&mut tx, counts).await;
    Ok(tx.finish(result).await?)
}

/// Forget idempotency keys recorded before `before`; returns how many.
pub async fn purge_idempotency_keys(db: &Db, before: DateTime<Utc>) -> Result<usize> {
    Ok(idempotency::purge(&mut db.read().await?, before).await?)
}
