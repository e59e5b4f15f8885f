//! Scoped tokens (what each scope and restriction allows; forged, expired, foreign and
//! out-of-scope tokens refused), rate limits with their headers, and link analytics.

use std::time::Duration as StdDuration;

use base64::Engine as _;
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_api::limits::{Rate, RateLimitConfig};
use skyslots_api::tokens::{self, Claims, SigningKeys};
use skyslots_api::AppState;
use skyslots_blackbox::{on_both_backends, Reply, Server};

use crate::fixtures::*;

on_both_backends!(
    tokens_do_what_their_scopes_and_restrictions_allow,
    forged_expired_and_foreign_tokens_are_refused,
    rate_limits_refuse_with_headers with limited,
    link_analytics_count_views_bookings_and_cancellations,
    views_are_counted_in_memory_and_written_by_the_flush with slow_flush,
);

fn limited(state: AppState) -> AppState {
    let rate = |requests| {
        Some(Rate {
            requests,
            seconds: 60,
        })
    };
    state.with_rate_limits(&RateLimitConfig {
        public_read: rate(3),
        public_write: rate(2),
        authenticated: rate(5),
        auth_failures: None,
        client_ip_header: Some("X-Forwarded-For".into()),
    })
}

fn slow_flush(state: AppState) -> AppState {
    state.with_views_flush_every(StdDuration::from_secs(3600))
}

async fn mint(srv: &Server, body: Value) -> Value {
    srv.post("/v1/tokens", body).await.expect(201).clone()
}

