//! Bookings: the one place where concurrent writers compete for the same time.
//!
//! Every booking write runs in one transaction that serializes competing writers before it
//! reads anything: it locks the link row (and, to guard hosts shared between links, every
//! host row of the link in id order) with a write, then loads the snapshot, lets
//! `skyslots_core::check_booking` decide, and inserts. On PostgreSQL the row locks make a
//! second writer wait until the first commits, and READ COMMITTED gives its later statements
//! a snapshot that includes the first booking; on SQLite the first write takes the database
//! write lock. Lock order is booking → link → hosts (ascending id); creates start at the link,
//! so no two transactions wait on each other in a cycle.
//!
//! Availability reads the same snapshot without locks.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;
use skyslots_core::policy::{Actor, Refund};
use skyslots_core::questions::validate_answers;
use skyslots_core::ErrorCode;
use skyslots_core::{check_booking, BookingRequest, Busy, HostCalendar, InvalidReason, Snapshot};

use crate::audit::{audit, Audit};
use crate::db::Db;
use crate::error::StorageError;
use crate::idempotency::{find_idempotency, record_idempotency, Created, Idempotency, Operation};
use crate::ids::{new_id, Kind};
use crate::links::load_link;
use crate::model::{
    at, from_json, invalid, to_json, ts, Attendee, Booking, BookingFilter, BookingInput,
    BookingStatus, Link, Page, PageRequest,
};
use crate::resources::{check_timezone, lock_row};
use crate::schema::{booking_hosts, bookings, busy_blocks, links, outbox};
use crate::{in_transaction, with_conn};

/// Where a booking request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// The organization's own API (secret key or scoped token).
    Api,
    /// A guest on a public link; the booking keeps the hash of the attendee's manage token.
    Public { manage_token_hash: &'a str },
    /// A guest with a one-time link, which this booking consumes in its own transaction.
    OneTime {
        token_hash: &'a str,
        manage_token_hash: &'a str,
    },
}

impl Origin<'_> {
    fn manage_token_hash(&self) -> Option<&str> {
        match self {
            Self::Api => None,
            Self::Public { manage_token_hash }
            | Self::OneTime {
                manage_token_hash, ..
            } => Some(manage_token_hash),
        }
    }
}

/// Operation names recorded with idempotency keys.
pub const OP_CREATE: &str = Operation::BookingCreate.name();

