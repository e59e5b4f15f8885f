//! Emails: one more consumer of the outbox. When the sequencer numbers an event that calls
//! for messages (a booking made, confirmed, moved, cancelled or declined; a one-time link
//! made), it records, in the same transaction, one email per recipient — and the reminders
//! and follow-up of a booking that stands, each due at its own time — with one job per email
//! (`Job::SendEmail`). So an email exists exactly once per change, whichever instance
//! numbered it, and survives restarts.
//!
//! The job renders the message when it is due, from the booking as it is then: a reminder
//! for a booking cancelled or moved since is skipped (recorded as `skipped`, never sent for
//! the old time). It sends outside any transaction and records the outcome in one that first
//! checks the job's lease, like webhook deliveries: a worker killed mid-send leaves the
//! message to be sent again after the lease (at least once; the `Message-ID` stays the same).
//! A transient failure (a 4xx reply, no connection) is retried with backoff; a permanent one
//! (5xx) fails the email at once.
//!
//! SMTP is not this crate's business: the worker hands a [`Message`] to a [`Mailer`], which
//! the service implements (lettre over SMTP, or `.eml` files in an outbox directory).

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use skyslots_core::ical::{self, Method};
use skyslots_core::{Invalid, InvalidReason};
use skyslots_storage::emails::{
    self as rows, Email, EmailFilter, EmailStatus, Outcome, RecipientRole,
};
use skyslots_storage::events::{self as event_rows, StoredEvent};
use skyslots_storage::ids::{new_id, EmailId, Kind};
use skyslots_storage::jobs::{self as job_rows, StoredJob};
use skyslots_storage::one_time_links::{self as one_time_rows, OneTimeLink, OneTimeStatus};
use skyslots_storage::{
    bookings as booking_rows, links as link_rows, organizations, Booking, BookingStatus, Db,
    EmailKind, EmailSettings, Host, Link, Page, PageRequest, StorageError, Tx,
};

use crate::calendar::{booking_event, HostCache};
use crate::email_templates::{self as templates, instant, when, Rendered};
use crate::events::{self, EventRecord, Object};
use crate::jobs::{self, Job, Worker};
use crate::links::now as clock_now;
use crate::{Error, Result};

/// Most reminders a link may have.
pub const MAX_REMINDERS: usize = 5;
/// Furthest a reminder may be before the start, or a follow-up after the end (30 days).
pub const MAX_OFFSET_MINUTES: u32 = 30 * 24 * 60;
/// Attempts before a transiently failing email fails for good (about 3 hours of backoff).
pub const MAX_ATTEMPTS: i32 = 10;
/// Longest URL template of an organization.
pub const MAX_URL: usize = 2_000;

// ---- the port ----------------------------------------------------------------------------

/// A calendar object sent with a message (`text/calendar; method=…` attachment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPart {
    /// `REQUEST` or `CANCEL`.
    pub method: &'static str,
    pub body: String,
}

/// One message, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The email's id: the `Message-ID` is made from it, so a message sent twice (after a
    /// crash mid-send) is recognisably the same.
    pub email_id: String,
    pub to_name: Option<String>,
    pub to_email: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub calendar: Option<CalendarPart>,
}

/// What handing a message over came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// Accepted (by the SMTP server, or written to the outbox), with the `Message-ID`.
    Accepted { message_id: String },
    /// Worth another try later (a 4xx reply, no connection, a timeout).
    Transient(String),
    /// Refused for good (a 5xx reply, an address the server will not take).
    Permanent(String),
}

/// How the worker sends mail. The service implements it (SMTP, or the outbox directory).
pub trait Mailer: Send + Sync {
    fn send(&self, message: &Message) -> impl std::future::Future<Output = Sent> + Send;
}

// ---- rules -------------------------------------------------------------------------------

