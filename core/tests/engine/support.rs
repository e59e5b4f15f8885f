//! Builders shared by the scenario and property tests.

use chrono::{DateTime, NaiveDate, Utc, Weekday};
use skyslots_core::{
    availability, check_booking, Availability, AvailabilityQuery, BookingRequest, Busy, Decision,
    HostCalendar, LinkRules, Rejection, Schedule, Snapshot, TimeOfDay, TimeRange, Tz, WeeklyRule,
};

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn tod(s: &str) -> TimeOfDay {
    TimeOfDay::parse(s).unwrap()
}

pub fn tz(name: &str) -> Tz {
    name.parse().unwrap()
}

pub const WEEKDAYS: [Weekday; 5] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
];
pub const ALL_DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

pub fn rules_on(days: &[Weekday], start: &str, end: &str) -> Vec<WeeklyRule> {
    days.iter()
        .map(|&weekday| WeeklyRule {
            weekday,
            range: TimeRange::new(tod(start), tod(end)),
        })
        .collect()
}

pub fn schedule(zone: &str, days: &[Weekday], start: &str, end: &str) -> Schedule {
    Schedule::new(zone, &rules_on(days, start, end), &[], &[]).unwrap()
}

pub fn host(id: &str, schedule: Schedule, busy: Vec<Busy>) -> HostCalendar {
    HostCalendar {
        id: id.into(),
        schedule,
        busy,
    }
}

pub fn snapshot(rules: LinkRules, hosts: Vec<HostCalendar>) -> Snapshot {
    Snapshot::new(rules, hosts).unwrap()
}

/// A query in UTC with `now` long before the window.
pub fn query(start: &str, end: &str, duration: u32) -> AvailabilityQuery {
    AvailabilityQuery {
        start: at(start),
        end: at(end),
        duration,
        timezone: Tz::UTC,
        now: at("2026-01-01T00:00:00Z"),
    }
}

pub fn slots(snap: &Snapshot, q: &AvailabilityQuery) -> Availability {
    availability(snap, q).unwrap()
}

/// Slot starts as RFC 3339 strings, for readable assertions.
pub fn starts(a: &Availability) -> Vec<String> {
    a.slots
        .iter()
        .map(|s| s.start.format("%Y-%m-%dT%H:%MZ").to_string())
        .collect()
}

pub fn book(
    snap: &Snapshot,
    start: &str,
    duration: u32,
    seats: u32,
) -> Result<Decision, Rejection> {
    check_booking(
        snap,
        &BookingRequest {
            start: at(start),
            duration,
            seats,
            now: at("2026-01-01T00:00:00Z"),
        },
    )
}
