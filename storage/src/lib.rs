//! # skyslots-storage
//!
//! PostgreSQL and SQLite behind one contract. Storage loads what the scheduling engine needs
//! (a snapshot), lets `skyslots-core` decide, and applies the decision in the same transaction;
//! it never decides scheduling rules itself. Every query is scoped to one organization: a row
//! of another organization is indistinguishable from a missing one.

pub mod analytics;
pub mod audit;
pub mod bookings;
pub mod db;
pub mod error;
pub mod idempotency;
pub mod ids;
pub mod links;
pub mod model;
pub mod onetime;
pub mod orgs;
pub mod resources;
pub mod schema;

pub use db::{Db, PoolOptions};
pub use error::StorageError;
pub use model::*;