/// A link's email settings are valid: reminders 1 minute to 30 days before the start, at most
/// five and each once; a follow-up 0 minutes to 30 days after the end.
pub fn check_settings(s: &EmailSettings) -> std::result::Result<(), Invalid> {
    if s.reminders.len() > MAX_REMINDERS {
        return Err(Invalid::one(
            "emails.reminders",
            InvalidReason::TooMany(MAX_REMINDERS),
        ));
    }
    let range = InvalidReason::OutOfRange {
        min: 1,
        max: i64::from(MAX_OFFSET_MINUTES),
    };
    for (i, m) in s.reminders.iter().enumerate() {
        if *m == 0 || *m > MAX_OFFSET_MINUTES {
            return Err(Invalid::one(format!("emails.reminders[{i}]"), range));
        }
        if s.reminders[..i].contains(m) {
            return Err(Invalid::one(
                format!("emails.reminders[{i}]"),
                InvalidReason::Duplicate,
            ));
        }
    }
    if s.follow_up.is_some_and(|m| m > MAX_OFFSET_MINUTES) {
        return Err(Invalid::one(
            "emails.follow_up",
            InvalidReason::OutOfRange {
                min: 0,
                max: i64::from(MAX_OFFSET_MINUTES),
            },
        ));
    }
    for (i, k) in s.off.iter().enumerate() {
        if s.off[..i].contains(k) {
            return Err(Invalid::one(
                format!("emails.off[{i}]"),
                InvalidReason::Duplicate,
            ));
        }
    }
    Ok(())
}

/// An organization's URL template (`manage_url`, `invitation_url`): http(s), with `{token}`
/// where the token goes, a valid URL once it is filled in.
pub fn check_url_template(field: &str, template: &str) -> Result<()> {
    let bad = |why: &'static str| Error::field(field, InvalidReason::Inconsistent(why));
    if template.len() > MAX_URL {
        return Err(Error::field(
            field,
            InvalidReason::OutOfRange {
                min: 1,
                max: i64::try_from(MAX_URL).unwrap_or(i64::MAX),
            },
        ));
    }
    if !template.contains("{token}") {
        return Err(bad("must contain {token}, where the token goes"));
    }
    let filled = fill(template, "mt_sample");
    match url::Url::parse(&filled) {
        Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => Ok(()),
        _ => Err(bad("must be an http or https URL")),
    }
}

/// `template` with `{token}` replaced by the token (URL-safe already).
fn fill(template: &str, token: &str) -> String {
    template.replace("{token}", token)
}

// ---- fan-out -----------------------------------------------------------------------------

/// One email to record.
struct Planned {
    kind: EmailKind,
    role: RecipientRole,
    to_email: String,
    to_name: Option<String>,
    host_id: Option<String>,
    send_at: DateTime<Utc>,
    booking_start: Option<DateTime<Utc>>,
}

/// What one event calls for.
fn plan(
    event: &EventRecord,
    booking: &Booking,
    link: &Link,
    hosts: &[Host],
    now: DateTime<Utc>,
) -> Vec<Planned> {
    use EmailKind as K;
    let attendee = |kind| Planned {
        kind,
        role: RecipientRole::Attendee,
        to_email: booking.attendee.email.clone(),
        to_name: Some(booking.attendee.name.clone()),
        host_id: None,
        send_at: now,
        booking_start: None,
    };
    let to_hosts = |kind| {
        hosts.iter().map(move |h| Planned {
            kind,
            role: RecipientRole::Host,
            to_email: h.email.clone(),
            to_name: Some(h.name.clone()),
            host_id: Some(h.id.clone()),
            send_at: now,
            booking_start: None,
        })
    };
    let mut out: Vec<Planned> = Vec::new();
    let mut stands = false;
    match event.event_type.as_str() {
        // Nothing until paid: the payment confirms it (`booking.confirmed`).
        "booking.created" if booking.status == BookingStatus::AwaitingPayment => {}
        "booking.created" if booking.status == BookingStatus::Pending => {
            out.push(attendee(K::BookingPending));
            out.extend(to_hosts(K::HostBookingCreated));
        }
        "booking.created" => {
            out.push(attendee(K::BookingConfirmation));
            out.extend(to_hosts(K::HostBookingCreated));
            stands = true;
        }
        "booking.confirmed" => {
            out.push(attendee(K::BookingConfirmation));
            // Confirmed by its payment: the hosts hear of it now (nothing went out while it
            // awaited payment). On a link that requires confirmation they heard when it was
            // paid, and confirmed it themselves.
            if !link.requires_confirmation
                && crate::payments::collects(link, booking.price.as_ref()).is_some()
            {
                out.extend(to_hosts(K::HostBookingCreated));
            }
            stands = true;
        }
        "booking.rescheduled" => {
            out.push(attendee(K::BookingRescheduled));
            out.extend(to_hosts(K::HostBookingRescheduled));
            stands = booking.status == BookingStatus::Confirmed;
        }
        "booking.cancelled" => {
            out.push(attendee(K::BookingCancelled));
            out.extend(to_hosts(K::HostBookingCancelled));
        }
        "booking.declined" => out.push(attendee(K::BookingDeclined)),
        _ => {}
    }
    if stands {
        // Never for a time already past: a booking made 30 minutes ahead gets no 1-hour
        // reminder.
        for m in &link.emails.reminders {
            let at = booking.start - Duration::minutes(i64::from(*m));
            if at > now {
                out.push(Planned {
                    send_at: at,
                    booking_start: Some(booking.start),
                    ..attendee(K::BookingReminder)
                });
            }
        }
        if let Some(m) = link.emails.follow_up {
            out.push(Planned {
                send_at: booking.end + Duration::minutes(i64::from(m)),
                booking_start: Some(booking.start),
                ..attendee(K::BookingFollowUp)
            });
        }
    }
    out.retain(|p| link.emails.sends(p.kind));
    out
}

