//! The tracking core's writes, as functions over one open transaction. The native API runs one of
//! them per request; inbound webhooks run many of them in one group-committed batch. Either way
//! the rules are the same: idempotent by identity, stale data changes nothing, a shipment never
//! moves backwards, and every follow-up (outbound event, scheduled check) is enqueued in the same
//! transaction.

use crate::AppError;
use crate::webhooks;
use aftercare_domain::time::Millis;
use aftercare_domain::*;
use aftercare_jobs::{NewJob, enqueue};
use aftercare_store::repo::{customers, orders, shipments, shops::Shop};
use aftercare_store::{Conn, StoreError, params};
use sha2::{Digest, Sha256};

/// Who writes, when, and on whose behalf.
pub struct Ctx<'a> {
    pub shop: &'a Shop,
    pub now: Millis,
    pub request_id: Option<&'a str>,
    /// `api`, `shopify`, `woocommerce`, `aftership`, `native`, `import`, `aftercare`.
    pub source: &'a str,
}

impl Ctx<'_> {
    fn emit(
        &self,
        c: &mut dyn Conn,
        event: &str,
        data: serde_json::Value,
    ) -> Result<(), StoreError> {
        webhooks::emit(
            c,
            self.shop,
            event,
            data,
            self.request_id.map(str::to_string),
            self.now,
        )
    }
}

/// What applying checkpoints reads and writes besides its follow-up jobs. [`Direct`] runs each
/// as a statement on the transaction; the webhook ingestor's batch (`ingest::batch`) answers the
/// reads from what it fetched for the whole batch at once and writes set-based at the end. The
/// rules themselves ([`apply_event_with`]) are the same code either way.
pub trait Parcels {
    /// The transaction, for follow-ups (outbound events, messages, scheduled checks).
    fn conn(&mut self) -> &mut dyn Conn;
    fn order(&mut self, shop_id: &str, id: &str) -> Result<Option<orders::Order>, StoreError>;
    /// Stores the event unless the shipment has one with its dedupe key; `true` when new.
    fn insert_event(&mut self, e: shipments::ShipmentEvent) -> Result<bool, StoreError>;
    /// (tag, subtag, occurred_at) of every stored event of the shipment.
    fn event_states(
        &mut self,
        shop_id: &str,
        shipment_id: &str,
    ) -> Result<Vec<(String, Option<String>, i64)>, StoreError>;
    fn collect_hours(&mut self, shop_id: &str, carrier: &str) -> Result<i64, StoreError>;
    fn transit_history(
        &mut self,
        shop_id: &str,
        carrier: &str,
        country: Option<&str>,
        limit: i64,
    ) -> Result<Vec<shipments::TransitSample>, StoreError>;
    /// Writes a shipment back: the columns that differ from `before`, or every column.
    fn save(
        &mut self,
        before: &shipments::Shipment,
        after: &shipments::Shipment,
        every_column: bool,
    ) -> Result<(), StoreError>;
    /// Recomputes the order's stage from its parcels ([`refresh_stage`]).
    fn refresh_stage(&mut self, ctx: &Ctx, order: &orders::Order) -> Result<(), StoreError>;
}

/// [`Parcels`] as plain statements on one transaction.
pub struct Direct<'c>(pub &'c mut dyn Conn);

impl Parcels for Direct<'_> {
    fn conn(&mut self) -> &mut dyn Conn {
        &mut *self.0
    }
    fn order(&mut self, shop_id: &str, id: &str) -> Result<Option<orders::Order>, StoreError> {
        orders::get(self.0, shop_id, id)
    }
    fn insert_event(&mut self, e: shipments::ShipmentEvent) -> Result<bool, StoreError> {
        shipments::insert_event_if_absent(self.0, &e)
    }
    fn event_states(
        &mut self,
        shop_id: &str,
        shipment_id: &str,
    ) -> Result<Vec<(String, Option<String>, i64)>, StoreError> {
        shipments::event_states(self.0, shop_id, shipment_id)
    }
    fn collect_hours(&mut self, shop_id: &str, carrier: &str) -> Result<i64, StoreError> {
        collect_hours(self.0, shop_id, carrier)
    }
    fn transit_history(
        &mut self,
        shop_id: &str,
        carrier: &str,
        country: Option<&str>,
        limit: i64,
    ) -> Result<Vec<shipments::TransitSample>, StoreError> {
        shipments::transit_history(self.0, shop_id, carrier, country, limit)
    }
    fn save(
        &mut self,
        before: &shipments::Shipment,
        after: &shipments::Shipment,
        every_column: bool,
    ) -> Result<(), StoreError> {
        if every_column {
            shipments::save(self.0, after)
        } else {
            shipments::save_changes(self.0, before, after)
        }
    }
    fn refresh_stage(&mut self, ctx: &Ctx, order: &orders::Order) -> Result<(), StoreError> {
        refresh_stage(self.0, ctx, order).map(drop)
    }
}

