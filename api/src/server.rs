//! Running the service: configuration, logging, the listener and graceful shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use skyslots_storage::{Db, PoolOptions};

use crate::connections::{self, GuardedAcceptor, HttpLimits};
use crate::{app, AppState};

/// Where the data lives: `DATABASE_URL` if set, else an SQLite file in the data directory.
#[derive(Debug, Clone)]
pub struct DbConfig {
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
}

impl DbConfig {
    /// Where the data is, for people: the SQLite file's absolute path, or PostgreSQL's host,
    /// port and database (never the user or password).
    pub fn location(&self) -> String {
        match &self.database_url {
            Some(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
                let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
                let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
                format!("PostgreSQL at {rest}")
            }
            None => {
                let dir =
                    std::path::absolute(&self.data_dir).unwrap_or_else(|_| self.data_dir.clone());
                format!("SQLite at {}", dir.join("skyslots.sqlite3").display())
            }
        }
    }

    pub async fn open(&self) -> Result<Db, skyslots_storage::StorageError> {
        let options = PoolOptions::default();
        match &self.database_url {
            Some(url) => Db::connect(url, &options).await,
            None => Db::open_data_dir(&self.data_dir, &options).await,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Structured logs to stderr; `RUST_LOG` filters (default `info`).
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    use std::io::IsTerminal as _;
    // Colours only for a person at a terminal; never escape codes in a log file or pipe.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Serve until SIGINT/SIGTERM, then finish in-flight requests (up to 30 s) and write the
/// view counts still in memory. Prints `listening on http://ADDR` to stdout once bound (port
/// 0 picks a free port).
pub async fn serve(mut state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    let acceptor = bind(addr, &state.http).await?;
    let bound = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .unwrap_or(addr);
    // A public URL defaulted from `--addr …:0` names the port actually bound.
    if state.public_url == format!("http://{addr}") && addr.port() == 0 {
        state = state.with_public_url(&format!("http://{bound}"));
    }
    let signal = shutdown_signal();
    let closing = state.closing.clone();
    // Live streams never finish on their own: told that the server is closing, they end, so
    // the graceful shutdown need not wait out its timeout for them.
    let shutdown = async move {
        signal.await;
        closing.send_replace(true);
    };
    println!("listening on http://{bound}");
    tracing::info!(%bound, database = state.db.backend(), "skyslots serving");
    let background = Background::start(&state);
    let result = poem::Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(app(state.clone()), shutdown, Some(Duration::from_secs(30)))
        .await;
    drop(background);
    flush_views(&state).await;
    result
}

/// A listener on `addr` under `limits` (connection cap and timeouts). Raises the process's
/// open-file limit first, and keeps the cap below it.
pub async fn bind(
    addr: SocketAddr,
    limits: &HttpLimits,
) -> std::io::Result<GuardedAcceptor<TcpAcceptor>> {
    let open_files = connections::raise_open_file_limit();
    let cap = connections::connection_cap(limits.max_connections, open_files);
    if cap < limits.max_connections {
        tracing::warn!(
            configured = limits.max_connections,
            cap,
            open_files,
            "the open-file limit allows fewer connections than configured"
        );
    }
    let acceptor = TcpListener::bind(addr).into_acceptor().await?;
    Ok(GuardedAcceptor::new(acceptor, *limits, cap))
}

/// The service's background work, stopped when dropped: view counts written every
/// `views_flush_every`, idle rate-limit entries forgotten and the signing key file re-read
/// every minute, idempotency keys past retention purged every hour.
#[derive(Debug)]
pub struct Background(Vec<tokio::task::JoinHandle<()>>);

impl Background {
    pub fn start(state: &AppState) -> Self {
        let views = {
            let state = state.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(state.views_flush_every);
                every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    every.tick().await;
                    flush_views(&state).await;
                }
            })
        };
        let limits = {
            let limits = state.limits.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_secs(60));
                loop {
                    every.tick().await;
                    limits.forget_idle();
                }
            })
        };
        let keys = {
            let keys = state.tokens.clone();
            tokio::spawn(async move {
                let mut every = tokio::time::interval(Duration::from_secs(60));
                every.tick().await;
                loop {
                    every.tick().await;
                    keys.reload();
                }
            })
        };
        let mut tasks = vec![
            views,
            limits,
            keys,
            tokio::spawn(housekeeping(
                state.db.clone(),
                state.event_retention,
                state.mail.clone(),
            )),
        ];
        if state.worker {
            tasks.push(tokio::spawn(sequence_events(
                state.db.clone(),
                state.events_bell.clone(),
            )));
            tasks.push(tokio::spawn(run_jobs(state.clone())));
        }
        Self(tasks)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// Write the counted views; on failure they stay counted for the next flush.
pub async fn flush_views(state: &AppState) {
    match state.views.flush(&state.db).await {
        Ok(0) => {}
        Ok(n) => tracing::debug!(views = n, "link views written"),
        Err(e) => tracing::warn!(error = %e, "link views not written; kept for the next flush"),
    }
}