/// In the sequencer's transaction: record the emails the just-numbered events call for, each
/// with its job. Returns how many.
pub(crate) async fn fan_out(
    tx: &mut Tx,
    numbered: &[StoredEvent],
    now: DateTime<Utc>,
) -> Result<usize> {
    let wanted = |t: &str| {
        t.starts_with("booking.") || t == "one_time_link.created" || t == "payment.succeeded"
    };
    let mut made = 0;
    let mut links: Vec<(String, String, Option<Link>)> = Vec::new();
    let mut hosts = HostCache::default();
    let mut invites: Vec<(String, bool)> = Vec::new();
    for stored in numbered.iter().filter(|e| wanted(&e.event_type)) {
        let org = stored.organization_id.as_str();
        let event = events::record(stored.clone())?;
        let link_id = match &event.object {
            Object::Booking(b) => b.link_id.clone(),
            Object::OneTimeLink(l) => l.link_id.clone(),
            Object::Payment(p) => p.link_id.clone(),
            _ => continue,
        };
        let link = match links.iter().find(|(o, id, _)| o == org && *id == link_id) {
            Some((_, _, l)) => l.clone(),
            None => {
                let found = match link_rows::get(tx, org, &link_id).await {
                    Ok(l) => Some(l),
                    Err(StorageError::NotFound(_)) => None,
                    Err(e) => return Err(e.into()),
                };
                links.push((org.to_owned(), link_id.clone(), found.clone()));
                found
            }
        };
        // A link deleted since sends nothing.
        let Some(link) = link else { continue };
        let (planned, booking_id, one_time_id) = match &event.object {
            Object::Booking(b) => {
                let hs = hosts.of(tx, org, b).await?;
                (plan(&event, b, &link, &hs, now), Some(b.id.clone()), None)
            }
            // Paid on a link that requires confirmation: the request now waits for the
            // organization, and says so as an unpaid one would have at once. (Paid and
            // confirmed, `booking.confirmed` sends the confirmation.)
            Object::Payment(p) => {
                let b = match skyslots_storage::bookings::get(tx, org, &p.booking_id).await {
                    Ok(b) => b,
                    Err(StorageError::NotFound(_)) => continue,
                    Err(e) => return Err(e.into()),
                };
                if b.status != BookingStatus::Pending {
                    continue;
                }
                let hs = hosts.of(tx, org, &b).await?;
                let as_created = EventRecord {
                    event_type: "booking.created".into(),
                    object: Object::Booking(b.clone()),
                    ..event.clone()
                };
                (
                    plan(&as_created, &b, &link, &hs, now),
                    Some(b.id.clone()),
                    None,
                )
            }
            Object::OneTimeLink(l) => {
                // Only where the organization says where recipients book.
                let invites = match invites.iter().find(|(o, _)| o == org) {
                    Some((_, yes)) => *yes,
                    None => {
                        let yes = organizations::get(tx, org).await?.invitation_url.is_some();
                        invites.push((org.to_owned(), yes));
                        yes
                    }
                };
                if !invites {
                    continue;
                }
                let p = Planned {
                    kind: EmailKind::OneTimeLinkInvitation,
                    role: RecipientRole::Recipient,
                    to_email: l.recipient_email.clone(),
                    to_name: l.recipient_name.clone(),
                    host_id: None,
                    send_at: now,
                    booking_start: None,
                };
                let sends = link.emails.sends(p.kind);
                (
                    sends.then_some(p).into_iter().collect(),
                    None,
                    Some(l.id.clone()),
                )
            }
            _ => continue,
        };
        let created = clock_now();
        for p in planned {
            let email = Email {
                id: new_id(Kind::Email),
                kind: p.kind,
                recipient_email: p.to_email,
                recipient_name: p.to_name,
                recipient_role: p.role,
                host_id: p.host_id,
                booking_id: booking_id.clone(),
                one_time_link_id: one_time_id.clone(),
                link_id: Some(link.id.clone()),
                event_id: Some(event.id.clone()),
                booking_start: p.booking_start,
                status: EmailStatus::Pending,
                send_at: p.send_at,
                attempts: 0,
                last_error: None,
                subject: None,
                message_id: None,
                sent_at: None,
                created_at: created,
                updated_at: created,
            };
            rows::insert(tx, org, &email).await?;
            let job = Job::SendEmail {
                email_id: email.id.clone(),
            };
            jobs::schedule(tx, org, &job, p.send_at).await?;
            made += 1;
        }
    }
    Ok(made)
}

