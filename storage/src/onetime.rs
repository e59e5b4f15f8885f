//! One-time links: a token for one recipient, tied to a booking link, optionally limited to
//! offered slots, expiring, and consumed by the booking made with it (in that booking's own
//! transaction, see [`crate::bookings::Origin::OneTime`]). Only the token's hash is stored.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;
use skyslots_core::ErrorCode;
use skyslots_core::InvalidReason;

use crate::audit::{audit, Audit};
use crate::db::Db;
use crate::error::StorageError;
use crate::idempotency::{record_idempotency, settle, Created, Idempotency, Operation};
use crate::ids::{hash_secret, new_id, new_secret, Kind};
use crate::model::{at, invalid, now, ts, Page, PageRequest};
use crate::resources::ensure_exists;
use crate::schema::{bookings, links, one_time_links};
use crate::{in_transaction, with_conn};

/// Prefix of one-time link tokens.
pub const TOKEN_PREFIX: &str = "ot_";
/// Most slots one one-time link may offer.
pub const MAX_OFFERED_SLOTS: usize = 50;

/// A slot a one-time link offers: a start and a duration of the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfferedSlot {
    #[serde(with = "chrono::serde::ts_seconds")]
    pub start: DateTime<Utc>,
    pub duration: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// The error a public request with a token in this status gets (`None`: usable).
    pub fn refusal(self) -> Option<StorageError> {
        let (code, message) = match self {
            Self::Active => return None,
            Self::Used => (
                ErrorCode::LinkUsed,
                "This one-time link has already been used to book.",
            ),
            Self::Expired => (ErrorCode::LinkExpired, "This one-time link has expired."),
            Self::Revoked => (
                ErrorCode::LinkRevoked,
                "This one-time link was withdrawn by its sender.",
            ),
        };
        Some(StorageError::Gone {
            code,
            message: message.into(),
        })
    }
}

/// Who booked with a one-time link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedBy {
    pub booking_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
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

/// A new one-time link and its token, which is returned this once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedOneTime {
    pub link: OneTimeLink,
    pub token: Option<String>,
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
        if self.used_at.is_some() {
            OneTimeStatus::Used
        } else if self.revoked_at.is_some() {
            OneTimeStatus::Revoked
        } else if self.expires_at <= now {
            OneTimeStatus::Expired
        } else {
            OneTimeStatus::Active
        }
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
            offered_slots: crate::model::from_json("offered slots", &self.offered_slots)?,
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

/// Mark the one-time link with `$token_hash` used, as the first write of a booking
/// transaction; yields `(link id, offered slots)`, or returns why it cannot be used.
macro_rules! consume {
    ($conn:expr, $org:expr, $token_hash:expr, $now:expr) => {{
        use $crate::schema::one_time_links as otl;
        let now = $crate::model::ts($now);
        let taken: Option<(String, String)> = diesel::update(
            otl::table
                .filter(otl::organization_id.eq($org))
                .filter(otl::token_hash.eq($token_hash))
                .filter(otl::used_at.is_null())
                .filter(otl::revoked_at.is_null())
                .filter(otl::expires_at.gt(now)),
        )
        .set(otl::used_at.eq(now))
        .returning((otl::link_id, otl::offered_slots))
        .get_result($conn)
        .await
        .optional()?;
        match taken {
            Some((link_id, offered)) => (
                link_id,
                $crate::model::from_json::<Vec<$crate::onetime::OfferedSlot>>(
                    "offered slots",
                    &offered,
                )?,
            ),
            None => {
                let status = $crate::onetime::status_of!($conn, $org, $token_hash, now);
                return Err(status
                    .refusal()
                    .unwrap_or($crate::error::StorageError::Retry(
                        "one-time link changed concurrently".into(),
                    )));
            }
        }
    }};
}
pub(crate) use consume;

