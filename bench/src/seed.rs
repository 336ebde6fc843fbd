//! Seeding a SQLite file straight from the benchmark (not measured): shipped orders spread over
//! five buyer markets, each with a customer, two line items, one GLS parcel in transit and its
//! carrier events, in large transactions. Used by `bench-tracking` and `bench-admin`.

use aftercare_domain::{new_id, new_token};
use anyhow::Context;
use rusqlite::{TransactionBehavior, params};
use std::path::Path;
use std::time::{Duration, Instant};

/// Orders per seeding transaction.
pub const SEED_BATCH: usize = 10_000;
const HOUR: i64 = 3_600_000;

/// A buyer market: language, time zone, currency, names, and the parcel's route from the shop's
/// warehouse in Budapest.
pub struct Market {
    pub locale: &'static str,
    pub time_zone: &'static str,
    pub currency: &'static str,
    pub country: &'static str,
    pub postcode: &'static str,
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    pub route: &'static [&'static str],
}

pub const MARKETS: &[Market] = &[
    Market {
        locale: "en",
        time_zone: "Europe/London",
        currency: "GBP",
        country: "GB",
        postcode: "SW1A 1AA",
        first_names: &["Oliver", "Amelia", "Harry", "Isla", "Jack", "Ava"],
        last_names: &["Smith", "Jones", "Taylor", "Brown", "Williams"],
        route: &[
            "Budapest",
            "Budapest hub",
            "Győr depot",
            "Vienna hub",
            "Frankfurt hub",
            "Calais",
            "Birmingham hub",
            "London depot",
        ],
    },
    Market {
        locale: "hu",
        time_zone: "Europe/Budapest",
        currency: "HUF",
        country: "HU",
        postcode: "6720",
        first_names: &["Anna", "Bence", "Zsófia", "Máté", "Réka", "Levente"],
        last_names: &["Nagy", "Kovács", "Tóth", "Szabó", "Horváth"],
        route: &[
            "Budapest",
            "Budapest hub",
            "Kecskemét depot",
            "Kiskunfélegyháza",
            "Szeged depot",
            "Szeged",
            "Szeged depot",
            "Szeged",
        ],
    },
    Market {
        locale: "fi",
        time_zone: "Europe/Helsinki",
        currency: "EUR",
        country: "FI",
        postcode: "00100",
        first_names: &["Aino", "Eino", "Helmi", "Väinö", "Linnea", "Onni"],
        last_names: &["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Järvinen"],
        route: &[
            "Budapest",
            "Budapest hub",
            "Bratislava hub",
            "Warsaw hub",
            "Tallinn",
            "Vantaa hub",
            "Helsinki depot",
            "Helsinki",
        ],
    },
    Market {
        locale: "pl",
        time_zone: "Europe/Warsaw",
        currency: "PLN",
        country: "PL",
        postcode: "00-950",
        first_names: &["Zuzanna", "Jakub", "Julia", "Antoni", "Maja", "Szymon"],
        last_names: &["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska"],
        route: &[
            "Budapest",
            "Budapest hub",
            "Miskolc depot",
            "Košice",
            "Kraków hub",
            "Warszawa hub",
            "Warszawa depot",
            "Warszawa",
        ],
    },
    Market {
        locale: "tr",
        time_zone: "Europe/Istanbul",
        currency: "TRY",
        country: "TR",
        postcode: "34000",
        first_names: &["Zeynep", "Yusuf", "Elif", "Eymen", "Defne", "Ömer"],
        last_names: &["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"],
        route: &[
            "Budapest",
            "Budapest hub",
            "Belgrade hub",
            "Sofia hub",
            "Kapıkule customs",
            "İstanbul hub",
            "İstanbul depot",
            "İstanbul",
        ],
    },
];

/// Carrier messages of the events after the pick-up, in order (then round again).
const MOVES: &[&str] = &[
    "Arrived at the sorting centre",
    "Departed from the sorting centre",
    "Arrived at the hub",
    "In transit to the destination",
    "Arrived at the delivery depot",
    "Sorted for delivery",
];

