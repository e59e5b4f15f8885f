//! # skyslots-core
//!
//! Pure scheduling logic for SkySlots: it decides, it never does. Given a [`Snapshot`] (a
//! link's rules, its hosts' schedules and busy time) it computes [`availability`], checks a
//! booking ([`check_booking`]), applies cancellation and reschedule [`policy`], expands
//! [`recurrence`] rules and renders bookings as iCalendar text ([`ical`]).
//!
//! This crate has no I/O, no async, no database and no HTTP: storage loads a snapshot, core
//! returns a decision, storage applies it. CI checks that the dependency tree stays that way.
//!
//! Times are UTC instants; rules are wall-clock times in IANA zones, converted by one
//! documented rule (see [`time`]).

pub mod availability;
pub mod booking;
pub mod busy_ics;
mod engine;
pub mod error;
pub mod ical;
pub mod link;
pub mod money;
pub mod policy;
pub mod questions;
pub mod recurrence;
pub mod schedule;
pub mod snapshot;
pub mod time;

pub use availability::{availability, Availability, AvailabilityQuery, LocalSlot, Slot};
pub use booking::{check_booking, BookingRequest, Decision, Rejection};
pub use error::{ErrorCode, FieldError, Invalid, InvalidReason};
pub use link::{Assignment, LinkRules};
pub use schedule::{DateOverride, Schedule, TimeRange, WeeklyRule};
pub use snapshot::{busy_range, Busy, BusyKind, HostCalendar, Snapshot};
pub use time::{parse_timezone, resolve_local, TimeOfDay};

pub use chrono_tz::Tz;
