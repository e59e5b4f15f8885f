//! Bookings: create, cancel, reschedule, confirm.
//!
//! Every change runs in one transaction that serializes competing writers before it reads
//! anything: a booking change locks the booking row first; every decision about time then
//! locks the link and its hosts ([`snapshots::Lock::ForBooking`]), loads the snapshot, lets
//! `skyslots_core::check_booking` decide, and writes. On PostgreSQL the row locks make a
//! second writer wait until the first commits, and READ COMMITTED gives its later statements
//! a snapshot that includes the first booking; on SQLite the first write takes the database
//! write lock. Lock order is one-time link → booking → link → hosts (ascending id), so no two
//! transactions wait on each other in a cycle.

use chrono::{DateTime, Duration, Utc};
use skyslots_core::policy::{Actor, Refund};
use skyslots_core::questions::{validate_answers, Answer};
use skyslots_core::{check_booking, BookingRequest, ErrorCode, InvalidReason};
use skyslots_storage::audit::Audit;
use skyslots_storage::bookings::{self as rows, Change as Written, ManageToken};
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{constant_time_eq, hash_secret, new_id, BookingId, Kind};
use skyslots_storage::snapshots::{self, Lock};
use skyslots_storage::{
    Attendee, Booking, BookingFilter, BookingStatus, Db, Link, Metadata, Page, PageRequest, Tx,
};

use crate::events::{self, Event, RefundContext};
use crate::links::whole_seconds;
use crate::payments::{self, PaymentHandle, Payments};
use crate::{idempotent, links, one_time_links, Error, Result};
use skyslots_storage::payments::PaymentStatus;

/// Prefix of attendees' manage tokens.
pub const MANAGE_TOKEN_PREFIX: &str = "mt_";

/// Where a booking request comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// The organization's own API (secret key or scoped token).
    Api,
    /// A guest on a public link; the booking keeps the hash of the attendee's manage token
    /// (and the token sealed, for its emails).
    Public { manage: ManageToken<'a> },
    /// A guest with a one-time link, which this booking consumes in its own transaction.
    OneTime {
        token_hash: &'a str,
        manage: ManageToken<'a>,
    },
}

impl Origin<'_> {
    fn manage_token(&self) -> Option<ManageToken<'_>> {
        match self {
            Self::Api => None,
            Self::Public { manage } | Self::OneTime { manage, .. } => Some(*manage),
        }
    }
}

/// A booking request.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBooking {
    pub link_id: String,
    pub start: DateTime<Utc>,
    /// Minutes; `None`: the link's default duration.
    pub duration: Option<u32>,
    pub seats: u32,
    pub attendee: Attendee,
    pub answers: std::collections::BTreeMap<String, Answer>,
    pub metadata: Metadata,
}

/// A booking made (or replayed), with the link it was made on and, on a link that collects
/// online, its payment (with the client secret to pay with while it awaits payment).
#[derive(Debug, Clone, PartialEq)]
pub struct Booked {
    pub booking: Created<Booking>,
    pub link: Link,
    pub payment: Option<PaymentHandle>,
}

/// The result of a cancellation.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancellation {
    pub booking: Booking,
    pub refund: Refund,
    pub link: Link,
    /// The money going back, when the booking was paid and the policy refunds some of it.
    pub refunded: Option<RefundContext>,
}

/// Who changes a booking: whom the link's policy treats them as, and what the audit records.
#[derive(Debug, Clone, Copy)]
pub struct By<'a> {
    pub actor: Actor,
    pub audit: &'a Audit,
}

const OP: Operation = Operation::BookingCreate;

/// Book, if the scheduling engine accepts the request on a snapshot loaded under lock. On a
/// link that collects online the booking awaits payment, holding its seats, and the payment
/// is opened with the provider once the booking is committed ([`payments::open`]).
// The request, who asks, how it pays, and when are separate inputs.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    db: &Db,
    org: &str,
    input: &NewBooking,
    origin: Origin<'_>,
    idem: Option<&Idempotency>,
    audit: &Audit,
    pay: &Payments<'_>,
    now: DateTime<Utc>,
) -> Result<Booked> {
    skyslots_core::parse_timezone(&input.attendee.timezone).map_err(|_| {
        Error::field(
            "attendee.timezone",
            InvalidReason::UnknownTimeZone(input.attendee.timezone.clone()),
        )
    })?;
    let mut tx = db.begin().await?;
    let result = create_in(&mut tx, org, input, origin, idem, audit, pay, now).await;
    let result = tx.finish(result).await;
    let mut booked = match result {
        Err(e) if idem.is_some() && idempotent::is_race(&e) => {
            let mut tx = db.read().await?;
            let booking: Created<Booking> = idempotent::winner(&mut tx, org, idem, OP).await?;
            let link = skyslots_storage::links::get(&mut tx, org, &booking.value.link_id).await?;
            Booked {
                booking,
                link,
                payment: None,
            }
        }
        other => other?,
    };
    if payments::collects(&booked.link, booked.booking.value.price.as_ref()).is_some() {
        booked.payment =
            payments::open(db, pay, org, &booked.booking.value, &booked.link, now).await?;
        if let Some(p) = &booked.payment {
            if p.payment.status == PaymentStatus::RequiresPayment
                && p.client_secret.is_none()
                && p.payment.checkout_url.is_none()
            {
                // Opening failed and ended the hold: the booking as it is now.
                booked.booking.value =
                    rows::get(&mut db.read().await?, org, &booked.booking.value.id).await?;
            }
        }
    }
    Ok(booked)
}

