//! The main flows end to end: set up, availability, book, list, cancel, reschedule, confirm.

use chrono::Duration;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::*;

on_both_backends!(
    booking_lifecycle,
    confirmation_flow,
    availability_follows_bookings_and_busy_blocks,
    resources_crud
);

async fn booking_lifecycle(srv: Server) {
    let (host, link) = simple_link(
        &srv,
        json!({"questions": [{"id": "company", "label": "Company", "kind": "text", "required": true}]}),
    )
    .await;
    let d = day(10);
    let path = format!(
        "/v1/links/{link}/availability?start={}&end={}&timezone=America/New_York&duration=30",
        iso(d),
        iso(d + Duration::days(1))
    );
    let avail = srv.get(&path).await;
    let slots = avail.expect(200)["slots"].as_array().unwrap().clone();
    assert_eq!(slots.len(), 48, "30-minute slots all day");
    assert!(slots[0]["local_start"]
        .as_str()
        .unwrap()
        .ends_with("-05:00"));
    assert_eq!(slots[0]["seats_remaining"], 1);

    // Missing required answer.
    let r = srv
        .post(
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(10), "Grace"),
        )
        .await;
    let p = r.problem(422, "validation_failed");
    assert_eq!(p["errors"][0]["field"], "answers.company");

    let mut body = booking_body(&link, d + Duration::hours(10), "Grace");
    body["answers"] = json!({"company": "Acme"});
    body["metadata"] = json!({"crm_id": "42"});
    let created = srv.post("/v1/bookings", body.clone()).await;
    let b = created.expect(201).clone();
    let id = b["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("bkg_"));
    assert_eq!(b["status"], "confirmed");
    assert_eq!(b["host_ids"], json!([host]));
    assert_eq!(b["duration"], 30);
    assert_eq!(b["metadata"]["crm_id"], "42");
    assert_eq!(b["ical_sequence"], 0);

    // The slot is gone; the same slot again is a clean 409.
    let after = srv.get(&path).await;
    assert_eq!(after.expect(200)["slots"].as_array().unwrap().len(), 47);
    let again = srv.post("/v1/bookings", body.clone()).await;
    assert_eq!(
        again.problem(409, "slot_unavailable")["reason"],
        "slot_full"
    );

    let got = srv.get(&format!("/v1/bookings/{id}")).await;
    assert_eq!(got.expect(200)["id"], id.as_str());
    let listed = srv
        .get(&format!(
            "/v1/bookings?link_id={link}&attendee_email=grace@example.com"
        ))
        .await;
    assert_eq!(listed.expect(200)["data"].as_array().unwrap().len(), 1);

    // Reschedule: same booking, new time, SEQUENCE + 1; the old slot is free again.
    let moved = srv
        .post(
            &format!("/v1/bookings/{id}/reschedule"),
            json!({"start": iso(d + Duration::hours(12))}),
        )
        .await;
    let m = moved.expect(200);
    assert_eq!(m["id"], id.as_str());
    assert_eq!(
        m["start"],
        iso(d + Duration::hours(12)).replace('Z', "+00:00")
    );
    assert_eq!(m["ical_sequence"], 1);
    assert!(
        srv.post("/v1/bookings", body.clone())
            .await
            .status
            .is_success(),
        "the old slot is free"
    );

    // Cancel: time freed, SEQUENCE + 1, refund full for the organization.
    let cancelled = srv
        .post(
            &format!("/v1/bookings/{id}/cancel"),
            json!({"reason": "conflict"}),
        )
        .await;
    let c = cancelled.expect(200);
    assert_eq!(c["booking"]["status"], "cancelled");
    assert_eq!(c["booking"]["cancel_reason"], "conflict");
    assert_eq!(c["booking"]["ical_sequence"], 2);
    assert_eq!(c["refund"], "full");
    srv.post(&format!("/v1/bookings/{id}/cancel"), json!({}))
        .await
        .problem(409, "booking_cancelled");
    srv.post(
        &format!("/v1/bookings/{id}/reschedule"),
        json!({"start": iso(d + Duration::hours(13))}),
    )
    .await
    .problem(409, "booking_cancelled");
    let mut twelve = body.clone();
    twelve["start"] = json!(iso(d + Duration::hours(12)));
    assert!(
        srv.post("/v1/bookings", twelve).await.status.is_success(),
        "the cancelled slot is free"
    );
    srv.post(&format!("/v1/bookings/{id}/confirm"), json!({}))
        .await
        .problem(409, "booking_not_pending");
}

