//! Bookings as calendar events: the `.ics` file of one booking that an attendee or an
//! integrator adds to a calendar (and that confirmation emails attach). Building the event
//! is a decision of what a calendar shows; rendering RFC 5545 text is the core's.

use skyslots_core::ical::{self, BookingEvent, EventState, Method, Person};
use skyslots_storage::ids::BookingId;
use skyslots_storage::model::{Booking, BookingStatus, Host, Link};
use skyslots_storage::{hosts, links, Db};

use crate::{bookings, public, Result};

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
        uid: booking.ical_uid.clone(),
        sequence: booking.ical_sequence,
        stamp: booking.updated_at,
        start: booking.start,
        end: booking.end,
        summary,
        description: link.description.clone().filter(|d| !d.trim().is_empty()),
        location,
        url: None,
        organizer: hosts.first().map(|h| person(&h.name, &h.email)),
        attendees,
        state: match booking.status {
            BookingStatus::Pending => EventState::Tentative,
            BookingStatus::Confirmed => EventState::Confirmed,
            BookingStatus::Cancelled => EventState::Cancelled,
        },
    }
}

/// The hosts of a booking that still exist (a host deleted since is left out).
async fn hosts_of(db: &Db, org: &str, booking: &Booking) -> Result<Vec<Host>> {
    let mut tx = db.read().await?;
    let mut found = Vec::with_capacity(booking.host_ids.len());
    for id in &booking.host_ids {
        match hosts::get(&mut tx, org, id).await {
            Ok(h) => found.push(h),
            Err(skyslots_storage::StorageError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(found)
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
