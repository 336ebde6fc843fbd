//! Inbound webhooks, as the platforms send them: real payloads from their documentation, signed the
//! platforms' way; tampered, duplicated, replayed, stale and out-of-order deliveries.

use aftercare_testkit::{ShopKeys, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../fixtures/inbound/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

const SHOPIFY_SECRET: &str = "shpss_0123456789abcdef0123456789abcdef";
const WOO_SECRET: &str = "woo-secret-with-&amp-in-it";
const AFTERSHIP_SECRET: &str = "aftership-secret-1234";

async fn add_secret(t: &TestApp, shop: &ShopKeys, source: &str, value: &str) -> String {
    let r = t
        .call(
            "POST",
            "/api/v1/webhook-secrets",
            Some(&shop.api_key),
            Some(json!({"source": source, "value": value})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.body["id"].as_str().unwrap().to_string()
}

async fn shopify(
    t: &TestApp,
    shop: &ShopKeys,
    topic: &str,
    body: &str,
    webhook_id: &str,
    secret: &str,
) -> aftercare_testkit::Response {
    let req = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/shopify", shop.slug))
        .header("content-type", "application/json")
        .header("x-shopify-topic", topic)
        .header("x-shopify-hmac-sha256", sign(secret, body.as_bytes()))
        .header("x-shopify-webhook-id", webhook_id)
        .header("x-shopify-triggered-at", "2026-11-25T10:00:00.000000Z")
        .body(Body::from(body.to_string()))
        .unwrap();
    t.send(req).await
}

fn inbound_count(t: &TestApp, shop_id: &str) -> usize {
    t.app
        .db
        .read(|c| aftercare_store::repo::inbound::list(c, shop_id, None, 1000))
        .unwrap()
        .len()
}

#[tokio::test]
async fn shopify_orders_signed_deduplicated_and_tamper_proof() {
    let t = TestApp::new();
    let shop = t.shop("Shopify Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let body = fixture("shopify/orders_create.json");

    let r = shopify(&t, &shop, "orders/create", &body, "wh-1", SHOPIFY_SECRET).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["status"], "accepted");
    let order = t
        .call(
            "GET",
            "/api/v1/orders/820982911946154508",
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(order.status, StatusCode::OK, "{}", order.text);
    assert_eq!(order.body["order_number"], "#9999");
    assert_eq!(order.body["source"], "shopify");
    assert_eq!(order.body["status"], "cancelled");
    assert_eq!(order.body["line_items"][0]["unit_price"], 8999);

    let again = shopify(&t, &shop, "orders/create", &body, "wh-1", SHOPIFY_SECRET).await;
    assert_eq!(
        again.body["status"], "duplicate",
        "a redelivery is stored once"
    );
    assert_eq!(inbound_count(&t, &shop.id), 1);

    let tampered = body.replace("\"#9999\"", "\"#6666\"");
    let req = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/shopify", shop.slug))
        .header("x-shopify-topic", "orders/updated")
        .header(
            "x-shopify-hmac-sha256",
            sign(SHOPIFY_SECRET, body.as_bytes()),
        )
        .header("x-shopify-webhook-id", "wh-2")
        .body(Body::from(tampered))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["code"], "invalid_signature");
    let r = shopify(
        &t,
        &shop,
        "orders/updated",
        &body,
        "wh-3",
        "a-guessed-secret",
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let req = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/shopify", shop.slug))
        .header("x-shopify-topic", "orders/updated")
        .body(Body::from(body.clone()))
        .unwrap();
    assert_eq!(
        t.send(req).await.status,
        StatusCode::UNAUTHORIZED,
        "no signature"
    );
    assert_eq!(
        inbound_count(&t, &shop.id),
        1,
        "nothing stored for refused deliveries"
    );
    let order = t
        .call(
            "GET",
            "/api/v1/orders/820982911946154508",
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(order.body["order_number"], "#9999");

    let other = t.shop("Other Shop");
    let r = shopify(&t, &other, "orders/create", &body, "wh-9", SHOPIFY_SECRET).await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "another shop's secret does not verify"
    );
}

#[tokio::test]
async fn secrets_rotate_without_a_gap() {
    let t = TestApp::new();
    let shop = t.shop("Rotating Shop");
    let old = add_secret(&t, &shop, "shopify", "old-secret-123456").await;
    add_secret(&t, &shop, "shopify", "new-secret-654321").await;
    let body = fixture("shopify/orders_create.json");
    assert_eq!(
        shopify(&t, &shop, "orders/create", &body, "a", "old-secret-123456")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        shopify(&t, &shop, "orders/updated", &body, "b", "new-secret-654321")
            .await
            .status,
        StatusCode::OK
    );
    let r = t
        .call(
            "DELETE",
            &format!("/api/v1/webhook-secrets/{old}"),
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        shopify(&t, &shop, "orders/updated", &body, "c", "old-secret-123456")
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "revoked at once"
    );
    assert_eq!(
        shopify(&t, &shop, "orders/updated", &body, "d", "new-secret-654321")
            .await
            .status,
        StatusCode::OK
    );
}

fn order_json(id: u64, updated_at: &str, name: &str) -> String {
    json!({
        "id": id, "name": name, "email": "buyer@example.com", "currency": "EUR", "created_at": "2026-11-20T10:00:00+01:00",
        "updated_at": updated_at, "cancelled_at": null, "closed_at": null, "financial_status": "paid", "fulfillment_status": null,
        "customer_locale": "fi", "customer": {"id": 1, "email": "buyer@example.com", "first_name": "Aino", "last_name": "Virtanen", "phone": "not a phone"},
        "line_items": [{"id": 1, "title": "Mug", "name": "Mug", "quantity": 2, "price": "12.50", "sku": "MUG"}],
        "shipping_address": {"first_name": "Aino", "last_name": "Virtanen", "address1": "Mannerheimintie 1", "city": "Helsinki", "zip": "00100", "country_code": "FI"},
        "shipping_lines": [{"title": "Posti Pakettiautomaatti", "code": "posti-automat"}],
        "fulfillments": []
    })
    .to_string()
}

#[tokio::test]
async fn stale_updates_change_nothing_and_unknown_topics_are_recorded() {
    let t = TestApp::new();
    let shop = t.shop("Stale Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let newer = order_json(5001, "2026-11-21T12:00:00+01:00", "#5001");
    let older = order_json(5001, "2026-11-21T09:00:00+01:00", "#5001-old");
    assert_eq!(
        shopify(&t, &shop, "orders/updated", &newer, "n", SHOPIFY_SECRET)
            .await
            .body["status"],
        "accepted"
    );
    let r = shopify(&t, &shop, "orders/updated", &older, "o", SHOPIFY_SECRET).await;
    assert_eq!(r.body["status"], "stale", "{}", r.text);
    let o = t
        .call("GET", "/api/v1/orders/5001", Some(&shop.api_key), None)
        .await;
    assert_eq!(o.body["order_number"], "#5001");
    assert_eq!(o.body["stage"], "preparing", "paid → being prepared");
    assert_eq!(
        o.body["delivery_method"], "locker",
        "the checkout chose a parcel locker"
    );
    assert_eq!(
        o.body["customer"]["first_name"], "Aino",
        "an unparseable phone is dropped, not fatal"
    );

    let r = shopify(
        &t,
        &shop,
        "products/update",
        "{\"id\": 1}",
        "p",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (StatusCode::OK, Some("ignored"))
    );
    let r = shopify(
        &t,
        &shop,
        "orders/create",
        "this is not json",
        "q",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "kept for reprocessing, so the platform does not disable the webhook"
    );
    assert_eq!(r.body["status"], "kept");
    let states: Vec<String> = t
        .app
        .db
        .read(|c| aftercare_store::repo::inbound::list(c, &shop.id, None, 100))
        .unwrap()
        .into_iter()
        .map(|e| e.state)
        .collect();
    assert_eq!(
        states.iter().filter(|s| *s == "ignored").count(),
        2,
        "{states:?}"
    );
    assert_eq!(
        states.iter().filter(|s| *s == "failed").count(),
        1,
        "{states:?}"
    );
    let failed = t
        .call(
            "GET",
            "/api/v1/inbound-events?state=failed",
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(failed.status, StatusCode::OK, "{}", failed.text);
    let ev = &failed.body[0];
    assert!(ev["error"].as_str().unwrap().contains("not JSON"));
    assert!(ev.get("payload").is_none(), "lists leave the raw body out");
    let one = t
        .call(
            "GET",
            &format!("/api/v1/inbound-events/{}", ev["id"].as_str().unwrap()),
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(
        one.body["payload"], "this is not json",
        "the raw body is kept for reprocessing"
    );
    let other = t.shop("Nosy Shop");
    let theirs = t
        .call(
            "GET",
            &format!("/api/v1/inbound-events/{}", ev["id"].as_str().unwrap()),
            Some(&other.api_key),
            None,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let shop_view = t
        .call("GET", "/api/v1/shop", Some(&shop.api_key), None)
        .await;
    assert_eq!(
        shop_view.body["inbound_webhook_urls"]["shopify"],
        format!("http://aftercare.test/webhooks/{}/shopify", shop.slug)
    );
}

#[tokio::test]
async fn privacy_topics_are_recorded() {
    let t = TestApp::new();
    let shop = t.shop("Privacy Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    for (topic, file) in [
        ("customers/redact", "customers_redact.json"),
        ("customers/data_request", "customers_data_request.json"),
        ("shop/redact", "shop_redact.json"),
    ] {
        let r = shopify(
            &t,
            &shop,
            topic,
            &fixture(&format!("shopify/{file}")),
            topic,
            SHOPIFY_SECRET,
        )
        .await;
        assert_eq!(r.body["status"], "accepted", "{topic}: {}", r.text);
    }
    let reqs = t
        .app
        .db
        .read(|c| aftercare_store::repo::inbound::privacy_requests(c, &shop.id))
        .unwrap();
    let mut kinds: Vec<&str> = reqs.iter().map(|r| r.0.as_str()).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        ["customer_data_request", "customer_redact", "shop_redact"]
    );
    let redact = reqs.iter().find(|r| r.0 == "customer_redact").unwrap();
    assert_eq!(redact.1.as_deref(), Some("john@example.com"));
    assert!(
        reqs.iter().all(|r| r.2 == "pending"),
        "kept until erasure exists"
    );
}

fn fulfillment(id: u64, order_id: u64, numbers: &[&str], status: Option<&str>) -> String {
    json!({"id": id, "order_id": order_id, "status": "success", "tracking_company": "Posti", "tracking_numbers": numbers,
           "tracking_number": numbers.first(), "shipment_status": status, "created_at": "2026-11-21T10:00:00+01:00", "updated_at": "2026-11-21T10:00:00+01:00"})
    .to_string()
}

fn fulfillment_event(
    id: u64,
    fulfillment_id: u64,
    order_id: u64,
    status: &str,
    at: &str,
) -> String {
    json!({"id": id, "fulfillment_id": fulfillment_id, "order_id": order_id, "status": status, "message": format!("{status} at the hub"), "happened_at": at, "city": "Vantaa", "country": "FI"}).to_string()
}

/// Webhooks and the API move the same parcel: a webhook batch after an API event starts from
/// what the API wrote (a cache of an earlier batch's parcels, tried for speed, failed this).
#[tokio::test]
async fn a_parcel_moved_through_the_api_between_webhooks_is_read_again() {
    let t = TestApp::new();
    let shop = t.shop("Mixed Writers Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let k = Some(shop.api_key.as_str());
    let order = order_json(7101, "2026-11-21T09:00:00+01:00", "#7101");
    shopify(&t, &shop, "orders/create", &order, "m-o", SHOPIFY_SECRET).await;
    let f = fulfillment(910, 7101, &["JJFI91"], None);
    shopify(&t, &shop, "fulfillments/create", &f, "m-f", SHOPIFY_SECRET).await;
    let event = |id: u64, status: &str, at: &str| fulfillment_event(id, 910, 7101, status, at);
    // Twice through the set-based path.
    for (id, status, at) in [
        (1, "confirmed", "2026-11-22T07:00:00+02:00"),
        (2, "in_transit", "2026-11-22T08:00:00+02:00"),
    ] {
        let r = shopify(
            &t,
            &shop,
            "fulfillment_events/create",
            &event(id, status, at),
            &format!("m-e{id}"),
            SHOPIFY_SECRET,
        )
        .await;
        assert_eq!(r.body["status"], "accepted", "{}", r.text);
    }
    let o = t.call("GET", "/api/v1/orders/7101", k, None).await;
    let sid = o.body["shipments"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(o.body["shipments"][0]["tag"], "InTransit", "{}", o.text);

    // Another writer delivers it.
    let r = t
        .call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            k,
            Some(json!({"tag": "Delivered", "occurred_at": "2026-11-23T12:00:00Z", "message": "handed over"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);

    // A late checkpoint through the webhook: kept in the timeline, the parcel stays delivered.
    let r = shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &event(3, "out_for_delivery", "2026-11-23T08:00:00+02:00"),
        "m-e3",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    let o = t.call("GET", "/api/v1/orders/7101", k, None).await;
    let parcel = &o.body["shipments"][0];
    assert_eq!(parcel["tag"], "Delivered", "{}", o.text);
    // The buyer chose a parcel locker: collected.
    assert_eq!(o.body["stage"], "picked_up", "{}", o.text);
    assert_eq!(parcel["events"].as_array().unwrap().len(), 4, "{}", o.text);

    // And the next webhook event after that sees the API's event among the parcel's own: a
    // repeat of it is a duplicate, not a fifth event.
    let r = shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &event(3, "out_for_delivery", "2026-11-23T08:00:00+02:00"),
        "m-e3-again",
        SHOPIFY_SECRET,
    )
    .await;
    assert!(r.status.is_success(), "{}", r.text);
    let o = t.call("GET", "/api/v1/orders/7101", k, None).await;
    assert_eq!(
        o.body["shipments"][0]["events"].as_array().unwrap().len(),
        4,
        "{}",
        o.text
    );
    assert_eq!(o.body["shipments"][0]["tag"], "Delivered");
}

#[tokio::test]
async fn shopify_shipments_events_out_of_order_and_duplicates() {
    let t = TestApp::new();
    let shop = t.shop("Parcels Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let k = Some(shop.api_key.as_str());
    shopify(
        &t,
        &shop,
        "orders/create",
        &order_json(7001, "2026-11-21T09:00:00+01:00", "#7001"),
        "o1",
        SHOPIFY_SECRET,
    )
    .await;

    // The carrier's events arrive before the fulfillment itself, and out of order.
    let r = shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &fulfillment_event(
            3,
            900,
            7001,
            "out_for_delivery",
            "2026-11-23T08:00:00+02:00",
        ),
        "e3",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &fulfillment_event(1, 900, 7001, "in_transit", "2026-11-22T08:00:00+02:00"),
        "e1",
        SHOPIFY_SECRET,
    )
    .await;
    let o = t.call("GET", "/api/v1/orders/7001", k, None).await;
    assert_eq!(o.body["stage"], "out_for_delivery");
    assert!(
        o.body["shipments"][0]["tracking_number"].is_null(),
        "a placeholder until the fulfillment says"
    );

    // Now the fulfillment, with two parcels: the placeholder takes the first number.
    let r = shopify(
        &t,
        &shop,
        "fulfillments/create",
        &fulfillment(900, 7001, &["JJFI1", "JJFI2"], None),
        "f1",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    let o = t.call("GET", "/api/v1/orders/7001", k, None).await;
    let ships = o.body["shipments"].as_array().unwrap();
    assert_eq!(ships.len(), 2, "{}", o.text);
    assert_eq!(ships[0]["tracking_number"], "JJFI1");
    assert_eq!(ships[0]["carrier"], "posti");
    assert_eq!(ships[0]["tag"], "OutForDelivery");
    assert_eq!(ships[0]["events"].as_array().unwrap().len(), 2);
    assert_eq!(ships[1]["tag"], "Pending");
    assert_eq!(
        o.body["stage"], "preparing",
        "the second parcel has not moved yet"
    );

    // Delivered for the fulfillment: both parcels; a replay and a late in_transit change nothing.
    let delivered = fulfillment_event(4, 900, 7001, "delivered", "2026-11-23T13:00:00+02:00");
    shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &delivered,
        "e4",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(
        shopify(
            &t,
            &shop,
            "fulfillment_events/create",
            &delivered,
            "e4",
            SHOPIFY_SECRET
        )
        .await
        .body["status"],
        "duplicate"
    );
    shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &delivered,
        "e4-redelivered-under-another-id",
        SHOPIFY_SECRET,
    )
    .await;
    shopify(
        &t,
        &shop,
        "fulfillment_events/create",
        &fulfillment_event(2, 900, 7001, "in_transit", "2026-11-22T18:00:00+02:00"),
        "e2",
        SHOPIFY_SECRET,
    )
    .await;
    let o = t.call("GET", "/api/v1/orders/7001", k, None).await;
    assert_eq!(
        o.body["stage"], "picked_up",
        "the checkout chose a locker: delivered means picked up; {}",
        o.text
    );
    let first = &o.body["shipments"][0];
    assert_eq!(first["tag"], "Delivered");
    let tags: Vec<&str> = first["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tag"].as_str().unwrap())
        .collect();
    assert_eq!(
        tags,
        ["InTransit", "InTransit", "OutForDelivery", "Delivered"],
        "each event once, in time order"
    );
    assert!(
        first["shipped_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-22T06:00:00"),
        "the earliest movement"
    );
    // Every applied delivery is linked to the order (the admin's order page lists them).
    let order_id = o.body["id"].as_str().unwrap().to_string();
    let (sid, oid) = (shop.id.clone(), order_id.clone());
    let (linked, processed) = t
        .app
        .db
        .read(move |c| {
            let linked = aftercare_store::repo::inbound::for_order(c, &sid, &oid, 100)?;
            let processed = c
                .query_one(
                    "SELECT COUNT(*) FROM inbound_events WHERE shop_id = $1 AND state = 'processed'",
                    aftercare_store::params![&sid],
                )?
                .int(0)?;
            Ok::<_, aftercare_store::StoreError>((linked, processed))
        })
        .unwrap();
    assert_eq!(linked.len() as i64, processed, "{linked:?}");
    assert!(linked.iter().any(|e| e.topic == "orders/create"));
    assert!(
        linked
            .iter()
            .any(|e| e.topic == "fulfillment_events/create")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_for_an_order_not_yet_received_is_kept_and_applied_later() {
    let t = TestApp::new();
    let runner = aftercare_jobs::Runner::new(
        t.app.db.clone(),
        aftercare_app::jobs::registry(&t.app),
        aftercare_jobs::RunnerConfig {
            poll_interval: std::time::Duration::from_millis(20),
            base_backoff: std::time::Duration::from_millis(50),
            ..Default::default()
        },
    );
    let (handle, join) = runner.start(std::time::Duration::from_secs(2));
    t.app.attach_runner(handle.clone());
    let shop = t.shop("Early Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let r = shopify(
        &t,
        &shop,
        "fulfillments/create",
        &fulfillment(950, 8001, &["EARLY1"], Some("in_transit")),
        "f",
        SHOPIFY_SECRET,
    )
    .await;
    assert_eq!(r.body["status"], "kept", "{}", r.text);
    assert_eq!(r.body["retry"], true);
    shopify(
        &t,
        &shop,
        "orders/create",
        &order_json(8001, "2026-11-21T09:00:00+01:00", "#8001"),
        "o",
        SHOPIFY_SECRET,
    )
    .await;
    let mut stage = Value::Null;
    for _ in 0..200 {
        stage = t
            .call("GET", "/api/v1/orders/8001", Some(&shop.api_key), None)
            .await
            .body["stage"]
            .clone();
        if stage == "shipped" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(
        stage, "shipped",
        "the kept fulfillment was applied once the order arrived"
    );
    handle.stop();
    join.await.unwrap();
}

async fn woo(t: &TestApp, shop: &ShopKeys, topic: &str, body: &str) -> aftercare_testkit::Response {
    let req = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/woocommerce", shop.slug))
        .header("content-type", "application/json")
        .header("x-wc-webhook-topic", topic)
        .header("x-wc-webhook-signature", sign(WOO_SECRET, body.as_bytes()))
        .header("x-wc-webhook-delivery-id", "a-new-id-every-attempt")
        .body(Body::from(body.to_string()))
        .unwrap();
    t.send(req).await
}

#[tokio::test]
async fn woocommerce_ping_and_orders() {
    let t = TestApp::new();
    let shop = t.shop("Woo Shop");
    add_secret(&t, &shop, "woocommerce", WOO_SECRET).await;
    let ping = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/woocommerce", shop.slug))
        .body(Body::from(fixture("woocommerce/webhook_ping.body")))
        .unwrap();
    let r = t.send(ping).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "WooCommerce only saves the webhook on exactly 200"
    );
    assert_eq!(inbound_count(&t, &shop.id), 0);

    let r = woo(
        &t,
        &shop,
        "order.created",
        &fixture("woocommerce/order_created.json"),
    )
    .await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    let o = t
        .call("GET", "/api/v1/orders/727", Some(&shop.api_key), None)
        .await;
    assert_eq!(
        (o.body["status"].as_str(), o.body["stage"].as_str()),
        (Some("open"), Some("preparing"))
    );
    assert_eq!(o.body["source"], "woocommerce");
    let r = woo(
        &t,
        &shop,
        "order.updated",
        &fixture("woocommerce/order_updated.json"),
    )
    .await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    let again = woo(
        &t,
        &shop,
        "order.updated",
        &fixture("woocommerce/order_updated.json"),
    )
    .await;
    assert_eq!(
        again.body["status"], "duplicate",
        "the same body again, even under a new delivery id"
    );
    let o = t
        .call("GET", "/api/v1/orders/727", Some(&shop.api_key), None)
        .await;
    assert_eq!(
        (o.body["status"].as_str(), o.body["stage"].as_str()),
        (Some("closed"), Some("shipped"))
    );
    let stale = woo(
        &t,
        &shop,
        "order.updated",
        &fixture("woocommerce/order_created.json"),
    )
    .await;
    assert_eq!(
        stale.body["status"], "stale",
        "processing after completed is older: {}",
        stale.text
    );
}

#[tokio::test]
async fn aftership_checkpoints_reach_the_parcel() {
    let t = TestApp::new();
    let shop = t.shop("Tracked Shop");
    add_secret(&t, &shop, "aftership", AFTERSHIP_SECRET).await;
    let k = Some(shop.api_key.as_str());
    t.call(
        "PUT",
        "/api/v1/orders/AS-1",
        k,
        Some(aftercare_testkit::order_body("as@example.com")),
    )
    .await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/AS-1/shipments",
            k,
            Some(json!({"carrier": "usps", "tracking_number": "0000000000000000"})),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED);
    let body = fixture("aftership/tracking_update_trimmed.json");
    let send = |sig: String| {
        Request::builder()
            .method("POST")
            .uri(format!("/webhooks/{}/aftership", shop.slug))
            .header("content-type", "application/json")
            .header("aftership-hmac-sha256", sig)
            .body(Body::from(body.clone()))
            .unwrap()
    };
    let r = t.send(send(sign(AFTERSHIP_SECRET, body.as_bytes()))).await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    assert_eq!(
        t.send(send(sign(AFTERSHIP_SECRET, body.as_bytes())))
            .await
            .body["status"],
        "duplicate",
        "same event_id"
    );
    assert_eq!(
        t.send(send(sign("wrong", body.as_bytes()))).await.status,
        StatusCode::UNAUTHORIZED
    );
    let o = t.call("GET", "/api/v1/orders/AS-1", k, None).await;
    assert_eq!(o.body["shipments"][0]["tag"], "InTransit");
    assert_eq!(
        o.body["shipments"][0]["events"][0]["message"],
        "Departed Shipping Partner Facility, USPS Awaiting Item"
    );
    assert_eq!(o.body["stage"], "shipped");
}

fn native_request(t_slug: &str, secret: &str, id: &str, ts: i64, body: &Value) -> Request<Body> {
    let bytes = body.to_string();
    let sig = aftercare_app::webhooks::sign(secret, id, ts, bytes.as_bytes());
    Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{t_slug}/native"))
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", ts.to_string())
        .header("webhook-signature", sig)
        .body(Body::from(bytes))
        .unwrap()
}

#[tokio::test]
async fn native_events_signed_with_the_shops_secret_and_fresh() {
    let t = TestApp::new();
    let shop = t.shop("Native Shop");
    let now = aftercare_domain::time::now_millis() / 1000;
    let order = json!({"type": "order.upsert", "external_id": "N-1", "order": aftercare_testkit::order_body("n@example.com")});
    let r = t
        .send(native_request(
            &shop.slug,
            &shop.webhook_secret,
            "msg_1",
            now,
            &order,
        ))
        .await;
    assert_eq!(r.body["status"], "accepted", "{}", r.text);
    let ship = json!({"type": "shipment.upsert", "order_external_id": "N-1", "shipment": {"carrier": "gls", "tracking_number": "GLS1"}});
    assert_eq!(
        t.send(native_request(
            &shop.slug,
            &shop.webhook_secret,
            "msg_2",
            now,
            &ship
        ))
        .await
        .body["status"],
        "accepted"
    );
    let events = json!({"type": "shipment.events", "carrier": "gls", "tracking_number": "GLS1", "events": [{"tag": "InTransit", "occurred_at": "2026-11-24T10:00:00Z"}]});
    assert_eq!(
        t.send(native_request(
            &shop.slug,
            &shop.webhook_secret,
            "msg_3",
            now,
            &events
        ))
        .await
        .body["status"],
        "accepted"
    );
    let o = t
        .call("GET", "/api/v1/orders/N-1", Some(&shop.api_key), None)
        .await;
    assert_eq!(o.body["stage"], "shipped");
    let r = t
        .send(native_request(
            &shop.slug,
            &shop.webhook_secret,
            "msg_4",
            now - 3600,
            &events,
        ))
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNAUTHORIZED,
        "a captured request replayed an hour later is refused"
    );
    let r = t
        .send(native_request(
            &shop.slug,
            &shop.webhook_secret,
            "msg_3",
            now,
            &events,
        ))
        .await;
    assert_eq!(r.body["status"], "duplicate");
}

#[tokio::test]
async fn oversized_unknown_and_verify_only() {
    let t = TestApp::with_config(aftercare_web::WebConfig {
        body_limit: 1 << 20,
        webhook_body_limit: 64 * 1024,
    });
    let shop = t.shop("Edge Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let big = format!("{{\"id\": 1, \"note\": \"{}\"}}", "x".repeat(70 * 1024));
    let r = shopify(&t, &shop, "orders/create", &big, "big", SHOPIFY_SECRET).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(inbound_count(&t, &shop.id), 0);
    let req = Request::builder()
        .method("POST")
        .uri("/webhooks/no-such-shop/shopify")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(t.send(req).await.status, StatusCode::NOT_FOUND);
    let req = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/magento", shop.slug))
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(t.send(req).await.status, StatusCode::NOT_FOUND);
    let body = fixture("shopify/fulfillment_events_create.json");
    let req = Request::builder()
        .method("POST")
        .uri(format!("/webhooks/{}/shopify/verify", shop.slug))
        .header("x-shopify-topic", "fulfillment_events/create")
        .header(
            "x-shopify-hmac-sha256",
            sign(SHOPIFY_SECRET, body.as_bytes()),
        )
        .body(Body::from(body))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(
        (r.body["status"].as_str(), r.body["change"].as_str()),
        (Some("verified"), Some("events"))
    );
    assert_eq!(inbound_count(&t, &shop.id), 0, "verify stores nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_bad_delivery_does_not_hold_up_the_others_in_its_batch() {
    let t = TestApp::new();
    let shop = t.shop("Batch Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    for (id, name) in [(9001, "#9001"), (9002, "#9002")] {
        shopify(
            &t,
            &shop,
            "orders/create",
            &order_json(id, "2026-11-21T09:00:00+01:00", name),
            name,
            SHOPIFY_SECRET,
        )
        .await;
    }
    shopify(
        &t,
        &shop,
        "fulfillments/create",
        &fulfillment(1, 9001, &["SAME-NUMBER"], None),
        "f1",
        SHOPIFY_SECRET,
    )
    .await;
    // Order 9002's fulfillment claims 9001's tracking number: that one delivery cannot be applied.
    let deliveries: Vec<(String, &str, String)> = (0..12u64)
        .map(|i| {
            if i == 5 {
                (
                    fulfillment(2, 9002, &["SAME-NUMBER"], None),
                    "fulfillments/create",
                    format!("d{i}"),
                )
            } else {
                (
                    fulfillment_event(100 + i, 1, 9001, "in_transit", "2026-11-22T08:00:00+02:00"),
                    "fulfillment_events/create",
                    format!("d{i}"),
                )
            }
        })
        .collect();
    let sends = deliveries
        .iter()
        .map(|(body, topic, id)| shopify(&t, &shop, topic, body, id, SHOPIFY_SECRET))
        .collect();
    let results = join_all(sends).await;
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.status, StatusCode::OK, "{i}: {}", r.text);
        let expected = if i == 5 { "kept" } else { "accepted" };
        assert_eq!(r.body["status"], expected, "{i}: {}", r.text);
    }
    assert_eq!(
        results[5].body["retry"], false,
        "a conflict will not resolve by waiting"
    );
    let o = t
        .call("GET", "/api/v1/orders/9001", Some(&shop.api_key), None)
        .await;
    assert_eq!(o.body["shipments"][0]["tag"], "InTransit");
}

/// Polls the requests together, so they reach the ingestor at the same moment and share a batch.
async fn join_all<F: std::future::Future>(futs: Vec<F>) -> Vec<F::Output> {
    let mut futs: Vec<Option<std::pin::Pin<Box<F>>>> =
        futs.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut slots: Vec<Option<F::Output>> = futs.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (i, f) in futs.iter_mut().enumerate() {
            if let Some(fut) = f {
                match fut.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        slots[i] = Some(v);
                        *f = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    slots
        .into_iter()
        .map(|s| s.expect("every request finished"))
        .collect()
}

/// The set-based path of a batch: checkpoints of two fulfillments (one with two parcels), out of
/// order, a replayed webhook and the same checkpoint under a second webhook id, all arriving
/// together, end as they would one by one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_batch_of_checkpoints_ends_as_one_by_one() {
    let t = TestApp::new();
    let shop = t.shop("Burst Shop");
    add_secret(&t, &shop, "shopify", SHOPIFY_SECRET).await;
    let k = Some(shop.api_key.as_str());
    for (id, name) in [(9201, "#9201"), (9202, "#9202")] {
        shopify(
            &t,
            &shop,
            "orders/create",
            &order_json(id, "2026-11-21T09:00:00+01:00", name),
            name,
            SHOPIFY_SECRET,
        )
        .await;
    }
    for (f, order, numbers) in [
        (31, 9201, &["BURST1", "BURST2"][..]),
        (32, 9202, &["BURST3"][..]),
    ] {
        let r = shopify(
            &t,
            &shop,
            "fulfillments/create",
            &fulfillment(f, order, numbers, None),
            &format!("f{f}"),
            SHOPIFY_SECRET,
        )
        .await;
        assert_eq!(r.body["status"], "accepted", "{}", r.text);
    }
    let ev = |id, f, order, status, at| fulfillment_event(id, f, order, status, at);
    let deliveries: Vec<(String, String)> = vec![
        // Order 9201: delivered first, then the earlier checkpoints, a replay and a copy.
        (
            ev(43, 31, 9201, "delivered", "2026-11-23T13:00:00+02:00"),
            "b43".into(),
        ),
        (
            ev(41, 31, 9201, "in_transit", "2026-11-22T08:00:00+02:00"),
            "b41".into(),
        ),
        (
            ev(
                42,
                31,
                9201,
                "out_for_delivery",
                "2026-11-23T08:00:00+02:00",
            ),
            "b42".into(),
        ),
        (
            ev(43, 31, 9201, "delivered", "2026-11-23T13:00:00+02:00"),
            "b43".into(),
        ),
        (
            ev(41, 31, 9201, "in_transit", "2026-11-22T08:00:00+02:00"),
            "b41-copy".into(),
        ),
        // Order 9202: in order.
        (
            ev(51, 32, 9202, "in_transit", "2026-11-22T09:00:00+02:00"),
            "b51".into(),
        ),
        (
            ev(
                52,
                32,
                9202,
                "out_for_delivery",
                "2026-11-23T09:00:00+02:00",
            ),
            "b52".into(),
        ),
    ];
    let sends = deliveries
        .iter()
        .map(|(body, id)| {
            shopify(
                &t,
                &shop,
                "fulfillment_events/create",
                body,
                id,
                SHOPIFY_SECRET,
            )
        })
        .collect();
    let results = join_all(sends).await;
    let statuses: Vec<&str> = results
        .iter()
        .map(|r| r.body["status"].as_str().unwrap_or("?"))
        .collect();
    for r in &results {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    // The two sends of b43 race: exactly one of them is the duplicate.
    assert_eq!(
        statuses.iter().filter(|s| **s == "duplicate").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == "accepted").count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        inbound_count(&t, &shop.id),
        2 + 2 + 6,
        "orders, fulfillments and the deliveries, each once"
    );

    let o = t.call("GET", "/api/v1/orders/9201", k, None).await;
    assert_eq!(o.body["stage"], "picked_up", "a locker parcel: {}", o.text);
    let ships = o.body["shipments"].as_array().unwrap();
    assert_eq!(ships.len(), 2, "{}", o.text);
    for s in ships {
        assert_eq!(s["tag"], "Delivered", "never backwards: {s}");
        assert_eq!(
            s["events"].as_array().unwrap().len(),
            3,
            "each checkpoint once, the copy under another webhook id too: {s}"
        );
    }
    let o = t.call("GET", "/api/v1/orders/9202", k, None).await;
    assert_eq!(
        o.body["shipments"][0]["tag"], "OutForDelivery",
        "{}",
        o.text
    );
    assert_eq!(o.body["stage"], "out_for_delivery", "{}", o.text);
    assert_eq!(
        o.body["shipments"][0]["events"].as_array().unwrap().len(),
        2
    );

    // The jobs the batch collected went in with their dedupe keys: none twice.
    let dup_jobs: i64 = t
        .app
        .db
        .read(|c| {
            c.query_one(
                "SELECT COUNT(*) - COUNT(DISTINCT dedupe_key) FROM jobs WHERE shop_id = $1",
                aftercare_store::params![shop.id.as_str()],
            )?
            .int(0)
        })
        .unwrap();
    assert_eq!(dup_jobs, 0);
}
