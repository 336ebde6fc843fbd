//! `serve --demo`: a demo shop with orders in all five languages and all three delivery methods,
//! and a simulated carrier that moves the parcels in real time.
//!
//! The shop side (orders, parcels) goes through the same use cases as the API. The carrier is
//! faked where a real one would be — at the network boundary: it POSTs signed native webhooks
//! (`/webhooks/demo/native`) to this server over HTTP, so a demo parcel moves exactly the way a real
//! one would. Parcels take a step every 15–40 seconds; a finished parcel is followed, a little
//! later, by a new order, so the demo keeps moving for as long as it runs.

use aftercare_app::{App, AppError, accounts, orders};
use aftercare_domain::time::{now_millis, to_rfc3339};
use aftercare_domain::*;
use aftercare_store::repo::{keys, orders as order_repo, shipments, shops};
use std::time::Duration;

pub const SLUG: &str = "demo";

const PEOPLE: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("en", "Emma", "Clarke", "Europe/London", "GB", "SW1A 1AA"),
    ("hu", "Anna", "Kovács", "Europe/Budapest", "HU", "1011"),
    ("fi", "Aino", "Virtanen", "Europe/Helsinki", "FI", "00100"),
    ("pl", "Zofia", "Nowak", "Europe/Warsaw", "PL", "00-950"),
    ("tr", "Elif", "Yılmaz", "Europe/Istanbul", "TR", "34000"),
];

/// (sku, name, price in cents, image under /assets/demo/)
const PRODUCTS: &[(&str, &str, i64, &str)] = &[
    ("MUG-01", "Ceramic mug", 1290, "mug.svg"),
    ("TEA-07", "Loose leaf green tea 100 g", 890, "tea.svg"),
    ("BAG-02", "Canvas tote bag", 1990, "bag.svg"),
    ("CANDLE-3", "Soy candle", 1590, "candle.svg"),
];

/// The journeys the simulated carrier knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Journey {
    Courier,
    /// The courier finds nobody home once.
    Attempt,
    /// Held up on the way, then late.
    Delay,
    Locker,
    Pickup,
}

type Step = (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

impl Journey {
    const ALL: [Journey; 5] = [
        Journey::Courier,
        Journey::Locker,
        Journey::Attempt,
        Journey::Pickup,
        Journey::Delay,
    ];

    fn method(self) -> DeliveryMethod {
        match self {
            Journey::Locker => DeliveryMethod::Locker,
            Journey::Pickup => DeliveryMethod::Pickup,
            _ => DeliveryMethod::Courier,
        }
    }

    fn carrier(self, locale: &str) -> &'static str {
        match (self, locale) {
            (Journey::Pickup, _) => "store",
            (Journey::Locker, "pl") => "inpost",
            (Journey::Locker, "hu") => "foxpost",
            (Journey::Locker, _) => "packeta",
            (_, "fi") => "posti",
            (_, "tr") => "yurtici",
            (_, "pl") => "inpost",
            (_, "hu") => "gls",
            _ => "dpd",
        }
    }

    /// (tag, subtag, location, message) per step.
    fn steps(self) -> &'static [Step] {
        const LABEL: Step = (
            "InfoReceived",
            Some("InfoReceived_001"),
            "Warehouse",
            "Label created",
        );
        const PICKED: Step = (
            "InTransit",
            Some("InTransit_002"),
            "Warehouse",
            "Picked up by the carrier",
        );
        const HUB: Step = (
            "InTransit",
            Some("InTransit_001"),
            "Central hub",
            "Sorted at the hub",
        );
        const DEPOT: Step = (
            "InTransit",
            Some("InTransit_001"),
            "Local depot",
            "Arrived at the delivery depot",
        );
        const OUT: Step = (
            "OutForDelivery",
            Some("OutForDelivery_001"),
            "Local depot",
            "With the courier",
        );
        const DELIVERED: Step = (
            "Delivered",
            Some("Delivered_001"),
            "Front door",
            "Delivered",
        );
        match self {
            Journey::Courier => &[LABEL, PICKED, HUB, DEPOT, OUT, DELIVERED],
            Journey::Attempt => &[
                LABEL,
                PICKED,
                HUB,
                OUT,
                (
                    "AttemptFail",
                    Some("AttemptFail_001"),
                    "Front door",
                    "Nobody at home",
                ),
                OUT,
                DELIVERED,
            ],
            Journey::Delay => &[
                LABEL,
                PICKED,
                (
                    "Exception",
                    Some("Exception_005"),
                    "Central hub",
                    "Held up by the weather",
                ),
                HUB,
                DEPOT,
                OUT,
                DELIVERED,
            ],
            Journey::Locker => &[
                LABEL,
                PICKED,
                HUB,
                (
                    "AvailableForPickup",
                    Some("AvailableForPickup_001"),
                    "Parcel locker",
                    "Placed in the locker",
                ),
                (
                    "Delivered",
                    Some("Delivered_002"),
                    "Parcel locker",
                    "Collected",
                ),
            ],
            Journey::Pickup => &[
                LABEL,
                (
                    "AvailableForPickup",
                    Some("AvailableForPickup_001"),
                    "Shop counter",
                    "Ready at the counter",
                ),
                (
                    "Delivered",
                    Some("Delivered_002"),
                    "Shop counter",
                    "Collected",
                ),
            ],
        }
    }
}