async fn as_token(srv: &Server, token: &str, m: Method, path: &str, body: Option<Value>) -> Reply {
    srv.call_as(token, m, path, body.as_ref(), &[]).await
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

async fn tokens_do_what_their_scopes_and_restrictions_allow(srv: Server) {
    let (host, link) = simple_link(&srv, json!({"slug": "intro"})).await;
    let other_link = crate::fixtures::link(&srv, &[&host], json!({})).await;
    let d = day(20);

    let minted = mint(
        &srv,
        json!({
            "subject": "customer-42",
            "scopes": ["bookings:write", "availability:read", "bookings:read"],
            "link_id": link,
            "attendee_email": "Grace@Example.com",
            "expires_in": 600,
        }),
    )
    .await;
    assert_eq!(minted["token_type"], "Bearer");
    assert_eq!(minted["subject"], "customer-42");
    assert_eq!(
        minted["scopes"],
        json!(["availability:read", "bookings:read", "bookings:write"])
    );
    assert_eq!(minted["attendee_email"], "grace@example.com");
    let expires = chrono::DateTime::parse_from_rfc3339(minted["expires_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc);
    assert!(
        (expires - Utc::now() - Duration::seconds(600))
            .num_seconds()
            .abs()
            <= 5
    );
    let token = minted["token"].as_str().unwrap().to_owned();
    let header: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "HS256");
    assert!(header["kid"].is_string());

    // Availability of its link only.
    let window = format!("?start={}&end={}", iso(d), iso(d + Duration::days(1)));
    let r = as_token(
        &srv,
        &token,
        Method::GET,
        &format!("/v1/links/{link}/availability{window}"),
        None,
    )
    .await;
    assert!(!r.expect(200)["slots"].as_array().unwrap().is_empty());
    as_token(
        &srv,
        &token,
        Method::GET,
        &format!("/v1/links/{other_link}/availability{window}"),
        None,
    )
    .await
    .problem(403, "token_restricted");
    // No links:read scope.
    as_token(
        &srv,
        &token,
        Method::GET,
        &format!("/v1/links/{link}"),
        None,
    )
    .await
    .problem(403, "insufficient_scope");
    // Nothing that needs a secret key, including minting more tokens.
    as_token(&srv, &token, Method::GET, "/v1/hosts", None)
        .await
        .problem(403, "secret_key_required");
    as_token(
        &srv,
        &token,
        Method::POST,
        "/v1/tokens",
        Some(json!({"subject": "x", "scopes": ["bookings:read"]})),
    )
    .await
    .problem(403, "secret_key_required");

    // Books for its attendee on its link, as that attendee.
    let mine = as_token(
        &srv,
        &token,
        Method::POST,
        "/v1/bookings",
        Some(booking_body(&link, d + Duration::hours(9), "Grace")),
    )
    .await
    .id();
    as_token(
        &srv,
        &token,
        Method::POST,
        "/v1/bookings",
        Some(booking_body(&link, d + Duration::hours(10), "Ada")),
    )
    .await
    .problem(403, "token_restricted");
    as_token(
        &srv,
        &token,
        Method::POST,
        "/v1/bookings",
        Some(booking_body(&other_link, d + Duration::hours(10), "Grace")),
    )
    .await
    .problem(403, "token_restricted");
    let audit = srv.get(&format!("/v1/audit-events?target_id={mine}")).await;
    let actor = &audit.expect(200)["data"][0]["actor"];
    assert_eq!(
        (actor["type"].as_str(), actor["id"].as_str()),
        (Some("token"), Some("customer-42")),
        "{actor}"
    );

    // Someone else's booking on the same link is invisible to it.
    let theirs = srv
        .post(
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(11), "Ada"),
        )
        .await
        .id();
    as_token(
        &srv,
        &token,
        Method::GET,
        &format!("/v1/bookings/{theirs}"),
        None,
    )
    .await
    .problem(404, "not_found");
    as_token(
        &srv,
        &token,
        Method::POST,
        &format!("/v1/bookings/{theirs}/cancel"),
        Some(json!({})),
    )
    .await
    .problem(404, "not_found");
    let list = as_token(&srv, &token, Method::GET, "/v1/bookings", None).await;
    let ids: Vec<&str> = list.expect(200)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [mine.as_str()]);
    as_token(
        &srv,
        &token,
        Method::GET,
        "/v1/bookings?attendee_email=ada@example.com",
        None,
    )
    .await
    .problem(403, "token_restricted");
    assert_eq!(
        srv.get(&format!("/v1/bookings/{theirs}")).await.expect(200)["status"],
        "confirmed"
    );

    // Reschedules and cancels its own booking.
    let moved = as_token(
        &srv,
        &token,
        Method::POST,
        &format!("/v1/bookings/{mine}/reschedule"),
        Some(json!({"start": iso(d + Duration::hours(13))})),
    )
    .await;
    let start = moved.expect(200)["start"].as_str().unwrap();
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(start).unwrap(),
        d + Duration::hours(13)
    );
    let cancelled = as_token(
        &srv,
        &token,
        Method::POST,
        &format!("/v1/bookings/{mine}/cancel"),
        Some(json!({"reason": "sick"})),
    )
    .await;
    assert_eq!(cancelled.expect(200)["booking"]["status"], "cancelled");

    // A read-only token cannot write; a links:read token reads links.
    let reader = mint(
        &srv,
        json!({"subject": "viewer", "scopes": ["bookings:read", "links:read"]}),
    )
    .await;
    let reader = reader["token"].as_str().unwrap();
    as_token(
        &srv,
        reader,
        Method::POST,
        "/v1/bookings",
        Some(booking_body(&link, d + Duration::hours(15), "Zed")),
    )
    .await
    .problem(403, "insufficient_scope");
    assert_eq!(
        as_token(
            &srv,
            reader,
            Method::GET,
            &format!("/v1/links/{link}"),
            None
        )
        .await
        .expect(200)["id"],
        link.as_str()
    );
    let all = as_token(&srv, reader, Method::GET, "/v1/bookings", None).await;
    assert_eq!(all.expect(200)["data"].as_array().unwrap().len(), 2);

    // Idempotency keys are per token subject: a retry replays, another customer's request
    // with the same key and body is its own request (here: for a slot already taken).
    let writer = |subject: &str| json!({"subject": subject, "scopes": ["bookings:write"]});
    let (one, two) = (
        mint(&srv, writer("one")).await,
        mint(&srv, writer("two")).await,
    );
    let body = booking_body(&link, d + Duration::hours(16), "Kim");
    let key = [("Idempotency-Key", "checkout-1")];
    let first = srv
        .call_as(
            one["token"].as_str().unwrap(),
            Method::POST,
            "/v1/bookings",
            Some(&body),
            &key,
        )
        .await;
    let first_id = first.id();
    let retry = srv
        .call_as(
            one["token"].as_str().unwrap(),
            Method::POST,
            "/v1/bookings",
            Some(&body),
            &key,
        )
        .await;
    assert_eq!(
        (
            retry.id(),
            retry
                .headers
                .get("idempotent-replayed")
                .map(|v| v.to_str().unwrap())
        ),
        (first_id, Some("true"))
    );
    srv.call_as(
        two["token"].as_str().unwrap(),
        Method::POST,
        "/v1/bookings",
        Some(&body),
        &key,
    )
    .await
    .problem(409, "slot_unavailable");

    // What cannot be minted.
    for (body, field) in [
        (json!({"subject": "x", "scopes": []}), "scopes"),
        (
            json!({"subject": "", "scopes": ["bookings:read"]}),
            "subject",
        ),
        (
            json!({"subject": "x", "scopes": ["admin:all"]}),
            "admin:all",
        ),
        (
            json!({"subject": "x", "scopes": ["bookings:read"], "expires_in": 86_401}),
            "expires_in",
        ),
        (
            json!({"subject": "x", "scopes": ["bookings:read"], "expires_in": 10}),
            "expires_in",
        ),
        (
            json!({"subject": "x", "scopes": ["bookings:read"], "attendee_email": "nope"}),
            "attendee_email",
        ),
        (
            json!({"subject": "x", "scopes": ["bookings:read"], "link_id": "bkg_1"}),
            "link_id",
        ),
    ] {
        let r = srv.post("/v1/tokens", body.clone()).await;
        assert!(
            matches!(r.status.as_u16(), 400 | 422) && r.body.to_string().contains(field),
            "{body} -> {} {}",
            r.status,
            r.body
        );
    }
    srv.post("/v1/tokens", json!({"subject": "x", "scopes": ["bookings:read"], "link_id": "lnk_00000000000000000000000000"}))
        .await
        .problem(404, "not_found");
    // A day at most.
    let day_long = mint(
        &srv,
        json!({"subject": "x", "scopes": ["bookings:read"], "expires_in": 86_400}),
    )
    .await;
    as_token(
        &srv,
        day_long["token"].as_str().unwrap(),
        Method::GET,
        "/v1/bookings",
        None,
    )
    .await
    .expect(200);
}

