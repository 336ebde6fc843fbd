//! Raw inbound deliveries (webhooks), kept for dedupe and reprocessing.

use crate::sql::Conn;
use crate::{StoreError, params};

/// Records a delivery unless one with the same (shop, source, delivery id) is already stored.
/// Returns the new row's id, or `None` for a duplicate.
#[allow(clippy::too_many_arguments)]
pub fn record(
    c: &mut dyn Conn,
    id: &str,
    shop_id: &str,
    source: &str,
    delivery_id: &str,
    topic: &str,
    payload: &str,
    now: i64,
) -> Result<Option<String>, StoreError> {
    let row = c.query_opt(
        "INSERT INTO inbound_events (id, shop_id, source, delivery_id, topic, payload, state, received_at) VALUES ($1, $2, $3, $4, $5, $6, 'received', $7) \
         ON CONFLICT (shop_id, source, delivery_id) DO NOTHING RETURNING id",
        params![id, shop_id, source, delivery_id, topic, payload, now],
    )?;
    row.map(|r| r.text(0)).transpose()
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