// ---- sending -----------------------------------------------------------------------------

/// What an email comes to before anything is sent.
enum Prepared {
    Send(Box<Message>),
    /// It no longer applies: why.
    Skip(String),
    /// It cannot be made (a template that no longer renders): why.
    Fail(String),
}

/// Why a booking email no longer applies to the booking as it is now, if it does not.
fn stale(email: &Email, booking: &Booking, now: DateTime<Utc>) -> Option<String> {
    use EmailKind as K;
    let status = booking.status;
    let moved = email.booking_start.is_some_and(|s| s != booking.start);
    match email.kind {
        K::BookingConfirmation if status != BookingStatus::Confirmed => {
            Some(format!("the booking is {}", status.as_str()))
        }
        K::BookingPending if status != BookingStatus::Pending => {
            Some(format!("the booking is {}", status.as_str()))
        }
        K::BookingRescheduled | K::HostBookingRescheduled | K::HostBookingCreated
            if status == BookingStatus::Cancelled =>
        {
            Some("the booking was cancelled".into())
        }
        K::BookingReminder | K::BookingFollowUp if status != BookingStatus::Confirmed => {
            Some(format!("the booking is {}", status.as_str()))
        }
        K::BookingReminder | K::BookingFollowUp if moved => {
            Some("the booking was moved; its new time has its own".into())
        }
        K::BookingReminder if now >= booking.start => Some("the booking has started".into()),
        _ => None,
    }
}

/// The calendar object a booking email carries: an invitation or update (`REQUEST`, the
/// booking's SEQUENCE) or a cancellation (`CANCEL`), so calendars update the same event.
fn calendar_part(
    email: &Email,
    booking: &Booking,
    link: &Link,
    hosts: &[Host],
) -> Option<CalendarPart> {
    use EmailKind as K;
    let method = match email.kind {
        K::BookingConfirmation | K::BookingRescheduled | K::HostBookingRescheduled => {
            Method::Request
        }
        K::HostBookingCreated if booking.status == BookingStatus::Confirmed => Method::Request,
        K::BookingCancelled | K::HostBookingCancelled => Method::Cancel,
        _ => return None,
    };
    let event = booking_event(booking, link, hosts);
    Some(CalendarPart {
        method: match method {
            Method::Cancel => "CANCEL",
            _ => "REQUEST",
        },
        body: ical::render_calendar(std::slice::from_ref(&event), method),
    })
}

