//! Inbound deliveries (webhooks from shop platforms and carriers), persisted and applied with
//! group commit.
//!
//! The HTTP layer verifies the signature and reads the body into a [`Change`] on the async
//! threads, then hands the [`Delivery`] to the [`Ingestor`]: a writer thread (one per lane) that takes whatever
//! deliveries are waiting, records and applies all of them in one transaction, commits, and only
//! then answers each. So every 2xx means "durably committed", and a burst costs one commit, not
//! one per request. A delivery that cannot be applied (unknown order, a conflict) is still stored,
//! marked `failed` with the reason, and — when waiting may help — reprocessed later by a job.

use crate::tracking::{self, Ctx, OrderOutcome};
use crate::{App, AppError};
use aftercare_domain::sources::{Change, MapError, PrivacyKind, ShipmentTarget, SourceShipment};
use aftercare_domain::time::{Millis, now_millis};
use aftercare_domain::{WebhookSource, new_id, sources};
use aftercare_jobs::{NewJob, enqueue};
use aftercare_store::repo::{inbound, orders, shipments, shops::Shop};
use aftercare_store::{AsRetry, Conn, Db, StoreError, Writer};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

mod batch;

pub const REPROCESS_JOB: &str = "inbound.reprocess";

/// Deliveries applied in one transaction at most.
const MAX_BATCH: usize = 512;

/// The same where a batch is synced beside the writer (SQLite): a smaller batch leaves deliveries
/// waiting for the next one, so the writer applies it while the last one syncs and its senders
/// are answered and send again. Taking everything waiting instead made one batch of all the
/// senders, and the writer then sat idle through each sync and round trip (with 64 senders,
/// 10.0–10.4k events/s against 10.8–11.9k with 32, in alternating runs).
const SQLITE_MAX_BATCH: usize = 32;

/// One verified delivery.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub shop: Arc<Shop>,
    pub source: WebhookSource,
    pub topic: String,
    /// The source's identity of this delivery: a repeat with the same id is a duplicate.
    pub delivery_id: String,
    /// Headers that matter for processing it again (JSON object).
    pub meta: serde_json::Value,
    pub payload: String,
    pub change: Result<Change, MapError>,
    pub request_id: Option<String>,
    /// Set when a stored, failed delivery is processed again.
    pub reprocess_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Outcome {
    /// Stored and applied.
    Accepted { inbound_id: String },
    /// Seen before: nothing changed.
    Duplicate,
    /// Stored; the topic is not acted on.
    Ignored { inbound_id: String, reason: String },
    /// Stored; older than what we have, so nothing changed.
    Stale { inbound_id: String },
    /// Stored, but could not be applied (yet): kept with the reason, retried when that may help.
    Kept {
        inbound_id: String,
        reason: String,
        retry: bool,
    },
}

/// Reads a delivery's body into a change, by source.
pub fn map_delivery(
    source: WebhookSource,
    topic: &str,
    body: &str,
    now: Millis,
) -> Result<Change, MapError> {
    let json: serde_json::Value =
        serde_json::from_str(body).map_err(|e| MapError(format!("the body is not JSON: {e}")))?;
    match source {
        WebhookSource::Shopify => sources::shopify::map(topic, &json, now),
        WebhookSource::Woocommerce => sources::woocommerce::map(topic, &json, now),
        WebhookSource::Aftership => sources::aftership::map(&json, now),
        WebhookSource::Native => sources::native::map(&json),
    }
}

type Reply = oneshot::Sender<Result<Outcome, AppError>>;

/// The handle of the group-commit writer. Cheap to clone; the thread ends when the last handle goes.
#[derive(Clone)]
pub struct Ingestor {
    lanes: Arc<Vec<mpsc::Sender<(Delivery, Reply)>>>,
}

