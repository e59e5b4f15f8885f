//! The job mechanism: everything time-based (expiries now; deliveries, retries, reminders and
//! holds in later steps) is a row in the database, due at a time, never a timer in memory.
//!
//! A use case schedules a job in its own transaction ([`schedule`]), so a job exists exactly
//! when the change that needs it does. Workers ([`run_due`], looped by `skyslots serve`) claim
//! due jobs with a lease, then run each in a transaction that first checks the lease is still
//! theirs, applies the job's effect and removes the job — together, so an effect happens once.
//! A worker that dies mid-job leaves its lease to expire; another worker takes the job over.
//! A failed run is retried later with backoff. `now` is an input, so tests move time.

use chrono::{DateTime, Duration, Utc};
use skyslots_storage::ids::{new_id, Kind};
use skyslots_storage::jobs::{self as rows, StoredJob};
use skyslots_storage::one_time_links::{self as one_time_rows, OneTimeStatus};
use skyslots_storage::{Db, StorageError, Tx};

use crate::calendar_connections::{self, CalendarClient};
use crate::emails::{self, Mailer};
use crate::events::{self, Event};
use crate::payments::{self, PaymentProvider};
use crate::secrets::SecretsKey;
use crate::webhooks::{self, Transport};
use crate::{Error, Result};

/// How long a claimed job is its worker's before another may take it over.
pub const LEASE: Duration = Duration::seconds(60);
/// Most jobs one worker claims at once.
pub const BATCH: i64 = 50;

/// The work a job does.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// At a one-time link's expiry: say so (`one_time_link.expired`) unless it was used or
    /// revoked first.
    OneTimeLinkExpiry {
        link_id: String,
        one_time_link_id: String,
    },
    /// Send what an endpoint has due (one job per endpoint with deliveries waiting; its id is
    /// [`drain_job_id`]).
    WebhookDrain { endpoint_id: String },
    /// Send one email (see [`crate::emails`]).
    SendEmail { email_id: String },
    /// Read a calendar connection's busy time, then again every refresh interval (one job per
    /// connection; see [`crate::calendar_connections`]).
    CalendarSync { connection_id: String },
    /// Make a connection's calendar agree with a booking (one job per booking and connection).
    CalendarWrite {
        booking_id: String,
        connection_id: String,
    },
    /// At the end of a booking's payment hold: expire it if still unpaid (see
    /// [`crate::payments`]).
    PaymentHold { booking_id: String },
    /// Cancel an unpaid payment at the provider.
    PaymentCancel { payment_id: String },
    /// Issue a pending refund at the provider.
    PaymentRefund {
        payment_id: String,
        refund_id: String,
    },
}

impl Job {
    /// The stored kind (the serde tag).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::OneTimeLinkExpiry { .. } => "one_time_link_expiry",
            Self::WebhookDrain { .. } => "webhook_drain",
            Self::SendEmail { .. } => "send_email",
            Self::CalendarSync { .. } => "calendar_sync",
            Self::CalendarWrite { .. } => "calendar_write",
            Self::PaymentHold { .. } => "payment_hold",
            Self::PaymentCancel { .. } => "payment_cancel",
            Self::PaymentRefund { .. } => "payment_refund",
        }
    }
}

/// In the caller's transaction: do `job` for `org` at `run_at`.
pub(crate) async fn schedule(
    tx: &mut Tx,
    org: &str,
    job: &Job,
    run_at: DateTime<Utc>,
) -> Result<()> {
    rows::insert(tx, &stored(new_id(Kind::Job), org, job, run_at)?).await?;
    Ok(())
}

/// `job` as stored under `id`, due at `run_at`.
fn stored(id: String, org: &str, job: &Job, run_at: DateTime<Utc>) -> Result<StoredJob> {
    let payload = serde_json::to_string(job)
        .map_err(|e| StorageError::Corrupt(format!("job payload: {e}")))?;
    Ok(StoredJob {
        id,
        kind: job.kind().to_owned(),
        organization_id: Some(org.to_owned()),
        payload,
        run_at,
        attempts: 0,
        lease_until: None,
        last_error: None,
        created_at: crate::links::now(),
    })
}

