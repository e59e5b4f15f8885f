//! Events: the organization's change feed. The same envelope goes to webhooks and the live
//! stream: `{id, type, created_at, organization_id, data: {object, previous?, cancellation?}}`,
//! with `object` the resource as this API returns it at the time of the change.

use super::bookings::{BookingView, RefundIssuedView, RefundName};
use super::links::LinkView;
use super::one_time_links::OneTimeLinkView;
use super::payments::PaymentView;
use super::webhook_endpoints::WebhookEndpointView;
use crate::live::{resume_after, Follow, Select};
use crate::v1::prelude::*;
use futures_util::stream::BoxStream;
use poem_openapi::payload::EventStream;
use poem_openapi::types::ToJSON;
use poem_openapi::Union;
use skyslots_app::events::{EventRecord, Object as Record};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum EventType {
    #[oai(rename = "booking.created")]
    BookingCreated,
    #[oai(rename = "booking.confirmed")]
    BookingConfirmed,
    #[oai(rename = "booking.rescheduled")]
    BookingRescheduled,
    #[oai(rename = "booking.cancelled")]
    BookingCancelled,
    #[oai(rename = "booking.declined")]
    BookingDeclined,
    /// Its payment hold ended unpaid; the seats are free again.
    #[oai(rename = "booking.expired")]
    BookingExpired,
    #[oai(rename = "payment.succeeded")]
    PaymentSucceeded,
    /// An attempt to pay failed; the payer may try again while the hold lasts.
    #[oai(rename = "payment.failed")]
    PaymentFailed,
    /// A refund went through (`data.refund` says which).
    #[oai(rename = "payment.refunded")]
    PaymentRefunded,
    #[oai(rename = "one_time_link.created")]
    OneTimeLinkCreated,
    #[oai(rename = "one_time_link.used")]
    OneTimeLinkUsed,
    #[oai(rename = "one_time_link.expired")]
    OneTimeLinkExpired,
    #[oai(rename = "link.created")]
    LinkCreated,
    #[oai(rename = "link.updated")]
    LinkUpdated,
    #[oai(rename = "link.deleted")]
    LinkDeleted,
    #[oai(rename = "webhook_endpoint.disabled")]
    WebhookEndpointDisabled,
    /// Sent by `webhook_endpoint_ping` to one endpoint; never in the feed.
    #[oai(rename = "webhook_endpoint.ping")]
    WebhookEndpointPing,
}

