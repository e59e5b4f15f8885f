//! Tenant isolation: every operation, walked from the spec, treats another organization's
//! resources as missing (404), and changes nothing.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::Server;

use crate::fixtures::*;

// With a payment provider (localstripe), so the walk covers payments too.
mod other_organizations_see_nothing {
    use skyslots_blackbox::Backend;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        if let Some((_stripe, srv)) = crate::payments::start(Backend::Sqlite, false).await {
            super::other_organizations_see_nothing(srv).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some((_stripe, srv)) = crate::payments::start(Backend::Postgres, false).await {
            super::other_organizations_see_nothing(srv).await;
        }
    }
}

async fn other_organizations_see_nothing(srv: Server) {
    // Organization A's resources.
    let schedule = all_day_schedule(&srv).await;
    let host = host(&srv, &schedule, "Ava").await;
    let link = link(&srv, &[&host], json!({})).await;
    let d = day(40);
    let booking = srv
        .post(
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(9), "Cy"),
        )
        .await
        .id();
    let paid_link = crate::fixtures::link(
        &srv,
        &[&host],
        json!({"price": {"amount": 1000, "currency": "EUR"}}),
    )
    .await;
    let paid = srv
        .post(
            "/v1/bookings",
            booking_body(&paid_link, d + Duration::hours(11), "Di"),
        )
        .await
        .expect(201)
        .clone();
    let payment = paid["payment"]["id"].as_str().unwrap().to_owned();
    let busy = srv
        .post(
            "/v1/busy-blocks",
            json!({"host_id": host, "start": iso(d), "end": iso(d + Duration::hours(1))}),
        )
        .await
        .id();
    let key = srv
        .post("/v1/api-keys", json!({"name": "a"}))
        .await
        .expect(201)["key"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let one_time = srv
        .post(
            &format!("/v1/links/{link}/one-time-links"),
            json!({"recipient_email": "cy@example.com", "expires_at": iso(d)}),
        )
        .await
        .id();
    let webhook = srv
        .post(
            "/v1/webhook-endpoints",
            json!({"url": "https://hooks.example.com/a", "event_types": ["*"]}),
        )
        .await
        .id();
    let delivery = srv
        .call(
            Method::POST,
            &format!("/v1/webhook-endpoints/{webhook}/ping"),
            None,
        )
        .await
        .id();
    let feed = srv
        .post("/v1/calendar-feeds", json!({"host_id": host}))
        .await
        .id();
    // Never reached (the name does not resolve): the connection only has to exist.
    let connection = srv
        .post(
            "/v1/calendar-connections",
            json!({"host_id": host, "kind": "caldav", "url": "https://calendar.invalid/dav/"}),
        )
        .await
        .id();
    // The feed numbers events a few times a second: wait for the first.
    let mut event = String::new();
    for _ in 0..200 {
        let page = srv.get("/v1/events?limit=1").await.expect(200).clone();
        if let Some(id) = page["data"][0]["id"].as_str() {
            event = id.to_owned();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(event.starts_with("evt_"), "no event in the feed");
    // The booking's emails are recorded when its event is numbered.
    let mut email = String::new();
    for _ in 0..200 {
        let page = srv.get("/v1/emails?limit=1").await.expect(200).clone();
        if let Some(id) = page["data"][0]["id"].as_str() {
            email = id.to_owned();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(email.starts_with("eml_"), "no email recorded");
    let b = srv.other_org().await;

    let spec = srv.get("/v1/openapi.json").await.expect(200).clone();
    let mut walked = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        if !path.contains("{id}") && !path.contains("{link_id}") {
            continue;
        }
        let id = match path.split('/').nth(2).unwrap() {
            _ if path.contains("one-time-links") => &one_time,
            "api-keys" => &key,
            "schedules" => &schedule,
            "hosts" => &host,
            "busy-blocks" => &busy,
            "links" => &link,
            "bookings" => &booking,
            "events" => &event,
            "webhook-endpoints" => &webhook,
            "calendar-feeds" => &feed,
            "calendar-connections" => &connection,
            "emails" => &email,
            "payments" => &payment,
            other => panic!("no fixture for /v1/{other}: add one so the walk covers it"),
        };
        for (method, op) in item.as_object().unwrap() {
            let op_id = op["operationId"].as_str().unwrap();
            let mut url = path
                .replace("{link_id}", &link)
                .replace("{delivery_id}", &delivery)
                .replace("{id}", id);
            let body: Option<Value> = match op_id {
                "booking_reschedule" => Some(json!({"start": iso(d + Duration::hours(12))})),
                "link_quote" => Some(json!({"start": iso(d)})),
                "one_time_link_create" => {
                    Some(json!({"recipient_email": "b@example.com", "expires_at": iso(d)}))
                }
                "availability_get" => {
                    url.push_str(&format!(
                        "?start={}&end={}",
                        iso(d),
                        iso(d + Duration::days(1))
                    ));
                    None
                }
                "webhook_endpoint_recover" => {
                    url.push_str(&format!("?since={}", iso(d).replace(':', "%3A")));
                    None
                }
                "link_analytics_get" => {
                    url.push_str(&format!("?start={}&end={}", d.date_naive(), d.date_naive()));
                    None
                }
                _ if method == "post" || method == "patch" => Some(json!({})),
                _ => None,
            };
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = srv.call_as(&b, m, &url, body.as_ref(), &[]).await;
            assert_eq!(
                r.status.as_u16(),
                404,
                "{op_id} {method} {url} as another org: {}",
                r.body
            );
            r.problem(404, "not_found");
            walked.push(op_id.to_owned());
        }
    }
    assert!(walked.len() >= 20, "walked only {walked:?}");

    // B cannot mint a token for A's link, and B's tokens reach none of A's resources.
    srv.call_as(
        &b,
        Method::POST,
        "/v1/tokens",
        Some(&json!({"subject": "x", "scopes": ["links:read"], "link_id": link})),
        &[],
    )
    .await
    .problem(404, "not_found");
    let all = json!({"subject": "b-customer", "scopes": ["availability:read", "links:read", "bookings:read", "bookings:write"]});
    let token = srv
        .call_as(&b, Method::POST, "/v1/tokens", Some(&all), &[])
        .await
        .expect(201)["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let window = format!("?start={}&end={}", iso(d), iso(d + Duration::days(1)));
    for (m, url, body) in [
        (Method::GET, format!("/v1/links/{link}"), None),
        (
            Method::GET,
            format!("/v1/links/{link}/availability{window}"),
            None,
        ),
        (Method::GET, format!("/v1/bookings/{booking}"), None),
        (
            Method::POST,
            format!("/v1/bookings/{booking}/cancel"),
            Some(json!({})),
        ),
        (
            Method::POST,
            "/v1/bookings".into(),
            Some(booking_body(&link, d + Duration::hours(10), "Bo")),
        ),
    ] {
        let r = srv.call_as(&token, m, &url, body.as_ref(), &[]).await;
        r.problem(404, "not_found");
    }
    let r = srv
        .call_as(&token, Method::GET, "/v1/bookings", None, &[])
        .await;
    assert!(r.expect(200)["data"].as_array().unwrap().is_empty());
    // Only A's one-time link exists, still active.
    let list = srv.get(&format!("/v1/links/{link}/one-time-links")).await;
    let list = list.expect(200)["data"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status"], "active");

    // Nothing changed for A.
    for path in [
        format!("/v1/schedules/{schedule}"),
        format!("/v1/hosts/{host}"),
        format!("/v1/links/{link}"),
        format!("/v1/bookings/{booking}"),
    ] {
        srv.get(&path).await.expect(200);
    }
    assert_eq!(
        srv.get(&format!("/v1/bookings/{booking}")).await.body["status"],
        "confirmed"
    );
    assert!(srv.get("/v1/api-keys").await.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k.get("revoked_at").is_none()));

    // B's lists hold only B's own.
    for list in [
        "/v1/schedules",
        "/v1/hosts",
        "/v1/links",
        "/v1/bookings",
        "/v1/busy-blocks",
        "/v1/audit-events",
    ] {
        let r = srv.call_as(&b, Method::GET, list, None, &[]).await;
        assert!(
            r.expect(200)["data"].as_array().unwrap().is_empty(),
            "{list}: {}",
            r.body
        );
    }
    assert_eq!(
        srv.call_as(&b, Method::GET, "/v1/api-keys", None, &[])
            .await
            .body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let own = srv
        .call_as(&b, Method::GET, "/v1/organization", None, &[])
        .await;
    assert_eq!(own.expect(200)["name"], "Other Org");

    // References into A from B's bodies are missing too.
    let refs = [
        (
            "/v1/hosts",
            json!({"name": "B", "email": "b@example.com", "timezone": "UTC", "schedule_id": schedule}),
        ),
        (
            "/v1/links",
            json!({"slug": "b", "title": "B", "durations": [30], "host_ids": [host]}),
        ),
        (
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(10), "Bea"),
        ),
        (
            "/v1/busy-blocks",
            json!({"host_id": host, "start": iso(d), "end": iso(d + Duration::hours(1))}),
        ),
    ];
    for (path, body) in refs {
        srv.call_as(&b, Method::POST, path, Some(&body), &[])
            .await
            .problem(404, "not_found");
    }
}
