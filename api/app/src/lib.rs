//! # skyslots-app
//!
//! The use-case layer: every business decision that is not pure scheduling, in one place.
//! Each use case opens one transaction ([`skyslots_storage::Tx`]), loads through storage,
//! lets `skyslots-core` decide, applies the decision through storage, records the audit event
//! and the outbox event, and commits. The HTTP layer authenticates, parses, calls a use case
//! and maps its result; storage loads and writes and decides nothing.
//!
//! This crate knows neither HTTP nor SQL: it depends on neither poem nor diesel
//! (`scripts/check-layers` fails the test command if it does).

pub mod api_keys;
pub mod availability;
pub mod bookings;
pub mod busy_blocks;
pub mod calendar;
pub mod calendar_connections;
pub mod email_templates;
pub mod emails;
pub mod error;
pub mod events;
pub mod hosts;
pub mod idempotent;
pub mod jobs;
pub mod links;
pub mod one_time_links;
pub mod organizations;
pub mod payment_accounts;
pub mod payments;
pub mod pricing;
pub mod public;
pub mod reads;
pub mod schedules;
pub mod secrets;
pub mod webhooks;

pub use error::{Error, Result};

use skyslots_storage::audit::{Audit, Change};
use skyslots_storage::Tx;

/// Record a change to `target` (`("booking", id)`) in the audit trail, in the change's own
/// transaction: an event exists exactly when its change does.
pub(crate) async fn record(
    tx: &mut Tx,
    org: &str,
    audit: &Audit,
    action: &str,
    (target_type, target_id): (&str, &str),
    summary: String,
) -> Result<()> {
    let change = Change {
        action,
        target_type,
        target_id,
        summary,
    };
    skyslots_storage::audit::record(tx, org, audit, change).await?;
    Ok(())
}
