use aftercare_testkit::{TestApp, order_body};
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn upsert_is_idempotent_201_then_200_and_updates_on_change() {
    let t = TestApp::new();
    let shop = t.shop("Kávé Shop");
    let k = Some(shop.api_key.as_str());
    let r1 = t
        .call(
            "PUT",
            "/api/v1/orders/A-1",
            k,
            Some(order_body("anna@example.hu")),
        )
        .await;
    assert_eq!(r1.status, StatusCode::CREATED, "{}", r1.text);
    assert_eq!(r1.headers["location"], "/api/v1/orders/A-1");
    assert_eq!(r1.body["total"], 2 * 1290 + 890);
    assert_eq!(r1.body["stage"], "ordered");
    assert_eq!(r1.body["customer"]["email"], "anna@example.hu");
    let r2 = t
        .call(
            "PUT",
            "/api/v1/orders/A-1",
            k,
            Some(order_body("anna@example.hu")),
        )
        .await;
    assert_eq!(r2.status, StatusCode::OK);
    assert_eq!(r2.body["id"], r1.body["id"]);
    assert_eq!(
        r2.body["updated_at"], r1.body["updated_at"],
        "an identical body writes nothing"
    );
    let mut changed = order_body("anna@example.hu");
    changed["status"] = json!("cancelled");
    let r3 = t.call("PUT", "/api/v1/orders/A-1", k, Some(changed)).await;
    assert_eq!(r3.status, StatusCode::OK);
    assert_eq!(r3.body["id"], r1.body["id"]);
    assert_eq!(r3.body["stage"], "cancelled");
    let got = t.call("GET", "/api/v1/orders/A-1", k, None).await;
    assert_eq!(got.body["status"], "cancelled");
    assert_eq!(got.body["line_items"].as_array().unwrap().len(), 2);
    assert_eq!(got.body["shipping_address"]["city"], "Budapest");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_identical_upserts_make_one_order() {
    let t = TestApp::new();
    let shop = t.shop("Race Shop");
    let base = t.serve().await;
    let client = reqwest::Client::new();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(10));
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (client, barrier, url, key) = (
            client.clone(),
            barrier.clone(),
            format!("{base}/api/v1/orders/RACE-1"),
            shop.api_key.clone(),
        );
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let r = client
                .put(url)
                .bearer_auth(key)
                .json(&order_body("race@example.com"))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body: serde_json::Value = r.json().await.unwrap();
            (status, body["id"].as_str().unwrap_or_default().to_string())
        }));
    }
    let mut statuses = Vec::new();
    let mut ids = std::collections::BTreeSet::new();
    for task in tasks {
        let (s, id) = task.await.unwrap();
        statuses.push(s);
        ids.insert(id);
    }
    statuses.sort();
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 201],
        "exactly one creates"
    );
    assert_eq!(ids.len(), 1, "one order id for all: {ids:?}");
    let list = t
        .call("GET", "/api/v1/orders", Some(&shop.api_key), None)
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    let cust = t
        .call(
            "GET",
            "/api/v1/customers/race@example.com",
            Some(&shop.api_key),
            None,
        )
        .await;
    assert_eq!(cust.status, StatusCode::OK);
    assert_eq!(cust.body["orders"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn another_shops_key_sees_404_and_an_empty_list() {
    let t = TestApp::new();
    let a = t.shop("Shop A");
    let b = t.shop("Shop B");
    let r = t
        .call(
            "PUT",
            "/api/v1/orders/SECRET-1",
            Some(&a.api_key),
            Some(order_body("a@example.com")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let ship = t
        .call(
            "POST",
            "/api/v1/orders/SECRET-1/shipments",
            Some(&a.api_key),
            Some(json!({"carrier": "gls", "tracking_number": "T1"})),
        )
        .await;
    assert_eq!(ship.status, StatusCode::CREATED);
    let ship_id = ship.body["id"].as_str().unwrap();
    let customer_id = r.body["customer"]["id"].as_str().unwrap();

    for (method, path, body) in [
        ("GET", "/api/v1/orders/SECRET-1".to_string(), None),
        (
            "POST",
            "/api/v1/orders/SECRET-1/shipments".to_string(),
            Some(json!({"carrier": "gls", "tracking_number": "T2"})),
        ),
        (
            "POST",
            format!("/api/v1/shipments/{ship_id}/events"),
            Some(json!({"tag": "Delivered", "occurred_at": "2026-11-25T10:00:00Z"})),
        ),
        ("GET", format!("/api/v1/customers/{customer_id}"), None),
        ("GET", "/api/v1/customers/a@example.com".to_string(), None),
    ] {
        let r = t.call(method, &path, Some(&b.api_key), body).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {}",
            r.text
        );
        assert_eq!(r.body["code"], "not_found");
        assert!(
            !r.text.contains("SECRET") && !r.text.contains("a@example.com"),
            "no data of shop A leaks: {}",
            r.text
        );
    }
    let list = t
        .call("GET", "/api/v1/orders", Some(&b.api_key), None)
        .await;
    assert_eq!(list.body["items"], json!([]));
    // Shop B using the same external id gets its own order.
    let rb = t
        .call(
            "PUT",
            "/api/v1/orders/SECRET-1",
            Some(&b.api_key),
            Some(order_body("b@example.com")),
        )
        .await;
    assert_eq!(rb.status, StatusCode::CREATED);
    assert_ne!(rb.body["id"], r.body["id"]);
    // A's shipment event stays A's.
    let a_order = t
        .call("GET", "/api/v1/orders/SECRET-1", Some(&a.api_key), None)
        .await;
    assert_eq!(a_order.body["shipments"][0]["tag"], "Pending");
}

#[tokio::test]
async fn bad_input_gets_problem_json_with_field_errors() {
    let t = TestApp::new();
    let shop = t.shop("Strict Shop");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call("PUT", "/api/v1/orders/V-1", k, Some(json!({"currency": "EURO", "customer": {"email": "not-an-email"}, "line_items": [{"name": "x", "quantity": 0, "unit_price": 5}]})))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert_eq!(r.body["code"], "validation_failed");
    assert!(r.body["request_id"].as_str().is_some_and(|s| !s.is_empty()));
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"currency")
            && fields.contains(&"customer.email")
            && fields.contains(&"line_items[0].quantity"),
        "{fields:?}"
    );

    let r = t.call("PUT", "/api/v1/orders/V-1", k, Some(json!({"currency": "EUR", "line_items": [{"name": "x", "quantity": "two", "unit_price": 5}]}))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"][0]["field"], "line_items[0].quantity");

    let r = t
        .call(
            "PUT",
            "/api/v1/orders/V-1",
            k,
            Some(json!({"currency": "EUR", "surprise": 1})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unknown fields are refused: {}",
        r.text
    );

    let req = axum::http::Request::builder()
        .method("PUT")
        .uri("/api/v1/orders/V-1")
        .header("authorization", format!("Bearer {}", shop.api_key))
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{\"currency\": "))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["code"], "malformed_json");

    let r = t
        .call(
            "GET",
            "/api/v1/orders?limit=0&stage=teleported&cursor=zzz",
            k,
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"].as_array().unwrap().len(), 3, "{}", r.text);

    let r = t
        .call(
            "POST",
            "/api/v1/orders/NOPE/shipments",
            k,
            Some(json!({"carrier": "gls", "tracking_number": "X"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = t
        .call(
            "PUT",
            "/api/v1/orders/V-2",
            k,
            Some(json!({"currency": "EUR"})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "nothing that was refused before blocks a valid order"
    );
    let r = t.call("GET", "/api/v1/orders/V-1", k, None).await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "refused requests stored nothing"
    );
}

#[tokio::test]
async fn auth_and_body_limit() {
    let t = TestApp::with_config(aftercare_web::WebConfig {
        body_limit: 2048,
        webhook_body_limit: 4096,
    });
    let shop = t.shop("Limit Shop");
    let r = t.call("GET", "/api/v1/orders", None, None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["code"], "unauthorized");
    assert!(r.headers.contains_key("www-authenticate"));
    let r = t
        .call("GET", "/api/v1/orders", Some("ak_wrong"), None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let mut big = order_body("big@example.com");
    big["line_items"][0]["name"] = json!("x".repeat(4096));
    let r = t
        .call("PUT", "/api/v1/orders/BIG", Some(&shop.api_key), Some(big))
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.body["code"], "payload_too_large");
    let r = t
        .call("GET", "/api/v1/nothing-here", Some(&shop.api_key), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.headers["content-type"], "application/problem+json");
}

#[tokio::test]
async fn list_filters_and_cursor_pagination() {
    let t = TestApp::new();
    let shop = t.shop("List Shop");
    let k = Some(shop.api_key.as_str());
    for i in 0..7 {
        let mut b = order_body(if i % 2 == 0 {
            "even@example.com"
        } else {
            "odd@example.com"
        });
        b["placed_at"] = json!(format!("2026-11-{:02}T10:00:00Z", 10 + i));
        if i == 3 {
            b["status"] = json!("cancelled");
        }
        assert_eq!(
            t.call("PUT", &format!("/api/v1/orders/L-{i}"), k, Some(b))
                .await
                .status,
            StatusCode::CREATED
        );
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/orders?limit=3&cursor={c}"),
            None => "/api/v1/orders?limit=3".into(),
        };
        let r = t.call("GET", &path, k, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        seen.extend(
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["external_id"].as_str().unwrap().to_string()),
        );
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(
        seen,
        ["L-6", "L-5", "L-4", "L-3", "L-2", "L-1", "L-0"],
        "newest first, each once"
    );
    let r = t
        .call("GET", "/api/v1/orders?email=ODD@example.com", k, None)
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 3);
    let r = t
        .call("GET", "/api/v1/orders?status=cancelled", k, None)
        .await;
    assert_eq!(r.body["items"][0]["external_id"], "L-3");
    let r = t
        .call(
            "GET",
            "/api/v1/orders?placed_from=2026-11-12&placed_before=2026-11-14",
            k,
            None,
        )
        .await;
    let ids: Vec<_> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["external_id"].clone())
        .collect();
    assert_eq!(ids, [json!("L-3"), json!("L-2")]);
}

#[tokio::test]
async fn shipments_and_events_dedupe_and_never_go_backwards() {
    let t = TestApp::new();
    let shop = t.shop("Parcel Shop");
    let k = Some(shop.api_key.as_str());
    t.call(
        "PUT",
        "/api/v1/orders/P-1",
        k,
        Some(order_body("p@example.com")),
    )
    .await;
    let locker = json!({"carrier": "InPost", "tracking_number": "LK123", "delivery_method": "locker", "location": {"id": "KRA01M", "name": "Paczkomat KRA01M", "opening_hours": "24/7"}, "pickup_code": "123456", "collect_by": "2026-11-30T18:00:00Z"});
    let s1 = t
        .call(
            "POST",
            "/api/v1/orders/P-1/shipments",
            k,
            Some(locker.clone()),
        )
        .await;
    assert_eq!(s1.status, StatusCode::CREATED, "{}", s1.text);
    assert_eq!(s1.body["carrier"], "inpost");
    assert_eq!(s1.body["location"]["name"], "Paczkomat KRA01M");
    let s2 = t
        .call("POST", "/api/v1/orders/P-1/shipments", k, Some(locker))
        .await;
    assert_eq!(s2.status, StatusCode::OK);
    assert_eq!(s2.body["id"], s1.body["id"]);
    let r = t
        .call(
            "POST",
            "/api/v1/orders/P-1/shipments",
            k,
            Some(json!({"carrier": "gls", "tracking_number": "X", "delivery_method": "locker"})),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a locker needs a location"
    );

    let sid = s1.body["id"].as_str().unwrap();
    let ev = |tag: &str, at: &str| json!({"tag": tag, "occurred_at": at, "message": format!("{tag} event")});
    let events = format!("/api/v1/shipments/{sid}/events");
    let r = t
        .call(
            "POST",
            &events,
            k,
            Some(ev("InTransit", "2026-11-21T08:00:00Z")),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = t
        .call(
            "POST",
            &events,
            k,
            Some(ev("AvailableForPickup", "2026-11-22T08:00:00Z")),
        )
        .await;
    assert_eq!(r.body["tag"], "AvailableForPickup");
    let again = t
        .call(
            "POST",
            &events,
            k,
            Some(ev("AvailableForPickup", "2026-11-22T08:00:00Z")),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "a duplicate is stored once");
    let late = t
        .call(
            "POST",
            &events,
            k,
            Some(ev("InfoReceived", "2026-11-20T08:00:00Z")),
        )
        .await;
    assert_eq!(late.status, StatusCode::CREATED);
    assert_eq!(
        late.body["tag"], "AvailableForPickup",
        "a late event does not move the status back"
    );
    let timeline: Vec<_> = late.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["tag"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        timeline,
        ["InfoReceived", "InTransit", "AvailableForPickup"],
        "the timeline keeps it, in time order"
    );
    let order = t.call("GET", "/api/v1/orders/P-1", k, None).await;
    assert_eq!(order.body["stage"], "ready_for_pickup");
    let r = t
        .call(
            "POST",
            &events,
            k,
            Some(json!({"tag": "Teleported", "occurred_at": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["errors"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn openapi_document_and_reference_page() {
    let t = TestApp::new();
    let r = t.call("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = r.body["paths"].as_object().unwrap();
    for p in [
        "/api/v1/orders/{external_id}",
        "/api/v1/orders",
        "/api/v1/orders/{external_id}/shipments",
        "/api/v1/shipments/{shipment_id}/events",
        "/api/v1/customers/{customer}",
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}/retry",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    assert!(r.body["components"]["schemas"]["OrderInput"].is_object());
    assert!(r.body["components"]["securitySchemes"]["api_key"].is_object());
    let page = t.call("GET", "/api/v1/docs", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("/api/v1/orders/{external_id}") && page.text.contains("OrderInput"));
    assert!(
        !page.text.contains("<script"),
        "the reference page needs no scripts"
    );
}

#[tokio::test]
async fn ops_endpoints() {
    let t = TestApp::new();
    assert_eq!(
        t.call("GET", "/healthz", None, None).await.status,
        StatusCode::OK
    );
    let r = t.call("GET", "/readyz", None, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["status"], "ready");
    let shop = t.shop("Metric Shop");
    t.call("GET", "/api/v1/orders", Some(&shop.api_key), None)
        .await;
    let m = t.call("GET", "/metrics", None, None).await;
    assert!(m.text.contains("aftercare_http_requests_total{method=\"GET\",route=\"/api/v1/orders\",status=\"200\"} 1"), "{}", m.text);
    assert!(m.text.contains("aftercare_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/orders\",le=\"+Inf\"} 1"));
    assert!(m.text.contains("aftercare_jobs{state=\"dead\"} 0"));
    assert!(m.headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn the_request_id_is_carried_into_the_jobs_it_creates() {
    let t = TestApp::new();
    let shop = t.shop("Traced Shop");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PATCH",
            "/api/v1/shop",
            k,
            Some(json!({"outbound_webhook_url": "http://127.0.0.1:9/hook"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let req = axum::http::Request::builder()
        .method("PUT")
        .uri("/api/v1/orders/R-1")
        .header("authorization", format!("Bearer {}", shop.api_key))
        .header("content-type", "application/json")
        .header("x-request-id", "req-abc-123")
        .body(axum::body::Body::from(
            order_body("r@example.com").to_string(),
        ))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.headers["x-request-id"], "req-abc-123");
    let jobs = t.call("GET", "/api/v1/jobs", k, None).await;
    let jobs = jobs.body.as_array().unwrap();
    assert_eq!(jobs.len(), 1, "one order.created event");
    assert_eq!(jobs[0]["kind"], "webhook.deliver");
    assert_eq!(jobs[0]["request_id"], "req-abc-123");
    assert_eq!(jobs[0]["payload"]["type"], "order.created");
    let again = t
        .call(
            "PUT",
            "/api/v1/orders/R-1",
            k,
            Some(order_body("r@example.com")),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK);
    let jobs = t.call("GET", "/api/v1/jobs", k, None).await;
    assert_eq!(
        jobs.body.as_array().unwrap().len(),
        1,
        "an unchanged repeat emits no event"
    );
    let other = t.shop("Other Shop");
    let theirs = t
        .call("GET", "/api/v1/jobs", Some(&other.api_key), None)
        .await;
    assert_eq!(theirs.body, json!([]), "jobs are per shop");
}
