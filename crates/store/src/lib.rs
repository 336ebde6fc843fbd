//! Persistence for aftercare.
//!
//! - [`sql`]: the portable port (`Conn`, `Value`, `Row`, `Dialect`) every query is written against.
//! - [`sqlite`] / [`postgres`]: the two adapters behind [`Db`].
//! - [`migrate`]: embedded, forward-only migrations with the same versions on both backends.
//! - [`repo`]: the queries of each resource, as functions over `&mut dyn Conn`, so a use case
//!   composes several of them (and a job enqueue) inside one transaction.

pub mod db;
pub mod migrate;
pub mod postgres;
pub mod repo;
pub mod sql;
pub mod sqlite;
mod url;

pub use db::{AsRetry, Db, DbOptions, Writer};
pub use sql::{Conn, Dialect, Param, Row, Value};
pub use url::DatabaseUrl;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; the string names the constraint or columns.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The transaction lost a race (PostgreSQL serialization failure or deadlock, SQLite busy);
    /// [`Db::write`] retries these by itself.
    #[error("transaction conflict, retry")]
    Retry(#[source] BoxError),
    /// The database cannot be reached or the connection broke.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] BoxError),
    #[error("database error: {0}")]
    Database(#[source] BoxError),
    #[error("unexpected stored data: {0}")]
    Decode(String),
    #[error("{0}")]
    Config(String),
    #[error(
        "the database is at schema version {found}, newer than this binary's {known}: upgrade aftercare instead"
    )]
    SchemaTooNew { found: i64, known: i64 },
}