/// The status of the one-time link with `$token_hash` (`NotFound` if there is none).
macro_rules! status_of {
    ($conn:expr, $org:expr, $token_hash:expr, $now:expr) => {{
        use $crate::schema::one_time_links as otl;
        let row: Option<(Option<i64>, Option<i64>, i64)> = otl::table
            .filter(otl::organization_id.eq($org))
            .filter(otl::token_hash.eq($token_hash))
            .select((otl::used_at, otl::revoked_at, otl::expires_at))
            .first($conn)
            .await
            .optional()?;
        match row {
            None => return Err($crate::error::StorageError::NotFound("one-time link")),
            Some((Some(_), _, _)) => $crate::onetime::OneTimeStatus::Used,
            Some((None, Some(_), _)) => $crate::onetime::OneTimeStatus::Revoked,
            Some((None, None, e)) if e <= $now => $crate::onetime::OneTimeStatus::Expired,
            Some(_) => $crate::onetime::OneTimeStatus::Active,
        }
    }};
}
pub(crate) use status_of;

/// Record which booking used the one-time link.
macro_rules! record_booking {
    ($conn:expr, $token_hash:expr, $booking_id:expr) => {{
        use $crate::schema::one_time_links as otl;
        diesel::update(otl::table.filter(otl::token_hash.eq($token_hash)))
            .set(otl::booking_id.eq(Some($booking_id)))
            .execute($conn)
            .await?;
    }};
}
pub(crate) use record_booking;

fn check_input(input: &OneTimeInput, now: DateTime<Utc>) -> Result<(), StorageError> {
    if input.expires_at <= now {
        return Err(invalid(
            "expires_at",
            InvalidReason::Inconsistent("must be in the future"),
        ));
    }
    if input.expires_at > now + chrono::Duration::days(366) {
        return Err(invalid(
            "expires_at",
            InvalidReason::Inconsistent("at most 366 days ahead"),
        ));
    }
    if input.offered_slots.len() > MAX_OFFERED_SLOTS {
        return Err(invalid(
            "offered_slots",
            InvalidReason::TooMany(MAX_OFFERED_SLOTS),
        ));
    }
    Ok(())
}

impl Db {
    /// Create a one-time link for `link_id`. Offered slots must use the link's durations.
    pub async fn create_one_time_link(
        &self,
        org: &str,
        link_id: &str,
        input: &OneTimeInput,
        idem: Option<&Idempotency>,
        audit: &Audit,
    ) -> Result<Created<CreatedOneTime>, StorageError> {
        const OP: &str = Operation::OneTimeLinkCreate.name();
        let created = now();
        check_input(input, created)?;
        let link = self.get_link(org, link_id).await?;
        for (i, slot) in input.offered_slots.iter().enumerate() {
            if !link.rules.durations.contains(&slot.duration) {
                return Err(invalid(
                    &format!("offered_slots[{i}].duration"),
                    InvalidReason::Inconsistent("not one of the link's durations"),
                ));
            }
        }
        let token = new_secret(TOKEN_PREFIX)
            .map_err(|e| StorageError::Unavailable(format!("no randomness: {e}")))?;
        let record = OneTimeLink {
            id: new_id(Kind::OneTimeLink),
            link_id: link_id.to_owned(),
            recipient_email: input.recipient_email.clone(),
            recipient_name: input.recipient_name.clone(),
            offered_slots: input.offered_slots.clone(),
            expires_at: at(ts(input.expires_at)),
            status: OneTimeStatus::Active,
            used_at: None,
            revoked_at: None,
            booked_by: None,
            created_at: created,
        };
        let offered = serde_json::to_string(&input.offered_slots)
            .map_err(|e| StorageError::corrupt("offered slots", e))?;
        let result = in_transaction!(self, conn => {
            diesel::insert_into(one_time_links::table)
                .values((
                    one_time_links::id.eq(&record.id),
                    one_time_links::organization_id.eq(org),
                    one_time_links::link_id.eq(link_id),
                    one_time_links::token_hash.eq(hash_secret(&token)),
                    one_time_links::recipient_email.eq(&record.recipient_email),
                    one_time_links::recipient_name.eq(&record.recipient_name),
                    one_time_links::offered_slots.eq(&offered),
                    one_time_links::expires_at.eq(ts(record.expires_at)),
                    one_time_links::created_at.eq(ts(created)),
                ))
                .execute(conn)
                .await?;
            audit!(
                conn, org, audit, "one_time_link.created", "one_time_link", &record.id,
                format!("one-time link to {:?} for link {link_id}, expires {}", record.recipient_email, record.expires_at.to_rfc3339())
            );
            if let Some(key) = idem {
                // A replay cannot show the token again: it is not stored.
                record_idempotency!(conn, org, key, OP, &record.id);
            }
            Ok(Created { value: record.id.clone(), replayed: false })
        });
        let created = settle(self, org, idem, OP, result).await?;
        if created.replayed {
            // The token is not stored, so a replay returns the link without it.
            let link = self.get_one_time_link(org, link_id, &created.value).await?;
            return Ok(Created {
                value: CreatedOneTime { link, token: None },
                replayed: true,
            });
        }
        Ok(Created {
            value: CreatedOneTime {
                link: record,
                token: Some(token),
            },
            replayed: false,
        })
    }

