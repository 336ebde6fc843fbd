//! The integration suite: one test binary. Runs on SQLite by default, and on PostgreSQL when
//! AFTERCARE_TEST_DATABASE_URL is set (each test in its own schema).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod admin;
mod api;
mod browser;
mod buyer;
mod cli;
mod import;
mod inbound;
mod jobs;
mod marketing;
mod notify;
mod process;
mod store;
mod tracking;
