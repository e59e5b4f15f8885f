//! The outbox: events that leave the system, written in the transaction of the change that
//! caused them and delivered later by a worker, so none is lost if the process dies.

use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::db::{on_backend, Tx};
use crate::error::StorageError;
use crate::ids::{new_id, Kind};
use crate::model::{now, ts};
use crate::schema::outbox;

/// Queue the event `event_type` (`booking.created`, …) about `data`.
pub async fn enqueue<T: serde::Serialize>(
    tx: &mut Tx,
    org: &str,
    event_type: &str,
    data: &T,
) -> Result<(), StorageError> {
    let created = now();
    let payload = serde_json::json!({
        "type": event_type,
        "timestamp": created.to_rfc3339(),
        "data": data,
    })
    .to_string();
    let id = new_id(Kind::Event);
    on_backend!(tx, conn => {
        diesel::insert_into(outbox::table)
            .values((
                outbox::id.eq(&id),
                outbox::organization_id.eq(org),
                outbox::event_type.eq(event_type),
                outbox::payload.eq(&payload),
                outbox::created_at.eq(ts(created)),
            ))
            .execute(conn)
            .await?
    });
    Ok(())
}
