//! The reference: the rows an order upsert stores (customer, order, line items, shipping address),
//! inserted straight into SQLite with cached prepared statements, many orders per transaction.
//! Same schema (the real migrations), same pragmas as the server's writer connection. This is the
//! ceiling the API path is compared to; it skips what the API adds on top (HTTP, auth, JSON,
//! validation, the content hash, the outbound-event job row and reading the order back).

use crate::orders::{OrderRow, PLACED_AT_MS};
use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{Connection, TransactionBehavior, params};
use std::path::Path;
use std::time::{Duration, Instant};

const SHOP_ID: &str = "raw-bench-shop";

/// Same statement as `aftercare_store::repo::customers::upsert_by_email`.
const CUSTOMER_SQL: &str = "INSERT INTO customers (id, shop_id, email, phone, first_name, last_name, locale, time_zone, birthday, created_at, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) \
     ON CONFLICT (shop_id, email) DO UPDATE SET \
       phone = COALESCE(excluded.phone, customers.phone), \
       first_name = COALESCE(excluded.first_name, customers.first_name), \
       last_name = COALESCE(excluded.last_name, customers.last_name), \
       locale = COALESCE(excluded.locale, customers.locale), \
       time_zone = COALESCE(excluded.time_zone, customers.time_zone), \
       birthday = COALESCE(excluded.birthday, customers.birthday), \
       updated_at = excluded.updated_at \
     RETURNING id";

const ORDER_SQL: &str = "INSERT INTO orders (id, shop_id, external_id, order_number, customer_id, email, status, stage, currency, total_minor, locale, placed_at, tracking_token, content_hash, created_at, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', 'ordered', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)";

const ITEM_SQL: &str = "INSERT INTO order_line_items (shop_id, order_id, position, sku, name, quantity, unit_price_minor, image_url) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

const ADDRESS_SQL: &str = "INSERT INTO order_addresses (shop_id, order_id, kind, name, company, line1, line2, city, region, postcode, country, phone) \
     VALUES (?1, ?2, 'shipping', ?3, NULL, ?4, NULL, ?5, NULL, ?6, ?7, NULL)";

/// What the raw insert measured.
#[derive(Debug, Clone)]
pub struct RawStats {
    pub orders: usize,
    pub batch: usize,
    /// Inserting and committing only: schema creation and row preparation are outside.
    pub elapsed: Duration,
}

impl RawStats {
    pub fn rate(&self) -> f64 {
        self.orders as f64 / self.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// Everything a row needs that is not in [`OrderRow`], made before the clock starts.
struct Prepared<'a> {
    row: &'a OrderRow,
    order_id: String,
    customer_id: String,
    tracking_token: String,
    content_hash: String,
}

fn token(rng: &mut StdRng, len: usize) -> String {
    const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..len)
        .map(|_| URL_SAFE[rng.random_range(0..URL_SAFE.len())] as char)
        .collect()
}

/// Creates a fresh SQLite database at `path` with the real schema (through `aftercare_store`).
pub fn create_schema(path: &Path) -> anyhow::Result<()> {
    let url = aftercare_store::DatabaseUrl::parse(&format!("sqlite://{}", path.display()))?;
    let db = aftercare_store::Db::open(&url, &Default::default())?;
    db.migrate()?;
    drop(db);
    Ok(())
}

