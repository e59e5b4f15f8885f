//! Public endpoints: booking pages, guest bookings, one-time links and attendee
//! self-service. No API key: a link is found by the organization's and the link's slugs, a
//! one-time link and a booking by their tokens (high-entropy, stored only hashed). Anything
//! that is not an active link answers the same 404, so slugs and tokens cannot be probed for
//! what exists behind them.

use super::availability::AvailabilityView;
use super::bookings::*;
use super::link_settings::*;
use super::one_time_links::{offered, OfferedSlotView};
use crate::live::{resume_after, Follow, Select};
use crate::request::one;
use crate::v1::prelude::*;
use futures_util::stream::BoxStream;
use poem_openapi::payload::EventStream;
use poem_openapi::types::ToJSON;

// ---- public ----------------------------------------------------------------------------

/// A guest's booking request on a public or one-time link.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct PublicBookingCreate {
    /// Start of the slot, RFC 3339.
    pub start: DateTime<Utc>,
    /// One of the link's durations in minutes; omitted: the link's first duration.
    pub duration: Option<u32>,
    #[oai(default = "one")]
    pub seats: u32,
    pub attendee: AttendeeParam,
    /// Answers to the link's questions, by question id.
    #[oai(default)]
    pub answers: BTreeMap<String, serde_json::Value>,
}

impl poem_openapi::types::Example for PublicBookingCreate {
    fn example() -> Self {
        Self {
            start: DateTime::from_timestamp(1_796_137_200, 0).unwrap_or_default(),
            duration: Some(30),
            seats: 1,
            attendee: AttendeeParam {
                name: "Grace".into(),
                email: "grace@example.com".into(),
                timezone: "America/New_York".into(),
            },
            answers: BTreeMap::from([("company".to_owned(), serde_json::json!("Acme"))]),
        }
    }
}

// ---- public ----------------------------------------------------------------------------

/// The organization behind a public link.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicOrganization")]
pub struct PublicOrganizationView {
    pub name: String,
    pub slug: String,
}

/// What a booking page needs to show a link: nothing internal.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicLink")]
pub struct PublicLinkView {
    pub organization: PublicOrganizationView,
    pub slug: String,
    pub title: String,
    #[oai(skip_serializing_if_is_none)]
    pub description: Option<String>,
    /// Minutes; the first is the default.
    pub durations: Vec<u32>,
    /// Most seats one booking may take.
    pub capacity: u32,
    pub questions: Vec<QuestionView>,
    // How the meeting happens; the address or number is shared after booking. (No doc
    // comment: a described `$ref` becomes an `allOf` some SDK generators cannot read.)
    #[oai(skip_serializing_if_is_none)]
    pub location_kind: Option<LocationKind>,
    #[oai(skip_serializing_if_is_none)]
    pub price: Option<PriceView>,
    pub requires_confirmation: bool,
    pub policy: PolicyView,
    /// The time zone the hosts' schedule is written in: a default for showing times when
    /// the visitor's own zone is unknown.
    pub timezone_hint: String,
    // On a link that collects online: how the front end pays (said on PublicPayments).
    #[oai(skip_serializing_if_is_none)]
    pub payments: Option<PublicPaymentsView>,
}

/// How a booking page pays on this link: with Stripe.js and this publishable key (Stripe
/// Elements with the booking's `payment.client_secret`), or on Stripe's hosted page
/// (`payment.checkout_url`) when `checkout` is true.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicPayments")]
pub struct PublicPaymentsView {
    /// `stripe`.
    pub provider: String,
    /// The platform's Stripe publishable key (`pk_…`), when the server has one.
    #[oai(skip_serializing_if_is_none)]
    pub publishable_key: Option<String>,
    pub checkout: bool,
}

impl PublicLinkView {
    pub fn new(org: &st::Organization, l: &st::Link, timezone_hint: String) -> Self {
        Self {
            organization: PublicOrganizationView {
                name: org.name.clone(),
                slug: org.slug.clone(),
            },
            slug: l.slug.clone(),
            title: l.title.clone(),
            description: l.description.clone(),
            durations: l.rules.durations.clone(),
            capacity: l.rules.capacity,
            questions: questions(l),
            location_kind: l.location.as_ref().map(|loc| location_kind(&loc.kind)),
            price: price(l),
            requires_confirmation: l.requires_confirmation,
            policy: policy(l),
            timezone_hint,
            payments: None,
        }
    }
}

