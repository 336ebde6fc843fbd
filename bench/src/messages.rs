//! `bench-messages`: buyer emails end to end. `--orders` parcels move to "in transit" through the
//! API of a release `aftercare serve` on loopback; each event enqueues a `message.milestone` job
//! ("shipped"), which the server's job runner claims, renders, records and sends over SMTP to an
//! in-process sink ([`aftercare_testkit::smtp::SmtpSink`]) in this process. Next to it, in the same
//! run: the engine's SMTP pool alone (`notify::SmtpPool`: lettre connections with TCP_NODELAY)
//! sending the very messages the sink received, to the same sink; then the floor: the same sends,
//! each between a durable record before SMTP and its outcome after, written through the engine's
//! group commit into a minimal SQLite table in this process (no job queue, reads, render or MIME
//! build), which shows how much of the gap to the reference durability alone must cost. Run it
//! with `bench/messages.sh`, which builds both in release mode first.
//!
//! Setup (not measured): a shop made with the CLI (which also creates the schema), then `--orders`
//! orders written straight into the SQLite file before the server starts — each with a customer
//! (email, first name, language and time zone spread over en, hu, fi, pl and tr), two line items
//! and one GLS parcel with its label printed (`InfoReceived`). The orders were placed four to
//! five days ago, so nothing about them is news except the event that comes next.
//!
//! Measured (`--mode backlog`, the default): one `POST /api/v1/shipments/{id}/events`
//! (`InTransit`, now) per parcel over `--connections` connections to a server with its job runner
//! off, so every "shipped" milestone waits in the queue; then that server stops and one with the
//! runner on starts on the same database, and the clock runs from its start until the sink holds
//! every message: the engine's own work (claim, render, record, send, record), which is what the
//! target is about. `--mode live` posts the events to a server with the runner on and measures
//! from the first request, so the API's event writes share the one SQLite writer with the
//! messages (the events then bound the rate). The
//! sink is watched through its transaction counter (a lock and a read) rather than `wait_for`
//! during the run: `wait_for` clones every stored message each time one arrives, which would
//! cost this process a core at these rates. `wait_for` then confirms once.
//!
//! Checked afterwards: exactly one message per parcel at the sink (distinct Message-IDs and
//! recipients), every message `sent` in the database with the same Message-IDs, every job done,
//! the newest 200 `sent` through `GET /api/v1/messages`, and the reference's copies
//! byte-identical to what the engine sent.

use aftercare_bench::cli::at_least_one;
use aftercare_bench::load::{self, LoadSpec, LoadStats, ms, percentile};
use aftercare_bench::seed::{MARKETS, basket, content_hash};
use aftercare_bench::server::{self, Cpu, ScratchDir, Server, ServerConfig};
use aftercare_domain::time::now_millis;
use aftercare_domain::{
    DeliveryMethod, FulfillmentStatus, OrderStage, OrderStatus, ShipmentTag, new_id, new_token,
};
use aftercare_jobs::GroupWriter;
use aftercare_store::{DatabaseUrl, Db, DbOptions};
use aftercare_testkit::smtp::{Received, SmtpSink};
use anyhow::{Context, bail, ensure};
use clap::Parser;
use lettre::address::Envelope;
use reqwest::StatusCode;
use rusqlite::{OpenFlags, TransactionBehavior, params};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Orders per seeding transaction.
const SEED_BATCH: usize = 10_000;
const HOUR: i64 = 3_600_000;

/// Targets from the issue, on the 2-core machine with SQLite.
const TARGET_RATE: f64 = 2_000.0;
const TARGET_RATIO: f64 = 0.5;

/// `notifications.shop_rate_per_second` and `smtp.rate_per_second` for the run: far above any
/// rate reachable here, so the limiters never hold a message back.
const RATE_LIMIT_OFF: f64 = 1_000_000.0;

/// The engine's sender address (`smtp.from`).
const FROM: &str = "shop@bench.test";

/// Buyer emails end to end (event → job claim → render → record → SMTP → record) against a
/// release `aftercare serve` on 127.0.0.1 (SQLite) and an SMTP sink in this process, next to
/// lettre alone sending the same messages to the same sink in the same run.
#[derive(Debug, Parser)]
#[command(
    name = "bench-messages",
    after_help = "Usually run through bench/messages.sh, which builds both in release mode and \
                  passes --binary."
)]
struct Args {
    /// The aftercare binary to benchmark (a release build)
    #[arg(long, value_name = "PATH")]
    binary: PathBuf,
    /// Orders, each with one parcel that ships, so one email each (at most 1000000)
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = order_count)]
    orders: usize,
    /// Concurrent HTTP connections posting the carrier events
    #[arg(long, value_name = "C", default_value_t = 32, value_parser = at_least_one)]
    connections: usize,
    /// The server's job runner concurrency (jobs.concurrency), and the reference's senders
    #[arg(long, value_name = "J", default_value_t = 32, value_parser = at_least_one)]
    concurrency: usize,
    /// The server's job poll interval in ms (jobs.poll_interval_ms); enqueues also wake it
    #[arg(long, value_name = "MS", default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=60_000))]
    poll_interval_ms: u64,
    /// The server's sqlite_synchronous: full (its default) or normal
    #[arg(long, value_name = "MODE", default_value = "full", value_parser = ["full", "normal"])]
    sqlite_synchronous: String,
    /// Give up when the sink has not received every message after this many seconds
    #[arg(long, value_name = "S", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
    /// `backlog`: the events go in with the job runner off, then a server with the runner on
    /// drains the milestones (claim, render, record, send, record), measured from its start;
    /// `live`: the events and the messages at the same time, measured from the first event
    #[arg(long, value_name = "MODE", default_value = "backlog", value_parser = ["backlog", "live"])]
    mode: String,
}

