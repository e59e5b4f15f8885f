//! Black-box contract suite: the real server on a loopback port, every scenario on SQLite and
//! on PostgreSQL. One binary so it links once.
#![allow(clippy::unwrap_used)]

mod access;
mod calendar;
mod calendar_connections;
mod concurrency;
mod emails;
mod errors;
mod events;
mod fixtures;
mod flow;
mod hostile;
mod hosts;
mod idempotency;
mod isolation;
mod jobs;
mod pagination;
mod payments;
mod pricing;
mod public;
mod stream;
mod webhooks;
