//! The snapshot: everything the engine needs to decide, loaded by storage in one go.
//!
//! A snapshot is a link's rules plus, per host, the schedule that applies to this link and the
//! host's busy time (busy blocks, bookings of other links, bookings of this link). Storage
//! loads it inside the transaction that will apply the decision; core only reads it.

use chrono::{DateTime, Duration, Utc};

use crate::error::{Invalid, Problems};
use crate::link::LinkRules;
use crate::schedule::Schedule;

/// What keeps a host busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BusyKind {
    /// Time off, an external calendar event: never bookable.
    Blocked,
    /// A booking of another link; its own buffers are carried on the [`Busy`].
    OtherBooking,
    /// A booking of this link, holding `seats`. Bookings of this link with the same start and
    /// end form one session that later attendees may join while seats remain. The link's
    /// current buffers apply to them.
    LinkBooking { seats: u32 },
}

/// One busy interval of a host, `[start, end)`.
///
/// Buffers keep *events* apart, not buffers: the gap between two events must be at least the
/// larger of the two buffers facing each other (a 10-minute buffer after one and a 5-minute
/// buffer before the next need a 10-minute gap, not 15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Busy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Minutes this event needs free before it (other links' bookings only).
    pub buffer_before: u32,
    /// Minutes this event needs free after it (other links' bookings only).
    pub buffer_after: u32,
    pub kind: BusyKind,
}

impl Busy {
    /// Time off or an external event.
    pub fn blocked(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            start,
            end,
            buffer_before: 0,
            buffer_after: 0,
            kind: BusyKind::Blocked,
        }
    }

    /// A booking of another link, with that link's buffers.
    pub fn other_booking(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        buffer_before: u32,
        buffer_after: u32,
    ) -> Self {
        Self {
            start,
            end,
            buffer_before,
            buffer_after,
            kind: BusyKind::OtherBooking,
        }
    }

    /// A booking of the link being queried, holding `seats`.
    pub fn link_booking(start: DateTime<Utc>, end: DateTime<Utc>, seats: u32) -> Self {
        Self {
            start,
            end,
            buffer_before: 0,
            buffer_after: 0,
            kind: BusyKind::LinkBooking { seats },
        }
    }
}

/// A bookable host as the link sees it: its id (opaque to core), the schedule that applies to
/// this link, and its busy time around the period being decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostCalendar {
    pub id: String,
    pub schedule: Schedule,
    pub busy: Vec<Busy>,
}

/// A link's rules and its hosts' calendars, valid by construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    rules: LinkRules,
    hosts: Vec<HostCalendar>,
}

impl Snapshot {
    /// Check the rules and the host list. Busy intervals whose end is not after their start are
    /// ignored rather than refused: they hold no time.
    pub fn new(rules: LinkRules, hosts: Vec<HostCalendar>) -> Result<Self, Invalid> {
        let mut p = Problems::default();
        if let Err(e) = rules.validate() {
            p.absorb(e);
        }
        if let Err(e) = rules.validate_hosts(hosts.len()) {
            p.absorb(e);
        }
        p.finish()?;
        Ok(Self { rules, hosts })
    }

    pub fn rules(&self) -> &LinkRules {
        &self.rules
    }

    pub fn hosts(&self) -> &[HostCalendar] {
        &self.hosts
    }
}

/// The range of busy time storage must load for decisions about slots starting in
/// `[start, end)` under `rules`: enough for buffers and durations (at most a day each) and any
/// time-zone offset, and, when limits or round-robin fairness count sessions, the whole local
/// week around it.
pub fn busy_range(
    rules: &LinkRules,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let counts = rules.daily_limit.is_some()
        || rules.weekly_limit.is_some()
        || rules.assignment == crate::link::Assignment::RoundRobin;
    let margin = Duration::days(if counts { 10 } else { 3 });
    (start - margin, end + margin)
}
