//! Delivery methods, collect-by deadlines, estimates and the trending-late flag, through the API and
//! the real job runner.

use aftercare_testkit::{TestApp, order_body};
use axum::http::StatusCode;
use serde_json::json;
use std::time::Duration;

fn ago(hours: i64) -> String {
    aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() - hours * 3_600_000)
}

fn start_runner(t: &TestApp) -> (aftercare_jobs::RunnerHandle, tokio::task::JoinHandle<()>) {
    let cfg = aftercare_jobs::RunnerConfig {
        poll_interval: Duration::from_millis(20),
        base_backoff: Duration::from_millis(50),
        ..Default::default()
    };
    let (h, j) =
        aftercare_jobs::Runner::new(t.app.db.clone(), aftercare_app::jobs::registry(&t.app), cfg)
            .start(Duration::from_secs(2));
    t.app.attach_runner(h.clone());
    (h, j)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locker_parcel_gets_the_carriers_collect_by_and_goes_back_when_missed() {
    let t = TestApp::new();
    let (h, j) = start_runner(&t);
    let shop = t.shop("Locker Shop");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PUT",
            "/api/v1/carriers/Foxpost",
            k,
            Some(json!({"collect_by_hours": 1})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    t.call(
        "PUT",
        "/api/v1/orders/L-1",
        k,
        Some(order_body("l@example.com")),
    )
    .await;
    let locker = json!({"carrier": "foxpost", "tracking_number": "FOX1", "delivery_method": "locker", "location": {"id": "FP-1", "name": "Foxpost Allee", "opening_hours": "0-24"}, "pickup_code": "123456"});
    let s = t
        .call("POST", "/api/v1/orders/L-1/shipments", k, Some(locker))
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    // Ready for pickup two hours ago; the shop's Foxpost default is one hour, so it has passed.
    let r = t
        .call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            k,
            Some(json!({"tag": "AvailableForPickup", "occurred_at": ago(2)})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(
        r.body["collect_by"].is_string(),
        "collect-by from the shop's carrier default: {}",
        r.text
    );
    let mut order = serde_json::Value::Null;
    for _ in 0..200 {
        order = t.call("GET", "/api/v1/orders/L-1", k, None).await.body;
        if order["stage"] == "problem" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(order["stage"], "problem", "{order}");
    let last = order["shipments"][0]["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (last["tag"].as_str(), last["subtag"].as_str()),
        (Some("Exception"), Some("Exception_008"))
    );
    assert_eq!(last["source"], "aftercare");

    // A parcel picked up in time is left alone.
    t.call(
        "PUT",
        "/api/v1/orders/L-2",
        k,
        Some(order_body("l2@example.com")),
    )
    .await;
    let s = t.call("POST", "/api/v1/orders/L-2/shipments", k, Some(json!({"carrier": "inpost", "tracking_number": "INP1", "delivery_method": "locker", "location": {"name": "Paczkomat KRA01"}}))).await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    let r = t
        .call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            k,
            Some(json!({"tag": "AvailableForPickup", "occurred_at": ago(1)})),
        )
        .await;
    let collect_by =
        aftercare_domain::time::parse_rfc3339(r.body["collect_by"].as_str().unwrap()).unwrap();
    let ready =
        aftercare_domain::time::parse_rfc3339(r.body["events"][0]["occurred_at"].as_str().unwrap())
            .unwrap();
    assert_eq!(
        collect_by - ready,
        48 * 3_600_000,
        "InPost's published 48 hours"
    );
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        k,
        Some(json!({"tag": "Delivered", "subtag": "Delivered_002", "occurred_at": ago(0)})),
    )
    .await;
    let o = t.call("GET", "/api/v1/orders/L-2", k, None).await;
    assert_eq!(o.body["stage"], "picked_up");
    h.stop();
    j.await.unwrap();
}

#[tokio::test]
async fn estimates_and_the_late_flag() {
    let t = TestApp::new();
    let shop = t.shop("Estimate Shop");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PATCH",
            "/api/v1/shop",
            k,
            Some(
                json!({"estimate_days": [1, 3], "outbound_webhook_url": "http://127.0.0.1:9/hook"}),
            ),
        )
        .await;
    assert_eq!(r.body["estimate_days"], json!([1, 3]));
    t.call(
        "PUT",
        "/api/v1/orders/E-1",
        k,
        Some(order_body("e@example.com")),
    )
    .await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/E-1/shipments",
            k,
            Some(json!({"carrier": "gls", "tracking_number": "G1"})),
        )
        .await;
    let est = &s.body["estimate"];
    assert_eq!(
        (est["basis"].as_str(), est["confidence"].as_i64()),
        (Some("rule"), Some(50)),
        "{}",
        s.text
    );
    assert_eq!(s.body["trending_late"], false);
    let sid = s.body["id"].as_str().unwrap().to_string();
    // It shipped three weeks ago and never arrived: the rule's window is long past.
    let r = t
        .call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            k,
            Some(json!({"tag": "InTransit", "occurred_at": ago(21 * 24)})),
        )
        .await;
    assert_eq!(r.body["trending_late"], true, "{}", r.text);
    let jobs = t.call("GET", "/api/v1/jobs", k, None).await;
    let kinds: Vec<String> = jobs
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["kind"] == "webhook.deliver")
        .map(|j| j["payload"]["type"].as_str().unwrap().to_string())
        .collect();
    assert!(
        kinds.contains(&"shipment.trending_late".to_string()),
        "{kinds:?}"
    );
    let r = t
        .call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            k,
            Some(json!({"tag": "Delivered", "occurred_at": ago(1)})),
        )
        .await;
    assert_eq!(r.body["trending_late"], false);
    assert!(
        r.body["estimate"].is_null(),
        "delivered parcels show no estimate"
    );

    let carrier = t.call("POST", "/api/v1/orders/E-1/shipments", k, Some(json!({"carrier": "dpd", "tracking_number": "D1", "estimated_delivery": aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() + 3 * 86_400_000)}))).await;
    assert_eq!(
        carrier.body["estimate"]["basis"], "carrier",
        "{}",
        carrier.text
    );
    let bad = t
        .call(
            "PATCH",
            "/api/v1/shop",
            k,
            Some(json!({"estimate_days": [5, 2]})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_late_sweep_flags_parcels_that_went_silent() {
    let t = TestApp::new();
    let shop = t.shop("Silent Shop");
    let k = Some(shop.api_key.as_str());
    t.call(
        "PATCH",
        "/api/v1/shop",
        k,
        Some(json!({"outbound_webhook_url": "http://127.0.0.1:9/hook"})),
    )
    .await;
    t.call(
        "PUT",
        "/api/v1/orders/S-1",
        k,
        Some(order_body("s@example.com")),
    )
    .await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/S-1/shipments",
            k,
            Some(json!({"carrier": "gls", "tracking_number": "SIL1"})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    t.call(
        "POST",
        "/api/v1/orders/S-1/shipments",
        k,
        Some(json!({"carrier": "gls", "tracking_number": "SIL2"})),
    )
    .await;
    assert_eq!(
        aftercare_app::estimate::late_sweep(&t.app.db, aftercare_domain::time::now_millis())
            .unwrap(),
        0,
        "windows still open"
    );
    // Time passes without a word from the carrier: the window of SIL1 ends.
    let past = aftercare_domain::time::now_millis() - 1000;
    t.app
        .db
        .write(|c| {
            c.execute(
                "UPDATE shipments SET estimate_to = $1 WHERE id = $2",
                aftercare_store::params![past, &sid],
            )
        })
        .unwrap();
    assert_eq!(
        aftercare_app::estimate::late_sweep(&t.app.db, aftercare_domain::time::now_millis())
            .unwrap(),
        1
    );
    assert_eq!(
        aftercare_app::estimate::late_sweep(&t.app.db, aftercare_domain::time::now_millis())
            .unwrap(),
        0,
        "flagged once"
    );
    let o = t.call("GET", "/api/v1/orders/S-1", k, None).await;
    let flags: Vec<bool> = o.body["shipments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["trending_late"].as_bool().unwrap())
        .collect();
    assert_eq!(flags, [true, false]);
    let jobs = t.call("GET", "/api/v1/jobs", k, None).await;
    assert!(
        jobs.body
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["payload"]["type"] == "shipment.trending_late"),
        "an event later features react to"
    );
}
