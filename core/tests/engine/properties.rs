//! Property tests over random snapshots around DST changes in four kinds of zone.
//!
//! The oracles here are deliberately naive and independent of the engine: schedule membership
//! is judged from wall-clock readings (`with_timezone`), conflicts by comparing every busy
//! interval pairwise, limits by counting bookings per local date. The engine's index, grid
//! and day tables are never used to check themselves.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use proptest::prelude::*;
use skyslots_core::{
    availability, check_booking, Assignment, AvailabilityQuery, BookingRequest, Busy, BusyKind,
    DateOverride, HostCalendar, LinkRules, Schedule, Slot, Snapshot, TimeOfDay, TimeRange, Tz,
    WeeklyRule,
};

const ZONES: [&str; 5] = [
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
];
/// Dates just before a DST change in one of the zones (or none, for Kolkata and UTC).
const BASES: [&str; 6] = [
    "2026-03-06",
    "2026-03-27",
    "2026-04-03",
    "2026-10-02",
    "2026-10-23",
    "2026-10-30",
];

/// A schedule as plain data, kept for the oracle.
#[derive(Debug, Clone)]
struct Spec {
    zone: &'static str,
    weekly: Vec<WeeklyRule>,
    overrides: Vec<DateOverride>,
    holidays: Vec<NaiveDate>,
}

#[derive(Debug, Clone)]
struct Case {
    rules: LinkRules,
    specs: Vec<Spec>,
    busy: Vec<Vec<Busy>>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
    duration: u32,
    viewer: &'static str,
}

impl Case {
    fn snapshot(&self) -> Snapshot {
        let hosts = self
            .specs
            .iter()
            .zip(&self.busy)
            .enumerate()
            .map(|(i, (spec, busy))| HostCalendar {
                id: format!("h{i}"),
                schedule: Schedule::new(spec.zone, &spec.weekly, &spec.overrides, &spec.holidays)
                    .expect("generated valid"),
                busy: busy.clone(),
            })
            .collect();
        Snapshot::new(self.rules.clone(), hosts).expect("generated valid")
    }

    fn query(&self) -> AvailabilityQuery {
        AvailabilityQuery {
            start: self.start,
            end: self.end,
            duration: self.duration,
            timezone: self.viewer.parse().unwrap(),
            now: self.now,
        }
    }

    fn request(&self, start: DateTime<Utc>, seats: u32) -> BookingRequest {
        BookingRequest {
            start,
            duration: self.duration,
            seats,
            now: self.now,
        }
    }
}

fn quarter(q: u32) -> TimeOfDay {
    TimeOfDay::new(q / 4, (q % 4) * 15).unwrap()
}

/// A range starting on a quarter hour, 15 minutes to 10 hours long, overnight if it must be.
fn arb_range() -> impl Strategy<Value = TimeRange> {
    (0u32..96, 1u32..=40).prop_map(|(start, len)| {
        if start + len > 96 {
            TimeRange::overnight(quarter(start), quarter(start + len - 96))
        } else {
            TimeRange::new(quarter(start), quarter(start + len))
        }
    })
}

fn arb_spec(base: NaiveDate) -> impl Strategy<Value = Spec> {
    (
        proptest::sample::select(&ZONES[..]),
        proptest::option::weighted(0.7, arb_range()),
        proptest::collection::vec((0u8..7, arb_range()), 0..5),
        proptest::collection::vec(
            (0i64..10, proptest::collection::vec(arb_range(), 0..3)),
            0..3,
        ),
        proptest::collection::vec(0i64..10, 0..2),
    )
        .prop_map(move |(zone, every_day, weekly, overrides, holidays)| {
            let every_day = every_day
                .into_iter()
                .flat_map(|r| (0u8..7).map(move |d| (d, r)));
            let mut spec = Spec {
                zone,
                weekly: vec![],
                overrides: vec![],
                holidays: vec![],
            };
            // Keep each generated piece only if the schedule stays valid: no rejection, no bias.
            let valid =
                |s: &Spec| Schedule::new(s.zone, &s.weekly, &s.overrides, &s.holidays).is_ok();
            for (d, range) in every_day.chain(weekly) {
                spec.weekly.push(WeeklyRule {
                    weekday: Weekday::try_from(d).unwrap(),
                    range,
                });
                if !valid(&spec) {
                    spec.weekly.pop();
                }
            }
            for (d, intervals) in overrides {
                spec.overrides.push(DateOverride {
                    date: base + Duration::days(d),
                    intervals,
                });
                if !valid(&spec) {
                    spec.overrides.pop();
                }
            }
            for d in holidays {
                spec.holidays.push(base + Duration::days(d));
                if !valid(&spec) {
                    spec.holidays.pop();
                }
            }
            spec
        })
}

