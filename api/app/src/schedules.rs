//! Schedules. Updates lock the row first, apply the change, and re-validate the whole schedule
//! with the scheduling engine, so concurrent updates serialize instead of losing each other's
//! changes.

use skyslots_core::ErrorCode;
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{new_id, Kind, ScheduleId};
use skyslots_storage::schedules as rows;
use skyslots_storage::{Db, Page, PageRequest, Schedule, ScheduleInput};

use crate::links::now;
use crate::{idempotent, Error, Result};

/// Check a schedule with the scheduling engine (zone, rules, overrides, holidays).
pub fn validate(input: &ScheduleInput) -> Result<()> {
    skyslots_core::Schedule::new(
        &input.timezone,
        &input.weekly_rules,
        &input.date_overrides,
        &input.holidays,
    )?;
    Ok(())
}

const OP: Operation = Operation::ScheduleCreate;

pub async fn create(
    db: &Db,
    org: &str,
    input: &ScheduleInput,
    idem: Option<&Idempotency>,
) -> Result<Created<Schedule>> {
    validate(input)?;
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
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::insert(&mut tx, org, &record).await?;
        idempotent::record(&mut tx, org, idem, OP, &record).await?;
        Ok(Created::new(record))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

pub async fn get(db: &Db, org: &str, id: &ScheduleId) -> Result<Schedule> {
    Ok(rows::get(&mut db.read().await?, org, id).await?)
}

pub async fn list(db: &Db, org: &str, page: &PageRequest) -> Result<Page<Schedule>> {
    Ok(rows::list(&mut db.read().await?, org, page).await?)
}

/// Replace a schedule's content with `change(current)`, validated.
pub async fn update(
    db: &Db,
    org: &str,
    id: &ScheduleId,
    change: impl FnOnce(&mut ScheduleInput) + Send,
) -> Result<Schedule> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let current = rows::get(&mut tx, org, id).await?;
        let mut input = current.input();
        change(&mut input);
        validate(&input)?;
        let updated = Schedule {
            name: input.name,
            timezone: input.timezone,
            weekly_rules: input.weekly_rules,
            date_overrides: input.date_overrides,
            holidays: input.holidays,
            updated_at: now(),
            ..current
        };
        rows::update(&mut tx, &updated).await?;
        Ok(updated)
    }
    .await;
    tx.finish(result).await
}

/// Delete a schedule no host or link uses (`in_use` otherwise).
pub async fn delete(db: &Db, org: &str, id: &ScheduleId) -> Result<()> {
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        rows::lock(&mut tx, org, id).await?;
        let (hosts, links) = rows::usage(&mut tx, id).await?;
        if hosts + links > 0 {
            return Err(Error::conflict(
                ErrorCode::InUse,
                format!("the schedule is used by {hosts} host(s) and {links} link(s)"),
            ));
        }
        rows::delete(&mut tx, id).await?;
        Ok(())
    }
    .await;
    tx.finish(result).await
}
