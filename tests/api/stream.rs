//! The live stream: Server-Sent Events of the feed's envelopes as they commit, each with its
//! type and number; `Last-Event-ID` resumes after a number without gaps or repeats; a type
//! filter; another organization's events never appear.

use std::time::Duration as StdDuration;

use chrono::Duration;
use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{json, Value};
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::{booking_body, day, simple_link};

on_both_backends!(
    the_stream_follows_and_resumes,
    a_booking_page_hears_of_changes_to_its_times
);

/// One parsed SSE event: `(id, event type, data)`.
type Sse = (String, String, Value);

struct Reader {
    body: futures_util::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    text: String,
}

impl Reader {
    async fn open(srv: &Server, key: &str, query: &str, last: Option<&str>) -> Self {
        Self::open_at(srv, &format!("/v1/events/stream{query}"), Some(key), last).await
    }

    async fn open_at(srv: &Server, path: &str, key: Option<&str>, last: Option<&str>) -> Self {
        let mut req = srv.client().get(format!("{}{path}", srv.base));
        if let Some(key) = key {
            req = req.bearer_auth(key);
        }
        if let Some(id) = last {
            req = req.header("Last-Event-ID", id);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 200);
        let ct = resp.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        Self {
            body: resp.bytes_stream().boxed(),
            text: String::new(),
        }
    }

    /// The next event (comments, the keep-alives, are skipped), or `None` after `wait`.
    async fn next(&mut self, wait: StdDuration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.text.find("\n\n") {
                let block: String = self.text.drain(..end + 2).collect();
                let (mut id, mut ty, mut data) = (String::new(), String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        ty = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if !data.is_empty() {
                    return Some((id, ty, serde_json::from_str(&data).unwrap()));
                }
            }
            let chunk = tokio::time::timeout_at(deadline, self.body.next())
                .await
                .ok()??;
            self.text
                .push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        }
    }
}

async fn book(srv: &Server, link: &str, hour: i64) -> String {
    srv.post(
        "/v1/bookings",
        booking_body(link, day(11) + Duration::hours(hour), "Ada"),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn the_stream_follows_and_resumes(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    // Let the link's event be numbered, so the stream starts after it.
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    let mut live = Reader::open(&srv, &srv.key, "", None).await;
    let mut bookings_only = Reader::open(&srv, &srv.key, "?type=booking.created", None).await;

    let first = book(&srv, &link, 9).await;
    let (id1, ty, data) = live
        .next(StdDuration::from_secs(5))
        .await
        .expect("an event within 5 s");
    assert_eq!(ty, "booking.created");
    assert_eq!(data["type"], "booking.created");
    assert_eq!(data["data"]["object"]["id"], first.as_str());
    let (_, ty, _) = bookings_only.next(StdDuration::from_secs(5)).await.unwrap();
    assert_eq!(ty, "booking.created");

    // Another organization's changes never reach this stream.
    let other = srv.other_org().await;
    let r = srv
        .call_as(
            &other,
            Method::POST,
            "/v1/schedules",
            Some(&json!({"name": "Theirs", "timezone": "UTC", "weekly_rules": []})),
            &[],
        )
        .await;
    assert_eq!(r.status, 201);

    // Disconnected: two more changes happen meanwhile.
    drop(live);
    let second = book(&srv, &link, 10).await;
    srv.post(&format!("/v1/bookings/{second}/cancel"), json!({}))
        .await
        .expect(200);
    // Resumed after the last event received: exactly the two missed ones, in order.
    let mut resumed = Reader::open(&srv, &srv.key, "", Some(&id1)).await;
    let (id2, ty2, d2) = resumed.next(StdDuration::from_secs(5)).await.unwrap();
    let (id3, ty3, d3) = resumed.next(StdDuration::from_secs(5)).await.unwrap();
    assert_eq!(
        (ty2.as_str(), ty3.as_str()),
        ("booking.created", "booking.cancelled")
    );
    assert_eq!(d2["data"]["object"]["id"], second.as_str());
    assert_eq!(d3["data"]["object"]["id"], second.as_str());
    let n = |id: &str| id.parse::<i64>().unwrap();
    assert!(n(&id1) < n(&id2) && n(&id2) < n(&id3), "{id1} {id2} {id3}");
    assert!(
        resumed.next(StdDuration::from_millis(1500)).await.is_none(),
        "nothing else"
    );
    // The type filter skipped the cancellation.
    let (_, ty, d) = bookings_only.next(StdDuration::from_secs(5)).await.unwrap();
    assert_eq!(
        (ty.as_str(), d["data"]["object"]["id"].as_str()),
        ("booking.created", Some(second.as_str()))
    );
    assert!(bookings_only
        .next(StdDuration::from_millis(1500))
        .await
        .is_none());

    // A Last-Event-ID this stream never sent is refused.
    let bad = srv
        .client()
        .get(format!("{}/v1/events/stream", srv.base))
        .bearer_auth(&srv.key)
        .header("Last-Event-ID", "evt_nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

async fn a_booking_page_hears_of_changes_to_its_times(srv: Server) {
    let slug = format!("org-{}", uuid::Uuid::now_v7().simple());
    srv.patch("/v1/organization", json!({"slug": slug}))
        .await
        .expect(200);
    let (host, link) = simple_link(&srv, json!({"slug": "intro"})).await;
    // Another link with the same host, and one with another host.
    let shared = crate::fixtures::link(&srv, &[&host], json!({})).await;
    let (_, apart) = simple_link(&srv, json!({})).await;
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    let path = format!("/v1/public/links/{slug}/intro/stream");
    let mut page = Reader::open_at(&srv, &path, None, None).await;

    // A booking elsewhere, on a host this link does not use: nothing.
    book(&srv, &apart, 9).await;
    assert!(page.next(StdDuration::from_millis(1500)).await.is_none());
    // A booking on another link of the same host takes this link's time too.
    book(&srv, &shared, 10).await;
    let (id, ty, data) = page
        .next(StdDuration::from_secs(5))
        .await
        .expect("a change");
    assert_eq!(ty, "availability.changed");
    assert_eq!(data["type"], "availability.changed");
    assert_eq!(
        data.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["at", "type"],
        "no personal data: {data}"
    );
    // A cancellation, and a change of this link's settings, too.
    let b = book(&srv, &link, 11).await;
    page.next(StdDuration::from_secs(5))
        .await
        .expect("the booking");
    srv.post(&format!("/v1/bookings/{b}/cancel"), json!({}))
        .await
        .expect(200);
    page.next(StdDuration::from_secs(5))
        .await
        .expect("the cancellation");
    srv.patch(&format!("/v1/links/{link}"), json!({"buffer_after": 15}))
        .await
        .expect(200);
    let (last, _, _) = page
        .next(StdDuration::from_secs(5))
        .await
        .expect("the settings");
    assert!(id.parse::<i64>().unwrap() < last.parse::<i64>().unwrap());
    // Resuming after the last message: nothing new.
    let mut again = Reader::open_at(&srv, &path, None, Some(&last)).await;
    assert!(again.next(StdDuration::from_millis(1500)).await.is_none());
    // Not an active link: the public 404, as for every public path.
    let gone = srv
        .anonymous(
            Method::GET,
            &format!("/v1/public/links/{slug}/nope/stream"),
            None,
            &[],
        )
        .await;
    gone.problem(404, "link_not_found");
}
