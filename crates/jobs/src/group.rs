//! Group commit for the writes of the job runner and its handlers.
//!
//! On SQLite every write transaction takes the one writer and, to be durable, a sync of the WAL.
//! A message job used to make five of them (claim, record, `sending`, outcome, completion), each
//! a thread hop, a `BEGIN IMMEDIATE … COMMIT` and a disk sync of its own. [`GroupWriter`] runs
//! the writes of every job in flight that are waiting at the same moment in one transaction (a
//! write that fails rolls the group back, which runs again with a savepoint per write, so its
//! neighbours still commit), commits once, syncs once, and only then answers each caller: the same
//! guarantee as [`Db::write`] per write ("committed and on disk when it returns"), at one commit
//! and one sync per group. As in the webhook ingestor, a second thread syncs and answers while the writer
//! applies the next group.
//!
//! On PostgreSQL, where writers run in parallel on their own connections and a commit is durable
//! when it returns, each write is simply [`Db::write`] on the blocking pool.

use aftercare_store::{AsRetry, Conn, Db, StoreError};
use std::panic::AssertUnwindSafe;
use tokio::sync::{mpsc, oneshot};

/// Writes committed together at most.
const MAX_GROUP: usize = 512;

/// Why a group's transaction stopped.
enum Stop {
    /// The database's error; [`StoreError::Retry`] runs the whole group again.
    Store(StoreError),
    /// A write failed on its own: the group is rolled back and runs again, with savepoints.
    Failed,
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

impl AsRetry for Stop {
    fn is_retry(&self) -> bool {
        matches!(self, Stop::Store(e) if e.is_retry())
    }
}

/// One caller's write, type-erased so one group can hold writes of any result type.
trait Item: Send {
    /// Runs the write in the group's transaction; with `savepoint`, inside a savepoint of its
    /// own. When it fails on its own its error is kept for its caller ([`Item::failed`] says so
    /// from then on): with a savepoint its changes are rolled back and the group goes on, without
    /// one the group stops with [`Stop::Failed`]. A store error when the whole transaction must
    /// stop.
    fn run(&mut self, c: &mut dyn Conn, savepoint: bool) -> Result<(), Stop>;
    /// Whether the write failed on its own in an earlier run of the group.
    fn failed(&self) -> bool;
    /// Answers the caller once the group is committed (and synced, if it is durable).
    fn answer(self: Box<Self>, committed: Result<(), String>);
    /// Whether the caller waits for the disk sync, or only for the commit.
    fn durable(&self) -> bool;
}

struct Write<T, E, F> {
    f: F,
    durable: bool,
    result: Option<Result<T, E>>,
    reply: oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Item for Write<T, E, F>
where
    T: Send,
    E: From<StoreError> + AsRetry + Send,
    F: FnMut(&mut dyn Conn) -> Result<T, E> + Send,
{
    fn run(&mut self, c: &mut dyn Conn, savepoint: bool) -> Result<(), Stop> {
        if savepoint {
            c.execute("SAVEPOINT job_write", &[])?;
        }
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| (self.f)(c)));
        if savepoint && !matches!(outcome, Ok(Err(ref e)) if e.is_retry()) {
            if !matches!(outcome, Ok(Ok(_))) {
                c.execute("ROLLBACK TO SAVEPOINT job_write", &[])?;
            }
            c.execute("RELEASE SAVEPOINT job_write", &[])?;
        }
        let failed = match outcome {
            Ok(Ok(v)) => {
                self.result = Some(Ok(v));
                return Ok(());
            }
            Ok(Err(e)) if e.is_retry() => {
                // Lost a race (another process holds the file): the whole group runs again.
                self.result = None;
                return Err(Stop::Store(StoreError::Retry(
                    "a write of the group lost a race".into(),
                )));
            }
            Ok(Err(e)) => e,
            Err(_panic) => {
                StoreError::Database("a job's write panicked; it was rolled back".into()).into()
            }
        };
        self.result = Some(Err(failed));
        if savepoint { Ok(()) } else { Err(Stop::Failed) }
    }

    fn failed(&self) -> bool {
        matches!(self.result, Some(Err(_)))
    }

    fn durable(&self) -> bool {
        self.durable
    }

    fn answer(self: Box<Self>, committed: Result<(), String>) {
        let Write { result, reply, .. } = *self;
        let answer = match (result, committed) {
            // A write that failed on its own says why, whatever became of the group.
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(v)), Ok(())) => Ok(v),
            (_, Err(why)) => Err(StoreError::Unavailable(why.into()).into()),
            (None, Ok(())) => {
                Err(StoreError::Database("a grouped write did not run".into()).into())
            }
        };
        let _ = reply.send(answer);
    }
}

/// Runs the writes of a group in one transaction and commits it. Failures are rare, so the
/// writes first run without a savepoint each (a savepoint costs two statements, and SQLite copies
/// every page a write inside one changes into its sub-journal: together ~4% of the server's CPU
/// when sending messages). A write that fails rolls the whole transaction back; it then runs
/// again with the others, each in a savepoint, so that one more failure costs only itself.
fn run_group(db: &Db, items: &mut [Box<dyn Item>]) -> Result<(), String> {
    let mut savepoints = false;
    loop {
        let outcome = db.write_unsynced(|c| {
            for item in items.iter_mut() {
                if !item.failed() {
                    item.run(c, savepoints)?;
                }
            }
            Ok::<_, Stop>(())
        });
        match outcome {
            Ok(()) => return Ok(()),
            Err(Stop::Failed) if !savepoints => savepoints = true,
            Err(Stop::Failed) => return Err("a grouped write failed outside its savepoint".into()),
            Err(Stop::Store(e)) => return Err(e.to_string()),
        }
    }
}