impl EventType {
    /// The wire name (`booking.created`).
    pub fn name(self) -> &'static str {
        match self {
            Self::BookingCreated => "booking.created",
            Self::BookingConfirmed => "booking.confirmed",
            Self::BookingRescheduled => "booking.rescheduled",
            Self::BookingCancelled => "booking.cancelled",
            Self::BookingDeclined => "booking.declined",
            Self::BookingExpired => "booking.expired",
            Self::PaymentSucceeded => "payment.succeeded",
            Self::PaymentFailed => "payment.failed",
            Self::PaymentRefunded => "payment.refunded",
            Self::OneTimeLinkCreated => "one_time_link.created",
            Self::OneTimeLinkUsed => "one_time_link.used",
            Self::OneTimeLinkExpired => "one_time_link.expired",
            Self::LinkCreated => "link.created",
            Self::LinkUpdated => "link.updated",
            Self::LinkDeleted => "link.deleted",
            Self::WebhookEndpointDisabled => "webhook_endpoint.disabled",
            Self::WebhookEndpointPing => "webhook_endpoint.ping",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        [
            Self::BookingCreated,
            Self::BookingConfirmed,
            Self::BookingRescheduled,
            Self::BookingCancelled,
            Self::BookingDeclined,
            Self::BookingExpired,
            Self::PaymentSucceeded,
            Self::PaymentFailed,
            Self::PaymentRefunded,
            Self::OneTimeLinkCreated,
            Self::OneTimeLinkUsed,
            Self::OneTimeLinkExpired,
            Self::LinkCreated,
            Self::LinkUpdated,
            Self::LinkDeleted,
            Self::WebhookEndpointDisabled,
            Self::WebhookEndpointPing,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }
}

/// The resource an event is about, as the API returns it.
#[derive(Debug, Clone, Union)]
#[oai(rename = "EventObject")]
pub enum EventObject {
    Booking(BookingView),
    Link(LinkView),
    OneTimeLink(OneTimeLinkView),
    WebhookEndpoint(WebhookEndpointView),
    Payment(PaymentView),
}

impl From<&Record> for EventObject {
    fn from(r: &Record) -> Self {
        match r {
            Record::Booking(b) => Self::Booking(b.into()),
            Record::Link(l) => Self::Link(l.into()),
            Record::OneTimeLink(o) => Self::OneTimeLink(o.into()),
            Record::WebhookEndpoint(e) => Self::WebhookEndpoint(e.into()),
            Record::Payment(p) => Self::Payment(p.into()),
        }
    }
}

impl EventObject {
    fn json(&self) -> serde_json::Value {
        let value = match self {
            Self::Booking(v) => v.to_json(),
            Self::Link(v) => v.to_json(),
            Self::OneTimeLink(v) => v.to_json(),
            Self::WebhookEndpoint(v) => v.to_json(),
            Self::Payment(v) => v.to_json(),
        };
        value.unwrap_or_default()
    }
}

/// Who cancelled
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum CancelledBy {
    Attendee,
    Organization,
}

/// For `booking.cancelled` and `booking.declined`: who cancelled the booking and what the
/// cancellation refunds under the link's policy.
#[derive(Debug, Clone, Object)]
#[oai(rename = "EventCancellation")]
pub struct EventCancellationView {
    pub cancelled_by: CancelledBy,
    pub refund: RefundName,
    pub refund_percent: u8,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "EventData")]
pub struct EventDataView {
    pub object: EventObject,
    /// For changes of fields (`booking.rescheduled`, `link.updated`): the top-level fields that
    /// changed, with their values before the change.
    #[oai(skip_serializing_if_is_none)]
    pub previous: Option<serde_json::Value>,
    #[oai(skip_serializing_if_is_none)]
    pub cancellation: Option<EventCancellationView>,
    // For `payment.refunded`, and `booking.cancelled` of a paid booking (said on RefundIssued).
    #[oai(skip_serializing_if_is_none)]
    pub refund: Option<RefundIssuedView>,
}

/// Something that happened in the organization.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Event")]
pub struct EventView {
    pub id: String,
    #[oai(rename = "type")]
    pub event_type: EventType,
    pub created_at: DateTime<Utc>,
    pub organization_id: String,
    pub data: EventDataView,
    /// The event's number in the feed: the stream's `id:` (for `Last-Event-ID`).
    #[oai(skip)]
    pub seq: i64,
}

/// The JSON of `e` as webhooks carry it: the same envelope as `GET /v1/events/{id}`.
pub fn envelope_json(e: &EventRecord) -> std::result::Result<String, String> {
    let view = EventView::of(e).map_err(|_| format!("event {} has an unknown type", e.id))?;
    Ok(view.to_json().map(|v| v.to_string()).unwrap_or_default())
}

impl EventView {
    fn of(e: &EventRecord) -> Result<Self> {
        let event_type = EventType::parse(&e.event_type).ok_or_else(|| {
            ApiError::internal(&format!(
                "stored event {} has type {:?}",
                e.id, e.event_type
            ))
        })?;
        let object = EventObject::from(&e.object);
        let previous = e.previous.as_ref().map(|p| {
            let (now, before) = (object.json(), EventObject::from(p).json());
            let changed: serde_json::Map<String, serde_json::Value> = before
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, v)| k.as_str() != "updated_at" && now.get(k.as_str()) != Some(v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            serde_json::Value::Object(changed)
        });
        let cancellation = e.cancellation.map(|c| EventCancellationView {
            cancelled_by: match c.by {
                skyslots_core::policy::Actor::Attendee => CancelledBy::Attendee,
                skyslots_core::policy::Actor::Organizer => CancelledBy::Organization,
            },
            refund: RefundName::from(&c.refund),
            refund_percent: c.refund.percent(),
        });
        Ok(Self {
            id: e.id.clone(),
            event_type,
            created_at: e.created_at,
            organization_id: e.organization_id.clone(),
            data: EventDataView {
                object,
                previous,
                cancellation,
                refund: e.refund.as_ref().map(Into::into),
            },
            seq: e.seq.unwrap_or(0),
        })
    }
}

