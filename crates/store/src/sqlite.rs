//! SQLite adapter: one writer connection (SQLite allows one writer at a time; making that explicit
//! avoids `SQLITE_BUSY` storms inside one process) and a small pool of reader connections. WAL lets
//! readers run beside the writer. Several processes on one file still work, serialised by
//! `BEGIN IMMEDIATE` and `busy_timeout`.

use crate::sql::{Conn, Dialect, Param, Row, Value, to_sqlite_placeholders};
use crate::{BoxError, StoreError};
use rusqlite::{Connection, OpenFlags, ToSql, types::ValueRef};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

pub struct SqliteDb {
    path: PathBuf,
    writer: Mutex<Connection>,
    /// Idle readers that map the file.
    readers: Mutex<Vec<Connection>>,
    /// Idle readers without a memory map (point reads right after writes: see [`Reads`]).
    point_readers: Mutex<Vec<Connection>>,
    /// Commits are made durable by syncing the WAL file ([`SqliteDb::sync`]).
    durable: bool,
    /// `None` if its thread could not start: the writer's own checkpoints still run.
    checkpointer: Option<Arc<Checkpointer>>,
}

/// How many WAL frames make the writer checkpoint itself (SQLite's default is 1,000). The
/// [`Checkpointer`] thread has normally copied all but the last few milliseconds' frames by then,
/// so the writer's checkpoint is short; it is the backstop that lets the WAL start over from its
/// beginning (SQLite restarts the WAL at a write only when every frame has been copied).
const WRITER_AUTOCHECKPOINT: u32 = 4000;

/// At most one background checkpoint per this long.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(10);

/// Copies committed pages from the WAL into the database file beside the writer, on a connection
/// of its own (`PRAGMA wal_checkpoint(PASSIVE)`: it never waits for the writer or a reader, and
/// copies what no reader still needs). Left to SQLite, the writer itself checkpoints every 1,000
/// frames inside a `COMMIT`: that copy, its reads and the database file's sync were 11% of the
/// ingest writer's time (see ARCHITECTURE.md). The thread runs only after commits and stops when
/// the database is dropped.
struct Checkpointer {
    /// (commits so far, stop)
    state: Mutex<(u64, bool)>,
    wake: Condvar,
}

impl Checkpointer {
    fn start(path: &Path) -> Result<Arc<Checkpointer>, StoreError> {
        let me = Arc::new(Checkpointer {
            state: Mutex::new((0, false)),
            wake: Condvar::new(),
        });
        let conn = open_conn(path, Some(Reads::Point))?;
        let shared = me.clone();
        std::thread::Builder::new()
            .name("aftercare-checkpoint".into())
            .spawn(move || {
                let mut seen = 0;
                loop {
                    {
                        let mut st = shared.state.lock().unwrap_or_else(|p| p.into_inner());
                        while st.0 == seen && !st.1 {
                            st = shared.wake.wait(st).unwrap_or_else(|p| p.into_inner());
                        }
                        if st.1 {
                            return;
                        }
                        seen = st.0;
                    }
                    // Busy (another checkpoint runs) or failed: the writer's own checkpoint is
                    // the backstop, and the next commit tries again.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::debug!(error = %e, "background checkpoint");
                    }
                    std::thread::sleep(CHECKPOINT_EVERY);
                }
            })
            .map_err(|e| StoreError::Config(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(me)
    }

    fn committed(&self) {
        let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.0 += 1;
        self.wake.notify_one();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).1 = true;
        self.wake.notify_one();
    }
}

impl Drop for SqliteDb {
    fn drop(&mut self) {
        if let Some(c) = &self.checkpointer {
            c.stop();
        }
    }
}

const MAX_IDLE_READERS: usize = 16;

