//! Calendar connections: a host's external calendars (CalDAV or a read-only ICS URL), the
//! sealed credentials, what the last refresh found, and the busy time it read
//! (`external_busy`, replaced as a whole by each good refresh).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Backend, Tx};
use crate::error::StorageError;
use crate::model::{at, from_json, to_json, ts};
use crate::page::{Page, PageRequest};
use crate::schema::{calendar_connections as cc, external_busy};

/// A calendar found at a connection's URL.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RemoteCalendar {
    pub href: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A calendar connection as stored (the password only sealed).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CalendarConnection {
    pub id: String,
    pub host_id: String,
    /// `caldav` or `ics`.
    pub kind: String,
    pub name: Option<String>,
    pub url: String,
    pub username: Option<String>,
    pub password_sealed: Option<String>,
    pub calendars: Vec<RemoteCalendar>,
    /// The hrefs whose events count as busy; `None`: every calendar found.
    pub busy_calendars: Option<Vec<String>>,
    pub write_calendar: Option<String>,
    /// `pending`, `ok` or `error`.
    pub status: String,
    pub error_code: Option<String>,
    pub last_error: Option<String>,
    pub synced_at: Option<DateTime<Utc>>,
    pub checked_at: Option<DateTime<Utc>>,
    pub busy_count: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = cc)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct Row {
    id: String,
    host_id: String,
    kind: String,
    name: Option<String>,
    url: String,
    username: Option<String>,
    password_sealed: Option<String>,
    calendars: String,
    busy_calendars: Option<String>,
    write_calendar: Option<String>,
    status: String,
    error_code: Option<String>,
    last_error: Option<String>,
    synced_at: Option<i64>,
    checked_at: Option<i64>,
    busy_count: i32,
    created_at: i64,
    updated_at: i64,
}

impl Row {
    fn into_record(self) -> Result<CalendarConnection, StorageError> {
        Ok(CalendarConnection {
            calendars: from_json("connection calendars", &self.calendars)?,
            busy_calendars: self
                .busy_calendars
                .as_deref()
                .map(|t| from_json("connection busy_calendars", t))
                .transpose()?,
            id: self.id,
            host_id: self.host_id,
            kind: self.kind,
            name: self.name,
            url: self.url,
            username: self.username,
            password_sealed: self.password_sealed,
            write_calendar: self.write_calendar,
            status: self.status,
            error_code: self.error_code,
            last_error: self.last_error,
            synced_at: self.synced_at.map(at),
            checked_at: self.checked_at.map(at),
            busy_count: u32::try_from(self.busy_count).unwrap_or(0),
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

/// The columns a user sets (insert and update).
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = cc)]
#[diesel(treat_none_as_null = true)]
struct Settings<'a> {
    name: Option<&'a str>,
    url: &'a str,
    username: Option<&'a str>,
    password_sealed: Option<&'a str>,
    busy_calendars: Option<String>,
    write_calendar: Option<&'a str>,
    updated_at: i64,
}

fn settings(c: &CalendarConnection) -> Result<Settings<'_>, StorageError> {
    Ok(Settings {
        name: c.name.as_deref(),
        url: &c.url,
        username: c.username.as_deref(),
        password_sealed: c.password_sealed.as_deref(),
        busy_calendars: c.busy_calendars.as_ref().map(to_json).transpose()?,
        write_calendar: c.write_calendar.as_deref(),
        updated_at: ts(c.updated_at),
    })
}