/// In the caller's transaction: make the job `id` (one of a kind per subject, such as a
/// connection's refresh) due at `run_at` at the latest, creating it if there is none.
pub(crate) async fn ensure_with_id(
    tx: &mut Tx,
    org: &str,
    id: &str,
    job: &Job,
    run_at: DateTime<Utc>,
) -> Result<()> {
    rows::ensure(tx, &stored(id.to_owned(), org, job, run_at)?).await?;
    Ok(())
}

/// The id of an endpoint's drain job: one per endpoint.
pub fn drain_job_id(endpoint_id: &str) -> String {
    format!("job_{endpoint_id}")
}

/// In the caller's transaction: make the endpoint's drain job due at `run_at` at the latest
/// (creating it if there is none).
pub(crate) async fn ensure_drain(
    tx: &mut Tx,
    org: &str,
    endpoint_id: &str,
    run_at: DateTime<Utc>,
) -> Result<()> {
    let job = Job::WebhookDrain {
        endpoint_id: endpoint_id.to_owned(),
    };
    ensure_with_id(tx, org, &drain_job_id(endpoint_id), &job, run_at).await
}

/// What the worker needs besides the database: the key that opens sealed secrets, the way
/// out to user-given URLs (webhook receivers and calendar servers), the mailer, the payment
/// provider (if configured) and the server's public URL (for links in emails).
#[derive(Debug)]
pub struct Worker<'a, T, M> {
    pub secrets: &'a SecretsKey,
    pub transport: &'a T,
    pub mailer: &'a M,
    pub payments: Option<&'a dyn PaymentProvider>,
    pub public_url: &'a str,
}

/// Most jobs one worker runs at once (deliveries wait on receivers).
pub const CONCURRENCY: usize = 16;

/// What running a job came to.
enum Outcome {
    Done,
    /// Not due after all (its subject moved): run it again then.
    Later(DateTime<Utc>),
}

/// Run the jobs due at `now`; returns how many were done. Safe to call from many workers at
/// once, on many instances: a job runs in one of them.
pub async fn run_due<T: Transport + CalendarClient, M: Mailer>(
    db: &Db,
    worker: &Worker<'_, T, M>,
    now: DateTime<Utc>,
) -> Result<usize> {
    use futures_util::StreamExt as _;
    if !rows::any_due(&mut db.read().await?, now).await? {
        return Ok(0);
    }
    let lease_until = now + LEASE;
    let mut tx = db.begin().await?;
    let claimed = rows::claim(&mut tx, now, lease_until, BATCH).await;
    let claimed = tx.finish(claimed).await?;
    // Deliveries stop starting new sends well inside the lease.
    let deadline = std::time::Instant::now() + webhooks::RUN_BUDGET;
    let runs: Vec<_> = claimed
        .iter()
        .map(|job| run_one(db, worker, job, deadline, now))
        .collect();
    let results: Vec<Result<bool>> = futures_util::stream::iter(runs)
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let mut done = 0;
    for (job, result) in claimed.iter().zip(results) {
        match result {
            Ok(true) => done += 1,
            Ok(false) => {}
            Err(e) => {
                let wait = backoff(job.attempts);
                tracing::warn!(job = %job.id, kind = %job.kind, attempts = job.attempts, error = %e, retry_in_secs = wait.num_seconds(), "job failed; retrying later");
                let mut tx = db.begin().await?;
                let result = rows::retry(&mut tx, &job.id, now + wait, &e.to_string()).await;
                tx.finish(result).await?;
            }
        }
    }
    Ok(done)
}

