//! Schedules: when a host works, as wall-clock rules in one IANA time zone.
//!
//! A schedule has weekly rules (several intervals per weekday; an interval may end on the next
//! day), date overrides (replace the intervals that start on one date, or make it unavailable
//! with an empty list) and holidays (the whole local calendar day is unavailable, including the
//! tail of an overnight interval that started the day before). A [`Schedule`] can only be built
//! valid: overlapping rules, an end before its start or an unknown zone are refused with a
//! [`FieldError`](crate::FieldError) per problem.
//!
//! Expansion turns the rules into UTC [`Blocks`] for a range of dates, following the time model
//! in [`crate::time`]. It also yields the *anchors* that slot grids start from: the start of every
//! interval occurrence and of every block. Anchors depend only on the schedule, never on the
//! window a client asks for, so a slot offered in one window is offered in every window.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::error::{Invalid, InvalidReason, Problems};
use crate::time::{
    date_supported, parse_timezone, resolve_local, to_ts, years_reason, TimeOfDay, Ts,
};

/// Most weekly rules a schedule may have (seven days of 14 intervals).
pub const MAX_WEEKLY_RULES: usize = 98;
/// Most intervals in one date override.
pub const MAX_OVERRIDE_INTERVALS: usize = 24;
/// Most date overrides, and most holidays, one schedule may list (ten years of days).
pub const MAX_DATES: usize = 3_660;

const WEEK_MINUTES: u32 = 7 * 24 * 60;
const DAY_MINUTES: u32 = 24 * 60;

/// A wall-clock interval within a day, or running into the next day when `ends_next_day`.
///
/// Overnight intervals are explicit so that a typo such as `17:00–09:00` is caught as an end
/// before its start instead of silently meaning "all night".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TimeRange {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    pub ends_next_day: bool,
}

impl TimeRange {
    /// A same-day interval.
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Self {
        Self {
            start,
            end,
            ends_next_day: false,
        }
    }

    /// An interval that ends on the following day (e.g. 22:00–02:00).
    pub fn overnight(start: TimeOfDay, end: TimeOfDay) -> Self {
        Self {
            start,
            end,
            ends_next_day: true,
        }
    }

    /// Minutes from the start of the interval's first day, `[start, end)`.
    fn span(self) -> (u32, u32) {
        let end = self.end.minutes() + if self.ends_next_day { DAY_MINUTES } else { 0 };
        (self.start.minutes(), end)
    }

    fn check(self, field: &str, problems: &mut Problems) -> bool {
        let (start, end) = self.span();
        if self.start == TimeOfDay::END_OF_DAY {
            problems.push(
                format!("{field}.start"),
                InvalidReason::BadTimeOfDay("24:00".into()),
            );
            false
        } else if end <= start {
            problems.push(format!("{field}.end"), InvalidReason::EndNotAfterStart);
            false
        } else if end - start > DAY_MINUTES {
            problems.push(format!("{field}.end"), InvalidReason::LongerThanADay);
            false
        } else {
            true
        }
    }
}

/// One weekly rule: `weekday` from `range.start` to `range.end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WeeklyRule {
    pub weekday: Weekday,
    pub range: TimeRange,
}

/// Replaces the intervals that start on `date`; an empty list makes the date unavailable.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DateOverride {
    pub date: NaiveDate,
    pub intervals: Vec<TimeRange>,
}

/// A validated schedule. Build it with [`Schedule::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    timezone: Tz,
    /// Weekly rules by weekday (Monday = 0), sorted by start.
    weekly: [Vec<TimeRange>; 7],
    overrides: BTreeMap<NaiveDate, Vec<TimeRange>>,
    holidays: BTreeSet<NaiveDate>,
}

/// Merged UTC intervals in which a schedule is open, and the anchors slot grids start from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Blocks {
    /// Sorted, disjoint, non-touching `[start, end)` intervals.
    pub(crate) spans: Vec<(Ts, Ts)>,
    /// Sorted, distinct; every anchor lies inside some span.
    pub(crate) anchors: Vec<Ts>,
}

