//! Bookings and their lifecycle.

use crate::request::one;
use crate::v1::prelude::*;

// ---- bookings --------------------------------------------------------------------------

/// The person booking.
#[derive(Debug, Clone, Object, Validate, serde::Serialize)]
#[oai(rename = "AttendeeInput")]
pub struct AttendeeParam {
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: String,
    #[oai(validator(max_length = 254))]
    #[validate(email)]
    pub email: String,
    /// The attendee's IANA time zone (for their confirmation and calendar).
    #[oai(validator(max_length = 64))]
    pub timezone: String,
}

/// A booking request.
#[derive(Debug, Clone, Object, serde::Serialize)]
#[oai(example)]
pub struct BookingCreate {
    pub link_id: String,
    /// Start of the slot, RFC 3339 (UTC recommended).
    pub start: DateTime<Utc>,
    /// One of the link's durations in minutes; omitted: the link's first duration.
    pub duration: Option<u32>,
    #[oai(default = "one")]
    pub seats: u32,
    pub attendee: AttendeeParam,
    /// Answers to the link's questions, by question id: text, number, `true`/`false`, or a
    /// list of options.
    #[oai(default)]
    pub answers: BTreeMap<String, serde_json::Value>,
    #[oai(default)]
    pub metadata: BTreeMap<String, String>,
}

impl poem_openapi::types::Example for BookingCreate {
    fn example() -> Self {
        Self {
            link_id: "lnk_01jdq4x8m2w9k3v7c5t1r6y0ab".into(),
            start: DateTime::from_timestamp(1_796_137_200, 0).unwrap_or_default(),
            duration: Some(30),
            seats: 1,
            attendee: AttendeeParam {
                name: "Grace".into(),
                email: "grace@example.com".into(),
                timezone: "America/New_York".into(),
            },
            answers: BTreeMap::from([("company".to_owned(), serde_json::json!("Acme"))]),
            metadata: BTreeMap::from([("crm_id".to_owned(), "42".to_owned())]),
        }
    }
}

/// Convert JSON answers into the engine's answers; wrong shapes are field errors.
pub fn answers(
    errors: &mut Errors,
    raw: &BTreeMap<String, serde_json::Value>,
) -> BTreeMap<String, Answer> {
    let mut out = BTreeMap::new();
    if raw.len() > 100 {
        errors.push("answers", InvalidReason::TooMany(100));
    }
    for (k, v) in raw {
        let answer = match v {
            serde_json::Value::Bool(b) => Some(Answer::Bool(*b)),
            serde_json::Value::Number(n) => n.as_f64().map(Answer::Number),
            serde_json::Value::String(s) => Some(Answer::Text(s.clone())),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Answer::Many),
            _ => None,
        };
        match answer {
            Some(a) => {
                out.insert(k.clone(), a);
            }
            None => errors.push(
                format!("answers.{k}"),
                InvalidReason::Inconsistent(
                    "answers are text, a number, true/false, or a list of options",
                ),
            ),
        }
    }
    out
}

pub fn booking_metadata(errors: &mut Errors, m: &BTreeMap<String, String>) {
    metadata_ok(m, errors);
}

/// Cancel a booking.
#[derive(Debug, Clone, Object)]
pub struct BookingCancel {
    #[oai(validator(max_length = 1000))]
    pub reason: Option<String>,
}

