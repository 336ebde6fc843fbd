//! [`Db`]: the handle the rest of the program holds. Cheap to clone; no globals.

use crate::migrate;
use crate::postgres::{PgDb, PgSession};
use crate::sql::{Conn, Dialect};
use crate::sqlite::{Reads, SqliteDb};
use crate::{DatabaseUrl, StoreError};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct DbOptions {
    /// PostgreSQL pool size per process.
    pub max_connections: usize,
    /// SQLite: flush every commit to disk (`synchronous=FULL`) rather than only at checkpoints.
    pub sqlite_durable: bool,
}

impl Default for DbOptions {
    fn default() -> Self {
        DbOptions {
            max_connections: 16,
            sqlite_durable: true,
        }
    }
}

enum Backend {
    Sqlite(Box<SqliteDb>),
    Postgres(Box<PgDb>),
}

#[derive(Clone)]
pub struct Db {
    backend: Arc<Backend>,
    url: Arc<DatabaseUrl>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Db({})", self.url)
    }
}

/// How often a transaction that lost a race is run again before the error is returned.
const MAX_RETRIES: usize = 8;

impl Db {
    /// Opens the database (does not migrate: see [`Db::migrate`]).
    pub fn open(url: &DatabaseUrl, opts: &DbOptions) -> Result<Db, StoreError> {
        let backend =
            match url {
                DatabaseUrl::Sqlite { path, create_dir } => Backend::Sqlite(Box::new(
                    SqliteDb::open(path, *create_dir, opts.sqlite_durable)?,
                )),
                DatabaseUrl::Postgres(u) => {
                    Backend::Postgres(Box::new(PgDb::open(u, opts.max_connections)?))
                }
            };
        Ok(Db {
            backend: Arc::new(backend),
            url: Arc::new(url.clone()),
        })
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn dialect(&self) -> Dialect {
        match &*self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs `f` in one write transaction, committing when it returns `Ok`. A transaction that lost
    /// a race ([`StoreError::Retry`]) is run again, so `f` must not have effects outside the
    /// database — which is the rule anyway: side effects belong in jobs.
    pub fn write<T, E>(&self, f: impl FnMut(&mut dyn Conn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError> + AsRetry,
    {
        self.write_with(true, f)
    }

    /// [`Db::write`], but on SQLite the commit may still be on its way to the disk when this
    /// returns: call [`Db::sync`] before telling anyone it is stored. Lets a group-committing
    /// writer apply its next batch while the disk syncs the last. (PostgreSQL commits are durable
    /// when they return; there it is the same as `write`.)
    pub fn write_unsynced<T, E>(&self, f: impl FnMut(&mut dyn Conn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError> + AsRetry,
    {
        self.write_with(false, f)
    }

    /// Makes every commit so far durable (SQLite: syncs the WAL file; PostgreSQL: nothing to do).
    pub fn sync(&self) -> Result<(), StoreError> {
        match &*self.backend {
            Backend::Sqlite(db) => db.sync(),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// Whether [`Db::write_unsynced`] can return before the commit is durable.
    pub fn defers_sync(&self) -> bool {
        matches!(&*self.backend, Backend::Sqlite(_))
    }

    fn write_with<T, E>(
        &self,
        sync: bool,
        mut f: impl FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + AsRetry,
    {
        retrying(|| match &*self.backend {
            Backend::Sqlite(db) => db.write(sync, &mut f),
            Backend::Postgres(db) => db.write(&mut f),
        })
    }

    /// A handle for one thread that writes all the time (an ingest lane). On PostgreSQL it has a
    /// connection of its own, outside the pool, driven by that thread (see
    /// [`crate::postgres::PgSession`]): use it from a plain thread, not from inside an async
    /// runtime. On SQLite it writes like [`Db::write_unsynced`].
    pub fn writer(&self) -> Writer {
        let session = match &*self.backend {
            Backend::Postgres(db) => Some(db.session()),
            Backend::Sqlite(_) => None,
        };
        Writer {
            db: self.clone(),
            session,
        }
    }

    /// Runs `f` on a read connection, no transaction.
    pub fn read<T, E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(false, Reads::Scan, &mut f),
            Backend::Postgres(db) => db.read(&mut f),
        }
    }

    /// Runs `f` in one read-only transaction: every statement sees the same snapshot.
    pub fn read_snapshot<T, E: From<StoreError>>(
        &self,
        mut f: impl FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(true, Reads::Scan, &mut f),
            Backend::Postgres(db) => db.read_snapshot(&mut f),
        }
    }

    /// [`Db::write`] on the blocking thread pool, for async callers.
    pub async fn write_async<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + AsRetry + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        match tokio::task::spawn_blocking(move || db.write(f)).await {
            Ok(r) => r,
            Err(e) => Err(StoreError::Database(Box::new(e)).into()),
        }
    }

    /// [`Db::read`] on the blocking thread pool, for async callers.
    pub async fn read_async<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        match tokio::task::spawn_blocking(move || db.read(f)).await {
            Ok(r) => r,
            Err(e) => Err(StoreError::Database(Box::new(e)).into()),
        }
    }

    /// A short read from async code, all of it in one snapshot ([`Db::read_snapshot`]). On SQLite
    /// it runs right here: under WAL a read never waits for the writer and takes microseconds, less
    /// than the hop to the blocking pool would cost (the tracking page lives on this). On
    /// PostgreSQL, where a read is a network round trip, it goes to the blocking pool.
    pub async fn read_hot<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        self.hot(Reads::Scan, f).await
    }

    /// [`Db::read_hot`] for a few rows by key on a path that runs between writes of its own (a
    /// job reading what it is about): on SQLite a reader without a memory map (see [`Reads`]).
    pub async fn read_point_hot<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        self.hot(Reads::Point, f).await
    }

    async fn hot<T, E, F>(&self, reads: Reads, mut f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(true, reads, &mut f),
            Backend::Postgres(_) => {
                let db = self.clone();
                match tokio::task::spawn_blocking(move || db.read_snapshot(f)).await {
                    Ok(r) => r,
                    Err(e) => Err(StoreError::Database(Box::new(e)).into()),
                }
            }
        }
    }

    /// Applies pending migrations; returns the versions applied.
    pub fn migrate(&self) -> Result<Vec<i64>, StoreError> {
        migrate::run(self)
    }

    /// `(applied, known)` schema versions: readiness wants them equal.
    pub fn schema_version(&self) -> Result<(i64, i64), StoreError> {
        let applied = self.read(|c| migrate::applied_version(c))?;
        Ok((applied, migrate::latest_version()))
    }

    /// Housekeeping a long-running server does now and then (WAL truncation on SQLite).
    pub fn maintain(&self) -> Result<(), StoreError> {
        match &*self.backend {
            Backend::Sqlite(db) => db.checkpoint(),
            Backend::Postgres(_) => Ok(()),
        }
    }
}

/// Lets [`Db::write`] see through a caller's error type whether the transaction should be retried.
pub trait AsRetry {
    fn is_retry(&self) -> bool;
}

impl AsRetry for StoreError {
    fn is_retry(&self) -> bool {
        matches!(self, StoreError::Retry(_))
    }
}

/// See [`Db::writer`].
pub struct Writer {
    db: Db,
    session: Option<PgSession>,
}

impl Writer {
    /// [`Db::write_unsynced`] on this writer's connection.
    pub fn write_unsynced<T, E>(
        &mut self,
        mut f: impl FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + AsRetry,
    {
        match &mut self.session {
            Some(session) => retrying(|| session.write(&mut f)),
            None => self.db.write_unsynced(f),
        }
    }
}

/// Runs `once` again while it fails with an error that says to ([`AsRetry`]), at most
/// `MAX_RETRIES` times, with a growing pause.
fn retrying<T, E: AsRetry>(mut once: impl FnMut() -> Result<T, E>) -> Result<T, E> {
    let mut attempt = 0;
    loop {
        match once() {
            Err(e) if e.is_retry() && attempt < MAX_RETRIES => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(2u64 << attempt.min(6)));
            }
            other => return other,
        }
    }
}
