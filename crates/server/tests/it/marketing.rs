//! Marketing messages: a review request after delivery goes only to buyers with recorded consent,
//! carries List-Unsubscribe and one-click unsubscribe (RFC 8058), and an unsubscribe stops the next
//! one at once while transactional mail still goes.

use aftercare_app::i18n::{Lang, Tr};
use aftercare_testkit::smtp::SmtpSink;
use aftercare_testkit::{TestApp, order_body};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

fn ago(minutes: i64) -> String {
    aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() - minutes * 60_000)
}

/// An order to `email` whose one parcel has just been delivered, to a buyer for whom it is
/// midday (marketing mail waits for the morning at night: the suite may run at any hour).
async fn delivered(t: &TestApp, k: &str, ext: &str, email: &str) {
    let mut body = order_body(email);
    body["placed_at"] = json!(ago(600));
    body["customer"]["time_zone"] = json!(aftercare_testkit::zone_at(12));
    body["order_number"] = json!(format!("#{ext}"));
    let r = t
        .call("PUT", &format!("/api/v1/orders/{ext}"), Some(k), Some(body))
        .await;
    assert!(r.status.is_success(), "{}", r.text);
    let s = t
        .call(
            "POST",
            &format!("/api/v1/orders/{ext}/shipments"),
            Some(k),
            Some(json!({"carrier": "gls", "tracking_number": format!("GLS-{ext}")})),
        )
        .await;
    assert!(s.status.is_success(), "{}", s.text);
    let sid = s.body["id"].as_str().unwrap().to_string();
    let e = t
        .call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            Some(k),
            Some(json!({"tag": "Delivered", "occurred_at": ago(1)})),
        )
        .await;
    assert!(e.status.is_success(), "{}", e.text);
}

