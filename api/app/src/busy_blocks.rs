//! Busy blocks.

use skyslots_core::InvalidReason;
use skyslots_storage::busy_blocks::{self as rows, BusyBlockFilter};
use skyslots_storage::idempotency::{Created, Idempotency, Operation};
use skyslots_storage::ids::{new_id, BusyBlockId, Kind};
use skyslots_storage::{hosts, BusyBlock, BusyBlockInput, Db, Page, PageRequest};

use crate::links::now;
use crate::{idempotent, Error, Result};

const OP: Operation = Operation::BusyBlockCreate;

pub async fn create(
    db: &Db,
    org: &str,
    input: &BusyBlockInput,
    idem: Option<&Idempotency>,
) -> Result<Created<BusyBlock>> {
    if input.end <= input.start {
        return Err(Error::field("end", InvalidReason::EndNotAfterStart));
    }
    for (field, t) in [("start", input.start), ("end", input.end)] {
        if !skyslots_core::time::instant_supported(t) {
            return Err(Error::field(
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
    let mut tx = db.begin().await?;
    let result: Result<_> = async {
        // Lock the host: a block and a booking for it must not interleave.
        hosts::lock(&mut tx, org, &block.host_id).await?;
        rows::insert(&mut tx, org, &block).await?;
        idempotent::record(&mut tx, org, idem, OP, &block).await?;
        Ok(Created::new(block))
    }
    .await;
    idempotent::commit(db, org, idem, OP, tx, result).await
}

/// Busy blocks of the organization, ordered by id.
pub async fn list(
    db: &Db,
    org: &str,
    filter: &BusyBlockFilter,
    page: &PageRequest,
) -> Result<Page<BusyBlock>> {
    Ok(rows::list(&mut db.read().await?, org, filter, page).await?)
}

pub async fn delete(db: &Db, org: &str, id: &BusyBlockId) -> Result<()> {
    Ok(rows::delete(&mut db.read().await?, org, id).await?)
}