#[allow(clippy::too_many_arguments)]
async fn create_in(
    tx: &mut Tx,
    org: &str,
    input: &NewBooking,
    origin: Origin<'_>,
    idem: Option<&Idempotency>,
    audit: &Audit,
    pay: &Payments<'_>,
    now: DateTime<Utc>,
) -> Result<Booked> {
    // A one-time link is consumed first: its row lock makes a second booking with the same
    // token wait, then find it used. A failed booking rolls the use back.
    let offered = match origin {
        Origin::OneTime { token_hash, .. } => {
            one_time_links::consume(tx, org, token_hash, &input.link_id, now).await?
        }
        _ => Vec::new(),
    };
    let link = snapshots::link_hosts(tx, org, &input.link_id, Lock::ForBooking).await?;
    let duration = links::duration(&link.link, input.duration);
    one_time_links::ensure_offered(&offered, input.start, duration)?;
    if let Some(replay) = idempotent::replay(tx, org, idem, OP).await? {
        return Ok(Booked {
            booking: replay,
            link: link.link,
            payment: None,
        });
    }
    links::ensure_active(&link.link)?;
    validate_answers(&link.link.questions, &input.answers)?;
    let end = input.start + Duration::minutes(i64::from(duration));
    let snapshot = snapshots::snapshot(tx, &link, input.start, end, None).await?;
    let request = BookingRequest {
        start: input.start,
        duration,
        seats: input.seats,
        now,
    };
    let decision = check_booking(&snapshot, &request)?;
    let created = whole_seconds(now);
    let id = new_id(Kind::Booking);
    let price =
        crate::pricing::booking_price(&link.link, decision.end - decision.start, decision.seats)?;
    let collects = payments::collects(&link.link, price.as_ref());
    if collects.is_some() && pay.provider.is_none() {
        return Err(payments::not_configured());
    }
    let booking = Booking {
        ical_uid: format!("{id}@skyslots"),
        id,
        link_id: link.link.id.clone(),
        host_ids: decision.host_ids,
        start: decision.start,
        end: decision.end,
        seats: decision.seats,
        status: if collects.is_some() {
            BookingStatus::AwaitingPayment
        } else if link.link.requires_confirmation {
            BookingStatus::Pending
        } else {
            BookingStatus::Confirmed
        },
        attendee: input.attendee.clone(),
        answers: input.answers.clone(),
        metadata: input.metadata.clone(),
        ical_sequence: 0,
        cancel_reason: None,
        cancelled_at: None,
        calendar_events: Vec::new(),
        price,
        hold_expires_at: collects
            .is_some()
            .then(|| payments::hold_end(&link.link, created)),
        created_at: created,
        updated_at: created,
    };
    rows::insert(tx, org, &booking, origin.manage_token()).await?;
    if let Some(due) = collects {
        payments::hold(tx, org, &booking, due, pay).await?;
    }
    events::emit(tx, org, Event::BookingCreated(&booking)).await?;
    if let Origin::OneTime { token_hash, .. } = origin {
        one_time_links::record_use(tx, org, token_hash, &booking.id, now).await?;
    }
    let summary = format!(
        "booked {} ({} min, {} seat(s)) for {}",
        booking.start.to_rfc3339(),
        (booking.end - booking.start).num_minutes(),
        booking.seats,
        booking.attendee.email
    );
    crate::record(
        tx,
        org,
        audit,
        "booking.created",
        ("booking", &booking.id),
        summary,
    )
    .await?;
    idempotent::record(tx, org, idem, OP, &booking).await?;
    Ok(Booked {
        booking: Created::new(booking),
        link: link.link,
        payment: None,
    })
}