fn arb_busy(base: DateTime<Utc>, durations: Vec<u32>) -> impl Strategy<Value = Busy> {
    // Five-minute alignment makes touching intervals common, so boundaries get exercised.
    (
        0i64..(11 * 288),
        0usize..3,
        1i64..24,
        proptest::sample::select(durations),
        0u32..4,
        0u32..4,
        1u32..3,
    )
        .prop_map(move |(offset, kind, len, duration, before, after, seats)| {
            let start = base + Duration::minutes(offset * 5);
            match kind {
                0 => Busy::blocked(start, start + Duration::minutes(len * 5)),
                1 => Busy::other_booking(
                    start,
                    start + Duration::minutes(len * 5),
                    before * 5,
                    after * 5,
                ),
                _ => {
                    // This link's bookings sit on quarter hours, so they often meet grid starts.
                    let start = base + Duration::minutes(offset / 3 * 15);
                    Busy::link_booking(start, start + Duration::minutes(duration.into()), seats)
                }
            }
        })
}

fn arb_rules() -> impl Strategy<Value = LinkRules> {
    (
        proptest::sample::subsequence(vec![15u32, 30, 45, 60, 90], 1..=3),
        proptest::sample::select(vec![
            None,
            Some(5u32),
            Some(10),
            Some(15),
            Some(20),
            Some(30),
        ]),
        (0u32..4, 0u32..4),
        proptest::sample::select(vec![0u32, 30, 240, 24 * 60]),
        proptest::sample::select(vec![None, Some(4 * 24 * 60), Some(10 * 24 * 60)]),
        proptest::sample::select(vec![None, Some(1u32), Some(3)]),
        proptest::sample::select(vec![None, Some(2u32), Some(8)]),
        1u32..4,
        0u8..3,
    )
        .prop_map(
            |(
                durations,
                slot_interval,
                (bb, ba),
                min_notice,
                horizon,
                daily,
                weekly,
                capacity,
                assignment,
            )| {
                LinkRules {
                    durations,
                    slot_interval,
                    buffer_before: bb * 5,
                    buffer_after: ba * 5,
                    min_notice,
                    horizon,
                    daily_limit: daily,
                    weekly_limit: weekly,
                    capacity,
                    assignment: [
                        Assignment::Single,
                        Assignment::RoundRobin,
                        Assignment::Collective,
                    ][assignment as usize],
                }
            },
        )
}

fn arb_case() -> impl Strategy<Value = Case> {
    (
        proptest::sample::select(&BASES[..]),
        arb_rules(),
        1usize..=3,
    )
        .prop_flat_map(|(base, rules, hosts)| {
            let date: NaiveDate = base.parse().unwrap();
            let base_t = date.and_hms_opt(0, 0, 0).unwrap().and_utc();
            let hosts = if rules.assignment == Assignment::Single {
                1
            } else {
                hosts
            };
            let durations = rules.durations.clone();
            (
                Just(rules.clone()),
                proptest::collection::vec(arb_spec(date), hosts),
                proptest::collection::vec(
                    proptest::collection::vec(
                        arb_busy(base_t - Duration::days(1), durations),
                        0..12,
                    ),
                    hosts,
                ),
                0i64..(4 * 24 * 4), // window start, quarter hours after base
                1i64..(5 * 24 * 4), // window length, quarter hours
                -2880i64..1440,     // now, minutes after base: mostly before the window
                proptest::sample::select(rules.durations.clone()),
                proptest::sample::select(&ZONES[..]),
                Just(base_t),
                proptest::collection::vec(
                    (
                        any::<prop::sample::Index>(),
                        1u32..3,
                        any::<prop::sample::Index>(),
                    ),
                    0..6,
                ),
            )
        })
        .prop_map(
            |(rules, specs, busy, start, len, now, duration, viewer, base, sessions)| {
                let start = base + Duration::minutes(start * 15 + 7);
                let mut case = Case {
                    rules,
                    specs,
                    busy,
                    start,
                    end: start + Duration::minutes(len * 15),
                    now: base + Duration::minutes(now) + Duration::seconds(13),
                    duration,
                    viewer,
                };
                add_sessions(&mut case, &sessions);
                case
            },
        )
}