pub async fn insert(tx: &mut Tx, org: &str, c: &CalendarConnection) -> Result<(), StorageError> {
    let values = settings(c)?;
    let calendars = to_json(&c.calendars)?;
    on_backend!(tx, conn => {
        diesel::insert_into(cc::table)
            .values((
                cc::id.eq(&c.id),
                cc::organization_id.eq(org),
                cc::host_id.eq(&c.host_id),
                cc::kind.eq(&c.kind),
                cc::calendars.eq(&calendars),
                cc::status.eq(&c.status),
                cc::created_at.eq(ts(c.created_at)),
                &values,
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Write what a user may change (name, URL, credentials, busy and write calendars).
pub async fn update(tx: &mut Tx, org: &str, c: &CalendarConnection) -> Result<(), StorageError> {
    let values = settings(c)?;
    let n = on_backend!(tx, conn => {
        diesel::update(cc::table.filter(cc::organization_id.eq(org)).filter(cc::id.eq(&c.id)))
            .set(&values)
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("calendar connection"));
    }
    Ok(())
}

/// Take the connection's row lock (the first write of a transaction that changes it).
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(cc::table.filter(cc::organization_id.eq(org)).filter(cc::id.eq(id)))
            .set(cc::updated_at.eq(cc::updated_at))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("calendar connection"));
    }
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<CalendarConnection, StorageError> {
    let row: Option<Row> = on_backend!(tx, conn => {
        cc::table
            .filter(cc::organization_id.eq(org))
            .filter(cc::id.eq(id))
            .select(Row::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.ok_or(StorageError::NotFound("calendar connection"))?
        .into_record()
}

/// Filters for listing connections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectionFilter {
    pub host_id: Option<String>,
}

/// The organization's connections, by id.
pub async fn list(
    tx: &mut Tx,
    org: &str,
    filter: &ConnectionFilter,
    page: &PageRequest,
) -> Result<Page<CalendarConnection>, StorageError> {
    let after = page.after_id();
    let rows: Vec<Row> = on_backend!(tx, conn => {
        let mut q = cc::table
            .filter(cc::organization_id.eq(org))
            .select(Row::as_select())
            .order(cc::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(a) = after.clone() {
            q = q.filter(cc::id.gt(a));
        }
        if let Some(h) = filter.host_id.clone() {
            q = q.filter(cc::host_id.eq(h));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    Ok(Page {
        items: page
            .items
            .into_iter()
            .map(Row::into_record)
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
    })
}

/// The connections of these hosts (for availability's report of how old their busy time is,
/// and for writing bookings into calendars).
pub async fn of_hosts(
    tx: &mut Tx,
    org: &str,
    host_ids: &[String],
) -> Result<Vec<CalendarConnection>, StorageError> {
    let rows: Vec<Row> = on_backend!(tx, conn => {
        cc::table
            .filter(cc::organization_id.eq(org))
            .filter(cc::host_id.eq_any(host_ids))
            .select(Row::as_select())
            .order(cc::id.asc())
            .load(conn)
            .await?
    });
    rows.into_iter().map(Row::into_record).collect()
}

/// How many connections a host has.
pub async fn count_of_host(tx: &mut Tx, org: &str, host_id: &str) -> Result<i64, StorageError> {
    Ok(on_backend!(tx, conn => {
        cc::table
            .filter(cc::organization_id.eq(org))
            .filter(cc::host_id.eq(host_id))
            .count()
            .get_result(conn)
            .await?
    }))
}

pub async fn delete(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::delete(external_busy::table.filter(external_busy::connection_id.eq(id)))
            .execute(conn)
            .await?;
        diesel::delete(cc::table.filter(cc::organization_id.eq(org)).filter(cc::id.eq(id)))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("calendar connection"));
    }
    Ok(())
}

#[derive(Insertable)]
#[diesel(table_name = external_busy)]
struct BusyValues<'a> {
    connection_id: &'a str,
    host_id: &'a str,
    start_at: i64,
    end_at: i64,
}

/// A good refresh: the calendars found and the busy time read replace the old, under the
/// connection's lock.
pub async fn record_sync(
    tx: &mut Tx,
    org: &str,
    c: &CalendarConnection,
    calendars: &[RemoteCalendar],
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let calendars = to_json(&calendars)?;
    let count = i32::try_from(busy.len()).unwrap_or(i32::MAX);
    let rows: Vec<BusyValues<'_>> = busy
        .iter()
        .map(|(s, e)| BusyValues {
            connection_id: &c.id,
            host_id: &c.host_id,
            start_at: ts(*s),
            end_at: ts(*e),
        })
        .collect();
    on_backend!(tx, conn => {
        diesel::delete(external_busy::table.filter(external_busy::connection_id.eq(&c.id)))
            .execute(conn)
            .await?
    });
    match tx.backend() {
        // One statement per thousand rows on PostgreSQL (a round trip each)...
        Backend::Postgres(conn) => {
            for chunk in rows.chunks(1000) {
                diesel::insert_into(external_busy::table)
                    .values(chunk)
                    .execute(conn)
                    .await?;
            }
        }
        // ...one per row on SQLite, in process (its batch insert is not offered over the
        // async wrapper).
        Backend::Sqlite(conn) => {
            for row in &rows {
                diesel::insert_into(external_busy::table)
                    .values(row)
                    .execute(conn)
                    .await?;
            }
        }
    }
    on_backend!(tx, conn => {
        diesel::update(cc::table.filter(cc::organization_id.eq(org)).filter(cc::id.eq(&c.id)))
            .set((
                cc::calendars.eq(&calendars),
                cc::status.eq("ok"),
                cc::error_code.eq(None::<String>),
                cc::last_error.eq(None::<String>),
                cc::synced_at.eq(Some(ts(now))),
                cc::checked_at.eq(Some(ts(now))),
                cc::busy_count.eq(count),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// A failed refresh: the error is recorded; the busy time of the last good one stays.
pub async fn record_failure(
    tx: &mut Tx,
    org: &str,
    id: &str,
    code: &str,
    message: &str,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::update(cc::table.filter(cc::organization_id.eq(org)).filter(cc::id.eq(id)))
            .set((
                cc::status.eq("error"),
                cc::error_code.eq(Some(code)),
                cc::last_error.eq(Some(message)),
                cc::checked_at.eq(Some(ts(now))),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}
