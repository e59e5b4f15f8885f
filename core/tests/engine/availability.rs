//! Named availability scenarios: one per rule, DST cases in four kinds of zone.

use chrono::{Duration, Timelike, Weekday};
use skyslots_core::{
    availability, Assignment, AvailabilityQuery, Busy, DateOverride, LinkRules, Schedule,
    TimeRange, Tz, WeeklyRule,
};

use crate::support::*;

fn one_host(rules: LinkRules, zone: &str, busy: Vec<Busy>) -> skyslots_core::Snapshot {
    snapshot(
        rules,
        vec![host(
            "hst_a",
            schedule(zone, &WEEKDAYS, "09:00", "17:00"),
            busy,
        )],
    )
}

#[test]
fn slots_align_to_the_duration_by_default() {
    let snap = one_host(
        LinkRules {
            durations: vec![30, 60],
            ..LinkRules::default()
        },
        "UTC",
        vec![],
    );
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 60),
    );
    assert_eq!(a.slots.len(), 8);
    assert_eq!(starts(&a)[0], "2026-12-07T09:00Z");
    assert_eq!(starts(&a)[7], "2026-12-07T16:00Z");
    assert!(a
        .slots
        .iter()
        .all(|s| s.end - s.start == Duration::minutes(60)));
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 30),
    );
    assert_eq!(a.slots.len(), 16);
}

#[test]
fn slot_interval_sets_the_step_between_starts() {
    let rules = LinkRules {
        durations: vec![60],
        slot_interval: Some(15),
        ..LinkRules::default()
    };
    let snap = one_host(rules, "UTC", vec![]);
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 60),
    );
    // 09:00, 09:15, ... 16:00: the last one ends at 17:00.
    assert_eq!(a.slots.len(), 29);
    assert_eq!(starts(&a)[1], "2026-12-07T09:15Z");
    assert_eq!(starts(&a).last().unwrap(), "2026-12-07T16:00Z");
}

#[test]
fn weekends_and_nights_are_closed_and_the_window_is_respected() {
    let snap = one_host(LinkRules::default(), "UTC", vec![]);
    // Saturday and Sunday.
    assert!(slots(
        &snap,
        &query("2026-12-05T00:00:00Z", "2026-12-07T00:00:00Z", 30)
    )
    .slots
    .is_empty());
    // A window inside the day cuts slots at both ends: starts in [10:10, 11:00).
    let a = slots(
        &snap,
        &query("2026-12-07T10:10:00Z", "2026-12-07T11:00:00Z", 30),
    );
    assert_eq!(starts(&a), vec!["2026-12-07T10:30Z"]);
    // A slot may start right before the window's end even if it ends after it.
    let a = slots(
        &snap,
        &query("2026-12-07T16:29:00Z", "2026-12-07T16:31:00Z", 30),
    );
    assert_eq!(starts(&a), vec!["2026-12-07T16:30Z"]);
}

#[test]
fn busy_time_and_buffers_remove_slots() {
    let rules = LinkRules {
        buffer_before: 15,
        buffer_after: 15,
        ..LinkRules::default()
    };
    let busy = vec![
        Busy::blocked(at("2026-12-07T12:00:00Z"), at("2026-12-07T13:00:00Z")),
        // Another link's booking that wants 30 minutes after it.
        Busy::other_booking(
            at("2026-12-07T14:00:00Z"),
            at("2026-12-07T14:30:00Z"),
            0,
            30,
        ),
    ];
    let snap = one_host(rules, "UTC", busy);
    let a = slots(
        &snap,
        &query("2026-12-07T11:00:00Z", "2026-12-07T16:00:00Z", 30),
    );
    // 11:30 ends 12:00 but needs 15 min after; 13:00 starts at the block's end but needs 15 min
    // before; 13:30 ends 14:00 (15 min needed before 14:00); 14:30 is inside their 30-minute
    // buffer; 15:00 is the first start after it.
    assert_eq!(
        starts(&a),
        vec![
            "2026-12-07T11:00Z",
            "2026-12-07T15:00Z",
            "2026-12-07T15:30Z"
        ]
    );
}

