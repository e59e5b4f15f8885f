//! One-time links: a token for one recipient, tied to a booking link, optionally limited to
//! offered slots, expiring, and consumed by the booking made with it (in that booking's own
//! transaction). Only the token's hash is stored.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, from_json, to_json, ts};
use crate::page::{Page, PageRequest};
use crate::schema::{bookings, one_time_links};

/// Prefix of one-time link tokens.
pub const TOKEN_PREFIX: &str = "ot_";

/// A slot a one-time link offers: a start and a duration of the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfferedSlot {
    #[serde(with = "chrono::serde::ts_seconds")]
    pub start: DateTime<Utc>,
    pub duration: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OneTimeStatus {
    Active,
    Used,
    Expired,
    Revoked,
}

impl OneTimeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Used => "used",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }
}

/// Who booked with a one-time link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BookedBy {
    pub booking_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OneTimeLink {
    pub id: String,
    pub link_id: String,
    pub recipient_email: String,
    pub recipient_name: Option<String>,
    pub offered_slots: Vec<OfferedSlot>,
    pub expires_at: DateTime<Utc>,
    pub status: OneTimeStatus,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub booked_by: Option<BookedBy>,
    pub created_at: DateTime<Utc>,
}

/// What creates a one-time link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OneTimeInput {
    pub recipient_email: String,
    pub recipient_name: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub offered_slots: Vec<OfferedSlot>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = one_time_links)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct OneTimeRow {
    id: String,
    link_id: String,
    recipient_email: String,
    recipient_name: Option<String>,
    offered_slots: String,
    expires_at: i64,
    used_at: Option<i64>,
    booking_id: Option<String>,
    revoked_at: Option<i64>,
    created_at: i64,
}

type BookerRow = (Option<String>, Option<String>);

impl OneTimeRow {
    fn status(&self, now: i64) -> OneTimeStatus {
        status(self.used_at, self.revoked_at, self.expires_at, now)
    }

    fn into_record(self, booker: BookerRow, now: i64) -> Result<OneTimeLink, StorageError> {
        let status = self.status(now);
        let booked_by = match (self.booking_id, booker) {
            (Some(booking_id), (Some(name), Some(email))) => Some(BookedBy {
                booking_id,
                name,
                email,
            }),
            _ => None,
        };
        Ok(OneTimeLink {
            offered_slots: from_json("offered slots", &self.offered_slots)?,
            id: self.id,
            link_id: self.link_id,
            recipient_email: self.recipient_email,
            recipient_name: self.recipient_name,
            expires_at: at(self.expires_at),
            status,
            used_at: self.used_at.map(at),
            revoked_at: self.revoked_at.map(at),
            booked_by,
            created_at: at(self.created_at),
        })
    }
}

