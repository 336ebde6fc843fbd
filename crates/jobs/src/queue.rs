use crate::group::GroupWriter;
use aftercare_domain::{new_id, time::Millis};
use aftercare_store::{Conn, Dialect, Param, Row, StoreError, params};
use serde::Serialize;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Dead => "dead",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "queued" => Some(Self::Queued),
            "running" => Some(Self::Running),
            "done" => Some(Self::Done),
            "dead" => Some(Self::Dead),
            _ => None,
        }
    }
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: serde_json::Value,
    /// `None` only for installation-wide housekeeping.
    pub shop_id: Option<String>,
    /// A second enqueue with the same key is a no-op, for as long as the first job's row exists.
    pub dedupe_key: Option<String>,
    /// Not before this time (scheduled jobs: "3 days after delivery"); `None` is now.
    pub run_at: Option<Millis>,
    pub max_attempts: i64,
    /// The request that caused the job, carried into the job's logs.
    pub request_id: Option<String>,
}

impl NewJob {
    pub fn new(kind: &str, shop_id: Option<&str>, payload: serde_json::Value) -> NewJob {
        NewJob {
            kind: kind.to_string(),
            payload,
            shop_id: shop_id.map(str::to_string),
            dedupe_key: None,
            run_at: None,
            max_attempts: 10,
            request_id: None,
        }
    }
    pub fn dedupe(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }
    pub fn at(mut self, run_at: Millis) -> Self {
        self.run_at = Some(run_at);
        self
    }
    pub fn max_attempts(mut self, n: i64) -> Self {
        self.max_attempts = n.max(1);
        self
    }
    pub fn request_id(mut self, id: Option<String>) -> Self {
        self.request_id = id;
        self
    }
}

/// The statement [`enqueue`] runs: one row, `$1 … $9`, nothing returned. A batch that never
/// reads what [`enqueue`] returns may collect these rows and insert them together
/// ([`aftercare_store::sql::repeat_values`]).
pub const ENQUEUE: &str = "INSERT INTO jobs (id, shop_id, kind, payload, state, dedupe_key, attempts, max_attempts, run_at, request_id, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, 'queued', $5, 0, $6, $7, $8, $9, $9) ON CONFLICT (dedupe_key) DO NOTHING";

/// Enqueues `job` in the caller's transaction. Returns the new job's id, or `None` when a job with
/// the same dedupe key already exists.
pub fn enqueue(c: &mut dyn Conn, job: &NewJob, now: Millis) -> Result<Option<String>, StoreError> {
    let id = new_id();
    let n = c.execute(
        ENQUEUE,
        params![
            &id,
            &job.shop_id,
            &job.kind,
            job.payload.to_string(),
            &job.dedupe_key,
            job.max_attempts,
            job.run_at.unwrap_or(now),
            &job.request_id,
            now
        ],
    )?;
    Ok((n == 1).then_some(id))
}

/// A claimed job, as a handler sees it.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub shop_id: Option<String>,
    pub kind: String,
    pub payload: serde_json::Value,
    /// 1 on the first run.
    pub attempt: i64,
    pub max_attempts: i64,
    pub request_id: Option<String>,
    /// The lease token: completion is fenced by it.
    pub lease: String,
    /// Set by the [`Runner`](crate::Runner) that runs it: its group writer, and the writes that
    /// belong to this run's outcome.
    pub(crate) run: Option<RunCtx>,
}

/// A write that belongs to a run's outcome ([`Job::with_outcome`]).
pub(crate) type OutcomeWrite = Box<dyn FnMut(&mut dyn Conn) -> Result<(), StoreError> + Send>;

/// What a run reaches besides its payload.
#[derive(Clone)]
pub(crate) struct RunCtx {
    pub(crate) writer: GroupWriter,
    pub(crate) outcome: Arc<Mutex<Vec<OutcomeWrite>>>,
}

impl std::fmt::Debug for RunCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunCtx").finish_non_exhaustive()
    }
}

