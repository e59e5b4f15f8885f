//! Events: every state change gives exactly one event of the right type, whatever the
//! channel (secret key, scoped token, public page, one-time link, manage token); refused
//! requests and idempotent replays give none; the feed reads newest first, filters, pages
//! without repeats, and keeps organizations apart.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::{booking_body, day, iso, simple_link};

on_both_backends!(
    every_change_gives_exactly_one_event,
    the_feed_filters_pages_and_isolates
);

/// Every event of the organization, oldest first, once the sequencer has numbered at least
/// `expected` of them (it runs a few times a second).
async fn feed(srv: &Server, expected: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/v1/events?limit=100&cursor={c}"),
                None => "/v1/events?limit=100".into(),
            };
            let page = srv.get(&path).await.expect(200).clone();
            all.extend(page["data"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        if all.len() >= expected || std::time::Instant::now() > deadline {
            all.reverse();
            return all;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn public(srv: &Server, method: Method, path: &str, body: Option<Value>) -> Value {
    let r = srv.anonymous(method, path, body.as_ref(), &[]).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
    r.body
}

async fn every_change_gives_exactly_one_event(srv: Server) {
    let slug = format!("org-{}", uuid::Uuid::now_v7().simple());
    srv.patch("/v1/organization", json!({"slug": slug}))
        .await
        .expect(200);
    let (_, link) = simple_link(&srv, json!({"slug": "intro"})).await;
    let (_, pending_link) = simple_link(&srv, json!({"requires_confirmation": true})).await;
    let d = day(10);
    let mut expected: Vec<(&str, String)> = vec![
        ("link.created", link.clone()),
        ("link.created", pending_link.clone()),
    ];

    // Secret key: create (and a replay and a refusal, which add nothing), reschedule, cancel.
    let body = booking_body(&link, d + Duration::hours(9), "Ada");
    let a = srv
        .call_as(
            &srv.key,
            Method::POST,
            "/v1/bookings",
            Some(&body),
            &[("Idempotency-Key", "ev-1")],
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    srv.call_as(
        &srv.key,
        Method::POST,
        "/v1/bookings",
        Some(&body),
        &[("Idempotency-Key", "ev-1")],
    )
    .await
    .expect(201);
    srv.post(
        "/v1/bookings",
        booking_body(&link, d + Duration::hours(9), "Late"),
    )
    .await
    .problem(409, "slot_unavailable");
    srv.post(
        &format!("/v1/bookings/{a}/reschedule"),
        json!({"start": iso(d + Duration::hours(10))}),
    )
    .await
    .expect(200);
    srv.post(&format!("/v1/bookings/{a}/cancel"), json!({}))
        .await
        .expect(200);
    expected.extend([
        ("booking.created", a.clone()),
        ("booking.rescheduled", a.clone()),
        ("booking.cancelled", a.clone()),
    ]);

    // Confirmation: confirmed, and declined when the organization cancels a pending one.
    let p1 = srv
        .post(
            "/v1/bookings",
            booking_body(&pending_link, d + Duration::hours(9), "Pat"),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    srv.post(&format!("/v1/bookings/{p1}/confirm"), json!({}))
        .await
        .expect(200);
    let p2 = srv
        .post(
            "/v1/bookings",
            booking_body(&pending_link, d + Duration::hours(11), "Sam"),
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    srv.post(&format!("/v1/bookings/{p2}/cancel"), json!({}))
        .await
        .expect(200);
    expected.extend([
        ("booking.created", p1.clone()),
        ("booking.confirmed", p1.clone()),
        ("booking.created", p2.clone()),
        ("booking.declined", p2.clone()),
    ]);

    // A scoped token acts for the attendee.
    let token = srv
        .post(
            "/v1/tokens",
            json!({"subject": "cust-1", "scopes": ["bookings:read", "bookings:write"], "attendee_email": "tess@example.com"}),
        )
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let t = srv
        .call_as(
            &token,
            Method::POST,
            "/v1/bookings",
            Some(&booking_body(&link, d + Duration::hours(13), "Tess")),
            &[],
        )
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    srv.call_as(
        &token,
        Method::POST,
        &format!("/v1/bookings/{t}/cancel"),
        Some(&json!({})),
        &[],
    )
    .await
    .expect(200);
    expected.extend([
        ("booking.created", t.clone()),
        ("booking.cancelled", t.clone()),
    ]);

    // A guest on the public page, then with the manage token.
    let guest = json!({
        "start": iso(d + Duration::hours(14)),
        "duration": 30,
        "attendee": {"name": "Gus", "email": "gus@example.com", "timezone": "UTC"},
    });
    let made = public(
        &srv,
        Method::POST,
        &format!("/v1/public/links/{slug}/intro/bookings"),
        Some(guest),
    )
    .await;
    let g = made["booking"]["id"].as_str().unwrap().to_owned();
    let manage = made["manage_token"].as_str().unwrap().to_owned();
    public(
        &srv,
        Method::POST,
        &format!("/v1/public/bookings/{manage}/reschedule"),
        Some(json!({"start": iso(d + Duration::hours(15))})),
    )
    .await;
    public(
        &srv,
        Method::POST,
        &format!("/v1/public/bookings/{manage}/cancel"),
        Some(json!({})),
    )
    .await;
    expected.extend([
        ("booking.created", g.clone()),
        ("booking.rescheduled", g.clone()),
        ("booking.cancelled", g.clone()),
    ]);

    // A one-time link: created, then used by the booking made with it.
    let one = srv
        .post(
            &format!("/v1/links/{link}/one-time-links"),
            json!({"recipient_email": "olga@example.com", "expires_at": iso(Utc::now() + Duration::days(3))}),
        )
        .await
        .expect(201)
        .clone();
    let one_id = one["id"].as_str().unwrap().to_owned();
    let ot = one["token"].as_str().unwrap();
    let used = public(
        &srv,
        Method::POST,
        &format!("/v1/public/one-time/{ot}/bookings"),
        Some(
            json!({"start": iso(d + Duration::hours(16)), "duration": 30,
                    "attendee": {"name": "Olga", "email": "olga@example.com", "timezone": "UTC"}}),
        ),
    )
    .await;
    let o = used["booking"]["id"].as_str().unwrap().to_owned();
    expected.extend([
        ("one_time_link.created", one_id.clone()),
        ("booking.created", o.clone()),
        ("one_time_link.used", one_id.clone()),
    ]);

    // Links: an update that changes something, one that changes nothing, a delete.
    srv.patch(
        &format!("/v1/links/{link}"),
        json!({"title": "Intro, longer"}),
    )
    .await
    .expect(200);
    srv.patch(
        &format!("/v1/links/{link}"),
        json!({"title": "Intro, longer"}),
    )
    .await
    .expect(200);
    let (_, spare) = simple_link(&srv, json!({})).await;
    srv.delete(&format!("/v1/links/{spare}")).await.expect(204);
    expected.extend([
        ("link.updated", link.clone()),
        ("link.created", spare.clone()),
        ("link.deleted", spare.clone()),
    ]);

    let events = feed(&srv, expected.len()).await;
    let mut got: HashMap<(String, String), usize> = HashMap::new();
    for e in &events {
        let key = (
            e["type"].as_str().unwrap().to_owned(),
            e["data"]["object"]["id"].as_str().unwrap().to_owned(),
        );
        *got.entry(key).or_default() += 1;
        assert!(e["id"].as_str().unwrap().starts_with("evt_"), "{e}");
        assert!(
            e["organization_id"].as_str().unwrap().starts_with("org_"),
            "{e}"
        );
    }
    for (ty, id) in &expected {
        assert_eq!(
            got.get(&((*ty).to_owned(), id.clone())),
            Some(&1),
            "exactly one {ty} for {id}; feed: {events:#?}"
        );
    }
    assert_eq!(events.len(), expected.len(), "no other events: {events:#?}");

    // What the envelopes say.
    let of = |ty: &str, id: &str| {
        events
            .iter()
            .find(|e| e["type"] == ty && e["data"]["object"]["id"] == id)
            .unwrap()
            .clone()
    };
    let moved = of("booking.rescheduled", &a);
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    assert_eq!(
        at(&moved["data"]["previous"]["start"]),
        d + Duration::hours(9),
        "{moved}"
    );
    assert_eq!(
        at(&moved["data"]["object"]["start"]),
        d + Duration::hours(10),
        "{moved}"
    );
    assert!(
        moved["data"]["previous"].get("attendee").is_none(),
        "only changed fields: {moved}"
    );
    let cancelled = of("booking.cancelled", &a);
    assert_eq!(
        cancelled["data"]["cancellation"]["cancelled_by"],
        "organization"
    );
    assert_eq!(cancelled["data"]["cancellation"]["refund"], "full");
    assert_eq!(cancelled["data"]["object"]["status"], "cancelled");
    assert_eq!(
        of("booking.cancelled", &t)["data"]["cancellation"]["cancelled_by"],
        "attendee"
    );
    assert_eq!(
        of("booking.cancelled", &g)["data"]["cancellation"]["cancelled_by"],
        "attendee"
    );
    assert_eq!(
        of("booking.declined", &p2)["data"]["object"]["status"],
        "cancelled"
    );
    assert_eq!(
        of("booking.confirmed", &p1)["data"]["object"]["status"],
        "confirmed"
    );
    assert_eq!(
        of("one_time_link.used", &one_id)["data"]["object"]["status"],
        "used"
    );
    let renamed = of("link.updated", &link);
    assert_eq!(
        renamed["data"]["previous"],
        json!({"title": "Intro call"}),
        "{renamed}"
    );
    assert_eq!(renamed["data"]["object"]["title"], "Intro, longer");
    // An event reads the same on its own.
    let id = cancelled["id"].as_str().unwrap();
    assert_eq!(
        srv.get(&format!("/v1/events/{id}"))
            .await
            .expect(200)
            .clone(),
        cancelled
    );
}

async fn the_feed_filters_pages_and_isolates(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let d = day(12);
    for h in 0..5 {
        srv.post(
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(h), "Ada"),
        )
        .await
        .expect(201);
    }
    let all = feed(&srv, 6).await;
    assert_eq!(all.len(), 6);
    // Pages of two, newest first, each event once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/events?limit=2&cursor={c}"),
            None => "/v1/events?limit=2".into(),
        };
        let page = srv.get(&path).await.expect(200).clone();
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let newest_first: Vec<Value> = all.iter().rev().map(|e| e["id"].clone()).collect();
    assert_eq!(seen, newest_first);
    // By type, and by time.
    let created = srv
        .get("/v1/events?type=booking.created")
        .await
        .expect(200)
        .clone();
    assert_eq!(created["data"].as_array().unwrap().len(), 5);
    assert!(created["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["type"] == "booking.created"));
    let later = iso(Utc::now() + Duration::hours(1));
    let none = srv
        .get(&format!("/v1/events?start={later}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(none["data"], json!([]));
    srv.get(&format!("/v1/events?start={later}&end={later}"))
        .await
        .problem(422, "validation_failed");
    assert_eq!(
        srv.get("/v1/events?type=booking.exploded").await.status,
        400
    );
    srv.get(&format!("/v1/events?cursor={}", "bm9wZQ"))
        .await
        .problem(422, "validation_failed");
    // Ids: a wrong kind names nothing; another organization sees nothing.
    srv.get(&format!("/v1/events/{link}"))
        .await
        .problem(404, "not_found");
    let id = all[0]["id"].as_str().unwrap();
    let other = srv.other_org().await;
    srv.call_as(&other, Method::GET, &format!("/v1/events/{id}"), None, &[])
        .await
        .problem(404, "not_found");
    let theirs = srv
        .call_as(&other, Method::GET, "/v1/events", None, &[])
        .await
        .expect(200)
        .clone();
    assert_eq!(theirs["data"], json!([]));
}
