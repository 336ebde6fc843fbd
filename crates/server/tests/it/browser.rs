//! Real-browser tests of the buyer pages: serves aftercare on a loopback port, creates orders in
//! every language and delivery method through the API, then runs `e2e/tracking.test.mjs`
//! (playwright-core driving Debian's Chromium, axe-core for accessibility).
//!
//! They need `node`, `/usr/bin/chromium` and `e2e/node_modules` (`npm ci` in `e2e/`); the README's
//! test command installs all three. Where they are missing, the test says so and passes — unless
//! `CI` or `AFTERCARE_BROWSER_TESTS` is set, where a missing browser is a failure.

use aftercare_app::i18n::{Lang, Tr};
use aftercare_testkit::{TestApp, order_body};
use serde_json::json;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// `None` when everything is there; else what is missing.
fn missing_prerequisites() -> Option<String> {
    let mut missing = Vec::new();
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        missing.push("node".to_string());
    }
    if !chromium().exists() {
        missing.push(chromium().display().to_string());
    }
    if !workspace()
        .join("e2e/node_modules/playwright-core")
        .exists()
    {
        missing.push("e2e/node_modules (run `npm ci` in e2e/)".to_string());
    }
    (!missing.is_empty()).then(|| missing.join(", "))
}

fn later(hours: i64) -> String {
    aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() + hours * 3_600_000)
}

