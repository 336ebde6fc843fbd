//! PostgreSQL adapter: a bounded pool of `tokio-postgres` clients, each with its own cache of
//! prepared statements, offered through the same synchronous `Conn` port as SQLite.
//!
//! The connections are driven by a small runtime of the pool's own, and callers wait for their
//! queries with a plain thread-parking `block_on`. So the port works from any thread — a blocking
//! pool thread (how the server calls it), a plain thread, or a test body inside a runtime —
//! without "runtime within a runtime" panics, and without tying the store to the caller's runtime.
//!
//! A thread that writes all the time (an ingest lane) takes a [`PgSession`] instead: a connection
//! outside the pool, driven by that thread itself on a runtime of its own, so a statement's round
//! trip is the thread writing to the socket and waiting for its answer, with no other thread woken
//! on either side.

use crate::StoreError;
use crate::sql::{Conn, Dialect, Param, Row, Value};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Wake};
use std::time::{Duration, Instant};
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use tokio_postgres::{Client, NoTls, Statement};

/// Runs a future to completion on the current thread, parking between polls.
fn block_on<F: Future>(f: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Arc::new(Unpark(std::thread::current())).into();
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => std::thread::park(),
        }
    }
}

pub struct PgDb {
    runtime: Option<tokio::runtime::Runtime>,
    config: tokio_postgres::Config,
    max: usize,
    state: Mutex<PoolState>,
    available: Condvar,
}

struct PoolState {
    idle: Vec<PgConn>,
    open: usize,
}

struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
    /// A session's connection: the runtime that drives it, run by the thread that waits (`None`:
    /// the pool's runtime drives it).
    own: Option<tokio::runtime::Runtime>,
}

/// What every connection runs first. Statements are prepared once per connection and kept. A
/// generic plan made while a table was small (a fresh installation) is kept until the table's
/// statistics change (autovacuum's next analysis), and meanwhile can be a sequential scan over a
/// table that has grown; planning each execution for its parameters and the table's current size
/// keeps index lookups. Transactions that only find rows by their keys keep plans instead
/// ([`CACHED_PLANS`]).
const SESSION_SETUP: &str = "SET plan_cache_mode = force_custom_plan";

/// For the rest of a transaction: plan each prepared statement once and keep the plan (and so
/// the foreign-key checks of the rows it writes, which otherwise are planned again per row), with
/// index scans only: no sequential scan or hash join over a table that has grown since. For
/// statements that find rows by their keys: an ingest batch, on a [`PgSession`], which forgets
/// its plans every [`PLAN_LIFETIME`]. Planning was a third of PostgreSQL's time in ingest.
pub const CACHED_PLANS: &str = "SET LOCAL plan_cache_mode = force_generic_plan; \
     SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; \
     SET LOCAL enable_mergejoin = off";

/// How long a [`PgSession`] keeps its statements' plans. A plan is made from the table's size
/// when it is made: one made while a table was nearly empty can scan a whole index (an index
/// scan with no condition) once the table has grown. Made again, from the current size, it looks
/// rows up by their keys, even before the statistics have caught up.
pub const PLAN_LIFETIME: Duration = Duration::from_secs(2);

/// Back to the connection's planning ([`SESSION_SETUP`]) for the rest of a transaction.
pub const SESSION_PLANS: &str = "SET LOCAL plan_cache_mode = force_custom_plan; \
     SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_hashjoin TO DEFAULT; \
     SET LOCAL enable_mergejoin TO DEFAULT";

const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);