/// `--orders`: at least 1, at most 1000000.
fn order_count(s: &str) -> Result<usize, String> {
    match at_least_one(s)? {
        n if n > 1_000_000 => Err("at most 1000000".to_string()),
        n => Ok(n),
    }
}

// ---------------------------------------------------------------------------------------------
// Seeding.

// The buyer markets and products are bench-tracking's (`aftercare_bench::seed`).

fn order_number(i: usize) -> String {
    format!("#{}", 200_001 + i)
}

fn tracking_number(i: usize) -> String {
    format!("GLS{:011}", 50_000_000_000usize + i)
}

fn email(i: usize) -> String {
    format!("buyer{i}@example.com")
}

const CUSTOMER_SQL: &str = "INSERT INTO customers (id, shop_id, email, phone, first_name, last_name, locale, time_zone, birthday, created_at, updated_at) \
     VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, NULL, ?8, ?8)";
const ORDER_SQL: &str = "INSERT INTO orders (id, shop_id, external_id, order_number, customer_id, email, status, stage, currency, total_minor, locale, placed_at, \
     fulfillment_status, delivery_method, shipping_method, source, source_updated_at, tracking_token, content_hash, created_at, updated_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', ?7, ?8, ?9, ?10, ?11, 'fulfilled', 'courier', 'GLS Standard', 'api', NULL, ?12, ?13, ?11, ?14)";
const ITEM_SQL: &str = "INSERT INTO order_line_items (shop_id, order_id, position, sku, name, quantity, unit_price_minor, image_url) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL)";
const SHIPMENT_SQL: &str = "INSERT INTO shipments (id, shop_id, order_id, carrier, service, tracking_number, fulfillment_ref, tracking_url, delivery_method, \
     tag, subtag, tag_at, shipped_at, destination_country, destination_postcode, trending_late, created_at, updated_at) \
     VALUES (?1, ?2, ?3, 'gls', 'standard', ?4, NULL, NULL, 'courier', 'InfoReceived', NULL, ?5, NULL, ?6, ?7, 0, ?5, ?5)";
const EVENT_SQL: &str = "INSERT INTO shipment_events (id, shop_id, shipment_id, tag, subtag, message, location, occurred_at, source, dedupe_key, created_at) \
     VALUES (?1, ?2, ?3, 'InfoReceived', NULL, 'Shipment information received', 'Budapest', ?4, 'api', 'gls-0', ?4)";

/// What seeding made: the parcels' ids (index = order), how long it took.
struct Seeded {
    shipment_ids: Vec<String>,
    elapsed: Duration,
}

/// Writes `n` orders with a labelled parcel each into the SQLite file at `path` (which has the
/// schema and the shop `shop_id` already), in transactions of [`SEED_BATCH`] orders.
fn seed(path: &Path, shop_id: &str, n: usize) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(path)
        .with_context(|| format!("opening {} to seed it", path.display()))?;
    // Seeding only: nothing here has to survive a crash. The file stays in WAL mode.
    conn.execute_batch(
        "PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;",
    )?;
    // What the server itself would say of a fulfilled order whose one parcel has a label.
    let stage = OrderStage::derive(
        OrderStatus::Open,
        FulfillmentStatus::Fulfilled,
        &[(ShipmentTag::InfoReceived, DeliveryMethod::Courier)],
    );
    let now = aftercare_bench::now_millis();
    let mut shipment_ids = Vec::with_capacity(n);
    for start in (0..n).step_by(SEED_BATCH) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut customer = tx.prepare_cached(CUSTOMER_SQL)?;
            let mut order = tx.prepare_cached(ORDER_SQL)?;
            let mut item = tx.prepare_cached(ITEM_SQL)?;
            let mut shipment = tx.prepare_cached(SHIPMENT_SQL)?;
            let mut event = tx.prepare_cached(EVENT_SQL)?;
            for i in start..(start + SEED_BATCH).min(n) {
                let m = &MARKETS[i % MARKETS.len()];
                // Placed four to five days ago (past the engine's three-day horizon for news),
                // label printed two hours later.
                let placed = now - 96 * HOUR - (i as i64 * 7_919_000) % (24 * HOUR);
                let labelled = placed + 2 * HOUR;

                let customer_id = new_id();
                customer.execute(params![
                    customer_id,
                    shop_id,
                    email(i),
                    m.first_names[i % m.first_names.len()],
                    m.last_names[(i / 7) % m.last_names.len()],
                    m.locale,
                    m.time_zone,
                    placed,
                ])?;

                let (items, quantities, total) = basket(i);
                let order_id = new_id();
                order.execute(params![
                    order_id,
                    shop_id,
                    format!("M-{i}"),
                    order_number(i),
                    customer_id,
                    email(i),
                    stage.as_str(),
                    m.currency,
                    total,
                    m.locale,
                    placed,
                    new_token(16),
                    content_hash(i),
                    labelled,
                ])?;
                for (pos, (p, q)) in items.iter().zip(quantities).enumerate() {
                    item.execute(params![shop_id, order_id, pos as i64 + 1, p.0, p.1, q, p.2])?;
                }

                let shipment_id = new_id();
                shipment.execute(params![
                    shipment_id,
                    shop_id,
                    order_id,
                    tracking_number(i),
                    labelled,
                    m.country,
                    m.postcode,
                ])?;
                event.execute(params![new_id(), shop_id, shipment_id, labelled])?;
                shipment_ids.push(shipment_id);
            }
        }
        tx.commit()?;
    }
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
    let count = |table: &str| -> anyhow::Result<usize> {
        let c: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE shop_id = ?1"),
            [shop_id],
            |r| r.get(0),
        )?;
        Ok(c as usize)
    };
    let counts = (
        count("orders")?,
        count("shipments")?,
        count("shipment_events")?,
    );
    ensure!(
        counts == (n, n, n),
        "seeded (orders, shipments, events) = {counts:?}, expected ({n}, {n}, {n})"
    );
    Ok(Seeded {
        shipment_ids,
        elapsed: started.elapsed(),
    })
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/// The measured end-to-end run.
struct EndToEnd {
    /// First event sent → the sink has every message.
    wall: Duration,
    /// The carrier events (their own latencies and rate).
    events: LoadStats,
    /// First event sent → the last event answered.
    events_wall: Duration,
    cpu: Cpu,
    /// TCP connections the sink accepted during the run.
    connections: usize,
    /// What the sink received.
    received: Vec<Received>,
}