fn ago(hours: i64) -> String {
    later(-hours)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buyer_pages_in_a_real_browser() {
    if let Some(what) = missing_prerequisites() {
        let required = std::env::var_os("CI").is_some()
            || std::env::var_os("AFTERCARE_BROWSER_TESTS").is_some();
        assert!(
            !required,
            "browser tests are required here but {what} is missing"
        );
        eprintln!(
            "SKIPPED buyer_pages_in_a_real_browser: {what} missing (the README's test command installs it)"
        );
        return;
    }
    let t = TestApp::new();
    let shop = t.shop("Browser Shop");
    let k = Some(shop.api_key.as_str());
    let r = t
        .call(
            "PATCH",
            "/api/v1/shop",
            k,
            Some(json!({"branding": {"brand_color": "#0f766e", "support_email": "help@browser.example"}})),
        )
        .await;
    assert!(r.status.is_success(), "{}", r.text);

    // One courier order per language, in transit with the carrier's promise two days out.
    let mut pages = Vec::new();
    let mut countdown_path = String::new();
    for (i, lang) in Lang::ALL.iter().enumerate() {
        let ext = format!("B-{i}");
        let mut body = order_body(&format!("buyer{i}@example.com"));
        body["order_number"] = json!(format!("#{}", 2001 + i));
        body["locale"] = json!(lang.code());
        // Product pictures served by this server (a remote one would be fetched by it).
        body["line_items"][0]["image_url"] = json!("/assets/demo/mug.svg");
        body["customer"]["locale"] = json!(lang.code());
        let o = t
            .call("PUT", &format!("/api/v1/orders/{ext}"), k, Some(body))
            .await;
        assert!(o.status.is_success(), "{}", o.text);
        let path = o.body["tracking_page_url"]
            .as_str()
            .unwrap()
            .replace("http://aftercare.test", "");
        let s = t
            .call(
                "POST",
                &format!("/api/v1/orders/{ext}/shipments"),
                k,
                Some(json!({"carrier": "gls", "tracking_number": format!("GLS-B-{i}"), "estimated_delivery": later(60)})),
            )
            .await;
        let sid = s.body["id"].as_str().unwrap().to_string();
        for (tag, h) in [("InfoReceived", 20), ("InTransit", 10)] {
            t.call(
                "POST",
                &format!("/api/v1/shipments/{sid}/events"),
                k,
                Some(json!({"tag": tag, "occurred_at": ago(h), "location": "Budapest"})),
            )
            .await;
        }
        if i == 2 {
            countdown_path = path.clone();
        }
        pages.push(json!({
            "lang": lang.code(),
            "path": path,
            "headline": Tr::new(*lang).t("headline-shipped"),
            "shipment_id": sid,
        }));
    }

    // A locker parcel waiting with its code.
    let mut body = order_body("locker@example.com");
    body["line_items"][0]["image_url"] = json!("/assets/demo/candle.svg");
    t.call("PUT", "/api/v1/orders/L-1", k, Some(body)).await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/L-1/shipments",
            k,
            Some(json!({"carrier": "foxpost", "tracking_number": "FOX-E2E", "delivery_method": "locker",
                "location": {"id": "FP-1", "name": "Foxpost Allee", "address": "Október 23. u. 8", "opening_hours": "0-24"},
                "pickup_code": "482913", "collect_by": later(40)})),
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
    let locker = t.call("GET", "/api/v1/orders/L-1", k, None).await;
    let locker_path = locker.body["tracking_page_url"]
        .as_str()
        .unwrap()
        .replace("http://aftercare.test", "");

    let base = t.serve().await;
    let en = Tr::new(Lang::En);
    let live = &pages[0];
    let fixture = json!({
        "base": base,
        "api_key": shop.api_key,
        "pages": pages,
        "countdown": {"path": format!("{countdown_path}?lang=en")},
        "live": {
            "path": format!("{}?lang=en", live["path"].as_str().unwrap()),
            "shipment_id": live["shipment_id"],
            "headlines": {
                "shipped": en.t("headline-shipped"),
                "out_for_delivery": en.t("headline-out_for_delivery"),
                "delivered": en.t("headline-delivered"),
            },
        },
        "locker": {"path": format!("{locker_path}?lang=en"), "code": "482913"},
        "lookup": {"shop": shop.slug, "order": "#2002", "email": "buyer1@example.com", "path": pages[1]["path"]},
    });
    let fixture_file = t.tdb.dir.join("e2e-fixture.json");
    std::fs::write(&fixture_file, fixture.to_string()).unwrap();
    let artifacts = workspace().join("target/e2e-artifacts");
    let out = tokio::process::Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg(workspace().join("e2e/tracking.test.mjs"))
        .env("E2E_FIXTURE", &fixture_file)
        .env("E2E_ARTIFACTS", &artifacts)
        .env("CHROMIUM", chromium())
        .current_dir(workspace().join("e2e"))
        .kill_on_drop(true)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "browser tests failed:\n{stdout}\n{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_in_a_real_browser() {
    if let Some(what) = missing_prerequisites() {
        let required = std::env::var_os("CI").is_some()
            || std::env::var_os("AFTERCARE_BROWSER_TESTS").is_some();
        assert!(
            !required,
            "browser tests are required here but {what} is missing"
        );
        eprintln!(
            "SKIPPED admin_in_a_real_browser: {what} missing (the README's test command installs it)"
        );
        return;
    }
    let t = TestApp::new();
    let shop = t.shop("Admin Browser Shop");
    let k = Some(shop.api_key.as_str());
    let password = "a long browser passphrase";
    aftercare_app::accounts::create_user(
        &t.app.db,
        &shop.slug,
        "owner@browser.example",
        aftercare_domain::Role::Owner,
        &aftercare_domain::Secret::new(password),
    )
    .unwrap();
    for (i, (first, last)) in [
        ("Anna", "Kovács"),
        ("Matti", "Virtanen"),
        ("Zofia", "Nowak"),
    ]
    .iter()
    .enumerate()
    {
        let ext = format!("A-{i}");
        let mut body = order_body(&format!("buyer{i}@example.com"));
        body["order_number"] = json!(format!("#{}", 3001 + i));
        body["customer"]["first_name"] = json!(first);
        body["customer"]["last_name"] = json!(last);
        body["placed_at"] = json!(ago(3));
        let o = t
            .call("PUT", &format!("/api/v1/orders/{ext}"), k, Some(body))
            .await;
        assert!(o.status.is_success(), "{}", o.text);
    }
    let s = t
        .call(
            "POST",
            "/api/v1/orders/A-1/shipments",
            k,
            Some(json!({"carrier": "posti", "tracking_number": "JJFI-E2E-1"})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        k,
        Some(
            json!({"tag": "InTransit", "message": "Lajittelukeskus Vantaa", "occurred_at": ago(1)}),
        ),
    )
    .await;
    let order_id: String = t
        .app
        .db
        .read(|c| aftercare_store::repo::orders::by_external_id(c, &shop.id, "A-1", false))
        .unwrap()
        .unwrap()
        .id;
    let base = t.serve().await;
    let text = |lang: Lang| {
        let tr = Tr::new(lang);
        json!({
            "wrong": tr.t("admin-sign-in-wrong"),
            "home": tr.t("admin-nav-home"),
            "saved": tr.t("admin-saved"),
            "subjectPrefix": if lang == Lang::Hu { "Úton van" } else { "On its way" },
        })
    };
    let fixture = json!({
        "base": base,
        "email": "owner@browser.example",
        "password": password,
        "order_path": format!("/admin/orders/{order_id}"),
        "search": {"name": "Virtanen", "number": "#3002", "tracking": "JJFI-E2E-1", "event": "Lajittelukeskus Vantaa", "email": "buyer1@example.com"},
        "text": {"en": text(Lang::En), "hu": text(Lang::Hu)},
    });
    let fixture_file = t.tdb.dir.join("e2e-admin.json");
    std::fs::write(&fixture_file, fixture.to_string()).unwrap();
    let out = tokio::process::Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg(workspace().join("e2e/admin.test.mjs"))
        .env("E2E_FIXTURE", &fixture_file)
        .env("E2E_ARTIFACTS", workspace().join("target/e2e-artifacts"))
        .env("CHROMIUM", chromium())
        .current_dir(workspace().join("e2e"))
        .kill_on_drop(true)
        .output()
        .await
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "admin browser tests failed:\n{stdout}\n{stderr}"
    );
}