/// Demo order `n` (0-based): who, what journey, how far it already is at seeding time.
fn plan(n: usize) -> (usize, Journey) {
    (
        n % PEOPLE.len(),
        Journey::ALL[(n / PEOPLE.len() + n) % Journey::ALL.len()],
    )
}

fn external_id(n: usize) -> String {
    format!("demo-{}", 1001 + n)
}

fn tracking_number(n: usize) -> String {
    format!("DEMO{:08}", 5000 + n)
}

/// Creates demo order `n` and its parcel, with the first `done` steps of its journey behind it.
fn create_order(app: &App, shop_id: &str, n: usize, done: usize, now: i64) -> anyhow::Result<()> {
    let rt = tokio::runtime::Handle::current();
    let (p, journey) = plan(n);
    let (locale, first, last, tz, country, postcode) = PEOPLE[p];
    let method = journey.method();
    let item = |k: usize, quantity: i64| {
        let (sku, name, price, image) = PRODUCTS[k % PRODUCTS.len()];
        LineItemInput {
            sku: Some(sku.into()),
            name: name.into(),
            quantity,
            unit_price: price,
            image_url: Some(format!("/assets/demo/{image}")),
        }
    };
    let input = OrderInput {
        order_number: Some(format!("#{}", 1001 + n)),
        status: OrderStatus::Open,
        fulfillment_status: FulfillmentStatus::Fulfilled,
        delivery_method: Some(method),
        shipping_method: None,
        currency: "EUR".into(),
        placed_at: Some(to_rfc3339(now - 26 * 3_600_000)),
        locale: Some(locale.into()),
        customer: Some(CustomerInput {
            email: Some(format!(
                "{}.{}@example.com",
                first.to_lowercase().replace(['á', 'ı'], "a"),
                1001 + n
            )),
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            locale: Some(locale.into()),
            time_zone: Some(tz.into()),
            ..Default::default()
        }),
        line_items: vec![item(n, 1 + (n % 2) as i64), item(n + 1, 1)],
        shipping_address: Some(Address {
            name: Some(format!("{first} {last}")),
            line1: Some("Demo Street 1".into()),
            city: Some("Demo City".into()),
            postcode: Some(postcode.into()),
            country: Some(country.into()),
            ..Default::default()
        }),
        billing_address: None,
    };
    let ext = external_id(n);
    let email = input
        .customer
        .as_ref()
        .and_then(|c| c.email.clone())
        .unwrap_or_default();
    rt.block_on(orders::upsert_order(app, shop_id, &ext, input, None))
        .map_err(explain)?;
    // Every other demo buyer ticked "send me news" at checkout: their review request goes out.
    if n.is_multiple_of(2) {
        rt.block_on(aftercare_app::consent::record(
            app,
            shop_id,
            aftercare_app::consent::NewConsent {
                channel: "email".into(),
                address: email,
                granted: true,
                source: "checkout".into(),
                wording: Some("Send me news and offers by email".into()),
                recorded_at: Some(now - 26 * 3_600_000),
                ..Default::default()
            },
        ))
        .map_err(explain)?;
    }
    let day = 86_400_000;
    let location = (method != DeliveryMethod::Courier).then(|| PickupLocation {
        id: Some(format!("PT-{:04}", 100 + n)),
        name: Some(if method == DeliveryMethod::Locker {
            "Parcel locker · Main Street 12".into()
        } else {
            "Demo Shop counter".into()
        }),
        address: Some("Main Street 12, Demo City".into()),
        opening_hours: Some(if method == DeliveryMethod::Locker {
            "0–24".into()
        } else {
            "Mo–Fr 9–18, Sa 9–13".into()
        }),
    });
    let shipment = ShipmentInput {
        carrier: journey.carrier(locale).into(),
        service: None,
        tracking_number: tracking_number(n),
        delivery_method: method,
        location,
        pickup_code: (method != DeliveryMethod::Courier)
            .then(|| format!("{:06}", 123_457 + n * 7919 % 876_543)),
        collect_by: (method != DeliveryMethod::Courier).then(|| to_rfc3339(now + 3 * day)),
        tracking_url: None,
        // The carrier's promise: tomorrow for most; the delayed one was due yesterday.
        estimated_delivery: match journey {
            Journey::Delay => Some(to_rfc3339(now - day)),
            Journey::Courier | Journey::Attempt => Some(to_rfc3339(now + day)),
            _ => None,
        },
        items: Vec::new(),
    };
    let (ship, _) = rt
        .block_on(orders::add_shipment(app, shop_id, &ext, shipment, None))
        .map_err(explain)?;
    let steps = journey.steps();
    for (k, (tag, subtag, location, message)) in steps.iter().take(done).enumerate() {
        let ev = ShipmentEventInput {
            tag: (*tag).into(),
            subtag: subtag.map(str::to_string),
            message: Some((*message).into()),
            location: Some((*location).into()),
            occurred_at: to_rfc3339(now - (done - k) as i64 * 2_400_000),
            event_id: Some(format!("{}-{k}", tracking_number(n))),
        };
        rt.block_on(orders::add_shipment_event(app, shop_id, &ship.id, ev, None))
            .map_err(explain)?;
    }
    Ok(())
}

