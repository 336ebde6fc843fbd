use crate::group::GroupWriter;
use crate::queue::{self, Job, OutcomeWrite, RunCtx};
use aftercare_domain::time::{Millis, now_millis};
use aftercare_store::Db;
use rand::Rng;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tracing::Instrument;

/// How a run failed.
#[derive(Debug)]
pub enum JobError {
    /// Worth another try later (network trouble, a 5xx, a busy database).
    Retry(anyhow::Error),
    /// Will never succeed (bad payload, a 410 Gone): straight to `dead`.
    Permanent(anyhow::Error),
    /// Not now (a rate limit): run again after this long; the run does not count as an attempt.
    Later(std::time::Duration),
}

impl<E: Into<anyhow::Error>> From<E> for JobError {
    fn from(e: E) -> Self {
        JobError::Retry(e.into())
    }
}

pub type JobFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
pub type Handler = Arc<dyn Fn(Job) -> JobFuture + Send + Sync>;

/// Job kinds and their handlers.
#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<String, Handler>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn register<F, Fut>(&mut self, kind: &str, f: F)
    where
        F: Fn(Job) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.handlers
            .insert(kind.to_string(), Arc::new(move |job| Box::pin(f(job))));
    }
    pub fn kinds(&self) -> Vec<String> {
        let mut k: Vec<_> = self.handlers.keys().cloned().collect();
        k.sort();
        k
    }
}

#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Jobs run at once by this process.
    pub concurrency: usize,
    /// How long a claim holds a job before another worker may take it.
    pub lease: Duration,
    /// How often to look for due jobs when nothing woke the runner.
    pub poll_interval: Duration,
    /// First retry delay; doubles per attempt, with jitter, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// Longest a single run may take before it counts as failed.
    pub job_timeout: Duration,
}

/// See the runner's loop: how soon after a claim that found nothing a wake-up claims again.
const MIN_WOKEN_CLAIM_GAP: Duration = Duration::from_millis(10);

impl Default for RunnerConfig {
    fn default() -> Self {
        RunnerConfig {
            concurrency: 8,
            lease: Duration::from_secs(60),
            poll_interval: Duration::from_secs(1),
            base_backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(6 * 3600),
            job_timeout: Duration::from_secs(300),
        }
    }
}

impl RunnerConfig {
    /// Delay before retry number `attempt` (1-based): `base · 2^(attempt-1)`, capped, then a
    /// random factor in [0.5, 1.0] so that jobs failing together do not retry together.
    pub fn backoff(&self, attempt: i64) -> Duration {
        let exp = attempt.clamp(1, 30) as u32 - 1;
        let raw = self
            .base_backoff
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.max_backoff);
        raw.mul_f64(rand::rng().random_range(0.5..=1.0))
    }
}