#[test]
fn facing_buffers_need_the_larger_gap_not_the_sum() {
    let rules = LinkRules {
        buffer_after: 10,
        slot_interval: Some(5),
        ..LinkRules::default()
    };
    let busy = vec![Busy::other_booking(
        at("2026-12-07T10:00:00Z"),
        at("2026-12-07T10:30:00Z"),
        5,
        0,
    )];
    let snap = one_host(rules, "UTC", busy);
    let a = slots(
        &snap,
        &query("2026-12-07T09:00:00Z", "2026-12-07T09:30:00Z", 30),
    );
    // The last start before 10:00 needs max(10 after, 5 before) = 10 minutes: 09:20.
    assert_eq!(starts(&a).last().unwrap(), "2026-12-07T09:20Z");
}

#[test]
fn minimum_notice_and_horizon_follow_now() {
    let rules = LinkRules {
        min_notice: 120,
        horizon: Some(24 * 60),
        ..LinkRules::default()
    };
    let snap = one_host(rules, "UTC", vec![]);
    let mut q = query("2026-12-07T00:00:00Z", "2026-12-10T00:00:00Z", 30);
    q.now = at("2026-12-07T09:10:30Z");
    let a = slots(&snap, &q);
    // Earliest start 11:10:30 -> 11:30; latest start 2026-12-08T09:10:30 -> 09:00.
    assert_eq!(starts(&a).first().unwrap(), "2026-12-07T11:30Z");
    assert_eq!(starts(&a).last().unwrap(), "2026-12-08T09:00Z");
}

#[test]
fn daily_and_weekly_limits_count_sessions_in_the_schedule_zone() {
    let rules = LinkRules {
        daily_limit: Some(2),
        ..LinkRules::default()
    };
    // New York schedule; two bookings on Monday 2026-12-07 local.
    let busy = vec![
        Busy::link_booking(at("2026-12-07T14:00:00Z"), at("2026-12-07T14:30:00Z"), 1),
        Busy::link_booking(at("2026-12-07T15:00:00Z"), at("2026-12-07T15:30:00Z"), 1),
    ];
    let snap = snapshot(
        rules.clone(),
        vec![host(
            "h",
            schedule("America/New_York", &WEEKDAYS, "09:00", "17:00"),
            busy.clone(),
        )],
    );
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-09T05:00:00Z", 30),
    );
    assert!(
        a.slots
            .iter()
            .all(|s| s.start >= at("2026-12-08T14:00:00Z")),
        "Monday is full"
    );
    assert_eq!(a.slots.len(), 16, "Tuesday is open");
    // Weekly: three per week, two used on Monday -> one more this week, none after it is taken.
    let weekly = LinkRules {
        weekly_limit: Some(3),
        ..LinkRules::default()
    };
    let mut busy3 = busy;
    busy3.push(Busy::link_booking(
        at("2026-12-09T14:00:00Z"),
        at("2026-12-09T14:30:00Z"),
        1,
    ));
    let snap = snapshot(
        weekly,
        vec![host(
            "h",
            schedule("America/New_York", &WEEKDAYS, "09:00", "17:00"),
            busy3,
        )],
    );
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-19T00:00:00Z", 30),
    );
    assert!(
        a.slots
            .iter()
            .all(|s| s.start >= at("2026-12-14T14:00:00Z")),
        "week of the 7th is full"
    );
    assert_eq!(a.slots.len(), 5 * 16);
}

#[test]
fn group_sessions_keep_seats_until_full() {
    let rules = LinkRules {
        capacity: 3,
        durations: vec![60],
        ..LinkRules::default()
    };
    let busy = vec![
        Busy::link_booking(at("2026-12-07T10:00:00Z"), at("2026-12-07T11:00:00Z"), 2),
        Busy::link_booking(at("2026-12-07T12:00:00Z"), at("2026-12-07T13:00:00Z"), 2),
        Busy::link_booking(at("2026-12-07T12:00:00Z"), at("2026-12-07T13:00:00Z"), 1),
    ];
    let snap = one_host(rules, "UTC", busy);
    let a = slots(
        &snap,
        &query("2026-12-07T09:00:00Z", "2026-12-07T14:00:00Z", 60),
    );
    let seats: Vec<(String, u32)> = a
        .slots
        .iter()
        .map(|s| (s.start.format("%H:%M").to_string(), s.seats_remaining))
        .collect();
    assert_eq!(
        seats,
        vec![
            ("09:00".into(), 3),
            ("10:00".into(), 1),
            ("11:00".into(), 3),
            ("13:00".into(), 3)
        ]
    );
}

