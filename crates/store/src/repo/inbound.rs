//! Raw inbound deliveries (webhooks), kept for dedupe and reprocessing.

use crate::sql::Conn;
use crate::{StoreError, params};

/// Records a delivery unless one with the same (shop, source, delivery id) is already stored,
/// with its (state, error).
/// Returns the new row's id, or `None` for a duplicate.
#[allow(clippy::too_many_arguments)]
pub fn record(
    c: &mut dyn Conn,
    id: &str,
    shop_id: &str,
    source: &str,
    delivery_id: &str,
    topic: &str,
    meta: &str,
    payload: &str,
    state: (&str, Option<&str>),
    now: i64,
) -> Result<Option<String>, StoreError> {
    // Stored with the state it is expected to end in, so the common case is one write.
    let processed_at = (state.0 != "received").then_some(now);
    let row = c.query_opt(
        RECORD,
        params![
            id,
            shop_id,
            source,
            delivery_id,
            topic,
            meta,
            payload,
            state.0,
            state.1,
            now,
            processed_at,
            None::<&str>
        ],
    )?;
    row.map(|r| r.text(0)).transpose()
}

const RECORD: &str = "INSERT INTO inbound_events (id, shop_id, source, delivery_id, topic, meta, payload, state, error, received_at, processed_at, order_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (shop_id, source, delivery_id) DO NOTHING RETURNING id";

/// One delivery for [`record_many`].
#[derive(Debug, Clone)]
pub struct NewDelivery<'a> {
    pub id: &'a str,
    pub shop_id: &'a str,
    pub source: &'a str,
    pub delivery_id: &'a str,
    pub topic: &'a str,
    pub meta: &'a str,
    pub payload: &'a str,
    pub state: (&'a str, Option<&'a str>),
    /// The order it is about, when known before it is applied.
    pub order_id: Option<&'a str>,
}

/// [`record`] for many deliveries, with multi-row inserts: returns the ids of the rows stored
/// (the others were duplicates — of stored ones or of an earlier one in the list).
pub fn record_many(
    c: &mut dyn Conn,
    rows: &[NewDelivery<'_>],
    now: i64,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut stored = std::collections::HashSet::new();
    for chunk in crate::sql::pow2_chunks(rows.len(), 256) {
        let rows = &rows[chunk];
        let sql = crate::sql::repeat_values(RECORD, rows.len())
            .ok_or_else(|| StoreError::Decode("no VALUES tuple".into()))?;
        let mut params: Vec<crate::Param<'_>> = Vec::with_capacity(rows.len() * 12);
        for d in rows {
            let processed_at = (d.state.0 != "received").then_some(now);
            params.extend_from_slice(params![
                d.id,
                d.shop_id,
                d.source,
                d.delivery_id,
                d.topic,
                d.meta,
                d.payload,
                d.state.0,
                d.state.1,
                now,
                processed_at,
                d.order_id
            ]);
        }
        for r in c.query(&sql, &params)? {
            stored.insert(r.text(0)?);
        }
    }
    Ok(stored)
}

pub fn mark(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    state: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE inbound_events SET state = $3, error = $4, processed_at = $5 WHERE shop_id = $1 AND id = $2",
        params![shop_id, id, state, error, now],
    )?;
    Ok(())
}

pub fn state(c: &mut dyn Conn, shop_id: &str, id: &str) -> Result<Option<String>, StoreError> {
    c.query_opt(
        "SELECT state FROM inbound_events WHERE shop_id = $1 AND id = $2",
        params![shop_id, id],
    )?
    .map(|r| r.text(0))
    .transpose()
}

/// A stored delivery, for processing it again.
#[derive(Debug, Clone)]
pub struct InboundEvent {
    pub id: String,
    pub shop_id: String,
    pub source: String,
    pub delivery_id: String,
    pub topic: String,
    pub meta: String,
    pub payload: String,
    pub state: String,
    pub error: Option<String>,
    pub received_at: i64,
}

fn event_from_row(r: &crate::sql::Row) -> Result<InboundEvent, StoreError> {
    Ok(InboundEvent {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        source: r.text(2)?,
        delivery_id: r.text(3)?,
        topic: r.text(4)?,
        meta: r.text(5)?,
        payload: r.text(6)?,
        state: r.text(7)?,
        error: r.opt_text(8)?,
        received_at: r.int(9)?,
    })
}