pub async fn insert(
    tx: &mut Tx,
    org: &str,
    l: &OneTimeLink,
    token_hash: &str,
    token_sealed: &str,
) -> Result<(), StorageError> {
    let offered = to_json(&l.offered_slots)?;
    on_backend!(tx, conn => {
        diesel::insert_into(one_time_links::table)
            .values((
                one_time_links::id.eq(&l.id),
                one_time_links::organization_id.eq(org),
                one_time_links::link_id.eq(&l.link_id),
                one_time_links::token_hash.eq(token_hash),
                one_time_links::token_sealed.eq(token_sealed),
                one_time_links::recipient_email.eq(&l.recipient_email),
                one_time_links::recipient_name.eq(&l.recipient_name),
                one_time_links::offered_slots.eq(&offered),
                one_time_links::expires_at.eq(ts(l.expires_at)),
                one_time_links::created_at.eq(ts(l.created_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// The token of one-time link `id` as stored: `(hash, sealed)` (`None` for links made before
/// tokens were sealed).
pub async fn sealed_token(
    tx: &mut Tx,
    org: &str,
    id: &str,
) -> Result<Option<(String, String)>, StorageError> {
    let found: Option<(String, Option<String>)> = on_backend!(tx, conn => {
        one_time_links::table
            .filter(one_time_links::organization_id.eq(org))
            .filter(one_time_links::id.eq(id))
            .select((one_time_links::token_hash, one_time_links::token_sealed))
            .first(conn)
            .await
            .optional()?
    });
    Ok(found.and_then(|(hash, sealed)| Some((hash, sealed?))))
}

/// The one-time link `id` of `org`'s link `link_id`, with its status as of `now`.
pub async fn get(
    tx: &mut Tx,
    org: &str,
    link_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<OneTimeLink, StorageError> {
    let found: Option<(OneTimeRow, BookerRow)> = on_backend!(tx, conn => {
        one_time_links::table
            .left_join(bookings::table.on(bookings::id.nullable().eq(one_time_links::booking_id)))
            .filter(one_time_links::organization_id.eq(org))
            .filter(one_time_links::link_id.eq(link_id))
            .filter(one_time_links::id.eq(id))
            .select((OneTimeRow::as_select(), (bookings::attendee_name.nullable(), bookings::attendee_email.nullable())))
            .first(conn)
            .await
            .optional()?
    });
    let (row, booker) = found.ok_or(StorageError::NotFound("one-time link"))?;
    row.into_record(booker, ts(now))
}

/// A link's one-time links, oldest first, with their status as of `now`.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    link_id: &str,
    page: &PageRequest,
    now: DateTime<Utc>,
) -> Result<Page<OneTimeLink>, StorageError> {
    let after = page.after_id();
    let rows: Vec<(OneTimeRow, BookerRow)> = on_backend!(tx, conn => {
        let mut q = one_time_links::table
            .left_join(bookings::table.on(bookings::id.nullable().eq(one_time_links::booking_id)))
            .filter(one_time_links::organization_id.eq(org))
            .filter(one_time_links::link_id.eq(link_id))
            .select((OneTimeRow::as_select(), (bookings::attendee_name.nullable(), bookings::attendee_email.nullable())))
            .order(one_time_links::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(after) = after.clone() {
            q = q.filter(one_time_links::id.gt(after));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |(r, _)| &r.id);
    let items = page
        .items
        .into_iter()
        .map(|(row, booker)| row.into_record(booker, ts(now)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// Mark the one-time link revoked at `at` unless it is used or revoked already; returns
/// whether it changed.
pub async fn revoke(
    tx: &mut Tx,
    org: &str,
    link_id: &str,
    id: &str,
    at: DateTime<Utc>,
) -> Result<bool, StorageError> {
    let changed = on_backend!(tx, conn => {
        diesel::update(
            one_time_links::table
                .filter(one_time_links::organization_id.eq(org))
                .filter(one_time_links::link_id.eq(link_id))
                .filter(one_time_links::id.eq(id))
                .filter(one_time_links::used_at.is_null())
                .filter(one_time_links::revoked_at.is_null()),
        )
        .set(one_time_links::revoked_at.eq(ts(at)))
        .execute(conn)
        .await?
    });
    Ok(changed > 0)
}

/// The one-time link with this token hash, whatever its status (as of `now`):
/// `(organization id, stored hash, link)`.
pub async fn by_token_hash(
    tx: &mut Tx,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, String, OneTimeLink)>, StorageError> {
    let found: Option<(String, String, OneTimeRow, BookerRow)> = on_backend!(tx, conn => {
        one_time_links::table
            .left_join(bookings::table.on(bookings::id.nullable().eq(one_time_links::booking_id)))
            .filter(one_time_links::token_hash.eq(hash))
            .select((
                one_time_links::organization_id,
                one_time_links::token_hash,
                OneTimeRow::as_select(),
                (bookings::attendee_name.nullable(), bookings::attendee_email.nullable()),
            ))
            .first(conn)
            .await
            .optional()?
    });
    found
        .map(|(org, stored, row, booker)| Ok((org, stored, row.into_record(booker, ts(now))?)))
        .transpose()
}

/// Mark the active one-time link with `token_hash` used at `now` (as the first write of a
/// booking transaction, so a second booking with it waits, then finds it used): its
/// `(link id, offered slots)`, or `None` if it is not active.
pub async fn consume(
    tx: &mut Tx,
    org: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, Vec<OfferedSlot>)>, StorageError> {
    use crate::schema::one_time_links as otl;
    let now = ts(now);
    let taken: Option<(String, String)> = on_backend!(tx, conn => {
        diesel::update(
            otl::table
                .filter(otl::organization_id.eq(org))
                .filter(otl::token_hash.eq(token_hash))
                .filter(otl::used_at.is_null())
                .filter(otl::revoked_at.is_null())
                .filter(otl::expires_at.gt(now)),
        )
        .set(otl::used_at.eq(now))
        .returning((otl::link_id, otl::offered_slots))
        .get_result(conn)
        .await
        .optional()?
    });
    taken
        .map(|(link_id, offered)| Ok((link_id, from_json("offered slots", &offered)?)))
        .transpose()
}

/// The status as of `now` of `org`'s one-time link with `token_hash`, if there is one.
pub async fn status_of(
    tx: &mut Tx,
    org: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<OneTimeStatus>, StorageError> {
    use crate::schema::one_time_links as otl;
    let row: Option<(Option<i64>, Option<i64>, i64)> = on_backend!(tx, conn => {
        otl::table
            .filter(otl::organization_id.eq(org))
            .filter(otl::token_hash.eq(token_hash))
            .select((otl::used_at, otl::revoked_at, otl::expires_at))
            .first(conn)
            .await
            .optional()?
    });
    Ok(row.map(|(used, revoked, expires)| status(used, revoked, expires, ts(now))))
}

/// Record which booking used the one-time link.
pub async fn record_booking(
    tx: &mut Tx,
    token_hash: &str,
    booking_id: &str,
) -> Result<(), StorageError> {
    use crate::schema::one_time_links as otl;
    on_backend!(tx, conn => {
        diesel::update(otl::table.filter(otl::token_hash.eq(token_hash)))
            .set(otl::booking_id.eq(Some(booking_id)))
            .execute(conn)
            .await?
    });
    Ok(())
}

fn status(used: Option<i64>, revoked: Option<i64>, expires: i64, now: i64) -> OneTimeStatus {
    if used.is_some() {
        OneTimeStatus::Used
    } else if revoked.is_some() {
        OneTimeStatus::Revoked
    } else if expires <= now {
        OneTimeStatus::Expired
    } else {
        OneTimeStatus::Active
    }
}