impl Job {
    /// Where this run's own write transactions go: the runner's [`GroupWriter`] (on SQLite one
    /// commit and one disk sync for the writes of many runs). `None` for a job claimed outside a
    /// runner.
    pub fn writer(&self) -> Option<&GroupWriter> {
        self.run.as_ref().map(|r| &r.writer)
    }

    /// Writes `f` in the transaction that records this run's outcome (its completion, retry or
    /// postponement), so a handler's last record and the job's end cost one write, not two. `f`
    /// commits even when the lease was lost meanwhile (what happened, happened); if `f` fails, the
    /// run is recorded as a failure to retry. `Err(f)` when the job was not claimed by a runner:
    /// write it yourself.
    pub fn with_outcome<F>(&self, f: F) -> Result<(), F>
    where
        F: FnMut(&mut dyn Conn) -> Result<(), StoreError> + Send + 'static,
    {
        match &self.run {
            Some(r) => {
                r.outcome
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Box::new(f));
                Ok(())
            }
            None => Err(f),
        }
    }
}

/// The columns a claim reads of each job it takes.
const CLAIMED: &str = "id, shop_id, kind, payload, attempts, max_attempts, request_id";

/// Claims up to `limit` due jobs of the given kinds: queued ones whose time has come, and running
/// ones whose lease ran out (their worker died). Each gets the lease token `lease` until
/// `now + lease_ms`.
pub fn claim(
    c: &mut dyn Conn,
    kinds: &[&str],
    lease: &str,
    now: Millis,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<Job>, StoreError> {
    claim_with(c, kinds, lease, now, lease_ms, limit, true)
}

/// [`claim`], looking at expired leases only when `expired` says so. The runner's slots, which
/// claim their next job with every outcome, look for them now and then: that statement walks
/// every running job (their lease ends are not in the index), the due one reads one entry.
pub fn claim_with(
    c: &mut dyn Conn,
    kinds: &[&str],
    lease: &str,
    now: Millis,
    lease_ms: i64,
    limit: i64,
    expired: bool,
) -> Result<Vec<Job>, StoreError> {
    if kinds.is_empty() || limit <= 0 {
        return Ok(Vec::new());
    }
    // Two statements rather than one with an OR: each is served by `jobs_due (state, run_at)` in
    // order, without sorting every due job first (that sort, under the writer lock, was the
    // biggest cost of a long queue). Expired leases first: their workers died. The limit is
    // written into the statement: SQLite prepares a statement again whenever the value bound to
    // its LIMIT changes (it was a tenth of the job writer's time). A limit is at most the
    // runner's concurrency, so the texts are few.
    const EXPIRED: &str = "state = 'running' AND lease_until < $1";
    const DUE: &str = "state = 'queued' AND run_at <= $1";
    let mut args: Vec<Param> = vec![now.into()];
    args.extend(kinds.iter().map(|k| Param::from(*k)));
    let kind_params = || (2..2 + kinds.len()).map(|i| format!("${i}"));
    let mut rows = Vec::new();
    // How many more the second statement may claim.
    let left = |rows: &Vec<Row>| limit - rows.len() as i64;
    if c.dialect() == Dialect::Postgres {
        let lease_param = format!("${}", args.len() + 1);
        let until_param = format!("${}", args.len() + 2);
        args.extend([Param::from(lease), Param::from(now + lease_ms)]);
        let kind_list = kind_params().collect::<Vec<_>>().join(", ");
        let update = |filter: &str, limit: i64| {
            format!(
                "UPDATE jobs SET state = 'running', lease_owner = {lease_param}, lease_until = {until_param}, attempts = attempts + 1, updated_at = $1 \
                 WHERE id IN (SELECT id FROM jobs WHERE {filter} AND kind IN ({kind_list}) ORDER BY run_at LIMIT {limit} FOR UPDATE SKIP LOCKED) \
                 RETURNING {CLAIMED}"
            )
        };
        if expired {
            rows = c.query(&update(EXPIRED, limit), &args)?;
        }
        if left(&rows) > 0 {
            rows.extend(c.query(&update(DUE, left(&rows)), &args)?);
        }
    } else {
        // SQLite: the claim runs on the one writer inside `BEGIN IMMEDIATE`, so nobody can take
        // a job between reading it and marking it. Read, then mark each by its key: `UPDATE … IN
        // (SELECT …) RETURNING` made SQLite build and drop temporary b-trees for every claim (the
        // subquery's ids, the returned rows, the list of kinds), and so does `kind IN (…)`, which
        // an OR of equalities avoids.
        let kind_match = kind_params()
            .map(|p| format!("kind = {p}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let select = |filter: &str, limit: i64| {
            format!(
                "SELECT {CLAIMED} FROM jobs WHERE {filter} AND ({kind_match}) ORDER BY run_at LIMIT {limit}"
            )
        };
        if expired {
            rows = c.query(&select(EXPIRED, limit), &args)?;
        }
        if left(&rows) > 0 {
            rows.extend(c.query(&select(DUE, left(&rows)), &args)?);
        }
        for r in &rows {
            c.execute(
                "UPDATE jobs SET state = 'running', lease_owner = $2, lease_until = $3, attempts = attempts + 1, updated_at = $4 WHERE id = $1",
                params![r.text(0)?, lease, now + lease_ms, now],
            )?;
        }
    }
    // What the rows said before they were marked (SQLite) or after (PostgreSQL's RETURNING).
    let counted_before = i64::from(c.dialect() != Dialect::Postgres);
    rows.iter()
        .map(|r| {
            Ok(Job {
                id: r.text(0)?,
                shop_id: r.opt_text(1)?,
                kind: r.text(2)?,
                payload: serde_json::from_str(&r.text(3)?).unwrap_or(serde_json::Value::Null),
                attempt: r.int(4)? + counted_before,
                max_attempts: r.int(5)?,
                request_id: r.opt_text(6)?,
                lease: lease.to_string(),
                run: None,
            })
        })
        .collect()
}

/// Marks the job done if this lease still holds it. `false`: the lease was lost (the job ran
/// too long without a heartbeat and someone else took it), and nothing was changed.
pub fn complete(c: &mut dyn Conn, id: &str, lease: &str, now: Millis) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = $3, finished_at = $3 \
         WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        params![id, lease, now],
    )? == 1)
}