impl SqliteDb {
    /// `durable`: every commit is flushed to disk before it is reported, so a success survives a
    /// power cut, not only a crash of the process (which WAL survives anyway). SQLite's own
    /// `synchronous=FULL` would sync inside `COMMIT`, holding the one writer while the disk works;
    /// instead the writer commits with `synchronous=NORMAL` and the WAL file is synced after the
    /// commit ([`SqliteDb::sync`]) — the same guarantee (FULL is exactly "sync the WAL at every
    /// commit"), but a group-committing caller can apply the next batch while the disk syncs.
    pub fn open(path: &Path, create_dir: bool, durable: bool) -> Result<SqliteDb, StoreError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.exists() {
            if create_dir {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Config(format!(
                        "cannot create data directory {}: {e}",
                        dir.display()
                    ))
                })?;
            } else {
                return Err(StoreError::Config(format!(
                    "SQLite database directory {} does not exist; create it or fix the URL",
                    dir.display()
                )));
            }
        }
        let writer = open_conn(path, None)?;
        // WAL is a property of the file: set once by the writer.
        let mode: String = writer
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(map_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Config(format!(
                "SQLite refused WAL mode (got {mode})"
            )));
        }
        Ok(SqliteDb {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            point_readers: Mutex::new(Vec::new()),
            durable,
            checkpointer: Checkpointer::start(path)
                .inspect_err(|e| {
                    tracing::warn!(error = %e, "no checkpoint thread; the writer checkpoints alone");
                })
                .ok(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` inside `BEGIN IMMEDIATE … COMMIT` on the writer connection; with `sync`, the commit
    /// is on disk when this returns (see [`SqliteDb::open`]).
    pub fn write<T, E: From<StoreError>>(
        &self,
        sync: bool,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        let result = self.write_unsynced(f)?;
        if sync {
            self.sync()?;
        }
        Ok(result)
    }

    /// Flushes every commit made so far to disk (a no-op unless durable). Safe from any thread and
    /// beside the writer: it syncs the WAL file, which holds every commit not yet checkpointed
    /// (a checkpoint syncs what it moves into the database file itself).
    pub fn sync(&self) -> Result<(), StoreError> {
        if !self.durable {
            return Ok(());
        }
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        match std::fs::File::open(&wal) {
            Ok(f) => f
                .sync_data()
                .map_err(|e| StoreError::Unavailable(format!("syncing the WAL: {e}").into())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Unavailable(
                format!("opening the WAL to sync it: {e}").into(),
            )),
        }
    }

    fn write_unsynced<T, E: From<StoreError>>(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let conn = &mut *guard;
        if !conn.is_autocommit() {
            // A previous holder panicked mid-transaction.
            let _ = conn.execute_batch("ROLLBACK");
        }
        conn.execute_batch("BEGIN IMMEDIATE").map_err(map_err)?;
        let mut c = SqliteConn(conn);
        match f(&mut c) {
            Ok(v) => match conn.execute_batch("COMMIT") {
                Ok(()) => {
                    if let Some(c) = &self.checkpointer {
                        c.committed();
                    }
                    Ok(v)
                }
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    Err(map_err(e).into())
                }
            },
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Runs `f` on a reader connection in autocommit mode (each statement sees a consistent
    /// snapshot of its own); with `snapshot`, inside one read transaction, so all statements of `f`
    /// see the same one (and the WAL read lock is taken once, not per statement).
    pub fn read<T, E: From<StoreError>>(
        &self,
        snapshot: bool,
        reads: Reads,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        let pool = match reads {
            Reads::Scan => &self.readers,
            Reads::Point => &self.point_readers,
        };
        let conn = {
            let mut idle = pool.lock().unwrap_or_else(|p| p.into_inner());
            idle.pop()
        };
        let mut conn = match conn {
            Some(c) => c,
            None => open_conn(&self.path, Some(reads))?,
        };
        if snapshot {
            conn.execute_batch("BEGIN").map_err(map_err)?;
        }
        let result = f(&mut SqliteConn(&mut conn));
        if snapshot && !conn.is_autocommit() {
            // Nothing was written: ending the read transaction cannot lose anything.
            let _ = conn.execute_batch("COMMIT");
        }
        if conn.is_autocommit() {
            let mut idle = pool.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE_READERS {
                idle.push(conn);
            }
        }
        result
    }

    /// Truncating checkpoint: keeps the WAL from growing without bound under steady writes.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        let conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .map_err(map_err)
    }
}

/// What a reader connection is for. Under WAL a reader whose next transaction finds that the
/// database changed drops its page cache and, if it maps the file, unmaps all of it. For the job
/// runner, whose every read follows its own writes, munmap and its TLB shootdowns cost more than
/// the map saved (4% of the server's CPU when sending messages; without the map the message
/// benchmark went ~20% faster). Everything else reads mapped: many pages (the admin's filters over
/// a million orders took 1.3–2.7× as long with a read() per page), and random ones (the tracking
/// page over 100k orders went from ~12k to 8.5k pages/s with a private cache of 8 MiB).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// The default: the file is mapped.
    Scan,
    /// A few rows by key between writes: pages are read into the connection's own cache.
    Point,
}

/// Opens the writer (`None`) or a reader.
fn open_conn(path: &Path, reads: Option<Reads>) -> Result<Connection, StoreError> {
    let writer = reads.is_none();
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    if writer {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| {
        StoreError::Config(format!(
            "cannot open SQLite database {}: {e}",
            path.display()
        ))
    })?;
    conn.execute_batch(
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;",
    )
    .map_err(map_err)?;
    match reads {
        // The OS page cache, shared by all scanners, instead of a read() per page.
        Some(Reads::Scan) => conn
            .execute_batch("PRAGMA mmap_size=1073741824; PRAGMA cache_size=-8192;")
            .map_err(map_err)?,
        Some(Reads::Point) => conn
            .execute_batch("PRAGMA cache_size=-8192;")
            .map_err(map_err)?,
        None => conn
            .execute_batch(&format!(
                "PRAGMA wal_autocheckpoint={WRITER_AUTOCHECKPOINT};"
            ))
            .map_err(map_err)?,
    }
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

struct SqliteConn<'a>(&'a mut Connection);

fn bind<'p>(params: &'p [Param<'_>]) -> Vec<&'p dyn ToSql> {
    params
        .iter()
        .map(|v| match v {
            Param::Null => &rusqlite::types::Null as &dyn ToSql,
            Param::Int(i) => i as &dyn ToSql,
            Param::Text(s) => s as &dyn ToSql,
        })
        .collect()
}

impl Conn for SqliteConn<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        let sql = to_sqlite_placeholders(sql);
        let mut stmt = self.0.prepare_cached(&sql).map_err(map_err)?;
        let n = stmt.execute(bind(params).as_slice()).map_err(map_err)?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        let sql = to_sqlite_placeholders(sql);
        let mut stmt = self.0.prepare_cached(&sql).map_err(map_err)?;
        let ncols = stmt.column_count();
        let mut rows = stmt.query(bind(params).as_slice()).map_err(map_err)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(map_err)? {
            let mut cols = Vec::with_capacity(ncols);
            for i in 0..ncols {
                cols.push(match r.get_ref(i).map_err(map_err)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Int(v as i64),
                    ValueRef::Text(t) => Value::Text(match std::str::from_utf8(t) {
                        Ok(s) => s.to_owned(),
                        Err(_) => String::from_utf8_lossy(t).into_owned(),
                    }),
                    ValueRef::Blob(b) => Value::Text(String::from_utf8_lossy(b).into_owned()),
                });
            }
            out.push(Row(cols));
        }
        Ok(out)
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.0.execute_batch(sql).map_err(map_err)
    }
}

pub(crate) fn map_err(e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    if let rusqlite::Error::SqliteFailure(f, msg) = &e {
        match f.code {
            ErrorCode::ConstraintViolation
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                return StoreError::Conflict(msg.clone().unwrap_or_default());
            }
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Retry(Box::new(e));
            }
            ErrorCode::CannotOpen
            | ErrorCode::NotADatabase
            | ErrorCode::ReadOnly
            | ErrorCode::DiskFull
            | ErrorCode::SystemIoFailure => {
                return StoreError::Unavailable(Box::new(e));
            }
            _ => {}
        }
    }
    StoreError::Database(Box::new(e) as BoxError)
}
