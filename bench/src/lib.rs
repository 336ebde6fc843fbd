//! Load-benchmark harness for aftercare: a release `aftercare serve` on loopback in its own
//! process, a concurrent HTTP driver with latency percentiles, and raw SQLite reference inserts.
//!
//! - [`cli`]: value parsers shared by the binaries' `clap` command lines.
//! - [`server`]: a scratch directory, `shop create`, and a `serve` child killed on drop.
//! - [`load`]: drive any request shape at a fixed concurrency, get orders/s and p50/p99.
//! - [`rawhttp`]: a bare keep-alive HTTP/1.1 GET client and a timed closed-loop driver on it, for
//!   rates where `reqwest`'s cost per request would take CPU from the server.
//! - [`orders`]: deterministic order rows and their API bodies.
//! - [`raw`]: the same rows inserted straight into SQLite in batches, as the ceiling to compare to.
//! - [`shopify`]: signed Shopify `orders/create` and `fulfillment_events/create` deliveries.
//!
//! The binaries (`bench-ingest`, …) only parse flags, put these together and print a report.

pub mod cli;
pub mod load;
pub mod orders;
pub mod raw;
pub mod rawhttp;
pub mod seed;
pub mod server;
pub mod shopify;

/// Milliseconds since the Unix epoch, now.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
