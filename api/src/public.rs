//! Public endpoints: booking pages, guest bookings, one-time links and attendee
//! self-service. No API key: a link is found by the organization's and the link's slugs, a
//! one-time link and a booking by their tokens (high-entropy, stored only hashed). Anything
//! that is not an active link answers the same 404, so slugs and tokens cannot be probed for
//! what exists behind them.

use chrono::{DateTime, Utc};
use poem::http::StatusCode;
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use skyslots_core::policy::Actor;
use skyslots_core::ErrorCode;
use skyslots_storage::audit::{ActorRef, Audit};
use skyslots_storage::bookings::{Origin, MANAGE_TOKEN_PREFIX};
use skyslots_storage::ids::{hash_secret, new_secret};
use skyslots_storage::{Booking, Link, Organization, StorageError};

use crate::params::{self, Errors};
use crate::problem::{ApiError, Problem, PublicError};
use crate::routes::{availability, request_id, AppState, Tag, Window};
use crate::views::*;

type Result<T> = std::result::Result<T, PublicError>;
type BodyResult<T> = std::result::Result<T, crate::problem::WithBody<PublicError>>;

fn link_not_found() -> PublicError {
    PublicError(ApiError::problem(Problem::new(
        StatusCode::NOT_FOUND,
        ErrorCode::LinkNotFound,
        "This booking link does not exist or is not taking bookings right now.",
    )))
}

fn booking_not_found() -> PublicError {
    PublicError(ApiError::problem(Problem::new(
        StatusCode::NOT_FOUND,
        ErrorCode::BookingNotFound,
        "No booking belongs to this link; check that it was copied completely.",
    )))
}

/// Not found in storage becomes the public 404 `link_not_found`.
fn or_link_not_found(e: StorageError) -> PublicError {
    match e {
        StorageError::NotFound(_) => link_not_found(),
        other => other.into(),
    }
}

/// The active link `link_slug` of the organization `org_slug`.
async fn active_link(
    state: &AppState,
    org_slug: &str,
    link_slug: &str,
) -> Result<(Organization, Link)> {
    let org = state
        .db
        .organization_by_slug(org_slug)
        .await?
        .ok_or_else(link_not_found)?;
    let link = state
        .db
        .get_link_by_slug(&org.id, link_slug)
        .await
        .map_err(or_link_not_found)?;
    if !link.active {
        return Err(link_not_found());
    }
    Ok((org, link))
}

/// The organization, link and one-time link of a usable token (410 for a used, expired or
/// revoked one).
async fn usable_one_time(
    state: &AppState,
    token: &str,
) -> Result<(Organization, Link, skyslots_storage::onetime::OneTimeLink)> {
    let (org_id, one) = state
        .db
        .one_time_link_by_token(token)
        .await?
        .ok_or_else(link_not_found)?;
    if let Some(refusal) = one.status.refusal() {
        return Err(refusal.into());
    }
    let org = state.db.get_organization(&org_id).await?;
    let link = state
        .db
        .get_link(&org_id, &one.link_id)
        .await
        .map_err(or_link_not_found)?;
    if !link.active {
        return Err(link_not_found());
    }
    Ok((org, link, one))
}

async fn public_view(state: &AppState, org: &Organization, link: &Link) -> Result<PublicLinkView> {
    let zone = state.db.link_timezone(&org.id, link).await?;
    Ok(PublicLinkView::new(org, link, zone))
}

/// Book `link` for a guest; returns the booking and its manage token.
async fn book(
    state: &AppState,
    org: &Organization,
    link: &Link,
    body: params::PublicBookingCreate,
    one_time_token: Option<&str>,
) -> Result<PublicBookingCreated> {
    let mut errors = Errors::default();
    errors.validate("attendee", &body.attendee);
    let answers = params::answers(&mut errors, &body.answers);
    errors.finish().map_err(|e| ApiError::invalid(&e))?;
    let token = new_secret(MANAGE_TOKEN_PREFIX)
        .map_err(|e| PublicError::from(StorageError::Unavailable(format!("no randomness: {e}"))))?;
    let manage_token_hash = hash_secret(&token);
    let one_time_hash = one_time_token.map(hash_secret);
    let origin = match &one_time_hash {
        Some(token_hash) => Origin::OneTime {
            token_hash,
            manage_token_hash: &manage_token_hash,
        },
        None => Origin::Public {
            manage_token_hash: &manage_token_hash,
        },
    };
    let input = skyslots_storage::BookingInput {
        link_id: link.id.clone(),
        start: body.start,
        duration: body.duration.unwrap_or(link.rules.durations[0]),
        seats: body.seats,
        attendee: skyslots_storage::Attendee {
            name: body.attendee.name.clone(),
            email: body.attendee.email.clone(),
            timezone: body.attendee.timezone.clone(),
        },
        answers,
        metadata: Default::default(),
    };
    let audit = Audit::new(
        ActorRef::Attendee(input.attendee.email.clone()),
        request_id(),
    );
    let created = state
        .db
        .create_booking(&org.id, &input, Utc::now(), None, origin, &audit)
        .await
        .map_err(|e| match e {
            // The link went away between lookup and booking.
            StorageError::NotFound(_) => link_not_found(),
            other => other.into(),
        })?;
    Ok(PublicBookingCreated::Created(Json(
        PublicBookingCreatedView {
            booking: PublicBookingView::new(&created.value, link),
            manage_token: token,
        },
    )))
}

