//! Bookings: the rows. The transaction that books (lock order, snapshot, decision) is the
//! use-case layer's (`skyslots_app::bookings`); these functions load and write.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{
    at, children_by_parent, from_json, to_json, ts, Attendee, Booking, BookingFilter, BookingStatus,
};
use crate::page::{Page, PageRequest};
use crate::schema::{booking_hosts, bookings};

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
    calendar_events: String,
    price: Option<String>,
    hold_expires_at: Option<i64>,
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
            calendar_events: from_json("booking calendar_events", &self.calendar_events)?,
            price: self
                .price
                .as_deref()
                .map(|p| from_json("booking price", p))
                .transpose()?,
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
            hold_expires_at: self.hold_expires_at.map(at),
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// A guest's manage token as stored: its hash (the lookup) and the token sealed by the
/// caller (for emails sent later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManageToken<'a> {
    pub hash: &'a str,
    pub sealed: &'a str,
}

/// Insert `b` with its host rows; `manage_token` for bookings made by a guest.
pub async fn insert(
    tx: &mut Tx,
    org: &str,
    b: &Booking,
    manage_token: Option<ManageToken<'_>>,
) -> Result<(), StorageError> {
    let (answers, metadata) = (to_json(&b.answers)?, to_json(&b.metadata)?);
    let price = b.price.as_ref().map(to_json).transpose()?;
    on_backend!(tx, conn => {
        diesel::insert_into(bookings::table)
            .values((
                bookings::id.eq(&b.id),
                bookings::organization_id.eq(org),
                bookings::link_id.eq(&b.link_id),
                bookings::start_at.eq(ts(b.start)),
                bookings::end_at.eq(ts(b.end)),
                bookings::seats.eq(i32_of(b.seats)),
                bookings::status.eq(b.status.as_str()),
                bookings::attendee_name.eq(&b.attendee.name),
                bookings::attendee_email.eq(&b.attendee.email),
                bookings::attendee_timezone.eq(&b.attendee.timezone),
                bookings::answers.eq(&answers),
                bookings::metadata.eq(&metadata),
                bookings::ical_uid.eq(&b.ical_uid),
                bookings::ical_sequence.eq(i32_of(b.ical_sequence)),
                bookings::created_at.eq(ts(b.created_at)),
                bookings::updated_at.eq(ts(b.updated_at)),
                bookings::manage_token_hash.eq(manage_token.map(|t| t.hash)),
                bookings::manage_token_sealed.eq(manage_token.map(|t| t.sealed)),
                bookings::price.eq(&price),
                bookings::hold_expires_at.eq(b.hold_expires_at.map(ts)),
            ))
            .execute(conn)
            .await?
    });
    write_hosts(tx, b).await
}

/// The host rows that make a booking's time busy.
async fn write_hosts(tx: &mut Tx, b: &Booking) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        for host in &b.host_ids {
            diesel::insert_into(booking_hosts::table)
                .values((
                    booking_hosts::booking_id.eq(&b.id),
                    booking_hosts::host_id.eq(host),
                    booking_hosts::link_id.eq(&b.link_id),
                    booking_hosts::start_at.eq(ts(b.start)),
                    booking_hosts::end_at.eq(ts(b.end)),
                    booking_hosts::seats.eq(i32_of(b.seats)),
                    booking_hosts::holds_time.eq(b.status.holds_time()),
                ))
                .execute(conn)
                .await?;
        }
    });
    Ok(())
}

/// What changed in an [`update`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Status, reason or other fields: the host rows keep their time.
    Status,
    /// Time or hosts: the host rows are written anew.
    Moved,
}

/// Write the stored booking `b.id` from `b` (status, cancellation, time, sequence).
pub async fn update(tx: &mut Tx, b: &Booking, change: Change) -> Result<(), StorageError> {
    let price = b.price.as_ref().map(to_json).transpose()?;
    on_backend!(tx, conn => {
        diesel::update(bookings::table.filter(bookings::id.eq(&b.id)))
            .set((
                bookings::status.eq(b.status.as_str()),
                bookings::start_at.eq(ts(b.start)),
                bookings::end_at.eq(ts(b.end)),
                bookings::price.eq(&price),
                bookings::hold_expires_at.eq(b.hold_expires_at.map(ts)),
                bookings::cancel_reason.eq(&b.cancel_reason),
                bookings::cancelled_at.eq(b.cancelled_at.map(ts)),
                bookings::ical_sequence.eq(i32_of(b.ical_sequence)),
                bookings::updated_at.eq(ts(b.updated_at)),
            ))
            .execute(conn)
            .await?;
        if change == Change::Status {
            diesel::update(booking_hosts::table.filter(booking_hosts::booking_id.eq(&b.id)))
                .set(booking_hosts::holds_time.eq(b.status.holds_time()))
                .execute(conn)
                .await?;
        } else {
            diesel::delete(booking_hosts::table.filter(booking_hosts::booking_id.eq(&b.id)))
                .execute(conn)
                .await?;
        }
    });
    if change == Change::Moved {
        write_hosts(tx, b).await?;
    }
    Ok(())
}