/// (SKU, name, unit price in minor units).
pub type Product = (&'static str, &'static str, i64);

pub const PRODUCTS: &[Product] = &[
    ("MUG-01", "Ceramic mug", 1290),
    ("TEA-100", "Loose leaf green tea 100 g", 890),
    ("BAG-02", "Canvas tote bag", 1990),
    ("CND-03", "Soy wax candle", 1490),
    ("NTB-04", "Dotted notebook A5", 990),
    ("SOX-05", "Wool socks, pair", 1190),
];

/// Order `i`'s basket: two products with their quantities, and the total with 4.90 shipping.
pub fn basket(i: usize) -> ([Product; 2], [i64; 2], i64) {
    let items = [
        PRODUCTS[i % PRODUCTS.len()],
        PRODUCTS[(i / 3 + 1) % PRODUCTS.len()],
    ];
    let quantities = [1 + (i % 3) as i64, 1];
    let total = items
        .iter()
        .zip(quantities)
        .map(|(p, q)| p.2 * q)
        .sum::<i64>()
        + 490;
    (items, quantities, total)
}

/// A stable content hash for order `i` (the server compares it to skip unchanged upserts).
pub fn content_hash(i: usize) -> String {
    format!("{:016x}", (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

pub fn order_number(i: usize) -> String {
    format!("#{}", 100_001 + i)
}

pub fn tracking_number(i: usize) -> String {
    format!("GLS{:011}", 40_000_000_000usize + i)
}

const CUSTOMER_SQL: &str = "INSERT INTO customers (id, shop_id, email, phone, first_name, last_name, locale, time_zone, birthday, created_at, updated_at) \
     VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, NULL, ?8, ?8)";
const ORDER_SQL: &str = "INSERT INTO orders (id, shop_id, external_id, order_number, customer_id, email, status, stage, currency, total_minor, locale, placed_at, \
     fulfillment_status, delivery_method, shipping_method, source, source_updated_at, tracking_token, content_hash, created_at, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', 'shipped', ?7, ?8, ?9, ?10, 'fulfilled', 'courier', 'GLS Standard', 'api', NULL, ?11, ?12, ?13, ?14)";
const ITEM_SQL: &str = "INSERT INTO order_line_items (shop_id, order_id, position, sku, name, quantity, unit_price_minor, image_url) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)";
const SHIPMENT_SQL: &str = "INSERT INTO shipments (id, shop_id, order_id, carrier, service, tracking_number, fulfillment_ref, tracking_url, delivery_method, \
     tag, subtag, tag_at, shipped_at, destination_country, destination_postcode, estimate_from, estimate_to, estimate_confidence, estimate_basis, \
     trending_late, created_at, updated_at) \
     VALUES (?1, ?2, ?3, 'gls', 'standard', ?4, NULL, NULL, 'courier', 'InTransit', NULL, ?5, ?6, ?7, ?8, ?9, ?10, 80, 'history_carrier', 0, ?11, ?5)";
const EVENT_SQL: &str = "INSERT INTO shipment_events (id, shop_id, shipment_id, tag, subtag, message, location, occurred_at, source, dedupe_key, created_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'api', ?9, ?8)";

/// What seeding made: the tokens (index = order), how long it took and the file's size.
pub struct Seeded {
    pub tokens: Vec<String>,
    pub elapsed: Duration,
    pub bytes: u64,
}

/// Writes `n` shipped orders with `k` events each into the SQLite file at `path` (which has the
/// schema and the shop `shop_id` already), in transactions of [`SEED_BATCH`] orders.
pub fn seed(path: &Path, shop_id: &str, n: usize, k: usize) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(path)
        .with_context(|| format!("opening {} to seed it", path.display()))?;
    // Seeding only: nothing here has to survive a crash. The file stays in WAL mode.
    conn.execute_batch(
        "PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;",
    )?;
    let now = crate::now_millis();
    let mut tokens = Vec::with_capacity(n);
    for start in (0..n).step_by(SEED_BATCH) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut customer = tx.prepare_cached(CUSTOMER_SQL)?;
            let mut order = tx.prepare_cached(ORDER_SQL)?;
            let mut item = tx.prepare_cached(ITEM_SQL)?;
            let mut shipment = tx.prepare_cached(SHIPMENT_SQL)?;
            let mut event = tx.prepare_cached(EVENT_SQL)?;
            for i in start..(start + SEED_BATCH).min(n) {
                let m = &MARKETS[i % MARKETS.len()];
                // Placed two and a half to three days ago; label at +2 h, picked up at +6 h,
                // then the carrier's scans up to two hours ago; due in one to two days.
                let placed = now - 60 * HOUR - (i as i64 * 7_919_000) % (12 * HOUR);
                let shipped = placed + 6 * HOUR;
                let last = now - 2 * HOUR;
                let step = if k > 2 {
                    (last - shipped) / (k as i64 - 2)
                } else {
                    0
                };
                let at = |j: usize| match j {
                    0 => placed + 2 * HOUR,
                    j => shipped + (j as i64 - 1) * step,
                };
                let last_event = at(k - 1);

                let customer_id = new_id();
                let email = format!("buyer{i}@example.com");
                customer.execute(params![
                    customer_id,
                    shop_id,
                    email,
                    m.first_names[i % m.first_names.len()],
                    m.last_names[(i / 7) % m.last_names.len()],
                    m.locale,
                    m.time_zone,
                    placed,
                ])?;

                let (items, quantities, total) = basket(i);
                let order_id = new_id();
                let token = new_token(16);
                order.execute(params![
                    order_id,
                    shop_id,
                    format!("T-{i}"),
                    order_number(i),
                    customer_id,
                    email,
                    m.currency,
                    total,
                    m.locale,
                    placed,
                    token,
                    content_hash(i),
                    placed,
                    last_event,
                ])?;
                for (pos, (p, q)) in items.iter().zip(quantities).enumerate() {
                    item.execute(params![shop_id, order_id, pos as i64 + 1, p.0, p.1, q, p.2])?;
                }

                let shipment_id = new_id();
                shipment.execute(params![
                    shipment_id,
                    shop_id,
                    order_id,
                    tracking_number(i),
                    last_event,
                    shipped,
                    m.country,
                    m.postcode,
                    now + 18 * HOUR,
                    now + 42 * HOUR,
                    at(0),
                ])?;
                for j in 0..k {
                    let (tag, subtag, message) = match j {
                        0 => ("InfoReceived", None, "Shipment information received"),
                        1 => ("InTransit", Some("InTransit_002"), "Picked up by GLS"),
                        j => ("InTransit", None, MOVES[(j - 2) % MOVES.len()]),
                    };
                    event.execute(params![
                        new_id(),
                        shop_id,
                        shipment_id,
                        tag,
                        subtag,
                        message,
                        m.route[j % m.route.len()],
                        at(j),
                        format!("gls-{j}"),
                    ])?;
                }
                tokens.push(token);
            }
        }
        tx.commit()?;
    }
    // The server should not start with a WAL of the whole seed in front of the database.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let count = |table: &str| -> anyhow::Result<usize> {
        let c: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE shop_id = ?1"),
            [shop_id],
            |r| r.get(0),
        )?;
        Ok(c as usize)
    };
    let counts = (
        count("orders")?,
        count("order_line_items")?,
        count("shipments")?,
        count("shipment_events")?,
    );
    anyhow::ensure!(
        counts == (n, 2 * n, n, k * n),
        "seeded (orders, items, shipments, events) = {counts:?}, expected ({n}, {}, {n}, {})",
        2 * n,
        k * n
    );
    drop(conn);
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or_default();
    Ok(Seeded {
        tokens,
        elapsed: started.elapsed(),
        bytes,
    })
}