impl Ingestor {
    /// Starts `lanes` writer threads. SQLite has one writer anyway: one lane. On PostgreSQL the
    /// lanes commit in parallel; deliveries about one order always take the same lane, so they
    /// stay in arrival order and never wait for each other's row locks.
    pub fn start(db: Db, lanes: usize, on_jobs: impl Fn() + Send + Sync + 'static) -> Ingestor {
        let on_jobs: Arc<dyn Fn() + Send + Sync> = Arc::new(on_jobs);
        let mut txs = Vec::new();
        for lane in 0..lanes.max(1) {
            let (tx, mut rx) = mpsc::channel::<(Delivery, Reply)>(8192);
            let (db, on_jobs) = (db.clone(), on_jobs.clone());
            // Where the commit is not durable when it returns (SQLite), a second thread syncs the
            // disk and answers, while this one applies the next batch: one sync covers every
            // batch committed before it started.
            let syncer = if db.defers_sync() {
                match start_syncer(db.clone(), lane, on_jobs.clone()) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        tracing::error!(error = %e, "could not start an ingest sync thread");
                        continue;
                    }
                }
            } else {
                None
            };
            let max_batch = if syncer.is_some() {
                SQLITE_MAX_BATCH
            } else {
                MAX_BATCH
            };
            let spawned = std::thread::Builder::new()
                .name(format!("aftercare-ingest-{lane}"))
                .spawn(move || {
                    // On PostgreSQL the lane has a connection of its own, driven by this thread.
                    let mut writer = db.writer();
                    while let Some(first) = rx.blocking_recv() {
                        let mut batch = vec![first];
                        while batch.len() < max_batch {
                            match rx.try_recv() {
                                Ok(next) => batch.push(next),
                                Err(_) => break,
                            }
                        }
                        let (deliveries, replies): (Vec<Delivery>, Vec<Reply>) =
                            batch.into_iter().unzip();
                        let results = apply_batch(&mut writer, &deliveries);
                        let answered = Answered { replies, results };
                        match &syncer {
                            Some(s) => {
                                if let Err(std::sync::mpsc::SendError(a)) = s.send(answered) {
                                    // The sync thread is gone: sync here.
                                    a.finish(
                                        db.sync().map_err(|e| e.to_string()),
                                        on_jobs.as_ref(),
                                    );
                                }
                            }
                            None => answered.finish(Ok(()), on_jobs.as_ref()),
                        }
                    }
                });
            match spawned {
                Ok(_) => txs.push(tx),
                Err(e) => tracing::error!(error = %e, "could not start an ingest thread"),
            }
        }
        Ingestor {
            lanes: Arc::new(txs),
        }
    }

    /// Stores and applies one delivery; answers after the commit.
    pub async fn submit(&self, d: Delivery) -> Result<Outcome, AppError> {
        let stopped = || AppError::Internal(anyhow::anyhow!("the ingest thread stopped"));
        if self.lanes.is_empty() {
            return Err(stopped());
        }
        let lane = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            d.shop.id.hash(&mut h);
            d.routing_key().hash(&mut h);
            (h.finish() % self.lanes.len() as u64) as usize
        };
        let (reply, answer) = oneshot::channel();
        self.lanes[lane]
            .send((d, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// A committed batch waiting for its answers.
struct Answered {
    replies: Vec<Reply>,
    results: Vec<Result<Outcome, AppError>>,
}

impl Answered {
    /// Answers every delivery of the batch once `synced` says whether its commit is on disk.
    fn finish(self, synced: Result<(), String>, on_jobs: &(dyn Fn() + Send + Sync)) {
        let any_applied = self.results.iter().any(|r| {
            matches!(
                r,
                Ok(Outcome::Accepted { .. } | Outcome::Kept { retry: true, .. })
            )
        });
        let failure = synced.err();
        for (reply, result) in self.replies.into_iter().zip(self.results) {
            let result = match (&failure, result) {
                // Committed but not known to be on disk: not a success. The sender retries, and
                // the retry is a duplicate if the commit did survive.
                (Some(msg), Ok(_)) => {
                    Err(AppError::Store(StoreError::Unavailable(msg.clone().into())))
                }
                (_, r) => r,
            };
            let _ = reply.send(result);
        }
        if any_applied {
            on_jobs();
        }
    }
}

/// The thread that makes a lane's commits durable and then answers them.
fn start_syncer(
    db: Db,
    lane: usize,
    on_jobs: Arc<dyn Fn() + Send + Sync>,
) -> std::io::Result<std::sync::mpsc::Sender<Answered>> {
    let (tx, rx) = std::sync::mpsc::channel::<Answered>();
    std::thread::Builder::new()
        .name(format!("aftercare-sync-{lane}"))
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut done = vec![first];
                done.extend(rx.try_iter());
                let synced = db.sync().map_err(|e| e.to_string());
                if let Err(e) = &synced {
                    tracing::error!(error = %e, "syncing ingested deliveries failed; the senders will retry");
                }
                for a in done {
                    a.finish(synced.clone(), on_jobs.as_ref());
                }
            }
        })?;
    Ok(tx)
}