#[derive(Queryable, Selectable)]
#[diesel(table_name = bookings)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct BookingRow {
    id: String,
    link_id: String,
    start_at: i64,
    end_at: i64,
    seats: i32,
    status: String,
    attendee_name: String,
    attendee_email: String,
    attendee_timezone: String,
    answers: String,
    metadata: String,
    ical_uid: String,
    ical_sequence: i32,
    cancel_reason: Option<String>,
    cancelled_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl BookingRow {
    fn into_record(self, host_ids: Vec<String>) -> Result<Booking, StorageError> {
        Ok(Booking {
            status: BookingStatus::parse(&self.status).ok_or_else(|| {
                StorageError::Corrupt(format!("booking status {:?}", self.status))
            })?,
            answers: from_json("booking answers", &self.answers)?,
            metadata: from_json("booking metadata", &self.metadata)?,
            id: self.id,
            link_id: self.link_id,
            host_ids,
            start: at(self.start_at),
            end: at(self.end_at),
            seats: u32::try_from(self.seats).unwrap_or(0),
            attendee: Attendee {
                name: self.attendee_name,
                email: self.attendee_email,
                timezone: self.attendee_timezone,
            },
            ical_uid: self.ical_uid,
            ical_sequence: u32::try_from(self.ical_sequence).unwrap_or(0),
            cancel_reason: self.cancel_reason,
            cancelled_at: self.cancelled_at.map(at),
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

/// Load the link with its hosts (each with the schedule that applies to it for this link).
/// `lock`: lock the link and its hosts (PostgreSQL: one `FOR UPDATE` in host id order; SQLite:
/// a write first, which takes the database write lock).
/// Yields `(link, host rows)`.
macro_rules! load_link_and_hosts {
    ($conn:expr, $org:expr, $link_id:expr, lock) => {{
        let found = crate::db::HostQuery::link_and_hosts($conn, $org, $link_id, true).await?;
        let (row, hosts) = found.ok_or(StorageError::NotFound("link"))?;
        link_with_hosts(row, hosts)?
    }};
    ($conn:expr, $org:expr, $link_id:expr) => {{
        let found = crate::db::HostQuery::link_and_hosts($conn, $org, $link_id, false).await?;
        let (row, hosts) = found.ok_or(StorageError::NotFound("link"))?;
        link_with_hosts(row, hosts)?
    }};
}

fn link_with_hosts(
    row: crate::links::LinkRow,
    mut hosts: Vec<crate::db::LinkHostRow>,
) -> Result<(Link, Vec<crate::db::LinkHostRow>), StorageError> {
    hosts.sort_by_key(|h| h.position);
    let link = row.into_record(hosts.iter().map(|h| h.id.clone()).collect())?;
    Ok((link, hosts))
}

/// Load the snapshot for `link` covering decisions about starts in `[start, end)`, leaving
/// out the booking `exclude` (the one being rescheduled): busy blocks and bookings of the
/// link's hosts in one query.
macro_rules! load_snapshot {
    ($conn:expr, $link:expr, $hosts:expr, $start:expr, $end:expr, $exclude:expr) => {{
        use diesel::IntoSql as _;
        let link: &Link = $link;
        let exclude: &str = $exclude.unwrap_or("");
        let (from, to) = skyslots_core::busy_range(&link.rules, $start, $end);
        let blocks = busy_blocks::table
            .filter(busy_blocks::host_id.eq_any(&link.host_ids))
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
        let taken = booking_hosts::table
            .inner_join(links::table)
            .filter(booking_hosts::host_id.eq_any(&link.host_ids))
            .filter(booking_hosts::holds_time.eq(true))
            .filter(booking_hosts::start_at.lt(ts(to)))
            // A booking lasts at most MAX_DURATION_MINUTES, so one that ends after `from`
            // starts after `from` minus that: the index scan stops there instead of walking
            // the host's whole history.
            .filter(booking_hosts::start_at.gt(ts(
                from - Duration::minutes(i64::from(skyslots_core::link::MAX_DURATION_MINUTES))
            )))
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
        let busy: Vec<BusyRow> = blocks.union_all(taken).load($conn).await?;
        build_snapshot(link, &$hosts, busy)?
    }};
}

/// `(host, start, end, link ("" for a busy block), seats, buffer before, buffer after)`.
type BusyRow = (String, i64, i64, String, i32, i32, i32);

fn build_snapshot(
    link: &Link,
    hosts: &[crate::db::LinkHostRow],
    busy: Vec<BusyRow>,
) -> Result<Snapshot, StorageError> {
    let mut calendars = Vec::with_capacity(hosts.len());
    for host in hosts {
        let schedule = match (&host.schedule_timezone, &host.weekly_rules) {
            (Some(zone), Some(rules)) => skyslots_core::Schedule::new(
                zone,
                &from_json::<Vec<skyslots_core::WeeklyRule>>("schedule weekly_rules", rules)?,
                &from_json::<Vec<skyslots_core::DateOverride>>(
                    "schedule date_overrides",
                    host.date_overrides.as_deref().unwrap_or("[]"),
                )?,
                &from_json::<Vec<chrono::NaiveDate>>(
                    "schedule holidays",
                    host.holidays.as_deref().unwrap_or("[]"),
                )?,
            )?,
            // A host without any schedule is never available.
            _ => skyslots_core::Schedule::new(&host.timezone, &[], &[], &[])?,
        };
        let busy: Vec<Busy> = busy
            .iter()
            .filter(|b| b.0 == host.id)
            .map(|&(_, s, e, ref l, seats, bb, ba)| {
                if l.is_empty() {
                    Busy::blocked(at(s), at(e))
                } else if *l == link.id {
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
    Ok(Snapshot::new(link.rules.clone(), calendars)?)
}

macro_rules! load_booking {
    ($conn:expr, $org:expr, $id:expr) => {{
        let row: Option<BookingRow> = bookings::table
            .filter(bookings::organization_id.eq($org))
            .filter(bookings::id.eq($id))
            .select(BookingRow::as_select())
            .first($conn)
            .await
            .optional()?;
        let row = row.ok_or(StorageError::NotFound("booking"))?;
        let host_ids: Vec<String> = booking_hosts::table
            .filter(booking_hosts::booking_id.eq($id))
            .order(booking_hosts::host_id.asc())
            .select(booking_hosts::host_id)
            .load($conn)
            .await?;
        row.into_record(host_ids)?
    }};
}

/// Write the booking's host rows from its current state (`replace`: delete the old ones first).
macro_rules! write_booking_hosts {
    ($conn:expr, $booking:expr, replace) => {{
        let b: &Booking = $booking;
        diesel::delete(booking_hosts::table.filter(booking_hosts::booking_id.eq(&b.id)))
            .execute($conn)
            .await?;
        write_booking_hosts!($conn, b);
    }};
    ($conn:expr, $booking:expr) => {{
        let b: &Booking = $booking;
        for host in &b.host_ids {
            diesel::insert_into(booking_hosts::table)
                .values((
                    booking_hosts::booking_id.eq(&b.id),
                    booking_hosts::host_id.eq(host),
                    booking_hosts::link_id.eq(&b.link_id),
                    booking_hosts::start_at.eq(ts(b.start)),
                    booking_hosts::end_at.eq(ts(b.end)),
                    booking_hosts::seats.eq(i32::try_from(b.seats).unwrap_or(i32::MAX)),
                    booking_hosts::holds_time.eq(b.status.holds_time()),
                ))
                .execute($conn)
                .await?;
        }
    }};
}

/// Queue an event for delivery, in the transaction of the change that caused it.
macro_rules! enqueue {
    ($conn:expr, $org:expr, $event:expr, $booking:expr) => {{
        let created = crate::model::now();
        let payload = serde_json::json!({
            "type": $event,
            "timestamp": created.to_rfc3339(),
            "data": $booking,
        });
        diesel::insert_into(outbox::table)
            .values((
                outbox::id.eq(new_id(Kind::Event)),
                outbox::organization_id.eq($org),
                outbox::event_type.eq($event),
                outbox::payload.eq(payload.to_string()),
                outbox::created_at.eq(ts(created)),
            ))
            .execute($conn)
            .await?;
    }};
}

/// The result of a cancellation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancellation {
    pub booking: Booking,
    pub refund: Refund,
}

impl Db {
    /// The link and the snapshot for availability in `[start, end)`; `inactive` links are
    /// `NotFound`-free: the caller decides what an inactive link shows.
    pub async fn availability_snapshot(
        &self,
        org: &str,
        link_id: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<(Link, Snapshot), StorageError> {
        with_conn!(self, conn => {
            let (link, hosts) = load_link_and_hosts!(conn, org, link_id);
            let snapshot = load_snapshot!(conn, &link, hosts, start, end, None::<&str>);
            Ok((link, snapshot))
        })
    }

    /// Book, if the scheduling engine accepts the request on a snapshot loaded under lock.
    pub async fn create_booking(
        &self,
        org: &str,
        input: &BookingInput,
        now: DateTime<Utc>,
        idem: Option<&Idempotency>,
        origin: Origin<'_>,
        audit: &Audit,
    ) -> Result<Created<Booking>, StorageError> {
        check_timezone(&input.attendee.timezone).map_err(|_| {
            invalid(
                "attendee.timezone",
                InvalidReason::UnknownTimeZone(input.attendee.timezone.clone()),
            )
        })?;
        let result = in_transaction!(self, conn => {
            // A one-time link is consumed first: its row lock makes a second booking with the
            // same token wait, then find it used. A failed booking rolls the use back.
            let offered = match origin {
                Origin::OneTime { token_hash, .. } => {
                    let (link_id, offered) = crate::onetime::consume!(conn, org, token_hash, now);
                    if link_id != input.link_id {
                        return Err(StorageError::NotFound("link"));
                    }
                    offered
                }
                _ => Vec::new(),
            };
            let (link, hosts) = load_link_and_hosts!(conn, org, &input.link_id, lock);
            if !offered.is_empty()
                && !offered.iter().any(|o| o.start == input.start && o.duration == input.duration)
            {
                return Err(StorageError::State {
                    code: ErrorCode::SlotNotOffered,
                    message: "this one-time link offers only its listed slots".into(),
                });
            }
            if let Some(key) = idem {
                if let Some(replay) = find_idempotency!(conn, org, key, OP_CREATE) {
                    return Ok(replay);
                }
            }
            if !link.active {
                return Err(StorageError::State {
                    code: ErrorCode::LinkInactive,
                    message: "the link is not active and takes no bookings".into(),
                });
            }
            validate_answers(&link.questions, &input.answers)?;
            let duration = Duration::minutes(i64::from(input.duration));
            let snapshot = load_snapshot!(conn, &link, hosts, input.start, input.start + duration, None::<&str>);
            let request = BookingRequest {
                start: input.start,
                duration: input.duration,
                seats: input.seats,
                now,
            };
            let decision = check_booking(&snapshot, &request).map_err(|r| match r {
                skyslots_core::Rejection::Invalid(inv) => StorageError::Invalid(inv),
                other => StorageError::Rejected(other),
            })?;
            let created = self::now_at(now);
            let id = new_id(Kind::Booking);
            let booking = Booking {
                ical_uid: format!("{id}@skyslots"),
                id,
                link_id: link.id.clone(),
                host_ids: decision.host_ids,
                start: decision.start,
                end: decision.end,
                seats: decision.seats,
                status: if link.requires_confirmation { BookingStatus::Pending } else { BookingStatus::Confirmed },
                attendee: input.attendee.clone(),
                answers: input.answers.clone(),
                metadata: input.metadata.clone(),
                ical_sequence: 0,
                cancel_reason: None,
                cancelled_at: None,
                created_at: created,
                updated_at: created,
            };
            diesel::insert_into(bookings::table)
                .values((
                    bookings::id.eq(&booking.id),
                    bookings::organization_id.eq(org),
                    bookings::link_id.eq(&booking.link_id),
                    bookings::start_at.eq(ts(booking.start)),
                    bookings::end_at.eq(ts(booking.end)),
                    bookings::seats.eq(i32::try_from(booking.seats).unwrap_or(i32::MAX)),
                    bookings::status.eq(booking.status.as_str()),
                    bookings::attendee_name.eq(&booking.attendee.name),
                    bookings::attendee_email.eq(&booking.attendee.email),
                    bookings::attendee_timezone.eq(&booking.attendee.timezone),
                    bookings::answers.eq(to_json(&booking.answers)?),
                    bookings::metadata.eq(to_json(&booking.metadata)?),
                    bookings::ical_uid.eq(&booking.ical_uid),
                    bookings::ical_sequence.eq(0),
                    bookings::created_at.eq(ts(created)),
                    bookings::updated_at.eq(ts(created)),
                    bookings::manage_token_hash.eq(origin.manage_token_hash()),
                ))
                .execute(conn)
                .await?;
            write_booking_hosts!(conn, &booking);
            enqueue!(conn, org, "booking.created", &booking);
            if let Origin::OneTime { token_hash, .. } = origin {
                crate::onetime::record_booking!(conn, token_hash, &booking.id);
            }
            audit!(
                conn, org, audit, "booking.created", "booking", &booking.id,
                format!(
                    "booked {} ({} min, {} seat(s)) for {}",
                    booking.start.to_rfc3339(),
                    (booking.end - booking.start).num_minutes(),
                    booking.seats,
                    booking.attendee.email
                )
            );
            if let Some(key) = idem {
                record_idempotency!(conn, org, key, OP_CREATE, &booking);
            }
            Ok(Created { value: booking, replayed: false })
        });
        crate::idempotency::settle(self, org, idem, OP_CREATE, result).await
    }

    pub async fn get_booking(&self, org: &str, id: &str) -> Result<Booking, StorageError> {
        Ok(with_conn!(self, conn => load_booking!(conn, org, id)))
    }

    /// Bookings ordered by start, then id.
    pub async fn list_bookings(
        &self,
        org: &str,
        filter: &BookingFilter,
        page: &PageRequest,
    ) -> Result<Page<Booking>, StorageError> {
        let after = page
            .after
            .as_deref()
            .map(|c| {
                c.split_once('|')
                    .and_then(|(t, id)| Some((t.parse::<i64>().ok()?, id.to_owned())))
                    .ok_or_else(|| {
                        invalid(
                            "cursor",
                            InvalidReason::Inconsistent("not a cursor this API returned"),
                        )
                    })
            })
            .transpose()?;
        let (rows, hosts_of): (Vec<BookingRow>, Vec<(String, String)>) = with_conn!(self, conn => {
            let mut q = bookings::table
                .filter(bookings::organization_id.eq(org))
                .select(BookingRow::as_select())
                .order((bookings::start_at.asc(), bookings::id.asc()))
                .limit(page.fetch())
                .into_boxed();
            if let Some(link) = &filter.link_id {
                q = q.filter(bookings::link_id.eq(link.clone()));
            }
            if let Some(host) = &filter.host_id {
                q = q.filter(bookings::id.eq_any(
                    booking_hosts::table.filter(booking_hosts::host_id.eq(host.clone())).select(booking_hosts::booking_id),
                ));
            }
            if let Some(status) = filter.status {
                q = q.filter(bookings::status.eq(status.as_str()));
            }
            if let Some(from) = filter.start_from {
                q = q.filter(bookings::start_at.ge(ts(from)));
            }
            if let Some(to) = filter.start_to {
                q = q.filter(bookings::start_at.lt(ts(to)));
            }
            if let Some(email) = &filter.attendee_email {
                q = q.filter(bookings::attendee_email.eq(email.clone()));
            }
            if let Some((t, id)) = after {
                q = q.filter(bookings::start_at.gt(t).or(bookings::start_at.eq(t).and(bookings::id.gt(id))));
            }
            let rows: Vec<BookingRow> = q.load(conn).await?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let hosts_of = booking_hosts::table
                .filter(booking_hosts::booking_id.eq_any(ids))
                .order((booking_hosts::booking_id.asc(), booking_hosts::host_id.asc()))
                .select((booking_hosts::booking_id, booking_hosts::host_id))
                .load(conn)
                .await?;
            (rows, hosts_of)
        });
        let mut hosts_of = crate::model::children_by_parent(hosts_of);
        let items = rows
            .into_iter()
            .map(|r| {
                let hosts = hosts_of.remove(&r.id).unwrap_or_default();
                r.into_record(hosts)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page.page(items, |b| format!("{}|{}", b.start.timestamp(), b.id)))
    }

    /// Cancel within the link's policy for `actor`; frees the booking's time.
    pub async fn cancel_booking(
        &self,
        org: &str,
        id: &str,
        reason: Option<String>,
        actor: Actor,
        now: DateTime<Utc>,
        audit: &Audit,
    ) -> Result<Cancellation, StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, bookings, org, id, "booking");
            let mut booking = load_booking!(conn, org, id);
            if booking.status == BookingStatus::Cancelled {
                return Err(StorageError::State { code: ErrorCode::BookingCancelled, message: "the booking is already cancelled".into() });
            }
            let link = load_link!(conn, org, &booking.link_id);
            let refund = link.policy.cancellation(booking.start, now, actor).map_err(policy_error)?;
            let at_now = now_at(now);
            booking.status = BookingStatus::Cancelled;
            booking.cancel_reason = reason;
            booking.cancelled_at = Some(at_now);
            booking.ical_sequence += 1;
            booking.updated_at = at_now;
            diesel::update(bookings::table.filter(bookings::id.eq(id)))
                .set((
                    bookings::status.eq(booking.status.as_str()),
                    bookings::cancel_reason.eq(&booking.cancel_reason),
                    bookings::cancelled_at.eq(Some(ts(at_now))),
                    bookings::ical_sequence.eq(i32::try_from(booking.ical_sequence).unwrap_or(i32::MAX)),
                    bookings::updated_at.eq(ts(at_now)),
                ))
                .execute(conn)
                .await?;
            diesel::update(booking_hosts::table.filter(booking_hosts::booking_id.eq(id)))
                .set(booking_hosts::holds_time.eq(false))
                .execute(conn)
                .await?;
            enqueue!(conn, org, "booking.cancelled", &booking);
            audit!(
                conn, org, audit, "booking.cancelled", "booking", id,
                match &booking.cancel_reason {
                    Some(r) => format!("cancelled ({} refund); reason: {r}", refund_name(&refund)),
                    None => format!("cancelled ({} refund)", refund_name(&refund)),
                }
            );
            Ok(Cancellation { booking, refund })
        })
    }

    /// Move a booking to `start` (and optionally another of the link's durations), within the
    /// policy for `actor`, if the engine accepts the new time. Same booking, SEQUENCE + 1.
    // Who (`actor` for the policy, `audit` for the record) and when are separate inputs.
    #[allow(clippy::too_many_arguments)]
    pub async fn reschedule_booking(
        &self,
        org: &str,
        id: &str,
        start: DateTime<Utc>,
        duration: Option<u32>,
        actor: Actor,
        now: DateTime<Utc>,
        audit: &Audit,
    ) -> Result<Booking, StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, bookings, org, id, "booking");
            let mut booking = load_booking!(conn, org, id);
            if booking.status == BookingStatus::Cancelled {
                return Err(StorageError::State { code: ErrorCode::BookingCancelled, message: "a cancelled booking cannot be rescheduled".into() });
            }
            let (link, hosts) = load_link_and_hosts!(conn, org, &booking.link_id, lock);
            link.policy.reschedule(booking.start, now, actor).map_err(policy_error)?;
            let minutes = duration.unwrap_or_else(|| u32::try_from((booking.end - booking.start).num_minutes()).unwrap_or(0));
            let snapshot = load_snapshot!(
                conn,
                &link,
                hosts,
                start,
                start + Duration::minutes(i64::from(minutes)),
                Some(id)
            );
            let request = BookingRequest { start, duration: minutes, seats: booking.seats, now };
            let decision = check_booking(&snapshot, &request).map_err(|r| match r {
                skyslots_core::Rejection::Invalid(inv) => StorageError::Invalid(inv),
                other => StorageError::Rejected(other),
            })?;
            let at_now = now_at(now);
            let moved_from = booking.start;
            booking.start = decision.start;
            booking.end = decision.end;
            booking.host_ids = decision.host_ids;
            booking.ical_sequence += 1;
            booking.updated_at = at_now;
            diesel::update(bookings::table.filter(bookings::id.eq(id)))
                .set((
                    bookings::start_at.eq(ts(booking.start)),
                    bookings::end_at.eq(ts(booking.end)),
                    bookings::ical_sequence.eq(i32::try_from(booking.ical_sequence).unwrap_or(i32::MAX)),
                    bookings::updated_at.eq(ts(at_now)),
                ))
                .execute(conn)
                .await?;
            write_booking_hosts!(conn, &booking, replace);
            enqueue!(conn, org, "booking.rescheduled", &booking);
            audit!(
                conn, org, audit, "booking.rescheduled", "booking", id,
                format!("moved from {} to {}", moved_from.to_rfc3339(), booking.start.to_rfc3339())
            );
            Ok(booking)
        })
    }

    /// Confirm a pending booking (links that require confirmation).
    pub async fn confirm_booking(
        &self,
        org: &str,
        id: &str,
        now: DateTime<Utc>,
        audit: &Audit,
    ) -> Result<Booking, StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, bookings, org, id, "booking");
            let mut booking = load_booking!(conn, org, id);
            if booking.status != BookingStatus::Pending {
                return Err(StorageError::State {
                    code: ErrorCode::BookingNotPending,
                    message: format!("only pending bookings can be confirmed; this one is {}", booking.status.as_str()),
                });
            }
            let at_now = now_at(now);
            booking.status = BookingStatus::Confirmed;
            booking.updated_at = at_now;
            diesel::update(bookings::table.filter(bookings::id.eq(id)))
                .set((bookings::status.eq(booking.status.as_str()), bookings::updated_at.eq(ts(at_now))))
                .execute(conn)
                .await?;
            enqueue!(conn, org, "booking.confirmed", &booking);
            audit!(conn, org, audit, "booking.confirmed", "booking", id, "confirmed".to_owned());
            Ok(booking)
        })
    }
}

