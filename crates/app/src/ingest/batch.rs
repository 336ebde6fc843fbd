//! A batch of deliveries applied set-based: the ingestor's common case, checkpoints of parcels
//! we know, costs a few statements per batch instead of about a dozen per delivery (each a round
//! trip on PostgreSQL).
//!
//! 1. Every new delivery is recorded with multi-row inserts (`inbound::record_many`); what the
//!    database skips is a duplicate.
//! 2. For the deliveries with checkpoints, one statement per table fetches the parcels of their
//!    orders, those orders and the parcels' events (`shipments::of_orders_with`,
//!    `orders::get_many`, `shipments::event_keys`).
//! 3. Each delivery, in arrival order, runs the same rules as a single write
//!    (`tracking::apply_event_in`) against [`Batch`], which answers those reads from memory and
//!    keeps what the rules write: new events, changed parcels, stages, and the follow-up jobs
//!    (`jobs::queue::ENQUEUE` rows).
//! 4. At the end, multi-row statements write them (`shipments::insert_events`,
//!    `shipments::save_all`, `orders::set_stages`, and the jobs).
//!
//! Anything else (an order, a placeholder parcel, a reprocessed or failing delivery) goes through
//! the per-delivery path on the same transaction, after writing what is pending and before
//! forgetting what was fetched, so every delivery sees the effects of those before it.
//! A set-based write that fails cannot say which delivery caused it: the caller then runs the
//! batch again one delivery at a time ([`BatchFailure::Unattributed`]).
//!
//! On PostgreSQL the batch's statements keep their plans, index scans only
//! ([`aftercare_store::postgres::CACHED_PLANS`]): they all find rows by their keys, and planning
//! them (and the foreign-key check of every row they write) again each time was a third of
//! PostgreSQL's time. The per-delivery path plans each statement for its parameters, like every
//! other transaction.

use super::{Delivery, Failure, ItemFailure, Outcome, apply_checkpoints, apply_recorded};
use crate::tracking::{self, Ctx, Parcels};
use aftercare_domain::new_id;
use aftercare_domain::sources::{Change, ShipmentTarget};
use aftercare_domain::time::Millis;
use aftercare_domain::{FulfillmentStatus, OrderStatus};
use aftercare_store::repo::shipments::{DatedSample, Shipment, ShipmentEvent, TransitSample};
use aftercare_store::repo::{inbound, messages, orders, shipments};
use aftercare_store::{Conn, Dialect, Param, Row, StoreError};
use std::collections::{HashMap, HashSet};

/// Why a batch did not apply.
pub(super) enum BatchFailure {
    /// Delivery `i` cannot be applied: run again with it kept as failed.
    Item(usize, ItemFailure),
    /// A set-based statement failed: run again one delivery at a time, which finds the culprit.
    Unattributed(StoreError),
    /// The database is unavailable or the transaction lost a race.
    Store(StoreError),
}

impl From<StoreError> for BatchFailure {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(_) | StoreError::Retry(_) => BatchFailure::Store(e),
            other => BatchFailure::Unattributed(other),
        }
    }
}

/// A failure while applying a delivery from memory: the reads and writes it makes are the
/// batch's, so only "the database is in trouble" is certain; anything else is unattributed.
fn unattributed(f: Failure) -> BatchFailure {
    match f {
        Failure::Store(e) => BatchFailure::Store(e),
        Failure::Item(f) => BatchFailure::Unattributed(StoreError::Decode(f.reason)),
    }
}