impl Delivery {
    /// What the delivery is about, for keeping one order's deliveries on one lane.
    fn routing_key(&self) -> &str {
        match &self.change {
            Ok(Change::Order { external_id, .. }) => external_id,
            Ok(Change::Shipments {
                order_external_id, ..
            }) => order_external_id,
            Ok(Change::Events {
                order_external_id: Some(o),
                ..
            }) => o,
            Ok(Change::Events {
                target: ShipmentTarget::Fulfillment(f),
                ..
            }) => f,
            Ok(Change::Events {
                target: ShipmentTarget::Tracking { number, .. },
                ..
            }) => number,
            _ => &self.delivery_id,
        }
    }
}

/// Why one delivery of a batch could not be applied.
#[derive(Debug, Clone)]
struct ItemFailure {
    reason: String,
    /// Waiting may help (the order it refers to has not arrived yet).
    retry: bool,
}

enum BatchError {
    /// Delivery `i` failed: the batch is rolled back and run again with it marked failed.
    Item(usize, ItemFailure),
    /// A set-based write failed: the batch is rolled back and run again one delivery at a time.
    Unattributed(StoreError),
    Store(StoreError),
}

impl From<StoreError> for BatchError {
    fn from(e: StoreError) -> Self {
        BatchError::Store(e)
    }
}

impl AsRetry for BatchError {
    fn is_retry(&self) -> bool {
        matches!(self, BatchError::Store(e) if e.is_retry())
    }
}

fn apply_batch(db: &mut Writer, batch: &[Delivery]) -> Vec<Result<Outcome, AppError>> {
    let mut failed: HashMap<usize, ItemFailure> = HashMap::new();
    // Set-based first; one delivery at a time when a set-based write failed without saying
    // which delivery it was about.
    let mut set_based = true;
    loop {
        let result = db.write_unsynced(|c| {
            let now = now_millis();
            if set_based {
                return batch::apply(c, batch, &failed, now).map_err(|e| match e {
                    batch::BatchFailure::Item(i, f) => BatchError::Item(i, f),
                    batch::BatchFailure::Store(e) => BatchError::Store(e),
                    batch::BatchFailure::Unattributed(e) => BatchError::Unattributed(e),
                });
            }
            let mut out = Vec::with_capacity(batch.len());
            for (i, d) in batch.iter().enumerate() {
                match apply_one(c, d, failed.get(&i), now) {
                    Ok(o) => out.push(o),
                    Err(Failure::Item(f)) => return Err(BatchError::Item(i, f)),
                    Err(Failure::Store(e)) => return Err(BatchError::Store(e)),
                }
            }
            Ok(out)
        });
        match result {
            Ok(out) => return out.into_iter().map(Ok).collect(),
            Err(BatchError::Item(i, f)) => {
                failed.insert(i, f);
            }
            Err(BatchError::Unattributed(e)) => {
                tracing::warn!(error = %e, deliveries = batch.len(), "a set-based ingest write failed; applying the batch one delivery at a time");
                set_based = false;
            }
            Err(BatchError::Store(e)) => {
                tracing::error!(error = %e, deliveries = batch.len(), "ingest batch failed; the senders will retry");
                let msg = e.to_string();
                let unavailable = matches!(e, StoreError::Unavailable(_) | StoreError::Retry(_));
                return batch
                    .iter()
                    .map(|_| {
                        Err(if unavailable {
                            AppError::Store(StoreError::Unavailable(msg.clone().into()))
                        } else {
                            AppError::Internal(anyhow::anyhow!("{msg}"))
                        })
                    })
                    .collect();
            }
        }
    }
}