/// The handle of the group-commit writer. Cheap to clone; its threads end when the last handle
/// is dropped.
#[derive(Clone)]
pub struct GroupWriter {
    db: Db,
    /// `None` on PostgreSQL: writes go straight to [`Db::write`].
    tx: Option<mpsc::UnboundedSender<Box<dyn Item>>>,
}

impl std::fmt::Debug for GroupWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupWriter")
            .field("grouped", &self.tx.is_some())
            .finish()
    }
}

impl GroupWriter {
    /// Starts the writer (and its sync thread) where grouping pays: SQLite.
    pub fn start(db: Db) -> GroupWriter {
        if !db.defers_sync() {
            return GroupWriter { db, tx: None };
        }
        let (tx, mut rx) = mpsc::unbounded_channel::<Box<dyn Item>>();
        let (sync_tx, sync_rx) =
            std::sync::mpsc::channel::<(Vec<Box<dyn Item>>, Result<(), String>)>();
        let sync_db = db.clone();
        let syncer = std::thread::Builder::new()
            .name("aftercare-jobs-sync".into())
            .spawn(move || {
                while let Ok(first) = sync_rx.recv() {
                    let mut groups = vec![first];
                    while let Ok(next) = sync_rx.try_recv() {
                        groups.push(next);
                    }
                    // One sync covers every group committed before it started.
                    let synced = sync_db.sync().map_err(|e| e.to_string());
                    for (items, committed) in groups {
                        let outcome = committed.and(synced.clone());
                        for item in items {
                            item.answer(outcome.clone());
                        }
                    }
                }
            });
        let sync_tx = match syncer {
            Ok(_) => Some(sync_tx),
            Err(e) => {
                tracing::error!(error = %e, "could not start the job writes' sync thread; syncing on the writer");
                None
            }
        };
        let writer_db = db.clone();
        let spawned = std::thread::Builder::new()
            .name("aftercare-jobs-writer".into())
            .spawn(move || {
                while let Some(first) = rx.blocking_recv() {
                    let mut items = vec![first];
                    while items.len() < MAX_GROUP {
                        match rx.try_recv() {
                            Ok(next) => items.push(next),
                            Err(_) => break,
                        }
                    }
                    let committed = run_group(&writer_db, &mut items);
                    // Writes that do not wait for the disk are answered now; the sync below
                    // covers them too.
                    let (items, now): (Vec<_>, Vec<_>) =
                        items.into_iter().partition(|i| i.durable());
                    for item in now {
                        item.answer(committed.clone());
                    }
                    match &sync_tx {
                        Some(s) => {
                            if let Err(std::sync::mpsc::SendError((items, committed))) =
                                s.send((items, committed))
                            {
                                let outcome = committed
                                    .and_then(|()| writer_db.sync().map_err(|e| e.to_string()));
                                items.into_iter().for_each(|i| i.answer(outcome.clone()));
                            }
                        }
                        None => {
                            let outcome = committed
                                .and_then(|()| writer_db.sync().map_err(|e| e.to_string()));
                            items.into_iter().for_each(|i| i.answer(outcome.clone()));
                        }
                    }
                }
            });
        match spawned {
            Ok(_) => GroupWriter { db, tx: Some(tx) },
            Err(e) => {
                tracing::error!(error = %e, "could not start the job writer thread; writing one transaction per write");
                GroupWriter { db, tx: None }
            }
        }
    }

    /// Runs `f` in a write transaction shared with whatever other writes are waiting; returns once
    /// it is committed and durable, like [`Db::write`]. `f` may run more than once (a group that
    /// lost a race runs again), so it must not have effects outside the database. Its error rolls
    /// back its own changes only.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + AsRetry + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        self.write_with(true, f).await
    }

    /// [`GroupWriter::write`], but answered as soon as the group is committed; the disk sync that
    /// follows every group makes it durable shortly after. For writes whose loss in a power cut
    /// costs nothing but a repeat: a claim (the job is claimed again), a job's outcome (the run is
    /// repeated, and a message found in `sending` goes again with its Message-ID). A write that
    /// must be on disk before something leaves the process (a message's record before SMTP) uses
    /// [`GroupWriter::write`]; its sync covers every commit before it.
    pub async fn write_unsynced<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + AsRetry + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        self.write_with(false, f).await
    }

    async fn write_with<T, E, F>(&self, durable: bool, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + AsRetry + Send + 'static,
        F: FnMut(&mut dyn Conn) -> Result<T, E> + Send + 'static,
    {
        let Some(tx) = &self.tx else {
            return self.db.write_async(f).await;
        };
        let (reply, answer) = oneshot::channel();
        let item: Box<dyn Item> = Box::new(Write {
            f,
            durable,
            result: None,
            reply,
        });
        if tx.send(item).is_err() {
            return Err(StoreError::Unavailable("the job writer thread is gone".into()).into());
        }
        match answer.await {
            Ok(r) => r,
            Err(_) => Err(StoreError::Unavailable("the job writer thread is gone".into()).into()),
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}