/// Waits for the order's message of `kind` to reach a final state.
async fn message(t: &TestApp, k: &str, ext: &str, kind: &str) -> Value {
    for _ in 0..400 {
        let r = t
            .call(
                "GET",
                &format!("/api/v1/orders/{ext}/messages"),
                Some(k),
                None,
            )
            .await;
        if let Some(m) = r.body.as_array().and_then(|l| {
            l.iter()
                .find(|m| m["kind"] == kind)
                .filter(|m| !matches!(m["state"].as_str(), Some("queued" | "sending")))
        }) {
            return m.clone();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let jobs = t.call("GET", "/api/v1/jobs", Some(k), None).await;
    panic!("no settled {kind} message for {ext}; jobs: {}", jobs.text);
}

async fn consents(t: &TestApp, k: &str, address: &str) -> Vec<Value> {
    let r = t
        .call(
            "GET",
            &format!("/api/v1/consents?address={address}"),
            Some(k),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.body.as_array().unwrap().clone()
}

async fn page(t: &TestApp, method: &str, path: &str, body: &str) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(path);
    if method == "POST" {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    let r = t
        .send(req.body(Body::from(body.to_string())).unwrap())
        .await;
    (r.status, r.text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_request_needs_consent_and_one_click_unsubscribes_at_once() {
    let sink = SmtpSink::start().await;
    let t = TestApp::new();
    t.app.set_mailer(
        aftercare_app::notify::Mailer::new(Some(&sink.url()), "shop@aftercare.test").unwrap(),
    );
    t.app.set_review_delay(Duration::ZERO);
    let k = t.shop("Vélemény Bolt").api_key;
    let (h, j) = crate::notify::start_runner(&t);

    // Consent, with its proof; bad input is refused field by field.
    let r = t
        .call(
            "POST",
            "/api/v1/consents",
            Some(&k),
            Some(
                json!({"channel": "email", "address": "Anna@Example.com", "granted": true,
                "source": "checkout", "wording": "Send me offers and news", "ip": "203.0.113.9",
                "recorded_at": ago(60)}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.body["address"], "anna@example.com");
    let bad = t
        .call(
            "POST",
            "/api/v1/consents",
            Some(&k),
            Some(json!({"channel": "fax", "address": "x", "granted": true, "source": "whim"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(
        bad.body["errors"].as_array().unwrap().len(),
        2,
        "{}",
        bad.text
    );

    // With consent: sent, with the unsubscribe headers and link. Without: skipped.
    delivered(&t, &k, "M-1", "anna@example.com").await;
    delivered(&t, &k, "M-2", "bob@example.com").await;
    let m1 = message(&t, &k, "M-1", "review_request").await;
    assert_eq!(m1["state"], "sent", "{m1}");
    assert_eq!(m1["purpose"], "marketing");
    let m2 = message(&t, &k, "M-2", "review_request").await;
    assert_eq!(m2["state"], "skipped", "{m2}");
    assert!(m2["error"].as_str().unwrap().contains("not agreed"), "{m2}");
    let got = sink.messages();
    let mail = got
        .iter()
        .find(|m| m.header("Message-ID").as_deref() == m1["message_id"].as_str())
        .expect("the review request reached the server");
    let lang = Lang::parse(m1["locale"].as_str().unwrap()).unwrap();
    let subject = Tr::new(lang).t_args(
        "mail-subject-review_request",
        &[("shop", "Vélemény Bolt".into())],
    );
    assert_eq!(
        mail.decoded_header("Subject").as_deref(),
        Some(subject.as_ref())
    );
    let list_unsubscribe = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = list_unsubscribe
        .split(['<', '>'])
        .find(|p| p.starts_with("http"))
        .expect("an https link")
        .to_string();
    assert!(
        list_unsubscribe.contains("<mailto:shop@aftercare.test?subject=unsubscribe"),
        "{list_unsubscribe}"
    );
    assert!(mail.part("text/plain").unwrap().contains(&url));
    assert!(mail.part("text/html").unwrap().contains(&url));
    let path = url
        .strip_prefix("http://aftercare.test")
        .unwrap()
        .to_string();

    // A GET (a link scanner, a preview) only asks.
    let (status, html) = page(&t, "GET", &path, "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("method=\"post\""), "{html}");
    assert!(
        html.contains("a•••@example.com"),
        "the address is partly hidden"
    );
    assert!(!html.contains("anna@example.com"));
    let before = consents(&t, &k, "anna@example.com").await;
    assert_eq!(before.len(), 1);
    assert_eq!(before[0]["granted"], true);

    // The RFC 8058 POST, without cookies: unsubscribed at once, and the record says how.
    let (status, html) = page(&t, "POST", &path, "List-Unsubscribe=One-Click").await;
    assert_eq!(status, StatusCode::OK);
    let done = Tr::new(lang).t("unsubscribe-done-title");
    assert!(html.contains(done.as_ref()), "{html}");
    let after = consents(&t, &k, "anna@example.com").await;
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(after[0]["granted"], false);
    assert_eq!(after[0]["source"], "one_click");
    assert_eq!(after[0]["message_id"], m1["id"]);
    assert_eq!(
        after[1]["wording"], "Send me offers and news",
        "the proof stays"
    );
    // Again: nothing more is recorded.
    page(&t, "POST", &path, "List-Unsubscribe=One-Click").await;
    assert_eq!(consents(&t, &k, "anna@example.com").await.len(), 2);
    let sup = t.call("GET", "/api/v1/suppressions", Some(&k), None).await;
    assert_eq!(sup.body[0]["address"], "anna@example.com");
    assert_eq!(sup.body[0]["reason"], "unsubscribe");

    // The next review request stops; the delivery message still goes.
    delivered(&t, &k, "M-3", "anna@example.com").await;
    let m3 = message(&t, &k, "M-3", "review_request").await;
    assert_eq!(m3["state"], "suppressed", "{m3}");
    let d3 = message(&t, &k, "M-3", "delivered").await;
    assert_eq!(d3["state"], "sent", "{d3}");

    // Agreeing again lifts the unsubscribe.
    let r = t
        .call(
            "POST",
            "/api/v1/consents",
            Some(&k),
            Some(json!({"channel": "email", "address": "anna@example.com", "granted": true, "source": "form"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let sup = t.call("GET", "/api/v1/suppressions", Some(&k), None).await;
    assert!(sup.body.as_array().unwrap().is_empty(), "{}", sup.text);

    // A wrong token: a friendly page, nothing else.
    let (status, html) = page(&t, "POST", "/u/AAAAAAAAAAAAAAAAAAAAAA", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains(Tr::new(Lang::En).t("unsubscribe-invalid").as_ref()));
    h.stop();
    let _ = j.await;
}