/// The context of a booking email.
#[allow(clippy::too_many_arguments)]
fn booking_context(
    email: &Email,
    organization: &str,
    booking: &Booking,
    link: &Link,
    hosts: &[Host],
    previous: Option<&Booking>,
    manage_url: Option<String>,
    calendar_url: Option<String>,
) -> Value {
    // Each recipient reads times in their own zone: the attendee's, or the host's.
    let timezone = match email.recipient_role {
        RecipientRole::Host => hosts
            .iter()
            .find(|h| Some(&h.id) == email.host_id.as_ref())
            .map_or(booking.attendee.timezone.as_str(), |h| h.timezone.as_str()),
        _ => booking.attendee.timezone.as_str(),
    };
    let names: Vec<&str> = hosts.iter().map(|h| h.name.as_str()).collect();
    let event = booking_event(booking, link, hosts);
    let mut ctx = json!({
        "kind": email.kind.as_str(),
        "organization": {"name": organization},
        "recipient": {
            "name": email.recipient_name.clone().unwrap_or_else(|| email.recipient_email.clone()),
            "email": email.recipient_email,
            "role": email.recipient_role.as_str(),
        },
        "link": {"title": link.title, "description": link.description},
        "booking": {
            "id": booking.id,
            "status": booking.status.as_str(),
            "title": event.summary,
            "when": when(booking.start, booking.end, timezone),
            "duration_minutes": (booking.end - booking.start).num_minutes(),
            "location": event.location,
            "hosts": names.join(", "),
            "seats": booking.seats,
            "attendee": {
                "name": booking.attendee.name,
                "email": booking.attendee.email,
                "timezone": booking.attendee.timezone,
            },
            "cancel_reason": booking.cancel_reason,
        },
        "manage_url": manage_url,
        "calendar_url": calendar_url,
    });
    if let Some(p) = previous {
        ctx["previous"] = json!({"when": when(p.start, p.end, timezone)});
    }
    if email.kind == EmailKind::BookingReminder {
        let minutes = email
            .booking_start
            .map(|s| (s - email.send_at).num_minutes());
        ctx["reminder"] = json!({"minutes_before": minutes});
    }
    ctx
}