    pub async fn get_one_time_link(
        &self,
        org: &str,
        link_id: &str,
        id: &str,
    ) -> Result<OneTimeLink, StorageError> {
        let now = ts(now());
        let found: Option<(OneTimeRow, BookerRow)> = with_conn!(self, conn => {
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
        row.into_record(booker, now)
    }

    /// A link's one-time links, oldest first.
    pub async fn list_one_time_links(
        &self,
        org: &str,
        link_id: &str,
        page: &PageRequest,
    ) -> Result<Page<OneTimeLink>, StorageError> {
        let now = ts(now());
        let rows: Vec<(OneTimeRow, BookerRow)> = with_conn!(self, conn => {
            ensure_exists!(conn, links, org, link_id, "link");
            let mut q = one_time_links::table
                .left_join(bookings::table.on(bookings::id.nullable().eq(one_time_links::booking_id)))
                .filter(one_time_links::organization_id.eq(org))
                .filter(one_time_links::link_id.eq(link_id))
                .select((OneTimeRow::as_select(), (bookings::attendee_name.nullable(), bookings::attendee_email.nullable())))
                .order(one_time_links::id.asc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(after) = &page.after {
                q = q.filter(one_time_links::id.gt(after.clone()));
            }
            q.load(conn).await?
        });
        let items = rows
            .into_iter()
            .map(|(row, booker)| row.into_record(booker, now))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page.page(items, |l| l.id.clone()))
    }

    /// Revoke a one-time link. A used link stays used (its booking is not affected); revoking
    /// twice keeps the first time.
    pub async fn revoke_one_time_link(
        &self,
        org: &str,
        link_id: &str,
        id: &str,
        audit: &Audit,
    ) -> Result<OneTimeLink, StorageError> {
        let at_now = ts(now());
        in_transaction!(self, conn => {
            let changed = diesel::update(
                one_time_links::table
                    .filter(one_time_links::organization_id.eq(org))
                    .filter(one_time_links::link_id.eq(link_id))
                    .filter(one_time_links::id.eq(id))
                    .filter(one_time_links::used_at.is_null())
                    .filter(one_time_links::revoked_at.is_null()),
            )
            .set(one_time_links::revoked_at.eq(at_now))
            .execute(conn)
            .await?;
            if changed > 0 {
                audit!(conn, org, audit, "one_time_link.revoked", "one_time_link", id, "revoked".to_owned());
            }
            Ok(())
        })?;
        self.get_one_time_link(org, link_id, id).await
    }

    /// The organization and one-time link a token belongs to, whatever its status.
    pub async fn one_time_link_by_token(
        &self,
        token: &str,
    ) -> Result<Option<(String, OneTimeLink)>, StorageError> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 100 {
            return Ok(None);
        }
        let hash = hash_secret(token);
        let now = ts(now());
        let found: Option<(String, String, OneTimeRow, BookerRow)> = with_conn!(self, conn => {
            one_time_links::table
                .left_join(bookings::table.on(bookings::id.nullable().eq(one_time_links::booking_id)))
                .filter(one_time_links::token_hash.eq(&hash))
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
        let Some((org, stored, row, booker)) = found else {
            return Ok(None);
        };
        if !crate::ids::constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
            return Ok(None);
        }
        Ok(Some((org, row.into_record(booker, now)?)))
    }
}
