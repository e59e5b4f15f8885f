//! # skyslots-storage
//!
//! PostgreSQL and SQLite behind one contract: plain functions per resource, each on a [`Tx`]
//! (a pooled connection in a transaction or not), that load and write records and decide
//! nothing. The use-case layer (`skyslots-app`) opens the transaction, calls these and
//! `skyslots-core`, and commits. Every query is scoped to one organization: a row of another
//! organization is indistinguishable from a missing one.

pub mod analytics;
pub mod api_keys;
pub mod audit;
pub mod bookings;
pub mod busy_blocks;
pub mod calendar_connections;
pub mod calendar_feeds;
pub mod db;
pub mod emails;
pub mod error;
pub mod events;
pub mod hosts;
pub mod idempotency;
pub mod ids;
pub mod jobs;
pub mod links;
pub mod model;
pub mod one_time_links;
pub mod organizations;
pub mod page;
pub mod payments;
pub mod schedules;
pub mod schema;
pub mod snapshots;
pub mod webhooks;

pub use db::{Db, PoolOptions, Tx};
pub use error::StorageError;
pub use model::*;
pub use page::{Page, PageRequest};