/// Counters for `/metrics`.
#[derive(Default)]
pub struct Stats {
    inner: Mutex<BTreeMap<(String, &'static str), u64>>,
}

impl Stats {
    fn bump(&self, kind: &str, outcome: &'static str) {
        let mut m = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *m.entry((kind.to_string(), outcome)).or_default() += 1;
    }
    /// `((kind, outcome), count)`; outcome is `completed`, `retried`, `dead` or `lease_lost`.
    pub fn snapshot(&self) -> Vec<((String, &'static str), u64)> {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }
}

pub struct Runner {
    db: Db,
    /// Claims, heartbeats, outcomes and handlers' own records: group-committed on SQLite.
    writer: GroupWriter,
    registry: Registry,
    /// The kinds this runner claims (those of `registry`).
    kinds: Arc<Vec<String>>,
    /// When a claim last looked for expired leases.
    expired_checked_at: AtomicI64,
    config: RunnerConfig,
    worker_id: String,
    wake: Arc<Notify>,
    stats: Arc<Stats>,
}

/// Controls a running runner.
#[derive(Clone)]
pub struct RunnerHandle {
    wake: Arc<Notify>,
    stop: watch::Sender<bool>,
    pub stats: Arc<Stats>,
}

impl RunnerHandle {
    /// Look for work now (after an enqueue in this process).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
    /// Stop claiming; in-flight jobs get the runner's shutdown deadline.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

impl Runner {
    pub fn new(db: Db, registry: Registry, config: RunnerConfig) -> Runner {
        Runner {
            writer: GroupWriter::start(db.clone()),
            db,
            kinds: Arc::new(registry.kinds()),
            expired_checked_at: AtomicI64::new(0),
            registry,
            config,
            worker_id: aftercare_domain::new_id(),
            wake: Arc::new(Notify::new()),
            stats: Arc::new(Stats::default()),
        }
    }

    /// Starts the loop on the current runtime. The returned join handle finishes after `stop()`
    /// once in-flight jobs finished, or after `shutdown_deadline` with unfinished jobs released.
    pub fn start(self, shutdown_deadline: Duration) -> (RunnerHandle, tokio::task::JoinHandle<()>) {
        let (stop_tx, stop_rx) = watch::channel(false);
        let handle = RunnerHandle {
            wake: self.wake.clone(),
            stop: stop_tx,
            stats: self.stats.clone(),
        };
        let join = tokio::spawn(self.run(stop_rx, shutdown_deadline));
        (handle, join)
    }

    async fn run(self, mut stop: watch::Receiver<bool>, shutdown_deadline: Duration) {
        let this = Arc::new(self);
        let mut inflight: JoinSet<()> = JoinSet::new();
        let running: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        tracing::info!(worker = %this.worker_id, kinds = ?this.kinds, "job runner started");
        loop {
            if *stop.borrow() {
                break;
            }
            while inflight.try_join_next().is_some() {}
            let free = this.config.concurrency.saturating_sub(inflight.len());
            // A power of two: each claim size is a statement text of its own (see
            // `queue::claim_with`), so few sizes keep them prepared.
            let ask = if free == 0 { 0 } else { 1 << free.ilog2() };
            let mut claimed = 0;
            if ask > 0 {
                let jobs = this.claim(ask).await;
                match jobs {
                    Ok(jobs) => {
                        claimed = jobs.len();
                        for job in jobs {
                            this.spawn_slot(&mut inflight, &running, &stop, job);
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "claiming jobs failed"),
                }
            }
            if claimed > 0 && claimed == ask {
                continue; // more may be due right now
            }
            let looked = tokio::time::Instant::now();
            let woken = tokio::select! {
                _ = this.wake.notified() => true,
                _ = tokio::time::sleep(this.config.poll_interval) => false,
                _ = stop.changed() => false,
                Some(_) = inflight.join_next(), if !inflight.is_empty() => false,
            };
            // Every ingest batch wakes the runner, mostly for jobs due minutes later (messages
            // wait for their collapse window): after a claim that found nothing, a wake-up claims
            // again only `MIN_WOKEN_CLAIM_GAP` later, not once per batch.
            if woken && ask > 0 && claimed == 0 {
                tokio::select! {
                    _ = tokio::time::sleep_until(looked + MIN_WOKEN_CLAIM_GAP) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        // Graceful shutdown: let in-flight jobs finish within the deadline, then give back the rest.
        let waited = tokio::time::timeout(shutdown_deadline, async {
            while inflight.join_next().await.is_some() {}
        })
        .await;
        if waited.is_err() {
            inflight.abort_all();
            while inflight.join_next().await.is_some() {}
            let leftover: Vec<(String, String)> = running
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .drain()
                .collect();
            for (id, lease) in leftover {
                let r = this
                    .db
                    .write_async(move |c| queue::release(c, &id, &lease, now_millis()))
                    .await;
                if let Err(e) = r {
                    tracing::warn!(error = %e, "releasing a job lease at shutdown failed; it is retried when the lease expires");
                }
            }
        }
        tracing::info!(worker = %this.worker_id, "job runner stopped");
    }

    /// Claims up to `n` due jobs, each with a fresh lease token. Jobs whose lease expired are
    /// looked for at least once per poll interval.
    async fn claim(&self, n: usize) -> Result<Vec<Job>, aftercare_store::StoreError> {
        let lease = format!("{}/{}", self.worker_id, aftercare_domain::new_id());
        let (kinds, lease_ms) = (self.kinds.clone(), self.config.lease.as_millis() as i64);
        let now = now_millis();
        let last = self.expired_checked_at.load(Ordering::Relaxed);
        let expired = now - last >= self.config.poll_interval.as_millis() as i64
            && self
                .expired_checked_at
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok();
        self.writer
            .write_unsynced(move |c| {
                let k: Vec<&str> = kinds.iter().map(String::as_str).collect();
                queue::claim_with(c, &k, &lease, now_millis(), lease_ms, n as i64, expired)
            })
            .await
    }

    /// Runs `job` in a slot of its own: when it ends, the slot claims its successor in the same
    /// group commit as the outcome, and runs it, until nothing is due or the runner stops.
    fn spawn_slot(
        self: &Arc<Self>,
        inflight: &mut JoinSet<()>,
        running: &Arc<Mutex<HashMap<String, String>>>,
        stop: &watch::Receiver<bool>,
        job: Job,
    ) {
        let track = |running: &Mutex<HashMap<String, String>>, job: &Job| {
            running
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(job.id.clone(), job.lease.clone());
        };
        track(running, &job);
        let (this, running, stop) = (self.clone(), running.clone(), stop.clone());
        inflight.spawn(async move {
            let mut next = Some(job);
            while let Some(job) = next.take() {
                let id = job.id.clone();
                let claim_next = !*stop.borrow();
                next = this.execute(job, claim_next).await;
                running
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(&id);
                if let Some(job) = &next {
                    track(&running, job);
                }
            }
        });
    }

    /// Runs one job and records its outcome; with `claim_next`, returns the next due job, claimed
    /// together with the outcome.
    async fn execute(self: &Arc<Self>, mut job: Job, claim_next: bool) -> Option<Job> {
        let span = tracing::info_span!("job", job_id = %job.id, kind = %job.kind, attempt = job.attempt, request_id = job.request_id.as_deref().unwrap_or(""));
        async {
            let handler = self.registry.handlers.get(&job.kind).cloned()?;
            let (id, lease, kind, attempt, max) = (job.id.clone(), job.lease.clone(), job.kind.clone(), job.attempt, job.max_attempts);
            if attempt > max {
                // It was claimed again after its worker died on the last allowed attempt.
                return self.finish(&id, &lease, &kind, Err(JobError::Permanent(anyhow::anyhow!("worker died or lost its lease on the last attempt"))), attempt, max, Vec::new(), claim_next).await;
            }
            let attached: Arc<Mutex<Vec<OutcomeWrite>>> = Arc::default();
            job.run = Some(RunCtx { writer: self.writer.clone(), outcome: attached.clone() });
            let started = std::time::Instant::now();
            let heartbeat = self.heartbeat(id.clone(), lease.clone());
            let outcome = tokio::select! {
                r = tokio::time::timeout(self.config.job_timeout, handler(job)) => match r {
                    Ok(r) => r,
                    Err(_) => Err(JobError::Retry(anyhow::anyhow!("timed out after {:?}", self.config.job_timeout))),
                },
                () = heartbeat => {
                    tracing::warn!("lease lost while running; abandoning this run");
                    self.stats.bump(&kind, "lease_lost");
                    return None;
                }
            };
            tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, ok = outcome.is_ok(), "job ran");
            let attached = std::mem::take(&mut *attached.lock().unwrap_or_else(|p| p.into_inner()));
            self.finish(&id, &lease, &kind, outcome, attempt, max, attached, claim_next).await
        }
        .instrument(span)
        .await
    }

    /// Extends the lease every third of its length; returns only when the lease was lost.
    async fn heartbeat(&self, id: String, lease: String) {
        let every = self.config.lease / 3;
        loop {
            tokio::time::sleep(every).await;
            let until = now_millis() + self.config.lease.as_millis() as i64;
            let (id2, lease2) = (id.clone(), lease.clone());
            match self
                .writer
                .write(move |c| queue::extend_lease(c, &id2, &lease2, until))
                .await
            {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => tracing::warn!(error = %e, "lease heartbeat failed"),
            }
        }
    }

    /// Records the run's outcome, fenced by the lease, in one (grouped) transaction with the
    /// writes the handler attached to it ([`Job::with_outcome`]); those commit whatever the
    /// fence says. With `claim_next`, claims the slot's next job in the same group commit.
    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        id: &str,
        lease: &str,
        kind: &str,
        outcome: Result<(), JobError>,
        attempt: i64,
        max: i64,
        mut attached: Vec<OutcomeWrite>,
        claim_next: bool,
    ) -> Option<Job> {
        let now = now_millis();
        let (record, label) = match outcome {
            Ok(()) => (Record::Complete, "completed"),
            Err(JobError::Later(wait)) => (
                Record::Postpone(now + wait.as_millis() as Millis),
                "postponed",
            ),
            Err(e) => {
                let (err, retry_at) = match e {
                    JobError::Retry(e) if attempt < max => (
                        e,
                        Some(now + self.config.backoff(attempt).as_millis() as Millis),
                    ),
                    JobError::Retry(e) | JobError::Permanent(e) => (e, None),
                    // Handled above; kept total so a refactor cannot lose the job.
                    JobError::Later(wait) => (
                        anyhow::anyhow!("not now: again in {wait:?}"),
                        Some(now + wait.as_millis() as Millis),
                    ),
                };
                let msg = format!("{err:#}");
                match retry_at {
                    Some(at) => {
                        tracing::warn!(error = %msg, retry_in_ms = at - now, "job failed; will retry")
                    }
                    None => {
                        tracing::error!(error = %msg, "job failed for good; it is dead until retried by hand")
                    }
                }
                let label = if retry_at.is_some() {
                    "retried"
                } else {
                    "dead"
                };
                (Record::Fail(msg, retry_at), label)
            }
        };
        let (id2, lease2) = (id.to_string(), lease.to_string());
        let had_attached = !attached.is_empty();
        let record2 = record.clone();
        let recorded = self.writer.write_unsynced(move |c| {
            for w in attached.iter_mut() {
                w(c)?;
            }
            record2.apply(c, &id2, &lease2, now)
        });
        // Sent to the writer right after the outcome, so both land in one group.
        let (mut result, next) = if claim_next {
            let (r, next) = tokio::join!(recorded, self.claim(1));
            (r, next)
        } else {
            (recorded.await, Ok(Vec::new()))
        };
        let mut label = label;
        if had_attached && let Err(e) = &result {
            // The handler's record failed: the run did not end as it said. Retry it (a message
            // that was handed over is then found in `sending` and goes again with its Message-ID).
            let msg = format!("recording the outcome failed: {e}");
            tracing::error!(error = %msg, "job outcome not recorded; retrying the job");
            let retry_at =
                (attempt < max).then(|| now + self.config.backoff(attempt).as_millis() as Millis);
            label = if retry_at.is_some() {
                "retried"
            } else {
                "dead"
            };
            let record = Record::Fail(msg, retry_at);
            let (id2, lease2) = (id.to_string(), lease.to_string());
            result = self
                .writer
                .write_unsynced(move |c| record.apply(c, &id2, &lease2, now))
                .await;
        }
        match result {
            Ok(true) => self.stats.bump(kind, label),
            Ok(false) => {
                tracing::warn!("lease was lost before the job finished; outcome not recorded");
                self.stats.bump(kind, "lease_lost");
            }
            Err(e) => {
                tracing::error!(error = %e, "recording the job's outcome failed; it is retried when the lease expires")
            }
        }
        match next {
            Ok(mut jobs) => jobs.pop(),
            Err(e) => {
                tracing::warn!(error = %e, "claiming the next job failed");
                None
            }
        }
    }
}

/// How a run ends in the queue.
#[derive(Clone)]
enum Record {
    Complete,
    Postpone(Millis),
    /// The error, and when to try again (`None`: dead).
    Fail(String, Option<Millis>),
}

impl Record {
    fn apply(
        &self,
        c: &mut dyn aftercare_store::Conn,
        id: &str,
        lease: &str,
        now: Millis,
    ) -> Result<bool, aftercare_store::StoreError> {
        match self {
            Record::Complete => queue::complete(c, id, lease, now),
            Record::Postpone(at) => queue::postpone(c, id, lease, *at, now),
            Record::Fail(msg, retry_at) => queue::fail(c, id, lease, msg, *retry_at, now),
        }
    }
}
