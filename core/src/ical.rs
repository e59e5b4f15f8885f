//! iCalendar text (RFC 5545) for bookings: invitations, cancellations and feeds.
//!
//! Pure text, no I/O. Times are written in UTC (`…Z`), which every calendar client accepts and
//! which needs no VTIMEZONE. The `icalendar` crate escapes TEXT values and folds lines at 75
//! octets; values it writes verbatim (addresses, parameters) are sanitised here so that a name
//! or email can never inject a property.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

/// A person on an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// Status of a booking as a calendar sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Confirmed,
    /// Awaiting the organizer's confirmation.
    Tentative,
    Cancelled,
}

/// A booking as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingEvent {
    /// Stable across reschedules (a calendar updates the event it already has).
    pub uid: String,
    /// Incremented on every change that the attendee should see (RFC 5545 SEQUENCE).
    pub sequence: u32,
    /// When this version of the event was produced.
    pub stamp: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub state: EventState,
}

/// The iTIP method of a calendar object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A feed or a downloadable file.
    Publish,
    /// An invitation or an update.
    Request,
    /// A cancellation.
    Cancel,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// Render events as one VCALENDAR.
pub fn render_calendar(events: &[BookingEvent], method: Method) -> String {
    calendar(events, method, None)
}

/// Render one event as a calendar object resource for a CalDAV calendar (RFC 4791 §4.1: one
/// UID, and no `METHOD`).
pub fn render_object(event: &BookingEvent) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//SkySlots//SkySlots//EN"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.push(self::event(event));
    cal.done().to_string()
}

/// What a subscribed calendar shows about itself: its name and how often to refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub name: String,
    pub refresh_minutes: u32,
}

/// Render events as a subscribable feed (`METHOD:PUBLISH` with its name, RFC 7986
/// `REFRESH-INTERVAL` and the `X-PUBLISHED-TTL` that Outlook and Google read).
pub fn render_feed(feed: &Feed, events: &[BookingEvent]) -> String {
    calendar(events, Method::Publish, Some(feed))
}

fn calendar(events: &[BookingEvent], method: Method, feed: Option<&Feed>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//SkySlots//SkySlots//EN"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", method.as_str()));
    if let Some(f) = feed {
        // X-WR-CALNAME is what calendar clients show (the crate escapes it as TEXT).
        let name = f.name.replace(['\r', '\n'], " ");
        cal.append_property(Property::new("X-WR-CALNAME", &name).done());
        let every = format!("PT{}M", f.refresh_minutes.max(1));
        let mut refresh = Property::new("REFRESH-INTERVAL", &every);
        refresh.add_parameter("VALUE", "DURATION");
        cal.append_property(refresh.done());
        cal.append_property(("X-PUBLISHED-TTL", every.as_str()));
    }
    for e in events {
        cal.push(event(e));
    }
    cal.done().to_string()
}

/// Render one booking as an invitation, update or cancellation, by its state.
pub fn render_booking(event: &BookingEvent) -> String {
    let method = match event.state {
        EventState::Cancelled => Method::Cancel,
        _ => Method::Request,
    };
    render_calendar(std::slice::from_ref(event), method)
}

fn event(e: &BookingEvent) -> Event {
    // with_uid, not new(): new() draws a random UID we would only overwrite.
    let mut ev = Event::with_uid(&e.uid);
    ev.sequence(e.sequence)
        .timestamp(e.stamp)
        .starts(e.start)
        .ends(e.end)
        .summary(&e.summary)
        .status(match e.state {
            EventState::Confirmed => EventStatus::Confirmed,
            EventState::Tentative => EventStatus::Tentative,
            EventState::Cancelled => EventStatus::Cancelled,
        });
    if let Some(d) = &e.description {
        ev.description(d);
    }
    if let Some(l) = &e.location {
        ev.location(l);
    }
    if let Some(u) = &e.url {
        ev.url(&address(u));
    }
    if let Some(o) = &e.organizer {
        ev.append_property(person("ORGANIZER", o));
    }
    for a in &e.attendees {
        let mut p = person("ATTENDEE", a);
        p.add_parameter("ROLE", "REQ-PARTICIPANT");
        let partstat = if e.state == EventState::Cancelled {
            "DECLINED"
        } else {
            "ACCEPTED"
        };
        p.add_parameter("PARTSTAT", partstat);
        ev.append_multi_property(p);
    }
    ev.done()
}