/// Put bookings of this link on slots the case really offers, so that group sessions are
/// joined and filled: random bookings alone almost never meet a grid start.
fn add_sessions(case: &mut Case, picks: &[(prop::sample::Index, u32, prop::sample::Index)]) {
    let offered = availability(&case.snapshot(), &case.query()).unwrap().slots;
    if offered.is_empty() {
        return;
    }
    for (slot, seats, host) in picks {
        let slot = offered[slot.index(offered.len())];
        let seats = (*seats).min(case.rules.capacity);
        let booking = Busy::link_booking(slot.start, slot.end, seats);
        if case.rules.assignment == Assignment::Collective {
            case.busy.iter_mut().for_each(|b| b.push(booking));
        } else {
            let h = host.index(case.busy.len());
            case.busy[h].push(booking);
        }
    }
}

// ---- oracles -------------------------------------------------------------------------

/// Ranges that start on `date` (override or weekly), unless it is a holiday.
fn ranges_on(spec: &Spec, date: NaiveDate) -> Vec<TimeRange> {
    if spec.holidays.contains(&date) {
        return vec![];
    }
    if let Some(o) = spec.overrides.iter().find(|o| o.date == date) {
        return o.intervals.clone();
    }
    spec.weekly
        .iter()
        .filter(|r| r.weekday == date.weekday())
        .map(|r| r.range)
        .collect()
}

/// Is the schedule open at instant `t`, judged from the wall clock? `None` when the wall time
/// is ambiguous (the repeated hour), where the model deliberately picks the first occurrence.
fn open_at(spec: &Spec, t: DateTime<Utc>) -> Option<bool> {
    let tz: Tz = spec.zone.parse().unwrap();
    let local = t.with_timezone(&tz).naive_local();
    if is_ambiguous(tz, local) {
        return None;
    }
    let (date, minute) = (local.date(), local.hour() * 60 + local.minute());
    if spec.holidays.contains(&date) {
        return Some(false);
    }
    let today = ranges_on(spec, date).into_iter().any(|r| {
        let (s, e) = (r.start.minutes(), r.end.minutes());
        minute >= s && (r.ends_next_day || minute < e)
    });
    let spill = ranges_on(spec, date - Duration::days(1))
        .into_iter()
        .any(|r| r.ends_next_day && minute < r.end.minutes());
    Some(today || spill)
}

/// The repeated hour when clocks go back.
fn is_ambiguous(tz: Tz, local: chrono::NaiveDateTime) -> bool {
    use chrono::TimeZone;
    matches!(
        tz.from_local_datetime(&local),
        chrono::LocalResult::Ambiguous(..)
    )
}

/// Inside the schedule for the whole slot, sampled every minute.
fn inside_schedule(spec: &Spec, slot: &Slot) -> bool {
    let mut t = slot.start;
    while t < slot.end {
        if open_at(spec, t) == Some(false) {
            return false;
        }
        t += Duration::minutes(1);
    }
    true
}

/// No busy interval of `busy` is closer to the slot than the larger facing buffer, except a
/// session of this link with the very same start and end. Returns the seats that session holds.
fn free_of_conflicts(rules: &LinkRules, busy: &[Busy], slot: &Slot) -> Option<u32> {
    let (lb, la) = (
        Duration::minutes(rules.buffer_before.into()),
        Duration::minutes(rules.buffer_after.into()),
    );
    let mut taken = 0;
    for b in busy.iter().filter(|b| b.end > b.start) {
        let (own_b, own_a) = match b.kind {
            BusyKind::LinkBooking { seats } => {
                if (b.start, b.end) == (slot.start, slot.end) {
                    taken += seats;
                    continue;
                }
                (lb, la)
            }
            BusyKind::Blocked => (Duration::zero(), Duration::zero()),
            BusyKind::OtherBooking => (
                Duration::minutes(b.buffer_before.into()),
                Duration::minutes(b.buffer_after.into()),
            ),
        };
        let apart = b.end + own_a.max(lb) <= slot.start || slot.end + la.max(own_b) <= b.start;
        if !apart {
            return None;
        }
    }
    (taken < rules.capacity).then_some(taken)
}