async fn forged_expired_and_foreign_tokens_are_refused(srv: Server) {
    let now = tokens::epoch_seconds(Utc::now());
    let claims = |nbf: u64, exp: u64| Claims {
        iss: tokens::ISSUER.into(),
        aud: tokens::AUDIENCE.into(),
        sub: "mallory".into(),
        org: srv.org_id.clone(),
        scope: "bookings:read".into(),
        link: None,
        email: None,
        iat: nbf,
        nbf,
        exp,
        jti: tokens::new_jti(),
    };
    let ring = &srv.state.tokens;
    let kid = ring.current().keys()[0].kid.clone();
    // The server's own key, signing valid claims: accepted (the control).
    let good = ring.sign(&claims(now, now + 300)).unwrap();
    as_token(&srv, &good, Method::GET, "/v1/bookings", None)
        .await
        .expect(200);

    let mut cases: Vec<(&str, String, &str)> = Vec::new();
    cases.push((
        "expired",
        ring.sign(&claims(now - 900, now - 60)).unwrap(),
        "token_expired",
    ));
    cases.push((
        "not yet valid",
        ring.sign(&claims(now + 600, now + 900)).unwrap(),
        "token_not_yet_valid",
    ));
    cases.push((
        "longer than a day",
        ring.sign(&claims(now, now + 86_400 + 600)).unwrap(),
        "token_invalid",
    ));
    let mut foreign = claims(now, now + 300);
    foreign.aud = "someone-else".into();
    cases.push((
        "wrong audience",
        ring.sign(&foreign).unwrap(),
        "token_invalid",
    ));
    let mut foreign = claims(now, now + 300);
    foreign.iss = "evil".into();
    cases.push((
        "wrong issuer",
        ring.sign(&foreign).unwrap(),
        "token_invalid",
    ));
    // Another key claiming the server key's id.
    let impostor: SigningKeys = serde_json::from_value(json!({"keys": [{
        "kid": kid, "secret": "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE", "created_at": "2026-01-01T00:00:00Z"
    }]}))
    .unwrap();
    cases.push((
        "wrong key",
        impostor.sign(&claims(now, now + 300)).unwrap(),
        "token_invalid",
    ));
    // The right signature with one claim changed afterwards.
    let parts: Vec<&str> = good.split('.').collect();
    let mut escalated = serde_json::to_value(claims(now, now + 300)).unwrap();
    escalated["scope"] = json!("bookings:read bookings:write");
    cases.push((
        "tampered",
        format!("{}.{}.{}", parts[0], b64(&escalated), parts[2]),
        "token_invalid",
    ));
    // alg none, and an algorithm the server does not use.
    let payload = b64(&serde_json::to_value(claims(now, now + 300)).unwrap());
    cases.push((
        "alg none",
        format!("{}.{payload}.", b64(&json!({"alg": "none", "typ": "JWT"}))),
        "token_invalid",
    ));
    cases.push((
        "alg HS512",
        format!(
            "{}.{payload}.{}",
            b64(&json!({"alg": "HS512", "typ": "JWT", "kid": kid})),
            parts[2]
        ),
        "token_invalid",
    ));
    cases.push(("garbage", "a.b.c".into(), "token_invalid"));
    for (what, token, code) in cases {
        let r = as_token(&srv, &token, Method::GET, "/v1/bookings", None).await;
        assert_eq!(
            (r.status.as_u16(), r.body["code"].as_str()),
            (401, Some(code)),
            "{what}: {}",
            r.body
        );
        assert!(
            !r.body.to_string().contains(&token),
            "{what}: the token is echoed"
        );
    }
    // A key is not a token and a wrong key is just unauthorized.
    srv.call_as("sk_nope", Method::GET, "/v1/bookings", None, &[])
        .await
        .problem(401, "unauthorized");
}

