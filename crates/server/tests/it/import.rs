//! CSV import: Shopify's order export as it is, and aftercare's own format with parcels.

use aftercare_testkit::TestApp;
use std::process::Command;

const SHOPIFY_HEADER: &str = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References";

fn shopify_row(fields: &[(&str, &str)]) -> String {
    let header: Vec<&str> = SHOPIFY_HEADER.split(',').collect();
    header
        .iter()
        .map(|h| {
            fields
                .iter()
                .find(|(k, _)| k == h)
                .map(|(_, v)| {
                    if v.contains(',') {
                        format!("\"{v}\"")
                    } else {
                        v.to_string()
                    }
                })
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn shopify_export_as_is_through_the_cli() {
    let t = TestApp::new();
    let shop = t.shop("Export Shop");
    let order = |name: &str, id: &str, email: &str, created: &str| {
        vec![
            ("Name", name.to_string()),
            ("Email", email.to_string()),
            ("Financial Status", "paid".into()),
            ("Fulfillment Status", "fulfilled".into()),
            ("Currency", "HUF".into()),
            ("Shipping Method", "Foxpost csomagautomata".into()),
            ("Created at", created.to_string()),
            ("Billing Name", "Kovács Anna".into()),
            ("Shipping Name", "Kovács Anna".into()),
            ("Shipping Address1", "Fő utca 1".into()),
            ("Shipping City", "Budapest".into()),
            ("Shipping Zip", "'1011".into()),
            ("Shipping Country", "HU".into()),
            ("Id", id.to_string()),
        ]
    };
    let row = |base: &[(&str, String)], qty: &str, name: &str, price: &str, sku: &str| {
        let mut f: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f.extend([
            ("Lineitem quantity", qty),
            ("Lineitem name", name),
            ("Lineitem price", price),
            ("Lineitem sku", sku),
        ]);
        shopify_row(&f)
    };
    let o1 = order(
        "#1001",
        "5550001",
        "anna@example.hu",
        "2025-03-14 09:15:00 +0100",
    );
    let o2 = order("#1002", "5550002", "bela@example.hu", "yesterday-ish");
    let o3 = order(
        "#1003",
        "5550003",
        "cili@example.hu",
        "2025-03-15 10:00:00 +0100",
    );
    // A continuation row carries only the name and the line item, as Shopify writes it.
    let cont = |name: &str| vec![("Name", name.to_string())];
    let csv = [
        SHOPIFY_HEADER.to_string(),
        row(&o1, "2", "Bögre, kék", "3490.00", "MUG-B"),
        row(&cont("#1001"), "1", "Tea", "1990.00", "TEA"),
        row(&o2, "1", "Tea", "1990.00", "TEA"),
        row(&o3, "one", "Tea", "1990.00", "TEA"),
    ]
    .join("\n");
    let file = t.tdb.dir.join("orders_export.csv");
    std::fs::write(&file, format!("{csv}\n")).unwrap();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_aftercare"))
            .args([
                "import",
                "orders",
                file.to_str().unwrap(),
                "--shop",
                &shop.slug,
                "--json",
            ])
            .env_clear()
            .env("AFTERCARE_DATABASE_URL", &t.tdb.url)
            .env("AFTERCARE_LOG_LEVEL", "warn")
            .current_dir(&t.tdb.dir)
            .output()
            .unwrap()
    };
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["format"], "shopify");
    assert_eq!(summary["rows"], 4);
    assert_eq!(summary["created"], 1, "{summary}");
    let skipped = summary["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 2, "{summary}");
    assert!(
        skipped[0][1].as_str().unwrap().contains("line 4")
            && skipped[0][1].as_str().unwrap().contains("Created at"),
        "{summary}"
    );
    assert!(
        skipped[1][1].as_str().unwrap().contains("line 5")
            && skipped[1][1].as_str().unwrap().contains("quantity"),
        "{summary}"
    );

    let o = t
        .app
        .db
        .read(|c| aftercare_store::repo::orders::by_external_id(c, &shop.id, "5550001", false))
        .unwrap()
        .unwrap();
    assert_eq!(
        (o.order_number.as_str(), o.currency.as_str(), o.total_minor),
        ("#1001", "HUF", 2 * 349000 + 199000)
    );
    assert_eq!(
        (
            o.stage.as_str(),
            o.delivery_method.as_deref(),
            o.source.as_str()
        ),
        ("shipped", Some("locker"), "import")
    );
    let addr = t
        .app
        .db
        .read(|c| aftercare_store::repo::orders::addresses(c, &shop.id, &o.id))
        .unwrap();
    assert_eq!(
        addr[0].postcode.as_deref(),
        Some("1011"),
        "Shopify's leading apostrophe is dropped"
    );
    let items = t
        .app
        .db
        .read(|c| aftercare_store::repo::orders::line_items(c, &shop.id, &o.id))
        .unwrap();
    assert_eq!(items[0].name, "Bögre, kék");

    let again: serde_json::Value = serde_json::from_slice(&run().stdout).unwrap();
    assert_eq!(
        (again["created"].as_i64(), again["unchanged"].as_i64()),
        (Some(0), Some(1)),
        "importing again changes nothing"
    );
}

#[test]
fn native_csv_with_parcels_teaches_the_delivery_estimate() {
    let t = TestApp::new();
    let shop = t.shop("History Shop");
    let mut csv = aftercare_app::import::NATIVE_COLUMNS.join(",");
    csv.push('\n');
    // Twelve past parcels with GLS to Budapest: shipped on a Monday, delivered 1–2 business days later.
    for i in 0..12 {
        let shipped = format!("2025-03-{:02}T15:00:00Z", 3 + (i % 3) * 7);
        let delivered = format!("2025-03-{:02}T11:00:00Z", 4 + (i % 3) * 7 + (i % 2));
        csv.push_str(&format!(
            "H-{i},#{},2025-03-01T10:00:00Z,closed,HUF,buyer{i}@example.hu,Anna,Kovács,,hu,Fő utca 1,Budapest,10{:02},HU,MUG,Bögre,1,3490,,GLS,standard,GLS{i:05},courier,{shipped},{delivered}\n",
            2000 + i,
            i
        ));
    }
    csv.push_str("H-bad,#3000,2025-03-01T10:00:00Z,closed,HUF,x@example.hu,,,,,,,,HU,MUG,Bögre,1,3490,,GLS,,,courier,,\n");
    let summary =
        aftercare_app::import::import_orders(&t.app.db, &shop.slug, csv.as_bytes(), |_| {})
            .unwrap();
    assert_eq!(summary.created, 12, "{summary:?}");
    assert_eq!(summary.shipments, 12);
    assert_eq!(summary.skipped.len(), 1);
    assert!(
        summary.skipped[0].1.contains("line 14")
            && summary.skipped[0].1.contains("tracking_number"),
        "{summary:?}"
    );
    let ship = t
        .app
        .db
        .read(|c| aftercare_store::repo::shipments::by_tracking(c, &shop.id, "gls", "GLS00001"))
        .unwrap()
        .unwrap();
    assert_eq!(ship.tag, "Delivered");
    assert_eq!(ship.transit_days, Some(2), "Monday → Wednesday");

    // A new parcel on the same lane now gets a window learned from that history.
    let k = Some(shop.api_key.as_str());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut body = aftercare_testkit::order_body("new@example.hu");
        body["currency"] = serde_json::json!("HUF");
        t.call("PUT", "/api/v1/orders/NEW-1", k, Some(body)).await;
        let s = t.call("POST", "/api/v1/orders/NEW-1/shipments", k, Some(serde_json::json!({"carrier": "gls", "service": "standard", "tracking_number": "GLSNEW"}))).await;
        assert_eq!(s.body["estimate"]["basis"], "history_area", "{}", s.text);
        assert!(s.body["estimate"]["confidence"].as_i64().unwrap() > 50);
    });
}
