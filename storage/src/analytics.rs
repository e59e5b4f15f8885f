//! Link analytics: views of public link pages (counted in memory by the API and added here in
//! batches) and, per UTC day, the bookings made and cancelled on a link.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::schema::{bookings, link_views, links};

/// Seconds in a day: days are UTC, numbered from 1970-01-01.
const DAY: i64 = 86_400;

/// The UTC day number of an instant.
pub fn day_of(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(DAY)
}

fn day_number(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp().div_euclid(DAY))
}

/// One day of a link's analytics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayStats {
    pub date: NaiveDate,
    pub views: i64,
    /// Bookings created, through any channel.
    pub bookings: i64,
    /// Of those, the ones guests made on the public or one-time pages (they hold a manage
    /// token): what page views can convert into.
    pub public_bookings: i64,
    pub cancellations: i64,
}

/// Add view counts `(link id, UTC day, views)`. Links deleted meanwhile are skipped. Run it
/// in one transaction: on error nothing of the batch is applied and it may be retried
/// whole.
pub async fn add_link_views(
    tx: &mut Tx,
    counts: &[(String, i64, i64)],
) -> Result<(), StorageError> {
    if counts.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = counts.iter().map(|(id, _, _)| id.as_str()).collect();
    on_backend!(tx, conn => {
        let existing: Vec<String> = links::table
            .filter(links::id.eq_any(&ids))
            .select(links::id)
            .load(conn)
            .await?;
        for (link_id, day, views) in counts.iter().filter(|(id, _, _)| existing.contains(id)) {
            diesel::insert_into(link_views::table)
                .values((
                    link_views::link_id.eq(link_id),
                    link_views::day.eq(day),
                    link_views::views.eq(views),
                ))
                .on_conflict((link_views::link_id, link_views::day))
                .do_update()
                .set(link_views::views.eq(link_views::views + excluded(link_views::views)))
                .execute(conn)
                .await?;
        }
        Ok::<(), StorageError>(())
    })
}

/// Per-day views, bookings (by creation time) and cancellations (by cancellation time)
/// of the organization's link `link_id`, for every UTC day in `[first, last]`.
pub async fn link_analytics(
    tx: &mut Tx,
    org: &str,
    link_id: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<DayStats>, StorageError> {
    let (d0, d1) = (day_number(first), day_number(last) + 1);
    let (t0, t1) = (d0 * DAY, d1 * DAY);
    crate::links::ensure_exists(tx, org, link_id).await?;
    let (views, created, cancelled) = on_backend!(tx, conn => {
        let views: Vec<(i64, i64)> = link_views::table
            .filter(link_views::link_id.eq(link_id))
            .filter(link_views::day.ge(d0).and(link_views::day.lt(d1)))
            .select((link_views::day, link_views::views))
            .load(conn)
            .await?;
        let created: Vec<(i64, bool)> = bookings::table
            .filter(bookings::link_id.eq(link_id))
            .filter(bookings::created_at.ge(t0).and(bookings::created_at.lt(t1)))
            .select((bookings::created_at, bookings::manage_token_hash.is_not_null()))
            .load(conn)
            .await?;
        let cancelled: Vec<Option<i64>> = bookings::table
            .filter(bookings::link_id.eq(link_id))
            .filter(bookings::cancelled_at.ge(t0).and(bookings::cancelled_at.lt(t1)))
            .select(bookings::cancelled_at)
            .load(conn)
            .await?;
        (views, created, cancelled)
    });
    let mut days: BTreeMap<i64, DayStats> = (d0..d1)
        .filter_map(|d| {
            let date = DateTime::from_timestamp(d * DAY, 0)?.date_naive();
            Some((
                d,
                DayStats {
                    date,
                    views: 0,
                    bookings: 0,
                    public_bookings: 0,
                    cancellations: 0,
                },
            ))
        })
        .collect();
    for (d, n) in views {
        if let Some(s) = days.get_mut(&d) {
            s.views += n;
        }
    }
    for (t, public) in created {
        if let Some(s) = days.get_mut(&t.div_euclid(DAY)) {
            s.bookings += 1;
            s.public_bookings += i64::from(public);
        }
    }
    for t in cancelled.into_iter().flatten() {
        if let Some(s) = days.get_mut(&t.div_euclid(DAY)) {
            s.cancellations += 1;
        }
    }
    Ok(days.into_values().collect())
}