async fn rate_limits_refuse_with_headers(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"slug": "intro"})).await;
    let page = "/v1/public/links/test-org/intro";
    let origin = [("Origin", "https://studio.example")];
    // Three reads a minute per client IP, counted down in `RateLimit`.
    for left in [2, 1, 0] {
        let r = srv.anonymous(Method::GET, page, None, &origin).await;
        r.expect(200);
        assert_eq!(r.headers["ratelimit-policy"], "\"public-read\";q=3;w=60");
        let state = r.headers["ratelimit"].to_str().unwrap();
        assert!(
            state.starts_with(&format!("\"public-read\";r={left};t=")),
            "{state}"
        );
    }
    let r = srv.anonymous(Method::GET, page, None, &origin).await;
    r.problem(429, "rate_limited");
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/problem+json"));
    let retry: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    assert_eq!(
        r.headers["ratelimit"].to_str().unwrap(),
        format!("\"public-read\";r=0;t={retry}")
    );
    assert_eq!(r.headers["ratelimit-policy"], "\"public-read\";q=3;w=60");
    // A browser can read the refusal.
    assert_eq!(
        r.headers["access-control-allow-origin"],
        "https://studio.example"
    );
    assert!(r.headers["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase()
        .contains("retry-after"));

    // Bookings have their own, stricter budget.
    let d = day(9);
    let body = |h: i64, name: &str| {
        json!({"start": iso(d + Duration::hours(h)), "duration": 30,
               "attendee": {"name": name, "email": format!("{name}@example.com"), "timezone": "UTC"}})
    };
    let post = format!("{page}/bookings");
    for (h, name) in [(9, "a"), (10, "b")] {
        let r = srv
            .anonymous(Method::POST, &post, Some(&body(h, name)), &[])
            .await;
        r.expect(201);
        assert_eq!(r.headers["ratelimit-policy"], "\"public-write\";q=2;w=60");
    }
    let r = srv
        .anonymous(Method::POST, &post, Some(&body(11, "c")), &[])
        .await;
    r.problem(429, "rate_limited");
    // The refused booking was not made.
    let list = srv.get(&format!("/v1/bookings?link_id={link}")).await;
    assert_eq!(list.expect(200)["data"].as_array().unwrap().len(), 2);

    // Behind the configured proxy header, each client has its own budget; its last entry
    // (the one the proxy appended) is the client.
    for _ in 0..3 {
        srv.anonymous(
            Method::GET,
            page,
            None,
            &[("X-Forwarded-For", "198.51.100.1, 203.0.113.7")],
        )
        .await
        .expect(200);
    }
    srv.anonymous(
        Method::GET,
        page,
        None,
        &[("X-Forwarded-For", "203.0.113.7")],
    )
    .await
    .problem(429, "rate_limited");
    srv.anonymous(
        Method::GET,
        page,
        None,
        &[("X-Forwarded-For", "203.0.113.8")],
    )
    .await
    .expect(200);
    // Another header is not trusted: it does not make a new client.
    srv.anonymous(Method::GET, page, None, &[("X-Real-IP", "192.0.2.99")])
        .await
        .problem(429, "rate_limited");

    // The organization's API: per key (five a minute here), each key its own budget.
    let fresh = srv.other_org().await;
    for left in (0..5).rev() {
        let r = srv
            .call_as(&fresh, Method::GET, "/v1/hosts", None, &[])
            .await;
        r.expect(200);
        assert_eq!(r.headers["ratelimit-policy"], "\"api\";q=5;w=60");
        assert!(r.headers["ratelimit"]
            .to_str()
            .unwrap()
            .starts_with(&format!("\"api\";r={left};")));
    }
    let r = srv
        .call_as(&fresh, Method::GET, "/v1/hosts", None, &[])
        .await;
    r.problem(429, "rate_limited");
    assert!(r.headers.contains_key("retry-after"));
    // A token minted with the refused key is refused too: minting is a request of the key.
    srv.call_as(
        &fresh,
        Method::POST,
        "/v1/tokens",
        Some(&json!({"subject": "s", "scopes": ["bookings:read"]})),
        &[],
    )
    .await
    .problem(429, "rate_limited");
    let other = srv.other_org().await;
    srv.call_as(&other, Method::GET, "/v1/hosts", None, &[])
        .await
        .expect(200);
    // A token minted by the other org has a budget of its own, per subject.
    let minted = srv
        .call_as(
            &other,
            Method::POST,
            "/v1/tokens",
            Some(&json!({"subject": "s", "scopes": ["bookings:read"]})),
            &[],
        )
        .await;
    let token = minted.expect(201)["token"].as_str().unwrap().to_owned();
    let r = as_token(&srv, &token, Method::GET, "/v1/bookings", None).await;
    r.expect(200);
    assert!(r.headers["ratelimit"]
        .to_str()
        .unwrap()
        .starts_with("\"api\";r=4;"));
}