#[test]
fn round_robin_offers_a_slot_while_any_host_is_free() {
    let rules = LinkRules {
        assignment: Assignment::RoundRobin,
        ..LinkRules::default()
    };
    let sched = schedule("UTC", &WEEKDAYS, "09:00", "11:00");
    let snap = snapshot(
        rules,
        vec![
            host(
                "a",
                sched.clone(),
                vec![Busy::blocked(
                    at("2026-12-07T09:00:00Z"),
                    at("2026-12-07T10:00:00Z"),
                )],
            ),
            host(
                "b",
                sched,
                vec![Busy::blocked(
                    at("2026-12-07T09:30:00Z"),
                    at("2026-12-07T10:30:00Z"),
                )],
            ),
        ],
    );
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 30),
    );
    // 09:00 (b free), 09:30 (both busy), 10:00 (a free), 10:30 (both free).
    assert_eq!(
        starts(&a),
        vec![
            "2026-12-07T09:00Z",
            "2026-12-07T10:00Z",
            "2026-12-07T10:30Z"
        ]
    );
}

#[test]
fn collective_needs_every_host_and_round_robin_merges_different_schedules() {
    let a_sched = schedule("UTC", &WEEKDAYS, "09:00", "12:00");
    let b_sched = schedule("Europe/Berlin", &WEEKDAYS, "11:00", "15:00"); // 10:00-14:00Z in winter
    let hosts = vec![host("a", a_sched, vec![]), host("b", b_sched, vec![])];
    let collective = snapshot(
        LinkRules {
            assignment: Assignment::Collective,
            durations: vec![60],
            ..LinkRules::default()
        },
        hosts.clone(),
    );
    let a = slots(
        &collective,
        &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 60),
    );
    assert_eq!(starts(&a), vec!["2026-12-07T10:00Z", "2026-12-07T11:00Z"]);
    let rr = snapshot(
        LinkRules {
            assignment: Assignment::RoundRobin,
            durations: vec![60],
            ..LinkRules::default()
        },
        hosts,
    );
    let a = slots(
        &rr,
        &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 60),
    );
    assert_eq!(
        a.slots.len(),
        5,
        "09:00..13:00 from either host, no duplicates"
    );
}

#[test]
fn viewer_time_zone_changes_display_only() {
    let snap = one_host(LinkRules::default(), "Europe/London", vec![]);
    let mut q = query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 30);
    let utc = slots(&snap, &q);
    q.timezone = tz("America/New_York");
    let ny = slots(&snap, &q);
    assert_eq!(utc.slots, ny.slots);
    let first = ny.local_slots().next().unwrap();
    assert_eq!(first.start.to_rfc3339(), "2026-12-07T04:00:00-05:00");
    q.timezone = tz("Asia/Kolkata");
    let first = slots(&snap, &q).local_slots().next().unwrap();
    assert_eq!(first.start.to_rfc3339(), "2026-12-07T14:30:00+05:30");
}