/// Sessions of this link on the slot's local date / ISO week, for a host in `zone`.
fn sessions_around(zone: &str, busy: &[Busy], t: DateTime<Utc>) -> (u32, u32) {
    let tz: Tz = zone.parse().unwrap();
    let date = t.with_timezone(&tz).date_naive();
    let sessions: BTreeSet<(DateTime<Utc>, DateTime<Utc>)> = busy
        .iter()
        .filter(|b| matches!(b.kind, BusyKind::LinkBooking { .. }) && b.end > b.start)
        .map(|b| (b.start, b.end))
        .collect();
    let mut day = 0;
    let mut week = 0;
    for (s, _) in sessions {
        let d = s.with_timezone(&tz).date_naive();
        day += u32::from(d == date);
        week += u32::from(d.iso_week() == date.iso_week());
    }
    (day, week)
}

/// Can host `h` take one seat at `slot`, by the oracles?
fn host_can_take(case: &Case, h: usize, slot: &Slot) -> bool {
    if !inside_schedule(&case.specs[h], slot) {
        return false;
    }
    let Some(taken) = free_of_conflicts(&case.rules, &case.busy[h], slot) else {
        return false;
    };
    if taken > 0 {
        return true; // joining a session is not a new session
    }
    let (day, week) = sessions_around(case.specs[h].zone, &case.busy[h], slot.start);
    case.rules.daily_limit.is_none_or(|l| day < l)
        && case.rules.weekly_limit.is_none_or(|l| week < l)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_global_rejects: 100_000, ..ProptestConfig::default() })]

    #[test]
    fn slots_obey_window_notice_horizon_schedule_busy_and_limits(case in arb_case()) {
        let snap = case.snapshot();
        let a = availability(&snap, &case.query()).unwrap();
        let notice = case.now + Duration::minutes(case.rules.min_notice.into());
        for pair in a.slots.windows(2) {
            prop_assert!(pair[0].start < pair[1].start, "sorted and distinct");
        }
        for slot in &a.slots {
            prop_assert!(slot.start >= case.start && slot.start < case.end, "inside the window: {slot:?}");
            prop_assert!(slot.start >= notice, "respects notice: {slot:?}");
            if let Some(h) = case.rules.horizon {
                prop_assert!(slot.start <= case.now + Duration::minutes(h.into()), "respects horizon: {slot:?}");
            }
            prop_assert_eq!(slot.end - slot.start, Duration::minutes(case.duration.into()));
            prop_assert!(slot.seats_remaining >= 1 && slot.seats_remaining <= case.rules.capacity);
            let hosts = 0..case.specs.len();
            let ok = match case.rules.assignment {
                Assignment::Collective => hosts.clone().all(|h| host_can_take(&case, h, slot)),
                _ => hosts.clone().any(|h| host_can_take(&case, h, slot)),
            };
            prop_assert!(ok, "slot {slot:?} breaks a rule for {:?}", case.rules.assignment);
        }
    }

    #[test]
    fn check_booking_accepts_exactly_the_offered_starts(case in arb_case(), probes in proptest::collection::vec(0i64..(5 * 24 * 12), 40)) {
        let snap = case.snapshot();
        let a = availability(&snap, &case.query()).unwrap();
        let offered: BTreeMap<DateTime<Utc>, u32> = a.slots.iter().map(|s| (s.start, s.seats_remaining)).collect();
        for (&start, &seats) in &offered {
            let d = check_booking(&snap, &case.request(start, seats));
            prop_assert!(d.is_ok(), "offered {start} with {seats} seats but refused: {d:?}");
            if seats < case.rules.capacity {
                let r = check_booking(&snap, &case.request(start, seats + 1));
                prop_assert!(r.is_err(), "{start}: {} seats accepted, {seats} offered", seats + 1);
            }
        }
        // Probes on a five-minute grid through the window: accepted exactly when offered.
        let first = case.start - Duration::seconds(case.start.timestamp().rem_euclid(300));
        for p in probes {
            let start = first + Duration::minutes(p * 5);
            if start < case.start || start >= case.end {
                continue;
            }
            let accepted = check_booking(&snap, &case.request(start, 1)).is_ok();
            prop_assert_eq!(accepted, offered.contains_key(&start), "probe {}", start);
        }
    }

    /// Storage loads only `busy_range`; that must be enough for the same answer.
    #[test]
    fn busy_range_holds_everything_the_answer_depends_on(case in arb_case()) {
        let full = availability(&case.snapshot(), &case.query()).unwrap();
        let (from, to) = skyslots_core::busy_range(&case.rules, case.start, case.end);
        let mut loaded = case.clone();
        for busy in &mut loaded.busy {
            busy.retain(|b| b.end > from && b.start < to);
        }
        prop_assert_eq!(availability(&loaded.snapshot(), &case.query()).unwrap().slots, full.slots);
        // The same for a booking check at each offered start.
        for slot in availability(&case.snapshot(), &case.query()).unwrap().slots.iter().take(5) {
            let (from, to) = skyslots_core::busy_range(&case.rules, slot.start, slot.end);
            let mut one = case.clone();
            for busy in &mut one.busy {
                busy.retain(|b| b.end > from && b.start < to);
            }
            prop_assert!(check_booking(&one.snapshot(), &case.request(slot.start, 1)).is_ok());
        }
    }

    #[test]
    fn viewer_zone_and_window_do_not_change_which_slots_exist(case in arb_case(), grow_before in 0i64..3000, grow_after in 0i64..3000) {
        let snap = case.snapshot();
        let base = availability(&snap, &case.query()).unwrap();
        let mut q = case.query();
        q.timezone = "Pacific/Chatham".parse().unwrap();
        prop_assert_eq!(&availability(&snap, &q).unwrap().slots, &base.slots);
        q.start -= Duration::minutes(grow_before);
        q.end += Duration::minutes(grow_after);
        let wide: Vec<Slot> = availability(&snap, &q)
            .unwrap()
            .slots
            .into_iter()
            .filter(|s| s.start >= case.start && s.start < case.end)
            .collect();
        prop_assert_eq!(wide, base.slots);
    }
}

