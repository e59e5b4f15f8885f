//! Load harness for the service targets listed in `docs/benchmarks.md`, on PostgreSQL.
//!
//! Starts the real `skyslots` binary (release build) over a fresh PostgreSQL database on a
//! loopback port, sets up through the API, then measures:
//!
//! 1. availability over a 30-day window for a link whose host has 1,000 bookings: p50/p99;
//! 2. booking creation throughput through the API, and the same rows (booking, its host row,
//!    its event, in one transaction) inserted directly in SQL in the same run;
//! 3. the server's resident memory when idle and its peak (VmHWM) under load.
//!
//! `LOAD_CALENDARS=n`: the availability host also has `n` connected calendars (ICS URLs served
//! by an HTTP server on a loopback port inside the harness, 200 events each over the window),
//! refreshed before availability is measured.
//!
//! Every request is bounded and the run stops by itself. Usage:
//! `cargo run --release -p skyslots-blackbox --bin load -- [--bookings N] [--concurrency C]`
//! (expects `target/release/skyslots`; `SKYSLOTS_BIN` overrides).
#![allow(clippy::unwrap_used)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};
use skyslots_blackbox::{temp_database, Backend};

struct Args {
    bookings: usize,
    concurrency: usize,
    availability_requests: usize,
}

fn args() -> Args {
    let mut a = Args {
        bookings: 5_000,
        concurrency: 32,
        availability_requests: 2_000,
    };
    let argv: Vec<String> = std::env::args().collect();
    for pair in argv[1..].chunks(2) {
        let value = pair
            .get(1)
            .and_then(|v| v.parse().ok())
            .expect("flags take a number");
        match pair[0].as_str() {
            "--bookings" => a.bookings = value,
            "--concurrency" => a.concurrency = value,
            "--availability-requests" => a.availability_requests = value,
            other => panic!("unknown flag {other}"),
        }
    }
    a
}

fn rss_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// CPU time (user + system, clock ticks) of one process.
fn cpu_ticks(pid: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // Fields after the parenthesised command name; utime and stime are 14th and 15th.
            let rest = s.rsplit_once(')')?.1.to_owned();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0)
}

/// CPU ticks used so far by the server, by all PostgreSQL processes, and by this harness.
#[derive(Clone, Copy)]
struct Cpu {
    server: u64,
    postgres: u64,
    harness: u64,
}

impl Cpu {
    fn now(server: u32) -> Self {
        let postgres = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|c| c.trim() == "postgres")
            })
            .map(|pid| cpu_ticks(&pid))
            .sum();
        Self {
            server: cpu_ticks(&server.to_string()),
            postgres,
            harness: cpu_ticks("self"),
        }
    }

    /// Milliseconds of CPU per booking since `before`: (server, PostgreSQL, harness).
    fn per_booking(self, before: Self, n: usize) -> String {
        // Linux reports CPU times in USER_HZ, 100 ticks a second on every platform we run.
        let ms = |a: u64, b: u64| a.saturating_sub(b) as f64 * 10.0 / n as f64;
        format!(
            "server {:.2} · PostgreSQL {:.2} · harness {:.2}",
            ms(self.server, before.server),
            ms(self.postgres, before.postgres),
            ms(self.harness, before.harness)
        )
    }
}

struct Service {
    child: Child,
    base: String,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(data_dir());
    }
}

/// The server's data directory (it keeps its token signing key there).
fn data_dir() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("skyslots-load-{}", std::process::id()))
}

fn binary() -> String {
    std::env::var("SKYSLOTS_BIN")
        .unwrap_or_else(|_| format!("{}/../target/release/skyslots", env!("CARGO_MANIFEST_DIR")))
}

/// `LOAD_WEBHOOK=1`: a webhook endpoint for `booking.created` points at a receiver on a
/// loopback port, so the worker delivers every booking while bookings are made.
fn webhooks() -> bool {
    std::env::var("LOAD_WEBHOOK").is_ok_and(|v| v == "1")
}