/// Records a failed run: back to `queued` at `retry_at`, or `dead` when `retry_at` is `None`.
pub fn fail(
    c: &mut dyn Conn,
    id: &str,
    lease: &str,
    error: &str,
    retry_at: Option<Millis>,
    now: Millis,
) -> Result<bool, StoreError> {
    let error: String = error.chars().take(4000).collect();
    let n = match retry_at {
        Some(at) => c.execute(
            "UPDATE jobs SET state = 'queued', run_at = $4, lease_owner = NULL, lease_until = NULL, last_error = $3, updated_at = $5 \
             WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
            params![id, lease, &error, at, now],
        )?,
        None => c.execute(
            "UPDATE jobs SET state = 'dead', lease_owner = NULL, lease_until = NULL, last_error = $3, updated_at = $4, finished_at = $4 \
             WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
            params![id, lease, &error, now],
        )?,
    };
    Ok(n == 1)
}

/// Heartbeat: pushes the lease out while the job still runs. `false` when the lease was lost.
pub fn extend_lease(
    c: &mut dyn Conn,
    id: &str,
    lease: &str,
    until: Millis,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE jobs SET lease_until = $3 WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        params![id, lease, until],
    )? == 1)
}

/// Gives a job back unfinished (graceful shutdown): queued again at once, and the interrupted run
/// does not count as an attempt.
pub fn release(c: &mut dyn Conn, id: &str, lease: &str, now: Millis) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE jobs SET state = 'queued', run_at = $3, lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = $3 \
         WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        params![id, lease, now],
    )? == 1)
}