/// The properties above only mean something if the generator produces cases with slots,
/// joinable group sessions and rejections. This keeps it honest if the generator changes.
#[test]
fn generator_produces_meaningful_cases() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut with_slots, mut joinable, mut multi_host) = (0, 0, 0);
    let n = 300;
    for _ in 0..n {
        let case = arb_case().new_tree(&mut runner).unwrap().current();
        let a = availability(&case.snapshot(), &case.query()).unwrap();
        with_slots += usize::from(!a.slots.is_empty());
        joinable += usize::from(
            a.slots
                .iter()
                .any(|s| s.seats_remaining < case.rules.capacity),
        );
        multi_host += usize::from(case.specs.len() > 1);
    }
    assert!(
        with_slots * 100 / n >= 35,
        "only {with_slots}/{n} cases have slots"
    );
    assert!(
        joinable * 100 / n >= 10,
        "only {joinable}/{n} cases have joinable sessions"
    );
    assert!(
        multi_host * 100 / n >= 30,
        "only {multi_host}/{n} cases have several hosts"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any instants at all, including ones near chrono's limits: an answer or a typed error,
    /// never a panic.
    #[test]
    fn arbitrary_instants_never_panic(start in any::<i64>(), len in any::<i64>(), now in any::<i64>(), zone in proptest::sample::select(&ZONES[..])) {
        // Most i64 values are beyond chrono's range: they become its very first or last instant.
        let t = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or(if s < 0 { DateTime::<Utc>::MIN_UTC } else { DateTime::<Utc>::MAX_UTC });
        let snap = Snapshot::new(
            LinkRules { horizon: Some(60), ..LinkRules::default() },
            vec![HostCalendar {
                id: "h".into(),
                schedule: Schedule::new(zone, &[WeeklyRule { weekday: Weekday::Mon, range: TimeRange::new(TimeOfDay::MIDNIGHT, TimeOfDay::END_OF_DAY) }], &[], &[]).unwrap(),
                busy: vec![Busy::blocked(t(start), t(start.wrapping_add(len)))],
            }],
        )
        .unwrap();
        let q = AvailabilityQuery { start: t(start), end: t(start.wrapping_add(len % 10_000_000)), duration: 30, timezone: Tz::UTC, now: t(now) };
        let _ = availability(&snap, &q);
        let _ = check_booking(&snap, &BookingRequest { start: t(start), duration: 30, seats: 1, now: t(now) });
        let rec = skyslots_core::recurrence::Recurrence::new("FREQ=WEEKLY", t(start).naive_utc(), Tz::UTC);
        if let Ok(r) = rec {
            let _ = r.between(t(now), t(now.wrapping_add(len % 100_000_000)), 20);
        }
    }
}
