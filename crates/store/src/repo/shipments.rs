use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shipment {
    pub id: String,
    pub shop_id: String,
    pub order_id: String,
    pub carrier: String,
    pub service: Option<String>,
    pub tracking_number: Option<String>,
    pub fulfillment_ref: Option<String>,
    pub tracking_url: Option<String>,
    pub delivery_method: String,
    pub location_id: Option<String>,
    pub location_name: Option<String>,
    pub location_address: Option<String>,
    pub location_hours: Option<String>,
    pub pickup_code: Option<String>,
    pub collect_by: Option<i64>,
    pub tag: String,
    pub subtag: Option<String>,
    pub tag_at: Option<i64>,
    pub shipped_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub transit_days: Option<i64>,
    pub destination_country: Option<String>,
    pub destination_postcode: Option<String>,
    pub carrier_estimate_at: Option<i64>,
    pub estimate_from: Option<i64>,
    pub estimate_to: Option<i64>,
    pub estimate_confidence: Option<i64>,
    pub estimate_basis: Option<String>,
    pub trending_late: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, shop_id, order_id, carrier, service, tracking_number, fulfillment_ref, tracking_url, delivery_method, location_id, location_name, location_address, location_hours, \
pickup_code, collect_by, tag, subtag, tag_at, shipped_at, delivered_at, transit_days, destination_country, destination_postcode, carrier_estimate_at, estimate_from, estimate_to, \
estimate_confidence, estimate_basis, trending_late, created_at, updated_at";

pub(crate) fn from_row(r: &Row) -> Result<Shipment, StoreError> {
    Ok(Shipment {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        order_id: r.text(2)?,
        carrier: r.text(3)?,
        service: r.opt_text(4)?,
        tracking_number: r.opt_text(5)?,
        fulfillment_ref: r.opt_text(6)?,
        tracking_url: r.opt_text(7)?,
        delivery_method: r.text(8)?,
        location_id: r.opt_text(9)?,
        location_name: r.opt_text(10)?,
        location_address: r.opt_text(11)?,
        location_hours: r.opt_text(12)?,
        pickup_code: r.opt_text(13)?,
        collect_by: r.opt_int(14)?,
        tag: r.text(15)?,
        subtag: r.opt_text(16)?,
        tag_at: r.opt_int(17)?,
        shipped_at: r.opt_int(18)?,
        delivered_at: r.opt_int(19)?,
        transit_days: r.opt_int(20)?,
        destination_country: r.opt_text(21)?,
        destination_postcode: r.opt_text(22)?,
        carrier_estimate_at: r.opt_int(23)?,
        estimate_from: r.opt_int(24)?,
        estimate_to: r.opt_int(25)?,
        estimate_confidence: r.opt_int(26)?,
        estimate_basis: r.opt_text(27)?,
        trending_late: r.int(28)? != 0,
        created_at: r.int(29)?,
        updated_at: r.int(30)?,
    })
}

fn values(s: &Shipment) -> Vec<crate::Param<'_>> {
    params![
        &s.id,
        &s.shop_id,
        &s.order_id,
        &s.carrier,
        &s.service,
        &s.tracking_number,
        &s.fulfillment_ref,
        &s.tracking_url,
        &s.delivery_method,
        &s.location_id,
        &s.location_name,
        &s.location_address,
        &s.location_hours,
        &s.pickup_code,
        s.collect_by,
        &s.tag,
        &s.subtag,
        s.tag_at,
        s.shipped_at,
        s.delivered_at,
        s.transit_days,
        &s.destination_country,
        &s.destination_postcode,
        s.carrier_estimate_at,
        s.estimate_from,
        s.estimate_to,
        s.estimate_confidence,
        &s.estimate_basis,
        s.trending_late,
        s.created_at,
        s.updated_at
    ]
    .to_vec()
}