/// Move a booking to another start (same booking, calendar SEQUENCE + 1).
#[derive(Debug, Clone, Object)]
pub struct BookingReschedule {
    pub start: DateTime<Utc>,
    /// One of the link's durations; omitted: the booking's current duration.
    pub duration: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
#[oai(rename = "BookingStatus")]
pub enum BookingStatusName {
    /// Awaiting confirmation; the time is held.
    Pending,
    Confirmed,
    Cancelled,
    /// On a link that collects online, until paid: the seats are held until
    /// `hold_expires_at`.
    AwaitingPayment,
    /// The payment hold ended unpaid: the seats are free again.
    Expired,
}

impl From<st::BookingStatus> for BookingStatusName {
    fn from(s: st::BookingStatus) -> Self {
        match s {
            st::BookingStatus::Pending => Self::Pending,
            st::BookingStatus::Confirmed => Self::Confirmed,
            st::BookingStatus::Cancelled => Self::Cancelled,
            st::BookingStatus::AwaitingPayment => Self::AwaitingPayment,
            st::BookingStatus::Expired => Self::Expired,
        }
    }
}

impl From<BookingStatusName> for st::BookingStatus {
    fn from(s: BookingStatusName) -> Self {
        match s {
            BookingStatusName::Pending => Self::Pending,
            BookingStatusName::Confirmed => Self::Confirmed,
            BookingStatusName::Cancelled => Self::Cancelled,
            BookingStatusName::AwaitingPayment => Self::AwaitingPayment,
            BookingStatusName::Expired => Self::Expired,
        }
    }
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Attendee")]
pub struct AttendeeView {
    pub name: String,
    pub email: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Object)]
#[oai(rename = "Booking")]
pub struct BookingView {
    pub id: String,
    pub link_id: String,
    /// The host(s) booked: one, or all of a collective link's hosts.
    pub host_ids: Vec<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Minutes.
    pub duration: u32,
    pub seats: u32,
    pub status: BookingStatusName,
    pub attendee: AttendeeView,
    pub answers: BTreeMap<String, serde_json::Value>,
    pub metadata: BTreeMap<String, String>,
    /// iCalendar UID: stable across reschedules.
    pub ical_uid: String,
    /// iCalendar SEQUENCE: incremented on every reschedule and cancellation.
    pub ical_sequence: u32,
    #[oai(skip_serializing_if_is_none)]
    pub cancel_reason: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Where the booking was written into its hosts' calendars (connections with a
    /// `write_calendar`).
    pub calendar_events: Vec<CalendarEventView>,
    // What it costs on a priced link, fixed when booked (said on BookingPrice).
    #[oai(skip_serializing_if_is_none)]
    pub price: Option<BookingPriceView>,
    /// While awaiting payment: when the hold on its seats ends (the booking then expires).
    #[oai(skip_serializing_if_is_none)]
    pub hold_expires_at: Option<DateTime<Utc>>,
    // On a link that collects online, in the responses of booking_create and booking_get
    // (said on BookingPayment).
    #[oai(skip_serializing_if_is_none)]
    pub payment: Option<BookingPaymentView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The booking's payment, as the front end needs it to pay: while the booking awaits payment,
/// `client_secret` is what Stripe Elements (or Stripe.js `confirmPayment`) takes. The secret
/// completes this one payment only; show it to the payer alone.
#[derive(Debug, Clone, Object)]
#[oai(rename = "BookingPayment")]
pub struct BookingPaymentView {
    pub id: String,
    pub status: super::payments::PaymentStatusName,
    pub amount: i64,
    pub amount_decimal: String,
    pub currency: String,
    /// `stripe`.
    pub provider: String,
    #[oai(skip_serializing_if_is_none)]
    pub provider_payment_id: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub client_secret: Option<String>,
    /// On links that pay on Stripe's hosted page: where to send the payer.
    #[oai(skip_serializing_if_is_none)]
    pub checkout_url: Option<String>,
}

impl BookingPaymentView {
    pub fn of(p: &st::payments::Payment, client_secret: Option<String>) -> Self {
        Self {
            id: p.id.clone(),
            status: p.status.into(),
            amount: p.amount,
            amount_decimal: super::payments::decimal(&p.currency, p.amount),
            currency: p.currency.clone(),
            provider: p.provider.clone(),
            provider_payment_id: p.provider_payment_id.clone(),
            checkout_url: (p.status == st::payments::PaymentStatus::RequiresPayment)
                .then(|| p.checkout_url.clone())
                .flatten(),
            client_secret,
        }
    }