/// Opens `path` like the server's writer connection does.
pub fn open(path: &Path) -> anyhow::Result<Connection> {
    let conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    anyhow::ensure!(mode.eq_ignore_ascii_case("wal"), "journal_mode is {mode}");
    conn.execute_batch(
        "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=MEMORY;",
    )?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

/// Creates a database at `path` and inserts `rows` in transactions of `batch` orders, timing only
/// the inserts. `path` must not exist yet.
pub fn insert_orders(path: &Path, rows: &[OrderRow], batch: usize) -> anyhow::Result<RawStats> {
    anyhow::ensure!(!path.exists(), "{} already exists", path.display());
    create_schema(path)?;
    let mut conn = open(path)?;
    let now = crate::now_millis();
    conn.execute(
        "INSERT INTO shops (id, slug, name, default_locale, time_zone, outbound_webhook_url, created_at, updated_at) \
         VALUES (?1, 'raw-bench', 'Raw bench', 'hu', 'Europe/Budapest', NULL, ?2, ?2)",
        params![SHOP_ID, now],
    )?;

    let mut rng = StdRng::seed_from_u64(0xAF7E_CA7E);
    let prepared: Vec<Prepared<'_>> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| Prepared {
            row,
            order_id: format!("o{i}"),
            customer_id: format!("c{i}"),
            tracking_token: token(&mut rng, 22),
            content_hash: format!("{:032x}", (i as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        })
        .collect();

    let batch = batch.max(1);
    let started = Instant::now();
    for chunk in prepared.chunks(batch) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut customer = tx.prepare_cached(CUSTOMER_SQL)?;
            let mut order = tx.prepare_cached(ORDER_SQL)?;
            let mut item = tx.prepare_cached(ITEM_SQL)?;
            let mut address = tx.prepare_cached(ADDRESS_SQL)?;
            for p in chunk {
                let r = p.row;
                let c = &r.customer;
                let customer_id: String = customer.query_row(
                    params![
                        p.customer_id,
                        SHOP_ID,
                        c.email,
                        None::<&str>,
                        c.first_name,
                        c.last_name,
                        c.locale,
                        c.time_zone,
                        None::<&str>,
                        now
                    ],
                    |row| row.get(0),
                )?;
                order.execute(params![
                    p.order_id,
                    SHOP_ID,
                    r.external_id,
                    r.order_number,
                    customer_id,
                    c.email,
                    r.currency,
                    r.total_minor(),
                    r.locale,
                    PLACED_AT_MS,
                    p.tracking_token,
                    p.content_hash,
                    now
                ])?;
                for (pos, li) in r.line_items.iter().enumerate() {
                    item.execute(params![
                        SHOP_ID,
                        p.order_id,
                        pos as i64,
                        li.sku,
                        li.name,
                        li.quantity,
                        li.unit_price,
                        li.image_url
                    ])?;
                }
                let a = &r.shipping_address;
                address.execute(params![
                    SHOP_ID, p.order_id, a.name, a.line1, a.city, a.postcode, a.country
                ])?;
            }
        }
        tx.commit()?;
    }
    let elapsed = started.elapsed();

    let stored: i64 = conn.query_row(
        "SELECT count(*) FROM orders WHERE shop_id = ?1",
        [SHOP_ID],
        |r| r.get(0),
    )?;
    anyhow::ensure!(
        stored as usize == rows.len(),
        "raw insert stored {stored} orders, expected {}",
        rows.len()
    );
    Ok(RawStats {
        orders: rows.len(),
        batch,
        elapsed,
    })
}

/// How many orders with external ids starting with `prefix` a database holds (read-only open, so
/// it can look at a live server's file).
pub fn count_orders(path: &Path, external_prefix: &str) -> anyhow::Result<i64> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("opening {} read-only", path.display()))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    Ok(conn.query_row(
        "SELECT count(*) FROM orders WHERE external_id LIKE ?1 || '%'",
        [external_prefix],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_the_rows_into_the_real_schema() -> anyhow::Result<()> {
        let dir = crate::server::ScratchDir::new("aftercare-bench-raw-test")?;
        let path = dir.path().join("raw.sqlite");
        let rows = OrderRow::generate_many("B", 25);
        let stats = insert_orders(&path, &rows, 10)?;
        assert_eq!(stats.orders, 25);
        assert_eq!(count_orders(&path, "B-")?, 25);
        let conn = open(&path)?;
        let items: i64 =
            conn.query_row("SELECT count(*) FROM order_line_items", [], |r| r.get(0))?;
        let addrs: i64 =
            conn.query_row("SELECT count(*) FROM order_addresses", [], |r| r.get(0))?;
        let customers: i64 = conn.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?;
        assert_eq!((items, addrs, customers), (50, 25, 25));
        Ok(())
    }
}
