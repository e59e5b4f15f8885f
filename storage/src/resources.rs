//! Schedules, hosts and busy blocks: the calendars bookings are made against.
//!
//! Updates lock their row with a write first (see [`crate::in_transaction`]), read, apply the
//! change, re-validate the whole resource with the scheduling engine, and write it back, so
//! concurrent updates serialize instead of losing each other's changes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::Db;
use crate::error::StorageError;
use crate::idempotency::{record_idempotency, settle, Created, Idempotency, Operation};
use crate::ids::{new_id, Kind};
use crate::model::{
    at, from_json, invalid, now, to_json, ts, BusyBlock, BusyBlockInput, Host, HostInput, Page,
    PageRequest, Schedule, ScheduleInput,
};
use crate::schema::{busy_blocks, hosts, link_hosts, links, schedules};
use crate::{in_transaction, with_conn};
use skyslots_core::InvalidReason;

#[derive(Queryable, Selectable)]
#[diesel(table_name = schedules)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct ScheduleRow {
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
    pub(crate) fn into_record(self) -> Result<Schedule, StorageError> {
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

#[derive(Queryable, Selectable)]
#[diesel(table_name = hosts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub(crate) struct HostRow {
    pub(crate) id: String,
    name: String,
    email: String,
    timezone: String,
    pub(crate) schedule_id: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl From<HostRow> for Host {
    fn from(r: HostRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            email: r.email,
            timezone: r.timezone,
            schedule_id: r.schedule_id,
            created_at: at(r.created_at),
            updated_at: at(r.updated_at),
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = busy_blocks)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct BusyRow {
    id: String,
    host_id: String,
    title: Option<String>,
    start_at: i64,
    end_at: i64,
    created_at: i64,
}

impl From<BusyRow> for BusyBlock {
    fn from(r: BusyRow) -> Self {
        Self {
            id: r.id,
            host_id: r.host_id,
            title: r.title,
            start: at(r.start_at),
            end: at(r.end_at),
            created_at: at(r.created_at),
        }
    }
}

/// Fails with `NotFound(what)` unless `id` is a row of `org` in `table`.
macro_rules! ensure_exists {
    ($conn:expr, $table:ident, $org:expr, $id:expr, $what:expr) => {{
        let found: Option<String> = $table::table
            .filter($table::organization_id.eq($org))
            .filter($table::id.eq($id))
            .select($table::id)
            .first($conn)
            .await
            .optional()?;
        if found.is_none() {
            return Err($crate::error::StorageError::NotFound($what));
        }
    }};
}
pub(crate) use ensure_exists;

/// Lock a row of `org` for the rest of the transaction by writing to it; `NotFound(what)` if
/// there is none. The write is a no-op on the data.
macro_rules! lock_row {
    ($conn:expr, $table:ident, $org:expr, $id:expr, $what:expr) => {{
        let n = diesel::update(
            $table::table
                .filter($table::organization_id.eq($org))
                .filter($table::id.eq($id)),
        )
        .set($table::updated_at.eq($table::updated_at))
        .execute($conn)
        .await?;
        if n == 0 {
            return Err($crate::error::StorageError::NotFound($what));
        }
    }};
}
pub(crate) use lock_row;

impl Db {
    // ---- schedules ------------------------------------------------------------------

    pub async fn create_schedule(
        &self,
        org: &str,
        input: &ScheduleInput,
        idem: Option<&Idempotency>,
    ) -> Result<Created<Schedule>, StorageError> {
        input.to_core()?;
        let created = now();
        let record = Schedule {
            id: new_id(Kind::Schedule),
            name: input.name.clone(),
            timezone: input.timezone.clone(),
            weekly_rules: input.weekly_rules.clone(),
            date_overrides: input.date_overrides.clone(),
            holidays: input.holidays.clone(),
            created_at: created,
            updated_at: created,
        };
        let (weekly, overrides, holidays) = (
            to_json(&record.weekly_rules)?,
            to_json(&record.date_overrides)?,
            to_json(&record.holidays)?,
        );
        let result = in_transaction!(self, conn => {
            diesel::insert_into(schedules::table)
                .values((
                    schedules::id.eq(&record.id),
                    schedules::organization_id.eq(org),
                    schedules::name.eq(&record.name),
                    schedules::timezone.eq(&record.timezone),
                    schedules::weekly_rules.eq(&weekly),
                    schedules::date_overrides.eq(&overrides),
                    schedules::holidays.eq(&holidays),
                    schedules::created_at.eq(ts(created)),
                    schedules::updated_at.eq(ts(created)),
                ))
                .execute(conn)
                .await?;
            if let Some(key) = idem {
                record_idempotency!(conn, org, key, Operation::ScheduleCreate.name(), &record);
            }
            Ok(Created { value: record.clone(), replayed: false })
        });
        settle(self, org, idem, Operation::ScheduleCreate.name(), result).await
    }

    pub async fn get_schedule(&self, org: &str, id: &str) -> Result<Schedule, StorageError> {
        let row: Option<ScheduleRow> = with_conn!(self, conn => {
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

    pub async fn list_schedules(
        &self,
        org: &str,
        page: &PageRequest,
    ) -> Result<Page<Schedule>, StorageError> {
        let rows: Vec<ScheduleRow> = with_conn!(self, conn => {
            let mut q = schedules::table
                .filter(schedules::organization_id.eq(org))
                .select(ScheduleRow::as_select())
                .order(schedules::id.asc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(after) = &page.after {
                q = q.filter(schedules::id.gt(after.clone()));
            }
            q.load(conn).await?
        });
        let items = rows
            .into_iter()
            .map(ScheduleRow::into_record)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(page.page(items, |s| s.id.clone()))
    }

    /// Replace a schedule's content with `change(current)`, validated.
    pub async fn update_schedule(
        &self,
        org: &str,
        id: &str,
        change: impl FnOnce(&mut ScheduleInput) + Send,
    ) -> Result<Schedule, StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, schedules, org, id, "schedule");
            let row: ScheduleRow = schedules::table
                .filter(schedules::id.eq(id))
                .select(ScheduleRow::as_select())
                .first(conn)
                .await?;
            let mut record = row.into_record()?;
            let mut input = record.input();
            change(&mut input);
            input.to_core()?;
            record.updated_at = now();
            diesel::update(schedules::table.filter(schedules::id.eq(id)))
                .set((
                    schedules::name.eq(&input.name),
                    schedules::timezone.eq(&input.timezone),
                    schedules::weekly_rules.eq(to_json(&input.weekly_rules)?),
                    schedules::date_overrides.eq(to_json(&input.date_overrides)?),
                    schedules::holidays.eq(to_json(&input.holidays)?),
                    schedules::updated_at.eq(ts(record.updated_at)),
                ))
                .execute(conn)
                .await?;
            Ok(Schedule {
                name: input.name,
                timezone: input.timezone,
                weekly_rules: input.weekly_rules,
                date_overrides: input.date_overrides,
                holidays: input.holidays,
                ..record
            })
        })
    }

    /// Delete a schedule no host or link uses (`in_use` otherwise).
    pub async fn delete_schedule(&self, org: &str, id: &str) -> Result<(), StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, schedules, org, id, "schedule");
            let hosts_using: i64 = hosts::table.filter(hosts::schedule_id.eq(id)).count().get_result(conn).await?;
            let links_using: i64 = links::table.filter(links::schedule_id.eq(id)).count().get_result(conn).await?;
            if hosts_using + links_using > 0 {
                return Err(StorageError::InUse(format!(
                    "the schedule is used by {hosts_using} host(s) and {links_using} link(s)"
                )));
            }
            diesel::delete(schedules::table.filter(schedules::id.eq(id))).execute(conn).await?;
            Ok(())
        })
    }

    // ---- hosts ----------------------------------------------------------------------

    pub async fn create_host(
        &self,
        org: &str,
        input: &HostInput,
        idem: Option<&Idempotency>,
    ) -> Result<Created<Host>, StorageError> {
        check_timezone(&input.timezone)?;
        let created = now();
        let host = Host {
            id: new_id(Kind::Host),
            name: input.name.clone(),
            email: input.email.clone(),
            timezone: input.timezone.clone(),
            schedule_id: input.schedule_id.clone(),
            created_at: created,
            updated_at: created,
        };
        let result = in_transaction!(self, conn => {
            diesel::insert_into(hosts::table)
                .values((
                    hosts::id.eq(&host.id),
                    hosts::organization_id.eq(org),
                    hosts::name.eq(&host.name),
                    hosts::email.eq(&host.email),
                    hosts::timezone.eq(&host.timezone),
                    hosts::schedule_id.eq(&host.schedule_id),
                    hosts::created_at.eq(ts(created)),
                    hosts::updated_at.eq(ts(created)),
                ))
                .execute(conn)
                .await?;
            if let Some(schedule) = &host.schedule_id {
                ensure_exists!(conn, schedules, org, schedule, "schedule");
            }
            if let Some(key) = idem {
                record_idempotency!(conn, org, key, Operation::HostCreate.name(), &host);
            }
            Ok(Created { value: host.clone(), replayed: false })
        });
        settle(self, org, idem, Operation::HostCreate.name(), result).await
    }

    pub async fn get_host(&self, org: &str, id: &str) -> Result<Host, StorageError> {
        let row: Option<HostRow> = with_conn!(self, conn => {
            hosts::table
                .filter(hosts::organization_id.eq(org))
                .filter(hosts::id.eq(id))
                .select(HostRow::as_select())
                .first(conn)
                .await
                .optional()?
        });
        row.map(Host::from).ok_or(StorageError::NotFound("host"))
    }

    pub async fn list_hosts(
        &self,
        org: &str,
        page: &PageRequest,
    ) -> Result<Page<Host>, StorageError> {
        let rows: Vec<HostRow> = with_conn!(self, conn => {
            let mut q = hosts::table
                .filter(hosts::organization_id.eq(org))
                .select(HostRow::as_select())
                .order(hosts::id.asc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(after) = &page.after {
                q = q.filter(hosts::id.gt(after.clone()));
            }
            q.load(conn).await?
        });
        Ok(page.page(rows.into_iter().map(Host::from).collect(), |h| h.id.clone()))
    }

    pub async fn update_host(
        &self,
        org: &str,
        id: &str,
        change: impl FnOnce(&mut HostInput) + Send,
    ) -> Result<Host, StorageError> {
        in_transaction!(self, conn => {
            lock_row!(conn, hosts, org, id, "host");
            let row: HostRow = hosts::table.filter(hosts::id.eq(id)).select(HostRow::as_select()).first(conn).await?;
            let host = Host::from(row);
            let mut input = HostInput {
                name: host.name.clone(),
                email: host.email.clone(),
                timezone: host.timezone.clone(),
                schedule_id: host.schedule_id.clone(),
            };
            change(&mut input);
            check_timezone(&input.timezone)?;
            if let Some(schedule) = &input.schedule_id {
                ensure_exists!(conn, schedules, org, schedule, "schedule");
            }
            let updated_at = now();
            diesel::update(hosts::table.filter(hosts::id.eq(id)))
                .set((
                    hosts::name.eq(&input.name),
                    hosts::email.eq(&input.email),
                    hosts::timezone.eq(&input.timezone),
                    hosts::schedule_id.eq(&input.schedule_id),
                    hosts::updated_at.eq(ts(updated_at)),
                ))
                .execute(conn)
                .await?;
            Ok(Host {
                name: input.name,
                email: input.email,
                timezone: input.timezone,
                schedule_id: input.schedule_id,
                updated_at,
                ..host
            })
        })
    }

    /// Delete a host that no link lists and that has no bookings (`in_use` otherwise); its busy
    /// blocks go with it.
    pub async fn delete_host(&self, org: &str, id: &str) -> Result<(), StorageError> {
        use crate::schema::booking_hosts;
        in_transaction!(self, conn => {
            lock_row!(conn, hosts, org, id, "host");
            let on_links: i64 = link_hosts::table.filter(link_hosts::host_id.eq(id)).count().get_result(conn).await?;
            let bookings: i64 = booking_hosts::table.filter(booking_hosts::host_id.eq(id)).count().get_result(conn).await?;
            if on_links + bookings > 0 {
                return Err(StorageError::InUse(format!(
                    "the host is on {on_links} link(s) and has {bookings} booking(s); remove it from its links and cancel or keep its bookings"
                )));
            }
            diesel::delete(busy_blocks::table.filter(busy_blocks::host_id.eq(id))).execute(conn).await?;
            diesel::delete(hosts::table.filter(hosts::id.eq(id))).execute(conn).await?;
            Ok(())
        })
    }

    // ---- busy blocks ----------------------------------------------------------------

    pub async fn create_busy_block(
        &self,
        org: &str,
        input: &BusyBlockInput,
        idem: Option<&Idempotency>,
    ) -> Result<Created<BusyBlock>, StorageError> {
        if input.end <= input.start {
            return Err(invalid("end", InvalidReason::EndNotAfterStart));
        }
        for (field, t) in [("start", input.start), ("end", input.end)] {
            if !skyslots_core::time::instant_supported(t) {
                return Err(invalid(
                    field,
                    InvalidReason::OutOfRange {
                        min: 1900,
                        max: 9999,
                    },
                ));
            }
        }
        let block = BusyBlock {
            id: new_id(Kind::BusyBlock),
            host_id: input.host_id.clone(),
            title: input.title.clone(),
            start: input.start,
            end: input.end,
            created_at: now(),
        };
        let result = in_transaction!(self, conn => {
            // Lock the host: a block and a booking for it must not interleave.
            lock_row!(conn, hosts, org, &block.host_id, "host");
            diesel::insert_into(busy_blocks::table)
                .values((
                    busy_blocks::id.eq(&block.id),
                    busy_blocks::organization_id.eq(org),
                    busy_blocks::host_id.eq(&block.host_id),
                    busy_blocks::title.eq(&block.title),
                    busy_blocks::start_at.eq(ts(block.start)),
                    busy_blocks::end_at.eq(ts(block.end)),
                    busy_blocks::created_at.eq(ts(block.created_at)),
                ))
                .execute(conn)
                .await?;
            if let Some(key) = idem {
                record_idempotency!(conn, org, key, Operation::BusyBlockCreate.name(), &block);
            }
            Ok(Created { value: block.clone(), replayed: false })
        });
        settle(self, org, idem, Operation::BusyBlockCreate.name(), result).await
    }

    /// Busy blocks of the organization, optionally of one host and overlapping a window,
    /// ordered by id.
    pub async fn list_busy_blocks(
        &self,
        org: &str,
        host_id: Option<&str>,
        window: Option<(DateTime<Utc>, DateTime<Utc>)>,
        page: &PageRequest,
    ) -> Result<Page<BusyBlock>, StorageError> {
        let rows: Vec<BusyRow> = with_conn!(self, conn => {
            let mut q = busy_blocks::table
                .filter(busy_blocks::organization_id.eq(org))
                .select(BusyRow::as_select())
                .order(busy_blocks::id.asc())
                .limit(page.fetch())
                .into_boxed();
            if let Some(host) = host_id {
                q = q.filter(busy_blocks::host_id.eq(host.to_owned()));
            }
            if let Some((start, end)) = window {
                q = q.filter(busy_blocks::end_at.gt(ts(start))).filter(busy_blocks::start_at.lt(ts(end)));
            }
            if let Some(after) = &page.after {
                q = q.filter(busy_blocks::id.gt(after.clone()));
            }
            q.load(conn).await?
        });
        Ok(
            page.page(rows.into_iter().map(BusyBlock::from).collect(), |b| {
                b.id.clone()
            }),
        )
    }

    pub async fn delete_busy_block(&self, org: &str, id: &str) -> Result<(), StorageError> {
        let n = with_conn!(self, conn => {
            diesel::delete(
                busy_blocks::table
                    .filter(busy_blocks::organization_id.eq(org))
                    .filter(busy_blocks::id.eq(id)),
            )
            .execute(conn)
            .await?
        });
        if n == 0 {
            return Err(StorageError::NotFound("busy block"));
        }
        Ok(())
    }
}

pub(crate) fn check_timezone(name: &str) -> Result<(), StorageError> {
    skyslots_core::parse_timezone(name)
        .map(|_| ())
        .map_err(|reason| invalid("timezone", reason))
}