/// Applies `deliveries` in one transaction, set-based where it can.
pub(super) fn apply(
    c: &mut dyn Conn,
    deliveries: &[Delivery],
    failed: &HashMap<usize, ItemFailure>,
    now: Millis,
) -> Result<Vec<Outcome>, BatchFailure> {
    // 1. Record every new delivery.
    let ids: Vec<Option<String>> = deliveries
        .iter()
        .map(|d| d.reprocess_of.is_none().then(new_id))
        .collect();
    let metas: Vec<String> = deliveries.iter().map(|d| d.meta.to_string()).collect();
    // The parcels the checkpoints are about are fetched first, so that each delivery is stored
    // with its order (the admin's order page lists them) instead of updated with it afterwards.
    let mut b = Batch::new(c, now);
    b.cached_plans(true)?;
    if let Some(first) = deliveries
        .iter()
        .position(|d| matches!(d.change, Ok(Change::Events { .. })))
    {
        b.load(&deliveries[first..])?;
    }
    let orders: Vec<Option<String>> = deliveries.iter().map(|d| b.order_of(d)).collect();
    let rows: Vec<inbound::NewDelivery<'_>> = deliveries
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            Some(inbound::NewDelivery {
                id: ids[i].as_deref()?,
                shop_id: &d.shop.id,
                source: d.source.as_str(),
                delivery_id: &d.delivery_id,
                topic: &d.topic,
                meta: &metas[i],
                payload: &d.payload,
                state: super::expected_state(d, failed.get(&i)),
                order_id: orders[i].as_deref(),
            })
        })
        .collect();
    let stored = inbound::record_many(b.c, &rows, now)?;
    for (i, id) in ids.iter().enumerate() {
        if let (Some(id), Some(order)) = (id, &orders[i]) {
            b.linked.insert(id.clone(), order.clone());
        }
    }
    let mut out = Vec::with_capacity(deliveries.len());
    for (i, d) in deliveries.iter().enumerate() {
        let inbound_id = match &ids[i] {
            Some(id) if !stored.contains(id) => {
                out.push(Outcome::Duplicate);
                continue;
            }
            Some(id) => Some(id.clone()),
            None => None,
        };
        let fast = match (&inbound_id, failed.get(&i)) {
            (Some(id), None) => b.try_checkpoints(deliveries, i, id)?,
            _ => None,
        };
        let outcome = match fast {
            Some(o) => o,
            None => {
                // The per-delivery path, on the database as this batch has left it so far.
                b.flush()?;
                b.cached_plans(false)?;
                let result = match inbound_id {
                    Some(id) => apply_recorded(b.c, d, failed.get(&i), now, id),
                    None => super::apply_one(b.c, d, failed.get(&i), now),
                };
                b.forget();
                match result {
                    Ok(o) => o,
                    Err(Failure::Item(f)) => return Err(BatchFailure::Item(i, f)),
                    Err(Failure::Store(e)) => return Err(BatchFailure::Store(e)),
                }
            }
        };
        out.push(outcome);
    }
    b.flush()?;
    Ok(out)
}

/// What the batch fetched, as the deliveries so far have changed it, and what it has to write.
struct Batch<'c> {
    c: &'c mut dyn Conn,
    now: Millis,
    /// Whether what is below was fetched for the deliveries from here on.
    loaded: bool,
    /// Parcels as they are now / as the database has them.
    parcels: HashMap<String, Shipment>,
    stored: HashMap<String, Shipment>,
    /// Parcel ids of the fulfillments and tracking numbers asked for (`ORDER BY created_at, id`).
    by_ref: HashMap<(String, String), Vec<String>>,
    by_tracking: HashMap<(String, String, String), Option<String>>,
    /// Parcel ids of each fetched order (all of them: the stage is derived from every parcel).
    parcels_of: HashMap<String, Vec<String>>,
    orders: HashMap<String, orders::Order>,
    /// Each order's stage in the database.
    stored_stage: HashMap<String, String>,
    /// (tag, subtag, occurred_at) of each fetched parcel's events, and their dedupe keys.
    events: HashMap<String, Vec<(String, Option<String>, i64)>>,
    keys: HashSet<(String, String)>,
    /// Transit histories read, newest first, kept current as parcels of the batch are delivered.
    history: HashMap<(String, String, Option<String>, i64), Vec<DatedSample>>,
    collect_hours: HashMap<(String, String), i64>,
    /// Answers to `messages::IS_ENABLED` (nothing here writes settings).
    settings: HashMap<Vec<Param<'static>>, Option<Row>>,
    // To write.
    new_events: Vec<ShipmentEvent>,
    changed: Vec<String>,
    jobs: Vec<Vec<Param<'static>>>,
    /// (shop, delivery, order): which order each delivery was about (the admin's order page).
    links: Vec<(String, String, String)>,
    /// The order each delivery was stored with, by inbound id.
    linked: HashMap<String, String>,
    /// PostgreSQL: whether the transaction keeps plans now (see the module's documentation).
    cached_plans: bool,
}

