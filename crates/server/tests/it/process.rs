//! Real `aftercare serve` processes: crash recovery after `kill -9`, graceful SIGTERM, and two
//! processes sharing one queue. The outbound-webhook job is the work; a receiver on loopback
//! plays the shop's endpoint.

use aftercare_testkit::{TestDb, order_body};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(tdb: &TestDb, extra_env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_aftercare"));
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AFTERCARE_DATABASE_URL", &tdb.url)
            .env("AFTERCARE_DATA_DIR", tdb.dir.join("data"))
            .env("AFTERCARE_BIND", "127.0.0.1:0")
            .env("AFTERCARE_BOOTSTRAP", "false")
            .env("AFTERCARE_LOG_FORMAT", "json")
            .env("AFTERCARE_JOBS__LEASE_MS", "1500")
            .env("AFTERCARE_JOBS__POLL_INTERVAL_MS", "50")
            .env("AFTERCARE_JOBS__BASE_BACKOFF_MS", "100")
            .env("AFTERCARE_SHUTDOWN_TIMEOUT_MS", "5000")
            .current_dir(&tdb.dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn aftercare");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("aftercare listening on ") {
                    let _ = tx.send(
                        rest.split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                    );
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("server printed its address");
        Server { child, base }
    }

    fn kill9(&mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }

    fn sigterm(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        self.child.wait().unwrap()
    }

    async fn metric(&self, name: &str) -> u64 {
        let text = reqwest::get(format!("{}/metrics", self.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        text.lines()
            .filter(|l| l.starts_with(name))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
            .sum()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Default)]
struct Receiver {
    /// webhook-id → deliveries seen
    seen: HashMap<String, u32>,
    answered_ok: HashMap<String, u32>,
    hang_first: bool,
    delay: Duration,
}

async fn receive(State(r): State<Arc<Mutex<Receiver>>>, headers: HeaderMap) -> StatusCode {
    let id = headers
        .get("webhook-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (hang, delay) = {
        let mut g = r.lock().unwrap();
        let n = {
            let n = g.seen.entry(id.clone()).or_default();
            *n += 1;
            *n
        };
        let hang = g.hang_first && n == 1;
        (hang, g.delay)
    };
    if hang {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    tokio::time::sleep(delay).await;
    *r.lock().unwrap().answered_ok.entry(id).or_default() += 1;
    StatusCode::OK
}

async fn receiver(hang_first: bool, delay: Duration) -> (String, Arc<Mutex<Receiver>>) {
    let state = Arc::new(Mutex::new(Receiver {
        hang_first,
        delay,
        ..Default::default()
    }));
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(receive))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, state)
}

fn shop_with_webhook(tdb: &TestDb, url: &str) -> String {
    let s = aftercare_app::accounts::create_shop(&tdb.db, "Process Shop", None).unwrap();
    tdb.db
        .write(|c| aftercare_store::repo::shops::set_outbound_webhook_url(c, &s.id, Some(url), 0))
        .unwrap();
    s.api_key
}

async fn put_order(base: &str, key: &str, ext: &str) {
    let r = reqwest::Client::new()
        .put(format!("{base}/api/v1/orders/{ext}"))
        .bearer_auth(key)
        .json(&order_body("p@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
}

async fn until<F: FnMut() -> bool>(what: &str, timeout: Duration, mut f: F) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn job_rows(tdb: &TestDb) -> Vec<aftercare_jobs::JobInfo> {
    tdb.db
        .read(|c| aftercare_jobs::queue::list(c, None, None, 1000))
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == "webhook.deliver")
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_a_job_then_restart_completes_it_exactly_once() {
    let tdb = TestDb::new();
    let (url, recv) = receiver(true, Duration::ZERO).await;
    let key = shop_with_webhook(&tdb, &url);
    let mut a = Server::start(&tdb, &[]);
    put_order(&a.base, &key, "K-1").await;
    until(
        "the job to be running in process A",
        Duration::from_secs(20),
        || recv.lock().unwrap().seen.values().sum::<u32>() == 1,
    )
    .await;
    let running = job_rows(&tdb);
    assert_eq!((running.len(), running[0].state.as_str()), (1, "running"));
    a.kill9();

    let b = Server::start(&tdb, &[]);
    until(
        "the job to complete in process B",
        Duration::from_secs(30),
        || job_rows(&tdb).first().is_some_and(|j| j.state == "done"),
    )
    .await;
    let job = &job_rows(&tdb)[0];
    assert_eq!(job.attempts, 2, "the killed run counted as an attempt");
    {
        let r = recv.lock().unwrap();
        assert_eq!(r.seen.len(), 1, "one event");
        let id = r.seen.keys().next().unwrap().clone();
        assert_eq!(
            r.seen[&id], 2,
            "delivered again after the crash, with the same webhook-id for the receiver to dedupe"
        );
        assert_eq!(r.answered_ok.get(&id), Some(&1), "completed exactly once");
    }
    // The runner counts the run just after it records the job as done.
    let metric = "aftercare_job_runs_total{kind=\"webhook.deliver\",outcome=\"completed\"}";
    let mut completed = 0;
    for _ in 0..100 {
        completed = b.metric(metric).await;
        if completed >= 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(completed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_running_job_and_exits_cleanly() {
    let tdb = TestDb::new();
    let (url, recv) = receiver(false, Duration::from_millis(800)).await;
    let key = shop_with_webhook(&tdb, &url);
    let mut a = Server::start(&tdb, &[]);
    put_order(&a.base, &key, "T-1").await;
    until("the delivery to start", Duration::from_secs(20), || {
        recv.lock().unwrap().seen.len() == 1
    })
    .await;
    let status = tokio::task::spawn_blocking(move || {
        let s = a.sigterm();
        (s, a)
    })
    .await
    .unwrap()
    .0;
    assert!(status.success(), "clean exit: {status:?}");
    let job = &job_rows(&tdb)[0];
    assert_eq!(
        (job.state.as_str(), job.attempts),
        ("done", 1),
        "the in-flight job finished before exit"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_queue_and_run_each_job_once() {
    let tdb = TestDb::new();
    let (url, recv) = receiver(false, Duration::from_millis(60)).await;
    let key = shop_with_webhook(&tdb, &url);
    // Both poll often, so a busy machine cannot leave one of them idle for the whole run.
    let env = [
        ("AFTERCARE_JOBS__CONCURRENCY", "2"),
        ("AFTERCARE_JOBS__POLL_INTERVAL_MS", "100"),
    ];
    let a = Server::start(&tdb, &env);
    let b = Server::start(&tdb, &env);
    let n = 24;
    for i in 0..n {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        put_order(base, &key, &format!("S-{i}")).await;
    }
    until("all jobs done", Duration::from_secs(60), || {
        job_rows(&tdb).iter().filter(|j| j.state == "done").count() == n
    })
    .await;
    {
        let r = recv.lock().unwrap();
        assert_eq!(r.seen.len(), n, "every event delivered");
        assert!(r.seen.values().all(|&c| c == 1), "none twice: {:?}", r.seen);
    }
    let name = "aftercare_job_runs_total{kind=\"webhook.deliver\",outcome=\"completed\"}";
    // A process counts a run once its outcome is recorded, a moment after the row reads `done`.
    let start = Instant::now();
    let (ca, cb) = loop {
        let (ca, cb) = (a.metric(name).await, b.metric(name).await);
        if ca + cb >= n as u64 || start.elapsed() > Duration::from_secs(10) {
            break (ca, cb);
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    assert_eq!(ca + cb, n as u64);
    assert!(ca > 0 && cb > 0, "both processes worked: {ca} + {cb}");
    assert!(job_rows(&tdb).iter().all(|j| j.attempts == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_in_the_middle_of_an_smtp_exchange_then_the_buyer_still_gets_one_message() {
    use aftercare_testkit::smtp::{Mode, SmtpSink};
    let sink = SmtpSink::start().await;
    // The conversation crawls, so the process can be killed in the middle of it.
    sink.set_mode(Mode::Slow(Duration::from_millis(700)));
    let tdb = TestDb::new();
    let shop = aftercare_app::accounts::create_shop(&tdb.db, "Mail Shop", None).unwrap();
    let url = sink.url();
    let env = [
        ("AFTERCARE_SMTP__URL", url.as_str()),
        ("AFTERCARE_SMTP__FROM", "shop@aftercare.test"),
        ("AFTERCARE_NOTIFICATIONS__DELAY_SECONDS", "0"),
    ];
    let mut a = Server::start(&tdb, &env);
    let mut body = order_body("buyer@example.com");
    body["placed_at"] = serde_json::json!(aftercare_domain::time::to_rfc3339(
        aftercare_domain::time::now_millis() - 60_000
    ));
    let r = reqwest::Client::new()
        .put(format!("{}/api/v1/orders/M-1", a.base))
        .bearer_auth(&shop.api_key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    until(
        "the SMTP transaction to start",
        Duration::from_secs(20),
        || sink.attempts() >= 1,
    )
    .await;
    tokio::task::spawn_blocking(move || {
        a.kill9();
    })
    .await
    .unwrap();
    sink.set_mode(Mode::Accept);
    let _b = Server::start(&tdb, &env);
    let got = sink.wait_for(1, Duration::from_secs(30)).await;
    let message_id = tdb
        .db
        .read(|c| aftercare_store::repo::messages::recent(c, &shop.id, 10))
        .unwrap()
        .into_iter()
        .find(|m| m.kind == "order_confirmation")
        .expect("the message row")
        .message_id;
    assert!(
        got.iter()
            .all(|m| m.header("Message-ID").as_deref() == Some(message_id.as_str())),
        "every copy carries the one Message-ID"
    );
    assert!(got.len() <= 2, "{} copies", got.len());
    until(
        "the message to be recorded as sent",
        Duration::from_secs(10),
        || {
            tdb.db
                .read(|c| aftercare_store::repo::messages::recent(c, &shop.id, 10))
                .unwrap()
                .iter()
                .any(|m| m.kind == "order_confirmation" && m.state == "sent")
        },
    )
    .await;
}
