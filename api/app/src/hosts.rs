//! Hosts.

use skyslots_core::ErrorCode;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{new_id, HostId, Kind};
use skyslots_storage::{hosts as rows, schedules};
use skyslots_storage::{Db, Host, HostInput, Page, PageRequest};

use crate::links::now;
use crate::{idempotent, Error, Result};

/// A time zone must be a known IANA name.
pub fn check_timezone(name: &str) -> Result<()> {
    skyslots_core::parse_timezone(name)
        .map(|_| ())
        .map_err(|reason| Error::field("timezone", reason))
}

const OP: Operation = Operation::HostCreate;

pub async fn create(
    db: &Db,
    org: &str,
    input: &HostInput,
    idem: Option<&Idempotency>,
) -> Result<Created<Host>> {
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
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::insert(&mut tx, org, &host).await?;
        if let Some(schedule) = &host.schedule_id {
            schedules::ensure_exists(&mut tx, org, schedule).await?;
        }
        idempotent::record(&mut tx, org, idem, OP, &host).await?;
        Ok(Created::new(host))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

pub async fn get(db: &Db, org: &str, id: &HostId) -> Result<Host> {
    Ok(rows::get(&mut db.read().await?, org, id).await?)
}

pub async fn list(db: &Db, org: &str, page: &PageRequest) -> Result<Page<Host>> {
    Ok(rows::list(&mut db.read().await?, org, page).await?)
}

/// Change a host with `change(current)`, validated.
pub async fn update(
    db: &Db,
    org: &str,
    id: &HostId,
    change: impl FnOnce(&mut HostInput) + Send,
) -> Result<Host> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let host = rows::get(&mut tx, org, id).await?;
        let mut input = HostInput {
            name: host.name.clone(),
            email: host.email.clone(),
            timezone: host.timezone.clone(),
            schedule_id: host.schedule_id.clone(),
        };
        change(&mut input);
        check_timezone(&input.timezone)?;
        if let Some(schedule) = &input.schedule_id {
            schedules::ensure_exists(&mut tx, org, schedule).await?;
        }
        let updated = Host {
            name: input.name,
            email: input.email,
            timezone: input.timezone,
            schedule_id: input.schedule_id,
            updated_at: now(),
            ..host
        };
        rows::update(&mut tx, &updated).await?;
        Ok(updated)
    }
    .await;
    tx.finish(result).await
}

/// Delete a host that no link lists and that has no bookings (`in_use` otherwise); its busy
/// blocks go with it.
pub async fn delete(db: &Db, org: &str, id: &HostId) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let (on_links, bookings) = rows::usage(&mut tx, id).await?;
        if on_links + bookings > 0 {
            return Err(Error::conflict(
                ErrorCode::InUse,
                format!(
                    "the host is on {on_links} link(s) and has {bookings} booking(s); remove it from its links and cancel or keep its bookings"
                ),
            ));
        }
        rows::delete(&mut tx, id).await?;
        Ok(())
    }
    .await;
    tx.finish(result).await
}
