//! Webhook endpoints, their deliveries (one event for one endpoint) and every attempt at a
//! delivery. Secrets arrive sealed: storage never sees one in the clear.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts};
use crate::page::{Page, PageRequest};
use crate::schema::{webhook_attempts, webhook_deliveries, webhook_endpoints};

/// A webhook endpoint as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WebhookEndpoint {
    pub id: String,
    pub url: String,
    pub description: Option<String>,
    /// Event types sent; `["*"]` for all.
    pub event_types: Vec<String>,
    pub enabled: bool,
    /// Deliveries go out in event order: a failing one holds back the later ones.
    pub ordered: bool,
    /// The signing secret, sealed.
    pub secret: String,
    /// The secret before the last rotation, sealed, still signing until `previous_secret_until`.
    pub previous_secret: Option<String>,
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub disabled_reason: Option<String>,
    /// Since when every attempt has failed.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_endpoints)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct EndpointRow {
    id: String,
    url: String,
    description: Option<String>,
    event_types: String,
    enabled: bool,
    ordered: bool,
    secret: String,
    previous_secret: Option<String>,
    previous_secret_until: Option<i64>,
    disabled_reason: Option<String>,
    failing_since: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<EndpointRow> for WebhookEndpoint {
    type Error = StorageError;

    fn try_from(r: EndpointRow) -> Result<Self, StorageError> {
        let event_types = serde_json::from_str(&r.event_types).map_err(|e| {
            StorageError::Corrupt(format!("webhook endpoint {} event types: {e}", r.id))
        })?;
        Ok(Self {
            id: r.id,
            url: r.url,
            description: r.description,
            event_types,
            enabled: r.enabled,
            ordered: r.ordered,
            secret: r.secret,
            previous_secret: r.previous_secret,
            previous_secret_until: r.previous_secret_until.map(at),
            disabled_reason: r.disabled_reason,
            failing_since: r.failing_since.map(at),
            created_at: at(r.created_at),
            updated_at: at(r.updated_at),
        })
    }
}

fn types_json(types: &[String]) -> String {
    serde_json::to_string(types).unwrap_or_else(|_| "[]".into())
}