/// Inserts unless the shop already has this (carrier, tracking number); `true` when inserted.
pub fn insert_if_absent(c: &mut dyn Conn, s: &Shipment) -> Result<bool, StoreError> {
    Ok(c.execute(
        &format!(
            "INSERT INTO shipments ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) \
             ON CONFLICT (shop_id, carrier, tracking_number) DO NOTHING"
        ),
        &values(s),
    )? == 1)
}

/// Writes every column of a stored shipment back (by shop and id).
pub fn save(c: &mut dyn Conn, s: &Shipment) -> Result<(), StoreError> {
    c.execute(
        "UPDATE shipments SET order_id = $3, carrier = $4, service = $5, tracking_number = $6, fulfillment_ref = $7, tracking_url = $8, delivery_method = $9, \
         location_id = $10, location_name = $11, location_address = $12, location_hours = $13, pickup_code = $14, collect_by = $15, tag = $16, subtag = $17, \
         tag_at = $18, shipped_at = $19, delivered_at = $20, transit_days = $21, destination_country = $22, destination_postcode = $23, carrier_estimate_at = $24, \
         estimate_from = $25, estimate_to = $26, estimate_confidence = $27, estimate_basis = $28, trending_late = $29, created_at = $30, updated_at = $31 WHERE id = $1 AND shop_id = $2",
        &values(s),
    )?;
    Ok(())
}

/// Writes back only the columns that differ from `before`. SQLite rewrites the entry of every
/// index on a column an UPDATE sets, whether or not its value changed; a checkpoint changes a few
/// status columns, so this leaves the parcel's other indexes alone (the ingest hot path).
pub fn save_changes(
    c: &mut dyn Conn,
    before: &Shipment,
    after: &Shipment,
) -> Result<(), StoreError> {
    static NAMES: std::sync::LazyLock<Vec<&'static str>> =
        std::sync::LazyLock::new(|| COLS.split(',').map(str::trim).collect());
    let (old, new) = (values(before), values(after));
    let mut sql = String::from("UPDATE shipments SET ");
    let mut params = vec![new[0].clone(), new[1].clone()];
    for (i, name) in NAMES.iter().enumerate().skip(2) {
        if old[i] != new[i] {
            if params.len() > 2 {
                sql.push_str(", ");
            }
            sql.push_str(name);
            sql.push_str(" = $");
            sql.push_str(&(params.len() + 1).to_string());
            params.push(new[i].clone());
        }
    }
    if params.len() == 2 {
        return Ok(());
    }
    sql.push_str(" WHERE id = $1 AND shop_id = $2");
    c.execute(&sql, &params)?;
    Ok(())
}

/// The shipments of a fulfillment (a source's id for a group of parcels).
pub fn by_fulfillment(
    c: &mut dyn Conn,
    shop_id: &str,
    fulfillment_ref: &str,
) -> Result<Vec<Shipment>, StoreError> {
    c.query(
        &format!("SELECT {COLS} FROM shipments WHERE shop_id = $1 AND fulfillment_ref = $2 ORDER BY created_at, id"),
        params![shop_id, fulfillment_ref],
    )?
    .iter()
    .map(from_row)
    .collect()
}