    /// `booked`'s view with its payment.
    pub fn booked(b: &st::Booking, payment: Option<&app::payments::PaymentHandle>) -> BookingView {
        BookingView {
            payment: payment.map(|h| Self::of(&h.payment, h.client_secret.clone())),
            ..BookingView::from(b)
        }
    }
}

/// What a booking on a priced link costs, fixed when it was booked (as `link_quote` priced
/// it), in minor units of `currency`.
#[derive(Debug, Clone, Object)]
#[oai(rename = "BookingPrice")]
pub struct BookingPriceView {
    pub currency: String,
    pub total: i64,
    pub total_decimal: String,
    /// Paid when booking (the deposit, or the total).
    pub due_now: i64,
    /// Paid later or at the venue.
    pub due_later: i64,
    pub tax_inclusive: bool,
}

/// A booking's event in an external calendar.
#[derive(Debug, Clone, Object)]
#[oai(rename = "CalendarEvent")]
pub struct CalendarEventView {
    pub connection_id: String,
    /// The event's URL on the calendar server.
    pub href: String,
    #[oai(skip_serializing_if_is_none)]
    pub etag: Option<String>,
}

fn answer_json(a: &Answer) -> serde_json::Value {
    match a {
        Answer::Bool(b) => serde_json::Value::Bool(*b),
        Answer::Number(n) => serde_json::json!(n),
        Answer::Text(t) => serde_json::Value::String(t.clone()),
        Answer::Many(items) => serde_json::json!(items),
    }
}

impl From<&st::Booking> for BookingView {
    fn from(b: &st::Booking) -> Self {
        Self {
            id: b.id.clone(),
            link_id: b.link_id.clone(),
            host_ids: b.host_ids.clone(),
            start: b.start,
            end: b.end,
            duration: u32::try_from((b.end - b.start).num_minutes()).unwrap_or(0),
            seats: b.seats,
            status: b.status.into(),
            attendee: AttendeeView {
                name: b.attendee.name.clone(),
                email: b.attendee.email.clone(),
                timezone: b.attendee.timezone.clone(),
            },
            answers: b
                .answers
                .iter()
                .map(|(k, v)| (k.clone(), answer_json(v)))
                .collect(),
            metadata: b.metadata.clone(),
            ical_uid: b.ical_uid.clone(),
            ical_sequence: b.ical_sequence,
            cancel_reason: b.cancel_reason.clone(),
            cancelled_at: b.cancelled_at,
            calendar_events: b
                .calendar_events
                .iter()
                .map(|r| CalendarEventView {
                    connection_id: r.connection_id.clone(),
                    href: r.href.clone(),
                    etag: r.etag.clone(),
                })
                .collect(),
            price: b.price.as_ref().map(|p| BookingPriceView {
                currency: p.currency.clone(),
                total: p.total,
                total_decimal: skyslots_core::money::Currency::parse(&p.currency)
                    .map_or_else(|| p.total.to_string(), |c| c.decimal(p.total)),
                due_now: p.due_now,
                due_later: p.due_later,
                tax_inclusive: p.tax_inclusive,
            }),
            hold_expires_at: b.hold_expires_at,
            payment: None,
            created_at: b.created_at,
            updated_at: b.updated_at,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
#[oai(rename = "Refund")]
pub enum RefundName {
    Full,
    Partial,
    None,
}

impl From<&skyslots_core::policy::Refund> for RefundName {
    fn from(r: &skyslots_core::policy::Refund) -> Self {
        use skyslots_core::policy::Refund;
        match r {
            Refund::Full => Self::Full,
            Refund::Partial { .. } => Self::Partial,
            Refund::None => Self::None,
        }
    }
}

/// A cancelled booking and what its cancellation refunds under the link's policy.
#[derive(Debug, Clone, Object)]
#[oai(rename = "Cancellation")]
pub struct CancellationView {
    pub booking: BookingView,
    pub refund: RefundName,
    pub refund_percent: u8,
    // When the booking was paid and the policy gives money back (said on RefundIssued).
    #[oai(skip_serializing_if_is_none)]
    pub refunded: Option<RefundIssuedView>,
}

/// Money going back for a paid booking: which refund of which payment, how much (minor
/// units) and why. It is issued through the provider in the background; `payment.refunded`
/// says when it went through.
#[derive(Debug, Clone, Object)]
#[oai(rename = "RefundIssued")]
pub struct RefundIssuedView {
    pub payment_id: String,
    pub refund_id: String,
    pub amount: i64,
    pub amount_decimal: String,
    pub currency: String,
    pub reason: super::payments::RefundReasonName,
}

impl From<&app::events::RefundContext> for RefundIssuedView {
    fn from(r: &app::events::RefundContext) -> Self {
        Self {
            payment_id: r.payment_id.clone(),
            refund_id: r.refund_id.clone(),
            amount: r.amount,
            amount_decimal: super::payments::decimal(&r.currency, r.amount),
            currency: r.currency.clone(),
            reason: r.reason.into(),
        }
    }
}

created_response!(BookingCreated, BookingView);
list_view!(BookingList, BookingView);

// ---- bookings ------------------------------------------------------------------------

/// The booking `id`, if the caller may see it: a token limited to a link or an attendee does
/// not learn that other bookings exist (404, as for an unknown id).
async fn booking_in_reach(
    state: &AppState,
    p: &Caller,
    id: &st::ids::BookingId,
) -> Result<skyslots_storage::Booking> {
    let b = app::bookings::get(&state.db, &p.organization_id, id).await?;
    if p.reaches(&b.link_id, &b.attendee.email) {
        Ok(b)
    } else {
        Err(ApiError::not_found("booking"))
    }
}

/// Before a change to booking `id`: a restricted token must reach it (one extra read, only
/// for such tokens). A booking's link and attendee never change, so checking before the
/// change is as good as checking in it.
async fn ensure_in_reach(state: &AppState, p: &Caller, id: &st::ids::BookingId) -> Result<()> {
    if p.is_restricted() {
        booking_in_reach(state, p, id).await?;
    }
    Ok(())
}

#[derive(Debug, Default)]
pub struct BookingsApi;

#[OpenApi(prefix_path = "/v1", tag = "Tag::Bookings")]
impl BookingsApi {
    /// Create a booking
    ///
    /// Books one of the link's slots if it is still free (409 `slot_unavailable` with a
    /// `reason` otherwise). Answers are checked against the link's questions. Open to scoped
    /// tokens with `bookings:write` (within their link and attendee restriction).
    #[oai(path = "/bookings", method = "post", operation_id = "booking_create")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        #[oai(name = "Idempotency-Key")] idempotency_key: Header<Option<String>>,
        body: Json<BookingCreate>,
    ) -> BodyResult<BookingCreated> {
        let p = authorize(&state, &auth, Scope::BookingsWrite).await?;
        let mut idem = idempotency(idempotency_key.0, Operation::BookingCreate, None, &body.0);
        // Each token subject has its own keys: one customer's retry never replays another's.
        if let (Some(i), ActorRef::Token(subject)) = (&mut idem, &p.actor) {
            i.key = format!("{}\u{1f}token:{subject}", i.key);
        }
        let mut errors = Errors::default();
        errors.id("link_id".into(), &body.link_id, Kind::Link);
        errors.validate("attendee", &body.attendee);
        let answers = answers(&mut errors, &body.answers);
        booking_metadata(&mut errors, &body.metadata);
        finish(errors)?;
        p.check_link(&body.link_id)?;
        p.check_email(&body.attendee.email)?;
        let input = app::bookings::NewBooking {
            link_id: body.link_id.clone(),
            start: body.start,
            duration: body.duration,
            seats: body.seats,
            attendee: skyslots_storage::Attendee {
                name: body.attendee.name.clone(),
                email: body.attendee.email.clone(),
                timezone: body.attendee.timezone.clone(),
            },
            answers,
            metadata: body.metadata.clone(),
        };
        let booked = app::bookings::create(
            &state.db,
            &p.organization_id,
            &input,
            app::bookings::Origin::Api,
            idem.as_ref(),
            &p.audit(),
            &state.payments(),
            Utc::now(),
        )
        .await?;
        let payment = booked.payment.as_ref();
        Ok(BookingCreated::of(booked.booking, |x| {
            BookingPaymentView::booked(x, payment)
        }))
    }

    /// List bookings
    ///
    /// Ordered by start time; filters combine with AND. Open to scoped tokens with
    /// `bookings:read`: a token limited to a link or an attendee lists only theirs.
    #[oai(path = "/bookings", method = "get", operation_id = "booking_list")]
    #[allow(clippy::too_many_arguments)]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        link_id: Query<Option<String>>,
        host_id: Query<Option<String>>,
        status: Query<Option<BookingStatusName>>,
        /// Bookings starting at or after this instant.
        start_from: Query<Option<DateTime<Utc>>>,
        /// Bookings starting before this instant.
        start_to: Query<Option<DateTime<Utc>>>,
        attendee_email: Query<Option<String>>,
        limit: Query<Option<u32>>,
        cursor: Query<Option<String>>,
    ) -> Result<Json<BookingList>> {
        let p = authorize(&state, &auth, Scope::BookingsRead).await?;
        if let Some(l) = &link_id.0 {
            p.check_link(l)?;
        }
        if let Some(e) = &attendee_email.0 {
            p.check_email(e)?;
        }
        let filter = st::BookingFilter {
            link_id: link_id.0.or(p.only_link.clone()),
            host_id: host_id.0,
            status: status.0.map(Into::into),
            start_from: start_from.0,
            start_to: start_to.0,
            attendee_email: attendee_email.0.or(p.only_email.clone()),
        };
        let page = app::bookings::list(
            &state.db,
            &p.organization_id,
            &filter,
            &page(limit.0, cursor.0)?,
        )
        .await?;
        Ok(Json(BookingList::from_page(page, |x| BookingView::from(x))))
    }

    /// Get a booking
    ///
    /// Open to scoped tokens with `bookings:read` (within their restriction).
    #[oai(path = "/bookings/:id", method = "get", operation_id = "booking_get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
    ) -> Result<Json<BookingView>> {
        let p = authorize(&state, &auth, Scope::BookingsRead).await?;
        let id: st::ids::BookingId = path_id(&id)?;
        let booking = booking_in_reach(&state, &p, &id).await?;
        let payment = match booking.price {
            Some(_) => app::payments::for_booking(&state.db, &p.organization_id, &id).await?,
            None => None,
        };
        Ok(Json(BookingView {
            payment: payment.map(|p| BookingPaymentView::of(&p, None)),
            ..BookingView::from(&booking)
        }))
    }