impl EndToEnd {
    fn rate(&self) -> f64 {
        self.received.len() as f64 / self.wall.as_secs_f64().max(f64::MIN_POSITIVE)
    }
}

/// Posts one `InTransit` event per parcel and waits until the sink has `n` messages. With
/// `restart` (backlog mode) the server has its job runner off: once every event is in, it is
/// stopped and the server of `restart` (runner on) is started, and the clock starts with it.
async fn end_to_end(
    srv: &mut Server,
    restart: Option<&ServerConfig>,
    sink: &SmtpSink,
    api_key: &str,
    shipment_ids: &[String],
    args: &Args,
) -> anyhow::Result<EndToEnd> {
    let n = shipment_ids.len();
    let client = load::client(args.connections)?;
    let occurred_at = jiff::Timestamp::now().to_string();
    let requests: Arc<Vec<(String, Vec<u8>)>> = Arc::new(
        shipment_ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let body = serde_json::json!({
                    "tag": "InTransit",
                    "subtag": "InTransit_002",
                    "message": "Picked up by GLS",
                    "location": "Budapest",
                    "occurred_at": occurred_at,
                    "event_id": format!("bench-pickup-{i}"),
                });
                (
                    format!("{}/api/v1/shipments/{id}/events", srv.base),
                    body.to_string().into_bytes(),
                )
            })
            .collect(),
    );
    let spec = LoadSpec::new(n, args.connections, StatusCode::CREATED);
    let key = api_key.to_string();

    let (attempts0, connections0) = (sink.attempts(), sink.connections());
    let mut before = Cpu::now(srv.pid());
    let mut started = Instant::now();
    let driver = tokio::spawn(async move {
        let stats = load::run_load(&client, &spec, move |client, i| {
            let (url, body) = &requests[i];
            client
                .post(url)
                .bearer_auth(&key)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone())
        })
        .await;
        (stats, started.elapsed())
    });
    let mut driver = Some(driver);
    let mut events = None;
    if let Some(cfg) = restart {
        let d = driver.take().context("the event driver went missing")?;
        let (stats, wall) = d.await?;
        let stats = stats?;
        if stats.errors > 0 {
            report_errors(&stats, "carrier events");
            bail!("carrier events: {} errors", stats.errors);
        }
        ensure!(
            sink.attempts() == attempts0,
            "the server sent messages with its job runner off"
        );
        events = Some((stats, wall));
        // The backlog is in: a server with the runner on drains it.
        srv.stop();
        started = Instant::now();
        *srv = Server::start(cfg)?;
        before = Cpu::now(srv.pid());
    }
    let deadline = started + Duration::from_secs(args.timeout);
    loop {
        if sink.attempts() - attempts0 >= n {
            break;
        }
        if let Some(d) = driver.take_if(|d| d.is_finished()) {
            let (stats, wall) = d.await?;
            let stats = stats?;
            if stats.errors > 0 {
                report_errors(&stats, "carrier events");
                bail!("carrier events: {} errors", stats.errors);
            }
            events = Some((stats, wall));
        }
        if Instant::now() > deadline {
            bail!(
                "after {} s the sink has {} of {n} messages ({} connections); the server's \
                 messages stop short — see GET /api/v1/jobs",
                args.timeout,
                sink.attempts() - attempts0,
                sink.connections() - connections0
            );
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let wall = started.elapsed();
    let cpu = Cpu::now(srv.pid()).since(before);
    let (events, events_wall) = match (events, driver) {
        (Some(e), _) => e,
        (None, Some(d)) => {
            let (stats, wall) = d.await?;
            (stats?, wall)
        }
        (None, None) => bail!("the event driver went missing"),
    };
    if events.errors > 0 {
        report_errors(&events, "carrier events");
        bail!("carrier events: {} errors", events.errors);
    }
    // The last transaction counted may still be in its DATA phase: wait for it to be stored.
    let received = sink.wait_for(n, Duration::from_secs(30)).await;
    Ok(EndToEnd {
        wall,
        events,
        events_wall,
        cpu,
        connections: sink.connections() - connections0,
        received,
    })
}

fn report_errors(stats: &LoadStats, what: &str) {
    eprintln!(
        "{what}: {} of {} requests failed; first ones:",
        stats.errors, stats.requests
    );
    for s in &stats.error_samples {
        eprintln!("  {s}");
    }
}

/// The raw message as lettre handed it over: the sink keeps the CRLF before the final `.`,
/// which lettre adds itself.
fn raw_bytes(r: &Received) -> &[u8] {
    r.data.strip_suffix("\r\n").unwrap_or(&r.data).as_bytes()
}

/// A run of sends from this process: how long it took, how many went, the CPU it cost.
struct Sends {
    wall: Duration,
    sent: usize,
    cpu: Cpu,
}

impl Sends {
    fn rate(&self) -> f64 {
        self.sent as f64 / self.wall.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// `label`, the rate, and "(N in S s" — the caller closes the parenthesis.
    fn line(&self, label: String) -> String {
        format!(
            "{label:<64} {:>7} messages/s  ({} in {:.2} s",
            thousands(self.rate().round() as u64),
            thousands(self.sent as u64),
            self.wall.as_secs_f64(),
        )
    }
}

/// The reference run: lettre alone.
struct Reference {
    sends: Sends,
    connections: usize,
    /// Every copy is byte-for-byte the message the engine sent.
    identical: bool,
}

/// Messages to send again: each one's envelope and bytes.
type Mail = Arc<Vec<(Envelope, Vec<u8>)>>;

/// The messages the sink received, as envelopes and the bytes to send again.
fn envelopes(received: &[Received]) -> anyhow::Result<Mail> {
    Ok(Arc::new(
        received
            .iter()
            .map(|r| {
                let from = r
                    .from
                    .parse()
                    .with_context(|| format!("from {:?}", r.from))?;
                let to =
                    r.to.iter()
                        .map(|t| t.parse().with_context(|| format!("to {t:?}")))
                        .collect::<anyhow::Result<Vec<_>>>()?;
                Ok((Envelope::new(Some(from), to)?, raw_bytes(r).to_vec()))
            })
            .collect::<anyhow::Result<_>>()?,
    ))
}

/// Runs `send(i)` for every `i < n` from `concurrency` tasks, each taking the next index when its
/// last send is done, timed, with the CPU the bench process and the (idle) server used.
async fn timed_sends<F, Fut>(
    srv: &Server,
    concurrency: usize,
    n: usize,
    send: F,
) -> anyhow::Result<Sends>
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let before = Cpu::now(srv.pid());
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (send, next) = (send.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut sent = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    return Ok::<usize, anyhow::Error>(sent);
                }
                send(i).await?;
                sent += 1;
            }
        }));
    }
    let mut sent = 0;
    for t in tasks {
        sent += t.await??;
    }
    Ok(Sends {
        wall: started.elapsed(),
        sent,
        cpu: Cpu::now(srv.pid()).since(before),
    })
}

