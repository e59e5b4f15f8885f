//! Availability and booking-check cost over a 90-day window with a 15-minute slot interval.
//!
//! Run: `cargo bench -p skyslots-core --bench availability`. Results and the machine they came
//! from are recorded in docs/benchmarks.md. Each iteration is one full query as the API will
//! make it: schedule expansion, busy index, enumeration (or one check), on a prepared snapshot.
#![allow(clippy::unwrap_used)] // a benchmark on fixed, known-good inputs

use std::hint::black_box;

use chrono::{DateTime, Duration, Utc, Weekday};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use skyslots_core::{
    availability, check_booking, Assignment, AvailabilityQuery, BookingRequest, Busy, HostCalendar,
    LinkRules, Schedule, Snapshot, TimeOfDay, TimeRange, Tz, WeeklyRule,
};

const DAYS: i64 = 90;

fn window_start() -> DateTime<Utc> {
    // Spans the October DST change in London.
    "2026-09-01T00:00:00Z".parse().unwrap()
}

fn schedule() -> Schedule {
    let rules: Vec<WeeklyRule> = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .map(|weekday| WeeklyRule {
        weekday,
        range: TimeRange::new(
            TimeOfDay::new(8, 0).unwrap(),
            TimeOfDay::new(20, 0).unwrap(),
        ),
    })
    .collect();
    Schedule::new("Europe/London", &rules, &[], &[]).unwrap()
}

/// `n` busy intervals spread pseudo-randomly (fixed seed) over the window, 15 minutes to 2
/// hours long, a mix of busy blocks, other links' bookings and this link's bookings.
fn busy(n: usize, seed: u64) -> Vec<Busy> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let minutes = DAYS * 24 * 60;
    let origin = window_start();
    let mut out: Vec<Busy> = (0..n)
        .map(|_| {
            let start = origin + Duration::minutes((next() as i64 % (minutes / 5)) * 5);
            let end = start + Duration::minutes(15 * (1 + next() as i64 % 8));
            match next() % 3 {
                0 => Busy::blocked(start, end),
                1 => Busy::other_booking(start, end, 5, 10),
                _ => Busy::link_booking(start, end, 1),
            }
        })
        .collect();
    // Storage loads busy time ordered by start.
    out.sort_by_key(|b| b.start);
    out
}

fn snapshot(hosts: usize, busy_total: usize, assignment: Assignment) -> Snapshot {
    let rules = LinkRules {
        durations: vec![30],
        slot_interval: Some(15),
        buffer_before: 5,
        buffer_after: 10,
        daily_limit: Some(40),
        assignment,
        ..LinkRules::default()
    };
    let calendars = (0..hosts)
        .map(|h| HostCalendar {
            id: format!("hst_{h}"),
            schedule: schedule(),
            busy: busy(busy_total / hosts, h as u64 + 1),
        })
        .collect();
    Snapshot::new(rules, calendars).unwrap()
}

fn query() -> AvailabilityQuery {
    AvailabilityQuery {
        start: window_start(),
        end: window_start() + Duration::days(DAYS),
        duration: 30,
        timezone: "America/New_York".parse::<Tz>().unwrap(),
        now: "2026-08-01T00:00:00Z".parse().unwrap(),
    }
}

fn bench_availability(c: &mut Criterion) {
    let mut group = c.benchmark_group("availability_90d_15min");
    for &(label, hosts, assignment) in &[
        ("one_host", 1, Assignment::Single),
        ("round_robin_10_hosts", 10, Assignment::RoundRobin),
    ] {
        for &n in &[100usize, 1_000, 10_000] {
            let snap = snapshot(hosts, n, assignment);
            let q = query();
            let offered = availability(&snap, &q).unwrap().slots.len();
            eprintln!("{label}/{n}: {offered} slots offered");
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(label, n), &n, |b, _| {
                b.iter(|| black_box(availability(black_box(&snap), black_box(&q)).unwrap()));
            });
        }
    }
    group.finish();
}

fn bench_check_booking(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_booking");
    for &(label, hosts, assignment) in &[
        ("one_host", 1, Assignment::Single),
        ("round_robin_10_hosts", 10, Assignment::RoundRobin),
    ] {
        let snap = snapshot(hosts, 10_000, assignment);
        // A start the engine offers, so the whole check runs (the snapshot is nearly full).
        let offered = availability(&snap, &query()).unwrap().slots;
        let slot = offered[offered.len() / 2];
        let req = BookingRequest {
            start: slot.start,
            duration: 30,
            seats: 1,
            now: query().now,
        };
        group.bench_function(BenchmarkId::new(label, 10_000), |b| {
            b.iter(|| black_box(check_booking(black_box(&snap), black_box(&req)).unwrap()));
        });
    }
    group.finish();
}

/// How cost grows with busy intervals beyond the targets: the marginal cost per interval.
fn bench_scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("busy_scaling_90d_15min");
    group.sample_size(30);
    for &n in &[10_000usize, 30_000, 100_000] {
        let snap = snapshot(1, n, Assignment::Single);
        let q = query();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("one_host", n), &n, |b, _| {
            b.iter(|| black_box(availability(black_box(&snap), black_box(&q)).unwrap()));
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_availability,
    bench_check_booking,
    bench_scaling
);
criterion_main!(benches);
