//! CSV import of past orders and shipments: `aftercare import orders FILE --shop S`.
//!
//! Two formats, told apart by their header row:
//! - **Shopify's order export**, as the Shopify admin writes it (one row per line item; the first
//!   row of an order carries the order's fields). It has no tracking numbers.
//! - **aftercare's own CSV** (docs/import.md), which also carries the parcel: carrier, tracking
//!   number, method, shipped and delivered times — the history delivery estimates learn from.
//!
//! Rows of one order must be consecutive. A bad row is reported with its line number and skips its
//! order; every good order still imports. Importing the same file again changes nothing.

use crate::AppError;
use crate::tracking::{self, Ctx, OrderOutcome};
use aftercare_domain::sources::{carrier_slug, delivery_method_from_text, money_to_minor};
use aftercare_domain::time::{Millis, now_millis, parse_rfc3339, to_rfc3339};
use aftercare_domain::*;
use aftercare_store::Db;
use aftercare_store::repo::shops;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Read;

/// Orders written per transaction.
const BATCH: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Shopify,
    Native,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub format: Option<Format>,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub shipments: usize,
    /// (first line of the order, reason)
    pub skipped: Vec<(u64, String)>,
}

/// The columns of aftercare's own format, in the order the docs list them.
pub const NATIVE_COLUMNS: &[&str] = &[
    "external_id",
    "order_number",
    "placed_at",
    "status",
    "currency",
    "email",
    "first_name",
    "last_name",
    "phone",
    "locale",
    "address1",
    "city",
    "postcode",
    "country",
    "sku",
    "item_name",
    "quantity",
    "unit_price",
    "image_url",
    "carrier",
    "service",
    "tracking_number",
    "delivery_method",
    "shipped_at",
    "delivered_at",
];

struct Columns(HashMap<String, usize>);

