//! Durable jobs: work due at a time (an expiry, later deliveries, retries and reminders),
//! kept in the database so that nothing time-based lives only in memory. A worker claims due
//! jobs with a lease; a job's effect and its removal commit together; a worker that dies
//! mid-job leaves its lease to expire and another takes the job over.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts};
use crate::schema::jobs;

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJob {
    pub id: String,
    pub kind: String,
    pub organization_id: Option<String>,
    /// JSON, read by the job's kind.
    pub payload: String,
    pub run_at: DateTime<Utc>,
    /// Attempts so far, this one included once claimed.
    pub attempts: i32,
    /// Until when the claiming worker holds it (Unix seconds).
    pub lease_until: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, QueryableByName, Selectable)]
#[diesel(table_name = jobs)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct JobRow {
    id: String,
    kind: String,
    organization_id: Option<String>,
    payload: String,
    run_at: i64,
    attempts: i32,
    lease_until: Option<i64>,
    last_error: Option<String>,
    created_at: i64,
}

impl From<JobRow> for StoredJob {
    fn from(r: JobRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            organization_id: r.organization_id,
            payload: r.payload,
            run_at: at(r.run_at),
            attempts: r.attempts,
            lease_until: r.lease_until,
            last_error: r.last_error,
            created_at: at(r.created_at),
        }
    }
}

