//! The time model: instants are UTC, rules are wall-clock times in an IANA time zone.
//!
//! Turning a wall-clock time into an instant is the one place where daylight-saving changes
//! matter, and it follows one documented rule everywhere in SkySlots (schedules, holidays,
//! limits, recurrences): **a wall-clock time means the first instant at which the clock on
//! the wall shows that time or later.** So:
//!
//! * an ordinary time maps to its one instant;
//! * an ambiguous time (the repeated hour when clocks go back) maps to its *earlier* instant,
//!   as RFC 5545 and java.time do;
//! * a time that does not exist (skipped when clocks go forward) maps to the instant of the
//!   jump, the first moment after the gap. A rule boundary inside the gap therefore moves to
//!   the end of the gap, and no slot is ever placed at a time that does not exist.
//!
//! Internally instants are whole seconds since the Unix epoch ([`Ts`]): the engine compares
//! millions of them per query and plain integers keep that cheap.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::InvalidReason;

/// An instant as whole seconds since the Unix epoch (UTC).
pub(crate) type Ts = i64;

pub(crate) const MINUTE: Ts = 60;
pub(crate) const DAY: Ts = 86_400;

pub(crate) fn to_ts(t: DateTime<Utc>) -> Ts {
    t.timestamp()
}

/// Seconds since the epoch rounded up, for lower bounds that must not admit an earlier start.
pub(crate) fn to_ts_ceil(t: DateTime<Utc>) -> Ts {
    t.timestamp() + Ts::from(t.timestamp_subsec_nanos() > 0)
}

pub(crate) fn from_ts(ts: Ts) -> DateTime<Utc> {
    // Every Ts core produces comes from a chrono value or bounded arithmetic on one.
    DateTime::from_timestamp(ts, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// First and last years core accepts in any instant or date. Far inside chrono's own range,
/// so the day-level arithmetic around a query can never overflow.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Whether `t` is within [`YEARS`].
pub fn instant_supported(t: DateTime<Utc>) -> bool {
    YEARS.contains(&t.year())
}

/// Whether `d` is within [`YEARS`].
pub fn date_supported(d: NaiveDate) -> bool {
    YEARS.contains(&d.year())
}

pub(crate) fn years_reason() -> InvalidReason {
    InvalidReason::OutOfRange {
        min: i64::from(*YEARS.start()),
        max: i64::from(*YEARS.end()),
    }
}

/// Parse an IANA time zone name such as `Europe/London`.
pub fn parse_timezone(name: &str) -> Result<Tz, InvalidReason> {
    name.parse::<Tz>()
        .map_err(|_| InvalidReason::UnknownTimeZone(name.to_owned()))
}

/// A wall-clock time of day with minute precision, from 00:00 to 24:00 inclusive.
/// `24:00` is only meaningful as the end of an interval (the next midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub const MIDNIGHT: Self = Self(0);
    pub const END_OF_DAY: Self = Self(24 * 60);

    pub fn new(hour: u32, minute: u32) -> Option<Self> {
        let m = hour.checked_mul(60)?.checked_add(minute)?;
        (minute < 60 && m <= 24 * 60).then_some(Self(m as u16))
    }

    /// Parse `HH:MM` (24-hour clock; `24:00` allowed).
    pub fn parse(text: &str) -> Result<Self, InvalidReason> {
        let bad = || InvalidReason::BadTimeOfDay(text.to_owned());
        let (h, m) = text.split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let (h, m) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        Self::new(h, m).ok_or_else(bad)
    }

    /// Minutes since midnight, 0..=1440.
    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = InvalidReason;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// The instant at which `date` + `time` happens on the wall in `tz`, by the rule in the module
/// documentation (earlier instant when ambiguous, end of the gap when skipped).
pub fn resolve_local(tz: Tz, date: NaiveDate, time: TimeOfDay) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    resolve_naive(tz, midnight + Duration::minutes(i64::from(time.minutes())))
}

/// [`resolve_local`] for any wall-clock date-time.
pub fn resolve_naive(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        chrono::LocalResult::None => end_of_gap(tz, local),
    }
}