enum Failure {
    Item(ItemFailure),
    Store(StoreError),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        match e {
            // The database itself is in trouble: the whole batch fails, the senders retry.
            StoreError::Unavailable(_) | StoreError::Retry(_) => Failure::Store(e),
            // Anything else is about this delivery: it alone is kept as failed (the batch is
            // rolled back and run again without it), so one bad delivery cannot block the rest.
            StoreError::NotFound => Failure::Item(ItemFailure {
                reason: "refers to something that is not stored".into(),
                retry: true,
            }),
            other => Failure::Item(ItemFailure {
                reason: other.to_string(),
                retry: false,
            }),
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Store(e) => Failure::from(e),
            AppError::NotFound(what) => Failure::Item(ItemFailure {
                reason: format!("{what} not found"),
                retry: true,
            }),
            AppError::Validation(f) => Failure::Item(ItemFailure {
                reason: f
                    .0
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                retry: false,
            }),
            other => Failure::Item(ItemFailure {
                reason: other.to_string(),
                retry: false,
            }),
        }
    }
}

fn not_yet(what: String) -> Failure {
    Failure::Item(ItemFailure {
        reason: what,
        retry: true,
    })
}

/// The state a delivery's row is stored with: what it is expected to end in.
fn expected_state<'a>(
    d: &'a Delivery,
    failed: Option<&'a ItemFailure>,
) -> (&'a str, Option<&'a str>) {
    match (&d.change, failed) {
        (Ok(Change::Ignored { reason }), _) => ("ignored", Some(reason.as_str())),
        (Err(e), _) => ("failed", Some(e.0.as_str())),
        (Ok(_), Some(f)) => ("failed", Some(f.reason.as_str())),
        (Ok(_), None) => ("processed", None),
    }
}

fn apply_one(
    c: &mut dyn Conn,
    d: &Delivery,
    failed: Option<&ItemFailure>,
    now: Millis,
) -> Result<Outcome, Failure> {
    let shop_id = &d.shop.id;
    let expected = expected_state(d, failed);
    let inbound_id = match &d.reprocess_of {
        Some(id) => {
            if inbound::state(c, shop_id, id)?.as_deref() != Some("failed") {
                return Ok(Outcome::Duplicate); // done meanwhile
            }
            id.clone()
        }
        None => {
            let id = new_id();
            let meta = d.meta.to_string();
            match inbound::record(
                c,
                &id,
                shop_id,
                d.source.as_str(),
                &d.delivery_id,
                &d.topic,
                &meta,
                &d.payload,
                expected,
                now,
            )? {
                Some(id) => id,
                None => return Ok(Outcome::Duplicate),
            }
        }
    };
    apply_recorded(c, d, failed, now, inbound_id)
}