/// Read what the email needs and decide: send (rendered), skip, or fail.
async fn prepare<T, M>(
    conn: &mut Tx,
    org: &str,
    email: &Email,
    worker: &Worker<'_, T, M>,
    now: DateTime<Utc>,
) -> Result<Prepared> {
    let organization = organizations::get(conn, org).await?;
    let link_id = email.link_id.as_deref().unwrap_or_default();
    let link = match link_rows::get(conn, org, link_id).await {
        Ok(l) => l,
        Err(StorageError::NotFound(_)) => return Ok(Prepared::Skip("the link was deleted".into())),
        Err(e) => return Err(e.into()),
    };
    if !link.emails.sends(email.kind) {
        return Ok(Prepared::Skip(format!(
            "the link no longer sends {}",
            email.kind.as_str()
        )));
    }
    let template = templates::get_in(conn, org, email.kind).await?;
    let (context, calendar) = if email.kind == EmailKind::OneTimeLinkInvitation {
        let id = email.one_time_link_id.as_deref().unwrap_or_default();
        let one: OneTimeLink = match one_time_rows::get(conn, org, link_id, id, now).await {
            Ok(o) => o,
            Err(StorageError::NotFound(_)) => {
                return Ok(Prepared::Skip("the one-time link was deleted".into()))
            }
            Err(e) => return Err(e.into()),
        };
        if one.status != OneTimeStatus::Active {
            return Ok(Prepared::Skip(format!(
                "the one-time link is {}",
                one.status.as_str()
            )));
        }
        let Some(url_template) = organization.invitation_url.as_deref() else {
            return Ok(Prepared::Skip(
                "the organization has no invitation_url to send the link to".into(),
            ));
        };
        let Some((hash, sealed)) = one_time_rows::sealed_token(conn, org, id).await? else {
            return Ok(Prepared::Skip(
                "the one-time link's token was not kept".into(),
            ));
        };
        let token = worker.secrets.open(&sealed, &hash)?;
        let ctx = json!({
            "kind": email.kind.as_str(),
            "organization": {"name": organization.name},
            "recipient": {
                "name": email.recipient_name.clone().unwrap_or_else(|| email.recipient_email.clone()),
                "email": email.recipient_email,
                "role": email.recipient_role.as_str(),
            },
            "link": {"title": link.title, "description": link.description},
            "invitation": {
                "url": fill(url_template, &token),
                "expires": instant(one.expires_at, "UTC"),
            },
        });
        (ctx, None)
    } else {
        let id = email.booking_id.as_deref().unwrap_or_default();
        let booking = match booking_rows::get(conn, org, id).await {
            Ok(b) => b,
            Err(StorageError::NotFound(_)) => {
                return Ok(Prepared::Skip("the booking was deleted".into()))
            }
            Err(e) => return Err(e.into()),
        };
        if let Some(why) = stale(email, &booking, now) {
            return Ok(Prepared::Skip(why));
        }
        let hosts = HostCache::default().of(conn, org, &booking).await?;
        let previous = previous_of(conn, org, email).await?;
        // The attendee's own links: the manage page (when the organization has one) and the
        // calendar file, both through the booking's manage token (guest bookings only).
        let token = match email.recipient_role {
            RecipientRole::Attendee => {
                match booking_rows::sealed_manage_token(conn, org, id).await? {
                    Some((hash, sealed)) => Some(worker.secrets.open(&sealed, &hash)?),
                    None => None,
                }
            }
            _ => None,
        };
        let manage_url = token
            .as_deref()
            .zip(organization.manage_url.as_deref())
            .map(|(t, tpl)| fill(tpl, t));
        let calendar_url = token
            .as_deref()
            .map(|t| format!("{}/v1/public/bookings/{t}/ics", worker.public_url));
        let ctx = booking_context(
            email,
            &organization.name,
            &booking,
            &link,
            &hosts,
            previous.as_ref(),
            manage_url,
            calendar_url,
        );
        (ctx, calendar_part(email, &booking, &link, &hosts))
    };
    let rendered: Rendered = match templates::render(&template, &context) {
        Ok(r) => r,
        Err(e) => return Ok(Prepared::Fail(e.to_string())),
    };
    Ok(Prepared::Send(Box::new(Message {
        email_id: email.id.clone(),
        to_name: email.recipient_name.clone(),
        to_email: email.recipient_email.clone(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        calendar,
    })))
}

/// The booking before the change, for a rescheduled email (while its event is retained).
async fn previous_of(conn: &mut Tx, org: &str, email: &Email) -> Result<Option<Booking>> {
    if !matches!(
        email.kind,
        EmailKind::BookingRescheduled | EmailKind::HostBookingRescheduled
    ) {
        return Ok(None);
    }
    let Some(event_id) = email.event_id.as_deref() else {
        return Ok(None);
    };
    match event_rows::get(conn, org, event_id).await {
        Ok(stored) => Ok(match events::record(stored)?.previous {
            Some(Object::Booking(b)) => Some(b),
            _ => None,
        }),
        Err(StorageError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Run the job of email `email_id`: decide, send outside any transaction, record. `Ok(false)`
/// if its lease was taken over.
pub(crate) async fn send<T, M: Mailer>(
    db: &Db,
    worker: &Worker<'_, T, M>,
    job: &StoredJob,
    org: &str,
    email_id: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let lease = job.lease_until.unwrap_or_default();
    let mut conn = db.read().await?;
    let email = match rows::get(&mut conn, org, email_id).await {
        Ok(e) if e.status == EmailStatus::Pending => e,
        // Gone with its organization, or settled already: nothing to do.
        Ok(_) | Err(StorageError::NotFound(_)) => {
            drop(conn);
            return finish(db, job, lease, org, None, now).await;
        }
        Err(e) => return Err(e.into()),
    };
    let prepared = prepare(&mut conn, org, &email, worker, now).await?;
    drop(conn);
    let attempts = email.attempts + 1;
    let (status, error, subject, message_id) = match prepared {
        Prepared::Skip(why) => (EmailStatus::Skipped, Some(why), None, None),
        Prepared::Fail(why) => (EmailStatus::Failed, Some(why), None, None),
        Prepared::Send(message) => {
            let subject = Some(message.subject.clone());
            match worker.mailer.send(&message).await {
                Sent::Accepted { message_id } => {
                    (EmailStatus::Sent, None, subject, Some(message_id))
                }
                Sent::Permanent(why) => (EmailStatus::Failed, Some(why), subject, None),
                Sent::Transient(why) if attempts >= MAX_ATTEMPTS => (
                    EmailStatus::Failed,
                    Some(format!("{why} (after {attempts} attempts)")),
                    subject,
                    None,
                ),
                Sent::Transient(why) => (EmailStatus::Pending, Some(why), subject, None),
            }
        }
    };
    // Only a message handed to the mailer counts as an attempt.
    let tried = subject.is_some();
    let outcome = Outcome {
        status,
        attempts: if tried { attempts } else { email.attempts },
        last_error: error.as_deref(),
        subject: subject.as_deref(),
        message_id: message_id.as_deref(),
        sent_at: (status == EmailStatus::Sent).then_some(now),
        send_at: if status == EmailStatus::Pending {
            now + jobs::backoff(attempts)
        } else {
            email.send_at
        },
    };
    finish(db, job, lease, org, Some((email_id, &outcome)), now).await
}

/// Record `outcome` (if any) and settle the job, in a transaction that first checks the
/// job's lease is still this worker's.
async fn finish(
    db: &Db,
    job: &StoredJob,
    lease: i64,
    org: &str,
    outcome: Option<(&str, &Outcome<'_>)>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !job_rows::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        match outcome {
            Some((id, o)) => {
                rows::record(&mut tx, org, id, o, now).await?;
                if o.status == EmailStatus::Pending {
                    let why = o.last_error.unwrap_or("retry");
                    job_rows::retry(&mut tx, &job.id, o.send_at, why).await?;
                } else {
                    job_rows::complete(&mut tx, &job.id).await?;
                }
            }
            None => job_rows::complete(&mut tx, &job.id).await?,
        }
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

// ---- reads -------------------------------------------------------------------------------

pub async fn list(
    db: &Db,
    org: &str,
    filter: &EmailFilter,
    page: &PageRequest,
) -> Result<Page<Email>> {
    Ok(rows::list(&mut db.read().await?, org, filter, page).await?)
}

/// Forget settled emails last changed before `before` (retention); returns how many.
pub async fn purge(db: &Db, before: DateTime<Utc>) -> Result<usize> {
    Ok(rows::purge(&mut db.read().await?, before).await?)
}

pub async fn get(db: &Db, org: &str, id: &EmailId) -> Result<Email> {
    Ok(rows::get(&mut db.read().await?, org, id.as_str()).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_settings_are_bounded() {
        let ok = EmailSettings {
            off: vec![EmailKind::BookingFollowUp],
            reminders: vec![1440, 60],
            follow_up: Some(30),
        };
        assert!(check_settings(&ok).is_ok());
        let twice = EmailSettings {
            reminders: vec![60, 60],
            ..EmailSettings::default()
        };
        assert!(check_settings(&twice).is_err());
        let zero = EmailSettings {
            reminders: vec![0],
            ..EmailSettings::default()
        };
        assert!(check_settings(&zero).is_err());
        let many = EmailSettings {
            reminders: (1..=6).collect(),
            ..EmailSettings::default()
        };
        assert!(check_settings(&many).is_err());
    }

    #[test]
    fn url_templates_need_a_token_and_a_web_url() {
        assert!(check_url_template("manage_url", "https://example.com/m/{token}").is_ok());
        assert!(check_url_template("manage_url", "https://example.com/m?t={token}").is_ok());
        assert!(check_url_template("manage_url", "https://example.com/m").is_err());
        assert!(check_url_template("manage_url", "javascript:{token}").is_err());
        assert!(check_url_template("manage_url", "{token}").is_err());
    }
}