/// Run one claimed job; `false` if its lease was taken over. A job that only writes runs in
/// one transaction; a delivery sends outside any (see [`crate::webhooks`]).
async fn run_one<T: Transport + CalendarClient, M: Mailer>(
    db: &Db,
    worker: &Worker<'_, T, M>,
    job: &StoredJob,
    deadline: std::time::Instant,
    now: DateTime<Utc>,
) -> Result<bool> {
    let lease = job.lease_until.unwrap_or_default();
    let parsed: Job = serde_json::from_str(&job.payload).map_err(|e| {
        Error::Storage(StorageError::Corrupt(format!(
            "job {} payload: {e}",
            job.id
        )))
    })?;
    let org = job.organization_id.as_deref().unwrap_or_default();
    match &parsed {
        Job::WebhookDrain { endpoint_id } => {
            return webhooks::drain(db, worker, job, org, endpoint_id, deadline, now).await;
        }
        Job::SendEmail { email_id } => {
            return emails::send(db, worker, job, org, email_id, now).await;
        }
        Job::CalendarSync { connection_id } => {
            return calendar_connections::sync_job(db, worker, job, org, connection_id, now).await;
        }
        Job::CalendarWrite {
            booking_id,
            connection_id,
        } => {
            return calendar_connections::write_job(
                db,
                worker,
                job,
                org,
                booking_id,
                connection_id,
                now,
            )
            .await;
        }
        Job::PaymentCancel { payment_id } => {
            return payments::cancel_job(db, worker.payments, job, org, payment_id).await;
        }
        Job::PaymentRefund {
            payment_id,
            refund_id,
        } => {
            return payments::refund_job(db, worker.payments, job, org, payment_id, refund_id, now)
                .await;
        }
        Job::OneTimeLinkExpiry { .. } | Job::PaymentHold { .. } => {}
    }
    let mut tx = db.begin().await?;
    let result: Result<bool> = async {
        if !rows::hold(&mut tx, &job.id, lease).await? {
            return Ok(false);
        }
        match perform(&mut tx, org, &parsed, now).await? {
            Outcome::Done => rows::complete(&mut tx, &job.id).await?,
            Outcome::Later(at) => rows::retry(&mut tx, &job.id, at, "not due yet").await?,
        }
        Ok(true)
    }
    .await;
    tx.finish(result).await
}

async fn perform(tx: &mut Tx, org: &str, job: &Job, now: DateTime<Utc>) -> Result<Outcome> {
    match job {
        Job::OneTimeLinkExpiry {
            link_id,
            one_time_link_id,
        } => {
            let found = one_time_rows::get(tx, org, link_id, one_time_link_id, now).await;
            let link = match found {
                Ok(l) => l,
                // Its booking link was deleted, and the one-time link with it: nothing to say.
                Err(StorageError::NotFound(_)) => return Ok(Outcome::Done),
                Err(e) => return Err(e.into()),
            };
            match link.status {
                OneTimeStatus::Expired => {
                    events::emit(tx, org, Event::OneTimeLinkExpired(&link)).await?;
                    Ok(Outcome::Done)
                }
                OneTimeStatus::Active => Ok(Outcome::Later(link.expires_at)),
                OneTimeStatus::Used | OneTimeStatus::Revoked => Ok(Outcome::Done),
            }
        }
        Job::PaymentHold { booking_id } => {
            Ok(match payments::hold_job(tx, org, booking_id, now).await? {
                Some(at) => Outcome::Later(at),
                None => Outcome::Done,
            })
        }
        // Their I/O runs outside a transaction, from `run_one`.
        Job::WebhookDrain { .. }
        | Job::SendEmail { .. }
        | Job::CalendarSync { .. }
        | Job::CalendarWrite { .. }
        | Job::PaymentCancel { .. }
        | Job::PaymentRefund { .. } => Ok(Outcome::Done),
    }
}

/// How long to wait after a failed attempt: 10 s, doubling, at most an hour.
pub(crate) fn backoff(attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 10) - 1).unwrap_or(0);
    Duration::seconds((10_i64 << exp).min(3_600))
}

/// The jobs of `kind` waiting to run (for tests and operators).
pub async fn pending(db: &Db, kind: &str) -> Result<Vec<StoredJob>> {
    Ok(rows::of_kind(&mut db.read().await?, kind).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(10));
        assert_eq!(backoff(2), Duration::seconds(20));
        assert_eq!(backoff(9), Duration::seconds(2_560));
        assert_eq!(backoff(10), Duration::seconds(3_600));
        assert_eq!(backoff(500), Duration::seconds(3_600));
    }

    #[test]
    fn jobs_round_trip_through_their_payload() {
        let job = Job::OneTimeLinkExpiry {
            link_id: "lnk_1".into(),
            one_time_link_id: "otl_1".into(),
        };
        let text = serde_json::to_string(&job).unwrap_or_default();
        assert!(text.contains("\"kind\":\"one_time_link_expiry\""), "{text}");
        assert_eq!(serde_json::from_str::<Job>(&text).ok(), Some(job));
    }
}
