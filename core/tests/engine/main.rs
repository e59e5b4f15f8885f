//! Integration tests of skyslots-core, linked as one binary.
#![allow(clippy::unwrap_used)]

mod availability;
mod booking;
mod properties;
mod support;