    /// Get a booking as an iCalendar file
    ///
    /// The booking as one `VEVENT` (`METHOD:PUBLISH`: a file to add, not an invitation),
    /// `text/calendar`. Its `UID` never changes and its `SEQUENCE` grows with every reschedule
    /// and cancellation, so a calendar that imports it again updates the same event; a
    /// cancelled booking is `STATUS:CANCELLED`. Send the `ETag` back as `If-None-Match` to get
    /// a 304 while it is unchanged. Open to scoped tokens with `bookings:read`.
    #[oai(
        path = "/bookings/:id/ics",
        method = "get",
        operation_id = "booking_ics_get"
    )]
    async fn ics(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        #[oai(name = "If-None-Match")] if_none_match: Header<Option<String>>,
    ) -> Result<CalendarFile> {
        let p = authorize(&state, &auth, Scope::BookingsRead).await?;
        let id: st::ids::BookingId = path_id(&id)?;
        booking_in_reach(&state, &p, &id).await?;
        let text = app::calendar::booking_file(&state.db, &p.organization_id, &id).await?;
        let name = format!("{}.ics", id.as_str());
        Ok(CalendarFile::new(text, &name, if_none_match.0.as_deref()))
    }

    /// Cancel a booking
    ///
    /// Frees the slot. With a secret key the organization may always cancel and the refund
    /// is full; a scoped token (`bookings:write`) acts for the attendee, within the link's
    /// cancellation policy.
    #[oai(
        path = "/bookings/:id/cancel",
        method = "post",
        operation_id = "booking_cancel"
    )]
    async fn cancel(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        body: Json<BookingCancel>,
    ) -> BodyResult<Json<CancellationView>> {
        let p = authorize(&state, &auth, Scope::BookingsWrite).await?;
        let id: st::ids::BookingId = path_id(&id)?;
        ensure_in_reach(&state, &p, &id).await?;
        let by = app::bookings::By {
            actor: p.policy_actor(),
            audit: &p.audit(),
        };
        let c = app::bookings::cancel(
            &state.db,
            &p.organization_id,
            &id,
            body.0.reason,
            by,
            Utc::now(),
        )
        .await?;
        let refund = RefundName::from(&c.refund);
        Ok(Json(CancellationView {
            booking: (&c.booking).into(),
            refund,
            refund_percent: c.refund.percent(),
            refunded: c.refunded.as_ref().map(Into::into),
        }))
    }

    /// Reschedule a booking
    ///
    /// Moves the booking to a new start if that slot is free; the iCalendar UID stays and
    /// the SEQUENCE increases. A scoped token (`bookings:write`) acts for the attendee,
    /// within the link's reschedule policy.
    #[oai(
        path = "/bookings/:id/reschedule",
        method = "post",
        operation_id = "booking_reschedule"
    )]
    async fn reschedule(
        &self,
        state: Data<&AppState>,
        auth: KeyOrToken,
        id: Path<String>,
        body: Json<BookingReschedule>,
    ) -> BodyResult<Json<BookingView>> {
        let p = authorize(&state, &auth, Scope::BookingsWrite).await?;
        let id: st::ids::BookingId = path_id(&id)?;
        ensure_in_reach(&state, &p, &id).await?;
        let by = app::bookings::By {
            actor: p.policy_actor(),
            audit: &p.audit(),
        };
        let (b, _) = app::bookings::reschedule(
            &state.db,
            &p.organization_id,
            &id,
            body.start,
            body.duration,
            by,
            Utc::now(),
        )
        .await?;
        Ok(Json((&b).into()))
    }

    /// Confirm a booking
    ///
    /// For links that require confirmation: a pending booking becomes confirmed.
    #[oai(
        path = "/bookings/:id/confirm",
        method = "post",
        operation_id = "booking_confirm"
    )]
    async fn confirm(
        &self,
        state: Data<&AppState>,
        auth: SecretKey,
        id: Path<String>,
    ) -> Result<Json<BookingView>> {
        let p = principal(&state, &auth).await?;
        let id: st::ids::BookingId = path_id(&id)?;
        let b = app::bookings::confirm(&state.db, &p.organization_id, &id, &p.audit(), Utc::now())
            .await?;
        Ok(Json((&b).into()))
    }
}
