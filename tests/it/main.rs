//! The integration tests: one binary, one module per area.

// Tests may panic: a panic is how a test fails.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

mod answers;
mod browser;
mod cli;
mod corpus;
mod edit;
mod edit_properties;
mod engine_cases;
mod generator;
mod hostile;
mod parties;
mod properties;
mod publishers;
mod report;
mod snapshots;
mod support;
mod terminal;
mod tooling;
mod v2_rules;
