//! The public side: organization slugs, public links, guest bookings with manage tokens,
//! one-time links (including the one-token race), tokens never stored in plain text, audit
//! events, and a browser's CORS preflight.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Reply, Server};

use crate::fixtures::*;

on_both_backends!(
    guests_book_and_manage_their_bookings,
    one_time_links_are_used_once,
    one_token_books_once_under_concurrency,
    audit_events_record_who_changed_what,
);

async fn public(srv: &Server, method: Method, path: &str, body: Option<Value>) -> Reply {
    srv.anonymous(method, path, body.as_ref(), &[]).await
}

fn guest(start: chrono::DateTime<Utc>, name: &str) -> Value {
    json!({
        "start": iso(start),
        "duration": 30,
        "attendee": {"name": name, "email": format!("{}@example.com", name.to_lowercase()), "timezone": "Europe/Paris"},
        "answers": {},
    })
}

async fn guests_book_and_manage_their_bookings(srv: Server) {
    // The organization's slug: derived from its name, changeable.
    let org = srv.get("/v1/organization").await.expect(200).clone();
    assert_eq!(org["slug"], "test-org");
    srv.patch("/v1/organization", json!({"slug": "Not A Slug"}))
        .await
        .problem(422, "validation_failed");
    let org = srv
        .patch(
            "/v1/organization",
            json!({"slug": "acme", "name": "Acme Studio"}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(
        (org["slug"].as_str(), org["name"].as_str()),
        (Some("acme"), Some("Acme Studio"))
    );
    let other = srv.other_org().await;
    srv.call_as(
        &other,
        Method::PATCH,
        "/v1/organization",
        Some(&json!({"slug": "acme"})),
        &[],
    )
    .await
    .problem(409, "duplicate");

    let (_, link) = simple_link(
        &srv,
        json!({
            "slug": "intro",
            "metadata": {"crm": "secret-ish"},
            "questions": [{"id": "company", "label": "Company", "kind": "text", "required": true}],
            "policy": {"cancel_notice": 1440, "reschedule_notice": 1440},
            "location": {"kind": "video", "value": "https://meet.example.com/ada"},
        }),
    )
    .await;

    // What a booking page sees, and nothing internal.
    let page = public(&srv, Method::GET, "/v1/public/links/acme/intro", None).await;
    let page = page.expect(200);
    assert_eq!(page["title"], "Intro call");
    assert_eq!(page["organization"]["name"], "Acme Studio");
    assert_eq!(page["questions"][0]["id"], "company");
    assert_eq!(page["location_kind"], "video");
    assert_eq!(page["timezone_hint"], "UTC");
    let text = page.to_string();
    for internal in [
        "host_ids",
        "metadata",
        "secret-ish",
        "lnk_",
        "hst_",
        "sch_",
        "@example.com",
        "meet.example.com",
    ] {
        assert!(
            !text.contains(internal),
            "public link view shows {internal}: {text}"
        );
    }
    for missing in [
        "/v1/public/links/acme/nope",
        "/v1/public/links/nobody/intro",
        "/v1/public/links/ACME/intro",
    ] {
        public(&srv, Method::GET, missing, None)
            .await
            .problem(404, "link_not_found");
    }

    // Availability and a guest booking.
    let d = day(30);
    let slots = public(
        &srv,
        Method::GET,
        &format!(
            "/v1/public/links/acme/intro/availability?start={}&end={}&timezone=Europe/Paris",
            iso(d),
            iso(d + Duration::days(1))
        ),
        None,
    )
    .await;
    // 30-minute slots all day: 48.
    assert_eq!(slots.expect(200)["slots"].as_array().unwrap().len(), 48);
    let at = d + Duration::hours(10);
    let mut body = guest(at, "Grace");
    public(
        &srv,
        Method::POST,
        "/v1/public/links/acme/intro/bookings",
        Some(body.clone()),
    )
    .await
    .problem(422, "validation_failed");
    body["answers"] = json!({"company": "Acme"});
    let made = public(
        &srv,
        Method::POST,
        "/v1/public/links/acme/intro/bookings",
        Some(body.clone()),
    )
    .await;
    let made = made.expect(201).clone();
    let token = made["manage_token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("mt_") && token.len() >= 3 + 22, "{token}");
    assert_eq!(made["booking"]["status"], "confirmed");
    assert_eq!(
        made["booking"]["location"]["value"],
        "https://meet.example.com/ada"
    );
    // The slot is now taken for everyone.
    let again = public(
        &srv,
        Method::POST,
        "/v1/public/links/acme/intro/bookings",
        Some(body),
    )
    .await;
    again.problem(409, "slot_unavailable");
    // The organization sees the booking.
    let id = made["booking"]["id"].as_str().unwrap();
    assert_eq!(
        srv.get(&format!("/v1/bookings/{id}")).await.expect(200)["attendee"]["name"],
        "Grace"
    );

    // Self-service with the manage token.
    let mine = format!("/v1/public/bookings/{token}");
    assert_eq!(
        public(&srv, Method::GET, &mine, None).await.expect(200)["id"],
        id
    );
    for wrong in [
        format!("/v1/public/bookings/{token}x"),
        "/v1/public/bookings/mt_nothing".into(),
        "/v1/public/bookings/x".into(),
    ] {
        public(&srv, Method::GET, &wrong, None)
            .await
            .problem(404, "booking_not_found");
    }
    let moved = public(
        &srv,
        Method::POST,
        &format!("{mine}/reschedule"),
        Some(json!({"start": iso(at + Duration::hours(2))})),
    )
    .await;
    let moved = moved.expect(200);
    assert_eq!(
        moved["start"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<Utc>>()
            .unwrap(),
        at + Duration::hours(2)
    );
    assert_eq!(moved["ical_sequence"], 1);
    let cancelled = public(
        &srv,
        Method::POST,
        &format!("{mine}/cancel"),
        Some(json!({"reason": "sick"})),
    )
    .await;
    assert_eq!(cancelled.expect(200)["booking"]["status"], "cancelled");
    assert_eq!(cancelled.body["refund"], "full");
    public(
        &srv,
        Method::POST,
        &format!("{mine}/cancel"),
        Some(json!({})),
    )
    .await
    .problem(409, "booking_cancelled");

    // Inside the policy window the attendee can no longer change the booking.
    let soon = Utc::now() + Duration::hours(3);
    let soon =
        soon - Duration::minutes(i64::from(
            soon.format("%M").to_string().parse::<u32>().unwrap() % 30,
        )) + Duration::minutes(30);
    let soon = soon
        - Duration::seconds(i64::from(
            soon.format("%S").to_string().parse::<u32>().unwrap(),
        ));
    let mut body = guest(soon, "Linus");
    body["answers"] = json!({"company": "Acme"});
    let late = public(
        &srv,
        Method::POST,
        "/v1/public/links/acme/intro/bookings",
        Some(body),
    )
    .await;
    let late_token = late.expect(201)["manage_token"]
        .as_str()
        .unwrap()
        .to_owned();
    public(
        &srv,
        Method::POST,
        &format!("/v1/public/bookings/{late_token}/cancel"),
        Some(json!({})),
    )
    .await
    .problem(409, "policy_window_closed");
    public(
        &srv,
        Method::POST,
        &format!("/v1/public/bookings/{late_token}/reschedule"),
        Some(json!({"start": iso(soon + Duration::days(3))})),
    )
    .await
    .problem(409, "policy_window_closed");

    // An inactive link is gone for the public, with the same answer as an unknown one.
    srv.patch(&format!("/v1/links/{link}"), json!({"active": false}))
        .await
        .expect(200);
    public(&srv, Method::GET, "/v1/public/links/acme/intro", None)
        .await
        .problem(404, "link_not_found");

    // Manage tokens are stored only as hashes.
    let stored = srv.database_text().await;
    for t in [&token, &late_token] {
        assert!(
            !stored.contains(t.as_str()),
            "manage token stored in plain text"
        );
        assert!(
            !stored.contains(&t[3..]),
            "manage token stored in plain text"
        );
    }

    // A browser on another origin may call the public API.
    let preflight = srv
        .anonymous(
            Method::OPTIONS,
            "/v1/public/links/acme/intro/bookings",
            None,
            &[
                ("origin", "https://shop.example.org"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
        )
        .await;
    assert!(preflight.status.is_success(), "{:?}", preflight.status);
    let allowed = preflight.headers["access-control-allow-origin"]
        .to_str()
        .unwrap();
    assert!(
        allowed == "*" || allowed == "https://shop.example.org",
        "{allowed}"
    );
    assert!(preflight.headers["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
}

async fn one_time_links_are_used_once(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let d = day(20);
    let offered = [d + Duration::hours(9), d + Duration::hours(11)];
    let created = srv
        .post(
            &format!("/v1/links/{link}/one-time-links"),
            json!({
                "recipient_email": "grace@example.com",
                "recipient_name": "Grace",
                "expires_at": iso(Utc::now() + Duration::days(7)),
                "offered_slots": offered.iter().map(|t| json!({"start": iso(*t), "duration": 30})).collect::<Vec<_>>(),
            }),
        )
        .await;
    let created = created.expect(201).clone();
    let token = created["token"].as_str().unwrap().to_owned();
    assert!(created["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/v1/public/one-time/{token}")));
    assert_eq!(created["status"], "active");
    srv.post(
        &format!("/v1/links/{link}/one-time-links"),
        json!({"recipient_email": "g@example.com", "expires_at": iso(Utc::now() - Duration::hours(1))}),
    )
    .await
    .problem(422, "validation_failed");
    srv.post(
        &format!("/v1/links/{link}/one-time-links"),
        json!({"recipient_email": "g@example.com", "expires_at": iso(Utc::now() + Duration::days(1)),
               "offered_slots": [{"start": iso(d), "duration": 45}]}),
    )
    .await
    .problem(422, "validation_failed");

    let base = format!("/v1/public/one-time/{token}");
    let page = public(&srv, Method::GET, &base, None).await;
    assert_eq!(page.expect(200)["recipient_name"], "Grace");
    assert_eq!(page.body["offered_slots"].as_array().unwrap().len(), 2);
    let slots = public(
        &srv,
        Method::GET,
        &format!(
            "{base}/availability?start={}&end={}",
            iso(d),
            iso(d + Duration::days(1))
        ),
        None,
    )
    .await;
    let starts: Vec<chrono::DateTime<Utc>> = slots.expect(200)["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(starts, offered);

    // Only offered slots; a refused booking does not use the link up.
    public(
        &srv,
        Method::POST,
        &format!("{base}/bookings"),
        Some(guest(d + Duration::hours(10), "Grace")),
    )
    .await
    .problem(409, "slot_not_offered");
    let booked = public(
        &srv,
        Method::POST,
        &format!("{base}/bookings"),
        Some(guest(offered[1], "Grace")),
    )
    .await;
    assert!(booked.expect(201)["manage_token"]
        .as_str()
        .unwrap()
        .starts_with("mt_"));
    for (method, path, body) in [
        (Method::GET, base.clone(), None),
        (
            Method::POST,
            format!("{base}/bookings"),
            Some(guest(offered[0], "Grace")),
        ),
    ] {
        public(&srv, method, &path, body)
            .await
            .problem(410, "link_used");
    }
    public(&srv, Method::GET, "/v1/public/one-time/ot_unknown", None)
        .await
        .problem(404, "link_not_found");

    // Revoked and expired links.
    let fresh = |expires: chrono::DateTime<Utc>| {
        let srv = &srv;
        let link = link.clone();
        async move {
            srv.post(
                &format!("/v1/links/{link}/one-time-links"),
                json!({"recipient_email": "h@example.com", "expires_at": iso(expires)}),
            )
            .await
            .expect(201)
            .clone()
        }
    };
    let revoked = fresh(Utc::now() + Duration::days(1)).await;
    let rid = revoked["id"].as_str().unwrap();
    let r = srv
        .delete(&format!("/v1/links/{link}/one-time-links/{rid}"))
        .await;
    assert_eq!(r.expect(200)["status"], "revoked");
    public(
        &srv,
        Method::GET,
        &format!("/v1/public/one-time/{}", revoked["token"].as_str().unwrap()),
        None,
    )
    .await
    .problem(410, "link_revoked");
    let expiring = fresh(Utc::now() + Duration::seconds(2)).await;
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let path = format!(
        "/v1/public/one-time/{}/bookings",
        expiring["token"].as_str().unwrap()
    );
    public(&srv, Method::POST, &path, Some(guest(offered[0], "Hal")))
        .await
        .problem(410, "link_expired");

    // The organization's list: status and who booked.
    let list = srv.get(&format!("/v1/links/{link}/one-time-links")).await;
    let list = list.expect(200)["data"].as_array().unwrap().clone();
    let status: Vec<&str> = list.iter().map(|o| o["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["used", "revoked", "expired"]);
    assert_eq!(list[0]["booked_by"]["email"], "grace@example.com");
    assert!(list.iter().all(|o| o.get("token").is_none()));

    // Tokens are stored only as hashes.
    let stored = srv.database_text().await;
    for t in [&token, revoked["token"].as_str().unwrap()] {
        assert!(
            !stored.contains(&t[3..]),
            "one-time token stored in plain text"
        );
    }
}

async fn one_token_books_once_under_concurrency(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let created = srv
        .post(
            &format!("/v1/links/{link}/one-time-links"),
            json!({"recipient_email": "grace@example.com", "expires_at": iso(Utc::now() + Duration::days(1))}),
        )
        .await;
    let token = created.expect(201)["token"].as_str().unwrap().to_owned();
    let d = day(25);
    let path = format!("/v1/public/one-time/{token}/bookings");
    // Twenty guests, each for a different free slot: only the token can stop them.
    let replies = futures_util::future::join_all((0..20).map(|i| {
        let body = guest(d + Duration::minutes(30 * i), &format!("Guest{i}"));
        let srv = &srv;
        let path = path.clone();
        async move { public(srv, Method::POST, &path, Some(body)).await }
    }))
    .await;
    let ok = replies.iter().filter(|r| r.status.as_u16() == 201).count();
    assert_eq!(
        ok,
        1,
        "{:?}",
        replies.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in replies.iter().filter(|r| r.status.as_u16() != 201) {
        r.problem(410, "link_used");
    }
    let bookings = srv.get(&format!("/v1/bookings?link_id={link}")).await;
    assert_eq!(bookings.expect(200)["data"].as_array().unwrap().len(), 1);
}

async fn audit_events_record_who_changed_what(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"slug": "audited"})).await;
    let created_request = srv
        .call_as(
            &srv.key,
            Method::PATCH,
            &format!("/v1/links/{link}"),
            Some(&json!({"title": "Renamed"})),
            &[("x-request-id", "req-audit-1")],
        )
        .await;
    created_request.expect(200);
    let booking = srv
        .post(
            "/v1/bookings",
            booking_body(&link, day(10) + Duration::hours(9), "Ivy"),
        )
        .await
        .id();
    srv.post(
        &format!("/v1/bookings/{booking}/cancel"),
        json!({"reason": "moved away"}),
    )
    .await
    .expect(200);
    let key = srv
        .post("/v1/api-keys", json!({"name": "ci"}))
        .await
        .expect(201)["key"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    srv.delete(&format!("/v1/api-keys/{key}")).await.expect(200);

    let all = srv.get("/v1/audit-events?limit=100").await;
    let events = all.expect(200)["data"].as_array().unwrap().clone();
    let actions: Vec<&str> = events
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // Newest first.
    for expected in [
        "api_key.revoked",
        "api_key.created",
        "booking.cancelled",
        "booking.created",
        "link.updated",
        "link.created",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let pos = |a: &str| actions.iter().position(|x| *x == a).unwrap();
    assert!(
        pos("booking.cancelled") < pos("booking.created")
            && pos("link.updated") < pos("link.created")
    );
    let update = &events[pos("link.updated")];
    assert_eq!(update["actor"]["type"], "api_key");
    assert!(update["actor"]["id"].as_str().unwrap().starts_with("key_"));
    assert_eq!(update["target"], json!({"type": "link", "id": link}));
    assert_eq!(update["request_id"], "req-audit-1");
    assert!(
        update["summary"].as_str().unwrap().contains("title"),
        "{update}"
    );
    assert!(events[pos("booking.cancelled")]["summary"]
        .as_str()
        .unwrap()
        .contains("moved away"));
    // No secret in any summary.
    assert!(!all.body.to_string().contains(&srv.key[3..]));

    // Filters and pagination.
    let only = srv
        .get(&format!("/v1/audit-events?target_id={booking}"))
        .await;
    let only = only.expect(200)["data"].as_array().unwrap().clone();
    assert_eq!(only.len(), 2);
    let first = srv
        .get("/v1/audit-events?limit=2")
        .await
        .expect(200)
        .clone();
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = srv
        .get(&format!("/v1/audit-events?limit=2&cursor={cursor}"))
        .await;
    let ids: Vec<&Value> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second.expect(200)["data"].as_array().unwrap())
        .map(|e| &e["id"])
        .collect();
    let expected: Vec<&Value> = events.iter().take(4).map(|e| &e["id"]).collect();
    assert_eq!(ids, expected);

    // Attendees acting through manage tokens are recorded as attendees.
    srv.patch("/v1/organization", json!({"slug": "audit-org"}))
        .await
        .expect(200);
    let made = public(
        &srv,
        Method::POST,
        "/v1/public/links/audit-org/audited/bookings",
        Some(guest(day(11) + Duration::hours(9), "Joy")),
    )
    .await;
    let token = made.expect(201)["manage_token"]
        .as_str()
        .unwrap()
        .to_owned();
    public(
        &srv,
        Method::POST,
        &format!("/v1/public/bookings/{token}/cancel"),
        Some(json!({})),
    )
    .await
    .expect(200);
    let latest = srv
        .get("/v1/audit-events?action=booking.cancelled&limit=1")
        .await;
    let latest = &latest.expect(200)["data"][0];
    assert_eq!(
        latest["actor"],
        json!({"type": "attendee", "id": "joy@example.com"})
    );
}