pub fn get(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    lock: bool,
) -> Result<Option<Shipment>, StoreError> {
    let lock = if lock { c.dialect().for_update() } else { "" };
    c.query_opt(
        &format!("SELECT {COLS} FROM shipments WHERE shop_id = $1 AND id = $2{lock}"),
        params![shop_id, id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn by_tracking(
    c: &mut dyn Conn,
    shop_id: &str,
    carrier: &str,
    tracking_number: &str,
) -> Result<Option<Shipment>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM shipments WHERE shop_id = $1 AND carrier = $2 AND tracking_number = $3"),
        params![shop_id, carrier, tracking_number],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn for_order(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<Shipment>, StoreError> {
    c.query(&format!("SELECT {COLS} FROM shipments WHERE shop_id = $1 AND order_id = $2 ORDER BY created_at, id"), params![shop_id, order_id])?
        .iter()
        .map(from_row)
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ShipmentEvent {
    pub id: String,
    pub shop_id: String,
    pub shipment_id: String,
    pub tag: String,
    pub subtag: Option<String>,
    pub message: Option<String>,
    pub location: Option<String>,
    pub occurred_at: i64,
    pub source: String,
    pub dedupe_key: String,
    pub created_at: i64,
}

/// Stores the event unless one with the same dedupe key is stored for the shipment.
pub fn insert_event_if_absent(c: &mut dyn Conn, e: &ShipmentEvent) -> Result<bool, StoreError> {
    Ok(c.execute(
        "INSERT INTO shipment_events (id, shop_id, shipment_id, tag, subtag, message, location, occurred_at, source, dedupe_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (shipment_id, dedupe_key) DO NOTHING",
        params![&e.id, &e.shop_id, &e.shipment_id, &e.tag, &e.subtag, &e.message, &e.location, e.occurred_at, &e.source, &e.dedupe_key, e.created_at],
    )? == 1)
}

/// The timeline, oldest first.
pub fn events(
    c: &mut dyn Conn,
    shop_id: &str,
    shipment_id: &str,
) -> Result<Vec<ShipmentEvent>, StoreError> {
    c.query(
        "SELECT id, shop_id, shipment_id, tag, subtag, message, location, occurred_at, source, dedupe_key, created_at FROM shipment_events \
         WHERE shop_id = $1 AND shipment_id = $2 ORDER BY occurred_at, id",
        params![shop_id, shipment_id],
    )?
    .iter()
    .map(event_from_row)
    .collect()
}

/// Every parcel's timeline of one order in one query, oldest first.
pub fn events_for_order(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<ShipmentEvent>, StoreError> {
    c.query(
        "SELECT e.id, e.shop_id, e.shipment_id, e.tag, e.subtag, e.message, e.location, e.occurred_at, e.source, e.dedupe_key, e.created_at \
         FROM shipments s JOIN shipment_events e ON e.shipment_id = s.id \
         WHERE s.shop_id = $1 AND s.order_id = $2 ORDER BY e.occurred_at, e.id",
        params![shop_id, order_id],
    )?
    .iter()
    .map(event_from_row)
    .collect()
}

fn event_from_row(r: &Row) -> Result<ShipmentEvent, StoreError> {
    Ok(ShipmentEvent {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        shipment_id: r.text(2)?,
        tag: r.text(3)?,
        subtag: r.opt_text(4)?,
        message: r.opt_text(5)?,
        location: r.opt_text(6)?,
        occurred_at: r.int(7)?,
        source: r.text(8)?,
        dedupe_key: r.text(9)?,
        created_at: r.int(10)?,
    })
}

/// (service, destination postcode, business days in transit) of one delivered parcel.
pub type TransitSample = (Option<String>, Option<String>, i64);

/// Transit times (business days) of the shop's delivered parcels with this carrier to this
/// country, newest first: what the delivery estimate learns from. Each row: (service, postcode,
/// transit days).
pub fn transit_history(
    c: &mut dyn Conn,
    shop_id: &str,
    carrier: &str,
    country: Option<&str>,
    limit: i64,
) -> Result<Vec<TransitSample>, StoreError> {
    Ok(transit_history_dated(c, shop_id, carrier, country, limit)?
        .into_iter()
        .map(|d| d.sample)
        .collect())
}

/// One row of [`transit_history_dated`]: a sample with its parcel's delivery time, so a batch can
/// keep a fetched history current as its own parcels are delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedSample {
    pub delivered_at: i64,
    pub sample: TransitSample,
}

/// [`transit_history`] with each parcel's delivery time.
pub fn transit_history_dated(
    c: &mut dyn Conn,
    shop_id: &str,
    carrier: &str,
    country: Option<&str>,
    limit: i64,
) -> Result<Vec<DatedSample>, StoreError> {
    let country_cond = if country.is_some() {
        "destination_country = $3"
    } else {
        "destination_country IS NULL AND CAST($3 AS TEXT) IS NULL"
    };
    // `delivered_at < $5` (any time at all) bounds the backward index scan: PostgreSQL sorts
    // NULLs last and, with `IS NOT NULL` alone, walks past every parcel not delivered yet (3.6 ms
    // for 2,900 of them) before the first row; with the bound it starts at the newest delivery.
    c.query(
        &format!(
            "SELECT service, destination_postcode, transit_days, delivered_at FROM shipments \
             WHERE shop_id = $1 AND carrier = $2 AND {country_cond} AND delivered_at IS NOT NULL AND delivered_at < $5 \
             AND transit_days IS NOT NULL ORDER BY delivered_at DESC LIMIT $4"
        ),
        params![shop_id, carrier, country.map(str::to_string), limit, i64::MAX],
    )?
    .iter()
    .map(|r| {
        Ok(DatedSample {
            sample: (r.opt_text(0)?, r.opt_text(1)?, r.int(2)?),
            delivered_at: r.int(3)?,
        })
    })
    .collect()
}

/// (tag, subtag, occurred_at) of every event of a shipment: what its current status is computed from.
pub fn event_states(
    c: &mut dyn Conn,
    shop_id: &str,
    shipment_id: &str,
) -> Result<Vec<(String, Option<String>, i64)>, StoreError> {
    c.query(
        "SELECT tag, subtag, occurred_at FROM shipment_events WHERE shop_id = $1 AND shipment_id = $2",
        params![shop_id, shipment_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.opt_text(1)?, r.int(2)?)))
    .collect()
}

/// Parcels past the end of their window, not delivered and not yet flagged, across all shops (for
/// the installation-wide late sweep), oldest window first.
pub fn due_late(c: &mut dyn Conn, now: i64, limit: i64) -> Result<Vec<Shipment>, StoreError> {
    c.query(
        &format!("SELECT {COLS} FROM shipments WHERE trending_late = 0 AND estimate_to < $1 AND delivered_at IS NULL ORDER BY estimate_to LIMIT $2"),
        params![now, limit],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// (tag, delivery method) of each parcel of an order: what its stage is derived from.
pub fn parcel_states(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    c.query(
        "SELECT tag, delivery_method FROM shipments WHERE shop_id = $1 AND order_id = $2",
        params![shop_id, order_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .collect()
}

/// One line of what a parcel holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParcelItem {
    pub shipment_id: String,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub quantity: i64,
}

/// What the parcel holds, replacing what was said before; `false` when it was the same already.
pub fn replace_items(
    c: &mut dyn Conn,
    shop_id: &str,
    shipment_id: &str,
    items: &[(Option<&str>, Option<&str>, i64)],
) -> Result<bool, StoreError> {
    let now: Vec<(Option<String>, Option<String>, i64)> = c
        .query(
            "SELECT sku, name, quantity FROM shipment_items WHERE shop_id = $1 AND shipment_id = $2 ORDER BY position",
            params![shop_id, shipment_id],
        )?
        .iter()
        .map(|r| Ok((r.opt_text(0)?, r.opt_text(1)?, r.int(2)?)))
        .collect::<Result<_, StoreError>>()?;
    let same = now.len() == items.len()
        && now
            .iter()
            .zip(items)
            .all(|(a, b)| a.0.as_deref() == b.0 && a.1.as_deref() == b.1 && a.2 == b.2);
    if same {
        return Ok(false);
    }
    c.execute(
        "DELETE FROM shipment_items WHERE shop_id = $1 AND shipment_id = $2",
        params![shop_id, shipment_id],
    )?;
    for (i, (sku, name, quantity)) in items.iter().enumerate() {
        c.execute(
            "INSERT INTO shipment_items (shop_id, shipment_id, position, sku, name, quantity) VALUES ($1, $2, $3, $4, $5, $6)",
            params![shop_id, shipment_id, i as i64, *sku, *name, *quantity],
        )?;
    }
    Ok(true)
}

/// What one parcel holds.
pub fn items(
    c: &mut dyn Conn,
    shop_id: &str,
    shipment_id: &str,
) -> Result<Vec<ParcelItem>, StoreError> {
    c.query(
        "SELECT shipment_id, sku, name, quantity FROM shipment_items WHERE shop_id = $1 AND shipment_id = $2 ORDER BY position",
        params![shop_id, shipment_id],
    )?
    .iter()
    .map(item_from_row)
    .collect()
}

fn item_from_row(r: &Row) -> Result<ParcelItem, StoreError> {
    Ok(ParcelItem {
        shipment_id: r.text(0)?,
        sku: r.opt_text(1)?,
        name: r.opt_text(2)?,
        quantity: r.int(3)?,
    })
}

/// What each parcel of an order holds, parcel by parcel.
pub fn items_for_order(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<ParcelItem>, StoreError> {
    c.query(
        "SELECT i.shipment_id, i.sku, i.name, i.quantity FROM shipments s JOIN shipment_items i ON i.shipment_id = s.id \
         WHERE s.shop_id = $1 AND s.order_id = $2 ORDER BY s.created_at, s.id, i.position",
        params![shop_id, order_id],
    )?
    .iter()
    .map(item_from_row)
    .collect()
}

// ---- Set-based reads and writes for a batch of checkpoints (the webhook ingestor) ----

/// Every parcel of every order that has a parcel of one of these fulfillments, or with one of
/// these (carrier, tracking number) pairs: what a batch of checkpoints reads, in one statement
/// per chunk instead of three per checkpoint.
pub fn of_orders_with(
    c: &mut dyn Conn,
    shop_id: &str,
    fulfillment_refs: &[&str],
    trackings: &[(&str, &str)],
) -> Result<Vec<Shipment>, StoreError> {
    let mut out: Vec<Shipment> = Vec::new();
    for chunk in crate::sql::pow2_chunks(fulfillment_refs.len(), 256) {
        let refs = &fulfillment_refs[chunk];
        let mut params: Vec<crate::Param<'_>> = vec![shop_id.into()];
        params.extend(refs.iter().map(|r| crate::Param::from(*r)));
        let sql = format!(
            "SELECT {COLS} FROM shipments WHERE shop_id = $1 AND order_id IN \
             (SELECT order_id FROM shipments WHERE shop_id = $1 AND fulfillment_ref IN ({}))",
            crate::sql::placeholder_list(2, refs.len())
        );
        for r in c.query(&sql, &params)? {
            out.push(from_row(&r)?);
        }
    }
    for chunk in crate::sql::pow2_chunks(trackings.len(), 64) {
        let pairs = &trackings[chunk];
        let mut params: Vec<crate::Param<'_>> = vec![shop_id.into()];
        let mut cond = String::new();
        for (i, (carrier, number)) in pairs.iter().enumerate() {
            if i > 0 {
                cond.push_str(" OR ");
            }
            cond.push_str(&format!(
                "(carrier = ${} AND tracking_number = ${})",
                params.len() + 1,
                params.len() + 2
            ));
            params.push((*carrier).into());
            params.push((*number).into());
        }
        let sql = format!(
            "SELECT {COLS} FROM shipments WHERE shop_id = $1 AND order_id IN \
             (SELECT order_id FROM shipments WHERE shop_id = $1 AND ({cond}))"
        );
        for r in c.query(&sql, &params)? {
            out.push(from_row(&r)?);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|s| seen.insert(s.id.clone()));
    Ok(out)
}

/// (shipment id, tag, subtag, occurred_at, dedupe key) of every event of these shipments.
pub type EventKey = (String, String, Option<String>, i64, String);

/// [`event_states`] and the dedupe keys of many shipments at once.
pub fn event_keys(
    c: &mut dyn Conn,
    shop_id: &str,
    shipment_ids: &[&str],
) -> Result<Vec<EventKey>, StoreError> {
    let mut out = Vec::new();
    for chunk in crate::sql::pow2_chunks(shipment_ids.len(), 256) {
        let ids = &shipment_ids[chunk];
        let mut params: Vec<crate::Param<'_>> = vec![shop_id.into()];
        params.extend(ids.iter().map(|r| crate::Param::from(*r)));
        let sql = format!(
            "SELECT shipment_id, tag, subtag, occurred_at, dedupe_key FROM shipment_events \
             WHERE shop_id = $1 AND shipment_id IN ({})",
            crate::sql::placeholder_list(2, ids.len())
        );
        for r in c.query(&sql, &params)? {
            out.push((
                r.text(0)?,
                r.text(1)?,
                r.opt_text(2)?,
                r.int(3)?,
                r.text(4)?,
            ));
        }
    }
    Ok(out)
}

const INSERT_EVENT: &str = "INSERT INTO shipment_events (id, shop_id, shipment_id, tag, subtag, message, location, occurred_at, source, dedupe_key, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (shipment_id, dedupe_key) DO NOTHING";

/// Stores events with multi-row inserts, skipping any whose (shipment, dedupe key) is stored;
/// returns how many were new.
pub fn insert_events(c: &mut dyn Conn, events: &[ShipmentEvent]) -> Result<u64, StoreError> {
    let mut inserted = 0;
    for chunk in crate::sql::pow2_chunks(events.len(), 256) {
        let rows = &events[chunk];
        let sql = crate::sql::repeat_values(INSERT_EVENT, rows.len())
            .ok_or_else(|| StoreError::Decode("no VALUES tuple".into()))?;
        let mut params: Vec<crate::Param<'_>> = Vec::with_capacity(rows.len() * 11);
        for e in rows {
            params.extend_from_slice(params![
                &e.id,
                &e.shop_id,
                &e.shipment_id,
                &e.tag,
                &e.subtag,
                &e.message,
                &e.location,
                e.occurred_at,
                &e.source,
                &e.dedupe_key,
                e.created_at
            ]);
        }
        inserted += c.execute(&sql, &params)?;
    }
    Ok(inserted)
}

/// Writes back many shipments changed since they were read: `(as read, as now)`. On SQLite
/// each is one UPDATE of just the changed columns ([`save_changes`]: it rewrites only those
/// columns' index entries, and a statement costs no round trip). On PostgreSQL, where each
/// statement is a round trip, one `UPDATE … FROM (VALUES …)` per chunk writes every row (by
/// primary key: see `orders::get_many` for `shop_id || ''`).
pub fn save_all(c: &mut dyn Conn, changed: &[(&Shipment, &Shipment)]) -> Result<(), StoreError> {
    if c.dialect() == crate::Dialect::Sqlite {
        for (before, after) in changed {
            save_changes(c, before, after)?;
        }
        return Ok(());
    }
    static NAMES: std::sync::LazyLock<Vec<&'static str>> =
        std::sync::LazyLock::new(|| COLS.split(',').map(str::trim).collect());
    const INTS: [usize; 12] = [14, 17, 18, 19, 20, 23, 24, 25, 26, 28, 29, 30];
    for chunk in crate::sql::pow2_chunks(changed.len(), 64) {
        let rows = &changed[chunk];
        let width = NAMES.len();
        let mut tuples = String::new();
        let mut params: Vec<crate::Param<'_>> = Vec::with_capacity(rows.len() * width);
        for (r, (_, after)) in rows.iter().enumerate() {
            if r > 0 {
                tuples.push_str(", ");
            }
            tuples.push('(');
            for i in 0..width {
                if i > 0 {
                    tuples.push_str(", ");
                }
                let n = r * width + i + 1;
                if INTS.contains(&i) {
                    tuples.push_str(&format!("CAST(${n} AS BIGINT)"));
                } else {
                    tuples.push_str(&format!("${n}"));
                }
            }
            tuples.push(')');
            params.extend(values(after));
        }
        let set = NAMES
            .iter()
            .skip(2)
            .map(|n| format!("{n} = v.{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "UPDATE shipments AS s SET {set} FROM (VALUES {tuples}) AS v({}) WHERE s.id = v.id AND s.shop_id || '' = v.shop_id",
            NAMES.join(", ")
        );
        c.execute(&sql, &params)?;
    }
    Ok(())
}