impl PgDb {
    pub fn open(url: &str, max_connections: usize) -> Result<PgDb, StoreError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Config(format!("malformed PostgreSQL URL: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        config.application_name("aftercare");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("aftercare-pg")
            .enable_all()
            .build()
            .map_err(|e| StoreError::Config(format!("starting the PostgreSQL driver: {e}")))?;
        let db = PgDb {
            runtime: Some(runtime),
            config,
            max: max_connections.max(1),
            state: Mutex::new(PoolState {
                idle: Vec::new(),
                open: 0,
            }),
            available: Condvar::new(),
        };
        // Fail at start, with the driver's reason, when the server cannot be reached.
        let conn = db.checkout()?;
        db.checkin(conn, true);
        Ok(db)
    }

    fn checkout(&self) -> Result<PgConn, StoreError> {
        let deadline = Instant::now() + CHECKOUT_TIMEOUT;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            while let Some(c) = state.idle.pop() {
                if !c.client.is_closed() {
                    return Ok(c);
                }
                state.open -= 1;
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.connect() {
                    Ok(client) => Ok(PgConn {
                        client,
                        statements: HashMap::new(),
                        own: None,
                    }),
                    Err(e) => {
                        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
                        s.open -= 1;
                        self.available.notify_one();
                        Err(e)
                    }
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(StoreError::Unavailable(
                    "timed out waiting for a PostgreSQL connection from the pool".into(),
                ));
            }
            state = self
                .available
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    fn connect(&self) -> Result<Client, StoreError> {
        let (tx, rx) = std::sync::mpsc::channel();
        let config = self.config.clone();
        let Some(rt) = &self.runtime else {
            return Err(StoreError::Unavailable(
                "the PostgreSQL driver stopped".into(),
            ));
        };
        rt.spawn(async move {
            let _ = tx.send(open(&config).await);
        });
        let client = match rx.recv() {
            Ok(r) => r.map_err(|e| StoreError::Unavailable(Box::new(e)))?,
            Err(_) => {
                return Err(StoreError::Unavailable(
                    "the PostgreSQL driver stopped".into(),
                ));
            }
        };
        block_on(client.batch_execute(SESSION_SETUP)).map_err(map_err)?;
        Ok(client)
    }

    /// A connection of its own for one thread (see [`PgSession`]); it opens at the first write.
    pub fn session(&self) -> PgSession {
        PgSession {
            config: self.config.clone(),
            conn: None,
            plans_since: Instant::now(),
        }
    }

    fn checkin(&self, conn: PgConn, healthy: bool) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if healthy && !conn.client.is_closed() {
            state.idle.push(conn);
        } else {
            state.open -= 1;
        }
        self.available.notify_one();
    }

    pub fn write<T, E: From<StoreError>>(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(Some("BEGIN"), f)
    }

    pub fn read<T, E: From<StoreError>>(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(None, f)
    }

    /// Every statement of `f` sees the same snapshot.
    pub fn read_snapshot<T, E: From<StoreError>>(
        &self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        self.run(Some("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"), f)
    }

    fn run<T, E: From<StoreError>>(
        &self,
        begin: Option<&str>,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.checkout()?;
        // A panic in `f` still gives the connection back (closed: its transaction is rolled back
        // with it), or the pool would count it as in use for good.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| conn.transact(begin, f))) {
            Ok((result, healthy)) => {
                self.checkin(conn, healthy);
                result
            }
            Err(panic) => {
                self.checkin(conn, false);
                std::panic::resume_unwind(panic);
            }
        }
    }
}

/// A connection outside the pool for one thread that writes all the time (an ingest lane),
/// driven by that thread: its runtime runs only while the thread waits for an answer, so a round
/// trip wakes no other thread of ours. Opens at the first write; a connection that was closed
/// meanwhile (a database restart) is opened again before the transaction begins.
pub struct PgSession {
    config: tokio_postgres::Config,
    conn: Option<PgConn>,
    /// When the connection's plans were last forgotten (`DISCARD PLANS`).
    plans_since: Instant,
}

impl PgSession {
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        let begin = if self.plans_since.elapsed() >= PLAN_LIFETIME {
            self.plans_since = Instant::now();
            "DISCARD PLANS; BEGIN"
        } else {
            "BEGIN"
        };
        let mut conn = match self.conn.take() {
            Some(c) if !c.client.is_closed() => match c.wait(c.client.batch_execute(begin)) {
                Ok(()) => c,
                // Closed while it waited here (only a wait notices): nothing was done on it.
                Err(_) => self.begin_new()?,
            },
            _ => self.begin_new()?,
        };
        // A panic drops the connection on the way out, and with it the transaction.
        let result = f(&mut conn);
        let (result, healthy) = conn.finish(result);
        if healthy {
            self.conn = Some(conn);
        }
        result
    }

    fn begin_new(&self) -> Result<PgConn, StoreError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::Unavailable(Box::new(e)))?;
        let client = rt
            .block_on(open(&self.config))
            .map_err(|e| StoreError::Unavailable(Box::new(e)))?;
        let conn = PgConn {
            client,
            statements: HashMap::new(),
            own: Some(rt),
        };
        conn.wait(conn.client.batch_execute(SESSION_SETUP))
            .map_err(map_err)?;
        conn.wait(conn.client.batch_execute("BEGIN"))
            .map_err(map_err)?;
        Ok(conn)
    }
}