impl Schedule {
    /// Validate and build a schedule. Field paths in errors use the API's names
    /// (`timezone`, `weekly_rules[i]`, `date_overrides[i].intervals[j]`, `holidays[i]`).
    pub fn new(
        timezone: &str,
        weekly_rules: &[WeeklyRule],
        date_overrides: &[DateOverride],
        holidays: &[NaiveDate],
    ) -> Result<Self, Invalid> {
        let mut problems = Problems::default();
        let tz = parse_timezone(timezone)
            .map_err(|reason| problems.push("timezone", reason))
            .ok();

        if weekly_rules.len() > MAX_WEEKLY_RULES {
            problems.push("weekly_rules", InvalidReason::TooMany(MAX_WEEKLY_RULES));
        }
        let mut week_spans = Vec::new();
        for (i, rule) in weekly_rules.iter().enumerate() {
            let field = format!("weekly_rules[{i}]");
            if rule.range.check(&field, &mut problems) {
                let (s, e) = rule.range.span();
                let day = rule.weekday.num_days_from_monday() * DAY_MINUTES;
                week_spans.push((day + s, day + e, field));
            }
        }
        report_overlaps(&mut week_spans, Some(WEEK_MINUTES), &mut problems);

        if date_overrides.len() > MAX_DATES {
            problems.push("date_overrides", InvalidReason::TooMany(MAX_DATES));
        }
        let mut overrides = BTreeMap::new();
        for (i, o) in date_overrides.iter().enumerate() {
            let field = format!("date_overrides[{i}]");
            if o.intervals.len() > MAX_OVERRIDE_INTERVALS {
                problems.push(
                    format!("{field}.intervals"),
                    InvalidReason::TooMany(MAX_OVERRIDE_INTERVALS),
                );
            }
            let mut spans = Vec::new();
            for (j, range) in o.intervals.iter().enumerate() {
                let field = format!("{field}.intervals[{j}]");
                if range.check(&field, &mut problems) {
                    let (s, e) = range.span();
                    spans.push((s, e, field));
                }
            }
            report_overlaps(&mut spans, None, &mut problems);
            if !date_supported(o.date) {
                problems.push(format!("{field}.date"), years_reason());
            }
            if overrides.insert(o.date, sorted(&o.intervals)).is_some() {
                problems.push(format!("{field}.date"), InvalidReason::Duplicate);
            }
        }

        if holidays.len() > MAX_DATES {
            problems.push("holidays", InvalidReason::TooMany(MAX_DATES));
        }
        let mut holiday_set = BTreeSet::new();
        for (i, day) in holidays.iter().enumerate() {
            if !date_supported(*day) {
                problems.push(format!("holidays[{i}]"), years_reason());
            } else if !holiday_set.insert(*day) {
                problems.push(format!("holidays[{i}]"), InvalidReason::Duplicate);
            } else if overrides.contains_key(day) {
                problems.push(format!("holidays[{i}]"), InvalidReason::OverrideOnHoliday);
            }
        }

        problems.finish()?;
        let mut weekly: [Vec<TimeRange>; 7] = Default::default();
        for rule in weekly_rules {
            weekly[rule.weekday.num_days_from_monday() as usize].push(rule.range);
        }
        Ok(Self {
            timezone: tz.unwrap_or(Tz::UTC),
            weekly: weekly.map(|day| sorted(&day)),
            overrides,
            holidays: holiday_set,
        })
    }

    pub fn timezone(&self) -> Tz {
        self.timezone
    }

