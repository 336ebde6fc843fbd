use crate::sql::{Conn, Param, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Order {
    pub id: String,
    pub shop_id: String,
    pub external_id: String,
    pub order_number: String,
    pub customer_id: Option<String>,
    pub email: Option<String>,
    pub status: String,
    pub stage: String,
    pub currency: String,
    pub total_minor: i64,
    pub locale: Option<String>,
    pub placed_at: i64,
    pub fulfillment_status: String,
    pub delivery_method: Option<String>,
    pub shipping_method: Option<String>,
    pub source: String,
    pub source_updated_at: Option<i64>,
    pub tracking_token: String,
    pub content_hash: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineItem {
    pub position: i64,
    pub sku: Option<String>,
    pub name: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    pub kind: String,
    pub name: Option<String>,
    pub company: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
    pub phone: Option<String>,
}

pub(crate) const COLS: &str = "id, shop_id, external_id, order_number, customer_id, email, status, stage, currency, total_minor, locale, placed_at, tracking_token, content_hash, created_at, updated_at, fulfillment_status, delivery_method, shipping_method, source, source_updated_at";

pub(crate) fn from_row(r: &Row) -> Result<Order, StoreError> {
    Ok(Order {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        external_id: r.text(2)?,
        order_number: r.text(3)?,
        customer_id: r.opt_text(4)?,
        email: r.opt_text(5)?,
        status: r.text(6)?,
        stage: r.text(7)?,
        currency: r.text(8)?,
        total_minor: r.int(9)?,
        locale: r.opt_text(10)?,
        placed_at: r.int(11)?,
        tracking_token: r.text(12)?,
        content_hash: r.text(13)?,
        created_at: r.int(14)?,
        updated_at: r.int(15)?,
        fulfillment_status: r.text(16)?,
        delivery_method: r.opt_text(17)?,
        shipping_method: r.opt_text(18)?,
        source: r.text(19)?,
        source_updated_at: r.opt_int(20)?,
    })
}

/// Inserts the order unless the shop already has one with this external id; `true` when inserted.
/// Concurrent identical inserts are safe: exactly one wins, the others see `false`.
pub fn insert_if_absent(c: &mut dyn Conn, o: &Order) -> Result<bool, StoreError> {
    let n = c.execute(
        &format!(
            "INSERT INTO orders ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) \
             ON CONFLICT (shop_id, external_id) DO NOTHING"
        ),
        params![
            &o.id,
            &o.shop_id,
            &o.external_id,
            &o.order_number,
            &o.customer_id,
            &o.email,
            &o.status,
            &o.stage,
            &o.currency,
            o.total_minor,
            &o.locale,
            o.placed_at,
            &o.tracking_token,
            &o.content_hash,
            o.created_at,
            o.updated_at,
            &o.fulfillment_status,
            &o.delivery_method,
            &o.shipping_method,
            &o.source,
            o.source_updated_at
        ],
    )?;
    Ok(n == 1)
}

/// Overwrites the merchant-owned fields (not id, token or created_at).
pub fn update(c: &mut dyn Conn, o: &Order) -> Result<(), StoreError> {
    c.execute(
        "UPDATE orders SET order_number = $3, customer_id = $4, email = $5, status = $6, stage = $7, currency = $8, total_minor = $9, locale = $10, placed_at = $11, \
         content_hash = $12, updated_at = $13, fulfillment_status = $14, delivery_method = $15, shipping_method = $16, source = $17, source_updated_at = $18 \
         WHERE shop_id = $1 AND id = $2",
        params![
            &o.shop_id,
            &o.id,
            &o.order_number,
            &o.customer_id,
            &o.email,
            &o.status,
            &o.stage,
            &o.currency,
            o.total_minor,
            &o.locale,
            o.placed_at,
            &o.content_hash,
            o.updated_at,
            &o.fulfillment_status,
            &o.delivery_method,
            &o.shipping_method,
            &o.source,
            o.source_updated_at
        ],
    )?;
    Ok(())
}

pub fn set_stage(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
    stage: &str,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE orders SET stage = $3, updated_at = $4 WHERE shop_id = $1 AND id = $2 AND stage <> $3",
        params![shop_id, order_id, stage, now],
    )? == 1)
}