/// First instant whose wall-clock reading in `tz` is at or after `local`, for a `local` that
/// falls in a gap. Gaps are at most a day long (Pacific/Apia skipped 2011-12-30), so an
/// existing wall time is found within two days either side; between those two instants the
/// wall clock only moves forward, so a binary search over seconds finds the jump exactly.
fn end_of_gap(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let existing = |step: i64| {
        (1..=48).find_map(
            |h| match tz.from_local_datetime(&(local + Duration::hours(h * step))) {
                chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
                chrono::LocalResult::Ambiguous(a, b) => {
                    Some(if step < 0 { b } else { a }.with_timezone(&Utc))
                }
                chrono::LocalResult::None => None,
            },
        )
    };
    let (Some(before), Some(after)) = (existing(-1), existing(1)) else {
        // No zone in the tz database has a gap this long; treat the wall time as UTC-offset
        // free rather than fail.
        return local.and_utc();
    };
    let (mut lo, mut hi) = (to_ts(before), to_ts(after)); // wall(lo) < local <= wall(hi)
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if from_ts(mid).with_timezone(&tz).naive_local() >= local {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    from_ts(hi)
}

/// The calendar date on the wall in `tz` at instant `t`.
pub fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// Local calendar days of one time zone over a range of dates, as instants, so that the engine
/// can find the day (and week) of thousands of instants by binary search instead of a time-zone
/// lookup each.
#[derive(Debug, Clone)]
pub(crate) struct DayTable {
    first: NaiveDate,
    /// `starts[i]` is local midnight of `first + i`; one extra entry closes the last day.
    starts: Vec<Ts>,
}

impl DayTable {
    pub(crate) fn new(tz: Tz, first: NaiveDate, last: NaiveDate) -> Self {
        let days = (last - first).num_days().max(0) + 2;
        let starts = (0..days)
            .map(|i| {
                to_ts(resolve_local(
                    tz,
                    first + Duration::days(i),
                    TimeOfDay::MIDNIGHT,
                ))
            })
            .collect();
        Self { first, starts }
    }

    /// Index of the local day containing `t`, if the table covers it. `hint` remembers where
    /// the last lookup ended, so increasing instants walk forward instead of searching.
    pub(crate) fn day_of(&self, t: Ts, hint: &mut Option<usize>) -> Option<usize> {
        let i = match *hint {
            Some(mut i) if i == 0 || self.starts[i - 1] <= t => {
                while i < self.starts.len() && self.starts[i] <= t {
                    i += 1;
                }
                i
            }
            _ => self.starts.partition_point(|&s| s <= t),
        };
        *hint = Some(i);
        (i > 0 && i < self.starts.len()).then(|| i - 1)
    }

    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// ISO week (Monday first) of day `i`, counted from the Monday on or before `first`.
    pub(crate) fn week_of(&self, day: usize) -> usize {
        (day + self.first.weekday().num_days_from_monday() as usize) / 7
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{America, Australia, Europe, Pacific};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn t(h: u32, m: u32) -> TimeOfDay {
        TimeOfDay::new(h, m).unwrap()
    }
    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn parses_times_of_day() {
        assert_eq!(TimeOfDay::parse("09:30").unwrap().minutes(), 570);
        assert_eq!(TimeOfDay::parse("24:00").unwrap(), TimeOfDay::END_OF_DAY);
        for bad in [
            "9:30", "24:01", "12:60", "ab:cd", "", "12:3", "+1:00", "12:00:00",
        ] {
            assert!(
                matches!(TimeOfDay::parse(bad), Err(InvalidReason::BadTimeOfDay(_))),
                "{bad}"
            );
        }
        assert_eq!(t(7, 5).to_string(), "07:05");
    }

    #[test]
    fn unknown_time_zone_is_an_error() {
        assert!(parse_timezone("Europe/London").is_ok());
        assert_eq!(
            parse_timezone("Mars/Olympus").unwrap_err().code(),
            "unknown_time_zone"
        );
    }

    #[test]
    fn ambiguous_time_resolves_to_the_earlier_instant() {
        // America/New_York falls back at 02:00 EDT on 2026-11-01: 01:30 happens twice.
        let r = resolve_local(America::New_York, d(2026, 11, 1), t(1, 30));
        assert_eq!(r, utc("2026-11-01T05:30:00Z")); // 01:30 EDT (-04:00)
    }

    #[test]
    fn skipped_time_resolves_to_the_end_of_the_gap() {
        // America/New_York springs forward at 02:00 EST on 2026-03-08 to 03:00 EDT.
        let r = resolve_local(America::New_York, d(2026, 3, 8), t(2, 30));
        assert_eq!(r, utc("2026-03-08T07:00:00Z")); // 03:00 EDT
                                                    // Europe/London: 01:00 GMT -> 02:00 BST on 2026-03-29.
        let r = resolve_local(Europe::London, d(2026, 3, 29), t(1, 15));
        assert_eq!(r, utc("2026-03-29T01:00:00Z"));
        // Australia/Lord_Howe shifts by only 30 minutes: 02:00 -> 02:30 on 2026-10-04.
        let r = resolve_local(Australia::Lord_Howe, d(2026, 10, 4), t(2, 10));
        assert_eq!(r, utc("2026-10-03T15:30:00Z")); // 02:30 +11:00
                                                    // Pacific/Apia skipped the whole of 2011-12-30.
        let r = resolve_local(Pacific::Apia, d(2011, 12, 30), t(12, 0));
        assert_eq!(r, utc("2011-12-30T10:00:00Z")); // 2011-12-31 00:00 +14:00
    }

    #[test]
    fn day_table_finds_days_and_weeks_across_dst() {
        let table = DayTable::new(Europe::London, d(2026, 3, 28), d(2026, 3, 30));
        assert_eq!(table.len(), 3);
        // 2026-03-29 is 23 hours long in London.
        assert_eq!(table.starts[2] - table.starts[1], 23 * 3600);
        assert_eq!(
            table.day_of(to_ts(utc("2026-03-29T23:30:00Z")), &mut None),
            Some(2)
        );
        assert_eq!(
            table.day_of(to_ts(utc("2026-03-29T22:59:59Z")), &mut None),
            Some(1)
        );
        assert_eq!(
            table.day_of(to_ts(utc("2026-03-27T12:00:00Z")), &mut None),
            None
        );
        // Walking forward with a hint finds the same days, and a hint from a later instant
        // falls back to searching.
        let mut hint = None;
        for (t, day) in [
            ("2026-03-28T00:00:00Z", 0),
            ("2026-03-28T23:59:59Z", 0),
            ("2026-03-29T00:00:00Z", 1),
            ("2026-03-30T10:00:00Z", 2),
        ] {
            assert_eq!(table.day_of(to_ts(utc(t)), &mut hint), Some(day), "{t}");
        }
        assert_eq!(
            table.day_of(to_ts(utc("2026-03-28T12:00:00Z")), &mut hint),
            Some(0)
        );
        // Saturday 28th and Sunday 29th share a week; Monday 30th starts the next.
        assert_eq!(table.week_of(0), table.week_of(1));
        assert_eq!(table.week_of(2), table.week_of(1) + 1);
    }
}
