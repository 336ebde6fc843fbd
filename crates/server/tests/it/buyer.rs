//! Buyer pages over the real router: the tracking page in the buyer's language with its security
//! headers, lookup by order number (right pair, wrong pair, unknown order, rate limits), live
//! updates, help pages and the assets. The browser half (countdown ticking, accessibility, phone
//! viewport) is in e2e/ and runs from `browser.rs`.

use aftercare_app::i18n::{Lang, Tr};
use aftercare_testkit::{ShopKeys, TestApp, order_body};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

fn ago(hours: i64) -> String {
    aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() - hours * 3_600_000)
}

fn esc(s: &str) -> String {
    aftercare_web::html::esc(s)
}

/// An order with a courier parcel that is in transit; returns the tracking page's path.
async fn shipped_order(
    t: &TestApp,
    shop: &ShopKeys,
    ext: &str,
    body: serde_json::Value,
) -> (String, String) {
    let k = Some(shop.api_key.as_str());
    let r = t
        .call("PUT", &format!("/api/v1/orders/{ext}"), k, Some(body))
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    let url = r.body["tracking_page_url"].as_str().unwrap().to_string();
    let path = url
        .strip_prefix("http://aftercare.test")
        .unwrap()
        .to_string();
    let s = t
        .call(
            "POST",
            &format!("/api/v1/orders/{ext}/shipments"),
            k,
            Some(json!({"carrier": "gls", "tracking_number": format!("GLS-{ext}"), "delivery_method": "courier"})),
        )
        .await;
    assert!(s.status.is_success(), "{}", s.text);
    let sid = s.body["id"].as_str().unwrap().to_string();
    for (tag, h) in [("InfoReceived", 30), ("InTransit", 20)] {
        let r = t
            .call(
                "POST",
                &format!("/api/v1/shipments/{sid}/events"),
                k,
                Some(json!({"tag": tag, "occurred_at": ago(h), "location": "Budapest"})),
            )
            .await;
        assert!(r.status.is_success(), "{}", r.text);
    }
    (path, sid)
}

async fn get(
    t: &TestApp,
    path: &str,
    accept_language: Option<&str>,
) -> aftercare_testkit::Response {
    let mut req = Request::builder().uri(path);
    if let Some(al) = accept_language {
        req = req.header("accept-language", al);
    }
    t.send(req.body(Body::empty()).unwrap()).await
}