impl<'c> Batch<'c> {
    fn new(c: &'c mut dyn Conn, now: Millis) -> Self {
        Batch {
            c,
            now,
            loaded: false,
            parcels: HashMap::new(),
            stored: HashMap::new(),
            by_ref: HashMap::new(),
            by_tracking: HashMap::new(),
            parcels_of: HashMap::new(),
            orders: HashMap::new(),
            stored_stage: HashMap::new(),
            events: HashMap::new(),
            keys: HashSet::new(),
            history: HashMap::new(),
            collect_hours: HashMap::new(),
            settings: HashMap::new(),
            new_events: Vec::new(),
            changed: Vec::new(),
            jobs: Vec::new(),
            links: Vec::new(),
            linked: HashMap::new(),
            cached_plans: false,
        }
    }

    /// PostgreSQL: keep plans (`true`) or plan each statement for its parameters (`false`) from
    /// here on in this transaction.
    fn cached_plans(&mut self, cached: bool) -> Result<(), StoreError> {
        if self.cached_plans == cached || self.c.dialect() != Dialect::Postgres {
            return Ok(());
        }
        self.c.execute_batch(if cached {
            aftercare_store::postgres::CACHED_PLANS
        } else {
            aftercare_store::postgres::SESSION_PLANS
        })?;
        self.cached_plans = cached;
        Ok(())
    }

    /// Drops what was fetched (after the per-delivery path ran: it may have changed any of it).
    /// Call [`Batch::flush`] first.
    fn forget(&mut self) {
        self.loaded = false;
        self.parcels.clear();
        self.stored.clear();
        self.by_ref.clear();
        self.by_tracking.clear();
        self.parcels_of.clear();
        self.orders.clear();
        self.stored_stage.clear();
        self.events.clear();
        self.keys.clear();
        self.history.clear();
    }

    /// Applies delivery `i` from memory when it is checkpoints of parcels we have; `None` when it
    /// needs the per-delivery path.
    fn try_checkpoints(
        &mut self,
        deliveries: &[Delivery],
        i: usize,
        inbound_id: &str,
    ) -> Result<Option<Outcome>, BatchFailure> {
        let d = &deliveries[i];
        let Ok(Change::Events {
            target,
            events,
            carrier_estimate,
            ..
        }) = &d.change
        else {
            return Ok(None);
        };
        if !self.loaded {
            self.load(&deliveries[i..])?;
        }
        let shop_id = &d.shop.id;
        let targets: Vec<Shipment> = match self.targets(&d.shop.id, target) {
            Some(ids) if !ids.is_empty() => ids
                .iter()
                .filter_map(|id| self.parcels.get(id).cloned())
                .collect(),
            // Not asked for (fetched before a per-delivery step) or no parcel yet.
            _ => return Ok(None),
        };
        let ctx = Ctx {
            shop: &d.shop,
            now: self.now,
            request_id: d.request_id.as_deref(),
            source: d.source.as_str(),
        };
        if let Some(t) = targets.first()
            && self.linked.get(inbound_id) != Some(&t.order_id)
        {
            self.links
                .push((shop_id.clone(), inbound_id.to_string(), t.order_id.clone()));
        }
        apply_checkpoints(self, &ctx, targets, None, events, *carrier_estimate)
            .map_err(unattributed)?;
        Ok(Some(Outcome::Accepted {
            inbound_id: inbound_id.to_string(),
        }))
    }

    /// The ids of the parcels a checkpoint delivery is about, if they were fetched.
    fn targets(&self, shop_id: &str, target: &ShipmentTarget) -> Option<&[String]> {
        match target {
            ShipmentTarget::Fulfillment(f) => self
                .by_ref
                .get(&(shop_id.to_string(), f.clone()))
                .map(Vec::as_slice),
            ShipmentTarget::Tracking { carrier, number } => self
                .by_tracking
                .get(&(shop_id.to_string(), carrier.clone(), number.clone()))
                .map(|id| id.as_slice()),
        }
    }

