//! Named booking-check scenarios: every rejection code and every assignment rule.

use skyslots_core::{
    check_booking, Assignment, BookingRequest, Busy, LinkRules, Rejection, Snapshot,
};

use crate::support::*;

fn office(rules: LinkRules, busy: Vec<Busy>) -> Snapshot {
    snapshot(
        rules,
        vec![host(
            "hst_a",
            schedule("UTC", &WEEKDAYS, "09:00", "17:00"),
            busy,
        )],
    )
}

fn code(r: Result<skyslots_core::Decision, Rejection>) -> &'static str {
    r.expect_err("expected a rejection").code()
}

#[test]
fn an_offered_start_is_accepted_with_its_host() {
    let snap = office(LinkRules::default(), vec![]);
    let d = book(&snap, "2026-12-07T09:30:00Z", 30, 1).unwrap();
    assert_eq!(d.host_ids, vec!["hst_a"]);
    assert_eq!(d.end, at("2026-12-07T10:00:00Z"));
    assert!(!d.joins_session);
    assert_eq!(d.seats_remaining_after, 0);
}

#[test]
fn every_rejection_has_its_code() {
    let rules = LinkRules {
        durations: vec![30],
        daily_limit: Some(1),
        weekly_limit: Some(2),
        horizon: Some(365 * 24 * 60),
        ..LinkRules::default()
    };
    let busy = vec![
        Busy::blocked(at("2026-12-08T12:00:00Z"), at("2026-12-08T13:00:00Z")),
        Busy::link_booking(at("2026-12-09T09:00:00Z"), at("2026-12-09T09:30:00Z"), 1),
        Busy::link_booking(at("2026-12-10T09:00:00Z"), at("2026-12-10T09:30:00Z"), 1),
    ];
    let snap = office(rules, busy);
    let cases = [
        (
            "2026-12-07T20:00:00Z",
            30,
            1,
            "outside_schedule",
            "after hours",
        ),
        (
            "2026-12-07T16:45:00Z",
            30,
            1,
            "outside_schedule",
            "would end after 17:00",
        ),
        (
            "2026-12-05T10:00:00Z",
            30,
            1,
            "outside_schedule",
            "Saturday",
        ),
        (
            "2026-12-07T09:07:00Z",
            30,
            1,
            "off_grid",
            "not a slot start",
        ),
        (
            "2026-12-08T12:30:00Z",
            30,
            1,
            "conflict",
            "inside a busy block",
        ),
        (
            "2026-12-09T09:00:00Z",
            30,
            1,
            "slot_full",
            "capacity 1, one booked",
        ),
        (
            "2026-12-09T10:00:00Z",
            30,
            1,
            "daily_limit",
            "one a day, Wednesday has one",
        ),
        (
            "2026-12-11T10:00:00Z",
            30,
            1,
            "weekly_limit",
            "two a week, Wednesday and Thursday",
        ),
        (
            "2027-12-07T10:00:00Z",
            30,
            1,
            "too_far",
            "beyond the one-year horizon",
        ),
        ("2025-12-08T10:00:00Z", 30, 1, "too_soon", "in the past"),
        (
            "2026-12-07T10:00:00Z",
            45,
            1,
            "validation_failed",
            "duration not offered",
        ),
        (
            "2026-12-07T10:00:00Z",
            30,
            0,
            "validation_failed",
            "no seats",
        ),
        (
            "2026-12-07T10:00:00Z",
            30,
            2,
            "validation_failed",
            "more seats than capacity",
        ),
    ];
    for (start, duration, seats, expected, why) in cases {
        assert_eq!(
            code(book(&snap, start, duration, seats)),
            expected,
            "{start}: {why}"
        );
    }
    let sub_second = BookingRequest {
        start: at("2026-12-07T10:00:00.5Z"),
        duration: 30,
        seats: 1,
        now: at("2026-01-01T00:00:00Z"),
    };
    match check_booking(&snap, &sub_second) {
        Err(Rejection::Invalid(inv)) => assert_eq!(inv.errors[0].field, "start"),
        other => panic!("{other:?}"),
    }
    // The next week is open again.
    assert!(book(&snap, "2026-12-14T10:00:00Z", 30, 1).is_ok());
}

#[test]
fn too_soon_and_too_far_report_the_bounds() {
    let snap = office(
        LinkRules {
            min_notice: 60,
            horizon: Some(7 * 24 * 60),
            ..LinkRules::default()
        },
        vec![],
    );
    let req = |start: &str| BookingRequest {
        start: at(start),
        duration: 30,
        seats: 1,
        now: at("2026-12-07T09:00:00Z"),
    };
    assert_eq!(
        check_booking(&snap, &req("2026-12-07T09:30:00Z")),
        Err(Rejection::TooSoon {
            earliest: at("2026-12-07T10:00:00Z")
        })
    );
    assert!(check_booking(&snap, &req("2026-12-07T10:00:00Z")).is_ok());
    assert!(
        check_booking(&snap, &req("2026-12-14T09:00:00Z")).is_ok(),
        "exactly at the horizon"
    );
    assert_eq!(
        check_booking(&snap, &req("2026-12-14T09:30:00Z")),
        Err(Rejection::TooFar {
            latest: at("2026-12-14T09:00:00Z")
        })
    );
}