/// A one-time link's booking page: the link, who it is for, and its limits.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicOneTime")]
pub struct PublicOneTimeView {
    pub link: PublicLinkView,
    pub recipient_email: String,
    #[oai(skip_serializing_if_is_none)]
    pub recipient_name: Option<String>,
    /// Empty: any slot of the link can be booked.
    pub offered_slots: Vec<OfferedSlotView>,
    pub expires_at: DateTime<Utc>,
}

impl PublicOneTimeView {
    pub fn new(link: PublicLinkView, o: &st::one_time_links::OneTimeLink) -> Self {
        Self {
            link,
            recipient_email: o.recipient_email.clone(),
            recipient_name: o.recipient_name.clone(),
            offered_slots: offered(&o.offered_slots),
            expires_at: o.expires_at,
        }
    }
}

/// A booking as its attendee sees it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicBooking")]
pub struct PublicBookingView {
    pub id: String,
    pub status: BookingStatusName,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Minutes.
    pub duration: u32,
    pub seats: u32,
    pub attendee: AttendeeView,
    pub answers: BTreeMap<String, serde_json::Value>,
    pub link_title: String,
    // Where the meeting happens. (No doc comment: a described `$ref` becomes an `allOf`.)
    #[oai(skip_serializing_if_is_none)]
    pub location: Option<LocationView>,
    pub policy: PolicyView,
    pub ical_uid: String,
    pub ical_sequence: u32,
    #[oai(skip_serializing_if_is_none)]
    pub cancelled_at: Option<DateTime<Utc>>,
    // What it costs, fixed when booked (said on BookingPrice).
    #[oai(skip_serializing_if_is_none)]
    pub price: Option<BookingPriceView>,
    /// While awaiting payment: when the hold on its seats ends.
    #[oai(skip_serializing_if_is_none)]
    pub hold_expires_at: Option<DateTime<Utc>>,
    // In the response of public_booking_create on a link that collects online: what to pay
    // with (said on BookingPayment).
    #[oai(skip_serializing_if_is_none)]
    pub payment: Option<BookingPaymentView>,
}

impl PublicBookingView {
    pub fn new(b: &st::Booking, l: &st::Link) -> Self {
        let full = BookingView::from(b);
        Self {
            id: full.id,
            status: full.status,
            start: full.start,
            end: full.end,
            duration: full.duration,
            seats: full.seats,
            attendee: full.attendee,
            answers: full.answers,
            link_title: l.title.clone(),
            location: l.location.as_ref().map(|loc| LocationView {
                kind: location_kind(&loc.kind),
                value: loc.value.clone(),
            }),
            policy: policy(l),
            ical_uid: full.ical_uid,
            ical_sequence: full.ical_sequence,
            price: full.price,
            hold_expires_at: full.hold_expires_at,
            payment: None,
            cancelled_at: full.cancelled_at,
        }
    }
}

/// Something may have changed a public link's free times.
#[derive(Debug, Clone, Object)]
#[oai(rename = "AvailabilityChanged")]
pub struct AvailabilityChangedView {
    /// Always `availability.changed`.
    #[oai(rename = "type")]
    pub event_type: String,
    /// When the change was committed.
    pub at: DateTime<Utc>,
    /// The message's number (the stream's `id:`).
    #[oai(skip)]
    pub seq: i64,
}

/// A guest's new booking and the token for managing it, shown only here.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicBookingCreated")]
pub struct PublicBookingCreatedView {
    pub booking: PublicBookingView,
    /// Lets the attendee view, cancel and reschedule this booking within the link's policy
    /// (`/v1/public/bookings/{manage_token}`). Keep it secret: it is not stored.
    pub manage_token: String,
}

/// A cancellation by the attendee.
#[derive(Debug, Clone, Object)]
#[oai(rename = "PublicCancellation")]
pub struct PublicCancellationView {
    pub booking: PublicBookingView,
    pub refund: RefundName,
    pub refund_percent: u8,
    // When the booking was paid and the policy gives money back (said on RefundIssued).
    #[oai(skip_serializing_if_is_none)]
    pub refunded: Option<RefundIssuedView>,
}

use crate::problem::PublicError;

type Result<T> = std::result::Result<T, PublicError>;
type BodyResult<T> = std::result::Result<T, crate::problem::WithBody<PublicError>>;