fn refund_name(r: &Refund) -> String {
    match r {
        Refund::Full => "full".into(),
        Refund::Partial { .. } => format!("{}%", r.percent()),
        Refund::None => "no".into(),
    }
}

impl Db {
    /// The organization and booking a manage token belongs to. Looked up by the token's hash
    /// (the token itself is never stored); the stored hash is compared in constant time.
    pub async fn booking_by_manage_token(
        &self,
        token: &str,
    ) -> Result<Option<(String, Booking)>, StorageError> {
        if !token.starts_with(MANAGE_TOKEN_PREFIX) || token.len() > 100 {
            return Ok(None);
        }
        let hash = crate::ids::hash_secret(token);
        let found: Option<(String, String, Option<String>)> = with_conn!(self, conn => {
            bookings::table
                .filter(bookings::manage_token_hash.eq(&hash))
                .select((bookings::organization_id, bookings::id, bookings::manage_token_hash))
                .first(conn)
                .await
                .optional()?
        });
        let Some((org, id, Some(stored))) = found else {
            return Ok(None);
        };
        if !crate::ids::constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
            return Ok(None);
        }
        let booking = self.get_booking(&org, &id).await?;
        Ok(Some((org, booking)))
    }
}

/// Prefix of attendees' manage tokens.
pub const MANAGE_TOKEN_PREFIX: &str = "mt_";

fn now_at(now: DateTime<Utc>) -> DateTime<Utc> {
    at(now.timestamp())
}

fn policy_error(e: skyslots_core::policy::PolicyRejection) -> StorageError {
    StorageError::State {
        code: e.code(),
        message: e.to_string(),
    }
}