pub async fn get(db: &Db, org: &str, id: &BookingId) -> Result<Booking> {
    Ok(rows::get(&mut db.read().await?, org, id).await?)
}

/// Bookings ordered by start, then id.
pub async fn list(
    db: &Db,
    org: &str,
    filter: &BookingFilter,
    page: &PageRequest,
) -> Result<Page<Booking>> {
    Ok(rows::list(&mut db.read().await?, org, filter, page).await?)
}

/// Cancel within the link's policy for `by.actor`; frees the booking's time.
pub async fn cancel(
    db: &Db,
    org: &str,
    id: &BookingId,
    reason: Option<String>,
    by: By<'_>,
    now: DateTime<Utc>,
) -> Result<Cancellation> {
    let mut tx = db.begin().await?;
    let result = cancel_in(&mut tx, org, id, reason, by, now).await;
    tx.finish(result).await
}

async fn cancel_in(
    tx: &mut Tx,
    org: &str,
    id: &str,
    reason: Option<String>,
    by: By<'_>,
    now: DateTime<Utc>,
) -> Result<Cancellation> {
    rows::lock(tx, org, id).await?;
    let mut booking = rows::get(tx, org, id).await?;
    ensure_not_ended(&booking, "cancelled")?;
    let link = skyslots_storage::links::get(tx, org, &booking.link_id).await?;
    let refund = link.policy.cancellation(booking.start, now, by.actor)?;
    let was_pending = booking.status == BookingStatus::Pending;
    let refunded = payments::on_cancel(tx, org, &booking, refund, now)
        .await?
        .map(|(p, r)| RefundContext::of(&p, &r));
    let at = whole_seconds(now);
    booking.status = BookingStatus::Cancelled;
    booking.cancel_reason = reason;
    booking.cancelled_at = Some(at);
    booking.ical_sequence += 1;
    booking.updated_at = at;
    rows::update(tx, &booking, Written::Status).await?;
    let event = if was_pending && by.actor == Actor::Organizer {
        Event::BookingDeclined {
            booking: &booking,
            refund,
            refunded: refunded.as_ref(),
        }
    } else {
        Event::BookingCancelled {
            booking: &booking,
            by: by.actor,
            refund,
            refunded: refunded.as_ref(),
        }
    };
    events::emit(tx, org, event).await?;
    let money = refunded.as_ref().map_or(String::new(), |r| {
        format!(", {} {} refunded", r.amount, r.currency)
    });
    let summary = match &booking.cancel_reason {
        Some(r) => format!(
            "cancelled ({} refund{money}); reason: {r}",
            refund_name(&refund)
        ),
        None => format!("cancelled ({} refund{money})", refund_name(&refund)),
    };
    crate::record(
        tx,
        org,
        by.audit,
        "booking.cancelled",
        ("booking", id),
        summary,
    )
    .await?;
    Ok(Cancellation {
        booking,
        refund,
        link,
        refunded,
    })
}

/// Move a booking to `start` (and optionally another of the link's durations), within the
/// policy for `by.actor`, if the engine accepts the new time. Same booking, SEQUENCE + 1.
pub async fn reschedule(
    db: &Db,
    org: &str,
    id: &BookingId,
    start: DateTime<Utc>,
    duration: Option<u32>,
    by: By<'_>,
    now: DateTime<Utc>,
) -> Result<(Booking, Link)> {
    let mut tx = db.begin().await?;
    let result = reschedule_in(&mut tx, org, id, start, duration, by, now).await;
    tx.finish(result).await
}

