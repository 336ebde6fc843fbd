//! Milestone messages through the real job runner: one localized message per milestone, however
//! often the event arrives; bursts collapse; historic events send nothing; the message history is
//! on the order. SMTP conversations with a real sink are in `notify_smtp` below.

use aftercare_app::i18n::{Lang, Tr};
use aftercare_testkit::{TestApp, order_body};
use axum::http::StatusCode;
use serde_json::json;
use std::time::Duration;

pub fn ago(minutes: i64) -> String {
    aftercare_domain::time::to_rfc3339(aftercare_domain::time::now_millis() - minutes * 60_000)
}

pub fn start_runner(t: &TestApp) -> (aftercare_jobs::RunnerHandle, tokio::task::JoinHandle<()>) {
    let cfg = aftercare_jobs::RunnerConfig {
        poll_interval: Duration::from_millis(20),
        base_backoff: Duration::from_millis(30),
        ..Default::default()
    };
    let (h, j) =
        aftercare_jobs::Runner::new(t.app.db.clone(), aftercare_app::jobs::registry(&t.app), cfg)
            .start(Duration::from_secs(2));
    t.app.attach_runner(h.clone());
    (h, j)
}

/// Waits until the order's messages settle in a final state, then returns them.
pub async fn settled(t: &TestApp, key: &str, ext: &str, want: usize) -> Vec<serde_json::Value> {
    for _ in 0..200 {
        let r = t
            .call(
                "GET",
                &format!("/api/v1/orders/{ext}/messages"),
                Some(key),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let list = r.body.as_array().cloned().unwrap_or_default();
        let done = list
            .iter()
            .all(|m| !matches!(m["state"].as_str(), Some("queued" | "sending")));
        if list.len() >= want && done {
            return list;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let jobs = t.call("GET", "/api/v1/jobs", Some(key), None).await;
    panic!("messages of {ext} did not settle; jobs: {}", jobs.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_milestone_makes_one_message_in_the_buyers_language() {
    let t = TestApp::new();
    let (h, j) = start_runner(&t);
    let shop = t.shop("Levél Bolt");
    let k = shop.api_key.as_str();
    let mut body = order_body("anna@example.com");
    body["placed_at"] = json!(ago(30));
    t.call("PUT", "/api/v1/orders/M-1", Some(k), Some(body.clone()))
        .await;
    // The same order again (a retried webhook): no second confirmation.
    t.call("PUT", "/api/v1/orders/M-1", Some(k), Some(body))
        .await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/M-1/shipments",
            Some(k),
            Some(json!({"carrier": "gls", "tracking_number": "GLS-M1"})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    let list = settled(&t, k, "M-1", 1).await;
    assert_eq!(list.len(), 1, "{list:?}");
    for _ in 0..3 {
        // Delivered three times, as carriers do.
        t.call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            Some(k),
            Some(json!({"tag": "InTransit", "occurred_at": ago(5), "event_id": "e-1"})),
        )
        .await;
    }
    let list = settled(&t, k, "M-1", 2).await;
    let kinds: Vec<&str> = list.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["order_confirmation", "shipped"], "{list:?}");
    let hu = Tr::new(Lang::Hu);
    let shipped = &list[1];
    assert_eq!(
        shipped["state"], "mailbox",
        "no SMTP configured: the development mailbox"
    );
    assert_eq!(shipped["locale"], "hu");
    assert_eq!(shipped["recipient"], "anna@example.com");
    assert_eq!(
        shipped["subject"],
        hu.t_args(
            "mail-subject-shipped",
            &[("number", "#1001".into()), ("shop", "Levél Bolt".into())]
        )
        .as_ref()
    );
    let states: Vec<&str> = shipped["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["queued", "mailbox"]);
    // The whole message, as the buyer would see it.
    let one = t
        .call(
            "GET",
            &format!("/api/v1/messages/{}", shipped["id"].as_str().unwrap()),
            Some(k),
            None,
        )
        .await;
    let html = one.body["body_html"].as_str().unwrap();
    let text = one.body["body_text"].as_str().unwrap();
    assert!(html.contains("<html lang=\"hu\""));
    assert!(html.contains("\"@type\":\"ParcelDelivery\""));
    assert!(html.contains("/t/"), "the tracking page link");
    assert!(text.contains("Anna") && text.contains("Bögre"), "{text}");
    assert!(
        !html.contains("<script>") && !html.contains("src=\"http"),
        "no remote assets"
    );
    h.stop();
    let _ = j.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_collapses_into_the_latest_milestone_and_old_news_is_not_sent() {
    let t = TestApp::new();
    let shop = t.shop("Burst");
    let k = shop.api_key.as_str();
    let mut body = order_body("burst@example.com");
    body["placed_at"] = json!(ago(60));
    body["locale"] = json!("pl");
    body["customer"]["locale"] = json!("pl");
    t.call("PUT", "/api/v1/orders/B-1", Some(k), Some(body))
        .await;
    let s = t
        .call(
            "POST",
            "/api/v1/orders/B-1/shipments",
            Some(k),
            Some(json!({"carrier": "inpost", "tracking_number": "INP-1"})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    // Shipped and out for delivery before any message went out; then an event from a week ago.
    for (tag, at) in [("InTransit", ago(20)), ("OutForDelivery", ago(10))] {
        t.call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            Some(k),
            Some(json!({"tag": tag, "occurred_at": at})),
        )
        .await;
    }
    let (h, j) = start_runner(&t);
    let list = settled(&t, k, "B-1", 3).await;
    let by_kind = |kind: &str| list.iter().find(|m| m["kind"] == kind).cloned().unwrap();
    assert_eq!(
        by_kind("shipped")["state"],
        "skipped",
        "superseded by out for delivery"
    );
    assert_eq!(by_kind("out_for_delivery")["state"], "mailbox");
    assert_eq!(by_kind("out_for_delivery")["locale"], "pl");
    // A delivery reported a week late: history, not news.
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        Some(k),
        Some(json!({"tag": "Delivered", "occurred_at": ago(7 * 24 * 60)})),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let list = settled(&t, k, "B-1", 3).await;
    assert!(!list.iter().any(|m| m["kind"] == "delivered"), "{list:?}");
    h.stop();
    let _ = j.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_waiting_locker_parcel_gets_a_reminder_before_its_deadline() {
    let t = TestApp::new();
    let shop = t.shop("Remind");
    let k = shop.api_key.as_str();
    let mut body = order_body("remind@example.com");
    body["placed_at"] = json!(ago(60));
    t.call("PUT", "/api/v1/orders/L-1", Some(k), Some(body))
        .await;
    // Due in 24 hours and two seconds: the 24-hour reminder is due in two seconds, the 48-hour one
    // is already past and is not sent.
    let deadline = aftercare_domain::time::to_rfc3339(
        aftercare_domain::time::now_millis() + 24 * 3_600_000 + 2_000,
    );
    let s = t
        .call(
            "POST",
            "/api/v1/orders/L-1/shipments",
            Some(k),
            Some(json!({"carrier": "foxpost", "tracking_number": "FOX-R", "delivery_method": "locker",
                "location": {"name": "Foxpost Allee"}, "pickup_code": "777111", "collect_by": deadline})),
        )
        .await;
    let sid = s.body["id"].as_str().unwrap().to_string();
    t.call(
        "POST",
        &format!("/api/v1/shipments/{sid}/events"),
        Some(k),
        Some(json!({"tag": "AvailableForPickup", "occurred_at": ago(1)})),
    )
    .await;
    let (h, j) = start_runner(&t);
    let list = settled(&t, k, "L-1", 3).await;
    let mut kinds: Vec<&str> = list.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        ["collect_reminder", "order_confirmation", "ready_for_pickup"],
        "{list:?}"
    );
    let id = list
        .iter()
        .find(|m| m["kind"] == "collect_reminder")
        .unwrap()["id"]
        .as_str()
        .unwrap();
    let reminder = t
        .call("GET", &format!("/api/v1/messages/{id}"), Some(k), None)
        .await;
    assert!(
        reminder.body["body_text"]
            .as_str()
            .unwrap()
            .contains("777111")
    );
    h.stop();
    let _ = j.await;
}

#[test]
fn every_milestone_renders_in_every_language() {
    for lang in Lang::ALL {
        for kind in aftercare_app::notify::KINDS {
            let (subject, text, html) = aftercare_app::notify::render_sample(kind, lang);
            for part in [&subject, &text, &html] {
                assert!(
                    !part.contains("mail-"),
                    "{} {kind}: a message id leaked: {part}",
                    lang.code()
                );
                // Fluent writes a variable it was not given as `{$name}`.
                assert!(
                    !part.contains("{$"),
                    "{} {kind}: a variable was missing",
                    lang.code()
                );
            }
            assert!(
                !subject.is_empty() && subject.len() < 120,
                "{} {kind}: {subject}",
                lang.code()
            );
            assert!(html.contains(&format!("lang=\"{}\"", lang.code())));
            assert!(html.contains("Bögre &lt;b&gt;"), "buyer data is escaped");
            assert!(!html.contains("<b>"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_can_turn_a_milestone_off() {
    let t = TestApp::new();
    let (h, j) = start_runner(&t);
    let shop = t.shop("Quiet");
    let k = shop.api_key.as_str();
    let r = t
        .call(
            "PATCH",
            "/api/v1/notifications",
            Some(k),
            Some(json!({"order_confirmation": {"email": false}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let off = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "order_confirmation")
        .unwrap()
        .clone();
    assert_eq!(off["email"], false);
    let bad = t
        .call(
            "PATCH",
            "/api/v1/notifications",
            Some(k),
            Some(json!({"birthday": {"email": true}})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut body = order_body("quiet@example.com");
    body["placed_at"] = json!(ago(1));
    t.call("PUT", "/api/v1/orders/Q-1", Some(k), Some(body))
        .await;
    let list = settled(&t, k, "Q-1", 1).await;
    assert_eq!(list[0]["state"], "skipped");
    assert_eq!(list[0]["error"], "the shop has turned this message off");
    h.stop();
    let _ = j.await;
}

mod smtp {
    //! A real SMTP conversation with the sink in the testkit.

    use super::*;
    use aftercare_testkit::smtp::{Mode, SmtpSink};

    async fn with_sink(name: &str) -> (TestApp, SmtpSink, String) {
        let sink = SmtpSink::start().await;
        let t = TestApp::new();
        t.app.set_mailer(
            aftercare_app::notify::Mailer::new(Some(&sink.url()), "shop@aftercare.test").unwrap(),
        );
        let shop = t.shop(name);
        (t, sink, shop.api_key)
    }

    async fn place(t: &TestApp, k: &str, ext: &str, email: &str) {
        let mut body = order_body(email);
        body["placed_at"] = json!(ago(1));
        let r = t
            .call("PUT", &format!("/api/v1/orders/{ext}"), Some(k), Some(body))
            .await;
        assert!(r.status.is_success(), "{}", r.text);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_message_goes_out_as_multipart_with_its_headers() {
        let (t, sink, k) = with_sink("Kovács Bolt").await;
        let (h, j) = start_runner(&t);
        place(&t, &k, "S-1", "anna@example.com").await;
        let got = sink.wait_for(1, Duration::from_secs(10)).await;
        let list = settled(&t, &k, "S-1", 1).await;
        let m = &got[0];
        assert_eq!(m.to, ["anna@example.com"]);
        assert_eq!(m.from, "shop@aftercare.test");
        let hu = Tr::new(Lang::Hu);
        let subject = hu.t_args(
            "mail-subject-order_confirmation",
            &[("number", "#1001".into()), ("shop", "Kovács Bolt".into())],
        );
        assert_eq!(
            m.decoded_header("Subject").as_deref(),
            Some(subject.as_ref())
        );
        assert!(
            m.decoded_header("From").unwrap().contains("Kovács Bolt"),
            "the shop's name, encoded"
        );
        assert_eq!(
            m.header("Message-ID").as_deref(),
            list[0]["message_id"].as_str()
        );
        assert_eq!(m.header("Content-Language").as_deref(), Some("hu"));
        let text = m.part("text/plain").expect("a plain-text part");
        let html = m.part("text/html").expect("an HTML part");
        assert!(text.contains("Anna") && text.contains("Bögre"), "{text}");
        assert!(html.contains("<html lang=\"hu\""));
        assert_eq!(list[0]["state"], "sent");
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_shop_over_its_send_rate_waits_without_losing_attempts() {
        let (t, sink, k) = with_sink("Busy Shop").await;
        t.app
            .set_limits(aftercare_app::notify::Limits::new(2.0, 1000.0, 10.0));
        let (h, j) = start_runner(&t);
        let started = std::time::Instant::now();
        for i in 0..6 {
            place(&t, &k, &format!("B-{i}"), &format!("b{i}@example.com")).await;
        }
        sink.wait_for(6, Duration::from_secs(20)).await;
        assert!(
            started.elapsed() >= Duration::from_millis(1500),
            "six messages at two a second take a while: {:?}",
            started.elapsed()
        );
        for i in 0..6 {
            let list = settled(&t, &k, &format!("B-{i}"), 1).await;
            assert_eq!(list[0]["state"], "sent");
            assert_eq!(
                list[0]["attempts"], 1,
                "waiting for the rate is not a failed attempt"
            );
        }
        let jobs = t.call("GET", "/api/v1/jobs", Some(&k), None).await;
        assert!(
            jobs.body
                .as_array()
                .unwrap()
                .iter()
                .all(|j| j["attempts"] == 1),
            "{}",
            jobs.text
        );
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn messages_are_signed_with_dkim_when_a_key_is_configured() {
        use base64::Engine;
        let sink = SmtpSink::start().await;
        let t = TestApp::new();
        let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        t.app.set_mailer(
            aftercare_app::notify::Mailer::new(Some(&sink.url()), "shop@aftercare.test")
                .unwrap()
                .with_dkim("mail2026", "aftercare.test", "ed25519", &key)
                .unwrap(),
        );
        let shop = t.shop("Signed Shop");
        let (h, j) = start_runner(&t);
        place(&t, &shop.api_key, "K-1", "dkim@example.com").await;
        let got = sink.wait_for(1, Duration::from_secs(10)).await;
        let sig = got[0].header("DKIM-Signature").expect("a DKIM signature");
        for part in ["a=ed25519-sha256", "d=aftercare.test", "s=mail2026", "bh="] {
            assert!(sig.contains(part), "{part} in {sig}");
        }
        assert!(
            aftercare_app::notify::Mailer::new(None, "a@b.test")
                .unwrap()
                .with_dkim("s", "d", "rsa", "not a key")
                .is_err()
        );
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn temporary_refusals_retry_and_permanent_ones_stop_with_the_reason() {
        let (t, sink, k) = with_sink("Retry Shop").await;
        let (h, j) = start_runner(&t);
        sink.fail_next(2, Mode::TempFailRcpt);
        place(&t, &k, "R-1", "retry@example.com").await;
        sink.wait_for(1, Duration::from_secs(20)).await;
        let list = settled(&t, &k, "R-1", 1).await;
        assert_eq!(list[0]["state"], "sent", "{list:?}");
        assert_eq!(list[0]["attempts"], 3);
        sink.fail_next(1, Mode::PermFailRcpt);
        place(&t, &k, "R-2", "nobody@example.com").await;
        let list = settled(&t, &k, "R-2", 1).await;
        assert_eq!(list[0]["state"], "failed", "{list:?}");
        assert!(
            list[0]["error"].as_str().unwrap().contains("550"),
            "{list:?}"
        );
        assert_eq!(
            sink.accepted().len(),
            1,
            "the refused one was not sent again"
        );
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_hard_bounce_stops_later_mail_to_the_address_and_a_complaint_does_not() {
        let (t, sink, k) = with_sink("Bounce Shop").await;
        let (h, j) = start_runner(&t);
        sink.fail_next(1, Mode::PermFailRcpt);
        place(&t, &k, "H-1", "gone@example.com").await;
        let list = settled(&t, &k, "H-1", 1).await;
        assert_eq!(list[0]["state"], "failed");
        let sup = t.call("GET", "/api/v1/suppressions", Some(&k), None).await;
        assert_eq!(sup.body[0]["address"], "gone@example.com");
        assert_eq!(sup.body[0]["reason"], "hard_bounce");
        // The next order to the same address: not even tried.
        let mut body = order_body("GONE@example.com");
        body["placed_at"] = json!(ago(1));
        body["order_number"] = json!("#1002");
        t.call("PUT", "/api/v1/orders/H-2", Some(&k), Some(body))
            .await;
        let list = settled(&t, &k, "H-2", 1).await;
        assert_eq!(list[0]["state"], "suppressed", "{list:?}");
        assert_eq!(sink.attempts(), 1);
        // A complaint (from the provider's feedback) stops marketing mail only.
        let r = t
            .call(
                "POST",
                "/api/v1/suppressions",
                Some(&k),
                Some(json!({"address": "grumpy@example.com", "reason": "complaint", "detail": "feedback loop"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
        place(&t, &k, "H-3", "grumpy@example.com").await;
        let list = settled(&t, &k, "H-3", 1).await;
        assert_eq!(list[0]["state"], "sent");
        let bad = t
            .call(
                "POST",
                "/api/v1/suppressions",
                Some(&k),
                Some(json!({"address": "x", "reason": "bored"})),
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let del = t
            .call(
                "DELETE",
                "/api/v1/suppressions/gone@example.com",
                Some(&k),
                None,
            )
            .await;
        assert_eq!(del.status, StatusCode::NO_CONTENT);
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_connection_dropped_after_the_data_is_not_resent_blindly() {
        let (t, sink, k) = with_sink("Drop Shop").await;
        let (h, j) = start_runner(&t);
        sink.fail_next(1, Mode::DropAfterData);
        place(&t, &k, "D-1", "drop@example.com").await;
        let list = settled(&t, &k, "D-1", 1).await;
        assert_eq!(list[0]["state"], "unknown", "{list:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let all = sink.messages();
        assert_eq!(all.len(), 1, "handed over once, not again");
        assert!(all[0].dropped);
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stalled_server_holds_a_message_no_longer_than_the_timeout() {
        let sink = SmtpSink::start().await;
        let t = TestApp::new();
        t.app.set_mailer(
            aftercare_app::notify::Mailer::with_timeout(
                Some(&sink.url()),
                "shop@aftercare.test",
                Duration::from_millis(300),
            )
            .unwrap(),
        );
        let k = t.shop("Stall Shop").api_key;
        let (h, j) = start_runner(&t);
        // Silence after the data: it may have been accepted, so it is not sent again.
        sink.fail_next(1, Mode::StallAfterData);
        let started = std::time::Instant::now();
        place(&t, &k, "T-1", "stall@example.com").await;
        let list = settled(&t, &k, "T-1", 1).await;
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(list[0]["state"], "unknown", "{list:?}");
        assert!(
            list[0]["error"]
                .as_str()
                .unwrap()
                .contains("did not answer"),
            "{list:?}"
        );
        // Silence before the data (every answer late): nothing went over, so it is tried again,
        // and goes once the server answers in time.
        sink.set_mode(Mode::Slow(Duration::from_secs(2)));
        place(&t, &k, "T-2", "slow@example.com").await;
        let mut retried = false;
        for _ in 0..200 {
            let r = t
                .call("GET", "/api/v1/orders/T-2/messages", Some(&k), None)
                .await;
            if r.body[0]["error"]
                .as_str()
                .is_some_and(|e| e.contains("stopped answering"))
            {
                retried = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert!(retried, "the stall is recorded and retried");
        sink.set_mode(Mode::Accept);
        let list = settled(&t, &k, "T-2", 1).await;
        assert_eq!(list[0]["state"], "sent", "{list:?}");
        h.stop();
        let _ = j.await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_can_be_previewed_with_sample_data_or_a_real_order() {
    let t = TestApp::new();
    let shop = t.shop("Önizleme");
    let k = shop.api_key.as_str();
    let r = t
        .call(
            "GET",
            "/api/v1/messages/preview?kind=shipped&locale=tr",
            Some(k),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let tr = Tr::new(Lang::Tr);
    assert_eq!(
        r.body["subject"],
        tr.t_args(
            "mail-subject-shipped",
            &[("number", "#1001".into()), ("shop", "Önizleme".into())]
        )
        .as_ref()
    );
    assert!(r.body["body_html"].as_str().unwrap().contains("Önizleme"));
    t.call(
        "PUT",
        "/api/v1/orders/P-1",
        Some(k),
        Some(order_body("p@example.com")),
    )
    .await;
    let real = t
        .call(
            "GET",
            "/api/v1/messages/preview?kind=order_confirmation&order=P-1",
            Some(k),
            None,
        )
        .await;
    assert_eq!(real.status, StatusCode::OK, "{}", real.text);
    assert!(real.body["body_text"].as_str().unwrap().contains("Bögre"));
    let bad = t
        .call("GET", "/api/v1/messages/preview?kind=nope", Some(k), None)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = t
        .call(
            "GET",
            "/api/v1/messages/preview?kind=shipped&order=NOPE",
            Some(k),
            None,
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let none = t
        .call("GET", "/api/v1/messages?limit=10", Some(k), None)
        .await;
    assert_eq!(
        none.body.as_array().unwrap().len(),
        0,
        "a preview sends nothing"
    );
}

mod sms {
    //! SMS through providers faked at their HTTP boundary: a generic JSON API and a
    //! Twilio-compatible one.

    use super::*;
    use aftercare_app::notify::{SmsProvider, SmsSender};
    use axum::extract::State;
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Seen {
        requests: Vec<(String, Option<String>, String)>,
        /// Answers to give, in order, before answering 201.
        answers: Vec<u16>,
    }

    async fn provider() -> (String, Arc<Mutex<Seen>>) {
        let seen: Arc<Mutex<Seen>> = Arc::default();
        let handler = |State(seen): State<Arc<Mutex<Seen>>>,
                       uri: axum::http::Uri,
                       headers: axum::http::HeaderMap,
                       body: String| async move {
            let mut s = seen.lock().unwrap();
            let auth = headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_string());
            s.requests.push((uri.path().to_string(), auth, body));
            let status = if s.answers.is_empty() {
                201
            } else {
                s.answers.remove(0)
            };
            let n = s.requests.len();
            (
                axum::http::StatusCode::from_u16(status).unwrap(),
                axum::Json(json!({"sid": format!("SM{n:032}"), "id": format!("json-{n}")})),
            )
        };
        let app = axum::Router::new()
            .fallback(axum::routing::post(handler))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (url, seen)
    }

    use aftercare_testkit::zone_at;

    async fn order_out_for_delivery(t: &TestApp, k: &str, ext: &str, tz: &str) {
        let mut body = order_body(&format!("{ext}@example.com"));
        body["placed_at"] = json!(ago(60));
        body["customer"]["phone"] = json!("+36 20 123 4567");
        body["customer"]["time_zone"] = json!(tz);
        t.call("PUT", &format!("/api/v1/orders/{ext}"), Some(k), Some(body))
            .await;
        let s = t
            .call(
                "POST",
                &format!("/api/v1/orders/{ext}/shipments"),
                Some(k),
                Some(json!({"carrier": "gls", "tracking_number": format!("GLS-{ext}")})),
            )
            .await;
        let sid = s.body["id"].as_str().unwrap().to_string();
        t.call(
            "POST",
            &format!("/api/v1/shipments/{sid}/events"),
            Some(k),
            Some(json!({"tag": "OutForDelivery", "occurred_at": ago(1)})),
        )
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_sms_goes_out_through_a_json_provider_once_the_shop_turns_it_on() {
        let (url, seen) = provider().await;
        let t = TestApp::new();
        t.app.set_sms(SmsSender::new(
            SmsProvider::Json {
                url: format!("{url}/send"),
                token: "tok".into(),
            },
            "Shop",
        ));
        let shop = t.shop("SMS Shop");
        let k = shop.api_key.as_str();
        let off = t
            .call(
                "PATCH",
                "/api/v1/notifications",
                Some(k),
                Some(json!({"shipped": {"sms": true}})),
            )
            .await;
        assert_eq!(
            off.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "SMS does not carry 'shipped'"
        );
        let on = t
            .call(
                "PATCH",
                "/api/v1/notifications",
                Some(k),
                Some(json!({"out_for_delivery": {"sms": true}})),
            )
            .await;
        assert_eq!(on.status, StatusCode::OK, "{}", on.text);
        seen.lock().unwrap().answers = vec![503];
        let (h, j) = start_runner(&t);
        order_out_for_delivery(&t, k, "X-1", &zone_at(12)).await;
        let list = settled(&t, k, "X-1", 3).await;
        let sms = list.iter().find(|m| m["channel"] == "sms").unwrap();
        assert_eq!(sms["state"], "sent", "{list:?}");
        assert_eq!(sms["recipient"], "+36201234567");
        assert_eq!(sms["attempts"], 2, "a 503 is retried");
        let one = t
            .call(
                "GET",
                &format!("/api/v1/messages/{}", sms["id"].as_str().unwrap()),
                Some(k),
                None,
            )
            .await;
        assert!(one.body["body_html"].is_null());
        assert_eq!(one.body["provider_id"], "json-2");
        let text = one.body["body_text"].as_str().unwrap();
        let (_, parts, _) = aftercare_domain::sms::segments(text);
        assert_eq!(one.body["segments"], parts as i64);
        {
            let r = seen.lock().unwrap();
            assert_eq!(r.requests.len(), 2);
            let (path, auth, body) = &r.requests[1];
            assert_eq!(path, "/send");
            assert_eq!(auth.as_deref(), Some("Bearer tok"));
            let body: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(body["to"], "+36201234567");
            assert_eq!(body["from"], "Shop");
            assert!(
                body["text"].as_str().unwrap().contains("/t/"),
                "the tracking link"
            );
        }
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn twilio_gets_a_form_with_basic_auth_and_its_sid_is_kept() {
        let (url, seen) = provider().await;
        let t = TestApp::new();
        t.app.set_sms(SmsSender::new(
            SmsProvider::Twilio {
                base_url: url,
                account_sid: "AC123".into(),
                auth_token: "secret".into(),
            },
            "+3612345678",
        ));
        let shop = t.shop("Twilio Shop");
        let k = shop.api_key.as_str();
        t.call(
            "PATCH",
            "/api/v1/notifications",
            Some(k),
            Some(json!({"out_for_delivery": {"sms": true}})),
        )
        .await;
        let (h, j) = start_runner(&t);
        order_out_for_delivery(&t, k, "T-1", &zone_at(12)).await;
        let list = settled(&t, k, "T-1", 3).await;
        let sms = list.iter().find(|m| m["channel"] == "sms").unwrap();
        assert_eq!(sms["state"], "sent");
        let msg = t
            .call(
                "GET",
                &format!("/api/v1/messages/{}", sms["id"].as_str().unwrap()),
                Some(k),
                None,
            )
            .await;
        assert!(msg.body["body_text"].as_str().unwrap().contains("#1001"));
        {
            let r = seen.lock().unwrap();
            let (path, auth, body) = &r.requests[0];
            assert_eq!(path, "/2010-04-01/Accounts/AC123/Messages.json");
            assert!(auth.as_deref().unwrap().starts_with("Basic "));
            let form: std::collections::HashMap<String, String> =
                serde_urlencoded::from_str(body).unwrap();
            assert_eq!(form["To"], "+36201234567");
            assert_eq!(form["From"], "+3612345678");
        }
        h.stop();
        let _ = j.await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn at_night_an_sms_waits_for_the_morning_and_a_refused_number_fails() {
        let (url, seen) = provider().await;
        let t = TestApp::new();
        t.app.set_sms(SmsSender::new(
            SmsProvider::Json {
                url: format!("{url}/send"),
                token: "tok".into(),
            },
            "Shop",
        ));
        let shop = t.shop("Night Shop");
        let k = shop.api_key.as_str();
        t.call(
            "PATCH",
            "/api/v1/notifications",
            Some(k),
            Some(json!({"out_for_delivery": {"sms": true}})),
        )
        .await;
        let (h, j) = start_runner(&t);
        order_out_for_delivery(&t, k, "N-1", &zone_at(2)).await;
        // The email goes; the SMS job finds it is 2 am and waits for 08:00.
        let mut later = None;
        for _ in 0..200 {
            let jobs = t
                .call("GET", "/api/v1/jobs?state=queued", Some(k), None)
                .await;
            later = jobs
                .body
                .as_array()
                .unwrap()
                .iter()
                .find(|j| j["dedupe_key"].as_str().unwrap().ends_with(":sms:morning"))
                .cloned();
            if later.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let later = later.expect("the SMS waits for the morning");
        let list = settled(&t, k, "N-1", 2).await;
        assert!(
            list.iter().all(|m| m["channel"] == "email"),
            "no SMS at 2 am: {list:?}"
        );
        let hours =
            (later["run_at"].as_i64().unwrap() - aftercare_domain::time::now_millis()) / 3_600_000;
        assert!(
            (4..=6).contains(&hours),
            "08:00 is about six hours away, not {hours}"
        );
        // A number the provider refuses (400): failed for good, with its answer.
        seen.lock().unwrap().answers = vec![400];
        order_out_for_delivery(&t, k, "N-2", &zone_at(13)).await;
        let list = settled(&t, k, "N-2", 3).await;
        let sms = list.iter().find(|m| m["channel"] == "sms").unwrap();
        assert_eq!(sms["state"], "failed", "{list:?}");
        assert!(sms["error"].as_str().unwrap().contains("400"));
        // The shop lets "out for delivery" through at night: the SMS goes at 2 am.
        let r = t
            .call(
                "PATCH",
                "/api/v1/notifications",
                Some(k),
                Some(json!({"out_for_delivery": {"sms_at_night": true}})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let ofd = r
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "out_for_delivery")
            .unwrap()
            .clone();
        assert_eq!(ofd["sms_at_night"], true, "{ofd}");
        let sent_before = seen.lock().unwrap().requests.len();
        order_out_for_delivery(&t, k, "N-3", &zone_at(2)).await;
        let list = settled(&t, k, "N-3", 3).await;
        let sms = list.iter().find(|m| m["channel"] == "sms").unwrap();
        assert_eq!(sms["state"], "sent", "{list:?}");
        assert_eq!(seen.lock().unwrap().requests.len(), sent_before + 1);
        // Marketing never goes at night, and email has no quiet hours to lift.
        let r = t
            .call(
                "PATCH",
                "/api/v1/notifications",
                Some(k),
                Some(json!({"review_request": {"sms_at_night": true}})),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.text);
        h.stop();
        let _ = j.await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_writes_its_own_template_checked_sandboxed_and_escaped() {
    let t = TestApp::new();
    let shop = t.shop("Own Words");
    let k = shop.api_key.as_str();
    let r = t
        .call("GET", "/api/v1/templates/shipped/hu", Some(k), None)
        .await;
    assert_eq!(r.body["source"], "default");
    // A syntax error is refused with its line.
    let bad = t
        .call(
            "PUT",
            "/api/v1/templates/shipped/hu",
            Some(k),
            Some(json!({"subject": "Úton van {{ order_number }}", "body_text": "Szia!\n{% for i in items %}\n{{ i.name }\n{% endfor %}"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let err = &bad.body["errors"][0];
    assert_eq!(err["field"], "body_text");
    assert!(
        err["message"].as_str().unwrap().starts_with("line 3:"),
        "{err}"
    );
    // An unknown variable is refused too (it would print nothing to the buyer).
    let unknown = t
        .call(
            "PUT",
            "/api/v1/templates/shipped/hu",
            Some(k),
            Some(json!({"subject": "Hi {{ frist_name }}", "body_text": "x"})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.body["errors"][0]["field"], "subject");
    // A loop that never ends runs out of fuel instead of hanging the server.
    let endless = t
        .call(
            "PUT",
            "/api/v1/templates/shipped/hu",
            Some(k),
            Some(json!({"subject": "x", "body_text": "{% for a in range(100000) %}{% for b in range(100000) %}.{% endfor %}{% endfor %}"})),
        )
        .await;
    assert_eq!(endless.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = t
        .call(
            "PUT",
            "/api/v1/templates/shipped/hu",
            Some(k),
            Some(json!({
                "subject": "{{ first_name }}, úton van a(z) {{ order_number }}",
                "body_text": "Szia {{ first_name }}!\n{% for i in items %}- {{ i.name }} × {{ i.quantity }}\n{% endfor %}{{ tracking_url }}",
                "body_html": "<p>Szia {{ first_name }}!</p><ul>{% for i in items %}<li>{{ i.name }}</li>{% endfor %}</ul>"
            })),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(ok.body["source"], "shop");
    // The preview (and every message) uses it; buyer data is escaped in the HTML.
    let mut body = order_body("own@example.com");
    body["line_items"][0]["name"] = json!("Bögre <script>");
    t.call("PUT", "/api/v1/orders/O-1", Some(k), Some(body))
        .await;
    let p = t
        .call(
            "GET",
            "/api/v1/messages/preview?kind=shipped&locale=hu&order=O-1",
            Some(k),
            None,
        )
        .await;
    assert_eq!(p.body["subject"], "Anna, úton van a(z) #1001");
    assert!(
        p.body["body_text"]
            .as_str()
            .unwrap()
            .contains("- Bögre <script> × 2")
    );
    assert!(
        p.body["body_html"]
            .as_str()
            .unwrap()
            .contains("<li>Bögre &lt;script&gt;</li>")
    );
    // Other languages keep the default; DELETE brings the default back.
    let fi = t
        .call(
            "GET",
            "/api/v1/messages/preview?kind=shipped&locale=fi&order=O-1",
            Some(k),
            None,
        )
        .await;
    assert!(!fi.body["subject"].as_str().unwrap().contains("úton"));
    let del = t
        .call("DELETE", "/api/v1/templates/shipped/hu", Some(k), None)
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let back = t
        .call("GET", "/api/v1/templates/shipped/hu", Some(k), None)
        .await;
    assert_eq!(back.body["source"], "default");
}