/// The organization, booking and link a manage token belongs to.
async fn managed(state: &AppState, token: &str) -> Result<(String, Booking, Link)> {
    let (org, booking) = state
        .db
        .booking_by_manage_token(token)
        .await?
        .ok_or_else(booking_not_found)?;
    let link = state.db.get_link(&org, &booking.link_id).await?;
    Ok((org, booking, link))
}

fn attendee_audit(booking: &Booking) -> Audit {
    Audit::new(
        ActorRef::Attendee(booking.attendee.email.clone()),
        request_id(),
    )
}

#[derive(Debug, ApiResponse)]
pub enum PublicBookingCreated {
    /// Booked. Keep the `manage_token`: it is shown only here.
    #[oai(status = 201)]
    Created(Json<PublicBookingCreatedView>),
}

#[derive(Debug)]
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
        org_slug: Path<String>,
        link_slug: Path<String>,
    ) -> Result<Json<PublicLinkView>> {
        let (org, link) = active_link(&state, &org_slug, &link_slug).await?;
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
        org_slug: Path<String>,
        link_slug: Path<String>,
        /// Earliest slot start.
        start: Query<DateTime<Utc>>,
        /// Slots start before this instant.
        end: Query<DateTime<Utc>>,
        /// IANA time zone for `local_start` / `local_end`; default UTC.
        timezone: Query<Option<String>>,
        /// Minutes; default the link's first duration.
        duration: Query<Option<u32>>,
    ) -> Result<Json<AvailabilityView>> {
        let (org, link) = active_link(&state, &org_slug, &link_slug).await?;
        let window = Window {
            start: start.0,
            end: end.0,
            timezone: timezone.0,
            duration: duration.0,
        };
        Ok(Json(
            availability(&state, &org.id, &link.id, &window, None).await?,
        ))
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
        org_slug: Path<String>,
        link_slug: Path<String>,
        body: Json<params::PublicBookingCreate>,
    ) -> BodyResult<PublicBookingCreated> {
        let (org, link) = active_link(&state, &org_slug, &link_slug).await?;
        Ok(book(&state, &org, &link, body.0, None).await?)
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
        token: Path<String>,
    ) -> Result<Json<PublicOneTimeView>> {
        let (org, link, one) = usable_one_time(&state, &token).await?;
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
        token: Path<String>,
        /// Earliest slot start.
        start: Query<DateTime<Utc>>,
        /// Slots start before this instant.
        end: Query<DateTime<Utc>>,
        /// IANA time zone for `local_start` / `local_end`; default UTC.
        timezone: Query<Option<String>>,
        /// Minutes; default the link's first duration.
        duration: Query<Option<u32>>,
    ) -> Result<Json<AvailabilityView>> {
        let (org, link, one) = usable_one_time(&state, &token).await?;
        let window = Window {
            start: start.0,
            end: end.0,
            timezone: timezone.0,
            duration: duration.0,
        };
        Ok(Json(
            availability(&state, &org.id, &link.id, &window, Some(&one.offered_slots)).await?,
        ))
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
        token: Path<String>,
        body: Json<params::PublicBookingCreate>,
    ) -> BodyResult<PublicBookingCreated> {
        let (org, link, _) = usable_one_time(&state, &token).await?;
        Ok(book(&state, &org, &link, body.0, Some(&token)).await?)
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
        manage_token: Path<String>,
    ) -> Result<Json<PublicBookingView>> {
        let (_, booking, link) = managed(&state, &manage_token).await?;
        Ok(Json(PublicBookingView::new(&booking, &link)))
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
        manage_token: Path<String>,
        body: Json<params::BookingCancel>,
    ) -> BodyResult<Json<PublicCancellationView>> {
        let (org, booking, link) = managed(&state, &manage_token).await?;
        let c = state
            .db
            .cancel_booking(
                &org,
                &booking.id,
                body.0.reason,
                Actor::Attendee,
                Utc::now(),
                &attendee_audit(&booking),
            )
            .await?;
        let refund = RefundName::from(&c.refund);
        Ok(Json(PublicCancellationView {
            booking: PublicBookingView::new(&c.booking, &link),
            refund,
            refund_percent: c.refund.percent(),
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
        manage_token: Path<String>,
        body: Json<params::BookingReschedule>,
    ) -> BodyResult<Json<PublicBookingView>> {
        let (org, booking, link) = managed(&state, &manage_token).await?;
        let moved = state
            .db
            .reschedule_booking(
                &org,
                &booking.id,
                body.start,
                body.duration,
                Actor::Attendee,
                Utc::now(),
                &attendee_audit(&booking),
            )
            .await?;
        Ok(Json(PublicBookingView::new(&moved, &link)))
    }
}
