//! Events: exactly one per change an integrator can care about, written in the transaction of
//! the change itself, whatever the channel (secret key, scoped token, public page, one-time
//! link, manage token). The events API, webhooks and the live stream all read these.
//!
//! An event keeps the records as they were at the change (`object`, and `previous` for
//! changes of fields); the HTTP layer renders them as the API returns the resource.

use chrono::{DateTime, Utc};
use skyslots_core::policy::{Actor, Refund};
use skyslots_storage::events::{self as rows, EventFilter, StoredEvent};
use skyslots_storage::ids::{new_id, EventId, Kind};
use skyslots_storage::one_time_links::OneTimeLink;
use skyslots_storage::payments::{Payment, RefundReason};
use skyslots_storage::webhooks::WebhookEndpoint;
use skyslots_storage::{Booking, Db, Link, Page, PageRequest, StorageError, Tx};

use crate::Result;

/// Every event type, as named on the wire.
pub const TYPES: &[&str] = &[
    "booking.created",
    "booking.confirmed",
    "booking.rescheduled",
    "booking.cancelled",
    "booking.declined",
    "booking.expired",
    "payment.succeeded",
    "payment.failed",
    "payment.refunded",
    "one_time_link.created",
    "one_time_link.used",
    "one_time_link.expired",
    "link.created",
    "link.updated",
    "link.deleted",
    "webhook_endpoint.disabled",
];