pub fn get(c: &mut dyn Conn, shop_id: &str, id: &str) -> Result<Option<InboundEvent>, StoreError> {
    c.query_opt(
        "SELECT id, shop_id, source, delivery_id, topic, meta, payload, state, error, received_at FROM inbound_events WHERE shop_id = $1 AND id = $2",
        params![shop_id, id],
    )?
    .as_ref()
    .map(event_from_row)
    .transpose()
}

/// Deliveries of a shop, newest first, optionally in one state (without payloads).
pub fn list(
    c: &mut dyn Conn,
    shop_id: &str,
    state: Option<&str>,
    limit: i64,
) -> Result<Vec<InboundEvent>, StoreError> {
    c.query(
        "SELECT id, shop_id, source, delivery_id, topic, meta, '', state, error, received_at FROM inbound_events \
         WHERE shop_id = $1 AND (CAST($2 AS TEXT) IS NULL OR state = $2) ORDER BY received_at DESC, id DESC LIMIT $3",
        params![shop_id, state.map(str::to_string), limit],
    )?
    .iter()
    .map(|r| {
        Ok(InboundEvent {
            id: r.text(0)?,
            shop_id: r.text(1)?,
            source: r.text(2)?,
            delivery_id: r.text(3)?,
            topic: r.text(4)?,
            meta: r.text(5)?,
            payload: String::new(),
            state: r.text(7)?,
            error: r.opt_text(8)?,
            received_at: r.int(9)?,
        })
    })
    .collect()
}

/// Records a privacy request (acted on where the capability exists; never lost).
#[allow(clippy::too_many_arguments)]
pub fn record_privacy_request(
    c: &mut dyn Conn,
    id: &str,
    shop_id: &str,
    kind: &str,
    source: &str,
    customer_email: Option<&str>,
    payload: &str,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO privacy_requests (id, shop_id, kind, source, customer_email, payload, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)",
        params![id, shop_id, kind, source, customer_email, payload, now],
    )?;
    Ok(())
}

pub fn privacy_requests(
    c: &mut dyn Conn,
    shop_id: &str,
) -> Result<Vec<(String, Option<String>, String)>, StoreError> {
    c.query(
        "SELECT kind, customer_email, state FROM privacy_requests WHERE shop_id = $1 ORDER BY created_at, id",
        params![shop_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.opt_text(1)?, r.text(2)?)))
    .collect()
}

/// The raw deliveries about one order, newest first (the admin's order page).
pub fn for_order(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
    limit: i64,
) -> Result<Vec<InboundEvent>, StoreError> {
    c.query(
        "SELECT id, shop_id, source, delivery_id, topic, meta, payload, state, error, received_at FROM inbound_events \
         WHERE shop_id = $1 AND order_id = $2 ORDER BY received_at DESC, id DESC LIMIT $3",
        params![shop_id, order_id, limit],
    )?
    .iter()
    .map(event_from_row)
    .collect()
}

/// Links a delivery to the order it was about.
pub fn set_order(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    order_id: &str,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE inbound_events SET order_id = $3 WHERE shop_id = $1 AND id = $2",
        params![shop_id, id, order_id],
    )?;
    Ok(())
}

/// Links many deliveries to their orders: (shop, delivery, order), in statements of up to 128.
pub fn set_orders(c: &mut dyn Conn, links: &[(String, String, String)]) -> Result<(), StoreError> {
    for chunk in links.chunks(128) {
        // One CASE over the ids: the same text for both backends.
        let mut sql = String::from("UPDATE inbound_events SET order_id = CASE id");
        let mut params: Vec<crate::Param<'_>> = Vec::with_capacity(chunk.len() * 3);
        for (_, id, order) in chunk {
            params.push(id.as_str().into());
            params.push(order.as_str().into());
            sql.push_str(&format!(
                " WHEN ${} THEN ${}",
                params.len() - 1,
                params.len()
            ));
        }
        sql.push_str(" END WHERE id IN (");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", 2 * i + 1));
        }
        // Every delivery's shop, too: an id of another shop's delivery changes nothing.
        sql.push_str(") AND shop_id IN (");
        for (i, (shop, _, _)) in chunk.iter().enumerate() {
            params.push(shop.as_str().into());
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${}", params.len()));
        }
        sql.push(')');
        c.execute(&sql, &params)?;
    }
    Ok(())
}