/// `LOAD_CALENDARS=n`: connected calendars of the availability host.
fn calendars() -> usize {
    std::env::var("LOAD_CALENDARS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// An `.ics` file of `events` 30-minute events spread over the 30 days from `first`
/// (pseudo-random, fixed by `seed`).
fn ics_file(first: DateTime<Utc>, events: usize, seed: u64) -> String {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//load//EN\r\n");
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    for i in 0..events {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let minutes = i64::try_from((x >> 33) % (30 * 24 * 4)).unwrap_or(0) * 15;
        let start = first + chrono::Duration::minutes(minutes);
        let end = start + chrono::Duration::minutes(30);
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:load-{seed}-{i}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:Busy\r\nEND:VEVENT\r\n",
            start.format("%Y%m%dT%H%M%SZ"),
            end.format("%Y%m%dT%H%M%SZ")
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

fn start(url: &str) -> Service {
    let mut child = Command::new(binary())
        // One key books as fast as it can here: the per-key limit would measure the limiter
        // (set LOAD_RATE_LIMIT_API, e.g. to 4000000000/60, to measure the limiter's own cost).
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env(
            "SKYSLOTS_RATE_LIMIT_API",
            std::env::var("LOAD_RATE_LIMIT_API").unwrap_or_else(|_| "off".into()),
        )
        .env("DATABASE_URL", url)
        .env(
            "SKYSLOTS_ALLOW_PRIVATE_URLS",
            (webhooks() || calendars() > 0).to_string(),
        )
        .env("SKYSLOTS_DATA_DIR", data_dir())
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run `cargo build --release -p skyslots-api` first, or set SKYSLOTS_BIN");
    let base = skyslots_blackbox::listening_base(&mut child);
    Service { child, base }
}

fn day(days: i64) -> DateTime<Utc> {
    (Utc::now().date_naive() + chrono::Duration::days(days))
        .and_time(NaiveTime::MIN)
        .and_utc()
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

struct Api {
    client: reqwest::Client,
    base: String,
    key: String,
}

impl Api {
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .client
            .post(format!("{}/v1{path}", self.base))
            .bearer_auth(&self.key)
            .json(&body)
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn id(&self, path: &str, body: Value) -> String {
        let (status, v) = self.post(path, body).await;
        assert_eq!(status, 201, "{path}: {v}");
        v["id"].as_str().unwrap().to_owned()
    }
}

/// A schedule open all day every day (UTC), a host on it, and a link with 15-minute slots.
async fn host_and_link(api: &Api, schedule: &str, i: usize) -> (String, String) {
    let host = api
        .id("/hosts", json!({"name": format!("Host {i}"), "email": format!("h{i}@example.com"), "timezone": "UTC", "schedule_id": schedule}))
        .await;
    let link = api
        .id("/links", json!({"slug": format!("load-{i}"), "title": "Load", "durations": [15], "host_ids": [host]}))
        .await;
    (host, link)
}

fn booking(link: &str, start: DateTime<Utc>, i: usize) -> Value {
    json!({"link_id": link, "start": iso(start), "duration": 15,
           "attendee": {"name": format!("Load {i}"), "email": format!("load{i}@example.com"), "timezone": "UTC"}})
}

/// Wait until no email due now is left to send (confirmations to attendees and hosts; the
/// reminders wait for their day), up to two minutes; how long it took.
async fn mail_settled(api: &Api) -> Duration {
    let t = Instant::now();
    let due = ["booking_confirmation", "host_booking_created"];
    while t.elapsed() < Duration::from_secs(120) {
        let mut left = 0;
        for kind in due {
            let page: Value = api
                .client
                .get(format!(
                    "{}/v1/emails?status=pending&kind={kind}&limit=1",
                    api.base
                ))
                .bearer_auth(&api.key)
                .timeout(Duration::from_secs(10))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            left += page["data"].as_array().map_or(0, Vec::len);
        }
        if left == 0 {
            return t.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("confirmation emails still pending after two minutes");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let a = args();
    let db = temp_database(Backend::Postgres).await;
    let out = Command::new(binary())
        .args(["org", "create", "Load", "--json"])
        .env("DATABASE_URL", &db.location)
        .output()
        .unwrap();
    let key = serde_json::from_slice::<Value>(&out.stdout).unwrap()["api_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let service = start(&db.location);
    let pid = service.child.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle_rss = rss_kib(pid, "VmRSS:");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(a.concurrency * 2)
        .build()
        .unwrap();
    let api = Arc::new(Api {
        client,
        base: service.base.clone(),
        key,
    });

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
    let schedule = api
        .id(
            "/schedules",
            json!({"name": "Always", "timezone": "UTC", "weekly_rules": rules}),
        )
        .await;

    let receiver = if webhooks() {
        let r = skyslots_blackbox::Receiver::start().await;
        let (status, v) = api
            .post(
                "/webhook-endpoints",
                json!({"url": r.url(), "event_types": ["booking.created"]}),
            )
            .await;
        assert_eq!(status, 201, "{v}");
        Some(r)
    } else {
        None
    };

    // 1. Availability with 1,000 bookings in the window.
    let (busy_host, busy_link) = host_and_link(&api, &schedule, 0).await;
    let first = day(2);
    let made = stream::iter(0..1_000)
        .map(|i| {
            let api = api.clone();
            let link = busy_link.clone();
            // Every other 15-minute slot over ~21 days.
            async move {
                api.post(
                    "/bookings",
                    booking(&link, first + chrono::Duration::minutes(30 * i as i64), i),
                )
                .await
                .0
            }
        })
        .buffer_unordered(a.concurrency)
        .filter(|s| std::future::ready(*s == 201))
        .count()
        .await;
    assert_eq!(made, 1_000);
    // Connected calendars of the same host, read once before measuring.
    let mut files = Vec::new();
    let mut external = 0;
    if calendars() > 0 {
        let host = &busy_host;
        for i in 0..calendars() {
            let file = skyslots_blackbox::Receiver::start().await;
            file.serve_body("text/calendar", ics_file(first, 200, i as u64 + 1));
            let id = api
                .id(
                    "/calendar-connections",
                    json!({"host_id": host, "kind": "ics", "url": file.url()}),
                )
                .await;
            let (status, c) = api
                .post(&format!("/calendar-connections/{id}/refresh"), json!({}))
                .await;
            assert_eq!((status, c["status"].as_str()), (200, Some("ok")), "{c}");
            external += c["busy_intervals"].as_u64().unwrap();
            files.push(file);
        }
    }
    // Measure the steady state: the bookings' confirmation emails sent (the server's worker
    // renders and writes them for a few seconds after the bookings), and planner statistics
    // current for the rows just written, as autovacuum keeps them on a running database (a
    // fresh table's "one row" estimate picks a nested loop over `links` per booking).
    // (`SKYSLOTS_WORKER=false`, inherited by the server, sends none: nothing to wait for.)
    let mailed = if std::env::var("SKYSLOTS_WORKER").is_ok_and(|w| w == "false") {
        None
    } else {
        Some(mail_settled(&api).await)
    };
    {
        let mut c = AsyncPgConnection::establish(&db.location).await.unwrap();
        c.batch_execute("ANALYZE").await.unwrap();
    }
    let path = format!(
        "{}/v1/links/{busy_link}/availability?start={}&end={}&timezone=Europe/London",
        api.base,
        iso(first),
        iso(first + chrono::Duration::days(30))
    );
    let slots = api
        .client
        .get(&path)
        .bearer_auth(&api.key)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["slots"]
        .as_array()
        .unwrap()
        .len();
    let mut latencies = Vec::with_capacity(a.availability_requests);
    // One client at a time measures the server's latency, not the queue in front of it.
    for _ in 0..a.availability_requests {
        let t = Instant::now();
        let r = api
            .client
            .get(&path)
            .bearer_auth(&api.key)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let _ = r.bytes().await.unwrap();
        latencies.push(t.elapsed());
    }
    latencies.sort();

    // 2. Booking creation through the API: many hosts, distinct slots, no conflicts.
    let hosts = 50;
    let mut links = Vec::new();
    for i in 1..=hosts {
        links.push(host_and_link(&api, &schedule, i).await.1);
    }
    let per_link = a.bookings.div_ceil(hosts);
    let peak_sampler = {
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s = stop.clone();
        let handle = tokio::spawn(async move {
            let mut peak = 0;
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(rss_kib(pid, "VmRSS:"));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            peak
        });
        (stop, handle)
    };
    let start = day(40);
    let cpu = Cpu::now(pid);
    let t = Instant::now();
    let statuses: Vec<u16> = stream::iter(0..a.bookings)
        .map(|i| {
            let api = api.clone();
            // Each host's bookings spread over 60 days (about 1.7 a day): a busy calendar,
            // not one solid block.
            let link = links[i % hosts].clone();
            let nth = (i / hosts) as i64;
            let slot = start
                + chrono::Duration::days(nth % 60)
                + chrono::Duration::minutes(15 * (nth / 60));
            async move { api.post("/bookings", booking(&link, slot, i)).await.0 }
        })
        .buffer_unordered(a.concurrency)
        .collect()
        .await;
    let api_elapsed = t.elapsed();
    let api_cpu = Cpu::now(pid).per_booking(cpu, a.bookings);
    peak_sampler
        .0
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let sampled_peak = peak_sampler.1.await.unwrap();
    let created = statuses.iter().filter(|s| **s == 201).count();
    assert_eq!(
        created,
        a.bookings,
        "every booking request should succeed: {:?}",
        statuses
            .iter()
            .filter(|s| **s != 201)
            .take(5)
            .collect::<Vec<_>>()
    );
    let api_rate = a.bookings as f64 / api_elapsed.as_secs_f64();
    let delivered = receiver.as_ref().map(|r| {
        let during = r.received().len();
        (during, Instant::now())
    });
    let delivered = match (&receiver, delivered) {
        (Some(r), Some((during, at))) => {
            let all = r
                .wait_for(1_000 + a.bookings, Duration::from_secs(120))
                .await
                .len();
            Some((during, all, at.elapsed()))
        }
        _ => None,
    };
    let hwm = rss_kib(pid, "VmHWM:");
    let _ = per_link;

    // 3. The same rows directly in SQL, same concurrency, same database.
    let url = db.location.clone();
    let link0 = links[0].clone();
    let (host0,): (String,) = {
        let mut c = AsyncPgConnection::establish(&url).await.unwrap();
        let rows: Vec<String> = diesel_async::RunQueryDsl::load(
            diesel::sql_query(format!(
                "SELECT host_id AS s FROM link_hosts WHERE link_id = '{link0}'"
            )),
            &mut c,
        )
        .await
        .map(|r: Vec<Row>| r.into_iter().map(|x| x.s).collect())
        .unwrap();
        (rows[0].clone(),)
    };
    let org: String = {
        let mut c = AsyncPgConnection::establish(&url).await.unwrap();
        let rows: Vec<Row> = diesel_async::RunQueryDsl::load(
            diesel::sql_query("SELECT id AS s FROM organizations LIMIT 1"),
            &mut c,
        )
        .await
        .unwrap();
        rows[0].s.clone()
    };
    let conns = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    for _ in 0..a.concurrency {
        conns
            .lock()
            .await
            .push(AsyncPgConnection::establish(&url).await.unwrap());
    }
    // (a) The same three inserts the service issues for a booking, as it issues them: diesel,
    // bound parameters, one transaction.
    let cpu = Cpu::now(pid);
    let t = Instant::now();
    run_sql(
        &conns,
        a.bookings,
        a.concurrency,
        &org,
        &link0,
        &host0,
        0,
        false,
    )
    .await;
    let sql_rate = a.bookings as f64 / t.elapsed().as_secs_f64();
    let sql_cpu = Cpu::now(pid).per_booking(cpu, a.bookings);
    // (b) The same rows sent as one batched string per booking (a single round trip): an upper
    // bound no request/response service can reach, reported for comparison.
    let t = Instant::now();
    run_sql(
        &conns,
        a.bookings,
        a.concurrency,
        &org,
        &link0,
        &host0,
        1,
        true,
    )
    .await;
    let batched_rate = a.bookings as f64 / t.elapsed().as_secs_f64();

    println!("| measure | result | target |");
    println!("|---|---|---|");
    let with = if calendars() > 0 {
        format!(
            " and {} connected calendars ({external} busy intervals)",
            calendars()
        )
    } else {
        String::new()
    };
    println!("| availability, 30-day window, 1,000 bookings{with} ({slots} slots), sequential requests: p50 | {:.2} ms | |", ms(percentile(&latencies, 0.50)));
    println!(
        "| availability: p99 ({} requests) | {:.2} ms | < 10 ms |",
        latencies.len(),
        ms(percentile(&latencies, 0.99))
    );
    if let Some(mailed) = mailed {
        println!("| (before measuring: the 2,000 confirmation emails of those bookings sent within) | {:.1} s | |", mailed.as_secs_f64());
    }
    println!("| booking creation through the API ({} bookings, {} concurrent, 50 links, each host's bookings spread over 60 days) | {api_rate:.0} /s | ≥ 1,000 /s |", a.bookings, a.concurrency);
    println!("| the same inserts directly in SQL: diesel, bound parameters, one transaction (same run, same concurrency) | {sql_rate:.0} /s | |");
    println!(
        "| API rate / SQL rate | {:.2} | ≥ 0.5 |",
        api_rate / sql_rate
    );
    println!("| for comparison: the same rows as one batched string per booking (one round trip) | {batched_rate:.0} /s | |");
    if let Some((during, all, after)) = delivered {
        println!(
            "| webhooks (booking.created to a loopback receiver): delivered by the end of the booking run / in all, and how long after the run the last arrived | {during} / {all} of {} · {:.1} s | all |",
            1_000 + a.bookings,
            after.as_secs_f64()
        );
    }
    println!("| CPU per booking through the API (ms) | {api_cpu} | |");
    println!("| CPU per booking, the same inserts in SQL (ms) | {sql_cpu} | |");
    println!(
        "| server memory idle (RSS after start) | {:.1} MB | < 50 MB |",
        idle_rss as f64 / 1024.0
    );
    println!("| server memory peak under load (VmHWM; sampled RSS peak {:.1} MB) | {:.1} MB | < 150 MB |", sampled_peak as f64 / 1024.0, hwm as f64 / 1024.0);
}

#[allow(clippy::too_many_arguments)]
async fn run_sql(
    conns: &Arc<tokio::sync::Mutex<Vec<AsyncPgConnection>>>,
    n: usize,
    concurrency: usize,
    org: &str,
    link: &str,
    host: &str,
    round: i64,
    batched: bool,
) {
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    use skyslots_storage::schema::{booking_hosts, bookings, events};
    stream::iter(0..n)
        .map(|i| {
            let conns = conns.clone();
            let (org, link, host) = (org.to_owned(), link.to_owned(), host.to_owned());
            async move {
                let mut c = conns.lock().await.pop().unwrap();
                let id = format!("bkg_sql{round}_{i:020}");
                let event = format!("evt_sql{round}_{i:020}");
                let s = 4_000_000_000i64 + 10_000_000 * round + 900 * i as i64;
                let e = s + 900;
                if batched {
                    let sql = format!(
                        "BEGIN;
                         INSERT INTO bookings (id, organization_id, link_id, start_at, end_at, seats, status, attendee_name, attendee_email, attendee_timezone, answers, metadata, ical_uid, ical_sequence, created_at, updated_at)
                           VALUES ('{id}', '{org}', '{link}', {s}, {e}, 1, 'confirmed', 'Load', 'load@example.com', 'UTC', '{{}}', '{{}}', '{id}@skyslots', 0, 0, 0);
                         INSERT INTO booking_hosts (booking_id, host_id, link_id, start_at, end_at, seats, holds_time) VALUES ('{id}', '{host}', '{link}', {s}, {e}, 1, true);
                         INSERT INTO events (id, organization_id, event_type, payload, created_at) VALUES ('{event}', '{org}', 'booking.created', '{{}}', 0);
                         COMMIT;"
                    );
                    c.batch_execute(&sql).await.unwrap();
                } else {
                    c.transaction::<_, diesel::result::Error, _>(async |c| {
                        diesel::insert_into(bookings::table)
                            .values((
                                bookings::id.eq(&id),
                                bookings::organization_id.eq(&org),
                                bookings::link_id.eq(&link),
                                bookings::start_at.eq(s),
                                bookings::end_at.eq(e),
                                bookings::seats.eq(1),
                                bookings::status.eq("confirmed"),
                                bookings::attendee_name.eq("Load"),
                                bookings::attendee_email.eq("load@example.com"),
                                bookings::attendee_timezone.eq("UTC"),
                                bookings::answers.eq("{}"),
                                bookings::metadata.eq("{}"),
                                bookings::ical_uid.eq(format!("{id}@skyslots")),
                                bookings::ical_sequence.eq(0),
                                bookings::created_at.eq(0),
                                bookings::updated_at.eq(0),
                            ))
                            .execute(c)
                            .await?;
                        diesel::insert_into(booking_hosts::table)
                            .values((
                                booking_hosts::booking_id.eq(&id),
                                booking_hosts::host_id.eq(&host),
                                booking_hosts::link_id.eq(&link),
                                booking_hosts::start_at.eq(s),
                                booking_hosts::end_at.eq(e),
                                booking_hosts::seats.eq(1),
                                booking_hosts::holds_time.eq(true),
                            ))
                            .execute(c)
                            .await?;
                        diesel::insert_into(events::table)
                            .values((
                                events::id.eq(&event),
                                events::organization_id.eq(&org),
                                events::event_type.eq("booking.created"),
                                events::payload.eq("{}"),
                                events::created_at.eq(0),
                            ))
                            .execute(c)
                            .await?;
                        Ok(())
                    })
                    .await
                    .unwrap();
                }
                conns.lock().await.push(c);
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<()>>()
        .await;
}

#[derive(diesel::QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Text)]
    s: String,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
