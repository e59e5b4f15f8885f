//! Idempotency keys on creates.

use chrono::Duration;
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::*;

on_both_backends!(
    retry_returns_the_first_result,
    concurrent_retries_create_one_booking,
    keys_are_per_organization,
    keys_expire_after_retention
);

async fn retry_returns_the_first_result(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let body = booking_body(&link, day(30) + Duration::hours(9), "Ida");
    let key = [("Idempotency-Key", "order-1001")];
    let first = srv
        .call_as(&srv.key, Method::POST, "/v1/bookings", Some(&body), &key)
        .await;
    first.expect(201);
    assert!(first.headers.get("idempotent-replayed").is_none());
    let second = srv
        .call_as(&srv.key, Method::POST, "/v1/bookings", Some(&body), &key)
        .await;
    second.expect(201);
    assert_eq!(
        second.body, first.body,
        "the original response, not a new booking or a 409"
    );
    assert_eq!(second.headers.get("idempotent-replayed").unwrap(), "true");
    // Same key, different body.
    let other = booking_body(&link, day(30) + Duration::hours(11), "Ida");
    srv.call_as(&srv.key, Method::POST, "/v1/bookings", Some(&other), &key)
        .await
        .problem(409, "idempotency_conflict");
    // Same key on another operation.
    let host = json!({"name": "X", "email": "x@example.com", "timezone": "UTC"});
    srv.call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &key)
        .await
        .problem(409, "idempotency_conflict");
    // Other creates replay too.
    let k2 = [("Idempotency-Key", "host-7")];
    let h1 = srv
        .call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &k2)
        .await;
    let h2 = srv
        .call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &k2)
        .await;
    assert_eq!(h1.expect(201)["id"], h2.expect(201)["id"]);
    assert_eq!(
        srv.get("/v1/hosts").await.expect(200)["data"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "Ada and X, once"
    );
    // A malformed key is refused.
    let bad = [("Idempotency-Key", "")];
    srv.call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &bad)
        .await
        .problem(422, "validation_failed");
}

async fn concurrent_retries_create_one_booking(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let body = booking_body(&link, day(31) + Duration::hours(9), "Jo");
    let replies = join_all((0..12).map(|_| {
        let body = body.clone();
        let srv = &srv;
        async move {
            srv.call_as(
                &srv.key,
                Method::POST,
                "/v1/bookings",
                Some(&body),
                &[("Idempotency-Key", "same")],
            )
            .await
        }
    }))
    .await;
    let ids: std::collections::BTreeSet<String> = replies
        .iter()
        .map(|r| r.expect(201)["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "every retry answers with the one booking");
    let stored = srv.get(&format!("/v1/bookings?link_id={link}")).await;
    assert_eq!(stored.expect(200)["data"].as_array().unwrap().len(), 1);
}

async fn keys_are_per_organization(srv: Server) {
    let other = srv.other_org().await;
    let host = json!({"name": "Y", "email": "y@example.com", "timezone": "UTC"});
    let k = [("Idempotency-Key", "shared-key")];
    let a = srv
        .call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &k)
        .await;
    let b = srv
        .call_as(&other, Method::POST, "/v1/hosts", Some(&host), &k)
        .await;
    assert_ne!(a.expect(201)["id"], b.expect(201)["id"]);
    assert!(b.headers.get("idempotent-replayed").is_none());
}

async fn keys_expire_after_retention(srv: Server) {
    let host = json!({"name": "Z", "email": "z@example.com", "timezone": "UTC"});
    let k = [("Idempotency-Key", "old-key")];
    let first = srv
        .call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &k)
        .await
        .id();
    // Nothing is older than a day yet.
    let cutoff = chrono::Utc::now() - skyslots_storage::idempotency::RETENTION;
    assert_eq!(
        skyslots_app::reads::purge_idempotency_keys(&srv.db, cutoff)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        srv.call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &k)
            .await
            .id(),
        first
    );
    // Past retention the key is forgotten: the same request creates anew.
    assert_eq!(
        skyslots_app::reads::purge_idempotency_keys(
            &srv.db,
            chrono::Utc::now() + Duration::seconds(1)
        )
        .await
        .unwrap(),
        1
    );
    assert_ne!(
        srv.call_as(&srv.key, Method::POST, "/v1/hosts", Some(&host), &k)
            .await
            .id(),
        first
    );
}