/// One page of events.
#[derive(Debug, Clone, Object)]
pub struct EventList {
    pub data: Vec<EventView>,
    /// Pass as `cursor` to get the next (older) page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Default)]
pub struct EventsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Events")]
impl EventsApi {
    /// List events
    ///
    /// Newest first. Each change appears once, within about a second of its commit, in the
    /// order changes became visible; kept for the configured retention (30 days by default).
    /// An integrator whose webhook endpoint was down catches up here.
    #[oai(path = "/events", method = "get", operation_id = "event_list")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        /// Only events of this type.
        #[oai(name = "type")]
        event_type: Query<Option<EventType>>,
        /// Events created at or after this instant.
        start: Query<Option<DateTime<Utc>>>,
        /// Events created before this instant.
        end: Query<Option<DateTime<Utc>>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<EventList>> {
        let p = principal(&state, &auth).await?;
        if let (Some(s), Some(e)) = (start.0, end.0) {
            if e <= s {
                return Err(ApiError::field("end", InvalidReason::EndNotAfterStart));
            }
        }
        let filter = st::events::EventFilter {
            types: event_type
                .0
                .map(|t| t.name().to_owned())
                .into_iter()
                .collect(),
            start: start.0,
            end: end.0,
        };
        let page = app::events::list(
            &state.db,
            &p.organization_id,
            &filter,
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(EventList {
            data: page
                .items
                .iter()
                .map(EventView::of)
                .collect::<Result<_>>()?,
            next_cursor: page.next_cursor,
        }))
    }

    /// Stream events live
    ///
    /// Server-Sent Events of the same envelopes, as they are committed on any instance: each
    /// with `event:` its type and `id:` its number in the feed. Reconnect with
    /// `Last-Event-ID` to receive everything after that event, without gaps; without it the
    /// stream starts with the next event. A comment line every 15 s keeps proxies from
    /// closing an idle stream.
    #[oai(path = "/events/stream", method = "get", operation_id = "event_stream")]
    async fn stream(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        /// Only events of this type.
        #[oai(name = "type")]
        event_type: Query<Option<EventType>>,
        /// The `id:` of the last event received: the stream resumes after it.
        #[oai(name = "Last-Event-ID")]
        last_event_id: Header<Option<String>>,
    ) -> Result<EventStream<BoxStream<'static, EventView>>> {
        let p = principal(&state, &auth).await?;
        let after = resume_after(&state, &p.organization_id, last_event_id.0.as_deref()).await?;
        let types = event_type
            .0
            .map(|t| t.name().to_owned())
            .into_iter()
            .collect();
        let select: Select<EventView> = Box::new(|record| match EventView::of(record) {
            Ok(view) => Some(view),
            Err(_) => {
                tracing::warn!(event = %record.id, "event not rendered");
                None
            }
        });
        let poll = std::time::Duration::from_secs(1);
        let events = Follow::new(&state, p.organization_id, types, after, poll, select).stream();
        Ok(EventStream::new(events)
            .keep_alive(std::time::Duration::from_secs(15))
            .to_event(|e: EventView| {
                let json = e.to_json().map(|v| v.to_string()).unwrap_or_default();
                poem::web::sse::Event::message(json)
                    .event_type(e.event_type.name())
                    .id(e.seq.to_string())
            }))
    }

    /// Get an event
    #[oai(path = "/events/:id", method = "get", operation_id = "event_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<EventView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::EventId = path_id(&id)?;
        let event = app::events::get(&state.db, &p.organization_id, &id).await?;
        Ok(Json(EventView::of(&event)?))
    }
}