/// Lock the booking for the rest of the transaction (a no-op write); `NotFound` if `org` has
/// no such booking. Lock order: booking, then link, then hosts.
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(bookings::table.filter(bookings::organization_id.eq(org)).filter(bookings::id.eq(id)))
            .set(bookings::updated_at.eq(bookings::updated_at))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("booking"));
    }
    Ok(())
}

/// Record where the booking stands in external calendars (its `updated_at` is left alone:
/// this is bookkeeping of the write-back, not a change of the booking).
pub async fn set_calendar_events(
    tx: &mut Tx,
    org: &str,
    id: &str,
    refs: &[crate::model::CalendarEventRef],
) -> Result<(), StorageError> {
    let text = to_json(&refs)?;
    on_backend!(tx, conn => {
        diesel::update(bookings::table.filter(bookings::organization_id.eq(org)).filter(bookings::id.eq(id)))
            .set(bookings::calendar_events.eq(&text))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<Booking, StorageError> {
    let (row, host_ids): (Option<BookingRow>, Vec<String>) = on_backend!(tx, conn => {
        let row: Option<BookingRow> = bookings::table
            .filter(bookings::organization_id.eq(org))
            .filter(bookings::id.eq(id))
            .select(BookingRow::as_select())
            .first(conn)
            .await
            .optional()?;
        let host_ids: Vec<String> = if row.is_some() {
            booking_hosts::table
                .filter(booking_hosts::booking_id.eq(id))
                .order(booking_hosts::host_id.asc())
                .select(booking_hosts::host_id)
                .load(conn)
                .await?
        } else {
            Vec::new()
        };
        (row, host_ids)
    });
    row.ok_or(StorageError::NotFound("booking"))?
        .into_record(host_ids)
}

/// Bookings ordered by start, then id.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &BookingFilter,
    page: &PageRequest,
) -> Result<Page<Booking>, StorageError> {
    let after = page.after_key()?;
    let (rows, hosts_of): (Vec<BookingRow>, Vec<(String, String)>) = on_backend!(tx, conn => {
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
        if let Some(a) = after.clone() {
            q = q.filter(bookings::start_at.gt(a.key).or(bookings::start_at.eq(a.key).and(bookings::id.gt(a.id))));
        }
        let rows: Vec<BookingRow> = q.load(conn).await?;
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let hosts_of = booking_hosts::table
            .filter(booking_hosts::booking_id.eq_any(ids))
            .order((booking_hosts::booking_id.asc(), booking_hosts::host_id.asc()))
            .select((booking_hosts::booking_id, booking_hosts::host_id))
            .load(conn)
            .await?;
        (rows, hosts_of)
    });
    let mut hosts_of = children_by_parent(hosts_of);
    let page = page.by_key(rows, |r| (r.start_at, r.id.as_str()));
    let items = page
        .items
        .into_iter()
        .map(|r| {
            let hosts = hosts_of.remove(&r.id).unwrap_or_default();
            r.into_record(hosts)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// The manage token of a guest's booking as stored: `(hash, sealed)` (`None` for bookings
/// made with a key).
pub async fn sealed_manage_token(
    tx: &mut Tx,
    org: &str,
    id: &str,
) -> Result<Option<(String, String)>, StorageError> {
    let found: Option<(Option<String>, Option<String>)> = on_backend!(tx, conn => {
        bookings::table
            .filter(bookings::organization_id.eq(org))
            .filter(bookings::id.eq(id))
            .select((bookings::manage_token_hash, bookings::manage_token_sealed))
            .first(conn)
            .await
            .optional()?
    });
    Ok(found.and_then(|(hash, sealed)| Some((hash?, sealed?))))
}

/// The booking whose manage token has this hash: `(organization id, booking id, stored hash)`.
pub async fn by_manage_token_hash(
    tx: &mut Tx,
    hash: &str,
) -> Result<Option<(String, String, String)>, StorageError> {
    let found: Option<(String, String, Option<String>)> = on_backend!(tx, conn => {
        bookings::table
            .filter(bookings::manage_token_hash.eq(hash))
            .select((bookings::organization_id, bookings::id, bookings::manage_token_hash))
            .first(conn)
            .await
            .optional()?
    });
    Ok(found.and_then(|(org, id, stored)| Some((org, id, stored?))))
}
