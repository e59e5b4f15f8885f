//! The public surface's rules: a guest finds a link by the organization's and the link's
//! slugs, a one-time link and a booking by their tokens. Anything that is not an active link
//! is the same "not found", so slugs and tokens cannot be probed for what exists behind them.

use chrono::{DateTime, Utc};
use skyslots_core::policy::Actor;
use skyslots_core::ErrorCode;
use skyslots_storage::audit::{ActorRef, Audit};
use skyslots_storage::bookings::ManageToken;
use skyslots_storage::ids::{hash_secret, new_secret, BookingId, LinkId};
use skyslots_storage::one_time_links::OneTimeLink;
use skyslots_storage::{organizations, Booking, Db, Link, Organization, StorageError};

use crate::availability::{self, Availability, Window};
use crate::bookings::{self, Booked, By, Cancellation, NewBooking, Origin, MANAGE_TOKEN_PREFIX};
use crate::{links, one_time_links, Error, Result};

/// Whether `s` is a slug: 1-64 characters of `a-z`, `0-9` and `-`, not starting with `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= links::MAX_SLUG_LEN
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The organization with public slug `slug`.
async fn organization(db: &Db, slug: &str) -> Result<Organization> {
    if !is_slug(slug) {
        return Err(Error::NotFound("link"));
    }
    organizations::by_slug(&mut db.read().await?, slug)
        .await?
        .ok_or(Error::NotFound("link"))
}

/// The active link `link_slug` of the organization `org_slug` (`NotFound("link")` for any
/// other).
pub async fn active_link(db: &Db, org_slug: &str, link_slug: &str) -> Result<(Organization, Link)> {
    let org = organization(db, org_slug).await?;
    let link = links::by_slug(db, &org.id, link_slug)
        .await
        .map_err(|e| e.or_not_found("link"))?;
    links::ensure_active(&link).map_err(|_| Error::NotFound("link"))?;
    Ok((org, link))
}

/// The organization, link and one-time link of a usable token: `NotFound("link")` for an
/// unknown token or an inactive link, 410 for a used, expired or revoked one.
pub async fn usable_one_time(db: &Db, token: &str) -> Result<(Organization, Link, OneTimeLink)> {
    let (org_id, one) = one_time_links::by_token(db, token)
        .await?
        .ok_or(Error::NotFound("link"))?;
    one_time_links::ensure_usable(one.status)?;
    let org = organizations::get(&mut db.read().await?, &org_id).await?;
    let link = skyslots_storage::links::get(&mut db.read().await?, &org_id, &one.link_id)
        .await
        .map_err(Error::from)
        .map_err(|e| e.or_not_found("link"))?;
    links::ensure_active(&link).map_err(|_| Error::NotFound("link"))?;
    Ok((org, link, one))
}

/// Where a guest books.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// The public link `link_slug` of the organization `org_slug`.
    Link {
        org_slug: &'a str,
        link_slug: &'a str,
    },
    /// A one-time link's token.
    OneTime { token: &'a str },
}

/// A guest's booking and its manage token (shown only this once).
#[derive(Debug, Clone)]
pub struct GuestBooking {
    pub booked: Booked,
    pub manage_token: String,
}

/// Book for a guest at `place`. The link is read once, in the booking's transaction; a link
/// that is missing or not active is `NotFound("link")`, as on every public path.
pub async fn book(
    db: &Db,
    place: Place<'_>,
    mut input: NewBooking,
    request_id: Option<String>,
    pay: &crate::payments::Payments<'_>,
    now: DateTime<Utc>,
) -> Result<GuestBooking> {
    let secrets = pay.secrets;
    let manage_token = new_secret(MANAGE_TOKEN_PREFIX)
        .map_err(|e| StorageError::Unavailable(format!("no randomness: {e}")))?;
    let manage_token_hash = hash_secret(&manage_token);
    // Bound to the hash beside it: the sealed token opens on its own row only.
    let manage_token_sealed = secrets.seal(&manage_token, &manage_token_hash)?;
    let manage = ManageToken {
        hash: &manage_token_hash,
        sealed: &manage_token_sealed,
    };
    let (org_id, token_hash) = match place {
        Place::Link {
            org_slug,
            link_slug,
        } => {
            let org = organization(db, org_slug).await?;
            input.link_id =
                skyslots_storage::links::id_by_slug(&mut db.read().await?, &org.id, link_slug)
                    .await
                    .map_err(|_| Error::NotFound("link"))?;
            (org.id, None)
        }
        Place::OneTime { token } => {
            let (org_id, one) = one_time_links::by_token(db, token)
                .await?
                .ok_or(Error::NotFound("link"))?;
            one_time_links::ensure_usable(one.status)?;
            input.link_id = one.link_id;
            (org_id, Some(hash_secret(token)))
        }
    };
    let origin = match &token_hash {
        Some(token_hash) => Origin::OneTime { token_hash, manage },
        None => Origin::Public { manage },
    };
    let audit = Audit::new(ActorRef::Attendee(input.attendee.email.clone()), request_id);
    let booked = bookings::create(db, &org_id, &input, origin, None, &audit, pay, now)
        .await
        .map_err(|e| match e {
            // The link went away or was deactivated.
            Error::NotFound(_) => Error::NotFound("link"),
            Error::Conflict {
                code: ErrorCode::LinkInactive,
                ..
            } => Error::NotFound("link"),
            other => other,
        })?;
    Ok(GuestBooking {
        booked,
        manage_token,
    })
}