fn link_not_found() -> PublicError {
    PublicError(ApiError::problem(Problem::new(
        poem::http::StatusCode::NOT_FOUND,
        ErrorCode::LinkNotFound,
        "This booking link does not exist or is not taking bookings right now.",
    )))
}

fn booking_not_found() -> PublicError {
    PublicError(ApiError::problem(Problem::new(
        poem::http::StatusCode::NOT_FOUND,
        ErrorCode::BookingNotFound,
        "No booking belongs to this link; check that it was copied completely.",
    )))
}

fn feed_not_found() -> PublicError {
    PublicError(ApiError::problem(Problem::new(
        poem::http::StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "No calendar feed has this URL: it was regenerated or deleted, or not copied completely.",
    )))
}

/// On the public paths "not found" is always the public 404 of what the path names.
fn public(e: app::Error, not_found: fn() -> PublicError) -> PublicError {
    match e {
        app::Error::NotFound(_) => not_found(),
        other => other.into(),
    }
}

fn link_error(e: app::Error) -> PublicError {
    public(e, link_not_found)
}

fn booking_error(e: app::Error) -> PublicError {
    public(e, booking_not_found)
}

async fn public_view(
    state: &AppState,
    org: &st::Organization,
    link: &st::Link,
) -> Result<PublicLinkView> {
    let zone = app::links::timezone(&state.db, &org.id, link).await?;
    let online = link
        .price
        .as_ref()
        .is_some_and(|p| p.terms.collect == st::Collect::Online);
    let payments = match (&state.stripe, online) {
        (Some(stripe), true) => Some(PublicPaymentsView {
            provider: "stripe".into(),
            publishable_key: stripe.publishable_key().map(str::to_owned),
            checkout: link
                .price
                .as_ref()
                .is_some_and(|p| p.terms.checkout.is_some()),
        }),
        _ => None,
    };
    Ok(PublicLinkView {
        payments,
        ..PublicLinkView::new(org, link, zone)
    })
}

/// Book for a guest at `place`; returns the booking and its manage token.
async fn book(
    state: &AppState,
    place: app::public::Place<'_>,
    body: PublicBookingCreate,
) -> Result<PublicBookingCreated> {
    let mut errors = Errors::default();
    errors.validate("attendee", &body.attendee);
    let answers = answers(&mut errors, &body.answers);
    errors.finish().map_err(|e| ApiError::invalid(&e))?;
    let input = app::bookings::NewBooking {
        // Resolved from the place, in the booking's own transaction.
        link_id: String::new(),
        start: body.start,
        duration: body.duration,
        seats: body.seats,
        attendee: st::Attendee {
            name: body.attendee.name.clone(),
            email: body.attendee.email.clone(),
            timezone: body.attendee.timezone.clone(),
        },
        answers,
        metadata: Default::default(),
    };
    let guest = app::public::book(
        &state.db,
        place,
        input,
        request_id(),
        &state.payments(),
        Utc::now(),
    )
    .await
    .map_err(link_error)?;
    let payment = guest
        .booked
        .payment
        .as_ref()
        .map(|h| BookingPaymentView::of(&h.payment, h.client_secret.clone()));
    Ok(PublicBookingCreated::Created(Json(
        PublicBookingCreatedView {
            booking: PublicBookingView {
                payment,
                ..PublicBookingView::new(&guest.booked.booking.value, &guest.booked.link)
            },
            manage_token: guest.manage_token,
        },
    )))
}

#[derive(Debug, ApiResponse)]
pub enum PublicBookingCreated {
    /// Booked. Keep the `manage_token`: it is shown only here.
    #[oai(status = 201)]
    Created(Json<PublicBookingCreatedView>),
}

#[derive(Debug, Default)]
pub struct PublicApi;

