//! Connections: one [`Db`] over a bb8 pool of either backend.
//!
//! Queries are written once against the portable schema and expanded for each backend by
//! [`with_conn!`](crate::with_conn) and [`in_transaction!`](crate::in_transaction): the same
//! diesel expression type-checks twice, once per connection type. Backend differences stay in
//! this module: connection set-up (SQLite PRAGMAs on every pooled connection), migrations, and
//! how a write transaction starts.

use std::path::Path;
use std::time::Duration;

use diesel::sqlite::SqliteConnection;
use diesel_async::pooled_connection::bb8::Pool;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::StorageError;

pub type PgConn = AsyncPgConnection;
pub type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Applied to every new SQLite connection. Without `busy_timeout` concurrent writers fail at
/// once with "database is locked"; without `foreign_keys` references are not enforced.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";

/// A database: PostgreSQL for production and scale, SQLite embedded by default.
#[derive(Clone)]
pub enum Db {
    Postgres(Pool<PgConn>),
    Sqlite(Pool<SqliteConn>),
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.backend())
    }
}

/// Pool sizing and timeouts.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: u32,
    pub connection_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 16,
            connection_timeout: Duration::from_secs(10),
        }
    }
}

impl Db {
    /// Connect to `url`: `postgres://…` / `postgresql://…`, or `sqlite://PATH` / a plain path
    /// for an SQLite file (created if missing).
    pub async fn connect(url: &str, options: &PoolOptions) -> Result<Self, StorageError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let manager = AsyncDieselConnectionManager::<PgConn>::new(url);
            let pool = Pool::builder()
                .max_size(options.max_size)
                .connection_timeout(options.connection_timeout)
                .build(manager)
                .await
                .map_err(StorageError::connect)?;
            Ok(Self::Postgres(pool))
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            if path == ":memory:" || path.is_empty() {
                // Each pooled connection would get its own empty database.
                return Err(StorageError::Config(
                    "an SQLite database must be a file; :memory: gives every connection its own database".into(),
                ));
            }
            let mut config = ManagerConfig::default();
            config.custom_setup = Box::new(|url| {
                Box::pin(async move {
                    let mut conn = SqliteConn::establish(url).await?;
                    conn.batch_execute(SQLITE_PRAGMAS)
                        .await
                        .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                    Ok(conn)
                })
            });
            let manager = AsyncDieselConnectionManager::<SqliteConn>::new_with_config(path, config);
            // SQLite has one writer at a time; more connections only add lock waiting.
            let pool = Pool::builder()
                .max_size(options.max_size.min(8))
                .connection_timeout(options.connection_timeout)
                .build(manager)
                .await
                .map_err(StorageError::connect)?;
            Ok(Self::Sqlite(pool))
        }
    }

    /// The embedded default: `DIR/skyslots.sqlite3`, creating `DIR` if needed.
    pub async fn open_data_dir(dir: &Path, options: &PoolOptions) -> Result<Self, StorageError> {
        std::fs::create_dir_all(dir).map_err(|e| {
            StorageError::Config(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })?;
        let file = dir.join("skyslots.sqlite3");
        Self::connect(&file.to_string_lossy(), options).await
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Postgres(_) => "postgresql",
            Self::Sqlite(_) => "sqlite",
        }
    }

    /// Apply pending migrations; returns how many ran. Needs the multi-threaded runtime.
    pub async fn migrate(&self) -> Result<usize, StorageError> {
        let applied = match self {
            Self::Postgres(pool) => {
                let conn = pool
                    .dedicated_connection()
                    .await
                    .map_err(StorageError::connect)?;
                tokio::task::spawn_blocking(move || {
                    let mut harness = diesel_async::AsyncMigrationHarness::new(conn);
                    harness
                        .run_pending_migrations(PG_MIGRATIONS)
                        .map(|v| v.len())
                        .map_err(|e| e.to_string())
                })
                .await
            }
            Self::Sqlite(pool) => {
                let conn = pool
                    .dedicated_connection()
                    .await
                    .map_err(StorageError::connect)?;
                tokio::task::spawn_blocking(move || {
                    let mut harness = diesel_async::AsyncMigrationHarness::new(conn);
                    harness
                        .run_pending_migrations(SQLITE_MIGRATIONS)
                        .map(|v| v.len())
                        .map_err(|e| e.to_string())
                })
                .await
            }
        };
        applied
            .map_err(|e| StorageError::Migration(e.to_string()))?
            .map_err(StorageError::Migration)
    }

    /// Whether the database answers (for `/ready`).
    pub async fn ping(&self) -> Result<(), StorageError> {
        crate::with_conn!(self, conn => conn.batch_execute("SELECT 1").await.map_err(StorageError::from))
    }
}

/// Run `$body` with `$conn` bound to a pooled connection of whichever backend `$db` is.
#[macro_export]
macro_rules! with_conn {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Postgres(pool) => {
                let mut guard = pool
                    .get()
                    .await
                    .map_err($crate::error::StorageError::pool)?;
                let $conn: &mut $crate::db::PgConn = &mut guard;
                $body
            }
            $crate::db::Db::Sqlite(pool) => {
                let mut guard = pool
                    .get()
                    .await
                    .map_err($crate::error::StorageError::pool)?;
                let $conn: &mut $crate::db::SqliteConn = &mut guard;
                $body
            }
        }
    };
}

/// Run `$body` (an expression of type `Result<T, StorageError>`) in one transaction.
///
/// Rule for write transactions: **the first statement writes** (the row locks in `locks`, or an
/// insert). On PostgreSQL that takes the row locks that serialize competing writers; on SQLite
/// it takes the database write lock at once (waiting up to `busy_timeout`), which is what
/// `BEGIN IMMEDIATE` would do, so a read-then-write can never fail with a stale snapshot.
/// diesel's transaction manager is kept (rather than raw `BEGIN`) so that a transaction
/// abandoned by a dropped future marks its connection broken and the pool discards it.
#[macro_export]
macro_rules! in_transaction {
    ($db:expr, $conn:ident => $body:expr) => {{
        use diesel_async::AsyncConnection as _;
        $crate::with_conn!($db, conn => {
            conn.transaction::<_, $crate::error::StorageError, _>(async |$conn| $body).await
        })
    }};
}