pub async fn insert(tx: &mut Tx, org: &str, e: &WebhookEndpoint) -> Result<(), StorageError> {
    let types = types_json(&e.event_types);
    on_backend!(tx, conn => {
        diesel::insert_into(webhook_endpoints::table)
            .values((
                webhook_endpoints::id.eq(&e.id),
                webhook_endpoints::organization_id.eq(org),
                webhook_endpoints::url.eq(&e.url),
                webhook_endpoints::description.eq(&e.description),
                webhook_endpoints::event_types.eq(&types),
                webhook_endpoints::enabled.eq(e.enabled),
                webhook_endpoints::ordered.eq(e.ordered),
                webhook_endpoints::secret.eq(&e.secret),
                webhook_endpoints::previous_secret.eq(&e.previous_secret),
                webhook_endpoints::previous_secret_until.eq(e.previous_secret_until.map(ts)),
                webhook_endpoints::disabled_reason.eq(&e.disabled_reason),
                webhook_endpoints::failing_since.eq(e.failing_since.map(ts)),
                webhook_endpoints::created_at.eq(ts(e.created_at)),
                webhook_endpoints::updated_at.eq(ts(e.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Write every field of `e` but its id and creation time.
pub async fn update(tx: &mut Tx, org: &str, e: &WebhookEndpoint) -> Result<(), StorageError> {
    let types = types_json(&e.event_types);
    let n = on_backend!(tx, conn => {
        diesel::update(
            webhook_endpoints::table
                .filter(webhook_endpoints::organization_id.eq(org))
                .filter(webhook_endpoints::id.eq(&e.id)),
        )
        .set((
            webhook_endpoints::url.eq(&e.url),
            webhook_endpoints::description.eq(&e.description),
            webhook_endpoints::event_types.eq(&types),
            webhook_endpoints::enabled.eq(e.enabled),
            webhook_endpoints::ordered.eq(e.ordered),
            webhook_endpoints::secret.eq(&e.secret),
            webhook_endpoints::previous_secret.eq(&e.previous_secret),
            webhook_endpoints::previous_secret_until.eq(e.previous_secret_until.map(ts)),
            webhook_endpoints::disabled_reason.eq(&e.disabled_reason),
            webhook_endpoints::failing_since.eq(e.failing_since.map(ts)),
            webhook_endpoints::updated_at.eq(ts(e.updated_at)),
        ))
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("webhook endpoint"));
    }
    Ok(())
}

/// Lock the endpoint for a change (the transaction's first write).
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(
            webhook_endpoints::table
                .filter(webhook_endpoints::organization_id.eq(org))
                .filter(webhook_endpoints::id.eq(id)),
        )
        .set(webhook_endpoints::updated_at.eq(webhook_endpoints::updated_at))
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("webhook endpoint"));
    }
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<WebhookEndpoint, StorageError> {
    let row: Option<EndpointRow> = on_backend!(tx, conn => {
        webhook_endpoints::table
            .filter(webhook_endpoints::organization_id.eq(org))
            .filter(webhook_endpoints::id.eq(id))
            .select(EndpointRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.ok_or(StorageError::NotFound("webhook endpoint"))?
        .try_into()
}

/// The organization's endpoints, by id; only those with exactly `url` if given.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    url: Option<&str>,
    page: &PageRequest,
) -> Result<Page<WebhookEndpoint>, StorageError> {
    let after = page.after_id();
    let rows: Vec<EndpointRow> = on_backend!(tx, conn => {
        let mut q = webhook_endpoints::table
            .filter(webhook_endpoints::organization_id.eq(org))
            .select(EndpointRow::as_select())
            .order(webhook_endpoints::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(url) = url {
            q = q.filter(webhook_endpoints::url.eq(url.to_owned()));
        }
        if let Some(a) = after.clone() {
            q = q.filter(webhook_endpoints::id.gt(a));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(WebhookEndpoint::try_from)
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
    })
}

/// How many endpoints the organization has.
pub async fn count(tx: &mut Tx, org: &str) -> Result<i64, StorageError> {
    Ok(on_backend!(tx, conn => {
        webhook_endpoints::table
            .filter(webhook_endpoints::organization_id.eq(org))
            .count()
            .get_result(conn)
            .await?
    }))
}

/// The enabled endpoints of these organizations, with their organization.
pub async fn enabled_of(
    tx: &mut Tx,
    orgs: &[String],
) -> Result<Vec<(String, WebhookEndpoint)>, StorageError> {
    let rows: Vec<(String, EndpointRow)> = on_backend!(tx, conn => {
        webhook_endpoints::table
            .filter(webhook_endpoints::organization_id.eq_any(orgs.to_vec()))
            .filter(webhook_endpoints::enabled.eq(true))
            .select((webhook_endpoints::organization_id, EndpointRow::as_select()))
            .order(webhook_endpoints::id.asc())
            .load(conn)
            .await?
    });
    rows.into_iter()
        .map(|(org, r)| Ok((org, WebhookEndpoint::try_from(r)?)))
        .collect()
}

pub async fn delete(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::delete(
            webhook_endpoints::table
                .filter(webhook_endpoints::organization_id.eq(org))
                .filter(webhook_endpoints::id.eq(id)),
        )
        .execute(conn)
        .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("webhook endpoint"));
    }
    Ok(())
}

// ---- deliveries ------------------------------------------------------------------------

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// A 2xx answered it.
    Succeeded,
    /// Its retries ran out, or its endpoint was disabled.
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<Self, StorageError> {
        match s {
            "pending" => Ok(Self::Pending),
            "succeeded" => Ok(Self::Succeeded),
            "failed" => Ok(Self::Failed),
            other => Err(StorageError::Corrupt(format!("delivery status {other:?}"))),
        }
    }
}

/// One event for one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Delivery {
    pub id: String,
    pub endpoint_id: String,
    pub event_id: String,
    pub event_type: String,
    /// The event's number in the feed (0 for a ping).
    pub event_seq: i64,
    pub status: DeliveryStatus,
    /// Attempts since it was last queued.
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct DeliveryRow {
    id: String,
    endpoint_id: String,
    event_id: String,
    event_type: String,
    event_seq: i64,
    status: String,
    attempts: i32,
    next_attempt_at: Option<i64>,
    last_attempt_at: Option<i64>,
    created_at: i64,
}

impl TryFrom<DeliveryRow> for Delivery {
    type Error = StorageError;

    fn try_from(r: DeliveryRow) -> Result<Self, StorageError> {
        Ok(Self {
            status: DeliveryStatus::parse(&r.status)?,
            id: r.id,
            endpoint_id: r.endpoint_id,
            event_id: r.event_id,
            event_type: r.event_type,
            event_seq: r.event_seq,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at.map(at),
            last_attempt_at: r.last_attempt_at.map(at),
            created_at: at(r.created_at),
        })
    }
}

fn deliveries(rows: Vec<DeliveryRow>) -> Result<Vec<Delivery>, StorageError> {
    rows.into_iter().map(Delivery::try_from).collect()
}

/// Queue deliveries; one that exists already (the same event for the same endpoint) is left
/// as it is. Returns how many were new.
pub async fn queue(tx: &mut Tx, org: &str, new: &[Delivery]) -> Result<usize, StorageError> {
    // One row per statement: diesel cannot batch an insert with `ON CONFLICT` on SQLite.
    let mut added = 0;
    for d in new {
        let values = (
            webhook_deliveries::id.eq(&d.id),
            webhook_deliveries::organization_id.eq(org),
            webhook_deliveries::endpoint_id.eq(&d.endpoint_id),
            webhook_deliveries::event_id.eq(&d.event_id),
            webhook_deliveries::event_type.eq(&d.event_type),
            webhook_deliveries::event_seq.eq(d.event_seq),
            webhook_deliveries::status.eq(d.status.as_str()),
            webhook_deliveries::attempts.eq(d.attempts),
            webhook_deliveries::next_attempt_at.eq(d.next_attempt_at.map(ts)),
            webhook_deliveries::created_at.eq(ts(d.created_at)),
        );
        added += on_backend!(tx, conn => {
            diesel::insert_into(webhook_deliveries::table)
                .values(values)
                .on_conflict((webhook_deliveries::endpoint_id, webhook_deliveries::event_id))
                .do_nothing()
                .execute(conn)
                .await?
        });
    }
    Ok(added)
}

pub async fn get_delivery(tx: &mut Tx, org: &str, id: &str) -> Result<Delivery, StorageError> {
    let row: Option<DeliveryRow> = on_backend!(tx, conn => {
        webhook_deliveries::table
            .filter(webhook_deliveries::organization_id.eq(org))
            .filter(webhook_deliveries::id.eq(id))
            .select(DeliveryRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.ok_or(StorageError::NotFound("webhook delivery"))?
        .try_into()
}

/// Filters for listing deliveries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
    pub event_id: Option<String>,
}

/// An endpoint's deliveries, newest first.
pub async fn list_deliveries(
    tx: &mut Tx,
    org: &str,
    endpoint: &str,
    filter: &DeliveryFilter,
    page: &PageRequest,
) -> Result<Page<Delivery>, StorageError> {
    let after = page.after_id();
    let rows: Vec<DeliveryRow> = on_backend!(tx, conn => {
        let mut q = webhook_deliveries::table
            .filter(webhook_deliveries::organization_id.eq(org))
            .filter(webhook_deliveries::endpoint_id.eq(endpoint))
            .select(DeliveryRow::as_select())
            .order(webhook_deliveries::id.desc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(s) = filter.status {
            q = q.filter(webhook_deliveries::status.eq(s.as_str()));
        }
        if let Some(e) = &filter.event_id {
            q = q.filter(webhook_deliveries::event_id.eq(e.clone()));
        }
        if let Some(a) = after.clone() {
            q = q.filter(webhook_deliveries::id.lt(a));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    Ok(Page {
        items: deliveries(page.items)?,
        next_cursor: page.next_cursor,
    })
}

/// What to send next for an endpoint, at most `limit`: in order, its oldest pending deliveries
/// by event number (whenever they are due: the caller stops at the first not due);
/// otherwise the pending deliveries due at `now`, earliest due first.
pub async fn next_pending(
    tx: &mut Tx,
    endpoint: &str,
    ordered: bool,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Delivery>, StorageError> {
    let now = ts(now);
    let rows: Vec<DeliveryRow> = on_backend!(tx, conn => {
        let q = webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .select(DeliveryRow::as_select())
            .into_boxed();
        if ordered {
            q.order((webhook_deliveries::event_seq.asc(), webhook_deliveries::id.asc()))
                .limit(limit)
                .load(conn)
                .await?
        } else {
            q.filter(webhook_deliveries::next_attempt_at.le(now))
                .order((
                    webhook_deliveries::next_attempt_at.asc(),
                    webhook_deliveries::event_seq.asc(),
                    webhook_deliveries::id.asc(),
                ))
                .limit(limit)
                .load(conn)
                .await?
        }
    });
    deliveries(rows)
}

/// When the endpoint next has something to send: in order, when its oldest pending delivery
/// is due; otherwise the earliest due time of its pending deliveries.
pub async fn next_due(
    tx: &mut Tx,
    endpoint: &str,
    ordered: bool,
) -> Result<Option<DateTime<Utc>>, StorageError> {
    let due: Option<Option<i64>> = on_backend!(tx, conn => {
        let q = webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .into_boxed();
        if ordered {
            q.order((webhook_deliveries::event_seq.asc(), webhook_deliveries::id.asc()))
                .select(webhook_deliveries::next_attempt_at)
                .first(conn)
                .await
                .optional()?
        } else {
            q.select(diesel::dsl::min(webhook_deliveries::next_attempt_at))
                .first(conn)
                .await
                .optional()?
        }
    });
    Ok(due.flatten().map(at))
}

/// Write a delivery's state after an attempt (or a re-queue).
pub async fn update_delivery(tx: &mut Tx, d: &Delivery) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq(&d.id)))
            .set((
                webhook_deliveries::status.eq(d.status.as_str()),
                webhook_deliveries::attempts.eq(d.attempts),
                webhook_deliveries::next_attempt_at.eq(d.next_attempt_at.map(ts)),
                webhook_deliveries::last_attempt_at.eq(d.last_attempt_at.map(ts)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Record successful attempts: each attempt, and its delivery succeeded, in one go.
pub async fn record_successes(
    tx: &mut Tx,
    org: &str,
    attempts: &[Attempt],
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    if attempts.is_empty() {
        return Ok(());
    }
    for chunk in attempts.chunks(200) {
        let rows: Vec<AttemptValues> = chunk.iter().map(|a| AttemptValues::of(org, a)).collect();
        let ids: Vec<&String> = chunk.iter().map(|a| &a.delivery_id).collect();
        // One statement for the batch on PostgreSQL; diesel cannot batch rows with nullable
        // values on SQLite, where a statement is no round trip anyway.
        match tx.backend() {
            Backend::Postgres(conn) => {
                diesel::insert_into(webhook_attempts::table)
                    .values(rows)
                    .execute(conn)
                    .await?;
            }
            Backend::Sqlite(_) => {
                for a in chunk {
                    insert_attempt(tx, org, a).await?;
                }
            }
        }
        on_backend!(tx, conn => {
            diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(ids.clone())))
                .set((
                    webhook_deliveries::status.eq(DeliveryStatus::Succeeded.as_str()),
                    webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                    webhook_deliveries::next_attempt_at.eq(None::<i64>),
                    webhook_deliveries::last_attempt_at.eq(Some(ts(now))),
                ))
                .execute(conn)
                .await?
        });
    }
    Ok(())
}

/// Mark every pending delivery of the endpoint failed (it was disabled); returns how many.
pub async fn fail_pending(tx: &mut Tx, endpoint: &str) -> Result<usize, StorageError> {
    Ok(on_backend!(tx, conn => {
        diesel::update(
            webhook_deliveries::table
                .filter(webhook_deliveries::endpoint_id.eq(endpoint))
                .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str())),
        )
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Failed.as_str()),
            webhook_deliveries::next_attempt_at.eq(None::<i64>),
        ))
        .execute(conn)
        .await?
    }))
}

/// Queue again every failed delivery of the endpoint created at or after `since`, due at
/// `now`, its retry schedule started over; returns how many.
pub async fn requeue_failed(
    tx: &mut Tx,
    org: &str,
    endpoint: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<usize, StorageError> {
    Ok(on_backend!(tx, conn => {
        diesel::update(
            webhook_deliveries::table
                .filter(webhook_deliveries::organization_id.eq(org))
                .filter(webhook_deliveries::endpoint_id.eq(endpoint))
                .filter(webhook_deliveries::status.eq(DeliveryStatus::Failed.as_str()))
                .filter(webhook_deliveries::created_at.ge(ts(since))),
        )
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()),
            webhook_deliveries::attempts.eq(0),
            webhook_deliveries::next_attempt_at.eq(Some(ts(now))),
        ))
        .execute(conn)
        .await?
    }))
}

/// Forget deliveries (and their attempts) created before `before`; returns how many.
pub async fn purge(tx: &mut Tx, before: DateTime<Utc>) -> Result<usize, StorageError> {
    let cut = ts(before);
    Ok(on_backend!(tx, conn => {
        let old = webhook_deliveries::table
            .filter(webhook_deliveries::created_at.lt(cut))
            .select(webhook_deliveries::id);
        diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(old)))
            .execute(conn)
            .await?;
        diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::created_at.lt(cut)))
            .execute(conn)
            .await?
    }))
}

// ---- attempts --------------------------------------------------------------------------

/// One try at a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub id: String,
    pub delivery_id: String,
    pub attempted_at: DateTime<Utc>,
    pub duration_ms: i64,
    /// The HTTP status, if a response came.
    pub status_code: Option<i32>,
    /// At most 2 kB of the response body.
    pub response_excerpt: Option<String>,
    /// What went wrong, when no 2xx came.
    pub error: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_attempts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct AttemptRow {
    id: String,
    delivery_id: String,
    attempted_at: i64,
    duration_ms: i64,
    status_code: Option<i32>,
    response_excerpt: Option<String>,
    error: Option<String>,
}

impl From<AttemptRow> for Attempt {
    fn from(r: AttemptRow) -> Self {
        Self {
            id: r.id,
            delivery_id: r.delivery_id,
            attempted_at: at(r.attempted_at),
            duration_ms: r.duration_ms,
            status_code: r.status_code,
            response_excerpt: r.response_excerpt,
            error: r.error,
        }
    }
}

/// An attempt's row, for inserts.
#[derive(Insertable)]
#[diesel(table_name = webhook_attempts)]
struct AttemptValues<'a> {
    id: &'a str,
    organization_id: &'a str,
    delivery_id: &'a str,
    attempted_at: i64,
    duration_ms: i64,
    status_code: Option<i32>,
    response_excerpt: Option<&'a str>,
    error: Option<&'a str>,
}

