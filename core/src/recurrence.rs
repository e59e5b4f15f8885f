//! Recurrence: expanding an RFC 5545 RRULE in a time zone, for recurring classes and events.
//!
//! The `rrule` crate does the calendar arithmetic on wall-clock times; each wall-clock
//! occurrence is then turned into an instant by SkySlots' one time rule ([`crate::time`]), so a
//! class "every Monday 09:00 Europe/London" stays at 09:00 on the wall across DST changes, and
//! an occurrence in a skipped hour moves to the end of the gap, as schedule boundaries do.
//! `UNTIL` in UTC (`…Z`) is a real instant; a floating `UNTIL` is a wall-clock time in the zone.
//! Sub-hourly frequencies are refused: they are never a class and would only cost CPU.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, Unvalidated};

use crate::error::{Invalid, InvalidReason};
use crate::time::{date_supported, resolve_naive, years_reason, YEARS};

/// Most occurrences one expansion returns.
pub const MAX_OCCURRENCES: u16 = 5_000;

/// Occurrence starts of a rule within a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrences {
    pub starts: Vec<DateTime<Utc>>,
    /// More occurrences fall in the window than `limit` allowed.
    pub truncated: bool,
}

/// A parsed, validated recurrence rule anchored at a first wall-clock start in a zone.
#[derive(Debug, Clone)]
pub struct Recurrence {
    rule: RRule<Unvalidated>,
    first: NaiveDateTime,
    tz: Tz,
    /// Last allowed occurrence instant, from `UNTIL`.
    until: Option<DateTime<Utc>>,
}

impl Recurrence {
    /// Parse `rule` (with or without a leading `RRULE:`) for a series whose first occurrence is
    /// `first` on the wall in `tz`. Errors name the field `rrule`.
    pub fn new(rule: &str, first: NaiveDateTime, tz: Tz) -> Result<Self, Invalid> {
        let bad = |m: String| Invalid::one("rrule", InvalidReason::BadRecurrence(m));
        if !date_supported(first.date()) {
            return Err(Invalid::one("start", years_reason()));
        }
        let text = rule.trim();
        let text = text.strip_prefix("RRULE:").unwrap_or(text);
        if text.contains(['\n', '\r']) || text.is_empty() {
            return Err(bad("expected a single RRULE value".into()));
        }
        let mut parsed: RRule<Unvalidated> = text
            .parse()
            .map_err(|e: rrule::RRuleError| bad(e.to_string()))?;
        let freq = parsed.get_freq();
        if matches!(freq, Frequency::Minutely | Frequency::Secondly) {
            return Err(Invalid::one(
                "rrule",
                InvalidReason::UnsupportedFrequency(freq.to_string()),
            ));
        }
        // Expansion runs on wall-clock times written as UTC; UNTIL is moved into that frame.
        let mut until = None;
        if let Some(u) = parsed.get_until() {
            let (wall, real) = if u.timezone() == rrule::Tz::UTC {
                let real = u.with_timezone(&Utc);
                (real.with_timezone(&tz).naive_local(), real)
            } else {
                let wall = u.naive_local();
                (wall, resolve_naive(tz, wall))
            };
            parsed = parsed.until(rrule::Tz::UTC.from_utc_datetime(&wall));
            until = Some(real);
        }
        let this = Self {
            rule: parsed,
            first,
            tz,
            until,
        };
        this.rule
            .clone()
            .validate(this.wall(first))
            .map_err(|e| bad(e.to_string()))?;
        Ok(this)
    }

    fn wall(&self, t: NaiveDateTime) -> DateTime<rrule::Tz> {
        rrule::Tz::UTC.from_utc_datetime(&t)
    }

    /// Occurrence starts in `[start, end)`, at most `limit` (capped at [`MAX_OCCURRENCES`]).
    /// The window is clipped to the supported years ([`crate::time::YEARS`]).
    pub fn between(&self, start: DateTime<Utc>, end: DateTime<Utc>, limit: u16) -> Occurrences {
        let limit = limit.min(MAX_OCCURRENCES);
        let none = Occurrences {
            starts: Vec::new(),
            truncated: false,
        };
        let (Some(floor), Some(ceiling)) = (
            supported_bound(*YEARS.start(), 1),
            supported_bound(*YEARS.end(), 12),
        ) else {
            return none;
        };
        let (start, end) = (start.max(floor), end.min(ceiling));
        if start >= end {
            return none;
        }
        // Wall-clock bounds with a day of slack for any offset; exact filtering happens below.
        let lo = start.with_timezone(&self.tz).naive_local() - Duration::days(1);
        let hi = end.with_timezone(&self.tz).naive_local() + Duration::days(1);
        let Ok(set) = self.rule.clone().build(self.wall(self.first)) else {
            return Occurrences {
                starts: Vec::new(),
                truncated: false,
            };
        };
        let mut starts = Vec::new();
        let mut truncated = false;
        for wall in set.after(self.wall(lo)).before(self.wall(hi)).into_iter() {
            let at = resolve_naive(self.tz, wall.naive_utc());
            if at < start || self.until.is_some_and(|u| at > u) {
                continue;
            }
            if at >= end {
                break;
            }
            if starts.len() == usize::from(limit) {
                truncated = true;
                break;
            }
            starts.push(at);
        }
        Occurrences { starts, truncated }
    }
}