/// Hourly slots over one local day of an all-day schedule.
fn hourly_all_day(zone: &str, date: &str) -> Vec<String> {
    let snap = snapshot(
        LinkRules {
            durations: vec![60],
            ..LinkRules::default()
        },
        vec![host(
            "h",
            schedule(zone, &ALL_DAYS, "00:00", "24:00"),
            vec![],
        )],
    );
    let z = tz(zone);
    let start = skyslots_core::resolve_local(z, day(date), tod("00:00"));
    let end = skyslots_core::resolve_local(z, day(date) + Duration::days(1), tod("00:00"));
    let mut q = query("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 60);
    (q.start, q.end, q.timezone) = (start, end, z);
    let a = slots(&snap, &q);
    a.local_slots()
        .map(|s| s.start.format("%H:%M%:z").to_string())
        .collect()
}

#[test]
fn dst_days_have_the_right_number_of_hourly_slots() {
    // America/New_York: 23 hours in spring, 25 in autumn, the repeated 01:00 shown twice.
    let spring = hourly_all_day("America/New_York", "2026-03-08");
    assert_eq!(spring.len(), 23);
    assert!(
        !spring.iter().any(|s| s.starts_with("02:")),
        "02:xx does not exist"
    );
    let fall = hourly_all_day("America/New_York", "2026-11-01");
    assert_eq!(fall.len(), 25);
    assert_eq!(&fall[1..3], ["01:00-04:00", "01:00-05:00"]);
    // Europe/London.
    assert_eq!(hourly_all_day("Europe/London", "2026-03-29").len(), 23);
    assert_eq!(hourly_all_day("Europe/London", "2026-10-25").len(), 25);
    // Asia/Kolkata has no DST.
    assert_eq!(hourly_all_day("Asia/Kolkata", "2026-03-29").len(), 24);
}

#[test]
fn lord_howe_half_hour_shift() {
    // 2026-10-04 02:00 -> 02:30 (+10:30 -> +11:00): a 23.5-hour day. Hourly slots run from 00:00
    // in real hours, so after the gap they sit on the half hour: 02:30, 03:30, ... The all-day
    // schedule is one open block across midnight, so 23:30 is offered (it ends 00:30 the next day).
    let spring = hourly_all_day("Australia/Lord_Howe", "2026-10-04");
    assert_eq!(spring.len(), 24);
    assert_eq!(&spring[..3], ["00:00+10:30", "01:00+10:30", "02:30+11:00"]);
    assert_eq!(spring.last().unwrap(), "23:30+11:00");
    // 2026-04-05 02:00 -> 01:30 (+11:00 -> +10:30): a 24.5-hour day; 25 hourly starts in it.
    let autumn = hourly_all_day("Australia/Lord_Howe", "2026-04-05");
    assert_eq!(autumn.len(), 25);
    assert_eq!(&autumn[..3], ["00:00+11:00", "01:00+11:00", "01:30+10:30"]);
    assert_eq!(autumn.last().unwrap(), "23:30+10:30");
}

#[test]
fn nine_to_five_stays_eight_hours_in_london_on_change_days() {
    for date in ["2026-03-29", "2026-10-25"] {
        let snap = snapshot(
            LinkRules {
                durations: vec![60],
                ..LinkRules::default()
            },
            vec![host(
                "h",
                schedule("Europe/London", &ALL_DAYS, "09:00", "17:00"),
                vec![],
            )],
        );
        let mut q = query("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", 60);
        q.start = at(&format!("{date}T00:00:00Z"));
        q.end = q.start + Duration::days(1);
        q.timezone = tz("Europe/London");
        let local: Vec<u32> = slots(&snap, &q)
            .local_slots()
            .map(|s| s.start.hour())
            .collect();
        assert_eq!(local, (9..17).collect::<Vec<_>>(), "{date}");
    }
}

#[test]
fn no_slot_at_a_time_that_does_not_exist() {
    // A rule covering New York's skipped hour: 01:30-03:30 on 2026-03-08 has 01:30 EST, then
    // the clock jumps to 03:00 EDT; 30-minute slots: 01:30, 03:00 (02:xx never appears).
    let rules = [WeeklyRule {
        weekday: Weekday::Sun,
        range: TimeRange::new(tod("01:30"), tod("03:30")),
    }];
    let snap = snapshot(
        LinkRules::default(),
        vec![host(
            "h",
            Schedule::new("America/New_York", &rules, &[], &[]).unwrap(),
            vec![],
        )],
    );
    let mut q = query("2026-03-08T00:00:00Z", "2026-03-09T00:00:00Z", 30);
    q.timezone = tz("America/New_York");
    let local: Vec<String> = slots(&snap, &q)
        .local_slots()
        .map(|s| s.start.format("%H:%M").to_string())
        .collect();
    assert_eq!(local, vec!["01:30", "03:00"]);
}

#[test]
fn overrides_holidays_and_overnight_rules() {
    let rules = vec![
        WeeklyRule {
            weekday: Weekday::Mon,
            range: TimeRange::new(tod("09:00"), tod("10:00")),
        },
        WeeklyRule {
            weekday: Weekday::Tue,
            range: TimeRange::overnight(tod("23:00"), tod("01:00")),
        },
        WeeklyRule {
            weekday: Weekday::Wed,
            range: TimeRange::new(tod("09:00"), tod("10:00")),
        },
        WeeklyRule {
            weekday: Weekday::Thu,
            range: TimeRange::new(tod("09:00"), tod("10:00")),
        },
    ];
    let overrides = [DateOverride {
        date: day("2026-12-07"),
        intervals: vec![TimeRange::new(tod("14:00"), tod("15:00"))],
    }];
    let sched = Schedule::new("UTC", &rules, &overrides, &[day("2026-12-10")]).unwrap();
    let snap = snapshot(
        LinkRules {
            durations: vec![60],
            ..LinkRules::default()
        },
        vec![host("h", sched, vec![])],
    );
    let a = slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-11T00:00:00Z", 60),
    );
    assert_eq!(
        starts(&a),
        vec![
            "2026-12-07T14:00Z",
            "2026-12-08T23:00Z",
            "2026-12-09T00:00Z",
            "2026-12-09T09:00Z"
        ],
        "Monday overridden, Tuesday overnight (the 23:00 one crosses midnight), Thursday a holiday"
    );
}