/// Sends `received` again over the engine's own SMTP connection pool (`notify::SmtpPool`: the
/// same lettre connections with `TCP_NODELAY`), from `concurrency` tasks.
async fn reference(
    srv: &Server,
    sink: &SmtpSink,
    received: &[Received],
    concurrency: usize,
) -> anyhow::Result<Reference> {
    let mail = envelopes(received)?;
    let n = mail.len();
    // The engine's own SMTP connections (pooled, TCP_NODELAY), used raw.
    let transport =
        Arc::new(aftercare_app::notify::SmtpPool::parse(&sink.url()).context("smtp url")?);
    sink.clear();
    let connections0 = sink.connections();
    let sends = timed_sends(srv, concurrency, n, move |i| {
        let (transport, mail) = (transport.clone(), mail.clone());
        async move {
            let (envelope, bytes) = &mail[i];
            transport
                .send_raw(envelope, bytes)
                .await
                .map_err(|e| anyhow::anyhow!("send_raw of message {i}: {e}"))?;
            Ok(())
        }
    })
    .await?;
    let copies = sink.wait_for(n, Duration::from_secs(30)).await;
    let originals: HashSet<&[u8]> = received.iter().map(|r| r.data.as_bytes()).collect();
    let identical =
        copies.len() == n && copies.iter().all(|c| originals.contains(c.data.as_bytes()));
    Ok(Reference {
        sends,
        connections: sink.connections() - connections0,
        identical,
    })
}

