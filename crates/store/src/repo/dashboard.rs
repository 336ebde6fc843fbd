//! What the admin's home page counts: the shop's pulse.

use crate::sql::Conn;
use crate::{StoreError, params};

/// A parcel that needs attention: (order id, order number, carrier, tracking number, tag,
/// estimate end, updated at).
pub type Attention = (
    String,
    String,
    String,
    Option<String>,
    String,
    Option<i64>,
    i64,
);

/// Orders placed since `since`, by stage.
pub fn stages(
    c: &mut dyn Conn,
    shop_id: &str,
    since: i64,
) -> Result<Vec<(String, i64)>, StoreError> {
    c.query(
        "SELECT stage, COUNT(*) FROM orders WHERE shop_id = $1 AND placed_at >= $2 GROUP BY stage ORDER BY stage",
        params![shop_id, since],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.int(1)?)))
    .collect()
}

/// Orders per day since `since` (days start at `offset_ms` past midnight UTC: the shop's zone).
pub fn orders_per_day(
    c: &mut dyn Conn,
    shop_id: &str,
    since: i64,
    offset_ms: i64,
) -> Result<Vec<(i64, i64)>, StoreError> {
    c.query(
        "SELECT (placed_at + $3) / 86400000 AS day, COUNT(*) FROM orders WHERE shop_id = $1 AND placed_at >= $2 GROUP BY (placed_at + $3) / 86400000 ORDER BY day",
        params![shop_id, since, offset_ms],
    )?
    .iter()
    .map(|r| Ok((r.int(0)?, r.int(1)?)))
    .collect()
}

fn attention(rows: Vec<crate::sql::Row>) -> Result<Vec<Attention>, StoreError> {
    rows.iter()
        .map(|r| {
            Ok((
                r.text(0)?,
                r.text(1)?,
                r.text(2)?,
                r.opt_text(3)?,
                r.text(4)?,
                r.opt_int(5)?,
                r.int(6)?,
            ))
        })
        .collect()
}

/// Open parcels behind their estimate, the most overdue first.
pub fn trending_late(
    c: &mut dyn Conn,
    shop_id: &str,
    limit: i64,
) -> Result<Vec<Attention>, StoreError> {
    attention(c.query(
        "SELECT o.id, o.order_number, s.carrier, s.tracking_number, s.tag, s.estimate_to, s.updated_at \
         FROM shipments s JOIN orders o ON o.id = s.order_id \
         WHERE s.shop_id = $1 AND s.trending_late = 1 AND s.tag NOT IN ('Delivered', 'Expired') \
         ORDER BY s.estimate_to, s.id LIMIT $2",
        params![shop_id, limit],
    )?)
}

pub fn count_trending_late(c: &mut dyn Conn, shop_id: &str) -> Result<i64, StoreError> {
    c.query_one(
        "SELECT COUNT(*) FROM shipments WHERE shop_id = $1 AND trending_late = 1 AND tag NOT IN ('Delivered', 'Expired')",
        params![shop_id],
    )?
    .int(0)
}

/// Parcels with a problem (an exception, a failed attempt), the newest first.
pub fn problems(c: &mut dyn Conn, shop_id: &str, limit: i64) -> Result<Vec<Attention>, StoreError> {
    attention(c.query(
        "SELECT o.id, o.order_number, s.carrier, s.tracking_number, s.tag, s.estimate_to, s.updated_at \
         FROM shipments s JOIN orders o ON o.id = s.order_id \
         WHERE s.shop_id = $1 AND s.tag IN ('Exception', 'AttemptFail') \
         ORDER BY s.updated_at DESC, s.id LIMIT $2",
        params![shop_id, limit],
    )?)
}

pub fn count_problems(c: &mut dyn Conn, shop_id: &str) -> Result<i64, StoreError> {
    c.query_one(
        "SELECT COUNT(*) FROM shipments WHERE shop_id = $1 AND tag IN ('Exception', 'AttemptFail')",
        params![shop_id],
    )?
    .int(0)
}

/// Messages since `since` that did not reach the buyer (failed, bounced, outcome unknown).
pub fn failed_messages(c: &mut dyn Conn, shop_id: &str, since: i64) -> Result<i64, StoreError> {
    c.query_one(
        "SELECT COUNT(*) FROM messages WHERE shop_id = $1 AND created_at >= $2 AND state IN ('failed', 'bounced', 'unknown')",
        params![shop_id, since],
    )?
    .int(0)
}