#[test]
fn seats_join_a_session_until_it_is_full() {
    let rules = LinkRules {
        capacity: 5,
        ..LinkRules::default()
    };
    let snap = office(
        rules,
        vec![Busy::link_booking(
            at("2026-12-07T10:00:00Z"),
            at("2026-12-07T10:30:00Z"),
            3,
        )],
    );
    let d = book(&snap, "2026-12-07T10:00:00Z", 30, 2).unwrap();
    assert!(d.joins_session);
    assert_eq!(d.seats_remaining_after, 0);
    assert_eq!(
        book(&snap, "2026-12-07T10:00:00Z", 30, 3),
        Err(Rejection::SlotFull { seats_remaining: 2 })
    );
    let fresh = book(&snap, "2026-12-07T11:00:00Z", 30, 5).unwrap();
    assert!(!fresh.joins_session);
}

#[test]
fn round_robin_picks_the_least_loaded_free_host_then_the_first_listed() {
    let rules = LinkRules {
        assignment: Assignment::RoundRobin,
        ..LinkRules::default()
    };
    let sched = schedule("UTC", &WEEKDAYS, "09:00", "17:00");
    let week_booking = |d: &str| {
        Busy::link_booking(
            at(&format!("{d}T09:00:00Z")),
            at(&format!("{d}T09:30:00Z")),
            1,
        )
    };
    // a has two bookings this week, b one, c one (and c is busy at 11:00).
    let snap = snapshot(
        rules.clone(),
        vec![
            host(
                "a",
                sched.clone(),
                vec![week_booking("2026-12-07"), week_booking("2026-12-08")],
            ),
            host("b", sched.clone(), vec![week_booking("2026-12-08")]),
            host(
                "c",
                sched.clone(),
                vec![
                    week_booking("2026-12-09"),
                    Busy::blocked(at("2026-12-10T11:00:00Z"), at("2026-12-10T12:00:00Z")),
                ],
            ),
        ],
    );
    assert_eq!(
        book(&snap, "2026-12-10T10:00:00Z", 30, 1).unwrap().host_ids,
        vec!["b"],
        "b and c tie; b is listed first"
    );
    assert_eq!(
        book(&snap, "2026-12-10T11:00:00Z", 30, 1).unwrap().host_ids,
        vec!["b"]
    );
    // A booking last week does not count this week: all tie at zero next week -> a.
    assert_eq!(
        book(&snap, "2026-12-14T10:00:00Z", 30, 1).unwrap().host_ids,
        vec!["a"]
    );
    // Everyone busy -> the most telling reason: conflict beats outside_schedule.
    let busy_all = snapshot(
        rules,
        vec![
            host("a", schedule("UTC", &WEEKDAYS, "13:00", "17:00"), vec![]),
            host(
                "b",
                sched,
                vec![Busy::blocked(
                    at("2026-12-07T09:00:00Z"),
                    at("2026-12-07T12:00:00Z"),
                )],
            ),
        ],
    );
    assert_eq!(
        code(book(&busy_all, "2026-12-07T10:00:00Z", 30, 1)),
        "conflict"
    );
}

#[test]
fn round_robin_fills_an_existing_group_session_first() {
    let rules = LinkRules {
        assignment: Assignment::RoundRobin,
        capacity: 4,
        ..LinkRules::default()
    };
    let sched = schedule("UTC", &WEEKDAYS, "09:00", "17:00");
    let snap = snapshot(
        rules,
        vec![
            host("a", sched.clone(), vec![]),
            host(
                "b",
                sched,
                vec![Busy::link_booking(
                    at("2026-12-07T10:00:00Z"),
                    at("2026-12-07T10:30:00Z"),
                    1,
                )],
            ),
        ],
    );
    let d = book(&snap, "2026-12-07T10:00:00Z", 30, 2).unwrap();
    assert_eq!(d.host_ids, vec!["b"]);
    assert!(d.joins_session);
    // b has 1 left after this; a still has 4: the slot still offers 4.
    assert_eq!(d.seats_remaining_after, 4);
    // Four seats do not fit in b's session, so a starts a new one.
    assert_eq!(
        book(&snap, "2026-12-07T10:00:00Z", 30, 4).unwrap().host_ids,
        vec!["a"]
    );
}

#[test]
fn collective_books_every_host_or_none() {
    let rules = LinkRules {
        assignment: Assignment::Collective,
        ..LinkRules::default()
    };
    let sched = schedule("UTC", &WEEKDAYS, "09:00", "17:00");
    let snap = snapshot(
        rules,
        vec![
            host("a", sched.clone(), vec![]),
            host(
                "b",
                schedule("UTC", &WEEKDAYS, "12:00", "17:00"),
                vec![Busy::blocked(
                    at("2026-12-07T15:00:00Z"),
                    at("2026-12-07T16:00:00Z"),
                )],
            ),
        ],
    );
    assert_eq!(
        book(&snap, "2026-12-07T13:00:00Z", 30, 1).unwrap().host_ids,
        vec!["a", "b"]
    );
    assert_eq!(
        code(book(&snap, "2026-12-07T10:00:00Z", 30, 1)),
        "outside_schedule",
        "b does not work then"
    );
    assert_eq!(code(book(&snap, "2026-12-07T15:00:00Z", 30, 1)), "conflict");
}
