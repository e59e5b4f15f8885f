//! Snapshots: what the scheduling engine needs to decide about a link's time (the link, its
//! hosts with the schedule that applies to each, and their busy time in a window), loaded
//! for availability without locks and for a booking under the link's lock.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use skyslots_core::{Busy, HostCalendar, Snapshot};

use crate::db::{on_backend, Backend, Tx};
use crate::error::StorageError;
use crate::links::LinkRow;
use crate::model::{at, from_json, ts, Link};
use crate::schema::{
    booking_hosts, busy_blocks, external_busy, hosts, link_hosts, links, schedules,
};

/// A host of a link with the schedule that applies to it there (the link's own, else the
/// host's default; none: never available).
#[derive(Debug, Clone)]
pub struct LinkHost {
    id: String,
    timezone: String,
    schedule: Option<ScheduleDoc>,
}

#[derive(Debug, Clone)]
struct ScheduleDoc {
    timezone: String,
    weekly_rules: String,
    date_overrides: String,
    holidays: String,
}

/// A link with its hosts, as a booking or an availability query needs them.
#[derive(Debug, Clone)]
pub struct LinkHosts {
    pub link: Link,
    hosts: Vec<LinkHost>,
}

/// Whether to lock the link and its hosts for the rest of the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// For availability: a plain read.
    No,
    /// For a booking: PostgreSQL locks the link and host rows (`FOR UPDATE`, in host id
    /// order, so transactions over overlapping host sets cannot deadlock); SQLite writes to
    /// the link first, which takes the database write lock.
    ForBooking,
}

/// `(host id, timezone, position on the link, default schedule)`.
type HostWithPosition = (String, String, i32, Option<String>);

/// Read the link `link_id` of `org` with its hosts and their schedules, in one statement for
/// the link and hosts (built with diesel's query builder, so PostgreSQL prepares it once per
/// connection) and one for the schedules.
pub async fn link_hosts(
    tx: &mut Tx,
    org: &str,
    link_id: &str,
    lock: Lock,
) -> Result<LinkHosts, StorageError> {
    let rows: Vec<(LinkRow, HostWithPosition)> = match (lock, tx.backend()) {
        // The one statement that differs by backend: SQLite has no row locks.
        (Lock::ForBooking, Backend::Postgres(conn)) => {
            links::table
                .inner_join(link_hosts::table.inner_join(hosts::table))
                .filter(links::organization_id.eq(org))
                .filter(links::id.eq(link_id))
                .order(hosts::id.asc())
                .select((
                    LinkRow::as_select(),
                    (
                        hosts::id,
                        hosts::timezone,
                        link_hosts::position,
                        hosts::schedule_id,
                    ),
                ))
                .for_update()
                .load(conn)
                .await?
        }
        (Lock::ForBooking, Backend::Sqlite(conn)) => {
            let locked = diesel::update(
                links::table
                    .filter(links::organization_id.eq(org))
                    .filter(links::id.eq(link_id)),
            )
            .set(links::lock_version.eq(links::lock_version + 1))
            .execute(conn)
            .await?;
            if locked == 0 {
                return Err(StorageError::NotFound("link"));
            }
            read_link_hosts(tx, org, link_id).await?
        }
        (Lock::No, _) => read_link_hosts(tx, org, link_id).await?,
    };
    let mut rows = rows.into_iter();
    let (row, first) = rows.next().ok_or(StorageError::NotFound("link"))?;
    let mut hosts: Vec<HostWithPosition> =
        std::iter::once(first).chain(rows.map(|(_, h)| h)).collect();
    hosts.sort_by_key(|h| h.2);
    let link = row.into_record(hosts.iter().map(|h| h.0.clone()).collect())?;
    let hosts = with_schedules(tx, hosts, link.schedule_id.clone()).await?;
    Ok(LinkHosts { link, hosts })
}

async fn read_link_hosts(
    tx: &mut Tx,
    org: &str,
    link_id: &str,
) -> Result<Vec<(LinkRow, HostWithPosition)>, StorageError> {
    Ok(on_backend!(tx, conn => {
        links::table
            .inner_join(link_hosts::table.inner_join(hosts::table))
            .filter(links::organization_id.eq(org))
            .filter(links::id.eq(link_id))
            .order(hosts::id.asc())
            .select((
                LinkRow::as_select(),
                (hosts::id, hosts::timezone, link_hosts::position, hosts::schedule_id),
            ))
            .load(conn)
            .await?
    }))
}

/// The schedules that apply to `hosts` for a link (its own schedule, else each host's default).
async fn with_schedules(
    tx: &mut Tx,
    hosts: Vec<HostWithPosition>,
    link_schedule: Option<String>,
) -> Result<Vec<LinkHost>, StorageError> {
    let wanted: Vec<String> = match &link_schedule {
        Some(s) => vec![s.clone()],
        None => hosts.iter().filter_map(|h| h.3.clone()).collect(),
    };
    let docs: Vec<(String, String, String, String, String)> = if wanted.is_empty() {
        Vec::new()
    } else {
        on_backend!(tx, conn => {
            schedules::table
                .filter(schedules::id.eq_any(&wanted))
                .select((
                    schedules::id,
                    schedules::timezone,
                    schedules::weekly_rules,
                    schedules::date_overrides,
                    schedules::holidays,
                ))
                .load(conn)
                .await?
        })
    };
    Ok(hosts
        .into_iter()
        .map(|(id, timezone, _, default_schedule)| {
            let applies = link_schedule.clone().or(default_schedule);
            let schedule = applies
                .and_then(|s| docs.iter().find(|d| d.0 == s))
                .map(|d| ScheduleDoc {
                    timezone: d.1.clone(),
                    weekly_rules: d.2.clone(),
                    date_overrides: d.3.clone(),
                    holidays: d.4.clone(),
                });
            LinkHost {
                id,
                timezone,
                schedule,
            }
        })
        .collect())
}

