//! Events: what happened, written in the transaction of the change that caused it, read by
//! the events API and (later) delivered by workers. Each event gets a sequence number after
//! commit ([`sequence`]), in the order events become visible to readers.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts};
use crate::page::{Page, PageRequest};
use crate::schema::{event_sequence, events};

/// An event as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: String,
    pub organization_id: String,
    pub event_type: String,
    pub created_at: DateTime<Utc>,
    /// JSON: `{"object": <record>, "previous": <record>?, "context": {…}?}`.
    pub payload: String,
    /// `None` until the sequencer has numbered it.
    pub seq: Option<i64>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = events)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct EventRow {
    id: String,
    organization_id: String,
    event_type: String,
    created_at: i64,
    payload: String,
    seq: Option<i64>,
}

impl From<EventRow> for StoredEvent {
    fn from(r: EventRow) -> Self {
        Self {
            id: r.id,
            organization_id: r.organization_id,
            event_type: r.event_type,
            created_at: at(r.created_at),
            payload: r.payload,
            seq: r.seq,
        }
    }
}

pub async fn insert(tx: &mut Tx, e: &StoredEvent) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(events::table)
            .values((
                events::id.eq(&e.id),
                events::organization_id.eq(&e.organization_id),
                events::event_type.eq(&e.event_type),
                events::created_at.eq(ts(e.created_at)),
                events::payload.eq(&e.payload),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<StoredEvent, StorageError> {
    let row: Option<EventRow> = on_backend!(tx, conn => {
        events::table
            .filter(events::organization_id.eq(org))
            .filter(events::id.eq(id))
            .select(EventRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.map(StoredEvent::from)
        .ok_or(StorageError::NotFound("event"))
}

/// Filters for listing events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Exact types (`booking.created`); empty: every type.
    pub types: Vec<String>,
    /// Created at or after.
    pub start: Option<DateTime<Utc>>,
    /// Created before.
    pub end: Option<DateTime<Utc>>,
}

/// The organization's numbered events, newest first (by sequence number).
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &EventFilter,
    page: &PageRequest,
) -> Result<Page<StoredEvent>, StorageError> {
    let after = page.after_key()?;
    let rows: Vec<EventRow> = on_backend!(tx, conn => {
        let mut q = events::table
            .filter(events::organization_id.eq(org))
            .filter(events::seq.is_not_null())
            .select(EventRow::as_select())
            .order(events::seq.desc())
            .limit(page.fetch())
            .into_boxed();
        if !filter.types.is_empty() {
            q = q.filter(events::event_type.eq_any(filter.types.clone()));
        }
        if let Some(start) = filter.start {
            q = q.filter(events::created_at.ge(ts(start)));
        }
        if let Some(end) = filter.end {
            q = q.filter(events::created_at.lt(ts(end)));
        }
        if let Some(a) = after.clone() {
            q = q.filter(events::seq.lt(a.key));
        }
        q.load(conn).await?
    });
    Ok(page
        .by_key(rows, |r| (r.seq.unwrap_or(0), r.id.as_str()))
        .map(StoredEvent::from))
}

/// The organization's events numbered after `after`, oldest first, at most `limit` (the
/// stream's catch-up and follow).
pub async fn after(
    tx: &mut Tx,
    org: &str,
    after: i64,
    types: &[String],
    limit: i64,
) -> Result<Vec<StoredEvent>, StorageError> {
    let rows: Vec<EventRow> = on_backend!(tx, conn => {
        let mut q = events::table
            .filter(events::organization_id.eq(org))
            .filter(events::seq.gt(after))
            .select(EventRow::as_select())
            .order(events::seq.asc())
            .limit(limit)
            .into_boxed();
        if !types.is_empty() {
            q = q.filter(events::event_type.eq_any(types.to_vec()));
        }
        q.load(conn).await?
    });
    Ok(rows.into_iter().map(StoredEvent::from).collect())
}

/// The highest number the organization's events have so far (0 before the first).
pub async fn last_seq(tx: &mut Tx, org: &str) -> Result<i64, StorageError> {
    let last: Option<Option<i64>> = on_backend!(tx, conn => {
        events::table
            .filter(events::organization_id.eq(org))
            .select(diesel::dsl::max(events::seq))
            .first(conn)
            .await
            .optional()?
    });
    Ok(last.flatten().unwrap_or(0))
}

/// Whether any committed event awaits its number (a read on the partial index, so an idle
/// sequencer takes no lock).
pub async fn any_unsequenced(tx: &mut Tx) -> Result<bool, StorageError> {
    let found: Option<String> = on_backend!(tx, conn => {
        events::table
            .filter(events::seq.is_null())
            .select(events::id)
            .first(conn)
            .await
            .optional()?
    });
    Ok(found.is_some())
}

/// Number the events committed so far that have no sequence number yet, oldest first, at
/// most `batch`; returns the numbers given (`after + 1 ..= after + count`). The first statement locks the sequencer's row, so two
/// instances never number at once; an event of a transaction still open is not visible yet
/// and gets a higher number once it commits, so numbers follow visibility, without gaps.
pub async fn sequence(tx: &mut Tx, batch: i64) -> Result<Numbered, StorageError> {
    let last: i64 = on_backend!(tx, conn => {
        diesel::update(event_sequence::table.filter(event_sequence::id.eq(1)))
            .set(event_sequence::last.eq(event_sequence::last))
            .returning(event_sequence::last)
            .get_result(conn)
            .await?
    });
    // One statement numbers the batch (UPDATE … FROM and row_number() are portable between
    // the two backends); the integers are the server's own, never client input.
    let sql = format!(
        "UPDATE events SET seq = numbered.n FROM (SELECT id, {last} + row_number() OVER \
         (ORDER BY created_at, id) AS n FROM events WHERE seq IS NULL ORDER BY created_at, id \
         LIMIT {batch}) AS numbered WHERE events.id = numbered.id"
    );
    let numbered = on_backend!(tx, conn => diesel::sql_query(&sql).execute(conn).await?);
    if numbered > 0 {
        let count = i64::try_from(numbered).unwrap_or(i64::MAX);
        on_backend!(tx, conn => {
            diesel::update(event_sequence::table.filter(event_sequence::id.eq(1)))
                .set(event_sequence::last.eq(last + count))
                .execute(conn)
                .await?
        });
    }
    Ok(Numbered {
        after: last,
        count: numbered,
    })
}

/// The numbers one [`sequence`] call gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbered {
    pub after: i64,
    pub count: usize,
}

/// The events numbered `after + 1 ..= after + count`, in order (the ones just numbered).
pub async fn numbered(tx: &mut Tx, n: Numbered) -> Result<Vec<StoredEvent>, StorageError> {
    let last = n.after + i64::try_from(n.count).unwrap_or(i64::MAX - n.after);
    let rows: Vec<EventRow> = on_backend!(tx, conn => {
        events::table
            .filter(events::seq.gt(n.after))
            .filter(events::seq.le(last))
            .select(EventRow::as_select())
            .order(events::seq.asc())
            .load(conn)
            .await?
    });
    Ok(rows.into_iter().map(StoredEvent::from).collect())
}

/// Events by id in the organization (what deliveries send), in no particular order.
pub async fn by_ids(
    tx: &mut Tx,
    org: &str,
    ids: &[String],
) -> Result<Vec<StoredEvent>, StorageError> {
    let rows: Vec<EventRow> = on_backend!(tx, conn => {
        events::table
            .filter(events::organization_id.eq(org))
            .filter(events::id.eq_any(ids.to_vec()))
            .select(EventRow::as_select())
            .load(conn)
            .await?
    });
    Ok(rows.into_iter().map(StoredEvent::from).collect())
}

/// Forget events created before `before`; returns how many.
pub async fn purge(tx: &mut Tx, before: DateTime<Utc>) -> Result<usize, StorageError> {
    Ok(on_backend!(tx, conn => {
        diesel::delete(events::table.filter(events::created_at.lt(ts(before))))
            .execute(conn)
            .await?
    }))
}
