//! Multi-host links through the whole stack: round robin spreads bookings over free hosts,
//! collective bookings occupy every host.

use chrono::Duration;
use futures_util::future::join_all;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::*;

on_both_backends!(
    round_robin_fills_each_host_once,
    collective_booking_blocks_every_host
);

async fn round_robin_fills_each_host_once(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    let hosts: Vec<String> = futures_util::future::join_all((0..3).map(|i| {
        let srv = &srv;
        let schedule = schedule.clone();
        async move { host(srv, &schedule, &format!("Rr{i}")).await }
    }))
    .await;
    let refs: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let l = link(&srv, &refs, json!({"assignment": "round_robin"})).await;
    let start = day(80) + Duration::hours(10);
    // Six requests at once for one slot of three hosts: three succeed, one per host.
    let replies = join_all(
        (0..6).map(|i| srv.post("/v1/bookings", booking_body(&l, start, &format!("Rr{i}")))),
    )
    .await;
    let mut booked: Vec<String> = replies
        .iter()
        .filter(|r| r.status == 201)
        .map(|r| r.body["host_ids"][0].as_str().unwrap().to_owned())
        .collect();
    booked.sort();
    let mut expected = hosts.clone();
    expected.sort();
    assert_eq!(booked, expected, "each host exactly once");
    for r in replies.iter().filter(|r| r.status != 201) {
        r.problem(409, "slot_unavailable");
    }
    let slots = srv
        .get(&format!(
            "/v1/links/{l}/availability?start={}&end={}",
            iso(start),
            iso(start + Duration::minutes(30))
        ))
        .await;
    assert!(slots.expect(200)["slots"].as_array().unwrap().is_empty());
    // Filter bookings by host.
    let by_host = srv.get(&format!("/v1/bookings?host_id={}", hosts[1])).await;
    assert_eq!(by_host.expect(200)["data"].as_array().unwrap().len(), 1);
}

async fn collective_booking_blocks_every_host(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    let a = host(&srv, &schedule, "Cola").await;
    let b = host(&srv, &schedule, "Colb").await;
    let together = link(
        &srv,
        &[&a, &b],
        json!({"assignment": "collective", "durations": [60]}),
    )
    .await;
    let solo_b = link(&srv, &[&b], json!({"durations": [60]})).await;
    let start = day(81) + Duration::hours(14);
    let mut body = booking_body(&together, start, "Team");
    body["duration"] = json!(60);
    let booked = srv.post("/v1/bookings", body).await;
    let mut ids: Vec<&str> = booked.expect(201)["host_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut both = [a.as_str(), b.as_str()];
    both.sort_unstable();
    assert_eq!(ids, both);
    // Host b is now busy for its own link too.
    let mut solo = booking_body(&solo_b, start, "Solo");
    solo["duration"] = json!(60);
    assert_eq!(
        srv.post("/v1/bookings", solo.clone())
            .await
            .problem(409, "slot_unavailable")["reason"],
        "conflict"
    );
    // Cancelling the collective booking frees both.
    let id = booked.id();
    srv.post(&format!("/v1/bookings/{id}/cancel"), json!({}))
        .await
        .expect(200);
    srv.post("/v1/bookings", solo).await.expect(201);
}
