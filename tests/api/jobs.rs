//! The durable job mechanism, driven with a moved clock (`run_due(db, worker, now)`): a one-time
//! link's expiry is a job scheduled in the transaction that creates the link; it runs once
//! when due, says `one_time_link.expired` only for a link still unused, survives a worker that
//! dies holding it, and runs once however many workers race for it.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_app::jobs::LEASE;
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::{day, iso, simple_link};

on_both_backends!(
    expiries_run_once_when_due,
    a_worker_that_dies_mid_job_hands_it_on,
    racing_workers_run_each_job_once,
);

const EXPIRY: &str = "one_time_link_expiry";

async fn one_time(srv: &Server, link: &str, email: &str) -> Value {
    srv.post(
        &format!("/v1/links/{link}/one-time-links"),
        json!({"recipient_email": email, "expires_at": iso(Utc::now() + Duration::hours(1))}),
    )
    .await
    .expect(201)
    .clone()
}

/// The ids of the one-time links the feed says expired, once at least `expected` are there.
async fn expired(srv: &Server, expected: usize) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let page = srv
            .get("/v1/events?type=one_time_link.expired&limit=100")
            .await
            .expect(200)
            .clone();
        let ids: Vec<String> = page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["data"]["object"]["id"].as_str().unwrap().to_owned())
            .collect();
        if ids.len() >= expected || std::time::Instant::now() > deadline {
            return ids;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn expiries_run_once_when_due(srv: Server) {
    // The booking below would mail its confirmations at once, as jobs of their own that
    // the server's worker may or may not have taken by the time this test counts: off.
    let quiet = json!({"emails": {"off": ["booking_confirmation", "host_booking_created"]}});
    let (_, link) = simple_link(&srv, quiet).await;
    let a = one_time(&srv, &link, "a@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let used = one_time(&srv, &link, "u@example.com").await;
    let revoked = one_time(&srv, &link, "r@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = used["token"].as_str().unwrap();
    let r = srv
        .anonymous(
            Method::POST,
            &format!("/v1/public/one-time/{token}/bookings"),
            Some(
                &json!({"start": iso(day(9) + Duration::hours(10)), "duration": 30,
                         "attendee": {"name": "U", "email": "u@example.com", "timezone": "UTC"}}),
            ),
            &[],
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    srv.delete(&format!("/v1/links/{link}/one-time-links/{revoked}"))
        .await
        .expect(200);
    let pending = skyslots_app::jobs::pending(&srv.db, EXPIRY).await.unwrap();
    assert_eq!(
        pending.len(),
        3,
        "one expiry job per one-time link: {pending:?}"
    );

    // Not due yet: nothing runs.
    assert_eq!(srv.run_due(Utc::now()).await, 0);
    // Due: each runs once; only the unused, unrevoked link is announced.
    let later = Utc::now() + Duration::hours(2);
    assert_eq!(srv.run_due(later).await, 3);
    assert_eq!(srv.run_due(later).await, 0);
    assert!(skyslots_app::jobs::pending(&srv.db, EXPIRY)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(expired(&srv, 1).await, vec![a.clone()]);
    let event = srv
        .get("/v1/events?type=one_time_link.expired")
        .await
        .expect(200)["data"][0]
        .clone();
    assert_eq!(event["data"]["object"]["status"], "expired", "{event}");
}

async fn a_worker_that_dies_mid_job_hands_it_on(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let id = one_time(&srv, &link, "d@example.com").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let due = Utc::now() + Duration::hours(2);
    // A worker claims the job and dies before running it: its claim committed, nothing else.
    let mut tx = srv.db.begin().await.unwrap();
    let claimed = skyslots_storage::jobs::claim(&mut tx, due, due + LEASE, 10)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(claimed.len(), 1);
    // Its lease holds the job: no other worker runs it meanwhile.
    assert_eq!(srv.run_due(due + Duration::seconds(1)).await, 0);
    // Once the lease has run out, another worker takes it over, once.
    let after = due + LEASE + Duration::seconds(1);
    assert_eq!(srv.run_due(after).await, 1);
    assert_eq!(srv.run_due(after).await, 0);
    assert_eq!(expired(&srv, 1).await, vec![id]);
}

async fn racing_workers_run_each_job_once(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(
            one_time(&srv, &link, &format!("r{i}@example.com")).await["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let due = Utc::now() + Duration::hours(2);
    let total = srv.race_workers(4, due).await;
    assert_eq!(total, 20, "every job done once across the workers");
    let mut announced = expired(&srv, 20).await;
    announced.sort();
    ids.sort();
    assert_eq!(announced, ids, "one event per link");
}
