//! Cursor pagination: complete, ordered, stable under concurrent inserts.

use chrono::Duration;
use serde_json::json;
use skyslots_blackbox::{on_both_backends, Server};

use crate::fixtures::*;

on_both_backends!(pages_are_complete_and_stable, bookings_page_by_start_time);

async fn pages_are_complete_and_stable(srv: Server) {
    let schedule = all_day_schedule(&srv).await;
    for i in 0..7 {
        host(&srv, &schedule, &format!("H{i}")).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/hosts?limit=3&cursor={c}"),
            None => "/v1/hosts?limit=3".to_owned(),
        };
        let page = srv.get(&path).await.expect(200).clone();
        pages += 1;
        seen.extend(
            page["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["id"].as_str().unwrap().to_owned()),
        );
        if pages == 1 {
            // Inserted while a client is paging: it must not disturb what follows.
            host(&srv, &schedule, "Late").await;
        }
        match page.get("next_cursor").and_then(|c| c.as_str()) {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        seen.len(),
        8,
        "every host once, the late one included: {seen:?}"
    );
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "ordered and without repeats");
}

async fn bookings_page_by_start_time(srv: Server) {
    let (_, link) = simple_link(&srv, json!({})).await;
    let d = day(70);
    for h in [15, 9, 12, 10, 11] {
        srv.post(
            "/v1/bookings",
            booking_body(&link, d + Duration::hours(h), "Pg"),
        )
        .await
        .expect(201);
    }
    let first = srv
        .get(&format!("/v1/bookings?link_id={link}&limit=2"))
        .await
        .expect(200)
        .clone();
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = srv
        .get(&format!(
            "/v1/bookings?link_id={link}&limit=10&cursor={cursor}"
        ))
        .await
        .expect(200)
        .clone();
    let starts: Vec<String> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(rest["data"].as_array().unwrap())
        .map(|b| b["start"].as_str().unwrap()[11..13].to_owned())
        .collect();
    assert_eq!(starts, ["09", "10", "11", "12", "15"]);
    assert!(rest.get("next_cursor").is_none());
    let window = srv
        .get(&format!(
            "/v1/bookings?link_id={link}&start_from={}&start_to={}",
            iso(d + Duration::hours(10)),
            iso(d + Duration::hours(12))
        ))
        .await;
    assert_eq!(window.expect(200)["data"].as_array().unwrap().len(), 2);
}