/// The reference's sends again, each between the two writes no exactly-once sender can skip: the
/// message recorded (with its body and Message-ID) and on disk before SMTP starts, and its outcome
/// after. They go through the engine's own group commit (`jobs::GroupWriter`: one transaction and
/// one sync for whatever is waiting) into a SQLite file of this process with one minimal table —
/// no job queue, no reads, no render, no MIME build. What the engine does beyond this floor is
/// its own cost; what the floor costs beyond the reference is the durability's.
async fn floor(
    srv: &Server,
    sink: &SmtpSink,
    received: &[Received],
    concurrency: usize,
    dir: &Path,
) -> anyhow::Result<Sends> {
    let mail = envelopes(received)?;
    let n = mail.len();
    let url = DatabaseUrl::parse(&format!("sqlite://{}", dir.join("floor.sqlite").display()))?;
    let db = Db::open(&url, &DbOptions::default())?;
    db.write(|c| {
        c.execute_batch(
            "CREATE TABLE floor_messages (id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, \
             recipient TEXT NOT NULL, state TEXT NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL)",
        )
    })?;
    let writer = GroupWriter::start(db);
    let transport =
        Arc::new(aftercare_app::notify::SmtpPool::parse(&sink.url()).context("smtp url")?);
    sink.clear();
    let sends = timed_sends(srv, concurrency, n, move |i| {
        let (transport, mail, writer) = (transport.clone(), mail.clone(), writer.clone());
        async move {
            let (envelope, bytes) = &mail[i];
            let body = String::from_utf8_lossy(bytes).into_owned();
            let to = envelope.to().first().map(ToString::to_string).unwrap_or_default();
            writer
                .write(move |c| {
                    c.execute(
                        "INSERT INTO floor_messages (id, message_id, recipient, state, body, updated_at) \
                         VALUES ($1, $2, $3, 'sending', $4, $5)",
                        aftercare_store::params![i as i64, format!("<{i}@floor.bench>"), &to, &body, now_millis()],
                    )
                })
                .await?;
            transport
                .send_raw(envelope, bytes)
                .await
                .map_err(|e| anyhow::anyhow!("send_raw of message {i}: {e}"))?;
            writer
                .write_unsynced(move |c| {
                    c.execute(
                        "UPDATE floor_messages SET state = 'sent', updated_at = $2 WHERE id = $1",
                        aftercare_store::params![i as i64, now_millis()],
                    )
                })
                .await?;
            Ok(())
        }
    })
    .await?;
    sink.wait_for(n, Duration::from_secs(30)).await;
    Ok(sends)
}

// ---------------------------------------------------------------------------------------------
// Checking.

/// What the checks after the run found.
struct Verified {
    /// Distinct Message-IDs among the messages the sink received.
    message_ids: usize,
    /// Distinct recipients (one buyer per parcel).
    recipients: usize,
    /// Messages per Content-Language.
    languages: BTreeMap<String, usize>,
    /// Message size: mean bytes.
    mean_bytes: usize,
    /// Messages per state in the database.
    states: BTreeMap<String, usize>,
    /// milestone jobs per state.
    jobs: BTreeMap<String, usize>,
    /// Job enqueued (event committed) → message recorded (claimed and rendered), ms, sorted.
    to_rendered: Vec<Duration>,
    /// Message recorded → recorded as sent, ms, sorted.
    to_sent: Vec<Duration>,
    /// Of the newest 200 via the API, how many are `sent` shipped messages.
    api_sent: usize,
    api_listed: usize,
}

fn open_read_only(path: &Path) -> anyhow::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("opening {} read-only", path.display()))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