/// A use case's refusal with its field errors: the demo's data is ours, so this is a bug to show.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Validation(f) => anyhow::anyhow!("demo data refused: {:?}", f.0),
        other => other.into(),
    }
}

/// Seeds the demo shop (once). Returns what to print.
pub fn seed(app: &App) -> anyhow::Result<String> {
    let shop = match accounts::create_shop(&app.db, "Demo Shop", Some(SLUG)) {
        Ok(s) => s,
        Err(AppError::Conflict(_)) => {
            return Ok(format!(
                "Demo shop \"{SLUG}\" exists already; not seeding again. Its parcels keep moving.\n{}",
                links(app)?
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let now = now_millis();
    let id = shop.id.clone();
    app.db.write(|c| {
        shops::set_branding(
            c,
            &id,
            &shops::Branding {
                brand_color: Some("#0f766e".into()),
                support_email: Some("help@demo-shop.example".into()),
                support_phone: Some("+36 1 234 5678".into()),
                website_url: Some("https://demo-shop.example".into()),
                ..Default::default()
            },
            now,
        )
    })?;
    for n in 0..30 {
        let (_, journey) = plan(n);
        // Spread the parcels along their journeys, so every stage is on show from the start.
        let done = (n * 7 / 3) % journey.steps().len();
        create_order(app, &shop.id, n, done, now)?;
    }
    Ok(format!(
        "Demo shop \"{SLUG}\" seeded with 30 orders; a simulated carrier moves them every few seconds.\n  API key: {}\n{}",
        shop.api_key,
        links(app)?
    ))
}

/// A few tracking pages that are about to move, one per language.
fn links(app: &App) -> anyhow::Result<String> {
    let shop = app
        .db
        .read(|c| shops::by_slug(c, SLUG))?
        .ok_or_else(|| anyhow::anyhow!("no demo shop"))?;
    let mut lines = vec![
        "  Tracking pages (open one on your phone-sized window and watch it move):".to_string(),
    ];
    for n in [0usize, 6, 12, 18, 24, 3, 9] {
        let ext = external_id(n);
        if let Some(o) = app
            .db
            .read(|c| order_repo::by_external_id(c, &shop.id, &ext, false))?
        {
            let (p, journey) = plan(n);
            lines.push(format!(
                "    {}/t/{}  ({}, {:?})",
                app.base_url, o.tracking_token, PEOPLE[p].0, journey
            ));
        }
    }
    lines.push(format!(
        "  Look an order up: {}/track?shop={SLUG}  (e.g. order 1001, postcode SW1A 1AA)",
        app.base_url
    ));
    Ok(lines.join("\n"))
}

/// One parcel the carrier is moving.
struct Moving {
    n: usize,
    journey: Journey,
    next: usize,
    due: tokio::time::Instant,
}

/// Runs the simulated carrier until the process stops.
pub async fn carrier(app: App, server: String) {
    if let Err(e) = run_carrier(&app, &server).await {
        tracing::warn!(error = %e, "demo carrier stopped");
    }
}

fn pause(n: usize, step: usize) -> Duration {
    Duration::from_secs(15 + ((n * 13 + step * 7) % 26) as u64)
}

async fn run_carrier(app: &App, server: &str) -> anyhow::Result<()> {
    let a = app.clone();
    let (shop_id, secret, mut moving) = tokio::task::spawn_blocking(move || {
        let shop =
            a.db.read(|c| shops::by_slug(c, SLUG))?
                .ok_or_else(|| anyhow::anyhow!("no demo shop"))?;
        let secret =
            a.db.read(|c| keys::active_webhook_secrets(c, &shop.id, "native"))?
                .into_iter()
                .next()
                .ok_or_else(|| anyhow::anyhow!("the demo shop has no webhook secret"))?;
        let start = tokio::time::Instant::now();
        let mut moving = Vec::new();
        for n in 0..1000 {
            let Some(o) =
                a.db.read(|c| order_repo::by_external_id(c, &shop.id, &external_id(n), false))?
            else {
                break;
            };
            let events =
                a.db.read(|c| shipments::events_for_order(c, &shop.id, &o.id))?;
            let (_, journey) = plan(n);
            moving.push(Moving {
                n,
                journey,
                next: events.len(),
                due: start + Duration::from_secs(3 + (n as u64 * 5) % 40),
            });
        }
        anyhow::Ok((shop.id, secret.secret, moving))
    })
    .await??;
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()?;
    let url = format!("{server}/webhooks/{SLUG}/native");
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        let now = tokio::time::Instant::now();
        let mut new_orders = 0;
        for m in moving.iter_mut().filter(|m| m.due <= now) {
            let steps = m.journey.steps();
            let Some((tag, subtag, location, message)) = steps.get(m.next) else {
                // Done: a new order takes its place in a while.
                m.due = now + Duration::from_secs(3600 * 24 * 365);
                new_orders += 1;
                continue;
            };
            let body = serde_json::json!({
                "type": "shipment.events",
                "carrier": m.journey.carrier(PEOPLE[plan(m.n).0].0),
                "tracking_number": tracking_number(m.n),
                "order_external_id": external_id(m.n),
                "events": [{
                    "tag": tag, "subtag": subtag, "location": location, "message": message,
                    "occurred_at": to_rfc3339(now_millis()),
                    "event_id": format!("{}-{}", tracking_number(m.n), m.next),
                }],
            })
            .to_string();
            let msg_id = format!("demo-{}-{}", m.n, m.next);
            let ts = now_millis() / 1000;
            let sig = aftercare_app::webhooks::sign(&secret, &msg_id, ts, body.as_bytes());
            let sent = client
                .post(&url)
                .header("content-type", "application/json")
                .header("webhook-id", &msg_id)
                .header("webhook-timestamp", ts.to_string())
                .header("webhook-signature", sig)
                .body(body)
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => {
                    m.next += 1;
                    m.due = now + pause(m.n, m.next);
                }
                Ok(r) => {
                    tracing::warn!(status = %r.status(), "demo carrier: webhook refused");
                    m.due = now + Duration::from_secs(30);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "demo carrier: webhook failed");
                    m.due = now + Duration::from_secs(30);
                }
            }
        }
        for _ in 0..new_orders {
            let n = moving.len();
            if n >= 500 {
                break;
            }
            let (a, id) = (app.clone(), shop_id.clone());
            let created =
                tokio::task::spawn_blocking(move || create_order(&a, &id, n, 0, now_millis()))
                    .await?;
            if let Err(e) = created {
                tracing::warn!(error = %e, "demo: new order failed");
                continue;
            }
            moving.push(Moving {
                n,
                journey: plan(n).1,
                next: 0,
                due: now + Duration::from_secs(20),
            });
        }
    }
}
