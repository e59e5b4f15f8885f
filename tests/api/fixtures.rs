//! Resources most scenarios need.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde_json::{json, Value};
use skyslots_blackbox::Server;

/// Midnight UTC `days` from today: always in the future, whatever day the suite runs.
pub fn day(days: i64) -> DateTime<Utc> {
    (Utc::now().date_naive() + Duration::days(days))
        .and_time(NaiveTime::MIN)
        .and_utc()
}

pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A schedule open all day every day in UTC, so any future date has slots.
pub async fn all_day_schedule(srv: &Server) -> String {
    let rules: Vec<Value> = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .map(|d| json!({"weekday": d, "start": "00:00", "end": "24:00"}))
    .collect();
    srv.post(
        "/v1/schedules",
        json!({"name": "Always", "timezone": "UTC", "weekly_rules": rules}),
    )
    .await
    .expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn host(srv: &Server, schedule: &str, name: &str) -> String {
    srv.post(
        "/v1/hosts",
        json!({"name": name, "email": format!("{}@example.com", name.to_lowercase()), "timezone": "UTC", "schedule_id": schedule}),
    )
    .await
    .expect(201)["id"]
    .as_str()
    .unwrap()
    .to_owned()
}

/// A link with one host; `extra` fields override the defaults.
pub async fn link(srv: &Server, hosts: &[&str], extra: Value) -> String {
    let mut body = json!({
        "slug": format!("link-{}", uuid::Uuid::now_v7().simple()),
        "title": "Intro call",
        "durations": [30, 60],
        "host_ids": hosts,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    srv.post("/v1/links", body).await.expect(201)["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Schedule + host + link in one go: `(host_id, link_id)`.
pub async fn simple_link(srv: &Server, extra: Value) -> (String, String) {
    let schedule = all_day_schedule(srv).await;
    let h = host(srv, &schedule, "Ada").await;
    let l = link(srv, &[&h], extra).await;
    (h, l)
}

pub fn booking_body(link: &str, start: DateTime<Utc>, name: &str) -> Value {
    json!({
        "link_id": link,
        "start": iso(start),
        "duration": 30,
        "attendee": {"name": name, "email": format!("{}@example.com", name.to_lowercase()), "timezone": "America/New_York"},
    })
}

/// Server settings for tests that drive time: private URLs allowed (the test's servers are on
/// loopback), no background worker (the test runs due jobs with a moved clock).
pub fn driven(state: skyslots_api::AppState) -> skyslots_api::AppState {
    state.with_allow_private_urls(true).with_worker(false)
}
