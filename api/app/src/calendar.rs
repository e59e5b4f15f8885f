//! Bookings as calendar events: the `.ics` file of one booking that an attendee or an
//! integrator adds to a calendar, and subscribable feeds of a host's or a link's bookings
//! (full, or busy times only). Building the events is a decision of what a calendar shows;
//! rendering RFC 5545 text is the core's.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use skyslots_core::ical::{self, BookingEvent, EventState, Feed, Method, Person};
use skyslots_core::ErrorCode;
use skyslots_storage::audit::Audit;
use skyslots_storage::calendar_feeds::{self as feeds, CalendarFeed};
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{
    constant_time_eq, hash_secret, new_id, new_secret, BookingId, CalendarFeedId, HostId, Kind,
    LinkId,
};
use skyslots_storage::model::{Booking, BookingFilter, BookingStatus, Host, Link};
use skyslots_storage::{hosts, links, Db, Page, PageRequest, StorageError, Tx};

use crate::links::now;
use crate::{bookings, idempotent, public, Error, Result};

/// The booking as a calendar event: the link's title with its hosts as the summary, the first
/// host as organizer, the attendee and any other hosts (collective links) as attendees, the
/// link's description and location. DTSTAMP is the booking's last change, so the same version
/// of a booking always renders to the same text (and the same ETag).
pub fn booking_event(booking: &Booking, link: &Link, hosts: &[Host]) -> BookingEvent {
    let names: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
    let summary = if names.is_empty() {
        link.title.clone()
    } else {
        format!("{} with {}", link.title, names.join(", "))
    };
    let location = link
        .location
        .as_ref()
        .and_then(|l| match (l.kind.as_str(), &l.value) {
            ("phone", Some(v)) => Some(format!("Phone: {v}")),
            (_, Some(v)) if !v.trim().is_empty() => Some(v.clone()),
            _ => None,
        });
    let person = |name: &str, email: &str| Person {
        name: name.to_owned(),
        email: email.to_owned(),
    };
    let mut attendees = vec![person(&booking.attendee.name, &booking.attendee.email)];
    attendees.extend(hosts.iter().skip(1).map(|h| person(&h.name, &h.email)));
    BookingEvent {
        summary,
        description: link.description.clone().filter(|d| !d.trim().is_empty()),
        location,
        organizer: hosts.first().map(|h| person(&h.name, &h.email)),
        attendees,
        ..busy_event(booking)
    }
}

/// A booking as busy time only: when, and whether it still stands; nothing about who. The
/// base of every booking's event (`booking_event` adds the people, title and place).
fn busy_event(booking: &Booking) -> BookingEvent {
    BookingEvent {
        uid: booking.ical_uid.clone(),
        sequence: booking.ical_sequence,
        stamp: booking.updated_at,
        start: booking.start,
        end: booking.end,
        summary: "Busy".to_owned(),
        description: None,
        location: None,
        url: None,
        organizer: None,
        attendees: Vec::new(),
        state: state_of(booking.status),
    }
}

/// How a calendar shows a booking's status (pending is tentative).
fn state_of(status: BookingStatus) -> EventState {
    match status {
        BookingStatus::Pending | BookingStatus::AwaitingPayment => EventState::Tentative,
        BookingStatus::Confirmed => EventState::Confirmed,
        BookingStatus::Cancelled | BookingStatus::Expired => EventState::Cancelled,
    }
}

/// The hosts of a booking that still exist (a host deleted since is left out).
async fn hosts_of(db: &Db, org: &str, booking: &Booking) -> Result<Vec<Host>> {
    HostCache::default()
        .of(&mut db.read().await?, org, booking)
        .await
}

/// Hosts loaded once per request, however many bookings name them.
#[derive(Default)]
pub(crate) struct HostCache(HashMap<String, Option<Host>>);

impl HostCache {
    /// The booking's hosts that still exist (a host deleted since is left out).
    pub(crate) async fn of(
        &mut self,
        tx: &mut Tx,
        org: &str,
        booking: &Booking,
    ) -> Result<Vec<Host>> {
        let mut found = Vec::with_capacity(booking.host_ids.len());
        for id in &booking.host_ids {
            if !self.0.contains_key(id) {
                let host = match hosts::get(tx, org, id).await {
                    Ok(h) => Some(h),
                    Err(StorageError::NotFound(_)) => None,
                    Err(e) => return Err(e.into()),
                };
                self.0.insert(id.clone(), host);
            }
            found.extend(self.0[id].iter().cloned());
        }
        Ok(found)
    }
}

/// A booking as a downloadable calendar file (`METHOD:PUBLISH`: added, not an invitation).
fn file(booking: &Booking, link: &Link, hosts: &[Host]) -> String {
    ical::render_calendar(&[booking_event(booking, link, hosts)], Method::Publish)
}