/// Puts a running job back in the queue until `run_at` without counting the run as an attempt (it
/// was not tried: a rate limit said "not now").
pub fn postpone(
    c: &mut dyn Conn,
    id: &str,
    lease: &str,
    run_at: Millis,
    now: Millis,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE jobs SET state = 'queued', run_at = $3, lease_owner = NULL, lease_until = NULL, attempts = attempts - 1, updated_at = $4 \
         WHERE id = $1 AND lease_owner = $2 AND state = 'running'",
        params![id, lease, run_at, now],
    )? == 1)
}

/// Puts a dead job back in the queue by hand, with a fresh set of attempts.
pub fn retry_dead(
    c: &mut dyn Conn,
    shop_id: Option<&str>,
    id: &str,
    now: Millis,
) -> Result<bool, StoreError> {
    let n = match shop_id {
        Some(shop) => c.execute(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $3, finished_at = NULL, updated_at = $3 WHERE id = $1 AND shop_id = $2 AND state = 'dead'",
            params![id, shop, now],
        )?,
        None => c.execute(
            "UPDATE jobs SET state = 'queued', attempts = 0, run_at = $2, finished_at = NULL, updated_at = $2 WHERE id = $1 AND state = 'dead'",
            params![id, now],
        )?,
    };
    Ok(n == 1)
}

/// A job as the CLI, the API and the admin show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobInfo {
    pub id: String,
    pub shop_id: Option<String>,
    pub kind: String,
    pub state: String,
    pub attempts: i64,
    pub max_attempts: i64,
    /// Milliseconds since the epoch.
    pub run_at: i64,
    pub last_error: Option<String>,
    pub request_id: Option<String>,
    pub dedupe_key: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
    pub payload: serde_json::Value,
}

fn info_from_row(r: &Row) -> Result<JobInfo, StoreError> {
    Ok(JobInfo {
        id: r.text(0)?,
        shop_id: r.opt_text(1)?,
        kind: r.text(2)?,
        state: r.text(3)?,
        attempts: r.int(4)?,
        max_attempts: r.int(5)?,
        run_at: r.int(6)?,
        last_error: r.opt_text(7)?,
        request_id: r.opt_text(8)?,
        dedupe_key: r.opt_text(9)?,
        created_at: r.int(10)?,
        finished_at: r.opt_int(11)?,
        payload: serde_json::from_str(&r.text(12)?).unwrap_or(serde_json::Value::Null),
    })
}

const INFO_COLS: &str = "id, shop_id, kind, state, attempts, max_attempts, run_at, last_error, request_id, dedupe_key, created_at, finished_at, payload";

/// Jobs, newest first, optionally of one shop and one state.
pub fn list(
    c: &mut dyn Conn,
    shop_id: Option<&str>,
    state: Option<JobState>,
    limit: i64,
) -> Result<Vec<JobInfo>, StoreError> {
    let state = state.map(|s| s.as_str());
    c.query(
        &format!(
            "SELECT {INFO_COLS} FROM jobs WHERE (CAST($1 AS TEXT) IS NULL OR shop_id = $1) AND (CAST($2 AS TEXT) IS NULL OR state = $2) ORDER BY created_at DESC, id DESC LIMIT $3"
        ),
        params![shop_id.map(str::to_string), state, limit],
    )?
    .iter()
    .map(info_from_row)
    .collect()
}

pub fn get(c: &mut dyn Conn, id: &str) -> Result<Option<JobInfo>, StoreError> {
    c.query_opt(
        &format!("SELECT {INFO_COLS} FROM jobs WHERE id = $1"),
        params![id],
    )?
    .as_ref()
    .map(info_from_row)
    .transpose()
}

/// Number of jobs per state.
pub fn depth(c: &mut dyn Conn) -> Result<Vec<(String, i64)>, StoreError> {
    c.query(
        "SELECT state, COUNT(*) FROM jobs GROUP BY state ORDER BY state",
        params![],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.int(1)?)))
    .collect()
}

/// Deletes finished jobs older than `before` (dedupe keys live as long as their row).
pub fn purge_done(c: &mut dyn Conn, before: Millis) -> Result<u64, StoreError> {
    c.execute(
        "DELETE FROM jobs WHERE state = 'done' AND finished_at < $1",
        params![before],
    )
}
