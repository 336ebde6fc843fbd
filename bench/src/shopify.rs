//! Signed Shopify webhook deliveries for the webhook benchmark: `orders/create` with one
//! fulfillment inside, then `fulfillment_events/create` for that fulfillment, in the shape of the
//! payloads in `fixtures/inbound/shopify/`. Everything about order `i` (ids, tracking number, times,
//! places) is a function of `i`, a run tag (for unique webhook and event ids) and a base time.
//!
//! ```ignore
//! let gen = Generator::new(secret, run_tag, base_ms);
//! let d = gen.order_created(i)?;
//! d.request(client.post(format!("{base}/webhooks/{slug}/shopify")))
//! ```

use anyhow::Context;
use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::RequestBuilder;
use serde_json::{Value, json};
use sha2::Sha256;

/// base64(HMAC-SHA256(key = secret, msg = body)): the `X-Shopify-Hmac-Sha256` header.
pub fn sign(secret: &[u8], body: &[u8]) -> anyhow::Result<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).context("HMAC key")?;
    mac.update(body);
    Ok(base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// `ms` as RFC 3339 with a fixed UTC offset of `hours`, whole seconds, as Shopify writes times
/// (`2021-12-31T19:00:00-05:00`).
pub fn rfc3339(ms: i64, hours: i8) -> anyhow::Result<String> {
    let ts = jiff::Timestamp::from_millisecond(ms.div_euclid(1000) * 1000)?;
    Ok(ts
        .display_with_offset(jiff::tz::Offset::constant(hours))
        .to_string())
}

/// One signed delivery: the body exactly as signed and the headers Shopify sends with it.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub topic: &'static str,
    pub webhook_id: String,
    pub event_id: String,
    pub triggered_at: String,
    pub hmac: String,
    pub body: Vec<u8>,
}

impl Delivery {
    /// Adds the body and the `X-Shopify-*` headers to a `POST` to the webhook URL.
    pub fn request(&self, req: RequestBuilder) -> RequestBuilder {
        req.header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-Shopify-Topic", self.topic)
            .header("X-Shopify-Hmac-Sha256", &self.hmac)
            .header("X-Shopify-Shop-Domain", SHOP_DOMAIN)
            .header("X-Shopify-API-Version", "2025-07")
            .header("X-Shopify-Webhook-Id", &self.webhook_id)
            .header("X-Shopify-Event-Id", &self.event_id)
            .header("X-Shopify-Triggered-At", &self.triggered_at)
            .body(self.body.clone())
    }
}

const SHOP_DOMAIN: &str = "aftercare-bench.myshopify.com";
const SHOP_ID: u64 = 548_380_009;
/// The shop's time zone offset, as in the fixtures.
const OFFSET_HOURS: i8 = -5;

const ORDER_ID_BASE: u64 = 5_100_000_000_000;
const FULFILLMENT_ID_BASE: u64 = 4_200_000_000_000;
const EVENT_ID_BASE: u64 = 27_000_000_000_000;
const LINE_ITEM_ID_BASE: u64 = 13_900_000_000_000;
const CUSTOMER_ID_BASE: u64 = 7_300_000_000_000;

const HOUR: i64 = 3_600_000;

/// Where parcels go and pass: (city, province, province code, zip, address, lat, long).
type Place = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    f64,
    f64,
);

const DESTINATIONS: [Place; 8] = [
    (
        "Columbus",
        "Ohio",
        "OH",
        "43215",
        "250 W Broad St",
        39.9612,
        -82.9988,
    ),
    (
        "Denver",
        "Colorado",
        "CO",
        "80202",
        "1701 Wynkoop St",
        39.7392,
        -104.9903,
    ),
    (
        "Austin",
        "Texas",
        "TX",
        "78701",
        "500 E Cesar Chavez St",
        30.2672,
        -97.7431,
    ),
    (
        "Portland",
        "Oregon",
        "OR",
        "97205",
        "1120 SW 5th Ave",
        45.5152,
        -122.6784,
    ),
    (
        "Raleigh",
        "North Carolina",
        "NC",
        "27601",
        "2 E Morgan St",
        35.7796,
        -78.6382,
    ),
    (
        "Madison",
        "Wisconsin",
        "WI",
        "53703",
        "1 S Pinckney St",
        43.0731,
        -89.4012,
    ),
    (
        "Tucson",
        "Arizona",
        "AZ",
        "85701",
        "201 N Stone Ave",
        32.2226,
        -110.9747,
    ),
    (
        "Albany",
        "New York",
        "NY",
        "12207",
        "100 State St",
        42.6526,
        -73.7562,
    ),
];