/// The `.ics` of a booking of the organization.
pub async fn booking_file(db: &Db, org: &str, id: &BookingId) -> Result<String> {
    let booking = bookings::get(db, org, id).await?;
    let link = links::get(&mut db.read().await?, org, &booking.link_id).await?;
    let hosts = hosts_of(db, org, &booking).await?;
    Ok(file(&booking, &link, &hosts))
}

/// The `.ics` of the booking of a manage token (the attendee's own copy).
pub async fn managed_booking_file(db: &Db, token: &str) -> Result<String> {
    let (org, booking, link) = public::managed(db, token).await?;
    let hosts = hosts_of(db, &org, &booking).await?;
    Ok(file(&booking, &link, &hosts))
}

// ---- feeds -----------------------------------------------------------------------------

/// Prefix of feed tokens (the secret part of a feed's URL).
pub const FEED_TOKEN_PREFIX: &str = "cf_";
/// Feeds an organization may have.
pub const MAX_FEEDS: i64 = 100;
/// How often subscribers are asked to refresh.
pub const FEED_REFRESH_MINUTES: u32 = 15;
/// How far back a feed reaches, and how long a cancelled booking stays in it (as
/// `STATUS:CANCELLED`, so that subscribers drop the event they have).
pub const FEED_HISTORY_DAYS: i64 = 30;
/// The most events one feed holds (the earliest first, from `FEED_HISTORY_DAYS` ago).
pub const FEED_MAX_EVENTS: usize = 2000;

/// Whose bookings a feed shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOf {
    Host(HostId),
    Link(LinkId),
}

/// How much a feed tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Titles, attendees, hosts, locations: for the host's own calendar.
    Full,
    /// Times and status only, "Busy": shareable, no personal data.
    Busy,
}

impl Detail {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Busy => "busy",
        }
    }

    /// The stored name; anything but `full` is `busy` (a feed never shows more than asked).
    pub fn of(stored: &str) -> Self {
        if stored == "full" {
            Self::Full
        } else {
            Self::Busy
        }
    }
}

/// A feed and, when just made, its token (never stored: shown at creation and regeneration).
pub type IssuedFeed = (CalendarFeed, Option<String>);

fn new_feed_token() -> Result<(String, String)> {
    let token = new_secret(FEED_TOKEN_PREFIX)
        .map_err(|e| StorageError::Unavailable(format!("no randomness: {e}")))?;
    let hash = hash_secret(&token);
    Ok((token, hash))
}

const OP: Operation = Operation::CalendarFeedCreate;

/// Create a feed of a host's or a link's bookings. With an idempotency key a replay returns
/// the feed without its token (only its hash is stored).
pub async fn create_feed(
    db: &Db,
    org: &str,
    of: &FeedOf,
    detail: Detail,
    audit: &Audit,
    idem: Option<&Idempotency>,
) -> Result<Created<IssuedFeed>> {
    let (token, hash) = new_feed_token()?;
    let at = now();
    let feed = CalendarFeed {
        id: new_id(Kind::CalendarFeed),
        host_id: match of {
            FeedOf::Host(h) => Some(h.as_str().to_owned()),
            FeedOf::Link(_) => None,
        },
        link_id: match of {
            FeedOf::Link(l) => Some(l.as_str().to_owned()),
            FeedOf::Host(_) => None,
        },
        detail: detail.as_str().to_owned(),
        created_at: at,
        updated_at: at,
    };
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        // The first statement writes (see `Tx`): locking the host or link takes the write lock
        // on SQLite at once and keeps it from being deleted under the new feed.
        let whose = match of {
            FeedOf::Host(h) => {
                hosts::lock(&mut tx, org, h.as_str()).await?;
                format!("host {h}")
            }
            FeedOf::Link(l) => {
                links::lock(&mut tx, org, l.as_str()).await?;
                let link = links::get(&mut tx, org, l.as_str()).await?;
                format!("link {:?}", link.slug)
            }
        };
        feeds::insert(&mut tx, org, &feed, &hash).await?;
        if feeds::count(&mut tx, org).await? > MAX_FEEDS {
            return Err(Error::conflict(
                ErrorCode::LimitReached,
                format!("an organization may have at most {MAX_FEEDS} calendar feeds"),
            ));
        }
        let summary = format!("created a {} calendar feed of {whose}", feed.detail);
        crate::record(
            &mut tx,
            org,
            audit,
            "calendar_feed.created",
            ("calendar_feed", &feed.id),
            summary,
        )
        .await?;
        idempotent::record(&mut tx, org, idem, OP, &(&feed, None::<String>)).await?;
        Ok(Created::new((feed, Some(token))))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

pub async fn get_feed(db: &Db, org: &str, id: &CalendarFeedId) -> Result<CalendarFeed> {
    Ok(feeds::get(&mut db.read().await?, org, id.as_str()).await?)
}

pub async fn list_feeds(db: &Db, org: &str, page: &PageRequest) -> Result<Page<CalendarFeed>> {
    Ok(feeds::list(&mut db.read().await?, org, page).await?)
}

/// A new token for the feed: the old URL stops working when this commits.
pub async fn regenerate_feed_token(
    db: &Db,
    org: &str,
    id: &CalendarFeedId,
    audit: &Audit,
) -> Result<IssuedFeed> {
    let (token, hash) = new_feed_token()?;
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        feeds::set_token(&mut tx, org, id.as_str(), &hash, now()).await?;
        let summary =
            "regenerated the calendar feed's URL (the old one no longer works)".to_owned();
        crate::record(
            &mut tx,
            org,
            audit,
            "calendar_feed.token_regenerated",
            ("calendar_feed", id.as_str()),
            summary,
        )
        .await?;
        Ok((feeds::get(&mut tx, org, id.as_str()).await?, Some(token)))
    }
    .await;
    tx.finish(result).await
}