    /// The order a checkpoint delivery is about, as fetched.
    fn order_of(&self, d: &Delivery) -> Option<String> {
        let Ok(Change::Events { target, .. }) = &d.change else {
            return None;
        };
        let first = self.targets(&d.shop.id, target)?.first()?;
        Some(self.parcels.get(first)?.order_id.clone())
    }

    /// Fetches, per shop, the parcels, orders and events the checkpoints among `deliveries` need.
    fn load(&mut self, deliveries: &[Delivery]) -> Result<(), StoreError> {
        self.forget();
        self.cached_plans(true)?;
        // Per shop: fulfillment ids, (carrier, tracking number) pairs.
        type Wanted<'d> = (Vec<&'d str>, Vec<(&'d str, &'d str)>);
        let mut wanted: HashMap<&str, Wanted<'_>> = HashMap::new();
        for d in deliveries {
            if let Ok(Change::Events { target, .. }) = &d.change {
                let w = wanted.entry(d.shop.id.as_str()).or_default();
                match target {
                    ShipmentTarget::Fulfillment(f) => w.0.push(f),
                    ShipmentTarget::Tracking { carrier, number } => w.1.push((carrier, number)),
                }
            }
        }
        for (shop_id, (mut refs, mut trackings)) in wanted {
            refs.sort_unstable();
            refs.dedup();
            trackings.sort_unstable();
            trackings.dedup();
            let found = shipments::of_orders_with(self.c, shop_id, &refs, &trackings)?;
            for r in &refs {
                self.by_ref
                    .insert((shop_id.to_string(), r.to_string()), Vec::new());
            }
            for (carrier, number) in &trackings {
                self.by_tracking.insert(
                    (shop_id.to_string(), carrier.to_string(), number.to_string()),
                    None,
                );
            }
            let mut sorted: Vec<&Shipment> = found.iter().collect();
            sorted.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            for s in sorted {
                if let Some(f) = &s.fulfillment_ref
                    && let Some(ids) = self.by_ref.get_mut(&(shop_id.to_string(), f.clone()))
                {
                    ids.push(s.id.clone());
                }
                if let Some(n) = &s.tracking_number
                    && let Some(id) = self.by_tracking.get_mut(&(
                        shop_id.to_string(),
                        s.carrier.clone(),
                        n.clone(),
                    ))
                {
                    *id = Some(s.id.clone());
                }
                self.parcels_of
                    .entry(s.order_id.clone())
                    .or_default()
                    .push(s.id.clone());
            }
            let order_ids: Vec<&str> = self.parcels_of.keys().map(String::as_str).collect();
            for o in orders::get_many(self.c, shop_id, &order_ids)? {
                self.stored_stage.insert(o.id.clone(), o.stage.clone());
                self.orders.insert(o.id.clone(), o);
            }
            let parcel_ids: Vec<&str> = found.iter().map(|s| s.id.as_str()).collect();
            for (sid, tag, subtag, at, key) in shipments::event_keys(self.c, shop_id, &parcel_ids)?
            {
                self.keys.insert((sid.clone(), key));
                self.events.entry(sid).or_default().push((tag, subtag, at));
            }
            for s in found {
                self.events.entry(s.id.clone()).or_default();
                self.stored.insert(s.id.clone(), s.clone());
                self.parcels.insert(s.id.clone(), s);
            }
        }
        self.loaded = true;
        Ok(())
    }

    /// Writes what the deliveries so far changed, set-based.
    fn flush(&mut self) -> Result<(), StoreError> {
        self.cached_plans(true)?;
        if !self.new_events.is_empty() {
            let n = shipments::insert_events(self.c, &self.new_events)?;
            if n != self.new_events.len() as u64 {
                // Another writer stored one of these events since we read them: read again.
                return Err(StoreError::Retry(
                    "a concurrent writer stored an event of this batch".into(),
                ));
            }
            self.new_events.clear();
        }
        if !self.changed.is_empty() {
            let changed = std::mem::take(&mut self.changed);
            let pairs: Vec<(&Shipment, &Shipment)> = changed
                .iter()
                .filter_map(|id| Some((self.stored.get(id)?, self.parcels.get(id)?)))
                .filter(|(before, after)| before != after)
                .collect();
            shipments::save_all(self.c, &pairs)?;
            for id in changed {
                if let Some(s) = self.parcels.get(&id) {
                    self.stored.insert(id, s.clone());
                }
            }
        }
        let mut stages: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for (id, o) in &self.orders {
            if self.stored_stage.get(id) != Some(&o.stage) {
                stages
                    .entry(o.shop_id.as_str())
                    .or_default()
                    .push((id.as_str(), o.stage.as_str()));
            }
        }
        for (shop_id, list) in &stages {
            orders::set_stages(self.c, shop_id, list, self.now)?;
        }
        for (id, o) in &self.orders {
            self.stored_stage.insert(id.clone(), o.stage.clone());
        }
        if !self.links.is_empty() {
            inbound::set_orders(self.c, &std::mem::take(&mut self.links))?;
        }
        if !self.jobs.is_empty() {
            let jobs = std::mem::take(&mut self.jobs);
            for chunk in aftercare_store::sql::pow2_chunks(jobs.len(), 256) {
                let rows = &jobs[chunk];
                let sql =
                    aftercare_store::sql::repeat_values(aftercare_jobs::queue::ENQUEUE, rows.len())
                        .ok_or_else(|| StoreError::Decode("the job insert has no VALUES".into()))?;
                let params: Vec<Param<'_>> = rows.iter().flatten().cloned().collect();
                self.c.execute(&sql, &params)?;
            }
        }
        Ok(())
    }

    /// Keeps cached transit histories current when a parcel's delivery data changes: a parcel
    /// delivered now joins the histories of its carrier and country; one that was in a history
    /// already and changed makes those histories be read again.
    fn update_history(&mut self, before: Option<&Shipment>, after: &Shipment) {
        let sample_of = |s: &Shipment| {
            Some(DatedSample {
                delivered_at: s.delivered_at?,
                sample: (
                    s.service.clone(),
                    s.destination_postcode.clone(),
                    s.transit_days?,
                ),
            })
        };
        let in_history = |key: &(String, String, Option<String>, i64), s: &Shipment| {
            key.0 == s.shop_id && key.1 == s.carrier && key.2 == s.destination_country
        };
        let old = before.and_then(sample_of);
        let new = sample_of(after);
        if old.is_none() && new.is_none() {
            return;
        }
        if let Some(before) = before.filter(|_| old.is_some()) {
            let same_key = before.shop_id == after.shop_id
                && before.carrier == after.carrier
                && before.destination_country == after.destination_country;
            if old == new && same_key {
                return;
            }
            self.history
                .retain(|key, _| !in_history(key, before) && !in_history(key, after));
            return;
        }
        let Some(new) = new else { return };
        for (key, list) in self.history.iter_mut() {
            if in_history(key, after) {
                let at = list
                    .iter()
                    .position(|d| d.delivered_at <= new.delivered_at)
                    .unwrap_or(list.len());
                list.insert(at, new.clone());
                list.truncate(key.3.max(0) as usize);
            }
        }
    }
}

