//! The job kinds this binary runs.

use crate::App;
use aftercare_domain::time::now_millis;
use aftercare_jobs::{JobError, NewJob, Registry, queue};
use std::time::Duration;

pub const HOUSEKEEPING: &str = "housekeeping";

/// How long finished jobs (and so their dedupe keys) are kept.
pub const DONE_RETENTION: Duration = Duration::from_secs(14 * 24 * 3600);

/// Every handler of the product.
pub fn registry(app: &App) -> Registry {
    let mut r = Registry::new();
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap_or_default();
    let db = app.db.clone();
    r.register(crate::webhooks::JOB_KIND, move |job| {
        crate::webhooks::deliver(db.clone(), http.clone(), job)
    });
    let db = app.db.clone();
    r.register(HOUSEKEEPING, move |_job| {
        let db = db.clone();
        async move {
            let before = now_millis() - DONE_RETENTION.as_millis() as i64;
            let purged = db
                .write_async(move |c| queue::purge_done(c, before))
                .await
                .map_err(|e| JobError::Retry(e.into()))?;
            let db2 = db.clone();
            tokio::task::spawn_blocking(move || db2.maintain())
                .await
                .map_err(|e| JobError::Retry(e.into()))?
                .map_err(|e| JobError::Retry(e.into()))?;
            tracing::info!(purged, "housekeeping done");
            Ok(())
        }
    });
    r
}

/// Schedules the housekeeping of the current hour. Every node calls this; the dedupe key makes
/// it run once per hour for the whole installation, not once per node.
pub fn schedule_housekeeping(app: &App) -> Result<(), aftercare_store::StoreError> {
    let now = now_millis();
    let hour = now / 3_600_000;
    let job = NewJob::new(HOUSEKEEPING, None, serde_json::json!({ "hour": hour }))
        .dedupe(format!("housekeeping:{hour}"))
        .max_attempts(3);
    app.db.write(|c| queue::enqueue(c, &job, now).map(|_| ()))
}
