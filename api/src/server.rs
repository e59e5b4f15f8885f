//! Running the service: configuration, logging, the listener and graceful shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpListener};
use skyslots_storage::{Db, PoolOptions};

use crate::{app, AppState};

/// Where the data lives: `DATABASE_URL` if set, else an SQLite file in the data directory.
#[derive(Debug, Clone)]
pub struct DbConfig {
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
}

impl DbConfig {
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
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Serve until SIGINT/SIGTERM, then finish in-flight requests (up to 30 s). Prints
/// `listening on http://ADDR` to stdout once bound (port 0 picks a free port).
pub async fn serve(db: Db, addr: SocketAddr) -> std::io::Result<()> {
    let acceptor = TcpListener::bind(addr).into_acceptor().await?;
    let bound = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .unwrap_or(addr);
    println!("listening on http://{bound}");
    tracing::info!(%bound, database = db.backend(), "skyslots serving");
    tokio::spawn(housekeeping(db.clone()));
    poem::Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(
            app(AppState::new(db)),
            shutdown_signal(),
            Some(Duration::from_secs(30)),
        )
        .await
}

/// Hourly upkeep: forget idempotency keys past their retention. Failures are logged and
/// retried next hour; nothing depends on them finishing.
async fn housekeeping(db: Db) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let before = chrono::Utc::now() - skyslots_storage::idempotency::RETENTION;
        match db.purge_idempotency_keys(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(purged = n, "idempotency keys past retention removed"),
            Err(e) => tracing::warn!(error = %e, "idempotency key purge failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
