//! Use cases and job handlers. The web layer and the CLI call these; these call the store and
//! enqueue jobs in the same transaction as the change that causes them.

pub mod accounts;
pub mod admin;
pub mod buyer;
pub mod consent;
pub mod error;
pub mod estimate;
pub mod html;
pub mod i18n;
pub mod import;
pub mod ingest;
pub mod jobs;
pub mod limit;
pub mod notify;
pub mod orders;
pub mod tracking;
pub mod views;
pub mod webhooks;

pub use error::AppError;

use aftercare_jobs::RunnerHandle;
use aftercare_store::Db;
use std::sync::{Arc, OnceLock};

/// What every use case needs. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    /// Public base URL of this installation (links in messages and webhooks), without trailing `/`.
    pub base_url: Arc<str>,
    runner: Arc<OnceLock<RunnerHandle>>,
    ingestor: ingest::Ingestor,
    mailer: Arc<OnceLock<notify::Mailer>>,
    sms: Arc<OnceLock<notify::SmsSender>>,
    limits: Arc<OnceLock<notify::Limits>>,
    /// How long after delivery a review request goes out, in milliseconds.
    review_delay_ms: Arc<std::sync::atomic::AtomicI64>,
    admin_timeouts: Arc<OnceLock<admin::Timeouts>>,
}

impl App {
    pub fn new(db: Db, base_url: &str) -> App {
        let runner: Arc<OnceLock<RunnerHandle>> = Arc::default();
        let wake = runner.clone();
        let lanes = match db.dialect() {
            aftercare_store::Dialect::Sqlite => 1,
            // A batch costs a few statements whatever its size (`ingest::batch`): fewer lanes
            // make bigger batches, fewer commits and fewer plans. Measured on 2 cores: two lanes
            // ~1.8-3.0k events/s, eight ~1.1-1.5k.
            aftercare_store::Dialect::Postgres => 2,
        };
        let ingestor = ingest::Ingestor::start(db.clone(), lanes, move || {
            if let Some(r) = wake.get() {
                r.wake();
            }
        });
        App {
            db,
            base_url: base_url.trim_end_matches('/').into(),
            runner,
            ingestor,
            mailer: Arc::default(),
            sms: Arc::default(),
            review_delay_ms: Arc::new(std::sync::atomic::AtomicI64::new(7 * 86_400_000)),
            admin_timeouts: Arc::default(),
            limits: Arc::default(),
        }
    }

    /// How this installation sends mail (set once, at startup); without it, every message goes
    /// to the development mailbox.
    pub fn set_mailer(&self, m: notify::Mailer) {
        let _ = self.mailer.set(m);
    }

    pub fn mailer(&self) -> notify::Mailer {
        self.mailer.get().cloned().unwrap_or_default()
    }

    /// How this installation sends SMS (set once, at startup); without it, none are sent.
    pub fn set_sms(&self, s: notify::SmsSender) {
        let _ = self.sms.set(s);
    }

    pub fn sms(&self) -> Option<notify::SmsSender> {
        self.sms.get().cloned()
    }

    /// Send rates (set once, at startup; defaults otherwise).
    pub fn set_limits(&self, l: notify::Limits) {
        let _ = self.limits.set(l);
    }

    pub fn limits(&self) -> &notify::Limits {
        self.limits.get_or_init(notify::Limits::default)
    }

    /// How long after delivery the review request goes out (`notifications.review_request_days`).
    pub fn set_review_delay(&self, d: std::time::Duration) {
        self.review_delay_ms
            .store(d.as_millis() as i64, std::sync::atomic::Ordering::Relaxed);
    }

    /// Admin session lifetimes (`admin.idle_minutes`, `admin.absolute_hours`); set once.
    pub fn set_admin_timeouts(&self, t: admin::Timeouts) {
        let _ = self.admin_timeouts.set(t);
    }

    pub fn admin_timeouts(&self) -> admin::Timeouts {
        *self.admin_timeouts.get_or_init(admin::Timeouts::default)
    }

    pub fn review_delay_ms(&self) -> i64 {
        self.review_delay_ms
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The group-commit writer for inbound deliveries.
    pub fn ingestor(&self) -> &ingest::Ingestor {
        &self.ingestor
    }

    /// Connects the job runner, so that committed jobs are started at once instead of at the next poll.
    pub fn attach_runner(&self, handle: RunnerHandle) {
        let _ = self.runner.set(handle);
    }

    pub fn runner(&self) -> Option<&RunnerHandle> {
        self.runner.get()
    }

    /// Called after a commit that enqueued jobs.
    pub fn jobs_enqueued(&self) {
        if let Some(r) = self.runner.get() {
            r.wake();
        }
    }
}
