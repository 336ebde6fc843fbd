//! Deterministic order rows: the same values become the API body and the raw SQLite rows, so both
//! sides of the comparison store the same data. Row `i` is a function of `i` alone.

use serde_json::{Value, json};

/// `2026-11-20T10:00:00Z` in milliseconds since the epoch.
pub const PLACED_AT: &str = "2026-11-20T10:00:00Z";
pub const PLACED_AT_MS: i64 = 1_795_168_800_000;

/// How many distinct buyers the generated orders spread over (`buyer<i % BUYERS>@example.com`),
/// so customer upserts hit both the insert and the conflict path.
pub const BUYERS: usize = 5000;

#[derive(Debug, Clone, PartialEq)]
pub struct LineItem {
    pub sku: Option<&'static str>,
    pub name: &'static str,
    pub quantity: i64,
    pub unit_price: i64,
    pub image_url: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub name: &'static str,
    pub line1: &'static str,
    pub city: &'static str,
    pub postcode: &'static str,
    pub country: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    pub email: String,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub locale: &'static str,
    pub time_zone: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    /// The shop's id, the path segment of `PUT /api/v1/orders/{external_id}`.
    pub external_id: String,
    pub order_number: String,
    pub currency: &'static str,
    pub locale: &'static str,
    pub customer: Customer,
    pub line_items: Vec<LineItem>,
    pub shipping_address: Address,
}

impl OrderRow {
    /// Order `i`, with external id `<prefix>-<i>` (`W` for warm-up, `B` for measured).
    pub fn generate(prefix: &str, i: usize) -> OrderRow {
        OrderRow {
            external_id: format!("{prefix}-{i}"),
            order_number: format!("#{i}"),
            currency: "EUR",
            locale: "hu",
            customer: Customer {
                email: format!("buyer{}@example.com", i % BUYERS),
                first_name: "Anna",
                last_name: "Kovács",
                locale: "hu",
                time_zone: "Europe/Budapest",
            },
            line_items: vec![
                LineItem {
                    sku: Some("MUG-01"),
                    name: "Mug",
                    quantity: 2,
                    unit_price: 1290,
                    image_url: Some("https://example.com/mug.jpg"),
                },
                LineItem {
                    sku: Some("TEA-07"),
                    name: "Tea",
                    quantity: 1,
                    unit_price: 890,
                    image_url: None,
                },
            ],
            shipping_address: Address {
                name: "Kovács Anna",
                line1: "Fő utca 1",
                city: "Budapest",
                postcode: "1011",
                country: "HU",
            },
        }
    }

    /// `count` rows `<prefix>-0 … <prefix>-<count-1>`.
    pub fn generate_many(prefix: &str, count: usize) -> Vec<OrderRow> {
        (0..count).map(|i| OrderRow::generate(prefix, i)).collect()
    }

    pub fn total_minor(&self) -> i64 {
        self.line_items
            .iter()
            .map(|li| li.quantity * li.unit_price)
            .sum()
    }

    /// The body of `PUT /api/v1/orders/{external_id}`.
    pub fn body(&self) -> Value {
        let items: Vec<Value> = self
            .line_items
            .iter()
            .map(|li| {
                let mut v = json!({
                    "name": li.name,
                    "quantity": li.quantity,
                    "unit_price": li.unit_price,
                });
                if let Some(sku) = li.sku {
                    v["sku"] = json!(sku);
                }
                if let Some(url) = li.image_url {
                    v["image_url"] = json!(url);
                }
                v
            })
            .collect();
        let c = &self.customer;
        let a = &self.shipping_address;
        json!({
            "order_number": self.order_number,
            "currency": self.currency,
            "placed_at": PLACED_AT,
            "locale": self.locale,
            "customer": {
                "email": c.email,
                "first_name": c.first_name,
                "last_name": c.last_name,
                "locale": c.locale,
                "time_zone": c.time_zone,
            },
            "line_items": items,
            "shipping_address": {
                "name": a.name,
                "line1": a.line1,
                "city": a.city,
                "postcode": a.postcode,
                "country": a.country,
            },
        })
    }

    /// [`OrderRow::body`] serialised, ready to send.
    pub fn body_bytes(&self) -> Vec<u8> {
        self.body().to_string().into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_shaped_like_the_api_body() {
        let a = OrderRow::generate("B", 7);
        assert_eq!(a, OrderRow::generate("B", 7));
        assert_eq!(a.external_id, "B-7");
        assert_eq!(a.total_minor(), 2 * 1290 + 890);
        let b = a.body();
        assert_eq!(b["order_number"], "#7");
        assert_eq!(b["customer"]["email"], "buyer7@example.com");
        assert_eq!(b["line_items"][1]["sku"], "TEA-07");
        assert!(b["line_items"][1].get("image_url").is_none());
        assert_eq!(
            OrderRow::generate("B", 5007).customer.email,
            "buyer7@example.com"
        );
    }
}