/// The order with this external id; `lock` takes a row lock for a read-then-write transaction.
pub fn by_external_id(
    c: &mut dyn Conn,
    shop_id: &str,
    external_id: &str,
    lock: bool,
) -> Result<Option<Order>, StoreError> {
    let lock = if lock { c.dialect().for_update() } else { "" };
    c.query_opt(
        &format!("SELECT {COLS} FROM orders WHERE shop_id = $1 AND external_id = $2{lock}"),
        params![shop_id, external_id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn get(c: &mut dyn Conn, shop_id: &str, id: &str) -> Result<Option<Order>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM orders WHERE shop_id = $1 AND id = $2"),
        params![shop_id, id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The order behind a buyer's tracking link. Not scoped by shop: the token is the buyer's key,
/// unique across the installation.
pub fn by_token(c: &mut dyn Conn, token: &str) -> Result<Option<Order>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM orders WHERE tracking_token = $1"),
        params![token],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The shop's orders with this order number (numbers are the shop's own and may repeat across
/// sources), newest first, at most `limit`; with the shipping postcode of each.
pub fn by_number(
    c: &mut dyn Conn,
    shop_id: &str,
    order_number: &str,
    limit: i64,
) -> Result<Vec<(Order, Option<String>)>, StoreError> {
    let cols = COLS
        .split(", ")
        .map(|col| format!("o.{col}"))
        .collect::<Vec<_>>()
        .join(", ");
    c.query(
        &format!(
            "SELECT {cols}, a.postcode FROM orders o LEFT JOIN order_addresses a ON a.order_id = o.id AND a.kind = 'shipping' \
             WHERE o.shop_id = $1 AND o.order_number = $2 ORDER BY o.placed_at DESC, o.id LIMIT $3"
        ),
        params![shop_id, order_number, limit],
    )?
    .iter()
    .map(|r| Ok((from_row(r)?, r.opt_text(21)?)))
    .collect()
}

pub fn replace_line_items(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
    items: &[LineItem],
) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM order_line_items WHERE shop_id = $1 AND order_id = $2",
        params![shop_id, order_id],
    )?;
    for li in items {
        c.execute(
            "INSERT INTO order_line_items (shop_id, order_id, position, sku, name, quantity, unit_price_minor, image_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            params![shop_id, order_id, li.position, &li.sku, &li.name, li.quantity, li.unit_price_minor, &li.image_url],
        )?;
    }
    Ok(())
}

pub fn line_items(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<LineItem>, StoreError> {
    c.query(
        "SELECT position, sku, name, quantity, unit_price_minor, image_url FROM order_line_items WHERE shop_id = $1 AND order_id = $2 ORDER BY position",
        params![shop_id, order_id],
    )?
    .iter()
    .map(|r| {
        Ok(LineItem {
            position: r.int(0)?,
            sku: r.opt_text(1)?,
            name: r.text(2)?,
            quantity: r.int(3)?,
            unit_price_minor: r.int(4)?,
            image_url: r.opt_text(5)?,
        })
    })
    .collect()
}

pub fn replace_addresses(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
    addresses: &[Address],
) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM order_addresses WHERE shop_id = $1 AND order_id = $2",
        params![shop_id, order_id],
    )?;
    for a in addresses {
        c.execute(
            "INSERT INTO order_addresses (shop_id, order_id, kind, name, company, line1, line2, city, region, postcode, country, phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            params![shop_id, order_id, &a.kind, &a.name, &a.company, &a.line1, &a.line2, &a.city, &a.region, &a.postcode, &a.country, &a.phone],
        )?;
    }
    Ok(())
}

pub fn addresses(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<Address>, StoreError> {
    c.query(
        "SELECT kind, name, company, line1, line2, city, region, postcode, country, phone FROM order_addresses WHERE shop_id = $1 AND order_id = $2 ORDER BY kind DESC",
        params![shop_id, order_id],
    )?
    .iter()
    .map(|r| {
        Ok(Address {
            kind: r.text(0)?,
            name: r.opt_text(1)?,
            company: r.opt_text(2)?,
            line1: r.opt_text(3)?,
            line2: r.opt_text(4)?,
            city: r.opt_text(5)?,
            region: r.opt_text(6)?,
            postcode: r.opt_text(7)?,
            country: r.opt_text(8)?,
            phone: r.opt_text(9)?,
        })
    })
    .collect()
}

/// Filters of the order list. Results are newest first (`placed_at`, then id), and `after` is the
/// last (placed_at, id) of the previous page — a keyset cursor, stable under inserts.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<String>,
    pub stage: Option<String>,
    pub email: Option<String>,
    pub customer_id: Option<String>,
    pub placed_from: Option<i64>,
    pub placed_before: Option<i64>,
    pub after: Option<(i64, String)>,
    pub limit: i64,
    /// Only these orders (a search's candidates, see [`search_ids`]).
    pub ids: Option<Vec<String>>,
    pub delivery_method: Option<String>,
    /// Orders with a parcel of this carrier.
    pub carrier: Option<String>,
    /// Orders with a parcel trending late.
    pub late: bool,
}

pub fn list<'a>(
    c: &mut dyn Conn,
    shop_id: &'a str,
    f: &'a ListFilter,
) -> Result<Vec<Order>, StoreError> {
    // Only placeholders are formatted into the text; every value is bound.
    // With candidates (at most a few thousand), they are looked up by primary key, filtered and
    // sorted: `|| ''` keeps the planner off the shop's indexes, which it otherwise walks in
    // `placed_at` order to skip the sort, probing every order of the shop (or of the stage)
    // against the list: with no match among a million orders, ~130 ms.
    let by_ids = f.ids.is_some();
    let shop_cond = if by_ids { "shop_id || ''" } else { "shop_id" };
    let mut sql = format!("SELECT {COLS} FROM orders WHERE {shop_cond} = $1");
    let mut args: Vec<Param<'a>> = vec![shop_id.into()];
    let mut push = |cond: &str, v: Param<'a>, sql: &mut String| {
        args.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", args.len())));
    };
    if let Some(s) = &f.status {
        push(" AND status = ?", s.into(), &mut sql);
    }
    if let Some(s) = &f.stage {
        let cond = if by_ids {
            " AND stage || '' = ?"
        } else {
            " AND stage = ?"
        };
        push(cond, s.into(), &mut sql);
    }
    if let Some(e) = &f.email {
        push(" AND email = ?", e.into(), &mut sql);
    }
    if let Some(e) = &f.customer_id {
        push(" AND customer_id = ?", e.into(), &mut sql);
    }
    if let Some(t) = f.placed_from {
        push(" AND placed_at >= ?", t.into(), &mut sql);
    }
    if let Some(t) = f.placed_before {
        push(" AND placed_at < ?", t.into(), &mut sql);
    }
    if let Some(m) = &f.delivery_method {
        push(" AND delivery_method = ?", m.into(), &mut sql);
    }
    if let Some(k) = &f.carrier {
        // `carrier || ''`: look the order's parcels up by order, never all the carrier's parcels
        // of the shop per order (which the planner picks from `shipments_history` otherwise).
        push(
            " AND EXISTS (SELECT 1 FROM shipments s WHERE s.shop_id = orders.shop_id AND s.order_id = orders.id AND s.carrier || '' = ?)",
            k.into(),
            &mut sql,
        );
    }
    if f.late {
        sql.push_str(" AND EXISTS (SELECT 1 FROM shipments s WHERE s.shop_id = orders.shop_id AND s.order_id = orders.id AND s.trending_late = 1)");
    }
    if let Some(ids) = &f.ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        sql.push_str(" AND id IN (");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            push("?", id.into(), &mut sql);
        }
        sql.push(')');
    }
    if let Some((at, id)) = &f.after {
        push(" AND (placed_at < ?", (*at).into(), &mut sql);
        push(" OR (placed_at = ?", (*at).into(), &mut sql);
        push(" AND id < ?))", id.into(), &mut sql);
    }
    push(
        " ORDER BY placed_at DESC, id DESC LIMIT ?",
        f.limit.into(),
        &mut sql,
    );
    c.query(&sql, &args)?.iter().map(from_row).collect()
}