async fn reschedule_in(
    tx: &mut Tx,
    org: &str,
    id: &str,
    start: DateTime<Utc>,
    duration: Option<u32>,
    by: By<'_>,
    now: DateTime<Utc>,
) -> Result<(Booking, Link)> {
    rows::lock(tx, org, id).await?;
    let mut booking = rows::get(tx, org, id).await?;
    ensure_not_ended(&booking, "rescheduled")?;
    ensure_paid(&booking)?;
    let link = snapshots::link_hosts(tx, org, &booking.link_id, Lock::ForBooking).await?;
    link.link.policy.reschedule(booking.start, now, by.actor)?;
    // Without a new duration the booking keeps its own (not the link's default).
    let minutes = duration
        .unwrap_or_else(|| u32::try_from((booking.end - booking.start).num_minutes()).unwrap_or(0));
    let end = start + Duration::minutes(i64::from(minutes));
    let snapshot = snapshots::snapshot(tx, &link, start, end, Some(id)).await?;
    let request = BookingRequest {
        start,
        duration: minutes,
        seats: booking.seats,
        now,
    };
    let decision = check_booking(&snapshot, &request)?;
    let previous = booking.clone();
    let moved_from = booking.start;
    // A new length is a different purchase: priced again (a per-hour room booked longer);
    // otherwise the price stays as booked, whatever the link's price is now.
    if decision.end - decision.start != booking.end - booking.start {
        if payments::collects(&link.link, booking.price.as_ref()).is_some() {
            return Err(Error::conflict(
                ErrorCode::PolicyForbidsChange,
                "a booking paid online keeps its length: cancel it (refunded by the policy) and book again",
            ));
        }
        booking.price = crate::pricing::booking_price(
            &link.link,
            decision.end - decision.start,
            booking.seats,
        )?;
    }
    booking.start = decision.start;
    booking.end = decision.end;
    booking.host_ids = decision.host_ids;
    booking.ical_sequence += 1;
    booking.updated_at = whole_seconds(now);
    rows::update(tx, &booking, Written::Moved).await?;
    let event = Event::BookingRescheduled {
        booking: &booking,
        previous: &previous,
    };
    events::emit(tx, org, event).await?;
    let summary = format!(
        "moved from {} to {}",
        moved_from.to_rfc3339(),
        booking.start.to_rfc3339()
    );
    crate::record(
        tx,
        org,
        by.audit,
        "booking.rescheduled",
        ("booking", id),
        summary,
    )
    .await?;
    Ok((booking, link.link))
}

/// Confirm a pending booking (links that require confirmation).
pub async fn confirm(
    db: &Db,
    org: &str,
    id: &BookingId,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<Booking> {
    let mut tx = db.begin().await?;
    let result = confirm_in(&mut tx, org, id, audit, now).await;
    tx.finish(result).await
}

async fn confirm_in(
    tx: &mut Tx,
    org: &str,
    id: &str,
    audit: &Audit,
    now: DateTime<Utc>,
) -> Result<Booking> {
    rows::lock(tx, org, id).await?;
    let mut booking = rows::get(tx, org, id).await?;
    ensure_paid(&booking)?;
    if booking.status != BookingStatus::Pending {
        return Err(Error::conflict(
            ErrorCode::BookingNotPending,
            format!(
                "only pending bookings can be confirmed; this one is {}",
                booking.status.as_str()
            ),
        ));
    }
    booking.status = BookingStatus::Confirmed;
    booking.updated_at = whole_seconds(now);
    rows::update(tx, &booking, Written::Status).await?;
    events::emit(tx, org, Event::BookingConfirmed(&booking)).await?;
    crate::record(
        tx,
        org,
        audit,
        "booking.confirmed",
        ("booking", id),
        "confirmed".to_owned(),
    )
    .await?;
    Ok(booking)
}

/// The organization and booking a manage token belongs to. Looked up by the token's hash
/// (the token itself is never stored); the stored hash is compared in constant time.
pub async fn by_manage_token(db: &Db, token: &str) -> Result<Option<(String, Booking)>> {
    if !token.starts_with(MANAGE_TOKEN_PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    let hash = hash_secret(token);
    let mut tx = db.read().await?;
    let Some((org, id, stored)) = rows::by_manage_token_hash(&mut tx, &hash).await? else {
        return Ok(None);
    };
    if !constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
        return Ok(None);
    }
    let booking = rows::get(&mut tx, &org, &id).await?;
    Ok(Some((org, booking)))
}

/// A cancelled or expired booking cannot be `done` again.
fn ensure_not_ended(b: &Booking, done: &str) -> Result<()> {
    match b.status {
        BookingStatus::Cancelled => Err(Error::conflict(
            ErrorCode::BookingCancelled,
            format!("the booking is cancelled: it cannot be {done}"),
        )),
        BookingStatus::Expired => Err(Error::conflict(
            ErrorCode::BookingExpired,
            format!("the booking's payment hold ended unpaid: it cannot be {done}; book again"),
        )),
        _ => Ok(()),
    }
}

/// A booking awaiting payment is changed only by its payment (or cancelled).
fn ensure_paid(b: &Booking) -> Result<()> {
    if b.status == BookingStatus::AwaitingPayment {
        return Err(Error::conflict(
            ErrorCode::BookingAwaitingPayment,
            "the booking awaits its payment: it is confirmed when paid",
        ));
    }
    Ok(())
}

fn refund_name(r: &Refund) -> String {
    match r {
        Refund::Full => "full".into(),
        Refund::Partial { .. } => format!("{}%", r.percent()),
        Refund::None => "no".into(),
    }
}
