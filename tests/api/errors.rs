//! Bad input gets a precise 4xx problem, never a 500.

use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::*;

on_both_backends!(
    malformed_and_invalid_input_is_precise,
    bodies_are_checked_against_the_spec_field_by_field,
    hostile_bodies_never_cause_a_500,
    routes_and_request_ids
);

/// `POST` a body sent as JSON text exactly as given (possibly not JSON at all).
async fn post_text(srv: &Server, path: &str, body: &'static str) -> skyslots_blackbox::Reply {
    let raw = srv
        .client()
        .post(format!("{}{path}", srv.base))
        .bearer_auth(&srv.key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    skyslots_blackbox::Reply::from(raw).await
}

/// `(field, code)` of each field error in a problem's `errors`.
fn field_codes(errors: &Value) -> Vec<(String, String)> {
    errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn malformed_and_invalid_input_is_precise(srv: Server) {
    // Not JSON, wrong types.
    post_text(&srv, "/v1/hosts", "{not json")
        .await
        .problem(400, "malformed_request");
    // A wrong JSON type and a missing field name the field (they were 400s before).
    let r = srv
        .post(
            "/v1/hosts",
            json!({"name": {"first": "A"}, "email": "a@b.co", "timezone": "UTC"}),
        )
        .await;
    assert_eq!(
        field_codes(&r.problem(422, "validation_failed")["errors"]),
        [("name".to_owned(), "invalid_type".to_owned())]
    );
    let r = srv
        .post("/v1/hosts", json!({"email": "a@b.co", "timezone": "UTC"}))
        .await;
    assert_eq!(
        field_codes(&r.problem(422, "validation_failed")["errors"]),
        [("name".to_owned(), "required".to_owned())]
    );
    // Schedule rules: every problem, by field.
    let r = srv
        .post(
            "/v1/schedules",
            json!({"name": "Bad", "timezone": "Mars/Olympus", "weekly_rules": [
                {"weekday": "monday", "start": "17:00", "end": "09:00"},
                {"weekday": "tuesday", "start": "9am", "end": "17:00"},
            ]}),
        )
        .await;
    let errors = r.problem(422, "validation_failed")["errors"].clone();
    let got = field_codes(&errors);
    assert!(
        got.contains(&("timezone".into(), "unknown_time_zone".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("weekly_rules[1].start".into(), "invalid_time_of_day".into())),
        "{got:?}"
    );
    // Once the times parse, the engine's rules report every remaining problem.
    let r = srv
        .post(
            "/v1/schedules",
            json!({"name": "Bad", "timezone": "UTC", "weekly_rules": [
                {"weekday": "monday", "start": "17:00", "end": "09:00"},
                {"weekday": "tuesday", "start": "09:00", "end": "12:00"},
                {"weekday": "tuesday", "start": "11:00", "end": "13:00"},
            ]}),
        )
        .await;
    let errors = r.problem(422, "validation_failed")["errors"].clone();
    let got = field_codes(&errors);
    assert!(
        got.contains(&("weekly_rules[0].end".into(), "end_before_start".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("weekly_rules[2]".into(), "overlapping_intervals".into())),
        "{got:?}"
    );
    // Ids of the wrong kind in a body, durations and emails.
    let r = srv
        .post(
            "/v1/links",
            json!({"slug": "Bad Slug", "title": "T", "durations": [0], "host_ids": ["lnk_123"]}),
        )
        .await;
    let fields: Vec<&str> = r.problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["slug", "host_ids[0]", "durations[0]"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    srv.post(
        "/v1/hosts",
        json!({"name": "A", "email": "not-an-email", "timezone": "UTC"}),
    )
    .await
    .problem(422, "validation_failed");
    // Time ranges.
    let schedule = all_day_schedule(&srv).await;
    let h = host(&srv, &schedule, "Eve").await;
    let d = day(50);
    srv.post(
        "/v1/busy-blocks",
        json!({"host_id": h, "start": iso(d), "end": iso(d)}),
    )
    .await
    .problem(422, "validation_failed");
    // Unknown ids: 404, wrong-kind ids: 404 with a precise message.
    srv.get("/v1/hosts/hst_00000000000000000000000000")
        .await
        .problem(404, "not_found");
    let wrong = srv.get("/v1/hosts/bkg_00000000000000000000000000").await;
    assert!(wrong.problem(404, "not_found")["detail"]
        .as_str()
        .unwrap()
        .contains("not a host id"));
    // Pagination parameters.
    srv.get("/v1/hosts?limit=0")
        .await
        .problem(422, "validation_failed");
    srv.get("/v1/hosts?limit=101")
        .await
        .problem(422, "validation_failed");
    srv.get("/v1/hosts?cursor=garbage")
        .await
        .problem(422, "validation_failed");
    // A huge body is refused before it is read: declare 2 MB, send none of it.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut sock = tokio::net::TcpStream::connect(srv.base.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /v1/hosts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n",
        srv.key
    );
    sock.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), sock.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");
    // A chunked body (no length) past the limit is refused too. The body is valid JSON padded
    // with whitespace, so without the limit it would create a host. The server may answer 413
    // and close before the client finishes sending; either way nothing may be created.
    let mut padded =
        br#"{"name": "Oversized", "email": "big@example.com", "timezone": "UTC"}"#.to_vec();
    padded.extend(std::iter::repeat_n(b' ', 2 << 20));
    let chunks = futures_util::stream::iter(
        padded
            .chunks(64 * 1024)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let chunked = srv
        .client()
        .post(format!("{}/v1/hosts", srv.base))
        .bearer_auth(&srv.key)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await;
    if let Ok(resp) = chunked {
        skyslots_blackbox::Reply::from(resp)
            .await
            .problem(413, "payload_too_large");
    }
    let hosts = srv.get("/v1/hosts?limit=100").await;
    assert!(
        !hosts.expect(200)["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["name"] == "Oversized"),
        "an oversized chunked body must not be processed"
    );
    // Booking in the past, off the grid.
    let l = link(&srv, &[&h], json!({})).await;
    let past = srv
        .post("/v1/bookings", booking_body(&l, day(-3), "Pat"))
        .await;
    assert_eq!(past.problem(409, "slot_unavailable")["reason"], "too_soon");
    let off = srv
        .post(
            "/v1/bookings",
            booking_body(&l, d + chrono::Duration::minutes(7), "Pat"),
        )
        .await;
    assert_eq!(off.problem(409, "slot_unavailable")["reason"], "off_grid");
    let mut tz = booking_body(&l, d, "Pat");
    tz["attendee"]["timezone"] = json!("Moon/Crater");
    assert_eq!(
        srv.post("/v1/bookings", tz)
            .await
            .problem(422, "validation_failed")["errors"][0]["field"],
        "attendee.timezone"
    );
}

/// Every create and update operation, fed bodies of the wrong shape, extreme values and
/// very long strings: always a 4xx problem.
async fn hostile_bodies_never_cause_a_500(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    let h = host(&srv, &schedule, "Hal").await;
    let l = link(&srv, &[&h], json!({})).await;
    let b = srv
        .post("/v1/bookings", booking_body(&l, day(60), "Ned"))
        .await
        .id();
    // Long, but within the body limit (oversized bodies are tested in the test above).
    let long = "é".repeat(20_000);
    let hostile: Vec<Value> = vec![
        json!(null),
        json!([]),
        json!("text"),
        json!(1e300),
        json!({}),
        json!({"name": long, "email": long, "timezone": long, "slug": long, "title": long, "durations": [long]}),
        json!({"durations": [-1, 4294967296u64], "capacity": -5, "host_ids": [null], "start": "yesterday"}),
        json!({"start": "9999-12-31T23:59:59Z", "end": "0001-01-01T00:00:00Z", "host_id": h, "link_id": l}),
        json!({"link_id": l, "start": "262143-01-01T00:00:00Z", "duration": 30, "attendee": {"name": "a", "email": "a@b.co", "timezone": "UTC"}}),
        json!({"link_id": l, "start": "2030-01-01T00:00:00Z", "seats": 4294967295u64, "duration": 4294967295u64, "attendee": {"name": "a", "email": "a@b.co", "timezone": "UTC"}}),
        json!({"weekly_rules": [{"weekday": "someday", "start": "25:00", "end": "-1"}], "date_overrides": [{"date": "2026-02-30"}], "holidays": ["0000-00-00"]}),
        json!({"a": {"b": {"c": {"d": {"e": {"f": {"g": [[[[[[[[[[]]]]]]]]]]}}}}}}}),
        json!({"answers": {"x": {"nested": true}}, "metadata": {"k": 1}}),
    ];
    let targets = [
        (Method::POST, "/v1/schedules".to_owned()),
        (Method::POST, "/v1/hosts".to_owned()),
        (Method::POST, "/v1/links".to_owned()),
        (Method::POST, "/v1/busy-blocks".to_owned()),
        (Method::POST, "/v1/bookings".to_owned()),
        (Method::POST, "/v1/api-keys".to_owned()),
        (Method::PATCH, format!("/v1/schedules/{schedule}")),
        (Method::PATCH, format!("/v1/hosts/{h}")),
        (Method::PATCH, format!("/v1/links/{l}")),
        (Method::POST, format!("/v1/links/{l}/duplicate")),
        (Method::POST, format!("/v1/bookings/{b}/reschedule")),
        (Method::POST, format!("/v1/bookings/{b}/cancel")),
    ];
    for (method, path) in &targets {
        for body in &hostile {
            let r = srv.call(method.clone(), path, Some(body)).await;
            let status = r.status.as_u16();
            assert!(
                (400..500).contains(&status) || r.status.is_success(),
                "{method} {path} with {} -> {status}: {}",
                body.to_string().chars().take(120).collect::<String>(),
                r.body
            );
            if !r.status.is_success() {
                let ct = r.headers.get("content-type").unwrap().to_str().unwrap();
                assert!(
                    ct.starts_with("application/problem+json"),
                    "{method} {path}: {ct}"
                );
            }
        }
    }
    // Extreme query values.
    for q in [
        "start=0001-01-01T00:00:00Z&end=0001-01-02T00:00:00Z",
        "start=9999-12-30T00:00:00Z&end=9999-12-31T00:00:00Z",
        "start=2030-01-01T00:00:00Z&end=2030-01-02T00:00:00Z&duration=4294967295",
        "start=nope&end=2030-01-02T00:00:00Z",
    ] {
        let r = srv.get(&format!("/v1/links/{l}/availability?{q}")).await;
        assert!(r.status.as_u16() < 500, "{q}: {}", r.body);
    }
}

async fn routes_and_request_ids(srv: Server) {
    let r = srv.get("/v1/nope").await;
    r.problem(404, "not_found");
    assert!(r.headers.get("x-request-id").is_some());
    srv.call(Method::PUT, "/v1/hosts", None)
        .await
        .problem(405, "method_not_allowed");
    let echoed = srv
        .call_as(
            &srv.key,
            Method::GET,
            "/v1/hosts",
            None,
            &[("x-request-id", "trace-abc-123")],
        )
        .await;
    assert_eq!(echoed.headers.get("x-request-id").unwrap(), "trace-abc-123");
    let replaced = srv
        .call_as(
            &srv.key,
            Method::GET,
            "/v1/hosts",
            None,
            &[("x-request-id", "bad id with spaces")],
        )
        .await;
    assert_ne!(
        replaced.headers.get("x-request-id").unwrap(),
        "bad id with spaces"
    );
    srv.call_as("sk_wrong", Method::GET, "/v1/hosts", None, &[])
        .await
        .problem(401, "unauthorized");
    let health = reqwest::get(format!("{}/health", srv.base)).await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = reqwest::get(format!("{}/ready", srv.base)).await.unwrap();
    assert_eq!(ready.status(), 200);
    let docs = reqwest::get(format!("{}/docs", srv.base)).await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs
        .text()
        .await
        .unwrap()
        .to_lowercase()
        .contains("swagger"));
}

/// Every body is checked against its operation's schema in the spec: all problems at once,
/// each naming its field; unknown fields are refused (typos never pass silently); values
/// keep their JSON type (a number is not silently a string).
async fn bodies_are_checked_against_the_spec_field_by_field(srv: Server) {
    let (host, link) = simple_link(&srv, json!({})).await;
    let start = iso(day(3) + chrono::Duration::hours(10));
    // (path, body, the (field, code) pairs expected, in field order)
    type Case = (&'static str, Value, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (
            "/v1/bookings",
            json!({"link_id": link, "start": start, "atendee": {"name": "A", "email": "a@b.co", "timezone": "UTC"}}),
            vec![("attendee", "required"), ("atendee", "unknown_field")],
        ),
        (
            "/v1/bookings",
            json!({"link_id": link, "start": start, "attendee": {"name": "A", "email": "a@b.co", "timezone": "UTC", "phone": "1"}, "metadata": {"n": 1, "ok": "1"}}),
            vec![
                ("attendee.phone", "unknown_field"),
                ("metadata.n", "invalid_type"),
            ],
        ),
        (
            "/v1/bookings",
            json!({"link_id": 42, "start": "next tuesday", "seats": "2", "attendee": null}),
            vec![
                ("attendee", "required"),
                ("link_id", "invalid_type"),
                ("seats", "invalid_type"),
                ("start", "invalid_date_time"),
            ],
        ),
        (
            "/v1/links",
            json!({"slug": "x", "title": "", "durations": [30, -5], "host_ids": [host], "assignment": "random", "capacity": 1e3}),
            vec![
                ("assignment", "invalid_value"),
                ("capacity", "invalid_type"),
                ("durations[1]", "out_of_range"),
                ("title", "out_of_range"),
            ],
        ),
        (
            "/v1/schedules",
            json!({"name": "S", "timezone": "UTC", "holidays": ["2027-02-30"], "weekly_rules": [{"weekday": "monday", "start": "09:00"}]}),
            vec![
                ("holidays[0]", "invalid_date"),
                ("weekly_rules[0].end", "required"),
            ],
        ),
    ];
    for (path, body, expected) in cases {
        let r = srv.post(path, body.clone()).await;
        let got = field_codes(&r.problem(422, "validation_failed")["errors"]);
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(got, expected, "{path} {body}");
    }
    // The hint for a typo, and updates: `null` clears an optional setting, an unknown field
    // is refused.
    let r = srv
        .patch(&format!("/v1/links/{link}"), json!({"titel": "New"}))
        .await;
    let detail = r.problem(422, "validation_failed")["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("did you mean `title`"), "{detail}");
    srv.patch(
        &format!("/v1/links/{link}"),
        json!({"description": null, "daily_limit": null}),
    )
    .await
    .expect(200);
    // Malformed JSON stays a 400; nothing above was stored.
    post_text(&srv, "/v1/bookings", r#"{"link_id": "#)
        .await
        .problem(400, "malformed_request");
    let bookings = srv.get("/v1/bookings").await.expect(200)["data"].clone();
    assert_eq!(bookings.as_array().unwrap().len(), 0, "{bookings}");
}
