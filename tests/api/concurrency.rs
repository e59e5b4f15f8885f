//! No double booking under concurrency: the database transaction decides, not the handler.

use chrono::Duration;
use futures_util::future::join_all;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::*;

on_both_backends!(
    hundred_requests_for_one_seat,
    hundred_requests_for_five_seats,
    reschedule_races_create,
    shared_host_across_links
);

/// Fire `n` booking requests for the same slot at once; returns (successes, conflicts).
async fn race(
    srv: &Server,
    link: &str,
    start: chrono::DateTime<chrono::Utc>,
    n: usize,
) -> (usize, usize) {
    let requests = (0..n).map(|i| {
        let body = booking_body(link, start, &format!("Racer{i}"));
        async move { srv.post("/v1/bookings", body).await }
    });
    let replies = join_all(requests).await;
    let mut ok = 0;
    let mut conflict = 0;
    for r in &replies {
        match r.status.as_u16() {
            201 => ok += 1,
            409 => {
                r.problem(409, "slot_unavailable");
                conflict += 1;
            }
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    (ok, conflict)
}

async fn hundred_requests_for_one_seat(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let start = day(20) + Duration::hours(9);
    assert_eq!(race(&srv, &link, start, 100).await, (1, 99));
    let stored = srv
        .get(&format!("/v1/bookings?link_id={link}&limit=100"))
        .await;
    assert_eq!(
        stored.expect(200)["data"].as_array().unwrap().len(),
        1,
        "exactly one row stored"
    );
}

async fn hundred_requests_for_five_seats(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"capacity": 5})).await;
    let start = day(20) + Duration::hours(9);
    assert_eq!(race(&srv, &link, start, 100).await, (5, 95));
    let slots = srv
        .get(&format!(
            "/v1/links/{link}/availability?start={}&end={}",
            iso(start),
            iso(start + Duration::minutes(30))
        ))
        .await;
    assert!(
        slots.expect(200)["slots"].as_array().unwrap().is_empty(),
        "the slot is full"
    );
}

/// A reschedule into a slot and a create for the same slot, at the same moment: one wins.
async fn reschedule_races_create(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let d = day(22);
    for round in 0..8 {
        let from = d + Duration::hours(2 * round);
        let to = from + Duration::hours(1);
        let b = srv
            .post("/v1/bookings", booking_body(&link, from, "Mover"))
            .await
            .id();
        let reschedule = format!("/v1/bookings/{b}/reschedule");
        let (moved, created) = tokio::join!(
            srv.post(&reschedule, json!({"start": iso(to)})),
            srv.post("/v1/bookings", booking_body(&link, to, "Newcomer")),
        );
        let wins = [moved.status.as_u16(), created.status.as_u16()];
        assert!(
            wins == [200, 409] || wins == [409, 201],
            "round {round}: exactly one may win, got {wins:?} ({} / {})",
            moved.body,
            created.body
        );
    }
}

/// Two links share one host: bookings through either link cannot overlap.
async fn shared_host_across_links(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    let h = host(&srv, &schedule, "Sam").await;
    let a = link(&srv, &[&h], json!({})).await;
    let b = link(&srv, &[&h], json!({})).await;
    let start = day(24) + Duration::hours(15);
    let (ra, rb) = tokio::join!(
        srv.post("/v1/bookings", booking_body(&a, start, "ViaA")),
        srv.post("/v1/bookings", booking_body(&b, start, "ViaB")),
    );
    let mut codes = [ra.status.as_u16(), rb.status.as_u16()];
    codes.sort_unstable();
    assert_eq!(codes, [201, 409], "{} / {}", ra.body, rb.body);
    let loser = if ra.status.as_u16() == 409 { &ra } else { &rb };
    assert_eq!(loser.problem(409, "slot_unavailable")["reason"], "conflict");
}
