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
        crate::with_conn!(self, conn => conn.batch_execute("SELECT 1").await.map_err(StorageError::from))
    }
}

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

/// A host of a link with what the snapshot needs of it: its position on the link and the
/// schedule that applies (the link's own, else the host's default; none: never available).
#[derive(Debug)]
pub(crate) struct LinkHostRow {
    pub(crate) id: String,
    pub(crate) timezone: String,
    pub(crate) position: i32,
    pub(crate) schedule_timezone: Option<String>,
    pub(crate) weekly_rules: Option<String>,
    pub(crate) date_overrides: Option<String>,
    pub(crate) holidays: Option<String>,
}

/// `(host id, timezone, position on the link, default schedule)`.
pub(crate) type HostWithPosition = (String, String, i32, Option<String>);

/// Read a link with its hosts, in host id order (`$lock`: `for_update`), in one statement
/// built with diesel's query builder, so PostgreSQL prepares it once per connection.
macro_rules! link_with_hosts {
    ($conn:expr, $org:expr, $link_id:expr $(, $lock:ident)?) => {{
        use crate::schema::{hosts, link_hosts, links};
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let rows: Vec<(crate::links::LinkRow, HostWithPosition)> = links::table
            .inner_join(link_hosts::table.inner_join(hosts::table))
            .filter(links::organization_id.eq($org))
            .filter(links::id.eq($link_id))
            .order(hosts::id.asc())
            .select((
                crate::links::LinkRow::as_select(),
                (hosts::id, hosts::timezone, link_hosts::position, hosts::schedule_id),
            ))
            $(.$lock())?
            .load($conn)
            .await?;
        let mut rows = rows.into_iter();
        rows.next().map(|(link, first)| (link, std::iter::once(first).chain(rows.map(|(_, h)| h)).collect::<Vec<_>>()))
    }};
}

/// The schedules that apply to `hosts` for a link (its own schedule, else each host's default).
macro_rules! with_schedules {
    ($conn:expr, $hosts:expr, $link_schedule:expr) => {{
        use crate::schema::schedules;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let hosts: Vec<HostWithPosition> = $hosts;
        let link_schedule: Option<String> = $link_schedule;
        let wanted: Vec<String> = match &link_schedule {
            Some(s) => vec![s.clone()],
            None => hosts.iter().filter_map(|h| h.3.clone()).collect(),
        };
        let docs: Vec<(String, String, String, String, String)> = if wanted.is_empty() {
            Vec::new()
        } else {
            schedules::table
                .filter(schedules::id.eq_any(&wanted))
                .select((
                    schedules::id,
                    schedules::timezone,
                    schedules::weekly_rules,
                    schedules::date_overrides,
                    schedules::holidays,
                ))
                .load($conn)
                .await?
        };
        hosts
            .into_iter()
            .map(|(id, timezone, position, default_schedule)| {
                let applies = link_schedule.clone().or(default_schedule);
                let doc = applies.and_then(|s| docs.iter().find(|d| d.0 == s));
                LinkHostRow {
                    id,
                    timezone,
                    position,
                    schedule_timezone: doc.map(|d| d.1.clone()),
                    weekly_rules: doc.map(|d| d.2.clone()),
                    date_overrides: doc.map(|d| d.3.clone()),
                    holidays: doc.map(|d| d.4.clone()),
                }
            })
            .collect::<Vec<_>>()
    }};
}

/// A link of an organization with its hosts and their schedules; `None` if there is no such
/// link.
pub(crate) type LinkAndHosts = Option<(crate::links::LinkRow, Vec<LinkHostRow>)>;

/// Reading a link and its hosts for a snapshot, locked for a booking transaction or not: the
/// one place where the statements differ by backend.
pub(crate) trait HostQuery {
    fn link_and_hosts(
        &mut self,
        org: &str,
        link_id: &str,
        lock: bool,
    ) -> impl std::future::Future<Output = Result<LinkAndHosts, StorageError>> + Send;
}

impl HostQuery for PgConn {
    /// With `lock`, one `SELECT … ORDER BY hosts.id FOR UPDATE` over the link and its hosts:
    /// row locks without new row versions (the busiest link rows do not bloat), taken in host
    /// id order so transactions over overlapping host sets cannot deadlock.
    async fn link_and_hosts(
        &mut self,
        org: &str,
        link_id: &str,
        lock: bool,
    ) -> Result<LinkAndHosts, StorageError> {
        let found = if lock {
            link_with_hosts!(self, org, link_id, for_update)
        } else {
            link_with_hosts!(self, org, link_id)
        };
        let Some((link, hosts)) = found else {
            return Ok(None);
        };
        let hosts = with_schedules!(self, hosts, link.schedule_id.clone());
        Ok(Some((link, hosts)))
    }
}

impl HostQuery for SqliteConn {
    /// With `lock`, first a write (`UPDATE … RETURNING` on the link): SQLite has no row locks,
    /// and the transaction's first write takes the database write lock.
    async fn link_and_hosts(
        &mut self,
        org: &str,
        link_id: &str,
        lock: bool,
    ) -> Result<LinkAndHosts, StorageError> {
        use crate::schema::links;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        if lock {
            let locked: Option<String> = diesel::update(
                links::table
                    .filter(links::organization_id.eq(org))
                    .filter(links::id.eq(link_id)),
            )
            .set(links::lock_version.eq(links::lock_version + 1))
            .returning(links::id)
            .get_result(self)
            .await
            .optional()?;
            if locked.is_none() {
                return Ok(None);
            }
        }
        let Some((link, hosts)) = link_with_hosts!(self, org, link_id) else {
            return Ok(None);
        };
        let hosts = with_schedules!(self, hosts, link.schedule_id.clone());
        Ok(Some((link, hosts)))
    }
}