    pub fn weekly_rules(&self) -> impl Iterator<Item = WeeklyRule> + '_ {
        self.weekly.iter().enumerate().flat_map(|(day, ranges)| {
            let weekday = Weekday::try_from(day as u8).unwrap_or(Weekday::Mon);
            ranges
                .iter()
                .map(move |&range| WeeklyRule { weekday, range })
        })
    }

    /// Intervals that start on `date`, before holidays are applied.
    fn ranges_on(&self, date: NaiveDate) -> &[TimeRange] {
        self.overrides.get(&date).map_or_else(
            || &self.weekly[date.weekday().num_days_from_monday() as usize][..],
            Vec::as_slice,
        )
    }

    /// Open intervals for the local dates `first..=last`, in UTC, with grid anchors.
    ///
    /// An overnight interval that started on `first - 1` is not included; callers expand one
    /// day before the earliest instant they care about (see [`crate::availability`]).
    pub(crate) fn blocks(&self, first: NaiveDate, last: NaiveDate) -> Blocks {
        let tz = self.timezone;
        let mut spans = Vec::new();
        let mut anchors = Vec::new();
        let mut date = first;
        while date <= last {
            if !self.holidays.contains(&date) {
                for range in self.ranges_on(date) {
                    let start = to_ts(resolve_local(tz, date, range.start));
                    let end_date = if range.ends_next_day {
                        date + Duration::days(1)
                    } else {
                        date
                    };
                    let end = to_ts(resolve_local(tz, end_date, range.end));
                    // A range wholly inside a DST gap collapses to nothing.
                    if end > start {
                        spans.push((start, end));
                        anchors.push(start);
                    }
                }
            }
            date += Duration::days(1);
        }
        spans.sort_unstable();
        let mut spans = merge(spans);

        // Holidays blank the whole local day, including tails of overnight intervals.
        let day_after = last + Duration::days(1);
        let closed: Vec<(Ts, Ts)> = self
            .holidays
            .range(first..=day_after)
            .map(|&h| {
                (
                    to_ts(resolve_local(tz, h, TimeOfDay::MIDNIGHT)),
                    to_ts(resolve_local(tz, h, TimeOfDay::END_OF_DAY)),
                )
            })
            .collect();
        if !closed.is_empty() {
            spans = subtract(&spans, &closed);
        }

        anchors.extend(spans.iter().map(|&(s, _)| s));
        anchors.sort_unstable();
        anchors.dedup();
        anchors.retain(|&a| {
            let i = spans.partition_point(|&(s, _)| s <= a);
            i > 0 && a < spans[i - 1].1
        });
        Blocks { spans, anchors }
    }
}

fn sorted(ranges: &[TimeRange]) -> Vec<TimeRange> {
    let mut v = ranges.to_vec();
    v.sort_by_key(|r| r.span());
    v
}

/// Report every interval that overlaps an earlier one. With `wrap`, spans live on a circle of
/// that many minutes (the week), so Sunday night running into Monday is checked too.
fn report_overlaps(
    spans: &mut Vec<(u32, u32, String)>,
    wrap: Option<u32>,
    problems: &mut Problems,
) {
    if let Some(len) = wrap {
        let tails: Vec<_> = spans
            .iter()
            .filter(|(_, e, _)| *e > len)
            .map(|(_, e, f)| (0, e - len, f.clone()))
            .collect();
        spans.extend(tails);
    }
    spans.sort();
    let mut reported = BTreeSet::new();
    // The interval reaching furthest so far: every later one starting before its end overlaps it.
    let mut furthest: Option<&(u32, u32, String)> = None;
    for cur in spans.iter() {
        match furthest {
            // The same field can meet its own wrapped tail; touching intervals are fine (they merge).
            Some(prev) if cur.0 < prev.1 && cur.2 != prev.2 => {
                let (first, second) = if prev.2 < cur.2 {
                    (prev, cur)
                } else {
                    (cur, prev)
                };
                if reported.insert(second.2.clone()) {
                    problems.push(second.2.clone(), InvalidReason::Overlap(first.2.clone()));
                }
                if cur.1 > prev.1 {
                    furthest = Some(cur);
                }
            }
            Some(prev) if cur.1 <= prev.1 => {}
            _ => furthest = Some(cur),
        }
    }
}