/// The orders a search may mean, each found through an index: the order number (with or without
/// `#`), the buyer's email, a parcel's tracking number, or the start of the buyer's first or last
/// name. At most `limit` of each.
pub fn search_ids(
    c: &mut dyn Conn,
    shop_id: &str,
    q: &str,
    limit: i64,
) -> Result<Vec<String>, StoreError> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let bare = q.trim_start_matches('#');
    let lower = q.to_lowercase();
    let mut ids: Vec<String> = Vec::new();
    let mut add = |rows: Vec<Row>| -> Result<(), StoreError> {
        for r in rows {
            let id = r.text(0)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(())
    };
    add(c.query(
        "SELECT id FROM orders WHERE shop_id = $1 AND order_number IN ($2, $3, $4) LIMIT $5",
        params![shop_id, q, bare, format!("#{bare}"), limit],
    )?)?;
    if q.contains('@') {
        add(c.query(
            "SELECT id FROM orders WHERE shop_id = $1 AND email = $2 LIMIT $3",
            params![shop_id, &lower, limit],
        )?)?;
    }
    add(c.query(
        "SELECT order_id FROM shipments WHERE shop_id = $1 AND tracking_number = $2 LIMIT $3",
        params![shop_id, q, limit],
    )?)?;
    // A name prefix as a range on the lower-cased name, one statement per name column so each is
    // served by its expression index (an OR of the two made planners scan every order). Names
    // have no digits: an order or tracking number is not looked for among them.
    let words: Vec<&str> = lower.split_whitespace().collect();
    if !q.contains('@') && !q.chars().any(|ch| ch.is_ascii_digit()) && !words.is_empty() {
        let first = words[0];
        let mut end = first.to_string();
        if let Some(last) = end.pop() {
            end.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
        }
        for column in ["last_name", "first_name"] {
            add(c.query(
                &format!(
                    "SELECT o.id FROM customers cu JOIN orders o ON o.shop_id = cu.shop_id AND o.customer_id = cu.id \
                     WHERE cu.shop_id = $1 AND lower(cu.{column}) >= $2 AND lower(cu.{column}) < $3 LIMIT $4"
                ),
                params![shop_id, first, &end, limit],
            )?)?;
        }
    }
    Ok(ids)
}