impl<'a> AttemptValues<'a> {
    fn of(org: &'a str, a: &'a Attempt) -> Self {
        Self {
            id: &a.id,
            organization_id: org,
            delivery_id: &a.delivery_id,
            attempted_at: ts(a.attempted_at),
            duration_ms: a.duration_ms,
            status_code: a.status_code,
            response_excerpt: a.response_excerpt.as_deref(),
            error: a.error.as_deref(),
        }
    }
}

pub async fn insert_attempt(tx: &mut Tx, org: &str, a: &Attempt) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(webhook_attempts::table)
            .values(AttemptValues::of(org, a))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// The attempts at these deliveries, oldest first.
pub async fn attempts_of(
    tx: &mut Tx,
    org: &str,
    delivery_ids: &[String],
) -> Result<Vec<Attempt>, StorageError> {
    if delivery_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<AttemptRow> = on_backend!(tx, conn => {
        webhook_attempts::table
            .filter(webhook_attempts::organization_id.eq(org))
            .filter(webhook_attempts::delivery_id.eq_any(delivery_ids.to_vec()))
            .order((webhook_attempts::attempted_at.asc(), webhook_attempts::id.asc()))
            .select(AttemptRow::as_select())
            .load(conn)
            .await?
    });
    Ok(rows.into_iter().map(Attempt::from).collect())
}