/// A stable digest of what the shop sent, so an identical repeat is recognised before any write.
pub fn content_hash(input: &OrderInput) -> String {
    let canonical = serde_json::to_vec(input).unwrap_or_default();
    Sha256::digest(&canonical)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderOutcome {
    Created,
    Updated,
    /// The same content again: nothing written.
    Unchanged,
    /// Older than what is stored (by the source's own `updated_at`): nothing written.
    Stale,
}

fn address_rows(v: &ValidOrder) -> Vec<orders::Address> {
    [
        ("shipping", &v.shipping_address),
        ("billing", &v.billing_address),
    ]
    .into_iter()
    .filter_map(|(kind, a)| {
        a.as_ref().map(|a| orders::Address {
            kind: kind.into(),
            name: a.name.clone(),
            company: a.company.clone(),
            line1: a.line1.clone(),
            line2: a.line2.clone(),
            city: a.city.clone(),
            region: a.region.clone(),
            postcode: a.postcode.clone(),
            country: a.country.clone(),
            phone: a.phone.clone(),
        })
    })
    .collect()
}

fn item_rows(v: &ValidOrder) -> Vec<orders::LineItem> {
    v.line_items
        .iter()
        .enumerate()
        .map(|(i, li)| orders::LineItem {
            position: i as i64,
            sku: li.sku.clone(),
            name: li.name.clone(),
            quantity: li.quantity,
            unit_price_minor: li.unit_price,
            image_url: li.image_url.clone(),
        })
        .collect()
}

fn order_event_data(o: &orders::Order) -> serde_json::Value {
    serde_json::json!({
        "order_id": o.id,
        "external_id": o.external_id,
        "order_number": o.order_number,
        "status": o.status,
        "stage": o.stage,
    })
}

/// Creates or updates an order by the shop's external id.
pub fn apply_order(
    c: &mut dyn Conn,
    ctx: &Ctx,
    v: &ValidOrder,
    content_hash: &str,
    source_updated_at: Option<Millis>,
) -> Result<(orders::Order, OrderOutcome), AppError> {
    let shop_id = &ctx.shop.id;
    if let Some(existing) = orders::by_external_id(c, shop_id, &v.external_id, true)? {
        if existing.content_hash == content_hash {
            return Ok((existing, OrderOutcome::Unchanged));
        }
        if let (Some(stored), Some(incoming)) = (existing.source_updated_at, source_updated_at)
            && incoming < stored
        {
            return Ok((existing, OrderOutcome::Stale));
        }
    }
    let customer_id = match &v.customer {
        Some(cu) if cu.email.is_some() => Some(customers::upsert_by_email(
            c,
            &customers::Customer {
                id: new_id(),
                shop_id: shop_id.clone(),
                email: cu.email.as_ref().map(|e| e.as_str().to_string()),
                phone: cu.phone.clone(),
                first_name: cu.first_name.clone(),
                last_name: cu.last_name.clone(),
                locale: cu.locale.clone().or_else(|| v.locale.clone()),
                time_zone: cu.time_zone.clone(),
                birthday: cu.birthday.clone(),
                created_at: ctx.now,
                updated_at: ctx.now,
            },
        )?),
        _ => None,
    };
    let mut row = orders::Order {
        id: new_id(),
        shop_id: shop_id.clone(),
        external_id: v.external_id.clone(),
        order_number: v.order_number.clone(),
        customer_id,
        email: v
            .customer
            .as_ref()
            .and_then(|c| c.email.as_ref())
            .map(|e| e.as_str().to_string()),
        status: v.status.as_str().into(),
        stage: OrderStage::derive(v.status, v.fulfillment_status, &[])
            .as_str()
            .into(),
        currency: v.currency.clone(),
        total_minor: v.total_minor,
        locale: v.locale.clone(),
        placed_at: v.placed_at,
        fulfillment_status: v.fulfillment_status.as_str().into(),
        delivery_method: v.delivery_method.map(|m| m.as_str().to_string()),
        shipping_method: v.shipping_method.clone(),
        source: ctx.source.into(),
        source_updated_at,
        tracking_token: new_token(16),
        content_hash: content_hash.to_string(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    let outcome = if orders::insert_if_absent(c, &row)? {
        OrderOutcome::Created
    } else {
        // Lost a race with a concurrent insert of the same order (PostgreSQL): lock and update it.
        let existing = orders::by_external_id(c, shop_id, &v.external_id, true)?
            .ok_or(StoreError::NotFound)?;
        if existing.content_hash == content_hash {
            return Ok((existing, OrderOutcome::Unchanged));
        }
        row.id = existing.id;
        row.tracking_token = existing.tracking_token;
        row.created_at = existing.created_at;
        row.source_updated_at = source_updated_at.or(existing.source_updated_at);
        row.stage = stage_of(c, shop_id, &row.id, v.status, v.fulfillment_status)?
            .as_str()
            .into();
        orders::update(c, &row)?;
        if row.status == "cancelled" && existing.status != "cancelled" {
            crate::notify::enqueue_milestone(c, ctx, &row, None, "cancelled", ctx.now)?;
        } else if row.fulfillment_status == "processing" && existing.fulfillment_status == "pending"
        {
            crate::notify::enqueue_milestone(c, ctx, &row, None, "preparing", ctx.now)?;
        }
        OrderOutcome::Updated
    };
    orders::replace_line_items(c, shop_id, &row.id, &item_rows(v))?;
    orders::replace_addresses(c, shop_id, &row.id, &address_rows(v))?;
    if outcome == OrderOutcome::Created && row.status != "cancelled" {
        crate::notify::enqueue_milestone(c, ctx, &row, None, "order_confirmation", row.placed_at)?;
    }
    let event = if outcome == OrderOutcome::Created {
        "order.created"
    } else {
        "order.updated"
    };
    ctx.emit(c, event, order_event_data(&row))?;
    Ok((row, outcome))
}

fn stage_of(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
    status: OrderStatus,
    fulfillment: FulfillmentStatus,
) -> Result<OrderStage, StoreError> {
    let parcels = shipments::parcel_states(c, shop_id, order_id)?;
    Ok(stage_from(
        status,
        fulfillment,
        parcels.iter().map(|(t, m)| (t.as_str(), m.as_str())),
    ))
}

/// An order's stage from its status and its parcels' (tag, delivery method).
pub fn stage_from<'a>(
    status: OrderStatus,
    fulfillment: FulfillmentStatus,
    parcels: impl Iterator<Item = (&'a str, &'a str)>,
) -> OrderStage {
    let parcels: Vec<(ShipmentTag, DeliveryMethod)> = parcels
        .map(|(tag, method)| {
            (
                ShipmentTag::parse(tag).unwrap_or(ShipmentTag::Pending),
                DeliveryMethod::parse(method).unwrap_or_default(),
            )
        })
        .collect();
    OrderStage::derive(status, fulfillment, &parcels)
}

/// Recomputes the order's stage from its parcels; returns the new stage when it changed.
pub fn refresh_stage(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
) -> Result<Option<OrderStage>, StoreError> {
    let status = OrderStatus::parse(&order.status).unwrap_or_default();
    let fulfillment = FulfillmentStatus::parse(&order.fulfillment_status).unwrap_or_default();
    let stage = stage_of(c, &order.shop_id, &order.id, status, fulfillment)?;
    Ok(orders::set_stage(c, &order.shop_id, &order.id, stage.as_str(), ctx.now)?.then_some(stage))
}

fn shipment_event_data(o: &orders::Order, s: &shipments::Shipment) -> serde_json::Value {
    serde_json::json!({
        "order_id": o.id,
        "external_id": o.external_id,
        "shipment_id": s.id,
        "carrier": s.carrier,
        "tracking_number": s.tracking_number,
        "tag": s.tag,
        "subtag": s.subtag,
        "trending_late": s.trending_late,
    })
}

/// How long a locker or pickup parcel waits when neither the source nor the shop says: the
/// carriers' published standard, or a week.
pub fn default_collect_hours(carrier: &str) -> i64 {
    match carrier {
        "inpost" | "inpost-paczkomaty" => 48,
        "foxpost" | "gls" | "gls-hu" | "mpl" | "magyar-posta" => 72,
        "yurtici" | "aras" | "mng" | "ptt" => 72,
        _ => 168,
    }
}

fn collect_hours(c: &mut dyn Conn, shop_id: &str, carrier: &str) -> Result<i64, StoreError> {
    let row = c.query_opt(
        "SELECT collect_by_hours FROM carrier_settings WHERE shop_id = $1 AND carrier = $2",
        params![shop_id, carrier],
    )?;
    Ok(match row {
        Some(r) => r.int(0)?,
        None => default_collect_hours(carrier),
    })
}

pub const COLLECT_BY_JOB: &str = "shipment.collect_by";

fn schedule_collect_by(
    c: &mut dyn Conn,
    ctx: &Ctx,
    s: &shipments::Shipment,
) -> Result<(), StoreError> {
    if let Some(at) = s.collect_by {
        let job = NewJob::new(
            COLLECT_BY_JOB,
            Some(&ctx.shop.id),
            serde_json::json!({ "shipment_id": s.id }),
        )
        .dedupe(format!("collect-by:{}:{at}", s.id))
        .at(at)
        .request_id(ctx.request_id.map(str::to_string));
        enqueue(c, &job, ctx.now)?;
    }
    Ok(())
}

/// Creates or completes a shipment of `order`. Identity: the carrier and tracking number; or, while
/// the number is not known yet, the source's fulfillment id. Returns the shipment and whether it
/// was created.
pub fn apply_shipment(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    v: &ValidShipment,
) -> Result<(shipments::Shipment, bool), AppError> {
    let shop_id = &ctx.shop.id;
    let mut existing = match &v.tracking_number {
        Some(t) => shipments::by_tracking(c, shop_id, &v.carrier, t)?,
        None => None,
    };
    if existing.is_none()
        && let Some(f) = &v.fulfillment_ref
    {
        // A placeholder of this fulfillment still waiting for its number takes it.
        existing = shipments::by_fulfillment(c, shop_id, f)?
            .into_iter()
            .find(|s| {
                s.tracking_number.is_none()
                    || (s.tracking_number == v.tracking_number && s.carrier == v.carrier)
            });
    }
    let loc = v.location.clone().unwrap_or_default();
    if let Some(mut s) = existing {
        if s.order_id != order.id {
            return Err(AppError::Conflict(format!(
                "tracking number {} of {} belongs to another order",
                v.tracking_number.as_deref().unwrap_or("?"),
                v.carrier
            )));
        }
        let before = s.clone();
        // Fill in what is now known; keep what was known when the new data is silent.
        s.carrier = v.carrier.clone();
        s.tracking_number = v.tracking_number.clone().or(s.tracking_number);
        s.service = v.service.clone().or(s.service);
        s.fulfillment_ref = v.fulfillment_ref.clone().or(s.fulfillment_ref);
        s.tracking_url = v.tracking_url.clone().or(s.tracking_url);
        if v.delivery_method != DeliveryMethod::Courier || v.location.is_some() {
            s.delivery_method = v.delivery_method.as_str().into();
        }
        s.location_id = loc.id.or(s.location_id);
        s.location_name = loc.name.or(s.location_name);
        s.location_address = loc.address.or(s.location_address);
        s.location_hours = loc.opening_hours.or(s.location_hours);
        s.pickup_code = v.pickup_code.clone().or(s.pickup_code);
        s.collect_by = v.collect_by.or(s.collect_by);
        s.carrier_estimate_at = v.carrier_estimate.or(s.carrier_estimate_at);
        if store_items(c, shop_id, &s.id, &v.items)? {
            // The page's fingerprint covers the parcel's updated_at.
            s.updated_at = ctx.now;
        }
        if s != before {
            s.updated_at = ctx.now;
            let recompute = s.carrier_estimate_at != before.carrier_estimate_at
                || s.destination_country != before.destination_country;
            crate::estimate::refresh(c, ctx, &mut s, recompute)?;
            shipments::save_changes(c, &before, &s)?;
            if s.collect_by != before.collect_by {
                schedule_collect_by(c, ctx, &s)?;
            }
        }
        return Ok((s, false));
    }
    let dest = orders::addresses(c, shop_id, &order.id)?
        .into_iter()
        .find(|a| a.kind == "shipping");
    let method = if v.delivery_method == DeliveryMethod::Courier && v.location.is_none() {
        order
            .delivery_method
            .as_deref()
            .and_then(DeliveryMethod::parse)
            .unwrap_or(v.delivery_method)
    } else {
        v.delivery_method
    };
    let mut s = shipments::Shipment {
        id: new_id(),
        shop_id: shop_id.clone(),
        order_id: order.id.clone(),
        carrier: v.carrier.clone(),
        service: v.service.clone(),
        tracking_number: v.tracking_number.clone(),
        fulfillment_ref: v.fulfillment_ref.clone(),
        tracking_url: v.tracking_url.clone(),
        delivery_method: method.as_str().into(),
        location_id: loc.id,
        location_name: loc.name,
        location_address: loc.address,
        location_hours: loc.opening_hours,
        pickup_code: v.pickup_code.clone(),
        collect_by: v.collect_by,
        tag: ShipmentTag::Pending.as_str().into(),
        destination_country: dest.as_ref().and_then(|a| a.country.clone()),
        destination_postcode: dest.as_ref().and_then(|a| a.postcode.clone()),
        carrier_estimate_at: v.carrier_estimate,
        created_at: ctx.now,
        updated_at: ctx.now,
        ..Default::default()
    };
    crate::estimate::refresh(c, ctx, &mut s, true)?;
    if !shipments::insert_if_absent(c, &s)? {
        // A concurrent writer inserted the same parcel first: use theirs.
        let stored = shipments::by_tracking(
            c,
            shop_id,
            &v.carrier,
            v.tracking_number.as_deref().unwrap_or_default(),
        )?
        .ok_or(StoreError::NotFound)?;
        return Ok((stored, false));
    }
    store_items(c, shop_id, &s.id, &v.items)?;
    schedule_collect_by(c, ctx, &s)?;
    refresh_stage(c, ctx, order)?;
    ctx.emit(c, "shipment.created", shipment_event_data(order, &s))?;
    Ok((s, true))
}

/// Records what the parcel holds when the source says; silence keeps what was said before.
fn store_items(
    c: &mut dyn Conn,
    shop_id: &str,
    shipment_id: &str,
    items: &[aftercare_domain::ParcelItem],
) -> Result<bool, StoreError> {
    if items.is_empty() {
        return Ok(false);
    }
    let rows: Vec<(Option<&str>, Option<&str>, i64)> = items
        .iter()
        .map(|i| (i.sku.as_deref(), i.name.as_deref(), i.quantity))
        .collect();
    shipments::replace_items(c, shop_id, shipment_id, &rows)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EventOutcome {
    /// The event was new (not a repeat).
    pub stored: bool,
    /// The shipment's status moved.
    pub moved: bool,
    /// The shipment row was written.
    pub saved: bool,
}

/// Records a checkpoint of a shipment and moves its status when the checkpoint is ahead of it.
/// The caller refreshes the order's stage once after its events (see [`refresh_stage`]).
pub fn apply_event(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    s: &mut shipments::Shipment,
    e: &ValidShipmentEvent,
) -> Result<EventOutcome, AppError> {
    apply_event_with(c, ctx, order, s, e, false)
}

/// [`apply_event`], recomputing the estimate when the caller changed what it depends on (a new
/// carrier date) and the event writes the shipment anyway.
pub fn apply_event_with(
    c: &mut dyn Conn,
    ctx: &Ctx,
    order: &orders::Order,
    s: &mut shipments::Shipment,
    e: &ValidShipmentEvent,
    recompute_estimate: bool,
) -> Result<EventOutcome, AppError> {
    apply_event_in(&mut Direct(c), ctx, order, s, e, recompute_estimate)
}

/// [`apply_event_with`] over any [`Parcels`].
pub fn apply_event_in(
    p: &mut dyn Parcels,
    ctx: &Ctx,
    order: &orders::Order,
    s: &mut shipments::Shipment,
    e: &ValidShipmentEvent,
    recompute_estimate: bool,
) -> Result<EventOutcome, AppError> {
    let stored = p.insert_event(shipments::ShipmentEvent {
        id: new_id(),
        shop_id: ctx.shop.id.clone(),
        shipment_id: s.id.clone(),
        tag: e.tag.as_str().into(),
        subtag: e.subtag.clone(),
        message: e.message.clone(),
        location: e.location.clone(),
        occurred_at: e.occurred_at,
        source: ctx.source.into(),
        dedupe_key: e.dedupe_key.clone(),
        created_at: ctx.now,
    })?;
    if !stored {
        return Ok(EventOutcome::default());
    }
    let before = s.clone();
    let current = TagState {
        tag: ShipmentTag::parse(&s.tag).unwrap_or(ShipmentTag::Pending),
        subtag: s.subtag.clone(),
        at: s.tag_at,
    };
    let mut changed = false;
    // It shipped when it first moved: the earliest event at "in transit" or beyond.
    let shipped_before = s.shipped_at;
    if e.tag.progress().is_some_and(|p| p >= 2) && s.shipped_at.is_none_or(|t| e.occurred_at < t) {
        s.shipped_at = Some(e.occurred_at);
        changed = true;
    }
    let history = p.event_states(&ctx.shop.id, &s.id)?;
    let next = TagState::from_events(
        history
            .iter()
            .filter_map(|(t, sub, at)| Some((ShipmentTag::parse(t)?, sub.as_deref(), *at))),
    );
    let moved = next.tag != current.tag;
    if next != current {
        s.tag = next.tag.as_str().into();
        s.subtag = next.subtag.clone();
        s.tag_at = next.at;
        if next.tag == ShipmentTag::Delivered {
            s.delivered_at = next.at;
        }
        if next.tag == ShipmentTag::AvailableForPickup && s.collect_by.is_none() {
            let hours = p.collect_hours(&ctx.shop.id, &s.carrier)?;
            s.collect_by = next.at.map(|at| at + hours * 3_600_000);
            schedule_collect_by(p.conn(), ctx, s)?;
        }
        changed = true;
    }
    let first_moved = s.shipped_at != shipped_before;
    if changed {
        s.updated_at = ctx.now;
        let was_late = s.trending_late;
        crate::estimate::refresh_with(
            ctx,
            s,
            first_moved || recompute_estimate,
            &mut |carrier, country, limit| p.transit_history(&ctx.shop.id, carrier, country, limit),
        )?;
        // The caller changed the parcel before calling (a new carrier date): write it all.
        p.save(&before, s, recompute_estimate)?;
        let c = p.conn();
        if moved {
            ctx.emit(c, "shipment.updated", shipment_event_data(order, s))?;
            if let Some(kind) = crate::notify::parcel_milestone(
                next.tag,
                next.subtag.as_deref(),
                &s.delivery_method,
            ) {
                let at = next.at.unwrap_or(ctx.now);
                crate::notify::enqueue_milestone(c, ctx, order, Some(&s.id), kind, at)?;
                if kind == "ready_for_pickup" && ctx.now - at < 3 * 86_400_000 {
                    crate::notify::enqueue_collect_reminders(c, ctx, order, s)?;
                }
            }
        }
        if s.trending_late && !was_late {
            ctx.emit(c, "shipment.trending_late", shipment_event_data(order, s))?;
        }
    }
    Ok(EventOutcome {
        stored: true,
        moved,
        saved: changed,
    })
}
