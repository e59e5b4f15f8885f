//! The `skyslots` binary as a user runs it.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
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
    run_service(&[("DATABASE_URL", db.location.as_str())], "").await;
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

    let mut s = skyslots();
    with_env(&mut s);
    let mut child = s
        .args(["serve", "--addr", "127.0.0.1:0", "--log-format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected: {line}"))
        .to_owned();
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

    // SIGTERM: the server stops accepting and exits cleanly.
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