fn person(key: &str, p: &Person) -> Property {
    let mut prop = Property::new(key, format!("mailto:{}", address(&p.email)));
    if !p.name.trim().is_empty() {
        prop.add_parameter("CN", &param(&p.name));
    }
    prop.done()
}

/// A value written verbatim: no control characters, spaces or quotes.
fn address(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace() && !matches!(c, '"' | ';' | ',' | '\\'))
        .collect()
}

/// A parameter value: no control characters, no double quotes (RFC 5545 forbids them there).
fn param(value: &str) -> String {
    value
        .chars()
        .map(|c| if c == '"' { '\'' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn booking() -> BookingEvent {
        BookingEvent {
            uid: "bkg_01HXYZ@skyslots".into(),
            sequence: 2,
            stamp: at("2026-11-21T10:00:00Z"),
            start: at("2026-12-01T15:00:00Z"),
            end: at("2026-12-01T15:30:00Z"),
            summary: "Intro call, with Ada; notes".into(),
            description: Some("Line one\nLine two".into()),
            location: Some("https://meet.example.com/abc".into()),
            url: None,
            organizer: Some(Person {
                name: "Ada Lovelace".into(),
                email: "ada@example.com".into(),
            }),
            attendees: vec![Person {
                name: "Grace \"Amazing\" Hopper".into(),
                email: "grace@example.com".into(),
            }],
            state: EventState::Confirmed,
        }
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn renders_an_invitation() {
        let text = render_booking(&booking());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let text = unfold(&text);
        for line in [
            "VERSION:2.0",
            "PRODID:-//SkySlots//SkySlots//EN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:bkg_01HXYZ@skyslots",
            "SEQUENCE:2",
            "DTSTAMP:20261121T100000Z",
            "DTSTART:20261201T150000Z",
            "DTEND:20261201T153000Z",
            "SUMMARY:Intro call\\, with Ada\\; notes",
            "DESCRIPTION:Line one\\nLine two",
            "STATUS:CONFIRMED",
            "ORGANIZER;CN=Ada Lovelace:mailto:ada@example.com",
            "ATTENDEE;CN=Grace 'Amazing' Hopper;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:grace@example.com",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line:?} in\n{text}");
        }
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
    }

    #[test]
    fn a_feed_names_itself_and_says_how_often_to_refresh() {
        let feed = Feed {
            name: "Ada, bookings\nand more".into(),
            refresh_minutes: 15,
        };
        let text = unfold(&render_feed(&feed, &[booking(), booking()]));
        for line in [
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Ada\\, bookings and more",
            "REFRESH-INTERVAL;VALUE=DURATION:PT15M",
            "X-PUBLISHED-TTL:PT15M",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(!render_calendar(&[booking()], Method::Publish).contains("REFRESH-INTERVAL"));
    }

    #[test]
    fn cancellation_uses_method_cancel_and_status_cancelled() {
        let mut b = booking();
        b.state = EventState::Cancelled;
        b.sequence = 3;
        let text = unfold(&render_booking(&b));
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains("SEQUENCE:3\r\n"));
        assert!(text.contains("PARTSTAT=DECLINED"));
    }

    #[test]
    fn hostile_names_and_emails_cannot_inject_properties() {
        let mut b = booking();
        b.attendees = vec![Person {
            name: "Eve\r\nATTENDEE:mailto:x@evil.test".into(),
            email: "eve@example.com\r\nSTATUS:CANCELLED".into(),
        }];
        b.summary = "Hi\r\nEND:VEVENT".into();
        let text = render_booking(&b);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.iter().filter(|l| l.starts_with("STATUS")).count(), 1);
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("END:VEVENT")).count(),
            1
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("ATTENDEE")).count(),
            1
        );
    }

    #[test]
    fn long_lines_are_folded_at_75_octets() {
        let mut b = booking();
        b.description = Some("é".repeat(200));
        let text = render_booking(&b);
        assert!(text.split("\r\n").all(|l| l.len() <= 75), "{text}");
        assert!(unfold(&text).contains(&format!("DESCRIPTION:{}", "é".repeat(200))));
    }

    #[test]
    fn feed_holds_several_events() {
        let mut second = booking();
        second.uid = "bkg_2@skyslots".into();
        let text = render_calendar(&[booking(), second], Method::Publish);
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert!(text.contains("METHOD:PUBLISH"));
    }
}
