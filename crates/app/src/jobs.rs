//! The job kinds this binary runs.

use crate::App;
use aftercare_domain::time::now_millis;
use aftercare_domain::{ShipmentTag, ValidShipmentEvent};
use aftercare_jobs::{JobError, NewJob, Registry, queue};
use aftercare_store::repo::{orders, shipments, shops};
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
    let a = app.clone();
    r.register(crate::ingest::REPROCESS_JOB, move |job| {
        crate::ingest::reprocess(a.clone(), job)
    });
    let db = app.db.clone();
    r.register(crate::tracking::COLLECT_BY_JOB, move |job| {
        shipment_job(db.clone(), job, collect_by_passed)
    });
    let db = app.db.clone();
    r.register(crate::estimate::LATE_SWEEP_JOB, move |_job| {
        let db = db.clone();
        async move {
            let db2 = db.clone();
            let flagged = tokio::task::spawn_blocking(move || {
                crate::estimate::late_sweep(&db2, now_millis())
            })
            .await
            .map_err(|e| JobError::Retry(e.into()))?
            .map_err(|e| JobError::Retry(e.into()))?;
            if flagged > 0 {
                tracing::info!(flagged, "parcels flagged as trending late");
            }
            Ok(())
        }
    });
    crate::notify::register(&mut r, app);
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

/// Schedules the housekeeping of the current hour and the late sweep of the current five
/// minutes. Every node calls this every minute; the dedupe keys make each run once per slot for the
/// whole installation, not once per node.
pub fn schedule_housekeeping(app: &App) -> Result<(), aftercare_store::StoreError> {
    let now = now_millis();
    let hour = now / 3_600_000;
    let five = now / 300_000;
    let housekeeping = NewJob::new(HOUSEKEEPING, None, serde_json::json!({ "hour": hour }))
        .dedupe(format!("housekeeping:{hour}"))
        .max_attempts(3);
    let sweep = NewJob::new(
        crate::estimate::LATE_SWEEP_JOB,
        None,
        serde_json::json!({ "slot": five }),
    )
    .dedupe(format!("late-sweep:{five}"))
    .max_attempts(3);
    app.db.write(|c| {
        queue::enqueue(c, &housekeeping, now)?;
        queue::enqueue(c, &sweep, now).map(|_| ())
    })
}

/// Runs `f` on the job's shipment inside one write transaction.
async fn shipment_job(
    db: aftercare_store::Db,
    job: aftercare_jobs::Job,
    f: fn(
        &mut dyn aftercare_store::Conn,
        &crate::tracking::Ctx,
        &mut shipments::Shipment,
    ) -> Result<(), crate::AppError>,
) -> Result<(), JobError> {
    let shop_id = job
        .shop_id
        .clone()
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("shipment job without shop")))?;
    let Some(shipment_id) = job
        .payload
        .get("shipment_id")
        .and_then(|v| v.as_str())
        .map(str::to_string)
    else {
        return Err(JobError::Permanent(anyhow::anyhow!(
            "shipment job without shipment_id"
        )));
    };
    let request_id = job.request_id.clone();
    db.write_async(move |c| {
        let Some(shop) = shops::get(c, &shop_id)? else {
            return Ok(());
        };
        let Some(mut ship) = shipments::get(c, &shop_id, &shipment_id, true)? else {
            return Ok(());
        };
        let ctx = crate::tracking::Ctx {
            shop: &shop,
            now: now_millis(),
            request_id: request_id.as_deref(),
            source: "aftercare",
        };
        f(c, &ctx, &mut ship)
    })
    .await
    .map_err(|e| JobError::Retry(e.into()))
}

/// At the collect-by deadline: a parcel still waiting at the locker or pickup point goes back to
/// the sender. Recorded as the carrier would (Exception_008, "pick up missed").
fn collect_by_passed(
    c: &mut dyn aftercare_store::Conn,
    ctx: &crate::tracking::Ctx,
    s: &mut shipments::Shipment,
) -> Result<(), crate::AppError> {
    let Some(deadline) = s.collect_by else {
        return Ok(());
    };
    if ctx.now < deadline || s.tag != ShipmentTag::AvailableForPickup.as_str() {
        return Ok(()); // collected, moved on, or the deadline was extended (a new job waits for it)
    }
    let Some(order) = orders::get(c, &ctx.shop.id, &s.order_id)? else {
        return Ok(());
    };
    let event = ValidShipmentEvent {
        tag: ShipmentTag::Exception,
        subtag: Some("Exception_008".into()),
        message: Some("Not collected by the deadline; the parcel goes back to the sender".into()),
        location: s.location_name.clone(),
        occurred_at: deadline,
        dedupe_key: format!("collect-by-missed:{deadline}"),
    };
    let outcome = crate::tracking::apply_event(c, ctx, &order, s, &event)?;
    if outcome.moved {
        crate::tracking::refresh_stage(c, ctx, &order)?;
    }
    Ok(())
}