impl Parcels for Batch<'_> {
    fn conn(&mut self) -> &mut dyn Conn {
        self
    }

    fn order(&mut self, shop_id: &str, id: &str) -> Result<Option<orders::Order>, StoreError> {
        if let Some(o) = self.orders.get(id).filter(|o| o.shop_id == shop_id) {
            return Ok(Some(o.clone()));
        }
        self.flush()?;
        orders::get(self.c, shop_id, id)
    }

    fn insert_event(&mut self, e: ShipmentEvent) -> Result<bool, StoreError> {
        if !self.events.contains_key(&e.shipment_id) {
            // Not fetched (cannot happen for the parcels the batch found): the plain way.
            self.flush()?;
            return shipments::insert_event_if_absent(self.c, &e);
        }
        if !self
            .keys
            .insert((e.shipment_id.clone(), e.dedupe_key.clone()))
        {
            return Ok(false);
        }
        if let Some(list) = self.events.get_mut(&e.shipment_id) {
            list.push((e.tag.clone(), e.subtag.clone(), e.occurred_at));
        }
        self.new_events.push(e);
        Ok(true)
    }

    fn event_states(
        &mut self,
        shop_id: &str,
        shipment_id: &str,
    ) -> Result<Vec<(String, Option<String>, i64)>, StoreError> {
        if let Some(list) = self.events.get(shipment_id) {
            return Ok(list.clone());
        }
        self.flush()?;
        shipments::event_states(self.c, shop_id, shipment_id)
    }

    fn collect_hours(&mut self, shop_id: &str, carrier: &str) -> Result<i64, StoreError> {
        let key = (shop_id.to_string(), carrier.to_string());
        if let Some(h) = self.collect_hours.get(&key) {
            return Ok(*h);
        }
        let h = Parcels::collect_hours(&mut tracking::Direct(self.c), shop_id, carrier)?;
        self.collect_hours.insert(key, h);
        Ok(h)
    }

    fn transit_history(
        &mut self,
        shop_id: &str,
        carrier: &str,
        country: Option<&str>,
        limit: i64,
    ) -> Result<Vec<TransitSample>, StoreError> {
        let key = (
            shop_id.to_string(),
            carrier.to_string(),
            country.map(str::to_string),
            limit,
        );
        if !self.history.contains_key(&key) {
            // The database must hold this batch's deliveries so far.
            self.flush()?;
            let list = shipments::transit_history_dated(self.c, shop_id, carrier, country, limit)?;
            self.history.insert(key.clone(), list);
        }
        Ok(self
            .history
            .get(&key)
            .map(|l| l.iter().map(|d| d.sample.clone()).collect())
            .unwrap_or_default())
    }

    fn save(
        &mut self,
        _before: &Shipment,
        after: &Shipment,
        _every_column: bool,
    ) -> Result<(), StoreError> {
        let previous = self.parcels.get(&after.id).cloned();
        self.update_history(previous.as_ref(), after);
        if !self.stored.contains_key(&after.id) {
            // Not fetched (cannot happen for the parcels the batch found): the plain way.
            self.flush()?;
            return shipments::save(self.c, after);
        }
        self.parcels.insert(after.id.clone(), after.clone());
        self.changed.push(after.id.clone());
        Ok(())
    }

    fn refresh_stage(&mut self, ctx: &Ctx, order: &orders::Order) -> Result<(), StoreError> {
        let (Some(ids), Some(current)) =
            (self.parcels_of.get(&order.id), self.orders.get(&order.id))
        else {
            self.flush()?;
            return tracking::refresh_stage(self.c, ctx, order).map(drop);
        };
        let status = OrderStatus::parse(&current.status).unwrap_or_default();
        let fulfillment = FulfillmentStatus::parse(&current.fulfillment_status).unwrap_or_default();
        let stage = tracking::stage_from(
            status,
            fulfillment,
            ids.iter()
                .filter_map(|id| self.parcels.get(id))
                .map(|s| (s.tag.as_str(), s.delivery_method.as_str())),
        );
        if let Some(o) = self.orders.get_mut(&order.id)
            && o.stage != stage.as_str()
        {
            o.stage = stage.as_str().into();
            o.updated_at = self.now;
        }
        Ok(())
    }
}

/// The connection the rules' follow-ups (outbound events, messages, scheduled checks) write
/// through: job rows are kept and inserted together at the end (their callers here never look at
/// whether a row was new, so each counts as one); the settings read is answered once per batch;
/// anything else first writes what is pending, then runs as usual.
impl Conn for Batch<'_> {
    fn dialect(&self) -> Dialect {
        self.c.dialect()
    }

    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        if sql == aftercare_jobs::queue::ENQUEUE {
            self.jobs
                .push(params.iter().cloned().map(Param::into_owned).collect());
            return Ok(1);
        }
        self.flush()?;
        let n = self.c.execute(sql, params)?;
        // It may have changed what was fetched.
        self.forget();
        Ok(n)
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        if sql == messages::IS_ENABLED {
            let key: Vec<Param<'static>> = params.iter().cloned().map(Param::into_owned).collect();
            if let Some(row) = self.settings.get(&key) {
                return Ok(row.iter().cloned().collect());
            }
            let row = self.c.query_opt(sql, params)?;
            self.settings.insert(key, row.clone());
            return Ok(row.into_iter().collect());
        }
        self.flush()?;
        self.c.query(sql, params)
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.flush()?;
        self.c.execute_batch(sql)?;
        self.forget();
        Ok(())
    }
}