const HUBS: [Place; 4] = [
    (
        "Louisville",
        "Kentucky",
        "KY",
        "40209",
        "UPS Worldport, 911 Grade Ln",
        38.1744,
        -85.7364,
    ),
    (
        "Hodgkins",
        "Illinois",
        "IL",
        "60525",
        "UPS Chicago Area Consolidation Hub, 9000 Joliet Rd",
        41.7689,
        -87.8573,
    ),
    (
        "Ontario",
        "California",
        "CA",
        "91761",
        "UPS Ontario Air Hub, 3501 E Jurupa St",
        34.0633,
        -117.5896,
    ),
    (
        "Dallas",
        "Texas",
        "TX",
        "75261",
        "UPS DFW Hub, 2400 Aviation Dr",
        32.8998,
        -97.0403,
    ),
];

const FIRST_NAMES: [&str; 8] = [
    "Steve", "Maria", "Jon", "Priya", "Kenji", "Amara", "Lucas", "Hannah",
];
const LAST_NAMES: [&str; 8] = [
    "Shipper", "Garcia", "Snow", "Patel", "Tanaka", "Okafor", "Silva", "Becker",
];

/// The statuses of the `k` events of one fulfillment, ending delivered: `label_printed`,
/// `in_transit` (several times when `k > 4`), `out_for_delivery`, `delivered`.
pub fn event_statuses(k: usize) -> Vec<&'static str> {
    match k {
        0 => vec![],
        1 => vec!["delivered"],
        2 => vec!["in_transit", "delivered"],
        3 => vec!["in_transit", "out_for_delivery", "delivered"],
        _ => {
            let mut v = vec!["label_printed"];
            v.extend(std::iter::repeat_n("in_transit", k - 3));
            v.extend(["out_for_delivery", "delivered"]);
            v
        }
    }
}

/// Makes the deliveries of one run.
#[derive(Debug, Clone)]
pub struct Generator {
    secret: Vec<u8>,
    /// Random per run: makes webhook and event ids unique across runs too.
    run: u64,
    /// When order 0 was placed, ms since the epoch; everything happens after it, in order.
    base_ms: i64,
}

impl Generator {
    pub fn new(secret: &str, run: u64, base_ms: i64) -> Generator {
        Generator {
            secret: secret.as_bytes().to_vec(),
            run,
            base_ms,
        }
    }

    /// Shopify's id of order `i` (the order's external id in aftercare).
    pub fn order_id(i: usize) -> u64 {
        ORDER_ID_BASE + i as u64
    }

    pub fn fulfillment_id(i: usize) -> u64 {
        FULFILLMENT_ID_BASE + i as u64
    }

    /// A UPS-style number, unique per order and run.
    pub fn tracking_number(&self, i: usize) -> String {
        format!("1Z{:06X}03{:08}", self.run & 0xFF_FFFF, i)
    }