#[OpenApi(prefix_path = "/v1/public", tag = "Tag::Public")]
impl PublicApi {
    /// Get a public booking link
    ///
    /// What a booking page shows: title, description, durations, questions, price, policy
    /// and the organization's name. 404 `link_not_found` for unknown or inactive links.
    #[oai(
        path = "/links/:org_slug/:link_slug",
        method = "get",
        operation_id = "public_link_get"
    )]
    async fn link(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] org_slug: Path<String>,
        #[oai(validator(min_length = 1))] link_slug: Path<String>,
    ) -> Result<Json<PublicLinkView>> {
        let (org, link) = app::public::active_link(&state.db, &org_slug, &link_slug)
            .await
            .map_err(link_error)?;
        let view = public_view(&state, &org, &link).await?;
        state.views.record(&link.id);
        Ok(Json(view))
    }

    /// Get a public link's availability
    ///
    /// Bookable slots starting in `[start, end)` (at most 100 days), in UTC and `timezone`.
    #[oai(
        path = "/links/:org_slug/:link_slug/availability",
        method = "get",
        operation_id = "public_availability_get"
    )]
    #[allow(clippy::too_many_arguments)]
    async fn availability(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] org_slug: Path<String>,
        #[oai(validator(min_length = 1))] link_slug: Path<String>,
        /// Earliest slot start.
        start: Query<DateTime<Utc>>,
        /// Slots start before this instant.
        end: Query<DateTime<Utc>>,
        /// IANA time zone for `local_start` / `local_end`; default UTC.
        timezone: Query<Option<String>>,
        /// Minutes; default the link's first duration.
        duration: Query<Option<u32>>,
    ) -> Result<SerdeJson<AvailabilityView>> {
        let window = app::availability::Window {
            start: start.0,
            end: end.0,
            timezone: timezone.0,
            duration: duration.0,
        };
        let found =
            app::public::link_availability(&state.db, &org_slug, &link_slug, &window, Utc::now())
                .await
                .map_err(link_error)?;
        Ok(SerdeJson(public_availability(found)))
    }

    /// Quote a booking on a public link
    ///
    /// What a booking of this start, duration and number of seats costs, itemised, as
    /// `link_quote` computes it. 404 `link_not_found` for unknown or inactive links.
    #[oai(
        path = "/links/:org_slug/:link_slug/quote",
        method = "post",
        operation_id = "public_link_quote"
    )]
    async fn quote(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] org_slug: Path<String>,
        #[oai(validator(min_length = 1))] link_slug: Path<String>,
        body: Json<QuoteParam>,
    ) -> BodyResult<Json<QuoteView>> {
        let q = app::public::link_quote(&state.db, &org_slug, &link_slug, &body.request())
            .await
            .map_err(link_error)?;
        Ok(Json(q.into()))
    }

    /// Follow a public link's availability
    ///
    /// Server-Sent Events for a booking page: `availability.changed` whenever a booking, a
    /// cancellation or a reschedule on any link sharing a host with this one, or a change of
    /// this link's settings, may have changed its free times — without personal data: fetch
    /// the availability again to see what changed. `id:` and `Last-Event-ID` work as on
    /// `event_stream`; a comment line every 15 s keeps the connection open.
    #[oai(
        path = "/links/:org_slug/:link_slug/stream",
        method = "get",
        operation_id = "public_link_stream"
    )]
    async fn stream(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] org_slug: Path<String>,
        #[oai(validator(min_length = 1))] link_slug: Path<String>,
        /// The `id:` of the last message received: the stream resumes after it.
        #[oai(name = "Last-Event-ID")]
        last_event_id: Header<Option<String>>,
    ) -> Result<EventStream<BoxStream<'static, AvailabilityChangedView>>> {
        let (org, link) = app::public::active_link(&state.db, &org_slug, &link_slug)
            .await
            .map_err(link_error)?;
        let after = resume_after(&state, &org.id, last_event_id.0.as_deref()).await?;
        let types = [
            "booking.created",
            "booking.rescheduled",
            "booking.cancelled",
            "booking.declined",
            "booking.expired",
            "booking.confirmed",
            "link.updated",
            "link.deleted",
        ]
        .map(str::to_owned)
        .to_vec();
        let link_id = link.id.clone();
        let mut hosts: std::collections::HashSet<String> = link.host_ids.into_iter().collect();
        let select: Select<AvailabilityChangedView> = Box::new(move |record| {
            let concerns =
                |o: &app::events::Object, hosts: &std::collections::HashSet<String>| match o {
                    app::events::Object::Booking(b) => b.host_ids.iter().any(|h| hosts.contains(h)),
                    app::events::Object::Link(l) => l.id == link_id,
                    app::events::Object::OneTimeLink(_)
                    | app::events::Object::WebhookEndpoint(_)
                    | app::events::Object::Payment(_) => false,
                };
            let hit = concerns(&record.object, &hosts)
                || record
                    .previous
                    .as_ref()
                    .is_some_and(|p| concerns(p, &hosts));
            if let app::events::Object::Link(l) = &record.object {
                if l.id == link_id {
                    hosts = l.host_ids.iter().cloned().collect();
                }
            }
            hit.then(|| AvailabilityChangedView {
                event_type: "availability.changed".into(),
                at: record.created_at,
                seq: record.seq.unwrap_or(0),
            })
        });
        // Other instances' bookings are seen within 3 s; this instance's at once.
        let poll = std::time::Duration::from_secs(3);
        let changes = Follow::new(&state, org.id, types, after, poll, select).stream();
        Ok(EventStream::new(changes)
            .keep_alive(std::time::Duration::from_secs(15))
            .to_event(|c: AvailabilityChangedView| {
                let json = c.to_json().map(|v| v.to_string()).unwrap_or_default();
                poem::web::sse::Event::message(json)
                    .event_type("availability.changed")
                    .id(c.seq.to_string())
            }))
    }

    /// Book a public link as a guest
    ///
    /// Answers are checked against the link's questions. Returns the booking and its manage
    /// token (shown only here). 409 `slot_unavailable` if the slot was just taken.
    #[oai(
        path = "/links/:org_slug/:link_slug/bookings",
        method = "post",
        operation_id = "public_booking_create"
    )]
    async fn book(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] org_slug: Path<String>,
        #[oai(validator(min_length = 1))] link_slug: Path<String>,
        body: Json<PublicBookingCreate>,
    ) -> BodyResult<PublicBookingCreated> {
        let place = app::public::Place::Link {
            org_slug: &org_slug,
            link_slug: &link_slug,
        };
        Ok(book(&state, place, body.0).await?)
    }

    /// Get a one-time link
    ///
    /// The booking page of a one-time link: the link, its recipient, offered slots and
    /// expiry. 410 `link_used`, `link_expired` or `link_revoked` once it cannot be used.
    #[oai(
        path = "/one-time/:token",
        method = "get",
        operation_id = "public_one_time_link_get"
    )]
    async fn one_time(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] token: Path<String>,
    ) -> Result<Json<PublicOneTimeView>> {
        let (org, link, one) = app::public::usable_one_time(&state.db, &token)
            .await
            .map_err(link_error)?;
        let view = public_view(&state, &org, &link).await?;
        state.views.record(&link.id);
        Ok(Json(PublicOneTimeView::new(view, &one)))
    }

    /// Get a one-time link's availability
    ///
    /// As for a public link, limited to the offered slots if the link has any.
    #[oai(
        path = "/one-time/:token/availability",
        method = "get",
        operation_id = "public_one_time_availability_get"
    )]
    async fn one_time_availability(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] token: Path<String>,
        /// Earliest slot start.
        start: Query<DateTime<Utc>>,
        /// Slots start before this instant.
        end: Query<DateTime<Utc>>,
        /// IANA time zone for `local_start` / `local_end`; default UTC.
        timezone: Query<Option<String>>,
        /// Minutes; default the link's first duration.
        duration: Query<Option<u32>>,
    ) -> Result<SerdeJson<AvailabilityView>> {
        let window = app::availability::Window {
            start: start.0,
            end: end.0,
            timezone: timezone.0,
            duration: duration.0,
        };
        let found = app::public::one_time_availability(&state.db, &token, &window, Utc::now())
            .await
            .map_err(link_error)?;
        Ok(SerdeJson(public_availability(found)))
    }

    /// Book with a one-time link
    ///
    /// Consumes the link in the same transaction as the booking: of two concurrent bookings
    /// with one token exactly one succeeds; the other gets 410 `link_used`.
    #[oai(
        path = "/one-time/:token/bookings",
        method = "post",
        operation_id = "public_one_time_booking_create"
    )]
    async fn one_time_book(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] token: Path<String>,
        body: Json<PublicBookingCreate>,
    ) -> BodyResult<PublicBookingCreated> {
        let place = app::public::Place::OneTime { token: &token };
        Ok(book(&state, place, body.0).await?)
    }

    /// Get a booking by its manage token
    #[oai(
        path = "/bookings/:manage_token",
        method = "get",
        operation_id = "public_booking_get"
    )]
    async fn booking(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] manage_token: Path<String>,
    ) -> Result<Json<PublicBookingView>> {
        let (_, booking, link) = app::public::managed(&state.db, &manage_token)
            .await
            .map_err(booking_error)?;
        Ok(Json(PublicBookingView::new(&booking, &link)))
    }

    /// Get a booking as an iCalendar file by its manage token
    ///
    /// The attendee's "Add to calendar": the same file as `booking_ics_get`, for whoever holds
    /// the manage token (the embed widget links to it after booking). `ETag` and
    /// `If-None-Match` work the same.
    #[oai(
        path = "/bookings/:manage_token/ics",
        method = "get",
        operation_id = "public_booking_ics_get"
    )]
    async fn booking_ics(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] manage_token: Path<String>,
        #[oai(name = "If-None-Match")] if_none_match: Header<Option<String>>,
    ) -> Result<CalendarFile> {
        let text = app::calendar::managed_booking_file(&state.db, &manage_token)
            .await
            .map_err(booking_error)?;
        Ok(CalendarFile::new(
            text,
            "booking.ics",
            if_none_match.0.as_deref(),
        ))
    }

    /// Get a calendar feed
    ///
    /// The subscribable calendar behind a feed's URL (`{token}.ics`, from
    /// `calendar_feed_create`): `text/calendar`, one `VEVENT` per booking with stable `UID`s,
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` of 15 minutes. `If-None-Match` with the last
    /// `ETag` gets a 304 while nothing changed. A regenerated or deleted feed's URL is 404.
    #[oai(
        path = "/feeds/:file",
        method = "get",
        operation_id = "public_calendar_feed_get"
    )]
    async fn feed(
        &self,
        state: Data<&AppState>,
        /// The feed's token followed by `.ics`.
        #[oai(validator(min_length = 1, max_length = 120))]
        file: Path<String>,
        #[oai(name = "If-None-Match")] if_none_match: Header<Option<String>>,
    ) -> Result<CalendarFile> {
        let token = file.strip_suffix(".ics").ok_or_else(feed_not_found)?;
        let text = app::calendar::feed_file(&state.db, token, Utc::now())
            .await
            .map_err(|e| public(e, feed_not_found))?;
        Ok(CalendarFile::new(
            text,
            "bookings.ics",
            if_none_match.0.as_deref(),
        ))
    }

    /// Cancel a booking as its attendee
    ///
    /// Within the link's cancellation policy (409 `policy_window_closed` outside it); the
    /// refund follows the policy's tiers.
    #[oai(
        path = "/bookings/:manage_token/cancel",
        method = "post",
        operation_id = "public_booking_cancel"
    )]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] manage_token: Path<String>,
        body: Json<BookingCancel>,
    ) -> BodyResult<Json<PublicCancellationView>> {
        let c = app::public::cancel(
            &state.db,
            &manage_token,
            body.0.reason,
            request_id(),
            Utc::now(),
        )
        .await
        .map_err(booking_error)?;
        let link = c.link.clone();
        let refund = RefundName::from(&c.refund);
        Ok(Json(PublicCancellationView {
            booking: PublicBookingView::new(&c.booking, &link),
            refund,
            refund_percent: c.refund.percent(),
            refunded: c.refunded.as_ref().map(Into::into),
        }))
    }

    /// Reschedule a booking as its attendee
    ///
    /// Within the link's reschedule policy (409 `policy_window_closed` outside it), to a
    /// free slot (409 `slot_unavailable` otherwise). Same booking, calendar SEQUENCE + 1.
    #[oai(
        path = "/bookings/:manage_token/reschedule",
        method = "post",
        operation_id = "public_booking_reschedule"
    )]
    async fn reschedule(
        &self,
        state: Data<&AppState>,
        #[oai(validator(min_length = 1))] manage_token: Path<String>,
        body: Json<BookingReschedule>,
    ) -> BodyResult<Json<PublicBookingView>> {
        let (moved, link) = app::public::reschedule(
            &state.db,
            &manage_token,
            body.start,
            body.duration,
            request_id(),
            Utc::now(),
        )
        .await
        .map_err(booking_error)?;
        Ok(Json(PublicBookingView::new(&moved, &link)))
    }
}

/// Availability as the public sees it: without the hosts' calendar connections.
fn public_availability(mut found: app::availability::Availability) -> AvailabilityView {
    found.calendars.clear();
    found.into()
}