pub async fn delete_feed(db: &Db, org: &str, id: &CalendarFeedId, audit: &Audit) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        feeds::delete(&mut tx, org, id.as_str()).await?;
        let summary = "deleted a calendar feed (its URL no longer works)".to_owned();
        crate::record(
            &mut tx,
            org,
            audit,
            "calendar_feed.deleted",
            ("calendar_feed", id.as_str()),
            summary,
        )
        .await?;
        Ok(())
    }
    .await;
    tx.finish(result).await
}

/// The feed of a token as iCalendar text at `at`; `NotFound("calendar feed")` for a token
/// that is not (or no longer) a feed's.
pub async fn feed_file(db: &Db, token: &str, at: DateTime<Utc>) -> Result<String> {
    let missing = || Error::NotFound("calendar feed");
    if !token.starts_with(FEED_TOKEN_PREFIX) || token.len() > 100 {
        return Err(missing());
    }
    let hash = hash_secret(token);
    let mut tx = db.read().await?;
    let Some((org, feed, stored)) = feeds::by_token_hash(&mut tx, &hash).await? else {
        return Err(missing());
    };
    if !constant_time_eq(stored.as_bytes(), hash.as_bytes()) {
        return Err(missing());
    }
    let detail = Detail::of(&feed.detail);
    let since = at - Duration::days(FEED_HISTORY_DAYS);
    let filter = BookingFilter {
        link_id: feed.link_id.clone(),
        host_id: feed.host_id.clone(),
        start_from: Some(since),
        ..BookingFilter::default()
    };
    let mut found: Vec<Booking> = Vec::new();
    let mut page = PageRequest::first(100);
    loop {
        let batch = skyslots_storage::bookings::list(&mut tx, &org, &filter, &page).await?;
        found.extend(
            batch
                .items
                .into_iter()
                .filter(|b| b.status.holds_time() || b.cancelled_at.is_some_and(|c| c >= since)),
        );
        match batch.next_cursor {
            Some(cursor) if found.len() < FEED_MAX_EVENTS => {
                page = PageRequest::new(Some(100), Some(&cursor)).map_err(Error::Invalid)?;
            }
            _ => break,
        }
    }
    found.truncate(FEED_MAX_EVENTS);

    let mut link_cache: HashMap<String, Link> = HashMap::new();
    let mut host_cache = HostCache::default();
    // A feed's host or link is deleted with it (ON DELETE CASCADE): both exist here.
    let name = match (&feed.host_id, &feed.link_id) {
        (Some(h), _) => hosts::get(&mut tx, &org, h).await?.name,
        (_, Some(l)) => {
            let link = links::get(&mut tx, &org, l).await?;
            let title = link.title.clone();
            link_cache.insert(l.clone(), link);
            title
        }
        (None, None) => return Err(missing()),
    };
    let mut events = Vec::with_capacity(found.len());
    for booking in &found {
        let event = match detail {
            Detail::Busy => busy_event(booking),
            Detail::Full => {
                if !link_cache.contains_key(&booking.link_id) {
                    let link = links::get(&mut tx, &org, &booking.link_id).await?;
                    link_cache.insert(booking.link_id.clone(), link);
                }
                let booked_hosts = host_cache.of(&mut tx, &org, booking).await?;
                booking_event(booking, &link_cache[&booking.link_id], &booked_hosts)
            }
        };
        events.push(event);
    }
    let title = match detail {
        Detail::Full => format!("{name} (SkySlots)"),
        Detail::Busy => format!("{name}: busy (SkySlots)"),
    };
    let feed = Feed {
        name: title,
        refresh_minutes: FEED_REFRESH_MINUTES,
    };
    Ok(ical::render_feed(&feed, &events))
}