fn supported_bound(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let day = if month == 12 { 31 } else { 1 };
    Some(
        chrono::NaiveDate::from_ymd_opt(year, month, day)?
            .and_hms_opt(0, 0, 0)?
            .and_utc(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Europe};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
    fn wall(s: &str) -> NaiveDateTime {
        s.parse().unwrap()
    }

    #[test]
    fn weekly_class_keeps_its_wall_clock_time_across_dst() {
        let r = Recurrence::new(
            "FREQ=WEEKLY;BYDAY=SU",
            wall("2026-10-18T09:00:00"),
            Europe::London,
        )
        .unwrap();
        let occ = r.between(at("2026-10-01T00:00:00Z"), at("2026-11-09T00:00:00Z"), 100);
        assert_eq!(
            occ.starts,
            vec![
                at("2026-10-18T08:00:00Z"), // BST
                at("2026-10-25T09:00:00Z"), // GMT from that morning
                at("2026-11-01T09:00:00Z"),
                at("2026-11-08T09:00:00Z"),
            ]
        );
        assert!(!occ.truncated);
    }

    #[test]
    fn occurrence_in_a_skipped_hour_moves_to_the_end_of_the_gap() {
        let r = Recurrence::new(
            "RRULE:FREQ=DAILY;COUNT=3",
            wall("2026-03-07T02:30:00"),
            America::New_York,
        )
        .unwrap();
        let occ = r.between(at("2026-03-01T00:00:00Z"), at("2026-03-31T00:00:00Z"), 10);
        assert_eq!(
            occ.starts,
            vec![
                at("2026-03-07T07:30:00Z"),
                at("2026-03-08T07:00:00Z"),
                at("2026-03-09T06:30:00Z")
            ]
        );
    }

    #[test]
    fn until_in_utc_is_a_real_instant_and_limits_truncate() {
        let r = Recurrence::new(
            "FREQ=DAILY;UNTIL=20261205T090000Z",
            wall("2026-12-01T09:00:00"),
            America::New_York,
        )
        .unwrap();
        // 09:00 New York is 14:00Z: the 5th's occurrence is after UNTIL.
        let occ = r.between(at("2026-11-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), 100);
        assert_eq!(occ.starts.len(), 4);
        let r =
            Recurrence::new("FREQ=DAILY", wall("2026-12-01T09:00:00"), America::New_York).unwrap();
        let occ = r.between(at("2026-12-01T00:00:00Z"), at("2027-12-01T00:00:00Z"), 10);
        assert_eq!(occ.starts.len(), 10);
        assert!(occ.truncated);
        // The window is honoured at both ends.
        let occ = r.between(at("2026-12-03T14:00:00Z"), at("2026-12-05T14:00:00Z"), 10);
        assert_eq!(
            occ.starts,
            vec![at("2026-12-03T14:00:00Z"), at("2026-12-04T14:00:00Z")]
        );
    }

    #[test]
    fn bad_and_expensive_rules_are_refused() {
        let first = wall("2026-12-01T09:00:00");
        for (rule, code) in [
            ("FREQ=SOMETIMES", "invalid_recurrence"),
            ("", "invalid_recurrence"),
            ("FREQ=DAILY\nRRULE:FREQ=WEEKLY", "invalid_recurrence"),
            ("FREQ=MINUTELY", "unsupported_frequency"),
            ("FREQ=SECONDLY;COUNT=5", "unsupported_frequency"),
            ("FREQ=WEEKLY;BYDAY=XX", "invalid_recurrence"),
        ] {
            let err = Recurrence::new(rule, first, Europe::London).unwrap_err();
            assert_eq!(err.errors[0].code(), code, "{rule}");
            assert_eq!(err.errors[0].field, "rrule");
        }
    }
}
