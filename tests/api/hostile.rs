//! Hostile input, as an attacker or a careless client sends it: control characters in every
//! string field and filter, invalid UTF-8, absurdly deep or large JSON, overflowing numbers,
//! edge dates, odd header values, guessed keys, and clients that send half a request. Each
//! gets a 4xx problem (never a 5xx), nothing of it is stored, and the server keeps serving.

use std::time::Duration as StdDuration;

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_api::connections::HttpLimits;
use skyslots_api::limits::{Rate, RateLimitConfig};
use skyslots_api::AppState;
use skyslots_blackbox::{on_both_backends, Backend, Reply, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::fixtures::*;

on_both_backends!(
    control_characters_are_refused_in_every_field_and_filter,
    hostile_encodings_sizes_numbers_dates_and_headers_are_4xx,
    a_non_ascii_idempotency_key_never_books_twice,
    guessed_keys_are_rate_limited_per_address with few_auth_failures,
);

/// Marks every hostile value, so the database can be searched for any trace of one.
const MARK: &str = "HOSTILEx";

/// A value with a refused character in it, a different one each call.
fn poison(i: usize) -> String {
    let c = ['\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\r', '\u{8}'][i % 6];
    format!("{MARK}{c}{MARK}")
}

fn fields_of(reply: &Reply) -> Vec<(String, String)> {
    reply.body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// The reply is 422 naming `field` as holding a control character.
#[track_caller]
fn refused_field(reply: &Reply, field: &str, what: &str) {
    assert_eq!(reply.status.as_u16(), 422, "{what}: {}", reply.body);
    assert_eq!(reply.body["code"], "validation_failed", "{what}");
    let fields = fields_of(reply);
    assert!(
        fields.contains(&(field.to_owned(), "control_character".to_owned())),
        "{what}: {fields:?}"
    );
}

async fn raw(srv: &Server, request: &[u8]) -> (u16, String) {
    let addr = srv.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).await.unwrap();
    // The server may answer (and close) before reading everything: a refused oversized body.
    let _ = stream.write_all(request).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(StdDuration::from_secs(10), stream.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A whole HTTP/1.1 request as bytes; `extra` is raw header lines (each ending in CRLF).
fn request(method: &str, path: &str, key: &str, body: &[u8], extra: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(extra);
    r.extend_from_slice(b"\r\n");
    r.extend_from_slice(body);
    r
}

/// `{key: value}` with any key.
fn object(key: String, value: Value) -> Value {
    Value::Object([(key, value)].into_iter().collect())
}

async fn control_characters_are_refused_in_every_field_and_filter(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    let host = host(&srv, &schedule, "Ada").await;
    srv.patch("/v1/organization", json!({"slug": "hostile"}))
        .await
        .expect(200);
    let link = link(&srv, &[&host], json!({"slug": "intro"})).await;
    let start = day(3) + Duration::hours(10);
    let booking = srv
        .post("/v1/bookings", booking_body(&link, start, "Jo"))
        .await
        .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let guest = srv
        .anonymous(
            Method::POST,
            "/v1/public/links/hostile/intro/bookings",
            Some(
                &json!({"start": iso(start + Duration::hours(2)), "duration": 30,
                "attendee": {"name": "Guest", "email": "g@example.com", "timezone": "UTC"}}),
            ),
            &[],
        )
        .await;
    let manage = guest.expect(201)["manage_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let attendee =
        |name: Value, email: Value| json!({"name": name, "email": email, "timezone": "UTC"});
    let when = iso(start + Duration::hours(4));
    let mut n = 0;
    let mut p = || {
        n += 1;
        Value::String(poison(n))
    };
    // (method, path, body, the field the problem must name)
    let cases: Vec<(Method, String, Value, &str)> = vec![
        (
            Method::POST,
            "/v1/schedules".into(),
            json!({"name": p(), "timezone": "UTC"}),
            "name",
        ),
        (
            Method::POST,
            "/v1/schedules".into(),
            json!({"name": "S", "timezone": p()}),
            "timezone",
        ),
        (
            Method::PATCH,
            format!("/v1/schedules/{schedule}"),
            json!({"name": p()}),
            "name",
        ),
        (
            Method::POST,
            "/v1/hosts".into(),
            json!({"name": p(), "email": "a@b.co", "timezone": "UTC"}),
            "name",
        ),
        (
            Method::POST,
            "/v1/hosts".into(),
            json!({"name": "A", "email": p(), "timezone": "UTC"}),
            "email",
        ),
        (
            Method::PATCH,
            format!("/v1/hosts/{host}"),
            json!({"name": p()}),
            "name",
        ),
        (
            Method::POST,
            "/v1/busy-blocks".into(),
            json!({"host_id": host, "start": when, "end": iso(start + Duration::hours(5)), "title": p()}),
            "title",
        ),
        (
            Method::POST,
            "/v1/links".into(),
            json!({"slug": "a", "title": p(), "durations": [30], "host_ids": [host]}),
            "title",
        ),
        (
            Method::POST,
            "/v1/links".into(),
            json!({"slug": "a", "title": "T", "description": p(), "durations": [30], "host_ids": [host]}),
            "description",
        ),
        (
            Method::POST,
            "/v1/links".into(),
            json!({"slug": "a", "title": "T", "durations": [30], "host_ids": [host], "questions": [{"id": "q", "label": p(), "kind": "text"}]}),
            "questions[0].label",
        ),
        (
            Method::POST,
            "/v1/links".into(),
            json!({"slug": "a", "title": "T", "durations": [30], "host_ids": [host], "questions": [{"id": "q", "label": "Q", "kind": "select", "options": ["a", p()]}]}),
            "questions[0].options[1]",
        ),
        (
            Method::POST,
            "/v1/links".into(),
            json!({"slug": "a", "title": "T", "durations": [30], "host_ids": [host], "metadata": {"note": p()}}),
            "metadata.note",
        ),
        (
            Method::POST,
            "/v1/links".into(),
            json!({"slug": "a", "title": "T", "durations": [30], "host_ids": [host], "location": {"kind": "in_person", "value": p()}}),
            "location.value",
        ),
        (
            Method::PATCH,
            format!("/v1/links/{link}"),
            json!({"title": p()}),
            "title",
        ),
        (
            Method::POST,
            format!("/v1/links/{link}/duplicate"),
            json!({"title": p()}),
            "title",
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            json!({"link_id": link, "start": when, "attendee": attendee(p(), json!("a@b.co"))}),
            "attendee.name",
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            json!({"link_id": link, "start": when, "attendee": attendee(json!("A"), p())}),
            "attendee.email",
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            json!({"link_id": link, "start": when, "attendee": {"name": "A", "email": "a@b.co", "timezone": p()}}),
            "attendee.timezone",
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            json!({"link_id": link, "start": when, "attendee": attendee(json!("A"), json!("a@b.co")), "answers": {"q": p()}}),
            "answers.q",
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            json!({"link_id": link, "start": when, "attendee": attendee(json!("A"), json!("a@b.co")), "answers": {"q": [p()]}}),
            "answers.q[0]",
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            json!({"link_id": link, "start": when, "attendee": attendee(json!("A"), json!("a@b.co")), "metadata": {"k": p()}}),
            "metadata.k",
        ),
        (
            Method::POST,
            format!("/v1/bookings/{booking}/cancel"),
            json!({"reason": p()}),
            "reason",
        ),
        (
            Method::POST,
            "/v1/api-keys".into(),
            json!({"name": p()}),
            "name",
        ),
        (
            Method::PATCH,
            "/v1/organization".into(),
            json!({"name": p()}),
            "name",
        ),
        (
            Method::POST,
            format!("/v1/links/{link}/one-time-links"),
            json!({"recipient_email": "r@b.co", "recipient_name": p(), "expires_at": iso(day(5))}),
            "recipient_name",
        ),
        (
            Method::POST,
            "/v1/tokens".into(),
            json!({"subject": p(), "scopes": ["links:read"], "expires_in": 600}),
            "subject",
        ),
    ];
    for (method, path, body, field) in &cases {
        let what = format!("{method} {path} {field}");
        let reply = srv.call(method.clone(), path, Some(body)).await;
        refused_field(&reply, field, &what);
    }
    // A control character in an object key is refused too, under the key's escaped name.
    let reply = srv
        .post(
            "/v1/links",
            json!({"slug": "a", "title": "T", "durations": [30], "host_ids": [host], "metadata": object(format!("k{}", poison(0)), json!("v"))}),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 422, "{}", reply.body);
    assert!(fields_of(&reply)
        .iter()
        .any(|(f, c)| f.starts_with("metadata.k")
            && f.contains("\\u{0}")
            && c == "control_character"));
    // Several at once: each is named.
    let reply = srv
        .post(
            "/v1/hosts",
            json!({"name": poison(0), "email": poison(1), "timezone": poison(2)}),
        )
        .await;
    assert_eq!(fields_of(&reply).len(), 3, "{}", reply.body);
    // Public endpoints, without a key.
    for (path, body, field) in [
        (
            "/v1/public/links/hostile/intro/bookings".to_owned(),
            json!({"start": when, "attendee": attendee(Value::String(poison(3)), json!("g@b.co"))}),
            "attendee.name",
        ),
        (
            format!("/v1/public/bookings/{manage}/cancel"),
            json!({"reason": poison(4)}),
            "reason",
        ),
    ] {
        let reply = srv.anonymous(Method::POST, &path, Some(&body), &[]).await;
        refused_field(&reply, field, &path);
    }
    // Every text filter.
    let window = format!(
        "start={}&end={}",
        iso(day(1)).replace('+', "%2B"),
        iso(day(8)).replace('+', "%2B")
    );
    for (path, param) in [
        (
            "/v1/bookings?attendee_email=a%00b".to_owned(),
            "attendee_email",
        ),
        ("/v1/bookings?link_id=lnk_%1b".to_owned(), "link_id"),
        ("/v1/bookings?host_id=%7f".to_owned(), "host_id"),
        ("/v1/busy-blocks?host_id=hst_%00".to_owned(), "host_id"),
        (
            "/v1/audit-events?action=link.created%00".to_owned(),
            "action",
        ),
        ("/v1/audit-events?actor_id=%C2%85".to_owned(), "actor_id"),
        ("/v1/audit-events?target_id=%0d".to_owned(), "target_id"),
        ("/v1/hosts?cursor=%00".to_owned(), "cursor"),
        (
            format!("/v1/links/{link}/availability?{window}&timezone=UTC%00"),
            "timezone",
        ),
    ] {
        let reply = srv.get(&path).await;
        refused_field(&reply, param, &path);
    }
    let reply = srv
        .anonymous(
            Method::GET,
            &format!("/v1/public/links/hostile/intro/availability?{window}&timezone=%00"),
            None,
            &[],
        )
        .await;
    refused_field(&reply, "timezone", "public availability");
    // Invalid UTF-8 in a query names the parameter.
    let reply = srv.get("/v1/bookings?attendee_email=%FF%FE").await;
    assert_eq!(
        fields_of(&reply),
        [("attendee_email".to_owned(), "invalid_encoding".to_owned())]
    );
    // A path with a control character or invalid UTF-8 names nothing.
    for (method, path) in [
        (Method::GET, format!("/v1/links/{link}%00")),
        (Method::PATCH, format!("/v1/links/{link}%1b")),
        (Method::DELETE, "/v1/hosts/hst_%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00".to_owned()),
        (Method::GET, "/v1/public/links/hostile%00/intro".to_owned()),
        (Method::POST, "/v1/public/bookings/%FF/cancel".to_owned()),
    ] {
        srv.call(method, &path, Some(&json!({})))
            .await
            .problem(404, "not_found");
    }
    // What is wrong first is said first: a wrong route or method (404, 405 with `Allow`), then
    // missing credentials (401), then the input (422).
    let (status, text) = raw(
        &srv,
        &request(
            "TRACE",
            "/v1/hosts",
            &srv.key,
            poison(0).as_bytes(),
            b"Idempotency-Key: \xe9\r\n",
        ),
    )
    .await;
    assert_eq!(status, 405, "{text}");
    let allow = text
        .lines()
        .find_map(|l| l.strip_prefix("allow: "))
        .unwrap_or_else(|| panic!("no Allow header: {text}"));
    assert_eq!(allow.trim(), "GET, POST, HEAD");
    let reply = srv
        .anonymous(
            Method::POST,
            "/v1/hosts",
            Some(&json!({"name": poison(0), "email": "a@b.co", "timezone": "UTC"})),
            &[("Idempotency-Key", "clé")],
        )
        .await;
    reply.problem(401, "unauthorized");
    srv.call(
        Method::POST,
        &format!("/v1/nowhere/{}", "%00"),
        Some(&json!({"a": poison(0)})),
    )
    .await
    .problem(404, "not_found");
    // Tab and newline are text, and are kept.
    let ok = srv
        .post(
            "/v1/hosts",
            json!({"name": "Ada\tLovelace", "email": "ada@example.com", "timezone": "UTC"}),
        )
        .await;
    assert_eq!(ok.expect(201)["name"], "Ada\tLovelace");
    let cancelled = srv
        .post(
            &format!("/v1/bookings/{booking}/cancel"),
            json!({"reason": "line one\nline two"}),
        )
        .await;
    cancelled.expect(200);
    // Nothing hostile reached the database, on either backend.
    assert!(!srv.database_text().await.contains(MARK));
}

async fn hostile_encodings_sizes_numbers_dates_and_headers_are_4xx(srv: Server) {
    let (host, link) = simple_link(&srv, json!({})).await;
    let key = srv.key.clone();
    let mark_host =
        |name: &str| format!(r#"{{"name":"{name}","email":"a@b.co","timezone":"UTC"}}"#);
    // Bodies the JSON parser refuses: 400, as problems.
    let deep_array = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    let mut invalid_utf8 = br#"{"name":""#.to_vec();
    invalid_utf8.extend_from_slice(&[0xff, 0xfe, b'H']);
    invalid_utf8.extend_from_slice(br#"","email":"a@b.co","timezone":"UTC"}"#);
    let overlong_nul =
        b"{\"name\":\"a\xc0\x80b\",\"email\":\"a@b.co\",\"timezone\":\"UTC\"}".to_vec();
    for (what, body) in [
        ("deep array", deep_array.into_bytes()),
        ("deep object", deep_object.into_bytes()),
        ("invalid UTF-8", invalid_utf8),
        ("overlong NUL", overlong_nul),
        ("lone surrogate", mark_host(r"\ud800").into_bytes()),
        (
            "1e400",
            br#"{"slug":"x","title":"T","durations":[1e400],"host_ids":[]}"#.to_vec(),
        ),
    ] {
        let path = if what == "1e400" {
            "/v1/links"
        } else {
            "/v1/hosts"
        };
        let (status, text) = raw(&srv, &request("POST", path, &key, &body, b"")).await;
        assert_eq!(status, 400, "{what}: {text}");
        assert!(text.contains("application/problem+json"), "{what}: {text}");
    }
    // Well-formed but out of every bound: 4xx, never 5xx.
    let huge = "x".repeat(1_000_000 - 100);
    let replies = [
        srv.post("/v1/hosts", json!({"name": huge, "email": "a@b.co", "timezone": "UTC"})).await,
        srv.post("/v1/links", json!({"slug": "x", "title": "T", "durations": [30], "host_ids": [host], "metadata": object(huge.clone(), json!("v"))})).await,
        srv.post("/v1/links", json!({"slug": "x", "title": "T", "durations": [4_294_967_296u64], "host_ids": [host]})).await,
        srv.post("/v1/links", json!({"slug": "x", "title": "T", "durations": [-1], "host_ids": [host]})).await,
        srv.post("/v1/links", json!({"slug": "x", "title": "T", "durations": [30], "capacity": u64::MAX, "host_ids": [host]})).await,
        srv.post("/v1/links", json!({"slug": "x", "title": "T", "durations": [30], "buffer_before": 1.5, "host_ids": [host]})).await,
        srv.get("/v1/hosts?limit=99999999999999999999").await,
        srv.get("/v1/hosts?limit=-1").await,
        srv.post("/v1/bookings", json!({"link_id": link, "start": iso(day(2)), "seats": 4_294_967_295u64, "attendee": {"name": "A", "email": "a@b.co", "timezone": "UTC"}})).await,
        srv.post("/v1/bookings", json!({"link_id": link, "start": iso(day(2)), "answers": {"q": huge}, "attendee": {"name": "A", "email": "a@b.co", "timezone": "UTC"}})).await,
    ];
    for (i, r) in replies.iter().enumerate() {
        assert!(
            r.status.is_client_error(),
            "case {i}: {} {}",
            r.status,
            r.body
        );
        assert!(r.body["code"].is_string(), "case {i}: {}", r.body);
    }
    // A body over the limit is 413, whether its length is declared or not.
    // Only the head is sent: the server refuses it before reading any of the body.
    let declared = format!(
        "POST /v1/hosts HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{{",
        (1 << 20) + 1
    );
    let (status, _) = raw(&srv, declared.as_bytes()).await;
    assert_eq!(status, 413);
    // RFC 3339 at the edges of what parses: each a 4xx or a clean answer, never 5xx.
    let edges = [
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "1969-12-31T23:59:59Z",
        "9999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
        "-0001-01-01T00:00:00Z",
        "2027-01-04T10:00:60Z",
        "2027-02-30T10:00:00Z",
        "2027-01-04T10:00:00+23:59",
        "2027-01-04T10:00:00-23:59",
        "2027-01-04T10:00:00.123456789Z",
        "2027-01-04t10:00:00z",
        "2027-01-04 10:00:00Z",
    ];
    for edge in edges {
        let enc = edge.replace('+', "%2B").replace(' ', "%20");
        let replies = [
            srv.post("/v1/bookings", json!({"link_id": link, "start": edge, "attendee": {"name": "A", "email": "a@b.co", "timezone": "UTC"}})).await,
            srv.post("/v1/busy-blocks", json!({"host_id": host, "start": edge, "end": "9999-12-31T23:59:59Z"})).await,
            srv.post("/v1/busy-blocks", json!({"host_id": host, "start": "1900-01-01T00:00:00Z", "end": edge})).await,
            srv.post(&format!("/v1/links/{link}/one-time-links"), json!({"recipient_email": "r@b.co", "expires_at": edge})).await,
            srv.get(&format!("/v1/bookings?start_from={enc}&start_to={enc}")).await,
            srv.get(&format!("/v1/audit-events?start={enc}")).await,
            srv.get(&format!("/v1/links/{link}/availability?start={enc}&end=9999-12-31T23:59:59Z")).await,
            srv.get(&format!("/v1/links/{link}/availability?start=1900-01-01T00:00:00Z&end={enc}")).await,
        ];
        for (i, r) in replies.iter().enumerate() {
            assert!(
                !r.status.is_server_error() && r.body["code"] != "internal",
                "{edge} case {i}: {} {}",
                r.status,
                r.body
            );
        }
    }
    let dates = [
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "+10000-01-01",
        "2027-02-29",
    ];
    for date in dates {
        let replies = [
            srv.post("/v1/schedules", json!({"name": "S", "timezone": "UTC", "holidays": [date]})).await,
            srv.post("/v1/schedules", json!({"name": "S", "timezone": "UTC", "date_overrides": [{"date": date, "intervals": []}]})).await,
            srv.get(&format!("/v1/links/{link}/analytics?start={date}&end=9999-12-31")).await,
        ];
        for (i, r) in replies.iter().enumerate() {
            assert!(
                !r.status.is_server_error(),
                "{date} case {i}: {} {}",
                r.status,
                r.body
            );
        }
    }
    // Header values: non-ASCII, CRLF injection, and a 100 KB Authorization header.
    let latin1 = b"GET /v1/hosts HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer sk_\xe9\xe9\r\n\r\n";
    let (status, text) = raw(&srv, latin1).await;
    assert_eq!(status, 401, "{text}");
    let (status, _) = raw(
        &srv,
        &request("GET", "/v1/hosts", &"x".repeat(100_000), b"", b""),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = raw(
        &srv,
        &request(
            "GET",
            "/v1/hosts",
            &format!(
                "{}.{}.{}",
                "a".repeat(40_000),
                "b".repeat(40_000),
                "c".repeat(20_000)
            ),
            b"",
            b"",
        ),
    )
    .await;
    assert_eq!(status, 401);
    // A CR or LF inside a header value ends the header: what follows is a malformed line.
    let injected = b"GET /v1/hosts HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rInjected: 1\r\nConnection: close\r\n\r\n";
    let (status, _) = raw(&srv, injected).await;
    assert!((400..500).contains(&status), "{status}");
    // Non-ASCII bytes in a header we read as text: ignored where optional (a fresh request id).
    let (status, text) = raw(
        &srv,
        &request(
            "GET",
            "/v1/hosts",
            &key,
            b"",
            b"X-Request-Id: caf\xc3\xa9\r\n",
        ),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let odd_key = request(
        "POST",
        "/v1/hosts",
        &key,
        mark_host("K").as_bytes(),
        b"Idempotency-Key: a\x01b\r\n",
    );
    let (status, text) = raw(&srv, &odd_key).await;
    assert!((400..500).contains(&status), "{status} {text}");
    // Still serving, and nothing of the above was stored.
    srv.get("/v1/hosts").await.expect(200);
    let hosts = srv.get("/v1/hosts?limit=100").await.expect(200)["data"].clone();
    assert_eq!(hosts.as_array().unwrap().len(), 1, "{hosts}");
}

async fn a_non_ascii_idempotency_key_never_books_twice(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let body = booking_body(&link, day(4) + Duration::hours(9), "Jo");
    for key in ["clé-1", "kéy", "key with space", "ключ"] {
        let reply = srv
            .call_as(
                &srv.key,
                Method::POST,
                "/v1/bookings",
                Some(&body),
                &[("Idempotency-Key", key)],
            )
            .await;
        assert_eq!(
            fields_of(&reply),
            [(
                "Idempotency-Key".to_owned(),
                "invalid_idempotency_key".to_owned()
            )],
            "{key}: {}",
            reply.body
        );
    }
    // Sent as raw bytes too (not valid UTF-8 in a header either), and as two headers.
    let raw_body = body.to_string();
    for extra in [
        &b"Idempotency-Key: cl\xe9-1\r\n"[..],
        b"Idempotency-Key: cl\xc3\xa9-1\r\n",
        b"Idempotency-Key: a\r\nIdempotency-Key: b\r\n",
    ] {
        let (status, text) = raw(
            &srv,
            &request("POST", "/v1/bookings", &srv.key, raw_body.as_bytes(), extra),
        )
        .await;
        assert_eq!(status, 422, "{text}");
        assert!(text.contains("invalid_idempotency_key"), "{text}");
    }
    // None of these booked anything.
    let list = srv.get("/v1/bookings").await.expect(200)["data"].clone();
    assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
}

fn few_auth_failures(state: AppState) -> AppState {
    state.with_rate_limits(&RateLimitConfig {
        auth_failures: Some(Rate {
            requests: 5,
            seconds: 60,
        }),
        client_ip_header: Some("X-Forwarded-For".into()),
        ..RateLimitConfig::off()
    })
}

async fn guessed_keys_are_rate_limited_per_address(srv: Server) {
    let hosts_from = |bearer: String, ip: &'static str| {
        let srv = &srv;
        async move {
            srv.call_as(
                &bearer,
                Method::GET,
                "/v1/hosts",
                None,
                &[("X-Forwarded-For", ip)],
            )
            .await
        }
    };
    // A valid key used first is cached: it keeps working from the guesser's address.
    hosts_from(srv.key.clone(), "203.0.113.7").await.expect(200);
    let mut statuses = Vec::new();
    for i in 0..12 {
        // Wrong keys and malformed tokens count alike.
        let bearer = if i % 3 == 2 {
            "a.b.c".to_owned()
        } else {
            format!("sk_wrong{i}")
        };
        let r = hosts_from(bearer, "203.0.113.7").await;
        if r.status == 429 {
            let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=60).contains(&retry), "{retry}");
            assert!(r.headers["ratelimit-policy"]
                .to_str()
                .unwrap()
                .contains("auth-failures"));
            r.problem(429, "rate_limited");
        }
        statuses.push(r.status.as_u16());
    }
    assert_eq!(&statuses[..5], &[401; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    hosts_from(srv.key.clone(), "203.0.113.7").await.expect(200);
    // Another address has its own budget.
    hosts_from("sk_wrong".into(), "198.51.100.1")
        .await
        .problem(401, "unauthorized");
}

// ---- slow clients ----------------------------------------------------------------------

fn short_timeouts(state: AppState) -> AppState {
    state.with_http_limits(HttpLimits {
        header_timeout: StdDuration::from_secs(1),
        idle_timeout: StdDuration::from_secs(3),
        body_timeout: StdDuration::from_secs(1),
        max_connections: 2_000,
    })
}

/// Whether the server closed `stream` (EOF or reset), waiting up to `within`.
async fn closed_within(stream: &mut TcpStream, within: StdDuration) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_while_health_answers() {
    let srv = Server::start_with(Backend::Sqlite, short_timeouts).await;
    let addr = srv.base.trim_start_matches("http://").to_owned();
    // 1,100 connections that each send half a request head, as in the report (fewer where the
    // open-file limit cannot hold both ends of that many in this one process).
    let files = skyslots_api::connections::raise_open_file_limit().unwrap_or(4096);
    let n = 1_100.min(usize::try_from(files.saturating_sub(300) / 2).unwrap_or(1_100));
    let mut half = Vec::new();
    for _ in 0..n {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"POST /v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Le")
            .await
            .unwrap();
        half.push(s);
    }
    // Everyone else is still served meanwhile.
    srv.anonymous(Method::GET, "/health", None, &[])
        .await
        .expect(200);
    srv.get("/v1/hosts").await.expect(200);
    // Cut off by the header timeout (1 s), all of them.
    for s in &mut half {
        assert!(
            closed_within(s, StdDuration::from_secs(5)).await.is_some(),
            "a half-sent request head was kept open"
        );
    }
    // A connection that sends nothing at all is cut off too.
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let started = std::time::Instant::now();
    assert!(closed_within(&mut silent, StdDuration::from_secs(5))
        .await
        .is_some());
    assert!(started.elapsed() >= StdDuration::from_millis(800));
    // A kept-alive connection may idle for longer than the header timeout, up to the idle
    // timeout (3 s), and is closed after it.
    let mut kept = TcpStream::connect(&addr).await.unwrap();
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = kept.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    tokio::time::sleep(StdDuration::from_millis(1_500)).await;
    kept.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let n = kept.read(&mut buf).await.unwrap();
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
        "closed before the idle timeout"
    );
    let idle_from = std::time::Instant::now();
    assert!(closed_within(&mut kept, StdDuration::from_secs(5))
        .await
        .is_some());
    assert!(idle_from.elapsed() >= StdDuration::from_millis(1_800));
    // A body that stops arriving gets 408 after the body timeout, and the connection closes.
    let mut stalled = TcpStream::connect(&addr).await.unwrap();
    stalled
        .write_all(
            format!(
                "POST /v1/hosts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"name\":",
                srv.key
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let answer = closed_within(&mut stalled, StdDuration::from_secs(5))
        .await
        .expect("a stalled body was kept open");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    // Nothing was created by any of it, and the server still answers.
    let hosts = srv.get("/v1/hosts").await.expect(200)["data"].clone();
    assert_eq!(hosts.as_array().unwrap().len(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_wait_until_one_closes() {
    let srv = Server::start_with(Backend::Sqlite, |s| {
        s.with_http_limits(HttpLimits {
            header_timeout: StdDuration::from_secs(2),
            max_connections: 20,
            ..HttpLimits::default()
        })
    })
    .await;
    let addr = srv.base.trim_start_matches("http://").to_owned();
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(StdDuration::from_millis(200)).await;
    // The 21st connects (the kernel's backlog) but is not served while 20 are open...
    let started = std::time::Instant::now();
    let mut waiting = TcpStream::connect(&addr).await.unwrap();
    waiting
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = closed_within(&mut waiting, StdDuration::from_secs(10))
        .await
        .expect("never served");
    // ...until the silent ones are cut off by the header timeout.
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"));
    assert!(
        started.elapsed() >= StdDuration::from_millis(1_500),
        "served at once: the cap did not hold"
    );
}