/// `(host, start, end, link ("" for a busy block), seats, buffer before, buffer after)`.
type BusyRow = (String, i64, i64, String, i32, i32, i32);

/// The snapshot of `link`'s hosts for decisions about starts in `[start, end)`, leaving out
/// the booking `exclude` (the one being rescheduled): busy blocks, busy time of connected
/// calendars and bookings of the link's hosts in one query.
pub async fn snapshot(
    tx: &mut Tx,
    link: &LinkHosts,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    exclude: Option<&str>,
) -> Result<Snapshot, StorageError> {
    let host_ids = &link.link.host_ids;
    let exclude = exclude.unwrap_or("");
    let (from, to) = skyslots_core::busy_range(&link.link.rules, start, end);
    // A booking lasts at most MAX_DURATION_MINUTES, so one that ends after `from` starts after
    // `from` minus that: the index scan stops there instead of walking the host's history.
    let earliest_start =
        from - Duration::minutes(i64::from(skyslots_core::link::MAX_DURATION_MINUTES));
    let busy: Vec<BusyRow> = on_backend!(tx, conn => {
        let blocks = busy_blocks::table
            .filter(busy_blocks::host_id.eq_any(host_ids))
            .filter(busy_blocks::start_at.lt(ts(to)))
            .filter(busy_blocks::end_at.gt(ts(from)))
            .select((
                busy_blocks::host_id,
                busy_blocks::start_at,
                busy_blocks::end_at,
                "".into_sql::<diesel::sql_types::Text>(),
                0.into_sql::<diesel::sql_types::Integer>(),
                0.into_sql::<diesel::sql_types::Integer>(),
                0.into_sql::<diesel::sql_types::Integer>(),
            ));
        // Busy time read from the hosts' connected calendars at their last good refresh.
        let external = external_busy::table
            .filter(external_busy::host_id.eq_any(host_ids))
            .filter(external_busy::start_at.lt(ts(to)))
            .filter(external_busy::end_at.gt(ts(from)))
            .select((
                external_busy::host_id,
                external_busy::start_at,
                external_busy::end_at,
                "".into_sql::<diesel::sql_types::Text>(),
                0.into_sql::<diesel::sql_types::Integer>(),
                0.into_sql::<diesel::sql_types::Integer>(),
                0.into_sql::<diesel::sql_types::Integer>(),
            ));
        let taken = booking_hosts::table
            .inner_join(links::table)
            .filter(booking_hosts::host_id.eq_any(host_ids))
            .filter(booking_hosts::holds_time.eq(true))
            .filter(booking_hosts::start_at.lt(ts(to)))
            .filter(booking_hosts::start_at.gt(ts(earliest_start)))
            .filter(booking_hosts::end_at.gt(ts(from)))
            .filter(booking_hosts::booking_id.ne(exclude))
            .select((
                booking_hosts::host_id,
                booking_hosts::start_at,
                booking_hosts::end_at,
                booking_hosts::link_id,
                booking_hosts::seats,
                links::buffer_before,
                links::buffer_after,
            ));
        blocks.union_all(external).union_all(taken).load(conn).await?
    });
    build(link, busy)
}

fn build(link: &LinkHosts, busy: Vec<BusyRow>) -> Result<Snapshot, StorageError> {
    let corrupt = |e: skyslots_core::Invalid| StorageError::corrupt("stored schedule", e);
    let mut calendars = Vec::with_capacity(link.hosts.len());
    for host in &link.hosts {
        let schedule = match &host.schedule {
            Some(doc) => skyslots_core::Schedule::new(
                &doc.timezone,
                &from_json::<Vec<skyslots_core::WeeklyRule>>(
                    "schedule weekly_rules",
                    &doc.weekly_rules,
                )?,
                &from_json::<Vec<skyslots_core::DateOverride>>(
                    "schedule date_overrides",
                    &doc.date_overrides,
                )?,
                &from_json::<Vec<chrono::NaiveDate>>("schedule holidays", &doc.holidays)?,
            )
            .map_err(corrupt)?,
            // A host without any schedule is never available.
            None => skyslots_core::Schedule::new(&host.timezone, &[], &[], &[]).map_err(corrupt)?,
        };
        let busy: Vec<Busy> = busy
            .iter()
            .filter(|b| b.0 == host.id)
            .map(|&(_, s, e, ref l, seats, bb, ba)| {
                if l.is_empty() {
                    Busy::blocked(at(s), at(e))
                } else if *l == link.link.id {
                    Busy::link_booking(at(s), at(e), u32::try_from(seats).unwrap_or(1))
                } else {
                    Busy::other_booking(
                        at(s),
                        at(e),
                        u32::try_from(bb).unwrap_or(0),
                        u32::try_from(ba).unwrap_or(0),
                    )
                }
            })
            .collect();
        calendars.push(HostCalendar {
            id: host.id.clone(),
            schedule,
            busy,
        });
    }
    Snapshot::new(link.link.rules.clone(), calendars).map_err(corrupt)
}
