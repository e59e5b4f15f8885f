//! Webhook delivery across processes, with the `skyslots` binary as operators run it: a server
//! killed with SIGKILL in the middle of a delivery loses nothing (the delivery goes out again
//! once its lease has run out, from the restarted server), and two servers on one PostgreSQL
//! deliver each event once.
#![allow(clippy::unwrap_used)]

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use skyslots_blackbox::{postgres_skipped, temp_database, Backend, Receiver};

fn skyslots() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_skyslots"));
    c.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    c
}

/// Where a server's state lives: the database and the data directory (keys).
struct Place {
    env: Vec<(String, String)>,
}

impl Place {
    fn command(&self) -> Command {
        let mut c = skyslots();
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    fn org(&self) -> String {
        let out = self
            .command()
            .args(["org", "create", "Hooks", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["api_key"].as_str().unwrap().to_owned()
    }

    fn serve(&self) -> (Child, String) {
        let mut child = self
            .command()
            .args(["serve", "--addr", "127.0.0.1:0", "--allow-private-urls"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = skyslots_blackbox::listening_base(&mut child);
        (child, base)
    }
}

fn kill9(mut child: Child) {
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap()
        .success());
    let _ = child.wait();
}

async fn call(base: &str, key: &str, path: &str, body: Value) -> Value {
    let r = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap()
}

async fn get(base: &str, key: &str, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A link open all day, every day: its id.
async fn open_link(base: &str, key: &str) -> String {
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
    let schedule = call(
        base,
        key,
        "/v1/schedules",
        json!({"name": "Always", "timezone": "UTC", "weekly_rules": rules}),
    )
    .await;
    let host = call(
        base,
        key,
        "/v1/hosts",
        json!({"name": "Ada", "email": "ada@example.com", "timezone": "UTC", "schedule_id": schedule["id"]}),
    )
    .await;
    let link = call(
        base,
        key,
        "/v1/links",
        json!({"slug": "hooks", "title": "Call", "durations": [30], "host_ids": [host["id"]]}),
    )
    .await;
    link["id"].as_str().unwrap().to_owned()
}

async fn book(base: &str, key: &str, link: &str, n: i64) -> String {
    let start = (chrono::Utc::now().date_naive() + chrono::Duration::days(3))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        + chrono::Duration::minutes(30 * n);
    let b = call(
        base,
        key,
        "/v1/bookings",
        json!({"link_id": link, "start": start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true), "duration": 30,
               "attendee": {"name": "Grace", "email": "grace@example.com", "timezone": "UTC"}}),
    )
    .await;
    b["id"].as_str().unwrap().to_owned()
}

fn place(backend_env: Vec<(String, String)>, dir: &std::path::Path) -> Place {
    let mut env = backend_env;
    env.push(("SKYSLOTS_DATA_DIR".into(), dir.display().to_string()));
    Place { env }
}

async fn killed_mid_delivery_loses_nothing(place: Place) {
    let key = place.org();
    let receiver = Receiver::start().await;
    // Slow: the server is killed while it waits for the answer.
    receiver.delay(Duration::from_secs(30));
    let (child, base) = place.serve();
    let endpoint = call(
        &base,
        &key,
        "/v1/webhook-endpoints",
        json!({"url": receiver.url(), "event_types": ["booking.created"]}),
    )
    .await;
    let link = open_link(&base, &key).await;
    let booking = book(&base, &key, &link, 0).await;
    let got = receiver.wait_for(1, Duration::from_secs(15)).await;
    assert_eq!(got.len(), 1, "the delivery started");
    kill9(child);
    receiver.delay(Duration::ZERO);
    // The restarted server takes the delivery over once the dead one's lease has run out.
    let (child, base) = place.serve();
    let got = receiver.wait_for(2, Duration::from_secs(120)).await;
    assert_eq!(got.len(), 2, "delivered again after the restart");
    assert_eq!(got[1].header("webhook-id"), got[0].header("webhook-id"));
    assert_eq!(got[1].json()["data"]["object"]["id"], booking.as_str());
    let id = endpoint["id"].as_str().unwrap();
    let mut log = Value::Null;
    for _ in 0..100 {
        log = get(
            &base,
            &key,
            &format!("/v1/webhook-endpoints/{id}/deliveries"),
        )
        .await;
        if log["data"][0]["status"] == "succeeded" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(log["data"].as_array().unwrap().len(), 1, "{log}");
    assert_eq!(log["data"][0]["status"], "succeeded", "{log}");
    kill9(child);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_delivery_loses_nothing_on_sqlite() {
    let db = temp_database(Backend::Sqlite).await;
    let dir = std::path::PathBuf::from(&db.location);
    killed_mid_delivery_loses_nothing(place(Vec::new(), &dir)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_delivery_loses_nothing_on_postgres() {
    if postgres_skipped() {
        return;
    }
    let db = temp_database(Backend::Postgres).await;
    let dir = std::env::temp_dir().join(format!("skyslots-kill-{}", uuid::Uuid::now_v7()));
    killed_mid_delivery_loses_nothing(place(
        vec![("DATABASE_URL".into(), db.location.clone())],
        &dir,
    ))
    .await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_deliver_each_event_once() {
    if postgres_skipped() {
        return;
    }
    let db = temp_database(Backend::Postgres).await;
    // Instances on one database share its data directory's keys (secrets and token keys).
    let dir = std::env::temp_dir().join(format!("skyslots-two-{}", uuid::Uuid::now_v7()));
    let place = place(vec![("DATABASE_URL".into(), db.location.clone())], &dir);
    let key = place.org();
    let receiver = Receiver::start().await;
    let (a, base_a) = place.serve();
    let (b, base_b) = place.serve();
    call(
        &base_a,
        &key,
        "/v1/webhook-endpoints",
        json!({"url": receiver.url(), "event_types": ["booking.created"]}),
    )
    .await;
    call(
        &base_b,
        &key,
        "/v1/webhook-endpoints",
        json!({"url": receiver.url(), "event_types": ["booking.created"], "ordered": false}),
    )
    .await;
    let link = open_link(&base_a, &key).await;
    let mut booked = Vec::new();
    for n in 0..20 {
        let base = if n % 2 == 0 { &base_a } else { &base_b };
        booked.push(book(base, &key, &link, n).await);
    }
    let got = receiver.wait_for(40, Duration::from_secs(30)).await;
    // Give a duplicate time to show up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got_all = receiver.received();
    assert_eq!(got.len(), 40, "20 events × 2 endpoints");
    assert_eq!(got_all.len(), 40, "and nothing twice");
    let mut pairs: Vec<(String, String)> = got_all
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
    assert_eq!(pairs.len(), 40);
    let mut ids: Vec<String> = got_all
        .iter()
        .map(|r| {
            r.json()["data"]["object"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    ids.sort();
    ids.dedup();
    booked.sort();
    assert_eq!(ids, booked);
    kill9(a);
    kill9(b);
    let _ = std::fs::remove_dir_all(dir);
}