async fn analytics(srv: &Server, link: &str, query: &str) -> Reply {
    srv.get(&format!("/v1/links/{link}/analytics?{query}"))
        .await
}

async fn link_analytics_count_views_bookings_and_cancellations(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"slug": "intro"})).await;
    let today = Utc::now().date_naive();
    let yesterday = today - Duration::days(1);
    let range = format!("start={yesterday}&end={today}");
    let empty = analytics(&srv, &link, &range).await;
    let empty = empty.expect(200);
    assert_eq!(empty["days"].as_array().unwrap().len(), 2);
    assert_eq!(empty["total_views"], 0);
    assert!(empty.get("conversion_rate").is_none());

    for _ in 0..3 {
        srv.anonymous(Method::GET, "/v1/public/links/test-org/intro", None, &[])
            .await
            .expect(200);
    }
    let one_time = srv
        .post(
            &format!("/v1/links/{link}/one-time-links"),
            json!({"recipient_email": "cy@example.com", "expires_at": iso(day(30))}),
        )
        .await;
    let token = one_time.expect(201)["token"].as_str().unwrap().to_owned();
    srv.anonymous(
        Method::GET,
        &format!("/v1/public/one-time/{token}"),
        None,
        &[],
    )
    .await
    .expect(200);
    // A failed fetch is not a view.
    srv.anonymous(Method::GET, "/v1/public/links/test-org/nope", None, &[])
        .await
        .problem(404, "link_not_found");
    let booked = srv
        .anonymous(
            Method::POST,
            "/v1/public/links/test-org/intro/bookings",
            Some(&json!({"start": iso(day(5) + Duration::hours(9)), "duration": 30,
                          "attendee": {"name": "Ann", "email": "ann@example.com", "timezone": "UTC"}})),
            &[],
        )
        .await;
    let manage = booked.expect(201)["manage_token"]
        .as_str()
        .unwrap()
        .to_owned();
    srv.post(
        "/v1/bookings",
        booking_body(&link, day(5) + Duration::hours(10), "Bob"),
    )
    .await
    .expect(201);
    srv.anonymous(
        Method::POST,
        &format!("/v1/public/bookings/{manage}/cancel"),
        Some(&json!({})),
        &[],
    )
    .await
    .expect(200);

    // Views arrive with the background flush (every 50 ms in tests).
    let mut stats = Value::Null;
    for _ in 0..100 {
        stats = analytics(&srv, &link, &range).await.expect(200).clone();
        if stats["total_views"] == 4 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert_eq!(stats["total_views"], 4, "{stats}");
    let days = stats["days"].as_array().unwrap();
    assert_eq!(
        days[0],
        json!({"date": yesterday.to_string(), "views": 0, "bookings": 0, "public_bookings": 0, "cancellations": 0})
    );
    // One guest booking and one made with the secret key: only the guest's converts a view.
    assert_eq!(
        days[1],
        json!({"date": today.to_string(), "views": 4, "bookings": 2, "public_bookings": 1, "cancellations": 1, "conversion_rate": 0.25})
    );
    assert_eq!(
        (
            stats["total_bookings"].as_i64(),
            stats["total_public_bookings"].as_i64(),
            stats["total_cancellations"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(stats["conversion_rate"], 0.25);

    // Bad ranges and other organizations' links.
    analytics(&srv, &link, &format!("start={today}&end={yesterday}"))
        .await
        .problem(422, "validation_failed");
    analytics(
        &srv,
        &link,
        &format!("start={}&end={today}", today - Duration::days(366)),
    )
    .await
    .problem(422, "validation_failed");
    analytics(
        &srv,
        &link,
        &format!("start={}&end={today}", today - Duration::days(365)),
    )
    .await
    .expect(200);
    analytics(&srv, &link, "start=yesterday&end=today")
        .await
        .problem(400, "malformed_request");
    let other = srv.other_org().await;
    srv.call_as(
        &other,
        Method::GET,
        &format!("/v1/links/{link}/analytics?{range}"),
        None,
        &[],
    )
    .await
    .problem(404, "not_found");
}

async fn views_are_counted_in_memory_and_written_by_the_flush(srv: Server) {
    let (_, link) = simple_link(&srv, json!({"slug": "intro"})).await;
    let today = Utc::now().date_naive();
    let range = format!("start={today}&end={today}");
    for _ in 0..5 {
        srv.anonymous(Method::GET, "/v1/public/links/test-org/intro", None, &[])
            .await
            .expect(200);
    }
    // Not written on the request path: nothing in the database until a flush.
    assert_eq!(
        analytics(&srv, &link, &range).await.expect(200)["total_views"],
        0
    );
    assert_eq!(srv.state.views.flush(&srv.db).await.unwrap(), 5);
    assert_eq!(
        analytics(&srv, &link, &range).await.expect(200)["total_views"],
        5
    );
    // Flushes add up; nothing is counted twice.
    srv.anonymous(Method::GET, "/v1/public/links/test-org/intro", None, &[])
        .await
        .expect(200);
    assert_eq!(srv.state.views.flush(&srv.db).await.unwrap(), 1);
    assert_eq!(srv.state.views.flush(&srv.db).await.unwrap(), 0);
    assert_eq!(
        analytics(&srv, &link, &range).await.expect(200)["total_views"],
        6
    );
}
