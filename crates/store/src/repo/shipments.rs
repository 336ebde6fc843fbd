use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shipment {
    pub id: String,
    pub shop_id: String,
    pub order_id: String,
    pub carrier: String,
    pub service: Option<String>,
    pub tracking_number: String,
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
    pub created_at: i64,
    pub updated_at: i64,
}

const COLS: &str = "id, shop_id, order_id, carrier, service, tracking_number, delivery_method, location_id, location_name, location_address, location_hours, pickup_code, collect_by, tag, subtag, tag_at, created_at, updated_at";

fn from_row(r: &Row) -> Result<Shipment, StoreError> {
    Ok(Shipment {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        order_id: r.text(2)?,
        carrier: r.text(3)?,
        service: r.opt_text(4)?,
        tracking_number: r.text(5)?,
        delivery_method: r.text(6)?,
        location_id: r.opt_text(7)?,
        location_name: r.opt_text(8)?,
        location_address: r.opt_text(9)?,
        location_hours: r.opt_text(10)?,
        pickup_code: r.opt_text(11)?,
        collect_by: r.opt_int(12)?,
        tag: r.text(13)?,
        subtag: r.opt_text(14)?,
        tag_at: r.opt_int(15)?,
        created_at: r.int(16)?,
        updated_at: r.int(17)?,
    })
}

/// Inserts unless the shop already has this (carrier, tracking number); `true` when inserted.
pub fn insert_if_absent(c: &mut dyn Conn, s: &Shipment) -> Result<bool, StoreError> {
    Ok(c.execute(
        &format!(
            "INSERT INTO shipments ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
             ON CONFLICT (shop_id, carrier, tracking_number) DO NOTHING"
        ),
        params![&s.id, &s.shop_id, &s.order_id, &s.carrier, &s.service, &s.tracking_number, &s.delivery_method, &s.location_id, &s.location_name, &s.location_address, &s.location_hours, &s.pickup_code, s.collect_by, &s.tag, &s.subtag, s.tag_at, s.created_at, s.updated_at],
    )? == 1)
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

pub fn set_tag(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    tag: &str,
    subtag: Option<&str>,
    tag_at: i64,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE shipments SET tag = $3, subtag = $4, tag_at = $5, updated_at = $6 WHERE shop_id = $1 AND id = $2",
        params![shop_id, id, tag, subtag, tag_at, now],
    )?;
    Ok(())
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
    .map(|r| {
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
    })
    .collect()
}