async fn post_form(t: &TestApp, path: &str, form: &[(&str, &str)]) -> aftercare_testkit::Response {
    let body = serde_urlencoded::to_string(form).unwrap();
    t.send(
        Request::builder()
            .method("POST")
            .uri(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tracking_page_shows_the_order_in_the_buyers_language_with_strict_headers() {
    let t = TestApp::new();
    let shop = t.shop("Bolt");
    let (path, _) = shipped_order(&t, &shop, "P-1", order_body("anna@example.com")).await;
    // The token is unguessable: 22 characters of base64url (128 bits), not the order number.
    let token = path.strip_prefix("/t/").unwrap();
    assert_eq!(token.len(), 22);
    assert!(!token.contains("1001"));

    let r = get(&t, &path, Some("en-GB,en;q=0.9")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let hu = Tr::new(Lang::Hu);
    // The order's locale (hu) wins over the browser's.
    assert!(r.text.contains("<html lang=\"hu\""), "{}", &r.text[..200]);
    assert!(r.text.contains(&esc(&hu.t("headline-shipped"))));
    assert!(r.text.contains(&esc(&hu.t("stage-shipped"))));
    assert!(r.text.contains("aria-current=\"step\""));
    assert!(r.text.contains("GLS-P-1"));
    assert!(r.text.contains("Bögre"));
    assert!(r.text.contains("Europe/Budapest"));
    // A remote product image goes through this server, never straight to the CDN.
    assert!(r.text.contains(&format!("src=\"/t/{token}/image/")));
    assert!(!r.text.contains("https://example.com/mug.jpg"));
    // schema.org markup for mail clients and assistants.
    assert!(r.text.contains("\"@type\":\"ParcelDelivery\""));
    assert!(r.text.contains("\"@type\":\"Order\""));
    // Under 50 KB, nothing from another origin, private, not indexed, no referrer.
    assert!(r.text.len() < 50 * 1024);
    for needle in [
        "src=\"http",
        "href=\"http://",
        "href=\"https://",
        "//fonts.",
        "cdn",
    ] {
        assert!(
            !r.text.contains(needle),
            "page refers to another origin: {needle}"
        );
    }
    let h = |n: &str| {
        r.headers
            .get(n)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(h("content-security-policy").contains("default-src 'none'"));
    assert!(h("content-security-policy").contains("script-src 'self'"));
    assert!(!h("content-security-policy").contains("unsafe-inline"));
    assert_eq!(h("referrer-policy"), "no-referrer");
    assert!(h("x-robots-tag").contains("noindex"));
    assert!(h("cache-control").contains("no-store"));
    assert!(
        r.text
            .contains("<meta name=\"robots\" content=\"noindex, nofollow\">")
    );

    // The switcher: every language, and the page in the one picked.
    for lang in Lang::ALL {
        let r = get(&t, &format!("{path}?lang={}", lang.code()), None).await;
        assert_eq!(r.status, StatusCode::OK);
        let tr = Tr::new(lang);
        assert!(r.text.contains(&format!("<html lang=\"{}\"", lang.code())));
        assert!(
            r.text.contains(&esc(&tr.t("headline-shipped"))),
            "{}",
            lang.code()
        );
        assert!(
            r.text.contains(&esc(&tr.t("tag-InTransit"))),
            "{}",
            lang.code()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_order_locale_the_browser_then_the_shop_decides() {
    let t = TestApp::new();
    let shop = t.shop("Kauppa");
    let mut body = order_body("aino@example.com");
    body["locale"] = serde_json::Value::Null;
    body["customer"]["locale"] = serde_json::Value::Null;
    let (path, _) = shipped_order(&t, &shop, "P-2", body).await;
    let r = get(&t, &path, Some("de-DE,fi;q=0.8,en;q=0.5")).await;
    assert!(r.text.contains("<html lang=\"fi\""));
    let r = get(&t, &path, Some("de-DE")).await;
    // No language of ours in the header: the shop's default (en for a new shop).
    assert!(r.text.contains("<html lang=\"en\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_malformed_tokens_get_a_friendly_page_not_an_error() {
    let t = TestApp::new();
    t.shop("Shop");
    for path in ["/t/AAAAAAAAAAAAAAAAAAAAAA", "/t/1001", "/t/%3Cscript%3E"] {
        let r = get(&t, path, Some("pl-PL")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            r.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(
            r.text
                .contains(&esc(&Tr::new(Lang::Pl).t("not-found-title")))
        );
        assert!(!r.text.contains("<script>"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locker_parcel_shows_where_the_code_and_the_collect_by_countdown() {
    let t = TestApp::new();
    let shop = t.shop("Locker");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PUT",
            "/api/v1/orders/L-1",
            k,
            Some(order_body("l@example.com")),
        )
        .await;
    let path = r.body["tracking_page_url"]
        .as_str()
        .unwrap()
        .replace("http://aftercare.test", "");
    let collect_by =
        aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() + 50 * 3_600_000);
    let s = t
        .call(
            "POST",
            "/api/v1/orders/L-1/shipments",
            k,
            Some(json!({"carrier": "foxpost", "tracking_number": "FOX1", "delivery_method": "locker",
                "location": {"id": "FP-BUD-12", "name": "Foxpost Allee", "address": "Október 23. u. 8", "opening_hours": "0-24"},
                "pickup_code": "482913", "collect_by": collect_by})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap();
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        k,
        Some(json!({"tag": "AvailableForPickup", "occurred_at": ago(1)})),
    )
    .await;
    let r = get(&t, &format!("{path}?lang=en"), None).await;
    let en = Tr::new(Lang::En);
    assert!(r.text.contains(&esc(&en.t("headline-ready_for_pickup"))));
    assert!(
        r.text.contains(&esc(&en.t("stage-picked_up"))),
        "the pickup path of the bar"
    );
    assert!(r.text.contains("Foxpost Allee"));
    assert!(r.text.contains("482913"));
    assert!(r.text.contains("data-kind=\"collect\""));
    // The no-JavaScript text of the countdown: "2 days 2 h left to collect it" (50 h, rounded up).
    assert!(
        r.text.contains("2 days 2 h left to collect it"),
        "{}",
        r.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problems_and_lateness_are_said_honestly() {
    let t = TestApp::new();
    let shop = t.shop("Honest");
    let k = Some(shop.api_key.as_str());
    let (path, sid) = shipped_order(&t, &shop, "P-3", order_body("p3@example.com")).await;
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        k,
        Some(json!({"tag": "AttemptFail", "occurred_at": ago(1)})),
    )
    .await;
    let en = Tr::new(Lang::En);
    let r = get(&t, &format!("{path}?lang=en"), None).await;
    assert!(r.text.contains(&esc(&en.t("headline-problem"))));
    assert!(r.text.contains(&esc(&en.t("problem-AttemptFail"))));
    assert!(r.text.contains(&esc(&en.t("problem-AttemptFail-next"))));
    assert!(r.text.contains("is-problem"));

    // A parcel whose carrier promised yesterday and has not arrived: running late.
    t.call(
        "PUT",
        "/api/v1/orders/P-4",
        k,
        Some(order_body("p4@example.com")),
    )
    .await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/P-4/shipments",
            k,
            Some(json!({"carrier": "dpd", "tracking_number": "DPD-4", "estimated_delivery": ago(96)})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap();
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        k,
        Some(json!({"tag": "InTransit", "occurred_at": ago(120)})),
    )
    .await;
    let o = t.call("GET", "/api/v1/orders/P-4", k, None).await;
    let path = o.body["tracking_page_url"]
        .as_str()
        .unwrap()
        .replace("http://aftercare.test", "");
    let r = get(&t, &format!("{path}?lang=en"), None).await;
    assert!(r.text.contains(&esc(&en.t("late-title"))), "{}", r.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_fingerprint_changes_when_a_parcel_moves() {
    let t = TestApp::new();
    let shop = t.shop("Live");
    let (path, sid) = shipped_order(&t, &shop, "P-5", order_body("p5@example.com")).await;
    let v1 = get(&t, &format!("{path}/live"), None).await;
    assert_eq!(v1.status, StatusCode::OK);
    let again = get(&t, &format!("{path}/live"), None).await;
    assert_eq!(
        v1.body["v"], again.body["v"],
        "nothing changed, same fingerprint"
    );
    let page = get(&t, &path, None).await;
    assert!(page.text.contains(&format!(
        "data-version=\"{}\"",
        v1.body["v"].as_str().unwrap()
    )));
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        Some(&shop.api_key),
        Some(json!({"tag": "OutForDelivery", "occurred_at": ago(0)})),
    )
    .await;
    let v2 = get(&t, &format!("{path}/live"), None).await;
    assert_ne!(v1.body["v"], v2.body["v"]);
    assert_eq!(v2.body["stage"], "out_for_delivery");
    let missing = get(&t, "/t/AAAAAAAAAAAAAAAAAAAAAA/live", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_right_pair_redirects_and_a_wrong_pair_looks_like_no_order() {
    let t = TestApp::new();
    let shop = t.shop("Lookup Shop");
    let (path, _) = shipped_order(&t, &shop, "P-6", order_body("Anna@Example.com")).await;
    let form = get(&t, &format!("/track?shop={}&lang=en", shop.slug), None).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("name=\"order\""));
    assert!(form.text.contains("<label for=\"contact\">"));

    for (order, contact) in [
        ("#1001", "anna@example.com"),
        ("1001", " ANNA@example.com "),
        ("1001", "1011"),
    ] {
        let r = post_form(
            &t,
            "/track",
            &[
                ("shop", &shop.slug),
                ("order", order),
                ("contact", contact),
                ("lang", "en"),
            ],
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::SEE_OTHER,
            "{order} {contact}: {}",
            r.text
        );
        let loc = r.headers["location"].to_str().unwrap();
        assert!(loc.starts_with(&format!("{path}?lang=")), "{loc}");
    }
    let wrong = post_form(
        &t,
        "/track",
        &[
            ("shop", &shop.slug),
            ("order", "#1001"),
            ("contact", "eve@example.com"),
            ("lang", "en"),
        ],
    )
    .await;
    let unknown = post_form(
        &t,
        "/track",
        &[
            ("shop", &shop.slug),
            ("order", "#9999"),
            ("contact", "eve@example.com"),
            ("lang", "en"),
        ],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert_eq!(unknown.status, wrong.status);
    assert!(
        wrong
            .text
            .contains(&esc(&Tr::new(Lang::En).t("lookup-not-found")))
    );
    assert_eq!(
        wrong.text.replace("#1001", "N"),
        unknown.text.replace("#9999", "N"),
        "a wrong pair and an unknown order are the same answer"
    );
    // The email is never echoed back (only the order number is kept in the form).
    assert!(!wrong.text.contains("eve@example.com"));
    let missing = post_form(
        &t,
        "/track",
        &[("shop", &shop.slug), ("order", ""), ("contact", "x")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_shop = post_form(
        &t,
        "/track",
        &[("shop", "nope"), ("order", "1"), ("contact", "x")],
    )
    .await;
    assert_eq!(no_shop.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_are_limited_per_order_number_and_per_client() {
    let t = TestApp::new();
    let shop = t.shop("Limits");
    shipped_order(&t, &shop, "P-7", order_body("p7@example.com")).await;
    let base = t.serve().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let try_once = |order: String, contact: &'static str| {
        let (client, base, slug) = (client.clone(), base.clone(), shop.slug.clone());
        async move {
            client
                .post(format!("{base}/track"))
                .form(&[
                    ("shop", slug.as_str()),
                    ("order", order.as_str()),
                    ("contact", contact),
                    ("lang", "en"),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    // Five tries at one order number, then it is locked for everybody for a while.
    for _ in 0..5 {
        assert_eq!(
            try_once("#1001".into(), "bad@example.com").await.status(),
            200
        );
    }
    let r = try_once("#1001".into(), "p7@example.com").await;
    assert_eq!(
        r.status(),
        429,
        "even the right pair waits once the number is locked"
    );
    assert!(r.headers().contains_key("retry-after"));
    let text = r.text().await.unwrap();
    assert!(text.contains("Too many attempts"), "{text}");
    // One client walking through order numbers runs out too (20 tries in all).
    let mut statuses = Vec::new();
    for i in 0..16 {
        statuses.push(
            try_once(format!("#{}", 2000 + i), "bad@example.com")
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_pages_reach_the_shop_with_the_order_number() {
    let t = TestApp::new();
    let shop = t.shop("Helpful");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PATCH",
            "/api/v1/shop",
            k,
            Some(json!({"branding": {"brand_color": "#FFFF00", "support_email": "help@helpful.example", "support_phone": "+36 1 234 5678"},
                        "logo": "data:image/png;base64,iVBORw0KGgo="})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["branding"]["brand_color"], "#ffff00");
    let logo = r.body["branding"]["logo_url"]
        .as_str()
        .unwrap()
        .replace("http://aftercare.test", "");
    let bad = t
        .call("PATCH", "/api/v1/shop", k, Some(json!({"branding": {"brand_color": "yellow"}, "logo": "data:text/html;base64,PGI+"})))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.body["errors"].as_array().unwrap().len(),
        2,
        "{}",
        bad.text
    );

    let (path, _) = shipped_order(&t, &shop, "P-8", order_body("p8@example.com")).await;
    let page = get(&t, &format!("{path}?lang=en"), None).await;
    for sub in ["contact", "problem", "return"] {
        assert!(
            page.text.contains(&format!("{path}/{sub}?lang=en")),
            "link to {sub}"
        );
        let r = get(&t, &format!("{path}/{sub}?lang=en"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{sub}");
        assert!(
            r.text.contains("mailto:help@helpful.example?subject="),
            "{sub}"
        );
        assert!(r.text.contains("tel:+3612345678"));
        assert!(
            r.text.contains(&format!("href=\"{path}?lang=en\"")),
            "back link"
        );
    }
    // The shop's colour, made readable: yellow gets dark text on it and a darker shade as text.
    let css = get(&t, &format!("/s/{}/brand.css", shop.slug), None).await;
    assert!(css.text.contains("--brand:#ffff00"), "{}", css.text);
    assert!(css.text.contains("--on-brand:#111827"), "{}", css.text);
    let l = get(&t, &logo, None).await;
    assert_eq!(l.status, StatusCode::OK);
    assert_eq!(l.headers["content-type"], "image/png");
    assert!(
        page.text
            .contains(&format!("src=\"/s/{}/logo?v=", shop.slug))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_page_and_the_assets_are_served_from_here() {
    let t = TestApp::new();
    let r = get(&t, "/t/example?lang=tr", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text.contains("<html lang=\"tr\""));
    assert!(!r.text.contains("data-live"), "the sample does not poll");
    for (path, ct) in [
        ("/assets/track.css", "text/css"),
        ("/assets/track.js", "text/javascript"),
        ("/assets/demo/mug.svg", "image/svg+xml"),
    ] {
        let r = get(&t, path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.headers["content-type"].to_str().unwrap().starts_with(ct));
        assert!(
            r.headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_parcels_with_long_journeys_stay_under_50_kb() {
    let t = TestApp::new();
    let shop = t.shop("Big");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PUT",
            "/api/v1/orders/B-1",
            k,
            Some(order_body("b@example.com")),
        )
        .await;
    let path = r.body["tracking_page_url"]
        .as_str()
        .unwrap()
        .replace("http://aftercare.test", "");
    // Two parcels say what they hold; the third does not.
    let holds = [
        json!([{"sku": "MUG-01", "quantity": 2}]),
        json!([{"name": "Tea", "quantity": 1}]),
        json!([]),
    ];
    for (p, hold) in holds.iter().enumerate() {
        let s = t
            .call(
                "POST",
                "/api/v1/orders/B-1/shipments",
                k,
                Some(json!({"carrier": "dpd", "tracking_number": format!("D{p}"), "items": hold})),
            )
            .await;
        assert!(s.status.is_success(), "{}", s.text);
        let sid = s.body["id"].as_str().unwrap().to_string();
        for e in 0..8 {
            t.call(
                "POST",
                &format!("/api/v1/shipments/{sid}/events"),
                k,
                Some(json!({"tag": "InTransit", "occurred_at": ago(40 - e), "location": "Hub", "message": "Sorted at the hub in a long carrier message"})),
            )
            .await;
        }
    }
    let o = t.call("GET", "/api/v1/orders/B-1", k, None).await;
    let by_number = |n: &str| {
        o.body["shipments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["tracking_number"] == n)
            .unwrap()["items"]
            .clone()
    };
    assert_eq!(
        by_number("D0"),
        json!([{"sku": "MUG-01", "name": null, "quantity": 2}])
    );
    assert_eq!(by_number("D2"), json!([]));
    let r = get(&t, &format!("{path}?lang=en"), None).await;
    assert_eq!(r.text.matches("class=\"card parcel\"").count(), 3);
    assert_eq!(r.text.matches("<h3>In this parcel</h3>").count(), 2);
    // The parcel's line is named after the order's item it is, with its picture.
    let at = r.text.find("D0</span>").unwrap();
    let d0 = &r.text[at..at + r.text[at..].find("</section>").unwrap()];
    assert!(
        d0.contains("Bögre") && d0.contains("× 2") && d0.contains("/image/0"),
        "{d0}"
    );
    let bad = t
        .call(
            "POST",
            "/api/v1/orders/B-1/shipments",
            k,
            Some(json!({"carrier": "dpd", "tracking_number": "D9", "items": [{"quantity": 0}]})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text.len() < 50 * 1024, "{} bytes", r.text.len());
}
