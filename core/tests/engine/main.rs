//! Integration tests of skyslots-core, linked as one binary.

mod availability;
mod booking;
mod properties;
mod support;