/// Connects, and drives the connection on the current runtime until it ends.
async fn open(config: &tokio_postgres::Config) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = config.connect(NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "PostgreSQL connection ended");
        }
    });
    Ok(client)
}

impl PgConn {
    /// Waits for `f` on this thread, driving the connection's own runtime if it has one.
    fn wait<F: Future>(&self, f: F) -> F::Output {
        match &self.own {
            Some(rt) => rt.block_on(f),
            None => block_on(f),
        }
    }

    /// Runs `f`, in a transaction begun with `begin` if there is one; also says whether the
    /// connection can be used again.
    fn transact<T, E: From<StoreError>>(
        &mut self,
        begin: Option<&str>,
        f: &mut dyn FnMut(&mut dyn Conn) -> Result<T, E>,
    ) -> (Result<T, E>, bool) {
        match begin {
            None => (f(self), true),
            Some(begin) => {
                if let Err(e) = self.wait(self.client.batch_execute(begin)) {
                    return (Err(map_err(e).into()), false);
                }
                let result = f(self);
                self.finish(result)
            }
        }
    }

    /// Commits the open transaction if `result` is `Ok`, rolls it back if not.
    fn finish<T, E: From<StoreError>>(&mut self, result: Result<T, E>) -> (Result<T, E>, bool) {
        match result {
            Ok(v) => match self.wait(self.client.batch_execute("COMMIT")) {
                Ok(()) => (Ok(v), true),
                Err(e) => (Err(map_err(e).into()), false),
            },
            Err(e) => {
                let ok = self.wait(self.client.batch_execute("ROLLBACK")).is_ok();
                (Err(e), ok)
            }
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.wait(self.client.prepare(sql)).map_err(map_err)?;
        if self.statements.len() > 256 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn bind<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl Conn for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        let stmt = self.statement(sql)?;
        self.wait(self.client.execute(&stmt, &bind(params)))
            .map_err(map_err)
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let rows = self
            .wait(self.client.query(&stmt, &bind(params)))
            .map_err(map_err)?;
        rows.iter()
            .map(|r| {
                let mut cols = Vec::with_capacity(r.len());
                for (i, c) in r.columns().iter().enumerate() {
                    let ty = c.type_();
                    let v = if *ty == Type::INT8 {
                        r.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int))
                    } else if *ty == Type::INT4 {
                        r.try_get::<_, Option<i32>>(i)
                            .map(|v| v.map(|v| Value::Int(v as i64)))
                    } else if *ty == Type::INT2 {
                        r.try_get::<_, Option<i16>>(i)
                            .map(|v| v.map(|v| Value::Int(v as i64)))
                    } else if *ty == Type::BOOL {
                        r.try_get::<_, Option<bool>>(i)
                            .map(|v| v.map(|v| Value::Int(v as i64)))
                    } else {
                        r.try_get::<_, Option<String>>(i)
                            .map(|v| v.map(Value::Text))
                    };
                    cols.push(
                        v.map_err(|e| StoreError::Decode(format!("column {}: {e}", c.name())))?
                            .unwrap_or(Value::Null),
                    );
                }
                Ok(Row(cols))
            })
            .collect()
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.wait(self.client.batch_execute(sql)).map_err(map_err)
    }
}

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut tokio_postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(v) => {
                if *ty == Type::INT8 {
                    v.to_sql(ty, out)
                } else if *ty == Type::INT4 {
                    i32::try_from(*v)?.to_sql(ty, out)
                } else if *ty == Type::INT2 {
                    i16::try_from(*v)?.to_sql(ty, out)
                } else if *ty == Type::BOOL {
                    (*v != 0).to_sql(ty, out)
                } else {
                    v.to_string().to_sql(ty, out)
                }
            }
            Param::Text(s) => s.as_ref().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

pub(crate) fn map_err(e: tokio_postgres::Error) -> StoreError {
    if let Some(db) = e.as_db_error() {
        let code = db.code().code();
        return match code {
            "23505" => StoreError::Conflict(db.constraint().unwrap_or_default().to_string()),
            "40001" | "40P01" | "55P03" => StoreError::Retry(Box::new(e)),
            c if c.starts_with("08") || c.starts_with("57P") => {
                StoreError::Unavailable(Box::new(e))
            }
            _ => StoreError::Database(Box::new(e)),
        };
    }
    if e.is_closed() {
        return StoreError::Unavailable(Box::new(e));
    }
    StoreError::Database(Box::new(e))
}

impl Drop for PgDb {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which is not allowed inside async code: let it go in the background.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}
