//! PostgreSQL adapter: a bounded pool of `tokio-postgres` clients, each with its own cache of
//! prepared statements, offered through the same synchronous `Conn` port as SQLite.
//!
//! The connections are driven by a small runtime of the pool's own, and callers wait for their
//! queries with a plain thread-parking `block_on`. So the port works from any thread — a blocking
//! pool thread (how the server calls it), a plain thread, or a test body inside a runtime —
//! without "runtime within a runtime" panics, and without tying the store to the caller's runtime.

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
}

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
            match config.connect(NoTls).await {
                Ok((client, connection)) => {
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::warn!(error = %e, "PostgreSQL connection ended");
                        }
                    });
                    let _ = tx.send(Ok(client));
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        });
        let client = match rx.recv() {
            Ok(r) => r.map_err(|e| StoreError::Unavailable(Box::new(e)))?,
            Err(_) => {
                return Err(StoreError::Unavailable(
                    "the PostgreSQL driver stopped".into(),
                ));
            }
        };
        // Statements are prepared once per connection and kept. A generic plan chosen while the
        // tables were still small (a fresh installation) would stay a sequential scan forever;
        // planning each execution for its parameters keeps index lookups as the tables grow.
        block_on(client.batch_execute("SET plan_cache_mode = force_custom_plan"))
            .map_err(map_err)?;
        Ok(client)
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
        let tx = begin.is_some();
        let mut conn = self.checkout()?;
        if let Some(begin) = begin
            && let Err(e) = block_on(conn.client.batch_execute(begin))
        {
            self.checkin(conn, false);
            return Err(map_err(e).into());
        }
        // A panic in `f` still gives the connection back (closed: its transaction is rolled back
        // with it), or the pool would count it as in use for good.
        let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&mut conn))) {
            Ok(r) => r,
            Err(panic) => {
                self.checkin(conn, false);
                std::panic::resume_unwind(panic);
            }
        };
        let (result, healthy) = if !tx {
            (result, true)
        } else {
            match result {
                Ok(v) => match block_on(conn.client.batch_execute("COMMIT")) {
                    Ok(()) => (Ok(v), true),
                    Err(e) => (Err(map_err(e).into()), false),
                },
                Err(e) => {
                    let ok = block_on(conn.client.batch_execute("ROLLBACK")).is_ok();
                    (Err(e), ok)
                }
            }
        };
        self.checkin(conn, healthy);
        result
    }
}

impl PgConn {
    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = block_on(self.client.prepare(sql)).map_err(map_err)?;
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
        block_on(self.client.execute(&stmt, &bind(params))).map_err(map_err)
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        let stmt = self.statement(sql)?;
        let rows = block_on(self.client.query(&stmt, &bind(params))).map_err(map_err)?;
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
        block_on(self.client.batch_execute(sql)).map_err(map_err)
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
