use crate::queue::{self, Job};
use aftercare_domain::time::{Millis, now_millis};
use aftercare_store::Db;
use rand::Rng;
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
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
    registry: Registry,
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
            db,
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
        let kinds = this.registry.kinds();
        let mut inflight: JoinSet<()> = JoinSet::new();
        let running: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        tracing::info!(worker = %this.worker_id, kinds = ?kinds, "job runner started");
        loop {
            if *stop.borrow() {
                break;
            }
            while inflight.try_join_next().is_some() {}
            let free = this.config.concurrency.saturating_sub(inflight.len());
            let mut claimed = 0;
            if free > 0 {
                let lease = format!("{}/{}", this.worker_id, aftercare_domain::new_id());
                let (db, kinds2, lease_ms) = (
                    this.db.clone(),
                    kinds.clone(),
                    this.config.lease.as_millis() as i64,
                );
                let lease2 = lease.clone();
                let jobs = db
                    .write_async(move |c| {
                        let k: Vec<&str> = kinds2.iter().map(String::as_str).collect();
                        queue::claim(c, &k, &lease2, now_millis(), lease_ms, free as i64)
                    })
                    .await;
                match jobs {
                    Ok(jobs) => {
                        claimed = jobs.len();
                        for job in jobs {
                            running
                                .lock()
                                .unwrap_or_else(|p| p.into_inner())
                                .insert(job.id.clone(), job.lease.clone());
                            let (this2, running2) = (this.clone(), running.clone());
                            inflight.spawn(async move {
                                let id = job.id.clone();
                                this2.execute(job).await;
                                running2
                                    .lock()
                                    .unwrap_or_else(|p| p.into_inner())
                                    .remove(&id);
                            });
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "claiming jobs failed"),
                }
            }
            if claimed > 0 && claimed == free {
                continue; // more may be due right now
            }
            tokio::select! {
                _ = this.wake.notified() => {}
                _ = tokio::time::sleep(this.config.poll_interval) => {}
                _ = stop.changed() => {}
                Some(_) = inflight.join_next(), if !inflight.is_empty() => {}
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

    async fn execute(self: &Arc<Self>, job: Job) {
        let span = tracing::info_span!("job", job_id = %job.id, kind = %job.kind, attempt = job.attempt, request_id = job.request_id.as_deref().unwrap_or(""));
        async {
            let Some(handler) = self.registry.handlers.get(&job.kind).cloned() else {
                return;
            };
            let (id, lease, kind, attempt, max) = (job.id.clone(), job.lease.clone(), job.kind.clone(), job.attempt, job.max_attempts);
            if attempt > max {
                // It was claimed again after its worker died on the last allowed attempt.
                self.finish(&id, &lease, &kind, Err(JobError::Permanent(anyhow::anyhow!("worker died or lost its lease on the last attempt"))), attempt, max).await;
                return;
            }
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
                    return;
                }
            };
            tracing::debug!(elapsed_ms = started.elapsed().as_millis() as u64, ok = outcome.is_ok(), "job ran");
            self.finish(&id, &lease, &kind, outcome, attempt, max).await;
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
                .db
                .write_async(move |c| queue::extend_lease(c, &id2, &lease2, until))
                .await
            {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => tracing::warn!(error = %e, "lease heartbeat failed"),
            }
        }
    }

    async fn finish(
        &self,
        id: &str,
        lease: &str,
        kind: &str,
        outcome: Result<(), JobError>,
        attempt: i64,
        max: i64,
    ) {
        let now = now_millis();
        let (id2, lease2) = (id.to_string(), lease.to_string());
        let (result, label) = match outcome {
            Ok(()) => (
                self.db
                    .write_async(move |c| queue::complete(c, &id2, &lease2, now))
                    .await,
                "completed",
            ),
            Err(JobError::Later(wait)) => (
                self.db
                    .write_async(move |c| {
                        queue::postpone(c, &id2, &lease2, now + wait.as_millis() as Millis, now)
                    })
                    .await,
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
                (
                    self.db
                        .write_async(move |c| queue::fail(c, &id2, &lease2, &msg, retry_at, now))
                        .await,
                    label,
                )
            }
        };
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
    }
}
