//! Connections: one [`Db`] over a bb8 pool of either backend.
//!
//! Every storage function takes a [`Tx`]: a pooled connection of either backend, in a write
//! transaction ([`Db::begin`]) or not ([`Db::read`]). Queries are written once against the
//! portable schema and expanded for each backend by [`on_backend!`](crate::db::on_backend), the
//! one macro of the crate: the same diesel expression type-checks twice, once per connection
//! type (diesel-async has no connection type over both backends). Backend differences stay in
//! this module: connection set-up (SQLite PRAGMAs on every pooled connection), migrations, and
//! how a write transaction starts.

use std::path::Path;
use std::time::Duration;

use diesel::sqlite::SqliteConnection;
use diesel_async::pooled_connection::bb8::Pool;
use diesel_async::pooled_connection::bb8::PooledConnection;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection, TransactionManager};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::StorageError;

/// The backend seam: run `$body` with `$conn` bound to the [`Tx`]'s connection, typed for its
/// backend. The body is compiled once per backend.
macro_rules! on_backend {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx.backend() {
            $crate::db::Backend::Postgres($conn) => $body,
            $crate::db::Backend::Sqlite($conn) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Run `migrations` on `conn`, off the async workers (diesel's migration harness is
/// synchronous).
async fn apply_migrations<C>(conn: C, migrations: EmbeddedMigrations) -> Result<usize, StorageError>
where
    C: AsyncConnection + Send + 'static,
    diesel_async::AsyncMigrationHarness<C>: MigrationHarness<C::Backend>,
{
    tokio::task::spawn_blocking(move || {
        diesel_async::AsyncMigrationHarness::new(conn)
            .run_pending_migrations(migrations)
            .map(|applied| applied.len())
            .map_err(|e| StorageError::Migration(e.to_string()))
    })
    .await
    .map_err(|e| StorageError::Migration(e.to_string()))?
}

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
        match self {
            Self::Postgres(pool) => {
                let conn = pool
                    .dedicated_connection()
                    .await
                    .map_err(StorageError::connect)?;
                apply_migrations(conn, PG_MIGRATIONS).await
            }
            Self::Sqlite(pool) => {
                let conn = pool
                    .dedicated_connection()
                    .await
                    .map_err(StorageError::connect)?;
                apply_migrations(conn, SQLITE_MIGRATIONS).await
            }
        }
    }

    /// Whether the database answers (for `/ready`).
    pub async fn ping(&self) -> Result<(), StorageError> {
        let mut tx = self.read().await?;
        on_backend!(tx, conn => conn.batch_execute("SELECT 1").await.map_err(StorageError::from))
    }

    /// A write transaction. See [`Tx`] for the rule its first statement follows.
    pub async fn begin(&self) -> Result<Tx, StorageError> {
        let mut tx = self.read().await?;
        on_backend!(tx, conn => begin(conn).await)?;
        tx.open = true;
        Ok(tx)
    }

    /// A connection outside any transaction, for reads: each statement sees its own snapshot.
    pub async fn read(&self) -> Result<Tx, StorageError> {
        let conn = match self {
            Self::Postgres(pool) => {
                Conn::Postgres(pool.get_owned().await.map_err(StorageError::pool)?)
            }
            Self::Sqlite(pool) => Conn::Sqlite(pool.get_owned().await.map_err(StorageError::pool)?),
        };
        Ok(Tx { conn, open: false })
    }
}

async fn begin<C: AsyncConnection>(conn: &mut C) -> Result<(), StorageError> {
    C::TransactionManager::begin_transaction(conn)
        .await
        .map_err(StorageError::from)
}

/// A pooled connection of either backend, in a transaction or not; every storage function
/// takes one.
///
/// Rule for write transactions: **the first statement writes** (a row lock such as
/// [`crate::rows::lock`], or an insert). On PostgreSQL that takes the row locks that serialize
/// competing writers; on SQLite it takes the database write lock at once (waiting up to
/// `busy_timeout`), which is what `BEGIN IMMEDIATE` would do, so a read-then-write can never
/// fail with a stale snapshot.
///
/// End a transaction with [`Tx::commit`], [`Tx::rollback`] or [`Tx::finish`]. A `Tx` dropped
/// with its transaction open (a cancelled request) leaves diesel's transaction manager open:
/// the pool sees the connection as broken and closes it, which rolls the transaction back.
pub struct Tx {
    conn: Conn,
    open: bool,
}

// One `Tx` lives per request and is never moved in bulk; boxing the larger connection would
// cost an allocation per transaction for nothing.
#[allow(clippy::large_enum_variant)]
enum Conn {
    Postgres(PooledConnection<'static, PgConn>),
    Sqlite(PooledConnection<'static, SqliteConn>),
}

/// The connection of a [`Tx`], by backend (for [`on_backend!`]).
pub(crate) enum Backend<'a> {
    Postgres(&'a mut PgConn),
    Sqlite(&'a mut SqliteConn),
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let backend = match self.conn {
            Conn::Postgres(_) => "postgresql",
            Conn::Sqlite(_) => "sqlite",
        };
        f.debug_struct("Tx")
            .field("backend", &backend)
            .field("open", &self.open)
            .finish()
    }
}

impl Tx {
    pub(crate) fn backend(&mut self) -> Backend<'_> {
        match &mut self.conn {
            Conn::Postgres(c) => Backend::Postgres(c),
            Conn::Sqlite(c) => Backend::Sqlite(c),
        }
    }

    /// Commit (a no-op outside a transaction).
    pub async fn commit(mut self) -> Result<(), StorageError> {
        if self.open {
            on_backend!(self, conn => commit(conn).await)?;
            self.open = false;
        }
        Ok(())
    }

    /// Roll back (a no-op outside a transaction).
    pub async fn rollback(mut self) -> Result<(), StorageError> {
        if self.open {
            on_backend!(self, conn => rollback(conn).await)?;
            self.open = false;
        }
        Ok(())
    }

    /// Commit if `result` is `Ok`, roll back if not; a failed commit is the error.
    pub async fn finish<T, E: From<StorageError>>(self, result: Result<T, E>) -> Result<T, E> {
        match result {
            Ok(value) => {
                self.commit().await?;
                Ok(value)
            }
            Err(e) => {
                // A failed rollback leaves the connection broken: the pool closes it.
                if let Err(rollback) = self.rollback().await {
                    tracing::debug!(error = %rollback, "rollback failed");
                }
                Err(e)
            }
        }
    }
}

async fn commit<C: AsyncConnection>(conn: &mut C) -> Result<(), StorageError> {
    C::TransactionManager::commit_transaction(conn)
        .await
        .map_err(StorageError::from)
}

async fn rollback<C: AsyncConnection>(conn: &mut C) -> Result<(), StorageError> {
    C::TransactionManager::rollback_transaction(conn)
        .await
        .map_err(StorageError::from)
}