/// A change, as the use case that made it describes it.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    BookingCreated(&'a Booking),
    /// A pending booking confirmed by the organization.
    BookingConfirmed(&'a Booking),
    BookingRescheduled {
        booking: &'a Booking,
        previous: &'a Booking,
    },
    /// Cancelled by the attendee, or by the organization once it was confirmed; `refunded`:
    /// the money going back, if it was paid.
    BookingCancelled {
        booking: &'a Booking,
        by: Actor,
        refund: Refund,
        refunded: Option<&'a RefundContext>,
    },
    /// A pending booking cancelled by the organization: the request was turned down.
    BookingDeclined {
        booking: &'a Booking,
        refund: Refund,
        refunded: Option<&'a RefundContext>,
    },
    /// Its payment hold ended unpaid: the seats are free again.
    BookingExpired(&'a Booking),
    PaymentSucceeded(&'a Payment),
    /// An attempt to pay failed; the payer may try again while the hold lasts.
    PaymentFailed(&'a Payment),
    /// One of the payment's refunds went through.
    PaymentRefunded {
        payment: &'a Payment,
        refund_id: &'a str,
    },
    OneTimeLinkCreated(&'a OneTimeLink),
    /// A booking used the one-time link.
    OneTimeLinkUsed(&'a OneTimeLink),
    /// The one-time link reached its expiry unused.
    OneTimeLinkExpired(&'a OneTimeLink),
    LinkCreated(&'a Link),
    LinkUpdated {
        link: &'a Link,
        previous: &'a Link,
    },
    LinkDeleted(&'a Link),
    /// The endpoint was disabled by the worker: it answered 410, or failed for five days.
    WebhookEndpointDisabled(&'a WebhookEndpoint),
}

impl Event<'_> {
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::BookingCreated(_) => "booking.created",
            Self::BookingConfirmed(_) => "booking.confirmed",
            Self::BookingRescheduled { .. } => "booking.rescheduled",
            Self::BookingCancelled { .. } => "booking.cancelled",
            Self::BookingDeclined { .. } => "booking.declined",
            Self::BookingExpired(_) => "booking.expired",
            Self::PaymentSucceeded(_) => "payment.succeeded",
            Self::PaymentFailed(_) => "payment.failed",
            Self::PaymentRefunded { .. } => "payment.refunded",
            Self::OneTimeLinkCreated(_) => "one_time_link.created",
            Self::OneTimeLinkUsed(_) => "one_time_link.used",
            Self::OneTimeLinkExpired(_) => "one_time_link.expired",
            Self::LinkCreated(_) => "link.created",
            Self::LinkUpdated { .. } => "link.updated",
            Self::LinkDeleted(_) => "link.deleted",
            Self::WebhookEndpointDisabled(_) => "webhook_endpoint.disabled",
        }
    }
}

/// The resource an event is about.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Object {
    Booking(Booking),
    Link(Link),
    OneTimeLink(OneTimeLink),
    /// Its secrets blanked ([`without_secrets`]).
    WebhookEndpoint(WebhookEndpoint),
    /// Its client secret blanked.
    Payment(Payment),
}

/// Money going back: which refund of which payment, how much, why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefundContext {
    pub payment_id: String,
    pub refund_id: String,
    pub amount: i64,
    pub currency: String,
    pub reason: RefundReason,
}

impl RefundContext {
    pub fn of(p: &Payment, r: &skyslots_storage::payments::Refund) -> Self {
        Self {
            payment_id: p.id.clone(),
            refund_id: r.id.clone(),
            amount: r.amount,
            currency: p.currency.clone(),
            reason: r.reason,
        }
    }
}

/// The endpoint without its (sealed) secrets: what events keep of it.
pub fn without_secrets(e: &WebhookEndpoint) -> WebhookEndpoint {
    WebhookEndpoint {
        secret: String::new(),
        previous_secret: None,
        ..e.clone()
    }
}

/// The payment without its (sealed) client secret: what events keep of it.
pub fn without_client_secret(p: &Payment) -> Payment {
    Payment {
        client_secret_sealed: None,
        ..p.clone()
    }
}

/// Who cancelled and what it refunds (`booking.cancelled`, `booking.declined`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancellationContext {
    pub by: Actor,
    pub refund: Refund,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Context {
    cancelled_by: String,
    refund_percent: u8,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    object: Object,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<Object>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<Context>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refund: Option<RefundContext>,
}

/// An event read back.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub id: String,
    pub event_type: String,
    pub created_at: DateTime<Utc>,
    pub organization_id: String,
    /// Position in the organization's feed; `None` for the moment between commit and numbering.
    pub seq: Option<i64>,
    pub object: Object,
    /// The resource before the change, for changes of its fields.
    pub previous: Option<Object>,
    pub cancellation: Option<CancellationContext>,
    /// For a cancellation that refunds a payment, and `payment.refunded`.
    pub refund: Option<RefundContext>,
}

fn actor_name(a: Actor) -> &'static str {
    match a {
        Actor::Attendee => "attendee",
        Actor::Organizer => "organization",
    }
}

fn refund_of(percent: u8) -> Refund {
    match percent {
        100.. => Refund::Full,
        0 => Refund::None,
        p => Refund::Partial { percent: p },
    }
}

/// Write `event` in the transaction of its change.
pub(crate) async fn emit(tx: &mut Tx, org: &str, event: Event<'_>) -> Result<()> {
    let mut refund_context = None;
    let (object, previous, context) = match event {
        Event::BookingCreated(b) | Event::BookingConfirmed(b) | Event::BookingExpired(b) => {
            (Object::Booking(b.clone()), None, None)
        }
        Event::PaymentSucceeded(p) | Event::PaymentFailed(p) => {
            (Object::Payment(without_client_secret(p)), None, None)
        }
        Event::PaymentRefunded { payment, refund_id } => {
            refund_context = payment
                .refunds
                .iter()
                .find(|r| r.id == refund_id)
                .map(|r| RefundContext::of(payment, r));
            (Object::Payment(without_client_secret(payment)), None, None)
        }
        Event::BookingRescheduled { booking, previous } => (
            Object::Booking(booking.clone()),
            Some(Object::Booking(previous.clone())),
            None,
        ),
        Event::BookingCancelled {
            booking,
            by,
            refund,
            refunded,
        } => {
            refund_context = refunded.cloned();
            (
                Object::Booking(booking.clone()),
                None,
                Some(Context {
                    cancelled_by: actor_name(by).into(),
                    refund_percent: refund.percent(),
                }),
            )
        }
        Event::BookingDeclined {
            booking,
            refund,
            refunded,
        } => {
            refund_context = refunded.cloned();
            (
                Object::Booking(booking.clone()),
                None,
                Some(Context {
                    cancelled_by: actor_name(Actor::Organizer).into(),
                    refund_percent: refund.percent(),
                }),
            )
        }
        Event::OneTimeLinkCreated(l) | Event::OneTimeLinkUsed(l) | Event::OneTimeLinkExpired(l) => {
            (Object::OneTimeLink(l.clone()), None, None)
        }
        Event::LinkCreated(l) | Event::LinkDeleted(l) => (Object::Link(l.clone()), None, None),
        Event::WebhookEndpointDisabled(e) => {
            (Object::WebhookEndpoint(without_secrets(e)), None, None)
        }
        Event::LinkUpdated { link, previous } => (
            Object::Link(link.clone()),
            Some(Object::Link(previous.clone())),
            None,
        ),
    };
    let payload = serde_json::to_string(&Payload {
        object,
        previous,
        context,
        refund: refund_context,
    })
    .map_err(|e| StorageError::Corrupt(format!("event payload: {e}")))?;
    let stored = StoredEvent {
        id: new_id(Kind::Event),
        organization_id: org.to_owned(),
        event_type: event.type_name().to_owned(),
        created_at: crate::links::now(),
        payload,
        seq: None,
    };
    rows::insert(tx, &stored).await?;
    Ok(())
}

pub(crate) fn record(e: StoredEvent) -> Result<EventRecord> {
    let p: Payload = serde_json::from_str(&e.payload)
        .map_err(|err| StorageError::Corrupt(format!("event {} payload: {err}", e.id)))?;
    Ok(EventRecord {
        id: e.id,
        event_type: e.event_type,
        created_at: e.created_at,
        organization_id: e.organization_id,
        seq: e.seq,
        object: p.object,
        previous: p.previous,
        cancellation: p.context.map(|c| CancellationContext {
            by: if c.cancelled_by == "attendee" {
                Actor::Attendee
            } else {
                Actor::Organizer
            },
            refund: refund_of(c.refund_percent),
        }),
        refund: p.refund,
    })
}

/// The organization's events, newest first.
pub async fn list(
    db: &Db,
    org: &str,
    filter: &EventFilter,
    page: &PageRequest,
) -> Result<Page<EventRecord>> {
    let page = rows::list(&mut db.read().await?, org, filter, page).await?;
    let items = page
        .items
        .into_iter()
        .map(record)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// The organization's events numbered after `after`, oldest first (for the live stream).
pub async fn after(
    db: &Db,
    org: &str,
    after: i64,
    types: &[String],
    limit: i64,
) -> Result<Vec<EventRecord>> {
    rows::after(&mut db.read().await?, org, after, types, limit)
        .await?
        .into_iter()
        .map(record)
        .collect()
}

/// The number of the organization's latest event (0 before the first).
pub async fn last_seq(db: &Db, org: &str) -> Result<i64> {
    Ok(rows::last_seq(&mut db.read().await?, org).await?)
}

pub async fn get(db: &Db, org: &str, id: &EventId) -> Result<EventRecord> {
    record(rows::get(&mut db.read().await?, org, id).await?)
}

/// Most events numbered in one transaction.
pub const SEQUENCE_BATCH: usize = 1_000;

/// Number what has been committed since the last call (the background sequencer) and, in
/// the same transaction, queue the numbered events for the webhook endpoints that take them
/// and record the emails they call for;
/// returns how many events it numbered.
pub async fn sequence(db: &Db, now: DateTime<Utc>) -> Result<usize> {
    if !rows::any_unsequenced(&mut db.read().await?).await? {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let result: Result<usize> = async {
        let numbered = rows::sequence(&mut tx, SEQUENCE_BATCH as i64).await?;
        if numbered.count > 0 {
            let events = rows::numbered(&mut tx, numbered).await?;
            crate::webhooks::fan_out(&mut tx, &events, now).await?;
            crate::emails::fan_out(&mut tx, &events, now).await?;
            crate::calendar_connections::fan_out(&mut tx, &events, now).await?;
        }
        Ok(numbered.count)
    }
    .await;
    tx.finish(result).await
}

/// Forget events created before `before` (retention); returns how many.
pub async fn purge(db: &Db, before: DateTime<Utc>) -> Result<usize> {
    Ok(rows::purge(&mut db.read().await?, before).await?)
}
