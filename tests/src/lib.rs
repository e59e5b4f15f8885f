//! Test harness: a real server on a loopback port over a fresh database of either backend.
//!
//! SQLite: a new file in a temporary directory. PostgreSQL: a database cloned from a migrated
//! template (`CREATE DATABASE … TEMPLATE`), made once per migration set under an advisory lock
//! (nextest runs tests as parallel processes) and dropped `WITH (FORCE)` when the test ends,
//! even if it panicked. PostgreSQL is `SKYSLOTS_TEST_POSTGRES` (default
//! `postgres://postgres@127.0.0.1:5432`); if it is unreachable the PostgreSQL tests fail, unless
//! `SKYSLOTS_SKIP_POSTGRES=1` is set explicitly (CI never sets it).
#![allow(clippy::unwrap_used)]

pub mod stripe;

use std::net::SocketAddr;
use std::path::PathBuf;

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use poem::listener::Acceptor;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use skyslots_api::limits::RateLimitConfig;
use skyslots_api::server::Background;
use skyslots_api::{app, AppState};
use skyslots_storage::{Db, PoolOptions};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server with its own database and one organization.
#[derive(Debug)]
pub struct Server {
    pub base: String,
    pub key: String,
    pub org_id: String,
    pub db: Db,
    /// The server's state (its signing keys, limits, view counter).
    pub state: AppState,
    pub backend: Backend,
    client: reqwest::Client,
    _database: Database,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A test's database, removed when dropped.
#[derive(Debug)]
enum Database {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for Database {
    fn drop(&mut self) {
        match self {
            Self::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Self::Postgres { admin_url, name } => {
                let (url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    rt.block_on(async {
                        if let Ok(mut c) =
                            AsyncPgConnection::establish(&format!("{url}/postgres")).await
                        {
                            let _ = c
                                .batch_execute(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub fn postgres_admin_url() -> String {
    std::env::var("SKYSLOTS_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// Whether PostgreSQL tests were explicitly switched off (never in CI).
pub fn postgres_skipped() -> bool {
    std::env::var("SKYSLOTS_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

/// A migrated template database for the current migration set, created once.
async fn postgres_template(admin: &str) -> String {
    // Every migration's text, in order: a new or changed migration makes a new template.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    folders.sort();
    let migrations: String = folders
        .iter()
        .map(|f| std::fs::read_to_string(f.join("up.sql")).unwrap())
        .collect();
    let hash = migrations.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let name = format!("skyslots_template_{:016x}", hash);
    let lock = (hash >> 1) as i64;
    let mut conn = AsyncPgConnection::establish(&format!("{admin}/postgres"))
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is not reachable ({e}); start it, or set SKYSLOTS_SKIP_POSTGRES=1 to skip PostgreSQL tests locally"));
    conn.batch_execute(&format!("SELECT pg_advisory_lock({lock})"))
        .await
        .unwrap();
    let exists = diesel_async::RunQueryDsl::get_result::<i64>(
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM pg_database WHERE datname = '{name}')"
        ))),
        &mut conn,
    )
    .await
    .unwrap();
    if exists == 0 {
        let building = format!("{name}_building");
        conn.batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
        ))
        .await
        .unwrap();
        conn.batch_execute(&format!("CREATE DATABASE \"{building}\""))
            .await
            .unwrap();
        let db = Db::connect(&format!("{admin}/{building}"), &PoolOptions::default())
            .await
            .unwrap();
        db.migrate().await.unwrap();
        drop(db);
        // Renaming needs no connections to the database; the pool may take a moment to close.
        conn.batch_execute(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{building}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
        conn.batch_execute(&format!(
            "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
        ))
        .await
        .unwrap();
    }
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({lock})"))
        .await
        .unwrap();
    name
}

async fn fresh_database(backend: Backend) -> (Db, Database) {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("skyslots-test-{}", uuid::Uuid::now_v7()));
            let db = Db::open_data_dir(&dir, &PoolOptions::default())
                .await
                .unwrap();
            db.migrate().await.unwrap();
            (db, Database::Sqlite(dir))
        }
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let template = postgres_template(&admin).await;
            let name = format!("skyslots_t_{}", uuid::Uuid::now_v7().simple());
            let mut conn = AsyncPgConnection::establish(&format!("{admin}/postgres"))
                .await
                .unwrap();
            // Cloning needs the template to have no other sessions: serialize clones.
            conn.batch_execute("SELECT pg_advisory_lock(7031)")
                .await
                .unwrap();
            let created = conn
                .batch_execute(&format!(
                    "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
                ))
                .await;
            conn.batch_execute("SELECT pg_advisory_unlock(7031)")
                .await
                .unwrap();
            created.unwrap();
            let guard = Database::Postgres {
                admin_url: admin.clone(),
                name: name.clone(),
            };
            let options = PoolOptions {
                max_size: 24,
                ..PoolOptions::default()
            };
            let db = Db::connect(&format!("{admin}/{name}"), &options)
                .await
                .unwrap();
            (db, guard)
        }
    }
}

/// A fresh, migrated database for a process under test: its URL (or SQLite data directory)
/// and a guard that removes it.
#[derive(Debug)]
pub struct TempDatabase {
    /// `postgres://…` for PostgreSQL, the data directory for SQLite.
    pub location: String,
    _database: Database,
}

pub async fn temp_database(backend: Backend) -> TempDatabase {
    let (db, database) = fresh_database(backend).await;
    drop(db);
    let location = match &database {
        Database::Sqlite(dir) => dir.display().to_string(),
        Database::Postgres { admin_url, name } => format!("{admin_url}/{name}"),
    };
    TempDatabase {
        location,
        _database: database,
    }
}

impl Server {
    /// A server on `127.0.0.1:0` over a fresh database, with one organization; no rate
    /// limits, link views flushed every 50 ms.
    pub async fn start(backend: Backend) -> Self {
        Self::start_with(backend, |s| s).await
    }

    /// As [`Server::start`], with the state adjusted by `configure` (rate limits, keys, ...).
    pub async fn start_with(
        backend: Backend,
        configure: impl FnOnce(AppState) -> AppState,
    ) -> Self {
        let (db, database) = fresh_database(backend).await;
        let (org, key) = skyslots_app::organizations::create(&db, "Test Org", None)
            .await
            .unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let outbox = std::env::temp_dir().join(format!("skyslots-outbox-{}", uuid::Uuid::now_v7()));
        let mail = skyslots_api::mail::Mail::outbox(outbox, skyslots_api::state::DEFAULT_MAIL_FROM)
            .unwrap();
        let state = configure(
            AppState::new(db.clone())
                .with_rate_limits(&RateLimitConfig::off())
                .with_views_flush_every(std::time::Duration::from_millis(50))
                .with_mail(mail),
        );
        // The same listener as `skyslots serve`: connection cap and timeouts included.
        let acceptor = skyslots_api::server::bind("127.0.0.1:0".parse().unwrap(), &state.http)
            .await
            .unwrap();
        let addr: SocketAddr = *acceptor.local_addr()[0].as_socket_addr().unwrap();
        let background = Background::start(&state);
        let endpoint = app(state.clone());
        tokio::spawn(async move {
            let _background = background;
            let _ = poem::Server::new_with_acceptor(acceptor)
                .run_with_graceful_shutdown(
                    endpoint,
                    async {
                        let _ = rx.await;
                    },
                    None,
                )
                .await;
        });
        Self {
            base: format!("http://{addr}"),
            key: key.secret,
            org_id: org.id,
            db,
            state,
            backend,
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(64)
                .build()
                .unwrap(),
            _database: database,
            shutdown: Some(tx),
        }
    }

    /// Another organization in the same database: its API key.
    pub async fn other_org(&self) -> String {
        skyslots_app::organizations::create(&self.db, "Other Org", None)
            .await
            .unwrap()
            .1
            .secret
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Send a request with this org's key; returns status, JSON body (Null if none) and headers.
    pub async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        self.call_as(&self.key, method, path, body, &[]).await
    }

    pub async fn call_as(
        &self,
        key: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(key);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        Reply::from(req.send().await.unwrap()).await
    }

    /// A request without any credentials (public endpoints), with extra headers.
    pub async fn anonymous(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        Reply::from(req.send().await.unwrap()).await
    }

    /// Everything the database holds, as text: every row of every table as JSON on
    /// PostgreSQL; the raw bytes of the database file and its write-ahead log on SQLite. For
    /// checking that a secret is stored nowhere in plain text.
    pub async fn database_text(&self) -> String {
        match &self._database {
            Database::Sqlite(dir) => {
                let mut text = String::new();
                for entry in std::fs::read_dir(dir).unwrap().flatten() {
                    let bytes = std::fs::read(entry.path()).unwrap();
                    text.push_str(&String::from_utf8_lossy(&bytes));
                }
                text
            }
            Database::Postgres { admin_url, name } => {
                #[derive(diesel::QueryableByName)]
                struct Text {
                    #[diesel(sql_type = diesel::sql_types::Text)]
                    t: String,
                }
                let mut conn = AsyncPgConnection::establish(&format!("{admin_url}/{name}"))
                    .await
                    .unwrap();
                let tables: Vec<Text> = diesel_async::RunQueryDsl::load(
                    diesel::sql_query(
                        "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = 'public'",
                    ),
                    &mut conn,
                )
                .await
                .unwrap();
                let mut text = String::new();
                for table in tables {
                    let rows: Vec<Text> = diesel_async::RunQueryDsl::load(
                        diesel::sql_query(format!(
                            "SELECT row_to_json(x)::text AS t FROM \"{}\" x",
                            table.t
                        )),
                        &mut conn,
                    )
                    .await
                    .unwrap();
                    for r in rows {
                        text.push_str(&r.t);
                    }
                }
                text
            }
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(&body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(&body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    pub async fn from(resp: reqwest::Response) -> Self {
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Self {
            status,
            body,
            headers,
        }
    }

    /// A response header as text ("" when absent or not text).
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Assert the status, returning the body.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        &self.body
    }

    /// Assert a problem with `status` and `code`, returning it.
    #[track_caller]
    pub fn problem(&self, status: u16, code: &str) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        let ct = self
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            ct.starts_with("application/problem+json"),
            "content type {ct:?}, body {}",
            self.body
        );
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert_eq!(self.body["status"], status, "body: {}", self.body);
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        &self.body
    }

    pub fn id(&self) -> String {
        self.body["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no id in {}", self.body))
            .to_owned()
    }
}

/// The base URL a `skyslots serve` child prints once it is listening (its stdout piped).
pub fn listening_base(child: &mut std::process::Child) -> String {
    use std::io::BufRead as _;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        std::io::BufReader::new(out).read_line(&mut line).unwrap();
    }
    line.trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the server did not start: {line:?}"))
        .to_owned()
}

/// Run a scenario against each backend as its own test.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident $(with $configure:path)?),* $(,)?) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn server(backend: $crate::Backend) -> $crate::Server {
                    $crate::Server::start_with(backend, |state| {
                        $( let state = $configure(state); )?
                        state
                    })
                    .await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(server($crate::Backend::Sqlite).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::postgres_skipped() {
                        eprintln!("SKYSLOTS_SKIP_POSTGRES=1: PostgreSQL test skipped");
                        return;
                    }
                    super::$name(server($crate::Backend::Postgres).await).await;
                }
            }
        )*
    };
}

/// One request a [`Receiver`] got.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// The query string, if any.
    pub query: String,
    /// Header names in lower case.
    pub headers: std::collections::HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

#[derive(Debug)]
struct ReceiverState {
    got: std::sync::Mutex<Vec<Received>>,
    status: std::sync::atomic::AtomicU16,
    /// The body to answer with (and its content type), instead of `answered <status>`.
    body: std::sync::Mutex<Option<(String, String)>>,
    /// Bodies by path (JSON), answered before `body` (a fake API).
    routes: std::sync::Mutex<std::collections::HashMap<String, String>>,
    /// Milliseconds to wait after recording a request before answering.
    delay_ms: std::sync::atomic::AtomicU64,
    arrived: tokio::sync::Notify,
}

/// A real HTTP server on a loopback port that records every request (a webhook receiver),
/// answering with the status set (200 unless told otherwise). It can go down (connections
/// refused) and come back up on the same port.
#[derive(Debug)]
pub struct Receiver {
    addr: SocketAddr,
    state: std::sync::Arc<ReceiverState>,
    shutdown: Option<(
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    )>,
}

impl Receiver {
    pub async fn start() -> Self {
        let state = std::sync::Arc::new(ReceiverState {
            got: std::sync::Mutex::default(),
            status: std::sync::atomic::AtomicU16::new(200),
            body: std::sync::Mutex::default(),
            routes: std::sync::Mutex::default(),
            delay_ms: std::sync::atomic::AtomicU64::new(0),
            arrived: tokio::sync::Notify::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut r = Self {
            addr,
            state,
            shutdown: None,
        };
        r.serve(listener);
        r
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let state = self.state.clone();
        let endpoint = poem::endpoint::make(move |mut req: poem::Request| {
            let state = state.clone();
            async move {
                let body = req.take_body().into_string().await.unwrap_or_default();
                let headers = req
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                    .collect();
                state.got.lock().unwrap().push(Received {
                    method: req.method().to_string(),
                    query: req.uri().query().unwrap_or("").to_owned(),
                    path: req.uri().path().to_owned(),
                    headers,
                    body,
                });
                state.arrived.notify_waiters();
                let delay = state.delay_ms.load(std::sync::atomic::Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
                let status = state.status.load(std::sync::atomic::Ordering::SeqCst);
                let builder = poem::Response::builder()
                    .status(poem::http::StatusCode::from_u16(status).unwrap());
                let routed = state.routes.lock().unwrap().get(req.uri().path()).cloned();
                if let Some(body) = routed {
                    return builder.content_type("application/json").body(body);
                }
                match state.body.lock().unwrap().clone() {
                    Some((content_type, body)) => builder.content_type(content_type).body(body),
                    None => builder.body(format!("answered {status}")),
                }
            }
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let std_listener = listener.into_std().unwrap();
        let handle = tokio::spawn(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            let acceptor = poem::listener::TcpAcceptor::from_tokio(listener).unwrap();
            let _ = poem::Server::new_with_acceptor(acceptor)
                .run_with_graceful_shutdown(
                    endpoint,
                    async {
                        let _ = rx.await;
                    },
                    Some(std::time::Duration::from_millis(100)),
                )
                .await;
        });
        self.shutdown = Some((tx, handle));
    }

    /// `http://127.0.0.1:PORT/hook`.
    pub fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    /// Answer every request with `status` from now on.
    pub fn answer(&self, status: u16) {
        self.state
            .status
            .store(status, std::sync::atomic::Ordering::SeqCst);
    }

    /// Answer every request with `body` of `content_type` from now on (a file server).
    pub fn serve_body(&self, content_type: &str, body: String) {
        *self.state.body.lock().unwrap() = Some((content_type.to_owned(), body));
    }

    /// Answer requests for `path` with the JSON `body` (a fake API with several routes).
    pub fn route(&self, path: &str, body: Value) {
        self.state
            .routes
            .lock()
            .unwrap()
            .insert(path.to_owned(), body.to_string());
    }

    /// Answer `delay` after recording each request (a slow receiver).
    pub fn delay(&self, delay: std::time::Duration) {
        self.state.delay_ms.store(
            u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    /// Stop listening: connections are refused until [`Self::up`].
    pub async fn down(&mut self) {
        if let Some((tx, handle)) = self.shutdown.take() {
            let _ = tx.send(());
            let _ = handle.await;
        }
    }

    /// Listen again on the same port.
    pub async fn up(&mut self) {
        let listener = tokio::net::TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.got.lock().unwrap().clone()
    }

    /// What arrived, once at least `n` requests have (or after `within`).
    pub async fn wait_for(&self, n: usize, within: std::time::Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let arrived = self.state.arrived.notified();
            let got = self.received();
            if got.len() >= n || tokio::time::Instant::now() >= deadline {
                return got;
            }
            let _ = tokio::time::timeout_at(deadline, arrived).await;
        }
    }
}

impl Server {
    /// Number committed events and queue their deliveries, as the sequencer does, at `now`.
    pub async fn sequence(&self, now: chrono::DateTime<chrono::Utc>) -> usize {
        skyslots_app::events::sequence(&self.db, now).await.unwrap()
    }

    /// `workers` workers running the jobs due at `now` side by side until none is left, each
    /// retrying a lost race for the database lock as `skyslots serve`'s loop does on its next
    /// tick: how many jobs they did in all.
    pub async fn race_workers(&self, workers: usize, now: chrono::DateTime<chrono::Utc>) -> usize {
        let running: Vec<_> = (0..workers)
            .map(|_| {
                let db = self.db.clone();
                let secrets = self.state.secrets.clone();
                let allow = self.state.allow_private_urls;
                let (mail, public_url) = (self.state.mail.clone(), self.state.public_url.clone());
                let stripe = self.state.stripe.clone();
                tokio::spawn(async move {
                    let transport = skyslots_api::webhook_transport(allow).unwrap();
                    let worker = skyslots_app::jobs::Worker {
                        secrets: &secrets,
                        transport: &transport,
                        mailer: &*mail,
                        payments: stripe
                            .as_deref()
                            .map(|s| s as &dyn skyslots_app::payments::PaymentProvider),
                        public_url: &public_url,
                    };
                    let mut done = 0;
                    for _ in 0..50 {
                        match skyslots_app::jobs::run_due(&db, &worker, now).await {
                            Ok(0) => break,
                            Ok(n) => done += n,
                            Err(_) => {
                                tokio::time::sleep(std::time::Duration::from_millis(20)).await
                            }
                        }
                    }
                    done
                })
            })
            .collect();
        let mut total = 0;
        for w in running {
            total += w.await.unwrap();
        }
        total
    }

    /// Run the jobs due at `now` once, as `skyslots serve`'s worker does (webhooks delivered
    /// over real HTTP with this server's settings).
    pub async fn run_due(&self, now: chrono::DateTime<chrono::Utc>) -> usize {
        let transport = skyslots_api::webhook_transport(self.state.allow_private_urls).unwrap();
        let worker = skyslots_app::jobs::Worker {
            secrets: &self.state.secrets,
            transport: &transport,
            mailer: &*self.state.mail,
            payments: self.state.payments().provider,
            public_url: &self.state.public_url,
        };
        skyslots_app::jobs::run_due(&self.db, &worker, now)
            .await
            .unwrap()
    }
}
