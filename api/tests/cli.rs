//! The `skyslots` binary as a user runs it.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use skyslots_blackbox::{postgres_skipped, temp_database, Backend};

fn skyslots() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_skyslots"));
    c.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    c
}

#[test]
fn export_spec_needs_no_database() {
    let dir = std::env::temp_dir().join(format!("skyslots-cli-{}", std::process::id()));
    let out = skyslots()
        .arg("export-spec")
        .env("SKYSLOTS_DATA_DIR", &dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let spec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(spec["openapi"], "3.0.0");
    assert!(!dir.exists(), "export-spec must not create a database");
    let ops = skyslots()
        .args(["export-spec", "--operations"])
        .output()
        .unwrap();
    assert!(String::from_utf8(ops.stdout)
        .unwrap()
        .contains("booking_create"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn org_create_serve_and_graceful_shutdown_on_sqlite() {
    let db = temp_database(Backend::Sqlite).await;
    run_service(
        &[("SKYSLOTS_DATA_DIR", db.location.as_str())],
        &format!("{}/skyslots.sqlite3", db.location),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn org_create_serve_and_graceful_shutdown_on_postgres() {
    if postgres_skipped() {
        return;
    }
    let db = temp_database(Backend::Postgres).await;
    // The data directory still holds the token signing key.
    let dir = std::env::temp_dir().join(format!("skyslots-cli-pg-{}", std::process::id()));
    run_service(
        &[
            ("DATABASE_URL", db.location.as_str()),
            ("SKYSLOTS_DATA_DIR", dir.to_str().unwrap()),
        ],
        "",
    )
    .await;
    let _ = std::fs::remove_dir_all(dir);
}

async fn run_service(env: &[(&str, &str)], sqlite_file: &str) {
    let with_env = |c: &mut Command| {
        for (k, v) in env {
            c.env(k, v);
        }
    };
    // Migrating an up-to-date database applies nothing.
    let mut m = skyslots();
    with_env(&mut m);
    let out = m.arg("migrate").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 migration(s) applied"));

    let mut c = skyslots();
    with_env(&mut c);
    let out = c
        .args(["org", "create", "Acme Studio", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("created in "),
        "org create says where: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = created["api_key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("sk_") && key.len() > 40);
    assert!(created["organization_id"]
        .as_str()
        .unwrap()
        .starts_with("org_"));
    if !sqlite_file.is_empty() {
        let bytes = std::fs::read(sqlite_file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(&key[3..]),
            "the API key must be stored hashed only"
        );
    }

    let (child, base) = serve(&with_env);
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("{base}/health"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        client
            .get(format!("{base}/ready"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let hosts = client
        .get(format!("{base}/v1/hosts"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(hosts.status(), 200);
    assert!(hosts.headers().contains_key("x-request-id"));
    let spec = client
        .get(format!("{base}/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(spec.status(), 200);

    // A scoped token, and views of a public link that only the shutdown flush writes.
    let post = |path: &str, body: serde_json::Value| {
        client
            .post(format!("{base}{path}"))
            .bearer_auth(&key)
            .json(&body)
            .send()
    };
    let json = |r: reqwest::Response| async move {
        assert!(r.status().is_success(), "{}", r.status());
        r.json::<serde_json::Value>().await.unwrap()
    };
    let token = json(
        post(
            "/v1/tokens",
            serde_json::json!({"subject": "cli", "scopes": ["bookings:read"]}),
        )
        .await
        .unwrap(),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let schedule = json(
        post(
            "/v1/schedules",
            serde_json::json!({"name": "Week", "timezone": "UTC",
        "weekly_rules": [{"weekday": "monday", "start": "09:00", "end": "17:00"}]}),
        )
        .await
        .unwrap(),
    )
    .await;
    let host = json(
        post(
            "/v1/hosts",
            serde_json::json!({"name": "Ada", "email": "ada@example.com",
        "timezone": "UTC", "schedule_id": schedule["id"]}),
        )
        .await
        .unwrap(),
    )
    .await;
    let link = json(
        post(
            "/v1/links",
            serde_json::json!({"slug": "intro", "title": "Intro",
        "durations": [30], "host_ids": [host["id"]]}),
        )
        .await
        .unwrap(),
    )
    .await;
    let link_id = link["id"].as_str().unwrap().to_owned();
    let slug = created["slug"].as_str().unwrap();
    for _ in 0..3 {
        let page = client
            .get(format!("{base}/v1/public/links/{slug}/intro"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
    }
    // A live stream stays open until the server closes it: shutdown must not wait for it.
    let stream = client
        .get(format!("{base}/v1/events/stream"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    stop(child);
    drop(stream);

    // After a restart: the views are there, and the token still verifies (its key was
    // kept in the data directory).
    let (child, base) = serve(&with_env);
    let today = chrono::Utc::now().date_naive();
    let stats = client
        .get(format!(
            "{base}/v1/links/{link_id}/analytics?start={today}&end={today}"
        ))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(json(stats).await["total_views"], 3);
    assert_eq!(status_with(&client, &base, &token).await, 200);
    stop(child);

    // Key rotation from the command line: the new key signs, the old one still verifies.
    let mut list = skyslots();
    with_env(&mut list);
    let before = list.args(["keys", "list"]).output().unwrap();
    assert!(before.status.success());
    assert_eq!(String::from_utf8_lossy(&before.stdout).lines().count(), 1);
    let mut rotate = skyslots();
    with_env(&mut rotate);
    let rotated = rotate.args(["keys", "rotate"]).output().unwrap();
    assert!(rotated.status.success());
    let new_kid = String::from_utf8_lossy(&rotated.stdout).trim().to_owned();
    let mut list = skyslots();
    with_env(&mut list);
    let after = String::from_utf8(list.args(["keys", "list"]).output().unwrap().stdout).unwrap();
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines.len(), 2, "{after}");
    assert!(
        lines[1].starts_with(&new_kid) && lines[1].ends_with("signing"),
        "{after}"
    );
    let (child, base) = serve(&with_env);
    assert_eq!(status_with(&client, &base, &token).await, 200);
    stop(child);
}

/// First contact on an empty data directory, started with a low soft open-file limit (the
/// common 1,024 or less): the server raises the limit to the hard limit, so connections cannot
/// run it out of descriptors; it says where its data is and that no organization exists yet;
/// `GET /` says where the docs are; a key is refused with the likely cause (no organization in
/// this database); and the log, written to a file rather than a terminal, has no colour codes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_contact_on_an_empty_data_directory() {
    let dir = std::env::temp_dir().join(format!("skyslots-cli-fd-{}", std::process::id()));
    let log = dir.join("stderr.log");
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new("sh")
        .args([
            "-c",
            "ulimit -Sn 256 && exec \"$0\" serve --addr 127.0.0.1:0",
            env!("CARGO_BIN_EXE_skyslots"),
        ])
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .env("SKYSLOTS_DATA_DIR", &dir)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let base = skyslots_blackbox::listening_base(&mut child);
    let client = reqwest::Client::new();
    let get_json = |path: &str, bearer: &str| {
        let request = client.get(format!("{base}{path}")).bearer_auth(bearer);
        async move {
            request
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let index = get_json("/", "").await;
    assert_eq!(
        (index["docs"].as_str(), index["openapi"].as_str()),
        (Some("/docs"), Some("/v1/openapi.json"))
    );
    let refused = get_json("/v1/hosts", "sk_from_another_database").await;
    assert_eq!(refused["code"], "unauthorized");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap()
            .contains("No organization exists"),
        "{refused}"
    );
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    let open_files: Vec<&str> = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap()
        .split_whitespace()
        .collect();
    let (soft, hard) = (open_files[3], open_files[4]);
    assert_eq!(soft, hard, "{limits}");
    assert_ne!(soft, "256", "{limits}");
    stop(child);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("skyslots serving"), "{text}");
    let file = dir.join("skyslots.sqlite3");
    assert!(
        text.contains(&format!("SQLite at {}", file.display())),
        "{text}"
    );
    assert!(text.contains("no organization yet"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "colour codes in a log file: {text}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The status of `GET /v1/bookings` with `bearer`.
async fn status_with(client: &reqwest::Client, base: &str, bearer: &str) -> u16 {
    client
        .get(format!("{base}/v1/bookings"))
        .bearer_auth(bearer)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// `skyslots serve` on a free port, with views flushed only at shutdown: the child and its
/// base URL.
fn serve(with_env: &dyn Fn(&mut Command)) -> (std::process::Child, String) {
    let mut s = skyslots();
    with_env(&mut s);
    let mut child = s
        .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
        .env("SKYSLOTS_VIEWS_FLUSH_SECS", "3600")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = skyslots_blackbox::listening_base(&mut child);
    (child, base)
}

/// SIGTERM: the server stops accepting, finishes, writes what it holds and exits cleanly.
fn stop(mut child: std::process::Child) {
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
