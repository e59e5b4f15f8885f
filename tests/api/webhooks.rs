//! Webhooks against a real receiver (an HTTP server on a loopback port): endpoints and their
//! secrets, Standard Webhooks signatures, the delivery log, retries on the standard schedule,
//! 410 and five days of failures disabling an endpoint, per-endpoint order, a receiver down
//! then up, recovery, and the SSRF guard both ways. Where time matters the worker is off and
//! the test drives the sequencer and the worker with a moved clock (`Server::run_due`).

use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Received, Receiver, Server};

use crate::fixtures::{booking_body, day, driven, simple_link};

fn private_urls(state: skyslots_api::AppState) -> skyslots_api::AppState {
    state.with_allow_private_urls(true)
}

on_both_backends!(
    endpoints_keep_their_secrets_sealed,
    endpoint_input_is_checked,
    private_targets_are_refused_by_default,
    deliveries_are_signed_and_logged with private_urls,
    a_rotated_secret_signs_beside_the_old_one with driven,
    failures_retry_on_the_schedule_then_fail with driven,
    five_days_of_failures_disable_the_endpoint with driven,
    gone_disables_at_once_and_recover_resends with driven,
    ordered_endpoints_hold_back_later_events with driven,
    unordered_endpoints_send_past_a_failure with driven,
    a_receiver_down_then_up_gets_every_event_once with driven,
    racing_workers_deliver_each_event_once with driven,
);

async fn endpoint(srv: &Server, url: &str, types: Value) -> Value {
    srv.post(
        "/v1/webhook-endpoints",
        json!({"url": url, "event_types": types}),
    )
    .await
    .expect(201)
    .clone()
}

