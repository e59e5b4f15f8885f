//! Schedules: weekly rules, date overrides and holidays in an IANA time zone.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, from_json, to_json, ts, Schedule};
use crate::page::{Page, PageRequest};
use crate::schema::{hosts, links, schedules};

#[derive(Queryable, Selectable)]
#[diesel(table_name = schedules)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct ScheduleRow {
    id: String,
    name: String,
    timezone: String,
    weekly_rules: String,
    date_overrides: String,
    holidays: String,
    created_at: i64,
    updated_at: i64,
}

impl ScheduleRow {
    fn into_record(self) -> Result<Schedule, StorageError> {
        Ok(Schedule {
            weekly_rules: from_json("schedule weekly_rules", &self.weekly_rules)?,
            date_overrides: from_json("schedule date_overrides", &self.date_overrides)?,
            holidays: from_json("schedule holidays", &self.holidays)?,
            id: self.id,
            name: self.name,
            timezone: self.timezone,
            created_at: at(self.created_at),
            updated_at: at(self.updated_at),
        })
    }
}

pub async fn insert(tx: &mut Tx, org: &str, s: &Schedule) -> Result<(), StorageError> {
    let (weekly, overrides, holidays) = (
        to_json(&s.weekly_rules)?,
        to_json(&s.date_overrides)?,
        to_json(&s.holidays)?,
    );
    on_backend!(tx, conn => {
        diesel::insert_into(schedules::table)
            .values((
                schedules::id.eq(&s.id),
                schedules::organization_id.eq(org),
                schedules::name.eq(&s.name),
                schedules::timezone.eq(&s.timezone),
                schedules::weekly_rules.eq(&weekly),
                schedules::date_overrides.eq(&overrides),
                schedules::holidays.eq(&holidays),
                schedules::created_at.eq(ts(s.created_at)),
                schedules::updated_at.eq(ts(s.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Overwrite every field of the stored schedule `s.id` with `s`.
pub async fn update(tx: &mut Tx, s: &Schedule) -> Result<(), StorageError> {
    let (weekly, overrides, holidays) = (
        to_json(&s.weekly_rules)?,
        to_json(&s.date_overrides)?,
        to_json(&s.holidays)?,
    );
    on_backend!(tx, conn => {
        diesel::update(schedules::table.filter(schedules::id.eq(&s.id)))
            .set((
                schedules::name.eq(&s.name),
                schedules::timezone.eq(&s.timezone),
                schedules::weekly_rules.eq(&weekly),
                schedules::date_overrides.eq(&overrides),
                schedules::holidays.eq(&holidays),
                schedules::updated_at.eq(ts(s.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<Schedule, StorageError> {
    let row: Option<ScheduleRow> = on_backend!(tx, conn => {
        schedules::table
            .filter(schedules::organization_id.eq(org))
            .filter(schedules::id.eq(id))
            .select(ScheduleRow::as_select())
            .first(conn)
            .await
            .optional()?
    });
    row.ok_or(StorageError::NotFound("schedule"))?.into_record()
}

/// Lock the schedule for the rest of the transaction (a no-op write); `NotFound` if `org` has
/// none with this id.
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(schedules::table.filter(schedules::organization_id.eq(org)).filter(schedules::id.eq(id)))
            .set(schedules::updated_at.eq(schedules::updated_at))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("schedule"));
    }
    Ok(())
}

/// `NotFound` unless `org` has a schedule with this id.
pub async fn ensure_exists(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let found: Option<String> = on_backend!(tx, conn => {
        schedules::table
            .filter(schedules::organization_id.eq(org))
            .filter(schedules::id.eq(id))
            .select(schedules::id)
            .first(conn)
            .await
            .optional()?
    });
    found.map(|_| ()).ok_or(StorageError::NotFound("schedule"))
}

pub async fn list(
    tx: &mut Tx,
    org: &str,
    page: &PageRequest,
) -> Result<Page<Schedule>, StorageError> {
    let after = page.after_id();
    let rows: Vec<ScheduleRow> = on_backend!(tx, conn => {
        let mut q = schedules::table
            .filter(schedules::organization_id.eq(org))
            .select(ScheduleRow::as_select())
            .order(schedules::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(after) = after.clone() {
            q = q.filter(schedules::id.gt(after));
        }
        q.load(conn).await?
    });
    let page = page.by_id(rows, |r| &r.id);
    let items = page
        .items
        .into_iter()
        .map(ScheduleRow::into_record)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// How many hosts (as their default) and links use the schedule.
pub async fn usage(tx: &mut Tx, id: &str) -> Result<(i64, i64), StorageError> {
    Ok(on_backend!(tx, conn => {
        let hosts_using: i64 = hosts::table.filter(hosts::schedule_id.eq(id)).count().get_result(conn).await?;
        let links_using: i64 = links::table.filter(links::schedule_id.eq(id)).count().get_result(conn).await?;
        (hosts_using, links_using)
    }))
}

pub async fn delete(tx: &mut Tx, id: &str) -> Result<(), StorageError> {
    on_backend!(tx, conn => diesel::delete(schedules::table.filter(schedules::id.eq(id))).execute(conn).await?);
    Ok(())
}
