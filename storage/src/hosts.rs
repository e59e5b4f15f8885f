//! Hosts: the people or calendars that are booked.

use diesel::prelude::*;
use diesel::OptionalExtension;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::model::{at, ts, Host};
use crate::page::{Page, PageRequest};
use crate::schema::{booking_hosts, busy_blocks, hosts, link_hosts};

#[derive(Queryable, Selectable)]
#[diesel(table_name = hosts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
struct HostRow {
    id: String,
    name: String,
    email: String,
    timezone: String,
    schedule_id: Option<String>,
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

pub async fn insert(tx: &mut Tx, org: &str, h: &Host) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::insert_into(hosts::table)
            .values((
                hosts::id.eq(&h.id),
                hosts::organization_id.eq(org),
                hosts::name.eq(&h.name),
                hosts::email.eq(&h.email),
                hosts::timezone.eq(&h.timezone),
                hosts::schedule_id.eq(&h.schedule_id),
                hosts::created_at.eq(ts(h.created_at)),
                hosts::updated_at.eq(ts(h.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

/// Overwrite every field of the stored host `h.id` with `h`.
pub async fn update(tx: &mut Tx, h: &Host) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::update(hosts::table.filter(hosts::id.eq(&h.id)))
            .set((
                hosts::name.eq(&h.name),
                hosts::email.eq(&h.email),
                hosts::timezone.eq(&h.timezone),
                hosts::schedule_id.eq(&h.schedule_id),
                hosts::updated_at.eq(ts(h.updated_at)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}

pub async fn get(tx: &mut Tx, org: &str, id: &str) -> Result<Host, StorageError> {
    let row: Option<HostRow> = on_backend!(tx, conn => {
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

/// Lock the host for the rest of the transaction (a no-op write): a booking or busy block for
/// it must not interleave with another. `NotFound` if `org` has no such host.
pub async fn lock(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let n = on_backend!(tx, conn => {
        diesel::update(hosts::table.filter(hosts::organization_id.eq(org)).filter(hosts::id.eq(id)))
            .set(hosts::updated_at.eq(hosts::updated_at))
            .execute(conn)
            .await?
    });
    if n == 0 {
        return Err(StorageError::NotFound("host"));
    }
    Ok(())
}

/// `NotFound` unless `org` has a host with this id.
pub async fn ensure_exists(tx: &mut Tx, org: &str, id: &str) -> Result<(), StorageError> {
    let found: Option<String> = on_backend!(tx, conn => {
        hosts::table
            .filter(hosts::organization_id.eq(org))
            .filter(hosts::id.eq(id))
            .select(hosts::id)
            .first(conn)
            .await
            .optional()?
    });
    found.map(|_| ()).ok_or(StorageError::NotFound("host"))
}

pub async fn list(tx: &mut Tx, org: &str, page: &PageRequest) -> Result<Page<Host>, StorageError> {
    let after = page.after_id();
    let rows: Vec<HostRow> = on_backend!(tx, conn => {
        let mut q = hosts::table
            .filter(hosts::organization_id.eq(org))
            .select(HostRow::as_select())
            .order(hosts::id.asc())
            .limit(page.fetch())
            .into_boxed();
        if let Some(after) = after.clone() {
            q = q.filter(hosts::id.gt(after));
        }
        q.load(conn).await?
    });
    Ok(page.by_id(rows, |r| &r.id).map(Host::from))
}

/// How many links list the host and how many bookings it has.
pub async fn usage(tx: &mut Tx, id: &str) -> Result<(i64, i64), StorageError> {
    Ok(on_backend!(tx, conn => {
        let on_links: i64 = link_hosts::table.filter(link_hosts::host_id.eq(id)).count().get_result(conn).await?;
        let bookings: i64 = booking_hosts::table.filter(booking_hosts::host_id.eq(id)).count().get_result(conn).await?;
        (on_links, bookings)
    }))
}

/// Delete the host and its busy blocks.
pub async fn delete(tx: &mut Tx, id: &str) -> Result<(), StorageError> {
    on_backend!(tx, conn => {
        diesel::delete(busy_blocks::table.filter(busy_blocks::host_id.eq(id))).execute(conn).await?;
        diesel::delete(hosts::table.filter(hosts::id.eq(id))).execute(conn).await?
    });
    Ok(())
}