async fn confirmation_flow(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"requires_confirmation": true})).await;
    let d = day(12);
    let b = srv
        .post(
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(9), "Lin"),
        )
        .await;
    let id = b.id();
    assert_eq!(b.body["status"], "pending");
    // A pending booking holds its time.
    srv.post(
        "/v1/bookings",
        booking_body(&link, d + Duration::hours(9), "Max"),
    )
    .await
    .problem(409, "slot_unavailable");
    let c = srv
        .post(&format!("/v1/bookings/{id}/confirm"), json!({}))
        .await;
    assert_eq!(c.expect(200)["status"], "confirmed");
    let listed = srv
        .get(&format!("/v1/bookings?status=confirmed&link_id={link}"))
        .await;
    assert_eq!(listed.expect(200)["data"].as_array().unwrap().len(), 1);
    let pending = srv
        .get(&format!("/v1/bookings?status=pending&link_id={link}"))
        .await;
    assert!(pending.expect(200)["data"].as_array().unwrap().is_empty());
}

async fn availability_follows_bookings_and_busy_blocks(srv: Server) {
    let (host, link) = simple_link(
        &srv,
        json!({"buffer_after": 30, "capacity": 3, "durations": [60]}),
    )
    .await;
    let d = day(14);
    let window = |h0: i64, h1: i64| {
        format!(
            "/v1/links/{link}/availability?start={}&end={}",
            iso(d + Duration::hours(h0)),
            iso(d + Duration::hours(h1))
        )
    };
    // A busy block 10:00-11:00 removes 10:00 and (buffer after 30) 09:00.
    srv.post(
        "/v1/busy-blocks",
        json!({"host_id": host, "start": iso(d + Duration::hours(10)), "end": iso(d + Duration::hours(11)), "title": "Dentist"}),
    )
    .await
    .expect(201);
    let slots = srv.get(&window(8, 13)).await.expect(200)["slots"].clone();
    let starts: Vec<&str> = slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts.len(), 3, "{starts:?}"); // 08:00, 11:00 (buffer: the block ends 11:00, fine), 12:00
                                               // Group seats: two seats at 12:00 leave one.
    let mut b = booking_body(&link, d + Duration::hours(12), "Kim");
    b["duration"] = json!(60);
    b["seats"] = json!(2);
    srv.post("/v1/bookings", b.clone()).await.expect(201);
    let slots = srv.get(&window(12, 13)).await.expect(200)["slots"].clone();
    assert_eq!(slots[0]["seats_remaining"], 1);
    b["attendee"]["email"] = json!("lee@example.com");
    srv.post("/v1/bookings", b)
        .await
        .problem(409, "slot_unavailable");
    // Validation of the query.
    srv.get(&format!(
        "/v1/links/{link}/availability?start={}&end={}",
        iso(d),
        iso(d)
    ))
    .await
    .problem(422, "validation_failed");
    srv.get(&format!(
        "/v1/links/{link}/availability?start={}&end={}&timezone=Mars/Base",
        iso(d),
        iso(d + Duration::days(1))
    ))
    .await
    .problem(422, "validation_failed");
    srv.get(&format!(
        "/v1/links/{link}/availability?start={}&end={}",
        iso(d),
        iso(d + Duration::days(101))
    ))
    .await
    .problem(422, "validation_failed");
    srv.get(&format!(
        "/v1/links/{link}/availability?start={}&end={}&duration=45",
        iso(d),
        iso(d + Duration::days(1))
    ))
    .await
    .problem(422, "validation_failed");
    // An inactive link offers nothing.
    srv.patch(&format!("/v1/links/{link}"), json!({"active": false}))
        .await
        .expect(200);
    srv.get(&window(8, 9)).await.problem(409, "link_inactive");
}