/// Applies a delivery whose row is stored (as `inbound_id`).
fn apply_recorded(
    c: &mut dyn Conn,
    d: &Delivery,
    failed: Option<&ItemFailure>,
    now: Millis,
    inbound_id: String,
) -> Result<Outcome, Failure> {
    let shop_id = &d.shop.id;
    let ctx = Ctx {
        shop: &d.shop,
        now,
        request_id: d.request_id.as_deref(),
        source: d.source.as_str(),
    };
    let keep = |c: &mut dyn Conn, reason: String, retry: bool| -> Result<Outcome, Failure> {
        inbound::mark(c, shop_id, &inbound_id, "failed", Some(&reason), now)?;
        if retry && d.reprocess_of.is_none() {
            let job = NewJob::new(
                REPROCESS_JOB,
                Some(shop_id),
                serde_json::json!({ "inbound_id": inbound_id }),
            )
            .dedupe(format!("reprocess:{inbound_id}"))
            .max_attempts(10)
            .request_id(d.request_id.clone());
            enqueue(c, &job, now)?;
        }
        Ok(Outcome::Kept {
            inbound_id: inbound_id.clone(),
            reason,
            retry,
        })
    };
    if let Some(f) = failed {
        return keep(c, f.reason.clone(), f.retry);
    }
    let change = match &d.change {
        Ok(ch) => ch,
        Err(e) => return keep(c, e.0.clone(), false),
    };
    let outcome = match change {
        Change::Ignored { reason } => {
            if d.reprocess_of.is_some() {
                inbound::mark(c, shop_id, &inbound_id, "ignored", Some(reason), now)?;
            }
            return Ok(Outcome::Ignored {
                inbound_id,
                reason: reason.clone(),
            });
        }
        Change::Privacy {
            kind,
            customer_email,
        } => {
            record_privacy(c, d, *kind, customer_email.as_deref(), now)?;
            Outcome::Accepted {
                inbound_id: inbound_id.clone(),
            }
        }
        Change::Order {
            order,
            external_id,
            updated_at,
            shipments,
        } => {
            let valid = match order.validate(external_id, now) {
                Ok(v) => v,
                Err(f) => {
                    return keep(
                        c,
                        f.0.iter()
                            .map(|e| format!("{}: {}", e.field, e.message))
                            .collect::<Vec<_>>()
                            .join("; "),
                        false,
                    );
                }
            };
            let source_updated =
                updated_at.or_else(|| d.meta.get("triggered_at").and_then(|t| t.as_i64()));
            let (row, outcome) = tracking::apply_order(
                c,
                &ctx,
                &valid,
                &tracking::content_hash(order),
                source_updated,
            )?;
            if outcome == OrderOutcome::Stale {
                inbound::mark(
                    c,
                    shop_id,
                    &inbound_id,
                    "ignored",
                    Some("older than the stored order"),
                    now,
                )?;
                return Ok(Outcome::Stale { inbound_id });
            }
            apply_shipments(c, &ctx, &row, shipments)?;
            inbound::set_order(c, shop_id, &inbound_id, &row.id)?;
            Outcome::Accepted {
                inbound_id: inbound_id.clone(),
            }
        }
        Change::Shipments {
            order_external_id,
            shipments,
        } => {
            let Some(order) = orders::by_external_id(c, shop_id, order_external_id, true)? else {
                return Err(not_yet(format!(
                    "order {order_external_id} has not been received yet"
                )));
            };
            apply_shipments(c, &ctx, &order, shipments)?;
            inbound::set_order(c, shop_id, &inbound_id, &order.id)?;
            Outcome::Accepted {
                inbound_id: inbound_id.clone(),
            }
        }
        Change::Events {
            target,
            order_external_id,
            events,
            carrier_estimate,
            create,
        } => {
            let mut targets = match target {
                ShipmentTarget::Fulfillment(f) => shipments::by_fulfillment(c, shop_id, f)?,
                ShipmentTarget::Tracking { carrier, number } => {
                    shipments::by_tracking(c, shop_id, carrier, number)?
                        .into_iter()
                        .collect()
                }
            };
            let mut order = None;
            if targets.is_empty() {
                let (Some(ext), Some(create)) = (order_external_id, create) else {
                    return Err(not_yet(format!("no shipment for {target:?} yet")));
                };
                let Some(o) = orders::by_external_id(c, shop_id, ext, true)? else {
                    return Err(not_yet(format!("order {ext} has not been received yet")));
                };
                let (s, _) = tracking::apply_shipment(c, &ctx, &o, create)?;
                targets.push(s);
                order = Some(o);
            }
            if let Some(t) = targets.first() {
                inbound::set_order(c, shop_id, &inbound_id, &t.order_id)?;
            }
            apply_checkpoints(
                &mut tracking::Direct(c),
                &ctx,
                targets,
                order,
                events,
                *carrier_estimate,
            )?;
            Outcome::Accepted {
                inbound_id: inbound_id.clone(),
            }
        }
    };
    if d.reprocess_of.is_some() {
        inbound::mark(c, shop_id, &inbound_id, "processed", None, now)?;
    }
    Ok(outcome)
}