/// The public availability of the active link `link_slug` of the organization `org_slug`.
pub async fn link_availability(
    db: &Db,
    org_slug: &str,
    link_slug: &str,
    window: &Window,
    now: DateTime<Utc>,
) -> Result<Availability> {
    let (org, link) = active_link(db, org_slug, link_slug).await?;
    let id = stored_link_id(&link)?;
    availability::for_link(db, &org.id, &id, window, None, now).await
}

/// The price of a booking on an active public link.
pub async fn link_quote(
    db: &Db,
    org_slug: &str,
    link_slug: &str,
    request: &crate::pricing::QuoteRequest,
) -> Result<crate::pricing::LinkQuote> {
    let (_, link) = active_link(db, org_slug, link_slug).await?;
    crate::pricing::quote_for(&link, request)
}

/// The availability of a usable one-time link: only its offered slots, if it has any.
pub async fn one_time_availability(
    db: &Db,
    token: &str,
    window: &Window,
    now: DateTime<Utc>,
) -> Result<Availability> {
    let (org, link, one) = usable_one_time(db, token).await?;
    let id = stored_link_id(&link)?;
    availability::for_link(db, &org.id, &id, window, Some(&one.offered_slots), now).await
}

fn stored_link_id(link: &Link) -> Result<LinkId> {
    LinkId::parse(&link.id).ok_or(Error::NotFound("link"))
}

/// The organization, booking and link a manage token belongs to (`NotFound("booking")`).
pub async fn managed(db: &Db, token: &str) -> Result<(String, Booking, Link)> {
    let (org, booking) = bookings::by_manage_token(db, token)
        .await?
        .ok_or(Error::NotFound("booking"))?;
    let link = skyslots_storage::links::get(&mut db.read().await?, &org, &booking.link_id).await?;
    Ok((org, booking, link))
}

/// The attendee, in the audit trail, for a change made with a manage token.
fn attendee(booking: &Booking, request_id: Option<String>) -> Audit {
    Audit::new(
        ActorRef::Attendee(booking.attendee.email.clone()),
        request_id,
    )
}

/// The booking of a manage token, with its typed id.
async fn managed_booking(db: &Db, token: &str) -> Result<(String, BookingId, Booking)> {
    let (org, booking) = bookings::by_manage_token(db, token)
        .await?
        .ok_or(Error::NotFound("booking"))?;
    let id = BookingId::parse(&booking.id).ok_or(Error::NotFound("booking"))?;
    Ok((org, id, booking))
}

/// Cancel as the attendee, within the link's cancellation policy.
pub async fn cancel(
    db: &Db,
    token: &str,
    reason: Option<String>,
    request_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<Cancellation> {
    let (org, id, booking) = managed_booking(db, token).await?;
    let audit = attendee(&booking, request_id);
    let by = By {
        actor: Actor::Attendee,
        audit: &audit,
    };
    bookings::cancel(db, &org, &id, reason, by, now).await
}

/// Reschedule as the attendee, within the link's reschedule policy.
pub async fn reschedule(
    db: &Db,
    token: &str,
    start: DateTime<Utc>,
    duration: Option<u32>,
    request_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<(Booking, Link)> {
    let (org, id, booking) = managed_booking(db, token).await?;
    let audit = attendee(&booking, request_id);
    let by = By {
        actor: Actor::Attendee,
        audit: &audit,
    };
    bookings::reschedule(db, &org, &id, start, duration, by, now).await
}
