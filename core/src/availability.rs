//! Availability: the slots a link offers in a window. Computed, never stored.
//!
//! A slot is a start on the grid of some host's schedule (see [`crate::engine`]) whose whole
//! booking lies inside that schedule, that starts within the window, no sooner than the
//! minimum notice and no later than the horizon, and that the assignment rule accepts for one
//! seat. Slots come sorted by start. The viewer's time zone changes only how slots are shown
//! ([`Availability::local_slots`]), never which slots there are.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::engine::{Cursor, Engine, Need};
use crate::error::{Invalid, InvalidReason, Problems};
use crate::snapshot::Snapshot;
use crate::time::{from_ts, instant_supported, to_ts, to_ts_ceil, years_reason, Ts, MINUTE};

/// Longest window one availability query may cover.
pub const MAX_WINDOW_DAYS: i64 = 100;

/// An availability question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityQuery {
    /// Slots starting at or after this instant...
    pub start: DateTime<Utc>,
    /// ...and before this one.
    pub end: DateTime<Utc>,
    /// One of the link's durations, in minutes.
    pub duration: u32,
    /// The viewer's time zone, for display.
    pub timezone: Tz,
    /// The current time, for minimum notice and horizon.
    pub now: DateTime<Utc>,
}

/// One bookable start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Seats a booking can still take here (at least 1). With round robin, the most any one
    /// host has left; with collective hosts, the fewest.
    pub seats_remaining: u32,
}

/// A slot in the viewer's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalSlot {
    pub start: DateTime<Tz>,
    pub end: DateTime<Tz>,
    pub seats_remaining: u32,
}

/// The answer to an [`AvailabilityQuery`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub timezone: Tz,
    pub slots: Vec<Slot>,
}

impl Availability {
    /// The slots with their times in the viewer's time zone.
    pub fn local_slots(&self) -> impl Iterator<Item = LocalSlot> + '_ {
        let tz = self.timezone;
        self.slots.iter().map(move |s| LocalSlot {
            start: s.start.with_timezone(&tz),
            end: s.end.with_timezone(&tz),
            seats_remaining: s.seats_remaining,
        })
    }
}

impl AvailabilityQuery {
    /// Check the query against the link. Field names are the API's query parameters.
    pub fn validate(&self, snapshot: &Snapshot) -> Result<(), Invalid> {
        let mut p = Problems::default();
        for (field, t) in [("start", self.start), ("end", self.end), ("now", self.now)] {
            if !instant_supported(t) {
                p.push(field, years_reason());
            }
        }
        if self.end <= self.start {
            p.push("end", InvalidReason::EndNotAfterStart);
        } else if self.end - self.start > Duration::days(MAX_WINDOW_DAYS) {
            p.push("end", InvalidReason::WindowTooLong(MAX_WINDOW_DAYS));
        }
        if let Err(reason) = snapshot.rules().offers(self.duration) {
            p.push("duration", reason);
        }
        p.finish()
    }
}

/// First and last-plus-one second at which a slot may start by notice and horizon.
pub(crate) fn bookable_range(snapshot: &Snapshot, now: DateTime<Utc>) -> (Ts, Ts) {
    let rules = snapshot.rules();
    let earliest = to_ts_ceil(now) + Ts::from(rules.min_notice) * MINUTE;
    let latest = rules
        .horizon
        .map_or(Ts::MAX, |h| to_ts(now) + Ts::from(h) * MINUTE);
    (earliest, latest.saturating_add(1))
}

/// The slots `snapshot`'s link offers for `query`.
pub fn availability(
    snapshot: &Snapshot,
    query: &AvailabilityQuery,
) -> Result<Availability, Invalid> {
    query.validate(snapshot)?;
    let (earliest, after_latest) = bookable_range(snapshot, query.now);
    let lo = to_ts_ceil(query.start).max(earliest);
    let hi = to_ts_ceil(query.end).min(after_latest);
    let mut slots = Vec::new();
    if lo < hi {
        let engine = Engine::new(snapshot, query.duration, lo, hi);
        enumerate(&engine, lo, hi, |start, seats_remaining| {
            slots.push(Slot {
                start: from_ts(start),
                end: from_ts(start + engine.duration()),
                seats_remaining,
            });
        });
    }
    Ok(Availability {
        timezone: query.timezone,
        slots,
    })
}

/// Walk the union of all calendars' grid starts in `[lo, hi)` in order, asking the assignment
/// rule about each; a host whose grid lacks a start answers with its grid miss for it.
fn enumerate(engine: &Engine<'_>, lo: Ts, hi: Ts, mut emit: impl FnMut(Ts, u32)) {
    let grids: Vec<Vec<Ts>> = (0..engine.calendar_count())
        .map(|c| engine.candidates(c, lo, hi))
        .collect();
    let mut next = vec![0usize; grids.len()];
    let mut here = vec![false; grids.len()];
    let mut cursors = vec![Cursor::default(); engine.host_count()];
    let earliest = |next: &[usize]| {
        grids
            .iter()
            .zip(next)
            .filter_map(|(g, &i)| g.get(i))
            .min()
            .copied()
    };
    while let Some(start) = earliest(&next) {
        for (c, grid) in grids.iter().enumerate() {
            here[c] = grid.get(next[c]) == Some(&start);
            next[c] += usize::from(here[c]);
        }
        let answer = |h: usize| {
            if !here[engine.calendar_of(h)] {
                engine.on_grid(h, start)?;
            }
            engine.evaluate(h, start, &mut cursors[h])
        };
        if let Ok(choice) = engine.combine(answer, 1, Need::Seats) {
            emit(start, choice.seats_remaining);
        }
    }
}