/// A delivery's checkpoints applied to the parcels they are about (`order`: the parcels' order,
/// when the caller has it already).
fn apply_checkpoints(
    p: &mut dyn tracking::Parcels,
    ctx: &Ctx,
    targets: Vec<shipments::Shipment>,
    mut order: Option<orders::Order>,
    events: &[aftercare_domain::ValidShipmentEvent],
    carrier_estimate: Option<Millis>,
) -> Result<(), Failure> {
    let shop_id = &ctx.shop.id;
    for mut s in targets {
        let o = match order.take() {
            Some(o) if o.id == s.order_id => o,
            _ => p.order(shop_id, &s.order_id)?.ok_or(StoreError::NotFound)?,
        };
        // A new carrier date is saved with the events' changes: one write, not two.
        let new_estimate = carrier_estimate.is_some() && carrier_estimate != s.carrier_estimate_at;
        let before = s.clone();
        if new_estimate {
            s.carrier_estimate_at = carrier_estimate;
        }
        let (mut moved, mut saved) = (false, false);
        for e in events {
            let out = tracking::apply_event_in(p, ctx, &o, &mut s, e, new_estimate)?;
            moved |= out.moved;
            saved |= out.saved;
        }
        if new_estimate && !saved {
            s.updated_at = ctx.now;
            crate::estimate::refresh_with(ctx, &mut s, true, &mut |carrier, country, limit| {
                p.transit_history(shop_id, carrier, country, limit)
            })?;
            p.save(&before, &s, true)?;
        }
        if moved {
            p.refresh_stage(ctx, &o)?;
        }
        order = Some(o);
    }
    Ok(())
}

fn apply_shipments(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    list: &[SourceShipment],
) -> Result<(), Failure> {
    let mut moved = false;
    for item in list {
        // A new parcel refreshes the stage itself; only its events may move it further.
        let (mut s, _) = tracking::apply_shipment(c, ctx, order, &item.shipment)?;
        for e in &item.events {
            moved |= tracking::apply_event(c, ctx, order, &mut s, e)?.moved;
        }
    }
    if moved {
        tracking::refresh_stage(c, ctx, order)?;
    }
    Ok(())
}

fn record_privacy(
    c: &mut dyn Conn,
    d: &Delivery,
    kind: PrivacyKind,
    email: Option<&str>,
    now: Millis,
) -> Result<(), StoreError> {
    inbound::record_privacy_request(
        c,
        &new_id(),
        &d.shop.id,
        kind.as_str(),
        d.source.as_str(),
        email,
        &d.payload,
        now,
    )?;
    tracing::info!(
        kind = kind.as_str(),
        source = d.source.as_str(),
        "privacy request recorded"
    );
    Ok(())
}

/// The `inbound.reprocess` job: a stored delivery that could not be applied is tried again (the
/// order it waited for may have arrived). Fails — and so backs off — while it still cannot be.
pub async fn reprocess(app: App, job: aftercare_jobs::Job) -> Result<(), aftercare_jobs::JobError> {
    use aftercare_jobs::JobError;
    let shop_id = job
        .shop_id
        .clone()
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("no shop")))?;
    let id = job
        .payload
        .get("inbound_id")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("no inbound_id")))?;
    let (sid, iid) = (shop_id.clone(), id.clone());
    let found = app
        .db
        .read_async(move |c| {
            let shop = aftercare_store::repo::shops::get(c, &sid)?;
            let ev = inbound::get(c, &sid, &iid)?;
            Ok::<_, StoreError>(shop.zip(ev))
        })
        .await
        .map_err(|e| JobError::Retry(e.into()))?;
    let Some((shop, ev)) = found else {
        return Ok(());
    };
    if ev.state != "failed" {
        return Ok(());
    }
    let Some(source) = WebhookSource::parse(&ev.source) else {
        return Err(JobError::Permanent(anyhow::anyhow!(
            "unknown source {}",
            ev.source
        )));
    };
    let meta: serde_json::Value = serde_json::from_str(&ev.meta).unwrap_or_default();
    let delivery = Delivery {
        shop: Arc::new(shop),
        source,
        topic: ev.topic.clone(),
        delivery_id: ev.delivery_id.clone(),
        change: map_delivery(source, &ev.topic, &ev.payload, now_millis()),
        meta,
        payload: ev.payload,
        request_id: job.request_id.clone(),
        reprocess_of: Some(ev.id),
    };
    match app.ingestor().submit(delivery).await {
        Ok(Outcome::Kept {
            reason,
            retry: true,
            ..
        }) => Err(JobError::Retry(anyhow::anyhow!("still waiting: {reason}"))),
        Ok(Outcome::Kept {
            reason,
            retry: false,
            ..
        }) => Err(JobError::Permanent(anyhow::anyhow!(
            "cannot be applied: {reason}"
        ))),
        Ok(_) => Ok(()),
        Err(e) => Err(JobError::Retry(e.into())),
    }
}