impl Columns {
    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        self.0
            .get(&name.to_ascii_lowercase())
            .and_then(|i| row.get(*i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
    fn owned(&self, row: &csv::StringRecord, name: &str) -> Option<String> {
        self.get(row, name).map(str::to_string)
    }
}

/// Shopify writes "2024-01-15 10:23:45 +0100"; we also take RFC 3339 and bare dates.
fn parse_time(s: &str) -> Option<Millis> {
    if let Ok(ms) = parse_rfc3339(s) {
        return Some(ms);
    }
    if let Ok(z) =
        jiff::fmt::strtime::parse("%Y-%m-%d %H:%M:%S %z", s).and_then(|t| t.to_timestamp())
    {
        return Some(z.as_millisecond());
    }
    jiff::fmt::strtime::parse("%Y-%m-%d %H:%M:%S", s)
        .and_then(|t| t.to_datetime())
        .ok()
        .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp().as_millisecond())
}

/// One order being collected from its rows.
struct Pending {
    line: u64,
    key: String,
    order: OrderInput,
    shipment: Option<(ValidShipment, Option<Millis>, Option<Millis>)>,
    problems: Vec<String>,
}

fn line_item(
    cols: &Columns,
    row: &csv::StringRecord,
    line: u64,
    currency: &str,
    f: Format,
    problems: &mut Vec<String>,
) -> Option<LineItemInput> {
    let (name_col, qty_col, price_col, sku_col) = match f {
        Format::Shopify => (
            "lineitem name",
            "lineitem quantity",
            "lineitem price",
            "lineitem sku",
        ),
        Format::Native => ("item_name", "quantity", "unit_price", "sku"),
    };
    let name = cols.owned(row, name_col)?;
    let quantity = match cols.get(row, qty_col).unwrap_or("1").parse::<i64>() {
        Ok(q) if q >= 1 => q,
        _ => {
            problems.push(format!(
                "line {line}: {qty_col} must be a whole number of at least 1"
            ));
            return None;
        }
    };
    let unit_price = match cols.get(row, price_col) {
        None => 0,
        Some(p) => {
            match money_to_minor(&serde_json::Value::String(p.replace(',', ".")), currency) {
                Some(v) if v >= 0 => v,
                _ => {
                    problems.push(format!("line {line}: {price_col} {p:?} is not a price"));
                    return None;
                }
            }
        }
    };
    Some(LineItemInput {
        sku: cols.owned(row, sku_col),
        name,
        quantity,
        unit_price,
        image_url: cols
            .owned(row, "image_url")
            .filter(|u| u.starts_with("http")),
    })
}

fn start_order(cols: &Columns, row: &csv::StringRecord, line: u64, f: Format) -> Pending {
    let mut problems = Vec::new();
    let g = |n: &str| cols.owned(row, n);
    let (key, order) = match f {
        Format::Shopify => {
            let key = g("id").or_else(|| g("name")).unwrap_or_default();
            let currency = g("currency").unwrap_or_default().to_ascii_uppercase();
            let cancelled = g("cancelled at").is_some();
            let fulfillment = match (
                g("fulfillment status").as_deref(),
                g("financial status").as_deref(),
            ) {
                (Some("fulfilled"), _) => FulfillmentStatus::Fulfilled,
                (Some("partial"), _) | (_, Some("paid" | "partially_paid")) => {
                    FulfillmentStatus::Processing
                }
                _ => FulfillmentStatus::Pending,
            };
            let placed_at = g("created at").and_then(|t| {
                let p = parse_time(&t);
                if p.is_none() {
                    problems.push(format!("line {line}: Created at {t:?} is not a time"));
                }
                p
            });
            let address = |prefix: &str| {
                let a = Address {
                    name: g(&format!("{prefix} name")),
                    company: g(&format!("{prefix} company")),
                    line1: g(&format!("{prefix} address1"))
                        .or_else(|| g(&format!("{prefix} street"))),
                    line2: g(&format!("{prefix} address2")),
                    city: g(&format!("{prefix} city")),
                    region: g(&format!("{prefix} province")),
                    postcode: g(&format!("{prefix} zip"))
                        .map(|z| z.trim_start_matches('\'').to_string()),
                    country: g(&format!("{prefix} country")).filter(|c| c.len() == 2),
                    phone: g(&format!("{prefix} phone")),
                };
                (a != Address::default()).then_some(a)
            };
            let shipping_method = g("shipping method");
            let name = g("billing name").or_else(|| g("shipping name"));
            let (first, last) = match name.as_deref().and_then(|n| n.split_once(' ')) {
                Some((f, l)) => (Some(f.to_string()), Some(l.to_string())),
                None => (name.clone(), None),
            };
            let email = g("email").filter(|e| Email::parse(e).is_ok());
            let phone = g("phone").and_then(|p| parse_phone(&p).ok());
            (
                key,
                OrderInput {
                    order_number: g("name"),
                    status: if cancelled {
                        OrderStatus::Cancelled
                    } else {
                        OrderStatus::Open
                    },
                    fulfillment_status: fulfillment,
                    delivery_method: shipping_method.as_deref().map(delivery_method_from_text),
                    shipping_method,
                    currency,
                    placed_at: placed_at.map(to_rfc3339),
                    locale: None,
                    customer: (email.is_some() || phone.is_some()).then(|| CustomerInput {
                        email,
                        phone,
                        first_name: first,
                        last_name: last,
                        ..Default::default()
                    }),
                    line_items: vec![],
                    shipping_address: address("shipping"),
                    billing_address: address("billing"),
                },
            )
        }
        Format::Native => {
            let key = g("external_id").unwrap_or_default();
            let status = match g("status").as_deref() {
                None | Some("open") => OrderStatus::Open,
                Some("closed") => OrderStatus::Closed,
                Some("cancelled") => OrderStatus::Cancelled,
                Some(other) => {
                    problems.push(format!(
                        "line {line}: status {other:?} must be open, closed or cancelled"
                    ));
                    OrderStatus::Open
                }
            };
            let placed_at = g("placed_at").and_then(|t| {
                let p = parse_time(&t);
                if p.is_none() {
                    problems.push(format!("line {line}: placed_at {t:?} is not a time"));
                }
                p
            });
            let email = g("email");
            let has_customer = email.is_some() || g("phone").is_some();
            let addr = Address {
                name: match (g("first_name"), g("last_name")) {
                    (Some(f), Some(l)) => Some(format!("{f} {l}")),
                    (f, l) => f.or(l),
                },
                line1: g("address1"),
                city: g("city"),
                postcode: g("postcode"),
                country: g("country").map(|c| c.to_ascii_uppercase()),
                ..Default::default()
            };
            (
                key,
                OrderInput {
                    order_number: g("order_number"),
                    status,
                    fulfillment_status: if g("shipped_at").is_some()
                        || g("tracking_number").is_some()
                    {
                        FulfillmentStatus::Fulfilled
                    } else {
                        FulfillmentStatus::Pending
                    },
                    delivery_method: g("delivery_method").and_then(|m| DeliveryMethod::parse(&m)),
                    shipping_method: None,
                    currency: g("currency").unwrap_or_default().to_ascii_uppercase(),
                    placed_at: placed_at.map(to_rfc3339),
                    locale: g("locale"),
                    customer: has_customer.then(|| CustomerInput {
                        email,
                        phone: g("phone"),
                        first_name: g("first_name"),
                        last_name: g("last_name"),
                        locale: g("locale"),
                        ..Default::default()
                    }),
                    line_items: vec![],
                    shipping_address: (addr != Address::default()).then_some(addr),
                    billing_address: None,
                },
            )
        }
    };
    if key.is_empty() {
        problems.push(format!(
            "line {line}: no order id ({})",
            if f == Format::Shopify {
                "Id or Name"
            } else {
                "external_id"
            }
        ));
    }
    let shipment = if f == Format::Native {
        match (g("carrier"), g("tracking_number")) {
            (Some(carrier), Some(number)) => {
                let shipped = g("shipped_at").and_then(|t| parse_time(&t));
                let delivered = g("delivered_at").and_then(|t| parse_time(&t));
                for (col, raw, parsed) in [
                    ("shipped_at", g("shipped_at"), shipped),
                    ("delivered_at", g("delivered_at"), delivered),
                ] {
                    if raw.is_some() && parsed.is_none() {
                        problems.push(format!("line {line}: {col} is not a time"));
                    }
                }
                let method = g("delivery_method")
                    .and_then(|m| DeliveryMethod::parse(&m))
                    .unwrap_or_default();
                Some((
                    ValidShipment {
                        carrier: carrier_slug(&carrier),
                        service: g("service"),
                        tracking_number: Some(number),
                        fulfillment_ref: None,
                        tracking_url: None,
                        carrier_estimate: None,
                        delivery_method: method,
                        location: None,
                        pickup_code: None,
                        collect_by: None,
                        items: Vec::new(),
                    },
                    shipped,
                    delivered,
                ))
            }
            (None, None) => None,
            _ => {
                problems.push(format!(
                    "line {line}: carrier and tracking_number go together"
                ));
                None
            }
        }
    } else {
        None
    };
    Pending {
        line,
        key,
        order,
        shipment,
        problems,
    }
}

/// Reads the CSV and imports it. `progress(bytes_read)` is called now and then.
pub fn import_orders<R: Read>(
    db: &Db,
    shop_id_or_slug: &str,
    input: R,
    mut progress: impl FnMut(u64),
) -> Result<Summary, AppError> {
    let shop = db
        .read(|c| shops::find(c, shop_id_or_slug))?
        .ok_or(AppError::NotFound("shop"))?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = rdr
        .headers()
        .map_err(|e| AppError::BadRequest(format!("cannot read the header row: {e}")))?
        .clone();
    let cols = Columns(
        headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                (
                    h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase(),
                    i,
                )
            })
            .collect(),
    );
    let format = if cols.0.contains_key("lineitem name") {
        Format::Shopify
    } else if cols.0.contains_key("external_id") {
        Format::Native
    } else {
        return Err(AppError::BadRequest("unknown CSV: expected Shopify's order export (Name, Lineitem name, …) or aftercare's columns (external_id, …)".into()));
    };
    let mut summary = Summary {
        format: Some(format),
        ..Default::default()
    };
    let mut batch: Vec<Pending> = Vec::new();
    let mut current: Option<Pending> = None;
    let mut record = csv::StringRecord::new();
    loop {
        let more = match rdr.read_record(&mut record) {
            Ok(m) => m,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                summary
                    .skipped
                    .push((line, format!("line {line}: unreadable CSV: {e}")));
                if e.is_io_error() {
                    break;
                }
                continue;
            }
        };
        if !more {
            break;
        }
        summary.rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        let key = match format {
            Format::Shopify => cols.owned(&record, "name").unwrap_or_default(),
            Format::Native => cols.owned(&record, "external_id").unwrap_or_default(),
        };
        let continues = current.as_ref().is_some_and(|p| match format {
            Format::Shopify => p.order.order_number.as_deref() == Some(key.as_str()),
            Format::Native => p.key == key,
        });
        if !continues {
            batch.extend(current.take());
            current = Some(start_order(&cols, &record, line, format));
        }
        if let Some(p) = current.as_mut() {
            let currency = p.order.currency.clone();
            if let Some(li) = line_item(&cols, &record, line, &currency, format, &mut p.problems) {
                p.order.line_items.push(li);
            }
        }
        if batch.len() >= BATCH {
            write_batch(db, &shop, std::mem::take(&mut batch), &mut summary)?;
            progress(rdr.position().byte());
        }
    }
    batch.extend(current.take());
    write_batch(db, &shop, batch, &mut summary)?;
    progress(rdr.position().byte());
    Ok(summary)
}