pub async fn insert(tx: &mut Tx, job: &StoredJob) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(jobs::table)
            .values((
                jobs::id.eq(&job.id),
                jobs::kind.eq(&job.kind),
                jobs::organization_id.eq(&job.organization_id),
                jobs::payload.eq(&job.payload),
                jobs::run_at.eq(ts(job.run_at)),
                jobs::attempts.eq(job.attempts),
                jobs::created_at.eq(ts(job.created_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Insert `job`, or, if a job with its id exists (a job that stands for a subject, such as an
/// endpoint's deliveries), bring that one's `run_at` forward to `job.run_at` if earlier. A
/// running job keeps its lease: its worker reschedules it when done.
pub async fn ensure(tx: &mut Tx, job: &StoredJob) -> Result<(), StorageError> {
    use diesel::upsert::excluded;
    let run_at = ts(job.run_at);
    on_backend!(tx, conn => {
        diesel::insert_into(jobs::table)
            .values((
                jobs::id.eq(&job.id),
                jobs::kind.eq(&job.kind),
                jobs::organization_id.eq(&job.organization_id),
                jobs::payload.eq(&job.payload),
                jobs::run_at.eq(run_at),
                jobs::attempts.eq(job.attempts),
                jobs::created_at.eq(ts(job.created_at)),
            ))
            .on_conflict(jobs::id)
            .do_update()
            .set(jobs::run_at.eq(diesel::dsl::case_when(
                excluded(jobs::run_at).lt(jobs::run_at),
                excluded(jobs::run_at),
            )
            .otherwise(jobs::run_at)))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Whether any job is due at `now` and free to claim (a read, so an idle worker takes no
/// lock).
pub async fn any_due(tx: &mut Tx, now: DateTime<Utc>) -> Result<bool, StorageError> {
    let now = ts(now);
    let found: Option<String> = on_backend!(tx, conn => {
        jobs::table
            .filter(jobs::run_at.le(now))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.le(now)))
            .select(jobs::id)
            .first(conn)
            .await
            .optional()?
    });
    Ok(found.is_some())
}

/// Claim up to `limit` jobs due at `now` (not held by a live lease), holding each until
/// `lease_until` and counting the attempt. On PostgreSQL rows another worker is claiming are
/// skipped (`FOR UPDATE SKIP LOCKED`), so workers never wait on each other; SQLite has one
/// writer at a time. Commit the claim before running the jobs.
pub async fn claim(
    tx: &mut Tx,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<StoredJob>, StorageError> {
    let (now, until) = (ts(now), ts(lease_until));
    let due = || {
        jobs::table
            .filter(jobs::run_at.le(now))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.le(now)))
            .order((jobs::run_at.asc(), jobs::id.asc()))
            .select(jobs::id)
            .limit(limit)
    };
    let claim = (
        jobs::lease_until.eq(until),
        jobs::attempts.eq(jobs::attempts + 1),
    );
    let rows: Vec<JobRow> = match tx.backend() {
        Backend::Postgres(conn) => {
            let ids: Vec<String> = due().for_update().skip_locked().load(conn).await?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            diesel::update(jobs::table.filter(jobs::id.eq_any(ids)))
                .set(claim)
                .returning(JobRow::as_returning())
                .get_results(conn)
                .await?
        }
        // The first statement writes (the database write lock), as every write transaction
        // on SQLite must: one UPDATE over a limited subselect, which diesel's builder does not
        // express;
        // the integers are the server's own, never client input.
        Backend::Sqlite(conn) => {
            diesel::sql_query(format!(
                "UPDATE jobs SET lease_until = {until}, attempts = attempts + 1 WHERE id IN \
                 (SELECT id FROM jobs WHERE run_at <= {now} AND (lease_until IS NULL OR \
                 lease_until <= {now}) ORDER BY run_at, id LIMIT {limit}) RETURNING id, kind, \
                 organization_id, payload, run_at, attempts, lease_until, last_error, created_at"
            ))
            .load(conn)
            .await?
        }
    };
    let mut claimed: Vec<StoredJob> = rows.into_iter().map(StoredJob::from).collect();
    claimed.sort_by(|a, b| (a.run_at, &a.id).cmp(&(b.run_at, &b.id)));
    Ok(claimed)
}

/// Lock the job for its run and check the lease is still `lease_until` (this worker's): a
/// job whose lease expired and was taken over is not run twice. Returns whether it is ours.
pub async fn hold(tx: &mut Tx, id: &str, lease_until: i64) -> Result<bool, StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(jobs::table.filter(jobs::id.eq(id)).filter(jobs::lease_until.eq(lease_until)))
            .set(jobs::lease_until.eq(lease_until))
            .execute(conn)
            .await?
    });
    Ok(n == 1)
}

/// The job is done: remove it.
pub async fn complete(tx: &mut Tx, id: &str) -> Result<(), StorageError> {
    on_backend!(tx, conn => diesel::delete(jobs::table.filter(jobs::id.eq(id))).execute(conn).await?);
    Ok(())
}

/// Run the job again at `run_at`, recording why this attempt failed.
pub async fn retry(
    tx: &mut Tx,
    id: &str,
    run_at: DateTime<Utc>,
    error: &str,
) -> Result<(), StorageError> {
    let error: String = error.chars().take(2_000).collect();
    on_backend!(tx, conn => {
        diesel::update(jobs::table.filter(jobs::id.eq(id)))
            .set((
                jobs::run_at.eq(ts(run_at)),
                jobs::lease_until.eq(None::<i64>),
                jobs::last_error.eq(Some(&error)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Run the job again at `run_at` (it is not done, and nothing failed): release the lease and
/// start its attempt count over.
pub async fn reschedule(tx: &mut Tx, id: &str, run_at: DateTime<Utc>) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::update(jobs::table.filter(jobs::id.eq(id)))
            .set((
                jobs::run_at.eq(ts(run_at)),
                jobs::lease_until.eq(None::<i64>),
                jobs::attempts.eq(0),
                jobs::last_error.eq(None::<String>),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Jobs of `kind` (for tests and operators), oldest first.
pub async fn of_kind(tx: &mut Tx, kind: &str) -> Result<Vec<StoredJob>, StorageError> {
    let rows: Vec<JobRow> = on_backend!(tx, conn => {
        jobs::table
            .filter(jobs::kind.eq(kind))
            .order((jobs::run_at.asc(), jobs::id.asc()))
            .select(JobRow::as_select())
            .load(conn)
            .await?
    });
    Ok(rows.into_iter().map(StoredJob::from).collect())
}