fn group_count(
    conn: &rusqlite::Connection,
    sql: &str,
    shop_id: &str,
) -> anyhow::Result<BTreeMap<String, usize>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([shop_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

async fn verify(
    srv: &Server,
    api_key: &str,
    db: &Path,
    shop_id: &str,
    received: &[Received],
    n: usize,
) -> anyhow::Result<Verified> {
    let ids: HashSet<String> = received
        .iter()
        .filter_map(|r| r.header("Message-ID"))
        .collect();
    let recipients: HashSet<&str> = received
        .iter()
        .flat_map(|r| r.to.iter().map(String::as_str))
        .collect();
    let mut languages = BTreeMap::new();
    for r in received {
        *languages
            .entry(r.header("Content-Language").unwrap_or_default())
            .or_insert(0) += 1;
    }
    let mean_bytes = received.iter().map(|r| r.data.len()).sum::<usize>() / received.len().max(1);

    // The sink can be ahead of the database by the last `sent` records: wait for those.
    let conn = open_read_only(db)?;
    let deadline = Instant::now() + Duration::from_secs(30);
    let states_sql = "SELECT state, count(*) FROM messages WHERE shop_id = ?1 GROUP BY state";
    let jobs_sql = "SELECT state, count(*) FROM jobs WHERE shop_id = ?1 AND kind = 'message.milestone' GROUP BY state";
    let (states, jobs) = loop {
        let states = group_count(&conn, states_sql, shop_id)?;
        let jobs = group_count(&conn, jobs_sql, shop_id)?;
        let settled = states.get("sent") == Some(&n) && jobs.get("done") == Some(&n);
        if settled || Instant::now() > deadline {
            break (states, jobs);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let mut stmt = conn.prepare(
        "SELECT m.message_id, m.created_at - j.created_at, m.sent_at - m.created_at \
         FROM messages m JOIN jobs j ON j.dedupe_key = m.dedupe_key \
         WHERE m.shop_id = ?1 AND m.kind = 'shipped' AND m.state = 'sent'",
    )?;
    let mut db_ids = HashSet::with_capacity(n);
    let (mut to_rendered, mut to_sent) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let rows = stmt.query_map([shop_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let ms_dur = |v: i64| Duration::from_millis(v.max(0) as u64);
    for row in rows {
        let (id, a, b) = row?;
        db_ids.insert(id);
        to_rendered.push(ms_dur(a));
        to_sent.push(ms_dur(b));
    }
    to_rendered.sort_unstable();
    to_sent.sort_unstable();
    ensure!(
        db_ids == ids,
        "the Message-IDs at the sink ({}) and the database's sent messages ({}) differ",
        ids.len(),
        db_ids.len()
    );

    let client = load::client(1)?;
    let url = format!("{}/api/v1/messages?limit=200", srv.base);
    let resp = client.get(&url).bearer_auth(api_key).send().await?;
    let status = resp.status();
    let body = resp.bytes().await?;
    if status != StatusCode::OK {
        bail!(
            "GET {url}: {status} {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
    }
    let list: Vec<serde_json::Value> =
        serde_json::from_slice(&body).with_context(|| format!("GET {url}: not a JSON list"))?;
    let api_sent = list
        .iter()
        .filter(|m| m["state"] == "sent" && m["kind"] == "shipped")
        .count();
    Ok(Verified {
        message_ids: ids.len(),
        recipients: recipients.len(),
        languages,
        mean_bytes,
        states,
        jobs,
        to_rendered,
        to_sent,
        api_sent,
        api_listed: list.len(),
    })
}

// ---------------------------------------------------------------------------------------------
// Reporting.

/// 1234567 → "1,234,567".
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn counts(m: &BTreeMap<String, usize>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {}", thousands(*v as u64)))
        .collect::<Vec<_>>()
        .join(", ")
}

struct Report<'a> {
    args: &'a Args,
    e2e: &'a EndToEnd,
    reference: &'a Reference,
    floor: &'a Sends,
    verified: &'a Verified,
    seeded: &'a Seeded,
}

fn print_report(r: &Report) {
    let (e, f, v) = (r.e2e, &r.reference.sends, r.verified);
    let ratio = e.rate() / f.rate().max(f64::MIN_POSITIVE);
    let met = |ok: bool| if ok { "met" } else { "MISSED" };
    println!();
    println!(
        "message benchmark: release build, sqlite (synchronous={}), loopback, SMTP sink in the \
         bench process; server jobs.concurrency={}, jobs.poll_interval_ms={}, \
         notifications.delay_seconds=0, notifications.shop_rate_per_second and \
         smtp.rate_per_second={}, the engine's SMTP pool on both sides",
        r.args.sqlite_synchronous,
        r.args.concurrency,
        r.args.poll_interval_ms,
        thousands(RATE_LIMIT_OFF as u64)
    );
    println!(
        "{:<64} {:>7} messages/s  ({} in {:.2} s)",
        if r.args.mode == "backlog" {
            "engine, a backlog of due milestones (claim → render → record → SMTP → record):"
                .to_string()
        } else {
            "end to end (event → claim → render → record → SMTP → record):".to_string()
        },
        thousands(e.rate().round() as u64),
        thousands(e.received.len() as u64),
        e.wall.as_secs_f64(),
    );
    println!(
        "{})",
        f.line(format!(
            "SMTP pool send_raw of the same messages, same sink, {} tasks:",
            r.args.concurrency
        ))
    );
    println!(
        "ratio end-to-end/raw: {ratio:.2}   (targets: ≥ 2,000 messages/s, ratio ≥ 0.5 — rate {}, \
         ratio {})",
        met(e.rate() >= TARGET_RATE),
        met(ratio >= TARGET_RATIO),
    );
    let fl = r.floor;
    println!(
        "{}; ratio to raw {:.2}: a ceiling for any sender that records each message durably \
         before SMTP)",
        fl.line(format!(
            "floor: the same sends, each recorded durably before and after, {} tasks:",
            r.args.concurrency
        )),
        fl.rate() / f.rate().max(f64::MIN_POSITIVE),
    );
    println!(
        "  (end to end: {}; the sink accepted {} SMTP connections)",
        e.cpu.describe(e.wall, "bench process (driver + SMTP sink)"),
        e.connections
    );
    println!(
        "  (raw: {}; {} SMTP connections; copies byte-identical to the engine's: {})",
        f.cpu.describe(f.wall, "bench process (driver + SMTP sink)"),
        r.reference.connections,
        if r.reference.identical { "yes" } else { "NO" }
    );
    println!(
        "  (floor: {}; a minimal SQLite table in the bench process, the engine's group commit)",
        fl.cpu
            .describe(fl.wall, "bench process (senders, writes + SMTP sink)"),
    );
    // One send per task at a time: the mean time one send took.
    let per_send = f.wall.as_secs_f64() * r.args.concurrency as f64 / f.sent.max(1) as f64;
    if per_send >= 0.035 {
        println!(
            "  note: one send took {:.0} ms on loopback: that is Nagle's algorithm waiting for a \
             delayed ACK (a connection without TCP_NODELAY), so both rates are about \
             concurrency / 40 ms",
            per_send * 1000.0
        );
    }
    println!(
        "  (carrier events: {} × POST /api/v1/shipments/{{id}}/events over {} connections, all \
         201, done after {:.2} s = {} events/s, p50 {} ms, p99 {} ms)",
        thousands(e.events.requests as u64),
        e.events.connections,
        e.events_wall.as_secs_f64(),
        thousands((e.events.requests as f64 / e.events_wall.as_secs_f64()).round() as u64),
        ms(e.events.percentile(0.50)),
        ms(e.events.percentile(0.99)),
    );
    let p = |v: &[Duration], q: f64| ms(percentile(v, q));
    println!(
        "  (per message, from the server's records: event committed → rendered and recorded p50 \
         {} ms, p99 {} ms; recorded → sent recorded p50 {} ms, p99 {} ms)",
        p(&v.to_rendered, 0.5),
        p(&v.to_rendered, 0.99),
        p(&v.to_sent, 0.5),
        p(&v.to_sent, 0.99),
    );
    println!(
        "  (checked: {} distinct Message-IDs and {} distinct recipients at the sink, the same \
         Message-IDs sent in the database; messages: {}; jobs: {}; GET /api/v1/messages: {}/{} \
         sent; languages: {}; mean message {} bytes)",
        thousands(v.message_ids as u64),
        thousands(v.recipients as u64),
        counts(&v.states),
        counts(&v.jobs),
        v.api_sent,
        v.api_listed,
        counts(&v.languages),
        thousands(v.mean_bytes as u64),
    );
    println!(
        "  (seeding: {} orders with customers, line items and a labelled parcel in {:.1} s \
         straight into SQLite)",
        thousands(r.args.orders as u64),
        r.seeded.elapsed.as_secs_f64(),
    );
}

fn run(args: Args) -> anyhow::Result<()> {
    let n = args.orders;
    // The SMTP sink and the event driver share this runtime; two threads, as the machine has
    // two cores.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the bench runtime")?;
    let sink = rt.block_on(SmtpSink::start());

    let scratch = ScratchDir::new("aftercare-bench-messages")?;
    let mut cfg = ServerConfig::new(&args.binary, scratch.path())?;
    for (k, v) in [
        ("AFTERCARE_SMTP__URL", sink.url()),
        ("AFTERCARE_SMTP__FROM", FROM.to_string()),
        ("AFTERCARE_NOTIFICATIONS__DELAY_SECONDS", "0".into()),
        ("AFTERCARE_JOBS__ENABLED", (args.mode == "live").to_string()),
        ("AFTERCARE_JOBS__CONCURRENCY", args.concurrency.to_string()),
        (
            "AFTERCARE_JOBS__POLL_INTERVAL_MS",
            args.poll_interval_ms.to_string(),
        ),
        (
            "AFTERCARE_SQLITE_SYNCHRONOUS",
            args.sqlite_synchronous.clone(),
        ),
        // A sink has no provider limit to respect: the send rates (default 50/s per shop,
        // 200/s through SMTP) must not be what is measured.
        (
            "AFTERCARE_NOTIFICATIONS__SHOP_RATE_PER_SECOND",
            RATE_LIMIT_OFF.to_string(),
        ),
        (
            "AFTERCARE_SMTP__RATE_PER_SECOND",
            RATE_LIMIT_OFF.to_string(),
        ),
    ] {
        cfg.extra_env.push((k.into(), v));
    }
    eprintln!(
        "bench-messages: {} in {}, sqlite, SMTP sink at {}",
        cfg.binary.display(),
        scratch.path().display(),
        sink.url()
    );

    let shop = server::create_shop(&cfg, "Messages Bench")?;
    eprintln!(
        "bench-messages: seeding {n} orders into {}",
        cfg.database.display()
    );
    let seeded = seed(&cfg.database, &shop.id, n)?;
    eprintln!(
        "bench-messages: seeded in {:.1} s",
        seeded.elapsed.as_secs_f64()
    );

    // Backlog mode: the events go to a server without a job runner; this one drains them.
    let mut drain = cfg.clone();
    drain
        .extra_env
        .retain(|(k, _)| k != "AFTERCARE_JOBS__ENABLED");
    drain
        .extra_env
        .push(("AFTERCARE_JOBS__ENABLED".into(), "true".into()));
    let mut srv = Server::start(&cfg)?;
    eprintln!("bench-messages: server pid {} at {}", srv.pid(), srv.base);
    if sink.attempts() > 0 {
        bail!(
            "the server sent {} message(s) before any event: the seeded orders are not old enough",
            sink.attempts()
        );
    }

    let (e2e, verified, reference) = rt.block_on(async {
        eprintln!(
            "bench-messages: {n} carrier events over {} connections, waiting for {n} messages",
            args.connections
        );
        let restart = (args.mode == "backlog").then_some(&drain);
        let e2e = end_to_end(
            &mut srv,
            restart,
            &sink,
            &shop.api_key,
            &seeded.shipment_ids,
            &args,
        )
        .await?;
        eprintln!(
            "bench-messages: end to end {:.2} s; checking",
            e2e.wall.as_secs_f64()
        );
        let verified = verify(
            &srv,
            &shop.api_key,
            &cfg.database,
            &shop.id,
            &e2e.received,
            n,
        )
        .await?;
        // Late duplicates would arrive by now: every job is done.
        let late = sink.attempts();
        eprintln!(
            "bench-messages: lettre alone, {n} messages over {} tasks",
            args.concurrency
        );
        let reference = reference(&srv, &sink, &e2e.received, args.concurrency).await?;
        eprintln!(
            "bench-messages: the floor, {n} messages over {} tasks with a durable record before and after each",
            args.concurrency
        );
        let floor = floor(&srv, &sink, &e2e.received, args.concurrency, scratch.path()).await?;
        anyhow::Ok((e2e, verified, (reference, late, floor)))
    })?;
    let (reference, attempts_after_e2e, floor) = reference;
    drop(srv);

    print_report(&Report {
        args: &args,
        e2e: &e2e,
        reference: &reference,
        floor: &floor,
        verified: &verified,
        seeded: &seeded,
    });

    let mut problems = Vec::new();
    if e2e.received.len() != n || attempts_after_e2e != n {
        problems.push(format!(
            "the sink got {} messages ({attempts_after_e2e} transactions) for {n} parcels",
            e2e.received.len()
        ));
    }
    if verified.message_ids != n || verified.recipients != n {
        problems.push(format!(
            "{} distinct Message-IDs and {} distinct recipients for {n} parcels",
            verified.message_ids, verified.recipients
        ));
    }
    if verified.states.get("sent") != Some(&n) || verified.states.len() != 1 {
        problems.push(format!("messages: {}", counts(&verified.states)));
    }
    if verified.jobs.get("done") != Some(&n) || verified.jobs.len() != 1 {
        problems.push(format!("milestone jobs: {}", counts(&verified.jobs)));
    }
    if verified.api_sent != verified.api_listed.min(200) || verified.api_listed != n.min(200) {
        problems.push(format!(
            "GET /api/v1/messages: {} of {} listed are sent shipped messages",
            verified.api_sent, verified.api_listed
        ));
    }
    if floor.sent != n {
        problems.push(format!("the floor sent {} of {n}", floor.sent));
    }
    if reference.sends.sent != n || !reference.identical {
        problems.push(format!(
            "the reference sent {} of {n}, identical copies: {}",
            reference.sends.sent, reference.identical
        ));
    }
    if !problems.is_empty() {
        bail!("checks failed: {}", problems.join("; "));
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    run(Args::parse())
}

#[cfg(test)]
mod tests {
    use super::*;

    use clap::CommandFactory;
    use clap::error::ErrorKind;

    fn parse(v: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("bench-messages").chain(v.iter().copied()))
    }

    #[test]
    fn command_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn defaults_and_flags() -> anyhow::Result<()> {
        let a = parse(&["--binary", "x"])?;
        assert_eq!(
            (
                a.orders,
                a.connections,
                a.concurrency,
                a.poll_interval_ms,
                a.sqlite_synchronous.as_str(),
                a.timeout
            ),
            (10_000, 32, 32, 50, "full", 300)
        );
        let a = parse(&[
            "--binary=x",
            "--orders",
            "5",
            "--connections=2",
            "--concurrency",
            "16",
            "--poll-interval-ms",
            "10",
            "--sqlite-synchronous",
            "normal",
            "--timeout",
            "9",
        ])?;
        assert_eq!(
            (
                a.orders,
                a.connections,
                a.concurrency,
                a.poll_interval_ms,
                a.sqlite_synchronous.as_str(),
                a.timeout
            ),
            (5, 2, 16, 10, "normal", 9)
        );
        let kind = |v: &[&str]| parse(v).err().map(|e| e.kind());
        assert_eq!(kind(&[]), Some(ErrorKind::MissingRequiredArgument));
        for bad in [
            ["--orders", "0"],
            ["--orders", "1000001"],
            ["--connections", "0"],
            ["--concurrency", "0"],
            ["--poll-interval-ms", "0"],
            ["--sqlite-synchronous", "off"],
            ["--timeout", "0"],
        ] {
            assert!(
                matches!(
                    kind(&["--binary", "x", bad[0], bad[1]]),
                    Some(ErrorKind::ValueValidation | ErrorKind::InvalidValue)
                ),
                "{bad:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(23_456_789), "23,456,789");
        assert_eq!(tracking_number(0).len(), 14);
    }

    #[test]
    fn raw_bytes_drop_the_crlf_lettre_adds() {
        let r = Received {
            from: String::new(),
            to: Vec::new(),
            data: "Subject: x\r\n\r\nbody\r\n".into(),
            dropped: false,
        };
        assert_eq!(raw_bytes(&r), b"Subject: x\r\n\r\nbody");
    }

    #[test]
    fn seeds_into_the_real_schema() -> anyhow::Result<()> {
        let dir = ScratchDir::new("aftercare-bench-messages-test")?;
        let path = dir.path().join("t.sqlite");
        aftercare_bench::raw::create_schema(&path)?;
        let conn = rusqlite::Connection::open(&path)?;
        conn.execute(
            "INSERT INTO shops (id, slug, name, default_locale, time_zone, created_at, updated_at) \
             VALUES ('s1', 's1', 'S', 'en', 'UTC', 0, 0)",
            [],
        )?;
        drop(conn);
        let s = seed(&path, "s1", 12)?;
        assert_eq!(s.shipment_ids.len(), 12);
        let conn = rusqlite::Connection::open(&path)?;
        // Every order is older than the engine's three-day horizon, every parcel only labelled.
        let young: i64 = conn.query_row(
            "SELECT count(*) FROM orders WHERE placed_at > ?1",
            [aftercare_bench::now_millis() - 72 * HOUR],
            |r| r.get(0),
        )?;
        assert_eq!(young, 0);
        let moving: i64 = conn.query_row(
            "SELECT count(*) FROM shipments WHERE tag != 'InfoReceived' OR shipped_at IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(moving, 0);
        let locales: i64 = conn.query_row(
            "SELECT count(DISTINCT c.locale) FROM orders o JOIN customers c ON c.id = o.customer_id \
             WHERE c.email IS NOT NULL",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(locales, 5);
        Ok(())
    }
}