fn write_batch(
    db: &Db,
    shop: &shops::Shop,
    batch: Vec<Pending>,
    summary: &mut Summary,
) -> Result<(), AppError> {
    let mut valid = Vec::new();
    for p in batch {
        if !p.problems.is_empty() {
            summary.skipped.push((p.line, p.problems.join("; ")));
            continue;
        }
        match p.order.validate(&p.key, now_millis()) {
            Ok(v) => valid.push((p.line, tracking::content_hash(&p.order), v, p.shipment)),
            Err(e) => summary.skipped.push((
                p.line,
                format!(
                    "line {}: {}",
                    p.line,
                    e.0.iter()
                        .map(|f| format!("{}: {}", f.field, f.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            )),
        }
    }
    if valid.is_empty() {
        return Ok(());
    }
    let counts = db.write(|c| {
        let ctx = Ctx {
            shop,
            now: now_millis(),
            request_id: None,
            source: "import",
        };
        let (mut created, mut updated, mut unchanged, mut ships) = (0, 0, 0, 0);
        let mut conflicts = Vec::new();
        for (line, hash, v, shipment) in &valid {
            let (order, outcome) = tracking::apply_order(c, &ctx, v, hash, None)?;
            match outcome {
                OrderOutcome::Created => created += 1,
                OrderOutcome::Updated => updated += 1,
                OrderOutcome::Unchanged | OrderOutcome::Stale => unchanged += 1,
            }
            if let Some((s, shipped, delivered)) = shipment {
                let (mut stored, is_new) = match tracking::apply_shipment(c, &ctx, &order, s) {
                    Ok(r) => r,
                    Err(AppError::Conflict(m)) => {
                        conflicts.push((*line, format!("line {line}: {m}")));
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                ships += usize::from(is_new);
                let mut events = Vec::new();
                if let Some(at) = shipped {
                    events.push((ShipmentTag::InTransit, *at, "Shipped"));
                }
                if let Some(at) = delivered {
                    events.push((ShipmentTag::Delivered, *at, "Delivered"));
                }
                let mut moved = false;
                for (tag, at, msg) in events {
                    let e = ShipmentEventInput {
                        tag: tag.as_str().into(),
                        subtag: None,
                        message: Some(msg.into()),
                        location: None,
                        occurred_at: to_rfc3339(at),
                        event_id: Some(format!("import:{}", tag.as_str())),
                    }
                    .validate()
                    .map_err(AppError::Validation)?;
                    moved |= tracking::apply_event(c, &ctx, &order, &mut stored, &e)?.moved;
                }
                if moved {
                    tracking::refresh_stage(c, &ctx, &order)?;
                }
            }
        }
        Ok::<_, AppError>((created, updated, unchanged, ships, conflicts))
    })?;
    summary.created += counts.0;
    summary.updated += counts.1;
    summary.unchanged += counts.2;
    summary.shipments += counts.3;
    summary.skipped.extend(counts.4);
    Ok(())
}