/// Merge sorted intervals, joining overlapping and touching ones.
pub(crate) fn merge(sorted: Vec<(Ts, Ts)>) -> Vec<(Ts, Ts)> {
    let mut out: Vec<(Ts, Ts)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `spans` minus `holes`; both sorted, `spans` disjoint.
fn subtract(spans: &[(Ts, Ts)], holes: &[(Ts, Ts)]) -> Vec<(Ts, Ts)> {
    let mut out = Vec::with_capacity(spans.len());
    for &(mut s, e) in spans {
        for &(hs, he) in holes {
            if he <= s || hs >= e {
                continue;
            }
            if hs > s {
                out.push((s, hs));
            }
            s = s.max(he);
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::from_ts;
    use chrono::{DateTime, Utc};

    fn t(s: &str) -> TimeOfDay {
        TimeOfDay::parse(s).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn rule(weekday: Weekday, start: &str, end: &str) -> WeeklyRule {
        WeeklyRule {
            weekday,
            range: TimeRange::new(t(start), t(end)),
        }
    }
    fn every_day(start: &str, end: &str) -> Vec<WeeklyRule> {
        (0..7)
            .map(|i| rule(Weekday::try_from(i).unwrap(), start, end))
            .collect()
    }
    fn utc(s: &str) -> Ts {
        to_ts(s.parse::<DateTime<Utc>>().unwrap())
    }
    fn hours(span: (Ts, Ts)) -> f64 {
        (span.1 - span.0) as f64 / 3600.0
    }

    #[test]
    fn nine_to_five_in_london_is_eight_hours_on_both_change_days() {
        let s = Schedule::new("Europe/London", &every_day("09:00", "17:00"), &[], &[]).unwrap();
        for day in ["2026-03-29", "2026-10-25"] {
            let b = s.blocks(d(day), d(day));
            assert_eq!(b.spans.len(), 1, "{day}");
            assert_eq!(hours(b.spans[0]), 8.0, "{day}");
        }
        // Spring: 09:00 BST = 08:00Z. Autumn: 09:00 GMT = 09:00Z.
        assert_eq!(
            s.blocks(d("2026-03-29"), d("2026-03-29")).spans[0].0,
            utc("2026-03-29T08:00:00Z")
        );
        assert_eq!(
            s.blocks(d("2026-10-25"), d("2026-10-25")).spans[0].0,
            utc("2026-10-25T09:00:00Z")
        );
    }

    #[test]
    fn all_day_rule_follows_the_length_of_dst_days() {
        let s = Schedule::new("America/New_York", &every_day("00:00", "24:00"), &[], &[]).unwrap();
        let spring = s.blocks(d("2026-03-08"), d("2026-03-08"));
        assert_eq!(hours(spring.spans[0]), 23.0);
        let fall = s.blocks(d("2026-11-01"), d("2026-11-01"));
        assert_eq!(hours(fall.spans[0]), 25.0);
        // Lord Howe moves by 30 minutes.
        let s = Schedule::new(
            "Australia/Lord_Howe",
            &every_day("00:00", "24:00"),
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(
            hours(s.blocks(d("2026-10-04"), d("2026-10-04")).spans[0]),
            23.5
        );
        assert_eq!(
            hours(s.blocks(d("2026-04-05"), d("2026-04-05")).spans[0]),
            24.5
        );
        // Kolkata has no DST: every day 24 hours.
        let s = Schedule::new("Asia/Kolkata", &every_day("00:00", "24:00"), &[], &[]).unwrap();
        let b = s.blocks(d("2026-03-01"), d("2026-03-03"));
        assert_eq!(b.spans.len(), 1);
        assert_eq!(hours(b.spans[0]), 72.0);
        assert_eq!(b.anchors.len(), 3, "each day's rule anchors its own grid");
    }

    #[test]
    fn range_inside_the_skipped_hour_yields_nothing() {
        let rules = [
            rule(Weekday::Sun, "02:00", "02:45"),
            rule(Weekday::Sun, "01:00", "01:30"),
        ];
        let s = Schedule::new("America/New_York", &rules, &[], &[]).unwrap();
        let b = s.blocks(d("2026-03-08"), d("2026-03-08"));
        assert_eq!(
            b.spans,
            vec![(utc("2026-03-08T06:00:00Z"), utc("2026-03-08T06:30:00Z"))]
        );
        // A range that straddles the gap starts at the jump (03:00 EDT).
        let s = Schedule::new(
            "America/New_York",
            &[rule(Weekday::Sun, "02:30", "04:00")],
            &[],
            &[],
        )
        .unwrap();
        let b = s.blocks(d("2026-03-08"), d("2026-03-08"));
        assert_eq!(
            b.spans,
            vec![(utc("2026-03-08T07:00:00Z"), utc("2026-03-08T08:00:00Z"))]
        );
    }

    #[test]
    fn overnight_rules_cross_midnight_and_merge_with_the_next_day() {
        let rules = [
            WeeklyRule {
                weekday: Weekday::Mon,
                range: TimeRange::overnight(t("22:00"), t("02:00")),
            },
            rule(Weekday::Tue, "02:00", "06:00"),
        ];
        let s = Schedule::new("UTC", &rules, &[], &[]).unwrap();
        let b = s.blocks(d("2026-12-07"), d("2026-12-08")); // Monday, Tuesday
        assert_eq!(
            b.spans,
            vec![(utc("2026-12-07T22:00:00Z"), utc("2026-12-08T06:00:00Z"))]
        );
        assert_eq!(
            b.anchors,
            vec![utc("2026-12-07T22:00:00Z"), utc("2026-12-08T02:00:00Z")]
        );
    }

    #[test]
    fn overrides_replace_a_day_and_holidays_blank_it() {
        let overrides = [
            DateOverride {
                date: d("2026-12-24"),
                intervals: vec![TimeRange::new(t("09:00"), t("12:00"))],
            },
            DateOverride {
                date: d("2026-12-23"),
                intervals: vec![],
            },
        ];
        let rules = every_day("09:00", "17:00");
        let s = Schedule::new("Europe/London", &rules, &overrides, &[d("2026-12-25")]).unwrap();
        let b = s.blocks(d("2026-12-22"), d("2026-12-26"));
        assert_eq!(
            b.spans,
            vec![
                (utc("2026-12-22T09:00:00Z"), utc("2026-12-22T17:00:00Z")),
                (utc("2026-12-24T09:00:00Z"), utc("2026-12-24T12:00:00Z")),
                (utc("2026-12-26T09:00:00Z"), utc("2026-12-26T17:00:00Z")),
            ]
        );
    }

    #[test]
    fn holiday_cuts_the_tail_of_an_overnight_interval() {
        let rules = [WeeklyRule {
            weekday: Weekday::Thu,
            range: TimeRange::overnight(t("20:00"), t("04:00")),
        }];
        let s = Schedule::new("UTC", &rules, &[], &[d("2026-12-25")]).unwrap();
        let b = s.blocks(d("2026-12-24"), d("2026-12-25"));
        assert_eq!(
            b.spans,
            vec![(utc("2026-12-24T20:00:00Z"), utc("2026-12-25T00:00:00Z"))]
        );
    }

    #[test]
    fn invalid_schedules_report_every_problem() {
        let rules = [
            rule(Weekday::Mon, "09:00", "12:00"),
            rule(Weekday::Mon, "11:00", "13:00"),
            rule(Weekday::Tue, "17:00", "09:00"),
            WeeklyRule {
                weekday: Weekday::Sun,
                range: TimeRange::overnight(t("09:00"), t("10:00")),
            },
        ];
        let overrides = [
            DateOverride {
                date: d("2026-12-24"),
                intervals: vec![],
            },
            DateOverride {
                date: d("2026-12-24"),
                intervals: vec![],
            },
        ];
        let err =
            Schedule::new("Nowhere/Else", &rules, &overrides, &[d("2026-12-24")]).unwrap_err();
        let codes: Vec<_> = err
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("timezone", "unknown_time_zone"),
                ("weekly_rules[2].end", "end_before_start"),
                ("weekly_rules[3].end", "interval_too_long"),
                ("weekly_rules[1]", "overlapping_intervals"),
                ("date_overrides[1].date", "duplicate"),
                ("holidays[0]", "override_on_holiday"),
            ]
        );
    }

    #[test]
    fn sunday_night_into_monday_overlap_is_caught() {
        let rules = [
            WeeklyRule {
                weekday: Weekday::Sun,
                range: TimeRange::overnight(t("22:00"), t("02:00")),
            },
            rule(Weekday::Mon, "01:00", "05:00"),
        ];
        let err = Schedule::new("UTC", &rules, &[], &[]).unwrap_err();
        assert_eq!(err.errors[0].code(), "overlapping_intervals");
        // Touching is fine.
        let rules = [rules[0], rule(Weekday::Mon, "02:00", "05:00")];
        assert!(Schedule::new("UTC", &rules, &[], &[]).is_ok());
    }

    #[test]
    fn subtract_and_merge() {
        assert_eq!(
            merge(vec![(0, 5), (5, 7), (9, 10), (9, 12)]),
            vec![(0, 7), (9, 12)]
        );
        assert_eq!(
            subtract(&[(0, 10), (20, 30)], &[(2, 4), (8, 22)]),
            vec![(0, 2), (4, 8), (22, 30)]
        );
        let _ = from_ts(0);
    }
}