async fn resources_crud(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    let s = srv
        .patch(
            &format!("/v1/schedules/{schedule}"),
            json!({"name": "Renamed", "holidays": ["2030-12-25"]}),
        )
        .await;
    assert_eq!(s.expect(200)["name"], "Renamed");
    assert_eq!(s.body["holidays"], json!(["2030-12-25"]));
    assert_eq!(
        s.body["weekly_rules"].as_array().unwrap().len(),
        7,
        "untouched lists stay"
    );
    let h = host(&srv, &schedule, "Bo").await;
    let updated = srv
        .patch(
            &format!("/v1/hosts/{h}"),
            json!({"timezone": "Asia/Kolkata", "schedule_id": null}),
        )
        .await;
    assert_eq!(updated.expect(200)["timezone"], "Asia/Kolkata");
    assert!(updated.body.get("schedule_id").is_none());
    srv.patch(
        &format!("/v1/hosts/{h}"),
        json!({"timezone": "Nowhere/Land"}),
    )
    .await
    .problem(422, "validation_failed");
    let l = link(&srv, &[&h], json!({"schedule_id": schedule})).await;
    // In use: schedule by a link, host by a link.
    srv.delete(&format!("/v1/schedules/{schedule}"))
        .await
        .problem(409, "in_use");
    srv.delete(&format!("/v1/hosts/{h}"))
        .await
        .problem(409, "in_use");
    let dup = srv
        .post(&format!("/v1/links/{l}/duplicate"), json!({}))
        .await;
    let copy = dup.expect(201).clone();
    assert_eq!(copy["active"], false);
    assert!(copy["slug"].as_str().unwrap().ends_with("-copy"));
    assert_eq!(copy["host_ids"], json!([h]));
    // A copy's slug follows the same rule as a new link's (it is the public page's path).
    for bad in ["", "Intro Call", "-intro"] {
        let r = srv
            .post(&format!("/v1/links/{l}/duplicate"), json!({"slug": bad}))
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], "slug", "{bad:?}: {}", r.body);
    }
    // Slugs are unique per organization.
    let slug = srv.get(&format!("/v1/links/{l}")).await.expect(200)["slug"].clone();
    srv.patch(
        &format!("/v1/links/{}", copy["id"].as_str().unwrap()),
        json!({"slug": slug}),
    )
    .await
    .problem(409, "duplicate");
    srv.delete(&format!("/v1/links/{}", copy["id"].as_str().unwrap()))
        .await
        .expect(204);
    srv.delete(&format!("/v1/links/{l}")).await.expect(204);
    srv.get(&format!("/v1/links/{l}"))
        .await
        .problem(404, "not_found");
    srv.delete(&format!("/v1/hosts/{h}")).await.expect(204);
    srv.delete(&format!("/v1/schedules/{schedule}"))
        .await
        .expect(204);
    // API keys: create, list (no secret), revoke, revoked key stops working.
    let k = srv.post("/v1/api-keys", json!({"name": "ci"})).await;
    let secret = k.expect(201)["secret"].as_str().unwrap().to_owned();
    let key_id = k.body["key"]["id"].as_str().unwrap().to_owned();
    let list = srv.get("/v1/api-keys").await;
    assert!(
        !list.expect(200).to_string().contains(&secret[3..]),
        "secrets are never listed"
    );
    let other = srv
        .call_as(&secret, reqwest::Method::GET, "/v1/hosts", None, &[])
        .await;
    other.expect(200);
    srv.delete(&format!("/v1/api-keys/{key_id}"))
        .await
        .expect(200);
    srv.call_as(&secret, reqwest::Method::GET, "/v1/hosts", None, &[])
        .await
        .problem(401, "unauthorized");
}