#[test]
fn queries_are_validated() {
    let snap = one_host(LinkRules::default(), "UTC", vec![]);
    let bad = |q: AvailabilityQuery| availability(&snap, &q).unwrap_err().errors[0].code();
    assert_eq!(
        bad(query("2026-12-08T00:00:00Z", "2026-12-07T00:00:00Z", 30)),
        "end_before_start"
    );
    assert_eq!(
        bad(query("2026-12-08T00:00:00Z", "2026-12-08T00:00:00Z", 30)),
        "end_before_start"
    );
    assert_eq!(
        bad(query("2026-12-01T00:00:00Z", "2027-03-12T00:00:00Z", 30)),
        "window_too_long"
    );
    assert_eq!(
        bad(query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 45)),
        "not_offered"
    );
    // A 100-day window is allowed.
    assert!(availability(
        &snap,
        &query("2026-12-01T00:00:00Z", "2027-03-11T00:00:00Z", 30)
    )
    .is_ok());
}

#[test]
fn busy_interval_with_end_before_start_holds_no_time() {
    let busy = vec![Busy::blocked(
        at("2026-12-07T12:00:00Z"),
        at("2026-12-07T10:00:00Z"),
    )];
    let snap = one_host(LinkRules::default(), "UTC", busy);
    assert_eq!(
        slots(
            &snap,
            &query("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", 30)
        )
        .slots
        .len(),
        16
    );
    let _ = Tz::UTC;
}

#[test]
fn long_busy_time_that_began_long_before_the_window_still_blocks() {
    // A sabbatical from October to the end of the year, and a booking far in the future.
    let busy = vec![
        Busy::blocked(at("2026-10-01T00:00:00Z"), at("2026-12-31T00:00:00Z")),
        Busy::blocked(at("2027-06-01T09:00:00Z"), at("2027-06-01T10:00:00Z")),
    ];
    let snap = one_host(LinkRules::default(), "UTC", busy);
    assert!(slots(
        &snap,
        &query("2026-12-07T00:00:00Z", "2026-12-12T00:00:00Z", 30)
    )
    .slots
    .is_empty());
    assert_eq!(
        book(&snap, "2026-12-08T10:00:00Z", 30, 1)
            .unwrap_err()
            .code(),
        "conflict"
    );
    assert_eq!(
        slots(
            &snap,
            &query("2027-01-04T00:00:00Z", "2027-01-05T00:00:00Z", 30)
        )
        .slots
        .len(),
        16
    );
}