    /// A UUID-shaped id, unique per (run, kind, sequence number).
    fn uuid(&self, kind: u16, seq: u64) -> String {
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            (self.run >> 32) as u32,
            (self.run >> 16) & 0xFFFF,
            self.run & 0xFFF,
            0x8000 | (kind & 0x3FFF),
            seq & 0xFFFF_FFFF_FFFF
        )
    }

    fn signed(
        &self,
        topic: &'static str,
        seq: u64,
        triggered_ms: i64,
        body: &Value,
    ) -> anyhow::Result<Delivery> {
        let body = serde_json::to_vec(body)?;
        Ok(Delivery {
            topic,
            webhook_id: self.uuid(1, seq),
            event_id: self.uuid(2, seq),
            triggered_at: rfc3339(triggered_ms, 0)?,
            hmac: sign(&self.secret, &body)?,
            body,
        })
    }

    fn placed_ms(&self, i: usize) -> i64 {
        // Orders spread over a day, 8.64 s apart when there are 10k.
        self.base_ms + (i as i64 % 10_000) * 8_640
    }

    fn fulfilled_ms(&self, i: usize) -> i64 {
        self.placed_ms(i) + 3 * HOUR
    }

    fn estimated_delivery_ms(&self, i: usize) -> i64 {
        self.placed_ms(i) + 72 * HOUR
    }

    /// When event `j` of `k` happened: from the label (fulfillment + 1 h) to delivery 2 days later.
    fn happened_ms(&self, i: usize, j: usize, k: usize) -> i64 {
        let start = self.fulfilled_ms(i) + HOUR;
        let span = 48 * HOUR + (i as i64 % 600) * 1000;
        if k <= 1 {
            return start + span;
        }
        start + span * j as i64 / (k as i64 - 1)
    }

    /// The `orders/create` body of order `i`, with its fulfillment (one parcel) inside.
    pub fn order_body(&self, i: usize) -> anyhow::Result<Value> {
        let oid = Self::order_id(i);
        let fid = Self::fulfillment_id(i);
        let (city, province, province_code, zip, address1, lat, long) =
            DESTINATIONS[i % DESTINATIONS.len()];
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
        let email = format!("buyer{}@example.com", i % 5000);
        let placed = rfc3339(self.placed_ms(i), OFFSET_HOURS)?;
        let fulfilled = rfc3339(self.fulfilled_ms(i), OFFSET_HOURS)?;
        let number = 1001 + i as u64;
        let tracking = self.tracking_number(i);
        let tracking_url =
            format!("https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums={tracking}");
        let items = [
            ("Aviator sunglasses", "SKU2006-001", 1, "89.99", 100),
            ("Premium Leather Case", "CASE-LEATHER-PREM", 1, "24.99", 150),
            ("Lens cleaning cloth", "CLOTH-MF-3PK", 2, "6.50", 30),
        ];
        let line_items: Vec<Value> = items
            .iter()
            .enumerate()
            .take(1 + i % items.len())
            .map(|(n, (title, sku, qty, price, grams))| {
                let id = LINE_ITEM_ID_BASE + (i * 4 + n) as u64;
                json!({
                    "id": id,
                    "admin_graphql_api_id": format!("gid://shopify/LineItem/{id}"),
                    "title": title,
                    "name": title,
                    "sku": sku,
                    "quantity": qty,
                    "price": price,
                    "grams": grams,
                    "requires_shipping": true,
                    "taxable": true,
                    "gift_card": false,
                    "fulfillment_service": "manual",
                    "fulfillment_status": "fulfilled",
                    "vendor": "Aftercare Bench Optics",
                })
            })
            .collect();
        let address = json!({
            "first_name": first,
            "last_name": last,
            "name": format!("{first} {last}"),
            "address1": address1,
            "address2": null,
            "company": null,
            "city": city,
            "province": province,
            "province_code": province_code,
            "zip": zip,
            "country": "United States",
            "country_code": "US",
            "phone": null,
            "latitude": lat,
            "longitude": long,
        });
        let fulfillment = json!({
            "id": fid,
            "admin_graphql_api_id": format!("gid://shopify/Fulfillment/{fid}"),
            "order_id": oid,
            "name": format!("#{number}.1"),
            "status": "success",
            "service": "manual",
            "tracking_company": "UPS",
            "tracking_number": tracking,
            "tracking_numbers": [tracking],
            "tracking_url": tracking_url,
            "tracking_urls": [tracking_url],
            "shipment_status": null,
            "location_id": 905684977,
            "created_at": fulfilled,
            "updated_at": fulfilled,
        });
        Ok(json!({
            "id": oid,
            "admin_graphql_api_id": format!("gid://shopify/Order/{oid}"),
            "name": format!("#{number}"),
            "order_number": number,
            "email": email,
            "contact_email": email,
            "currency": "USD",
            "presentment_currency": "USD",
            "customer_locale": "en",
            "created_at": placed,
            "processed_at": placed,
            "updated_at": fulfilled,
            "financial_status": "paid",
            "fulfillment_status": "fulfilled",
            "cancelled_at": null,
            "closed_at": null,
            "source_name": "web",
            "tags": "",
            "customer": {
                "id": CUSTOMER_ID_BASE + (i % 5000) as u64,
                "email": email,
                "first_name": first,
                "last_name": last,
                "phone": null,
            },
            "line_items": line_items,
            "shipping_address": address,
            "billing_address": address,
            "shipping_lines": [{
                "title": "UPS Ground",
                "code": "ups_ground",
                "source": "shopify",
                "price": "7.90",
            }],
            "fulfillments": [fulfillment],
        }))
    }

    /// Order `i`'s `orders/create` delivery, signed.
    pub fn order_created(&self, i: usize) -> anyhow::Result<Delivery> {
        let body = self.order_body(i)?;
        self.signed("orders/create", i as u64, self.fulfilled_ms(i), &body)
    }

    /// The body of event `j` (of `k`) of order `i`'s fulfillment: about 1.1–1.4 KB.
    pub fn event_body(&self, i: usize, j: usize, k: usize) -> anyhow::Result<Value> {
        let statuses = event_statuses(k);
        let status = statuses.get(j).copied().unwrap_or("in_transit");
        let id = EVENT_ID_BASE + (i * k + j) as u64;
        let oid = Self::order_id(i);
        let dest = DESTINATIONS[i % DESTINATIONS.len()];
        let hub = HUBS[(i + j) % HUBS.len()];
        let tracking = self.tracking_number(i);
        let happened = self.happened_ms(i, j, k);
        let at = rfc3339(happened, OFFSET_HOURS)?;
        let recorded = rfc3339(happened + 90_000, OFFSET_HOURS)?;
        let eta = rfc3339(self.estimated_delivery_ms(i), OFFSET_HOURS)?;
        let number = 1001 + i as u64;
        let weight = 180 + (i % 7) * 60;
        let details = format!(
            "Package 1 of 1, {weight} g ({:.1} lb), 23 x 15 x {} cm, service UPS Ground, \
             bill to shipper. Reference numbers: order #{number}, fulfillment #{number}.1, \
             shipment {fid}. Shipped from Aftercare Bench Optics, 4410 Commerce Dr, Louisville, \
             KY 40219, US, to {}, {} {}, US.",
            weight as f64 / 453.6,
            6 + i % 5,
            dest.0,
            dest.2,
            dest.3,
            fid = Self::fulfillment_id(i),
        );
        let (place, message) = match status {
            "label_printed" => (
                None,
                format!(
                    "Shipping label created: UPS has received the electronic shipment information \
                     for tracking number {tracking} (UPS Ground) from Aftercare Bench Optics, order \
                     #{number}. The parcel has not been handed over to UPS yet; once it is scanned \
                     at a UPS location the status will update. Scheduled delivery is an estimate \
                     and may change as the package moves through the network."
                ),
            ),
            "in_transit" => (
                Some(hub),
                format!(
                    "On the way: the package departed the {} facility ({}, {}) and is in transit to \
                     the next facility on its way to {}, {}. Tracking number {tracking}, UPS Ground, \
                     order #{number}. Your package is on time; the scheduled delivery date shown \
                     below is an estimate provided by the carrier and may change because of \
                     weather, holidays or volume. No action is needed from the receiver.",
                    hub.4, hub.0, hub.2, dest.0, dest.2
                ),
            ),
            "out_for_delivery" => (
                Some(dest),
                format!(
                    "Out for delivery: the package is on a UPS vehicle for delivery today to {}, \
                     {}, {} {}. Tracking number {tracking}, UPS Ground, order #{number}. Delivery \
                     is expected by end of day; an adult may need to sign for the package. If \
                     nobody is available, the driver will leave a UPS InfoNotice with instructions \
                     and try again on the next business day.",
                    dest.4, dest.0, dest.2, dest.3
                ),
            ),
            _ => (
                Some(dest),
                format!(
                    "Delivered: the package was delivered to {}, {}, {} {} and left at the front \
                     door; signature not required. Tracking number {tracking}, UPS Ground, order \
                     #{number}. Proof of delivery is available from UPS for 120 days. If you did \
                     not receive it, check around the property and with neighbours first, then \
                     contact the sender quoting the order number.",
                    dest.4, dest.0, dest.2, dest.3
                ),
            ),
        };
        let (city, province, zip, address1, lat, long) = match place {
            Some((city, province, _, zip, address1, lat, long)) => (
                json!(city),
                json!(province),
                json!(zip),
                json!(address1),
                json!(lat),
                json!(long),
            ),
            None => (
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
            ),
        };
        Ok(json!({
            "id": id,
            "fulfillment_id": Self::fulfillment_id(i),
            "status": status,
            "message": format!("{message} {details}"),
            "happened_at": at,
            "city": city,
            "province": province,
            "country": "US",
            "zip": zip,
            "address1": address1,
            "latitude": lat,
            "longitude": long,
            "shop_id": SHOP_ID,
            "created_at": recorded,
            "updated_at": recorded,
            "estimated_delivery_at": eta,
            "order_id": oid,
            "admin_graphql_api_id": format!("gid://shopify/FulfillmentEvent/{id}"),
        }))
    }

    /// Event `j` (of `k`) of order `i`, as a signed `fulfillment_events/create` delivery.
    pub fn event_created(&self, i: usize, j: usize, k: usize) -> anyhow::Result<Delivery> {
        let body = self.event_body(i, j, k)?;
        // Sequence numbers after all the orders' (`i < 2^32` in any sensible run).
        let seq = (1u64 << 32) + (i * k + j) as u64;
        self.signed(
            "fulfillment_events/create",
            seq,
            self.happened_ms(i, j, k) + 90_000,
            &body,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_value() -> anyhow::Result<()> {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), base64.
        assert_eq!(
            sign(b"key", b"The quick brown fox jumps over the lazy dog")?,
            "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="
        );
        Ok(())
    }

    #[test]
    fn times_have_the_offset() -> anyhow::Result<()> {
        assert_eq!(rfc3339(1_641_002_400_123, -5)?, "2021-12-31T21:00:00-05:00");
        assert_eq!(rfc3339(1_641_002_400_000, 0)?, "2022-01-01T02:00:00+00:00");
        Ok(())
    }

    #[test]
    fn statuses_end_delivered() {
        for k in 1..8 {
            let s = event_statuses(k);
            assert_eq!(s.len(), k);
            assert_eq!(s.last(), Some(&"delivered"));
        }
        assert_eq!(
            event_statuses(4),
            [
                "label_printed",
                "in_transit",
                "out_for_delivery",
                "delivered"
            ]
        );
    }

    #[test]
    fn events_are_unique_ordered_and_sized() -> anyhow::Result<()> {
        let g = Generator::new(
            "0123456789abcdef0123456789abcdef",
            0xDEAD_BEEF_1234,
            1_700_000_000_000,
        );
        let mut ids = std::collections::HashSet::new();
        for i in 0..50 {
            let mut last = i64::MIN;
            for j in 0..4 {
                let d = g.event_created(i, j, 4)?;
                assert!(ids.insert(d.webhook_id.clone()));
                assert!(ids.insert(d.event_id.clone()));
                assert!(
                    (1000..=1500).contains(&d.body.len()),
                    "{} bytes",
                    d.body.len()
                );
                let happened = g.happened_ms(i, j, 4);
                assert!(happened > last);
                last = happened;
            }
        }
        let order = g.order_created(3)?;
        let v: Value = serde_json::from_slice(&order.body)?;
        assert_eq!(
            v["fulfillments"][0]["id"],
            json!(Generator::fulfillment_id(3))
        );
        Ok(())
    }
}