/// Number committed events for the feed (`GET /v1/events`) a few times a second; a full batch
/// goes on at once. Safe with many instances on one database: the sequencer's row lock lets
/// one number at a time. A failure is retried on the next tick.
async fn sequence_events(db: Db, bell: std::sync::Arc<tokio::sync::watch::Sender<u64>>) {
    let mut every = tokio::time::interval(Duration::from_millis(100));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        loop {
            let numbered = skyslots_app::events::sequence(&db, chrono::Utc::now()).await;
            if matches!(numbered, Ok(n) if n > 0) {
                bell.send_modify(|rings| *rings = rings.wrapping_add(1));
            }
            match numbered {
                Ok(n) if n >= skyslots_app::events::SEQUENCE_BATCH => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::debug!(error = %e, "event sequencing failed; retrying");
                    break;
                }
            }
        }
    }
}

/// Run due jobs (expiries, webhook deliveries and their retries, emails) every second, at once when
/// the sequencer numbered events (new deliveries), and again at once while there was work.
/// Up to [`JOB_RUNNERS`] claims run side by side, so a slow receiver does not hold back the
/// rest. Many instances may run this on one database: each job is claimed by one of them
/// (`app::jobs`).
async fn run_jobs(state: AppState) {
    let transport = match crate::webhook_transport(state.allow_private_urls) {
        Ok(t) => std::sync::Arc::new(t),
        Err(e) => {
            tracing::error!(error = %e, "no outbound HTTP client: jobs are not run");
            return;
        }
    };
    let mut bell = state.events_bell.subscribe();
    let mut every = tokio::time::interval(Duration::from_secs(1));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut runners = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = bell.changed() => {}
        }
        while runners.try_join_next().is_some() {}
        if runners.len() >= JOB_RUNNERS {
            continue;
        }
        let (db, secrets, transport) = (state.db.clone(), state.secrets.clone(), transport.clone());
        let (mail, public_url) = (state.mail.clone(), state.public_url.clone());
        let stripe = state.stripe.clone();
        runners.spawn(async move {
            let worker = skyslots_app::jobs::Worker {
                secrets: &secrets,
                transport: &*transport,
                mailer: &*mail,
                payments: stripe
                    .as_deref()
                    .map(|s| s as &dyn skyslots_app::payments::PaymentProvider),
                public_url: &public_url,
            };
            loop {
                // Again at once while there was work: a drain that stopped at its budget is
                // due again now (the next call only reads when nothing is due).
                match skyslots_app::jobs::run_due(&db, &worker, chrono::Utc::now()).await {
                    Ok(0) => break,
                    Ok(_) => continue,
                    Err(e) => {
                        tracing::warn!(error = %e, "running due jobs failed; retrying");
                        break;
                    }
                }
            }
        });
    }
}

/// How many job claims one instance runs at once.
const JOB_RUNNERS: usize = 4;

/// Hourly upkeep: forget idempotency keys, events, deliveries, settled emails and outbox files
/// past their retention. Failures are logged and retried next hour; nothing depends on them
/// finishing.
async fn housekeeping(
    db: Db,
    event_retention: chrono::Duration,
    mail: std::sync::Arc<crate::mail::Mail>,
) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let before = chrono::Utc::now() - skyslots_storage::idempotency::RETENTION;
        match skyslots_app::reads::purge_idempotency_keys(&db, before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "idempotency keys past retention removed"),
            Err(e) => tracing::warn!(error = %e, "idempotency key purge failed"),
        }
        match skyslots_app::events::purge(&db, chrono::Utc::now() - event_retention).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "events past retention removed"),
            Err(e) => tracing::warn!(error = %e, "event purge failed"),
        }
        match skyslots_app::webhooks::purge(&db, chrono::Utc::now() - event_retention).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "webhook deliveries past retention removed"),
            Err(e) => tracing::warn!(error = %e, "webhook delivery purge failed"),
        }
        match skyslots_app::emails::purge(&db, chrono::Utc::now() - event_retention).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "emails past retention removed"),
            Err(e) => tracing::warn!(error = %e, "email purge failed"),
        }
        let age = event_retention
            .to_std()
            .unwrap_or(Duration::from_secs(30 * 86_400));
        match mail.prune(age).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "outbox files past retention removed"),
            Err(e) => tracing::warn!(error = %e, "outbox pruning failed"),
        }
    }
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when the
/// future is first polled, so a signal that arrives just after start-up is not lost to the
/// default action (an abrupt exit).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    let terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    let interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt());
    async move {
        let wait = |s: std::io::Result<tokio::signal::unix::Signal>| async move {
            match s {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = wait(terminate) => {},
            () = wait(interrupt) => {},
        }
        tracing::info!("shutting down: finishing in-flight requests");
    }
}
