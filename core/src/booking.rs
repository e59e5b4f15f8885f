//! The booking check: may this start be booked, and by which host?
//!
//! [`check_booking`] applies exactly the rules [`crate::availability`] applies, through the same
//! engine, for one start, duration and seat count. Storage calls it inside the transaction that
//! inserts the booking, on a snapshot loaded in that transaction, so the decision holds when
//! it is written. To reschedule, storage leaves the booking being moved out of the snapshot.

use chrono::{DateTime, Utc};

use crate::availability::bookable_range;
use crate::engine::{Cursor, Engine, HostOffer, Miss, Need};
use crate::error::{Invalid, InvalidReason, Problems};
use crate::snapshot::Snapshot;
use crate::time::{from_ts, instant_supported, to_ts, years_reason};

/// A request to book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    pub start: DateTime<Utc>,
    /// One of the link's durations, in minutes.
    pub duration: u32,
    pub seats: u32,
    pub now: DateTime<Utc>,
}

/// What to write when a booking is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Ids of the hosts the booking goes to: one for single and round robin, all for collective.
    pub host_ids: Vec<String>,
    pub seats: u32,
    /// True when the booking joins an existing group session rather than starting one.
    pub joins_session: bool,
    /// Seats left in the slot once this booking is written.
    pub seats_remaining_after: u32,
}

/// Why a booking was refused. Each variant has a stable [`code`](Self::code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// The request itself is malformed (duration not offered, seats out of range, ...).
    #[error("invalid booking request: {0}")]
    Invalid(Invalid),
    #[error("starts too soon; the earliest start is {earliest}")]
    TooSoon { earliest: DateTime<Utc> },
    #[error("starts too far ahead; the latest start is {latest}")]
    TooFar { latest: DateTime<Utc> },
    #[error("is not within the schedule")]
    OutsideSchedule,
    #[error("is not one of the link's slot start times")]
    OffGrid,
    #[error("conflicts with another booking or busy time")]
    Conflict,
    #[error("has only {seats_remaining} seats left")]
    SlotFull { seats_remaining: u32 },
    #[error("the daily booking limit is reached")]
    DailyLimit,
    #[error("the weekly booking limit is reached")]
    WeeklyLimit,
}

impl Rejection {
    /// Stable machine-readable code, part of the public API contract.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "validation_failed",
            Self::TooSoon { .. } => "too_soon",
            Self::TooFar { .. } => "too_far",
            Self::OutsideSchedule => "outside_schedule",
            Self::OffGrid => "off_grid",
            Self::Conflict => "conflict",
            Self::SlotFull { .. } => "slot_full",
            Self::DailyLimit => "daily_limit",
            Self::WeeklyLimit => "weekly_limit",
        }
    }
}

impl From<Miss> for Rejection {
    fn from(m: Miss) -> Self {
        match m {
            Miss::OutsideSchedule => Self::OutsideSchedule,
            Miss::OffGrid => Self::OffGrid,
            Miss::Conflict => Self::Conflict,
            Miss::SlotFull { seats_remaining } => Self::SlotFull { seats_remaining },
            Miss::DailyLimit => Self::DailyLimit,
            Miss::WeeklyLimit => Self::WeeklyLimit,
        }
    }
}

impl BookingRequest {
    /// Check the request's own fields against the link.
    pub fn validate(&self, snapshot: &Snapshot) -> Result<(), Invalid> {
        let mut p = Problems::default();
        if let Err(reason) = snapshot.rules().offers(self.duration) {
            p.push("duration", reason);
        }
        p.range(
            "seats",
            self.seats.into(),
            1,
            snapshot.rules().capacity.into(),
        );
        for (field, t) in [("start", self.start), ("now", self.now)] {
            if !instant_supported(t) {
                p.push(field, years_reason());
            }
        }
        if self.start.timestamp_subsec_nanos() != 0 {
            p.push("start", InvalidReason::SubSecond);
        }
        p.finish()
    }
}

/// Decide whether `request` can be booked on `snapshot`'s link, and for which host(s).
pub fn check_booking(snapshot: &Snapshot, request: &BookingRequest) -> Result<Decision, Rejection> {
    request.validate(snapshot).map_err(Rejection::Invalid)?;
    let start = to_ts(request.start);
    let (earliest, after_latest) = bookable_range(snapshot, request.now);
    if start < earliest {
        return Err(Rejection::TooSoon {
            earliest: from_ts(earliest),
        });
    }
    if start >= after_latest {
        return Err(Rejection::TooFar {
            latest: from_ts(after_latest - 1),
        });
    }
    let engine = Engine::new(snapshot, request.duration, start, start + 1);
    let answers: Vec<_> = (0..engine.host_count())
        .map(|h| {
            engine
                .on_grid(h, start)
                .and_then(|()| engine.evaluate(h, start, &mut Cursor::default()))
        })
        .collect();
    let choice = engine.combine(|h| answers[h], request.seats, Need::Choice)?;
    let hosts = snapshot.hosts();
    Ok(Decision {
        start: request.start,
        end: from_ts(start + engine.duration()),
        host_ids: choice.hosts.iter().map(|&h| hosts[h].id.clone()).collect(),
        seats: request.seats,
        joins_session: choice.joins,
        seats_remaining_after: seats_after(&answers, &choice.hosts, request.seats),
    })
}

/// Seats left in the slot after booking `seats` on `chosen`: the chosen hosts lose them, the
/// others keep theirs (round robin offers the most any host has left, collective the fewest).
fn seats_after(answers: &[Result<HostOffer, Miss>], chosen: &[usize], seats: u32) -> u32 {
    let left = |h: usize| -> Option<u32> {
        let offer = answers[h].ok()?;
        Some(if chosen.contains(&h) {
            offer.seats_remaining - seats
        } else {
            offer.seats_remaining
        })
    };
    if chosen.len() > 1 {
        chosen.iter().filter_map(|&h| left(h)).min().unwrap_or(0)
    } else {
        (0..answers.len()).filter_map(left).max().unwrap_or(0)
    }
}