/// A booking on a fresh link, `n` slots into day 3: the id.
async fn book(srv: &Server, link: &str, n: i64) -> String {
    srv.post(
        "/v1/bookings",
        booking_body(
            link,
            day(3) + Duration::hours(8) + Duration::minutes(30 * n),
            "Grace",
        ),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The Standard Webhooks signature of a received request with `secret`, computed here.
fn expected_signature(secret: &str, r: &Received) -> String {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(
        format!(
            "{}.{}.{}",
            r.header("webhook-id"),
            r.header("webhook-timestamp"),
            r.body
        )
        .as_bytes(),
    );
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

async fn deliveries(srv: &Server, endpoint: &str) -> Vec<Value> {
    srv.get(&format!(
        "/v1/webhook-endpoints/{endpoint}/deliveries?limit=100"
    ))
    .await
    .expect(200)["data"]
        .as_array()
        .unwrap()
        .clone()
}

/// The endpoint's deliveries once none is pending (the worker records an attempt after the
/// receiver has answered).
async fn settled(srv: &Server, endpoint: &str) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let log = deliveries(srv, endpoint).await;
        if log.iter().all(|d| d["status"] != "pending") || std::time::Instant::now() > deadline {
            return log;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

async fn endpoints_keep_their_secrets_sealed(srv: Server) {
    let made = srv
        .post(
            "/v1/webhook-endpoints",
            json!({"url": "https://hooks.example.com/a", "event_types": ["*"], "description": "CRM"}),
        )
        .await;
    let created = made.expect(201).clone();
    let id = created["id"].as_str().unwrap().to_owned();
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(id.starts_with("whe_"));
    assert!(secret.starts_with("whsec_"), "{secret}");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(&secret[6..])
        .unwrap();
    assert!(raw.len() >= 24);
    assert_eq!(created["enabled"], true);
    assert_eq!(created["ordered"], true);

    // Bring your own secret.
    let own = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let b = srv
        .post(
            "/v1/webhook-endpoints",
            json!({"url": "https://hooks.example.com/b", "event_types": ["booking.created"], "secret": own}),
        )
        .await
        .expect(201)
        .clone();
    assert_eq!(b["secret"], own);

    // A retried create (same Idempotency-Key) answers with the same endpoint and secret.
    let body = json!({"url": "https://hooks.example.com/c", "event_types": ["*"]});
    let first = srv
        .call_as(
            &srv.key,
            Method::POST,
            "/v1/webhook-endpoints",
            Some(&body),
            &[("Idempotency-Key", "hook-c")],
        )
        .await;
    let again = srv
        .call_as(
            &srv.key,
            Method::POST,
            "/v1/webhook-endpoints",
            Some(&body),
            &[("Idempotency-Key", "hook-c")],
        )
        .await;
    assert_eq!(again.expect(201)["id"], first.expect(201)["id"]);
    assert_eq!(again.body["secret"], first.body["secret"]);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    srv.delete(&format!("/v1/webhook-endpoints/{}", first.id()))
        .await
        .expect(204);

    // Read back: no secret except by the explicit reveal.
    let got = srv.get(&format!("/v1/webhook-endpoints/{id}")).await;
    assert!(got.expect(200).get("secret").is_none(), "{}", got.body);
    let revealed = srv
        .get(&format!("/v1/webhook-endpoints/{id}/secret"))
        .await
        .expect(200)
        .clone();
    assert_eq!(revealed["secret"], secret.as_str());
    assert!(revealed.get("previous_secret").is_none());

    // List, and the exact-URL filter (Zapier finds its subscription this way).
    let all = srv.get("/v1/webhook-endpoints").await.expect(200).clone();
    assert_eq!(all["data"].as_array().unwrap().len(), 2);
    assert!(all["data"][0].get("secret").is_none());
    let one = srv
        .get("/v1/webhook-endpoints?url=https%3A%2F%2Fhooks.example.com%2Fb")
        .await
        .expect(200)
        .clone();
    assert_eq!(one["data"].as_array().unwrap().len(), 1);
    assert_eq!(one["data"][0]["id"], b["id"]);

    // At rest the secrets are sealed: neither appears anywhere in the database.
    let text = srv.database_text().await;
    assert!(
        !text.contains(&secret[6..]),
        "a secret is stored in the clear"
    );
    assert!(
        !text.contains(&own[6..]),
        "a client's secret is stored in the clear"
    );

    // Update, then delete.
    let updated = srv
        .patch(
            &format!("/v1/webhook-endpoints/{id}"),
            json!({"event_types": ["booking.created", "booking.cancelled"], "description": null, "ordered": false}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(
        updated["event_types"],
        json!(["booking.created", "booking.cancelled"])
    );
    assert!(updated.get("description").is_none());
    assert_eq!(updated["ordered"], false);
    let off = srv
        .patch(
            &format!("/v1/webhook-endpoints/{id}"),
            json!({"enabled": false}),
        )
        .await
        .expect(200)
        .clone();
    assert_eq!(off["enabled"], false);
    assert_eq!(off["disabled_reason"], "disabled");
    srv.call(
        Method::POST,
        &format!("/v1/webhook-endpoints/{id}/ping"),
        None,
    )
    .await
    .problem(409, "webhook_endpoint_disabled");
    let on = srv
        .patch(
            &format!("/v1/webhook-endpoints/{id}"),
            json!({"enabled": true}),
        )
        .await
        .expect(200)
        .clone();
    assert!(on.get("disabled_reason").is_none());
    srv.delete(&format!("/v1/webhook-endpoints/{id}"))
        .await
        .expect(204);
    srv.get(&format!("/v1/webhook-endpoints/{id}"))
        .await
        .problem(404, "not_found");

    // The audit trail has the changes.
    let audit = srv
        .get("/v1/audit-events?limit=100")
        .await
        .expect(200)
        .clone();
    let actions: Vec<&str> = audit["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    for a in [
        "webhook_endpoint.created",
        "webhook_endpoint.updated",
        "webhook_endpoint.deleted",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
}

async fn endpoint_input_is_checked(srv: Server) {
    let bad = |body: Value| {
        let srv = &srv;
        async move { srv.post("/v1/webhook-endpoints", body).await }
    };
    let r = bad(json!({"url": "https://hooks.example.com", "event_types": ["booking.made"]})).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "event_types[0]");
    assert_eq!(r.body["errors"][0]["code"], "not_offered");
    bad(json!({"url": "https://hooks.example.com", "event_types": []}))
        .await
        .problem(422, "validation_failed");
    bad(json!({"url": "https://hooks.example.com", "event_types": ["*", "booking.created"]}))
        .await
        .problem(422, "validation_failed");
    let r = bad(json!({"url": "https://hooks.example.com", "event_types": ["*"], "secret": "whsec_tooshort"})).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "secret");
    let r = bad(json!({"url": "ftp://hooks.example.com", "event_types": ["*"]})).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["code"], "url_not_allowed");
    let r = bad(json!({"url": "https://user:pw@hooks.example.com", "event_types": ["*"]})).await;
    assert_eq!(r.body["errors"][0]["code"], "url_not_allowed");
    // Rotation grace is bounded.
    let e = endpoint(&srv, "https://hooks.example.com/x", json!(["*"])).await;
    let r = srv
        .post(
            &format!(
                "/v1/webhook-endpoints/{}/rotate-secret",
                e["id"].as_str().unwrap()
            ),
            json!({"grace_period_seconds": 604801}),
        )
        .await;
    r.problem(422, "validation_failed");
    // Wrong-kind and unknown ids are not found.
    srv.get("/v1/webhook-endpoints/lnk_00000000000000000000000000")
        .await
        .problem(404, "not_found");
    srv.get(&format!(
        "/v1/webhook-endpoints/{}/deliveries/whd_00000000000000000000000000",
        e["id"].as_str().unwrap()
    ))
    .await
    .problem(404, "not_found");
    srv.call(
        Method::POST,
        &format!(
            "/v1/webhook-endpoints/{}/recover",
            e["id"].as_str().unwrap()
        ),
        None,
    )
    .await
    .problem(400, "malformed_request");
}

async fn private_targets_are_refused_by_default(srv: Server) {
    // Without --allow-private-urls: no http, no loopback, private or link-local literal.
    for url in [
        "http://hooks.example.com/x",
        "https://127.0.0.1:9/x",
        "https://localhost/x",
        "https://10.0.0.8/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
    ] {
        let r = srv
            .post(
                "/v1/webhook-endpoints",
                json!({"url": url, "event_types": ["*"]}),
            )
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(
            r.body["errors"][0]["code"], "url_not_allowed",
            "{url}: {}",
            r.body
        );
    }
    // The client itself refuses a name that resolves to loopback, and an address literal,
    // at connection time (a name's DNS answer can change after the endpoint was checked).
    let receiver = Receiver::start().await;
    let port = receiver.url().split(':').nth(2).unwrap().to_owned();
    let guarded = skyslots_api::outbound::Outbound::new(false).unwrap();
    for url in [
        format!("https://localhost:{port}"),
        format!("https://127.0.0.1:{port}"),
    ] {
        let a = guarded.post(&url, &[], "{}".into()).await;
        assert_eq!(a.status, None, "{url}");
        let error = a.error.unwrap_or_default();
        assert!(
            error.contains("private") || error.contains("loopback"),
            "{url}: {error}"
        );
    }
    assert!(
        receiver.received().is_empty(),
        "nothing reached the receiver"
    );
    // With private targets allowed, the same receiver is reached over http.
    let open = skyslots_api::outbound::Outbound::new(true).unwrap();
    let a = open.post(&receiver.url(), &[], "{}".into()).await;
    assert_eq!(a.status, Some(200), "{a:?}");
    assert_eq!(a.excerpt.as_deref(), Some("answered 200"));
    // Redirects are not followed: the answer is the redirect itself.
    receiver.answer(302);
    let a = open.post(&receiver.url(), &[], "{}".into()).await;
    assert_eq!(a.status, Some(302));
    assert_eq!(receiver.received().len(), 2);
}

async fn deliveries_are_signed_and_logged(srv: Server) {
    let receiver = Receiver::start().await;
    let e = endpoint(
        &srv,
        &receiver.url(),
        json!(["booking.created", "booking.cancelled"]),
    )
    .await;
    let (id, secret) = (
        e["id"].as_str().unwrap().to_owned(),
        e["secret"].as_str().unwrap().to_owned(),
    );
    let (_, link) = simple_link(&srv, json!({})).await;
    let booking = book(&srv, &link, 0).await;
    let got = receiver
        .wait_for(1, std::time::Duration::from_secs(10))
        .await;
    assert_eq!(got.len(), 1, "booking.created arrives within seconds");
    let r = &got[0];
    let body = r.json();
    assert_eq!(body["type"], "booking.created");
    assert_eq!(body["data"]["object"]["id"], booking.as_str());
    assert_eq!(r.header("webhook-id"), body["id"].as_str().unwrap());
    assert_eq!(r.header("content-type"), "application/json");
    let ts: i64 = r.header("webhook-timestamp").parse().unwrap();
    assert!((Utc::now().timestamp() - ts).abs() < 60);
    assert_eq!(
        r.header("webhook-signature"),
        expected_signature(&secret, r)
    );
    // The body is the envelope of the events API.
    let feed = srv
        .get(&format!("/v1/events/{}", r.header("webhook-id")))
        .await
        .expect(200)
        .clone();
    assert_eq!(body, feed);

    // Types not subscribed are not sent; cancellations are.
    srv.post(
        &format!("/v1/bookings/{booking}/cancel"),
        json!({"reason": "test"}),
    )
    .await
    .expect(200);
    let got = receiver
        .wait_for(2, std::time::Duration::from_secs(10))
        .await;
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].json()["type"], "booking.cancelled");

    // A ping goes to this endpoint only, signed the same way; it is not in the feed.
    let ping = srv
        .call(
            Method::POST,
            &format!("/v1/webhook-endpoints/{id}/ping"),
            None,
        )
        .await
        .expect(202)
        .clone();
    assert_eq!(ping["event_type"], "webhook_endpoint.ping");
    let got = receiver
        .wait_for(3, std::time::Duration::from_secs(10))
        .await;
    let p = &got[2];
    assert_eq!(p.json()["type"], "webhook_endpoint.ping");
    assert_eq!(p.json()["data"]["object"]["id"], id.as_str());
    assert!(p.json()["data"]["object"].get("secret").is_none());
    assert_eq!(
        p.header("webhook-signature"),
        expected_signature(&secret, p)
    );
    srv.get(&format!(
        "/v1/events/{}",
        ping["event_id"].as_str().unwrap()
    ))
    .await
    .problem(404, "not_found");

    // The log: each delivery succeeded on its first attempt, with the answer's start.
    let log = settled(&srv, &id).await;
    assert_eq!(log.len(), 3);
    for d in &log {
        assert_eq!(d["status"], "succeeded", "{d}");
        assert_eq!(d["attempts"].as_array().unwrap().len(), 1);
        assert_eq!(d["attempts"][0]["status_code"], 200);
        assert_eq!(d["attempts"][0]["response_excerpt"], "answered 200");
    }
    let one = srv
        .get(&format!(
            "/v1/webhook-endpoints/{id}/deliveries/{}",
            log[0]["id"].as_str().unwrap()
        ))
        .await
        .expect(200)
        .clone();
    assert_eq!(one["id"], log[0]["id"]);
    let only_failed = srv
        .get(&format!(
            "/v1/webhook-endpoints/{id}/deliveries?status=failed"
        ))
        .await
        .expect(200)
        .clone();
    assert!(only_failed["data"].as_array().unwrap().is_empty());

    // A manual retry sends it again (same webhook-id: receivers de-duplicate).
    let again = srv
        .call(
            Method::POST,
            &format!(
                "/v1/webhook-endpoints/{id}/deliveries/{}/retry",
                log[2]["id"].as_str().unwrap()
            ),
            None,
        )
        .await
        .expect(202)
        .clone();
    assert_eq!(again["status"], "pending");
    let got = receiver
        .wait_for(4, std::time::Duration::from_secs(10))
        .await;
    assert_eq!(got.len(), 4);
    assert_eq!(got[3].header("webhook-id"), got[0].header("webhook-id"));
}

async fn a_rotated_secret_signs_beside_the_old_one(srv: Server) {
    let receiver = Receiver::start().await;
    let e = endpoint(&srv, &receiver.url(), json!(["*"])).await;
    let id = e["id"].as_str().unwrap();
    let old = e["secret"].as_str().unwrap().to_owned();
    let rotated = srv
        .post(
            &format!("/v1/webhook-endpoints/{id}/rotate-secret"),
            json!({"grace_period_seconds": 3600}),
        )
        .await
        .expect(200)
        .clone();
    let new = rotated["secret"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert!(rotated["previous_secret_expires_at"].is_string());
    let revealed = srv
        .get(&format!("/v1/webhook-endpoints/{id}/secret"))
        .await
        .expect(200)
        .clone();
    assert_eq!(revealed["secret"], new.as_str());
    assert_eq!(revealed["previous_secret"], old.as_str());
    let now = Utc::now();
    srv.call(
        Method::POST,
        &format!("/v1/webhook-endpoints/{id}/ping"),
        None,
    )
    .await
    .expect(202);
    srv.run_due(now).await;
    let r = receiver.received().pop().unwrap();
    assert_eq!(
        r.header("webhook-signature"),
        format!(
            "{} {}",
            expected_signature(&new, &r),
            expected_signature(&old, &r)
        ),
        "both signatures, space-separated, during the grace period"
    );
    // After the grace period only the new secret signs.
    srv.call(
        Method::POST,
        &format!("/v1/webhook-endpoints/{id}/ping"),
        None,
    )
    .await
    .expect(202);
    srv.run_due(now + Duration::hours(2)).await;
    let r = receiver.received().pop().unwrap();
    assert_eq!(r.header("webhook-signature"), expected_signature(&new, &r));
    // A rotation to a client's own secret with no grace replaces it at once.
    let own = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    srv.post(
        &format!("/v1/webhook-endpoints/{id}/rotate-secret"),
        json!({"grace_period_seconds": 0, "secret": own}),
    )
    .await
    .expect(200);
    let revealed = srv
        .get(&format!("/v1/webhook-endpoints/{id}/secret"))
        .await
        .expect(200)
        .clone();
    assert_eq!(revealed["secret"], own);
    assert!(revealed.get("previous_secret").is_none());
}

/// Run the worker at each time in turn, numbering events first.
async fn drive(srv: &Server, times: &[DateTime<Utc>]) {
    for t in times {
        srv.sequence(*t).await;
        srv.run_due(*t).await;
    }
}

async fn failures_retry_on_the_schedule_then_fail(srv: Server) {
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let e = endpoint(&srv, &receiver.url(), json!(["booking.created"])).await;
    let id = e["id"].as_str().unwrap();
    let (_, link) = simple_link(&srv, json!({})).await;
    book(&srv, &link, 0).await;
    let t0 = Utc::now();
    drive(&srv, &[t0]).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "the first attempt is immediate"
    );
    // Nothing before the next wait (5 s − 10 %, less the second the database's whole
    // seconds may take off)…
    drive(&srv, &[t0 + Duration::seconds(3)]).await;
    assert_eq!(receiver.received().len(), 1);
    // …then each retry at its time: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    let mut t = t0;
    for (i, wait) in skyslots_app::webhooks::SCHEDULE.iter().enumerate().skip(1) {
        t += Duration::seconds(wait + wait / 10 + 1);
        drive(&srv, &[t]).await;
        assert_eq!(
            receiver.received().len(),
            i + 1,
            "attempt {} at +{wait} s",
            i + 1
        );
    }
    let log = deliveries(&srv, id).await;
    assert_eq!(log[0]["status"], "failed", "ten attempts, then it fails");
    let attempts = log[0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 10);
    assert_eq!(attempts[0]["status_code"], 500);
    assert_eq!(attempts[0]["response_excerpt"], "answered 500");
    assert_eq!(attempts[0]["error"], "answered 500");
    // Every attempt carried the same webhook-id.
    let ids: std::collections::HashSet<String> = receiver
        .received()
        .iter()
        .map(|r| r.header("webhook-id").to_owned())
        .collect();
    assert_eq!(ids.len(), 1);
    drive(&srv, &[t + Duration::days(3)]).await;
    assert_eq!(
        receiver.received().len(),
        10,
        "nothing after the last attempt"
    );
    // Three days is not five: the endpoint stays enabled.
    let got = srv
        .get(&format!("/v1/webhook-endpoints/{id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["enabled"], true);
    assert!(got["failing_since"].is_string());
}

async fn five_days_of_failures_disable_the_endpoint(srv: Server) {
    let receiver = Receiver::start().await;
    receiver.answer(503);
    let e = endpoint(&srv, &receiver.url(), json!(["booking.created"])).await;
    let id = e["id"].as_str().unwrap();
    let watcher = Receiver::start().await;
    endpoint(&srv, &watcher.url(), json!(["webhook_endpoint.disabled"])).await;
    let (_, link) = simple_link(&srv, json!({})).await;
    book(&srv, &link, 0).await;
    let t0 = Utc::now();
    drive(&srv, &[t0]).await;
    book(&srv, &link, 1).await;
    drive(&srv, &[t0 + Duration::days(4)]).await;
    let got = srv
        .get(&format!("/v1/webhook-endpoints/{id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["enabled"], true, "four days of failures are not five");
    book(&srv, &link, 2).await;
    let t5 = t0 + Duration::days(5) + Duration::seconds(1);
    drive(&srv, &[t5]).await;
    let got = srv
        .get(&format!("/v1/webhook-endpoints/{id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["enabled"], false);
    assert_eq!(got["disabled_reason"], "failing");
    // Said once, in the feed and to the endpoint that asked for it.
    srv.sequence(t5).await;
    let feed = srv
        .get("/v1/events?type=webhook_endpoint.disabled")
        .await
        .expect(200)
        .clone();
    assert_eq!(feed["data"].as_array().unwrap().len(), 1);
    assert_eq!(feed["data"][0]["data"]["object"]["id"], id);
    assert!(feed["data"][0]["data"]["object"].get("secret").is_none());
    drive(&srv, &[t5]).await;
    let told = watcher.received();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].json()["type"], "webhook_endpoint.disabled");
    // What waited failed; nothing more is sent.
    let before = receiver.received().len();
    book(&srv, &link, 3).await;
    drive(&srv, &[t5 + Duration::days(1)]).await;
    assert_eq!(receiver.received().len(), before);
    assert!(deliveries(&srv, id)
        .await
        .iter()
        .all(|d| d["status"] == "failed"));
}

async fn gone_disables_at_once_and_recover_resends(srv: Server) {
    let receiver = Receiver::start().await;
    receiver.answer(410);
    let e = endpoint(&srv, &receiver.url(), json!(["booking.created"])).await;
    let id = e["id"].as_str().unwrap();
    let (_, link) = simple_link(&srv, json!({})).await;
    book(&srv, &link, 0).await;
    book(&srv, &link, 1).await;
    let t0 = Utc::now();
    drive(&srv, &[t0]).await;
    assert_eq!(receiver.received().len(), 1, "410 stops delivery at once");
    let got = srv
        .get(&format!("/v1/webhook-endpoints/{id}"))
        .await
        .expect(200)
        .clone();
    assert_eq!(got["enabled"], false);
    assert_eq!(got["disabled_reason"], "gone");
    let log = deliveries(&srv, id).await;
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|d| d["status"] == "failed"));
    recover(&srv, id, t0 - Duration::hours(1))
        .await
        .problem(409, "webhook_endpoint_disabled");
    // The receiver is back; enable and recover.
    receiver.answer(204);
    srv.patch(
        &format!("/v1/webhook-endpoints/{id}"),
        json!({"enabled": true}),
    )
    .await
    .expect(200);
    let r = recover(&srv, id, t0 - Duration::hours(1))
        .await
        .expect(200)
        .clone();
    assert_eq!(r["requeued"], 2);
    drive(&srv, &[t0 + Duration::seconds(1)]).await;
    let got = receiver.received();
    assert_eq!(got.len(), 3);
    let log = deliveries(&srv, id).await;
    assert!(log.iter().all(|d| d["status"] == "succeeded"), "{log:?}");
    // Nothing is left to recover.
    let r = recover(&srv, id, t0 - Duration::hours(1))
        .await
        .expect(200)
        .clone();
    assert_eq!(r["requeued"], 0);
}

async fn recover(srv: &Server, id: &str, since: DateTime<Utc>) -> skyslots_blackbox::Reply {
    let since = since
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        .replace(':', "%3A");
    srv.call(
        Method::POST,
        &format!("/v1/webhook-endpoints/{id}/recover?since={since}"),
        None,
    )
    .await
}

async fn ordered_endpoints_hold_back_later_events(srv: Server) {
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let e = endpoint(&srv, &receiver.url(), json!(["booking.created"])).await;
    let (_, link) = simple_link(&srv, json!({})).await;
    let mut booked = Vec::new();
    for n in 0..3 {
        booked.push(book(&srv, &link, n).await);
    }
    let t0 = Utc::now();
    drive(&srv, &[t0]).await;
    assert_eq!(
        receiver.received().len(),
        1,
        "the first failure holds back the rest"
    );
    receiver.answer(200);
    drive(&srv, &[t0 + Duration::seconds(6)]).await;
    let got = receiver.received();
    let order: Vec<String> = got[1..]
        .iter()
        .map(|r| {
            r.json()["data"]["object"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(order, booked, "in event order");
    assert_eq!(got[0].header("webhook-id"), got[1].header("webhook-id"));
    let log = deliveries(&srv, e["id"].as_str().unwrap()).await;
    assert!(log.iter().all(|d| d["status"] == "succeeded"));
}

async fn unordered_endpoints_send_past_a_failure(srv: Server) {
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let made = srv
        .post(
            "/v1/webhook-endpoints",
            json!({"url": receiver.url(), "event_types": ["booking.created"], "ordered": false}),
        )
        .await
        .expect(201)
        .clone();
    let (_, link) = simple_link(&srv, json!({})).await;
    for n in 0..3 {
        book(&srv, &link, n).await;
    }
    drive(&srv, &[Utc::now()]).await;
    assert_eq!(
        receiver.received().len(),
        3,
        "each is tried, whatever the others came to"
    );
    let log = deliveries(&srv, made["id"].as_str().unwrap()).await;
    assert!(log.iter().all(|d| d["status"] == "pending"));
}

async fn a_receiver_down_then_up_gets_every_event_once(srv: Server) {
    let mut receiver = Receiver::start().await;
    let e = endpoint(&srv, &receiver.url(), json!(["*"])).await;
    let (_, link) = simple_link(&srv, json!({})).await;
    receiver.down().await;
    let mut booked = Vec::new();
    for n in 0..5 {
        booked.push(book(&srv, &link, n).await);
    }
    let t0 = Utc::now();
    drive(&srv, &[t0]).await;
    let log = deliveries(&srv, e["id"].as_str().unwrap()).await;
    let tried: Vec<&Value> = log
        .iter()
        .filter(|d| !d["attempts"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(tried.len(), 1, "in order: only the head was tried");
    let error = tried[0]["attempts"][0]["error"].as_str().unwrap();
    assert!(error.contains("connect"), "{error}");
    receiver.up().await;
    drive(&srv, &[t0 + Duration::seconds(6), t0 + Duration::hours(1)]).await;
    let got = receiver.received();
    let mut ids: Vec<String> = got
        .iter()
        .filter(|r| r.json()["type"] == "booking.created")
        .map(|r| {
            r.json()["data"]["object"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, booked, "every event once, in order");
    ids.dedup();
    assert_eq!(ids.len(), 5);
    let webhook_ids: std::collections::HashSet<&str> =
        got.iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(webhook_ids.len(), got.len(), "no event twice");
}

async fn racing_workers_deliver_each_event_once(srv: Server) {
    let receiver = Receiver::start().await;
    let mut endpoints = Vec::new();
    for _ in 0..4 {
        endpoints.push(endpoint(&srv, &receiver.url(), json!(["booking.created"])).await);
    }
    let (_, link) = simple_link(&srv, json!({})).await;
    for n in 0..10 {
        book(&srv, &link, n).await;
    }
    let now = Utc::now();
    srv.sequence(now).await;
    srv.race_workers(4, now).await;
    let got = receiver.received();
    assert_eq!(got.len(), 40, "10 events × 4 endpoints");
    let mut pairs: Vec<(String, String)> = got
        .iter()
        .map(|r| {
            (
                r.header("webhook-id").to_owned(),
                r.header("webhook-signature").to_owned(),
            )
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    assert_eq!(pairs.len(), 40, "each event once per endpoint");
}