/// The orders with a parcel of this carrier, when the carrier has at most `limit` parcels in the
/// shop (from `shipments_history`'s `(shop_id, carrier)` prefix); `None` for a commoner one. For
/// a rare carrier, the list to start from.
pub fn carrier_ids(
    c: &mut dyn Conn,
    shop_id: &str,
    carrier: &str,
    limit: i64,
) -> Result<Option<Vec<String>>, StoreError> {
    // Is there a parcel past the limit? Answered from the index alone, before any row is read.
    if c.query_opt(
        "SELECT 1 FROM shipments WHERE shop_id = $1 AND carrier = $2 LIMIT 1 OFFSET $3",
        params![shop_id, carrier, limit],
    )?
    .is_some()
    {
        return Ok(None);
    }
    let rows = c.query(
        "SELECT order_id FROM shipments WHERE shop_id = $1 AND carrier = $2",
        params![shop_id, carrier],
    )?;
    let mut ids: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in rows {
        let id = r.text(0)?;
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    Ok(Some(ids))
}

/// The orders with a parcel trending late, most recently due first (at most `limit`): the late
/// filter starts from these few rather than testing every order.
pub fn late_ids(c: &mut dyn Conn, shop_id: &str, limit: i64) -> Result<Vec<String>, StoreError> {
    let mut ids: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in c.query(
        "SELECT order_id FROM shipments WHERE shop_id = $1 AND trending_late = 1 ORDER BY estimate_to DESC LIMIT $2",
        params![shop_id, limit],
    )? {
        let id = r.text(0)?;
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Many orders of a shop by id, in one statement per chunk.
pub fn get_many(c: &mut dyn Conn, shop_id: &str, ids: &[&str]) -> Result<Vec<Order>, StoreError> {
    let mut out = Vec::new();
    for chunk in crate::sql::pow2_chunks(ids.len(), 256) {
        let ids = &ids[chunk];
        let mut params: Vec<Param<'_>> = vec![shop_id.into()];
        params.extend(ids.iter().map(|r| Param::from(*r)));
        // `shop_id || ''`: the shop is checked but not offered to the planner as an index
        // condition. With statistics from when the table was small, PostgreSQL otherwise takes
        // `orders_by_placed (shop_id, …)` for a list of ids and reads every order of the shop
        // (5 ms for 3,000) instead of probing the primary key.
        let sql = format!(
            "SELECT {COLS} FROM orders WHERE id IN ({}) AND shop_id || '' = $1",
            crate::sql::placeholder_list(2, ids.len())
        );
        for r in c.query(&sql, &params)? {
            out.push(from_row(&r)?);
        }
    }
    Ok(out)
}

/// [`set_stage`] for many orders of a shop: `(order id, stage)`. One statement per order on
/// SQLite (no round trips there), one `UPDATE … FROM (VALUES …)` per chunk on PostgreSQL.
pub fn set_stages(
    c: &mut dyn Conn,
    shop_id: &str,
    stages: &[(&str, &str)],
    now: i64,
) -> Result<(), StoreError> {
    if c.dialect() == crate::Dialect::Sqlite {
        for (id, stage) in stages {
            set_stage(c, shop_id, id, stage, now)?;
        }
        return Ok(());
    }
    for chunk in crate::sql::pow2_chunks(stages.len(), 256) {
        let rows = &stages[chunk];
        let mut params: Vec<Param<'_>> = vec![shop_id.into(), now.into()];
        let mut tuples = String::new();
        for (r, (id, stage)) in rows.iter().enumerate() {
            if r > 0 {
                tuples.push_str(", ");
            }
            tuples.push_str(&format!("(${}, ${})", params.len() + 1, params.len() + 2));
            params.push((*id).into());
            params.push((*stage).into());
        }
        c.execute(
            &format!(
                "UPDATE orders AS o SET stage = v.stage, updated_at = $2 FROM (VALUES {tuples}) AS v(id, stage) \
                 WHERE o.id = v.id AND o.shop_id || '' = $1 AND o.stage <> v.stage"
            ),
            &params,
        )?;
    }
    Ok(())
}
