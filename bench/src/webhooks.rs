//! `bench-webhooks`: signed Shopify `fulfillment_events/create` webhooks against a release
//! `aftercare serve` on loopback, driven from this (second) process, next to the same server's
//! throughput for `/verify` (signature check and parse, nothing stored) with the same deliveries.
//! Run it with `bench/webhooks.sh`, which builds both in release mode first.
//!
//! Setup (not measured): a shop, a Shopify secret, and `--orders` signed `orders/create`
//! deliveries, each with one fulfillment (one UPS parcel) inside. Then `--events-per-order`
//! events per fulfillment (label printed → in transit → out for delivery → delivered) go first
//! to `/verify`, then to the real endpoint; every answer must be 200 `accepted`. Afterwards every
//! order must be in the stage `delivered`.

use aftercare_bench::cli::at_least_one;
use aftercare_bench::load::{self, LoadSpec, LoadStats, ms};
use aftercare_bench::server::{self, Cpu, ScratchDir, Server, ServerConfig};
use aftercare_bench::shopify::{Delivery, Generator};
use anyhow::{Context, bail};
use clap::Parser;
use rand::Rng;
use reqwest::StatusCode;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Orders fetched one by one after the run to check their stage and timeline.
const SAMPLE: usize = 20;

/// Signed Shopify fulfillment_events/create webhooks against a release `aftercare serve` on
/// 127.0.0.1, next to the same server's /verify (signature check and parse only) with the same
/// deliveries.
#[derive(Debug, Parser)]
#[command(
    name = "bench-webhooks",
    after_help = "Usually run through bench/webhooks.sh, which builds both in release mode and \
                  passes --binary (and, with BENCH_PG_URL set, a --database-url with a fresh \
                  schema it drops afterwards)."
)]
struct Args {
    /// The aftercare binary to benchmark (a release build)
    #[arg(long, value_name = "PATH")]
    binary: PathBuf,
    /// Orders, each with one fulfillment (at most 1000000000)
    #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = order_count)]
    orders: usize,
    /// Fulfillment events per order, ending delivered
    #[arg(long, value_name = "K", default_value_t = 4, value_parser = at_least_one)]
    events_per_order: usize,
    /// Concurrent HTTP connections
    #[arg(long, value_name = "C", default_value_t = 64, value_parser = at_least_one)]
    connections: usize,
    /// The server's database instead of a scratch SQLite file (none or empty: the scratch file),
    /// e.g. postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dbench_x with an
    /// empty schema: create it before and drop it after, as bench/webhooks.sh does with
    /// BENCH_PG_URL
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
}

impl Args {
    /// `--database-url`, if one was given and is not blank.
    fn database_url(&self) -> Option<&str> {
        self.database_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
    }
}

/// `--orders`: at least 1, at most 1000000000.
fn order_count(s: &str) -> Result<usize, String> {
    match at_least_one(s)? {
        n if n > 1_000_000_000 => Err("at most 1000000000".to_string()),
        n => Ok(n),
    }
}

/// A body check: 200 with JSON `{"status": <want>, …}`.
fn status_is(want: &'static str) -> impl Fn(&[u8]) -> Result<(), String> + Send + Sync + 'static {
    move |body| {
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| format!("not JSON ({e})"))?;
        match v.get("status").and_then(|s| s.as_str()) {
            Some(s) if s == want => Ok(()),
            other => Err(format!("status {other:?}, expected {want:?}")),
        }
    }
}

/// Sends every delivery once, in order, over `connections`, expecting 200 and `check` to pass.
async fn send_all<C>(
    client: &reqwest::Client,
    url: String,
    deliveries: Arc<Vec<Delivery>>,
    connections: usize,
    check: C,
) -> anyhow::Result<LoadStats>
where
    C: Fn(&[u8]) -> Result<(), String> + Send + Sync + 'static,
{
    let spec = LoadSpec::new(deliveries.len(), connections, StatusCode::OK);
    load::run_load_checked(
        client,
        &spec,
        move |client, i| deliveries[i].request(client.post(&url)),
        check,
    )
    .await
}

fn check(stats: &LoadStats, what: &str) -> anyhow::Result<()> {
    if stats.errors > 0 {
        eprintln!(
            "{what}: {} of {} requests failed; first ones:",
            stats.errors, stats.requests
        );
        for s in &stats.error_samples {
            eprintln!("  {s}");
        }
        bail!("{what}: {} errors", stats.errors);
    }
    Ok(())
}

/// Brings PostgreSQL's statistics up to date after the setup, as its autovacuum does on a
/// database in service (it looks once a minute; the setup takes seconds). Planned with the
/// statistics of the empty tables, lookups by id or fulfillment take an index on `shop_id` alone
/// and read every parcel of the shop — a property of a freshly loaded database, not of ingest.
fn analyze(url: &str) -> anyhow::Result<()> {
    use aftercare_store::{DatabaseUrl, Db, DbOptions};
    let url = DatabaseUrl::parse(url).context("--database-url")?;
    if !matches!(url, DatabaseUrl::Postgres(_)) {
        return Ok(());
    }
    let db = Db::open(
        &url,
        &DbOptions {
            max_connections: 1,
            ..DbOptions::default()
        },
    )?;
    db.read(|c| c.execute_batch("ANALYZE"))?;
    Ok(())
}

/// Runs one load and measures CPU around it.
async fn measured<C>(
    client: &reqwest::Client,
    srv: &Server,
    url: String,
    deliveries: Arc<Vec<Delivery>>,
    connections: usize,
    check_body: C,
) -> anyhow::Result<(LoadStats, Cpu)>
where
    C: Fn(&[u8]) -> Result<(), String> + Send + Sync + 'static,
{
    let before = Cpu::now(srv.pid());
    let stats = send_all(client, url, deliveries, connections, check_body).await?;
    Ok((stats, Cpu::now(srv.pid()).since(before)))
}

/// What the read-back after the run found.
struct Outcome {
    delivered: usize,
    sampled: usize,
}

async fn get_json(
    client: &reqwest::Client,
    url: &str,
    api_key: &str,
) -> anyhow::Result<serde_json::Value> {
    let resp = client
        .get(url)
        .bearer_auth(api_key)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = resp.status();
    let body = resp.bytes().await?;
    if status != StatusCode::OK {
        bail!(
            "GET {url}: {status} {}",
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
    }
    serde_json::from_slice(&body).with_context(|| format!("GET {url}: not JSON"))
}

/// Counts the orders in stage `delivered` through the list API, and fetches `SAMPLE` random
/// orders to check stage, parcel status and that every event is on the timeline.
async fn read_back(
    client: &reqwest::Client,
    srv: &Server,
    api_key: &str,
    args: &Args,
) -> anyhow::Result<Outcome> {
    let mut delivered = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{}/api/v1/orders?stage=delivered&limit=200", srv.base);
        if let Some(c) = &cursor {
            url.push_str("&cursor=");
            url.push_str(c);
        }
        let page = get_json(client, &url, api_key).await?;
        delivered += page
            .get("items")
            .and_then(|i| i.as_array())
            .map_or(0, Vec::len);
        cursor = page
            .get("next_cursor")
            .and_then(|c| c.as_str())
            .map(str::to_string);
        if cursor.is_none() {
            break;
        }
    }
    let picks = {
        let mut rng = rand::rng();
        rand::seq::index::sample(&mut rng, args.orders, SAMPLE.min(args.orders)).into_vec()
    };
    for &i in &picks {
        let id = Generator::order_id(i);
        let order = get_json(client, &format!("{}/api/v1/orders/{id}", srv.base), api_key).await?;
        let stage = order.get("stage").and_then(|s| s.as_str());
        let shipments = order
            .get("shipments")
            .and_then(|s| s.as_array())
            .cloned()
            .unwrap_or_default();
        let [shipment] = shipments.as_slice() else {
            bail!("order {id}: {} shipments, expected 1", shipments.len());
        };
        let tag = shipment.get("tag").and_then(|t| t.as_str());
        let events = shipment
            .get("events")
            .and_then(|e| e.as_array())
            .map_or(0, Vec::len);
        if stage != Some("delivered") || tag != Some("Delivered") || events < args.events_per_order
        {
            bail!(
                "order {id}: stage {stage:?}, parcel {tag:?} with {events} events; expected \
                 delivered, Delivered, {} events",
                args.events_per_order
            );
        }
    }
    Ok(Outcome {
        delivered,
        sampled: picks.len(),
    })
}

struct Report<'a> {
    args: &'a Args,
    backend: &'static str,
    avg_bytes: f64,
    stored: &'a LoadStats,
    stored_cpu: Cpu,
    verify: &'a LoadStats,
    verify_cpu: Cpu,
    setup: &'a LoadStats,
    outcome: &'a Outcome,
}

fn print_report(r: &Report) {
    let (stored, verify) = (r.stored, r.verify);
    let ratio = stored.rate() / verify.rate().max(f64::MIN_POSITIVE);
    let target_rate = if r.backend == "postgres" {
        15_000.0
    } else {
        20_000.0
    };
    let p99 = stored.percentile(0.99);
    let met = |ok: bool| if ok { "met" } else { "MISSED" };
    println!();
    println!(
        "webhook ingest benchmark: {} orders, {} events each (avg {:.0} bytes), {} connections, \
         release build, {}, loopback",
        r.args.orders, r.args.events_per_order, r.avg_bytes, stored.connections, r.backend
    );
    println!(
        "  {:<54} {:>8.0} events/s   p50 {} ms   p99 {} ms",
        "fulfillment_events/create (stored, 2xx after commit):",
        stored.rate(),
        ms(stored.percentile(0.50)),
        ms(p99),
    );
    println!(
        "  {:<54} {:>8.0} req/s      p50 {} ms   p99 {} ms",
        "signature check + parse only (/verify):",
        verify.rate(),
        ms(verify.percentile(0.50)),
        ms(verify.percentile(0.99)),
    );
    println!("  {:<54} {ratio:>8.3}", "ratio stored / verify-only:");
    println!(
        "  targets: ≥20000 events/s on SQLite (≥15000 on PostgreSQL), p99 < 20 ms, ratio ≥ 0.3 \
         — rate {}, p99 {}, ratio {}",
        met(stored.rate() >= target_rate),
        met(p99 < Duration::from_millis(20)),
        met(ratio >= 0.3),
    );
    println!(
        "  (stored: {} events in {:.2} s, mean {} ms, max {} ms, 0 errors, {}; verify: {:.2} s, \
         max {} ms, {})",
        stored.requests,
        stored.wall.as_secs_f64(),
        ms(stored.mean()),
        ms(stored.max()),
        r.stored_cpu.describe(stored.wall, "driver"),
        verify.wall.as_secs_f64(),
        ms(verify.max()),
        r.verify_cpu.describe(verify.wall, "driver"),
    );
    println!(
        "  (setup: {} orders/create with a fulfillment, {:.0}/s, p99 {} ms; after the run {}/{} \
         orders are delivered (GET /api/v1/orders?stage=delivered) and {} sampled orders show a \
         Delivered parcel with all {} events)",
        r.setup.requests,
        r.setup.rate(),
        ms(r.setup.percentile(0.99)),
        r.outcome.delivered,
        r.args.orders,
        r.outcome.sampled,
        r.args.events_per_order,
    );
}

async fn run(args: Args) -> anyhow::Result<()> {
    let scratch = ScratchDir::new("aftercare-bench-webhooks")?;
    let mut cfg = ServerConfig::new(&args.binary, scratch.path())?;
    cfg.external_database = args.database_url().map(str::to_string);
    let backend = cfg.backend();
    eprintln!(
        "bench-webhooks: {} in {}, {backend}",
        cfg.binary.display(),
        scratch.path().display()
    );

    let shop = server::create_shop(&cfg, "Webhook Bench")?;
    let secret: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    server::add_secret(&cfg, &shop.slug, "shopify", &secret)?;
    let srv = Server::start(&cfg)?;
    eprintln!(
        "bench-webhooks: server pid {} at {}, shop {}",
        srv.pid(),
        srv.base,
        shop.slug
    );
    let client = load::client(args.connections)?;
    let url = format!("{}/webhooks/{}/shopify", srv.base, shop.slug);

    // Everything happened in the last few days: placed over one day starting 4 days ago, the
    // last parcel delivered about 20 hours ago.
    let base_ms = (aftercare_bench::now_millis() - 4 * 86_400_000) / 1000 * 1000;
    let generator = Generator::new(&secret, rand::random(), base_ms);
    let (n, k) = (args.orders, args.events_per_order);

    let orders: Arc<Vec<Delivery>> = Arc::new(
        (0..n)
            .map(|i| generator.order_created(i))
            .collect::<anyhow::Result<_>>()?,
    );
    eprintln!(
        "bench-webhooks: setup, {n} orders/create deliveries with a fulfillment (avg {:.0} bytes)",
        orders.iter().map(|d| d.body.len()).sum::<usize>() as f64 / n as f64
    );
    let setup = send_all(
        &client,
        url.clone(),
        orders,
        args.connections,
        status_is("accepted"),
    )
    .await?;
    check(&setup, "setup (orders/create)")?;
    if let Some(url) = args.database_url() {
        analyze(url)?;
    }

    // Event j of order i at index j·n + i: concurrent requests hit different orders, and the
    // events of one order arrive in order.
    let events: Arc<Vec<Delivery>> = Arc::new(
        (0..k)
            .flat_map(|j| (0..n).map(move |i| (i, j)))
            .map(|(i, j)| generator.event_created(i, j, k))
            .collect::<anyhow::Result<_>>()?,
    );
    let avg_bytes = events.iter().map(|d| d.body.len()).sum::<usize>() as f64 / events.len() as f64;

    eprintln!(
        "bench-webhooks: reference, {} events to /verify over {} connections",
        events.len(),
        args.connections
    );
    let (verify, verify_cpu) = measured(
        &client,
        &srv,
        format!("{url}/verify"),
        events.clone(),
        args.connections,
        status_is("verified"),
    )
    .await?;
    check(&verify, "reference run (/verify)")?;

    eprintln!(
        "bench-webhooks: measuring {} fulfillment_events/create over {} connections",
        events.len(),
        args.connections
    );
    let (stored, stored_cpu) = measured(
        &client,
        &srv,
        url,
        events,
        args.connections,
        status_is("accepted"),
    )
    .await?;
    check(&stored, "measured run (fulfillment_events/create)")?;

    let outcome = read_back(&client, &srv, &shop.api_key, &args).await?;
    if outcome.delivered != n {
        bail!(
            "after the run {} of {n} orders are delivered",
            outcome.delivered
        );
    }
    drop(client);
    drop(srv);

    print_report(&Report {
        args: &args,
        backend,
        avg_bytes,
        stored: &stored,
        stored_cpu,
        verify: &verify,
        verify_cpu,
        setup: &setup,
        outcome: &outcome,
    });
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    run(Args::parse()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    use clap::CommandFactory;
    use clap::error::ErrorKind;

    fn parse(v: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("bench-webhooks").chain(v.iter().copied()))
    }

    #[test]
    fn command_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn defaults() -> anyhow::Result<()> {
        let a = parse(&["--binary", "x"])?;
        assert_eq!(a.binary, PathBuf::from("x"));
        assert_eq!(
            (
                a.orders,
                a.events_per_order,
                a.connections,
                a.database_url()
            ),
            (10_000, 4, 64, None)
        );
        Ok(())
    }

    #[test]
    fn flags() -> anyhow::Result<()> {
        let a = parse(&[
            "--binary=x",
            "--orders",
            "5",
            "--events-per-order=2",
            "--connections",
            "3",
            "--database-url",
            "postgres://u@h/db?options=-c%20search_path%3Ds",
        ])?;
        assert_eq!((a.orders, a.events_per_order, a.connections), (5, 2, 3));
        assert_eq!(
            a.database_url(),
            Some("postgres://u@h/db?options=-c%20search_path%3Ds")
        );
        assert_eq!(
            parse(&["--binary", "x", "--database-url", ""])?.database_url(),
            None
        );
        assert_eq!(
            parse(&["--binary", "x", "--database-url=  "])?.database_url(),
            None
        );
        Ok(())
    }

    #[test]
    fn errors() {
        let kind = |v: &[&str]| parse(v).err().map(|e| e.kind());
        assert_eq!(
            kind(&["--orders", "5"]),
            Some(ErrorKind::MissingRequiredArgument)
        );
        assert_eq!(
            kind(&["--binary", "x", "--nope"]),
            Some(ErrorKind::UnknownArgument)
        );
        for bad in [
            ["--events-per-order", "0"],
            ["--orders", "0"],
            ["--orders", "1000000001"],
            ["--connections", "0"],
            ["--connections", "lots"],
        ] {
            assert_eq!(
                kind(&["--binary", "x", bad[0], bad[1]]),
                Some(ErrorKind::ValueValidation),
                "{bad:?}"
            );
        }
        assert!(parse(&["--binary", "x", "--orders", "1000000000"]).is_ok());
        assert_eq!(kind(&["--help"]), Some(ErrorKind::DisplayHelp));
    }

    #[test]
    fn body_checks() {
        let accepted = status_is("accepted");
        assert!(accepted(br#"{"status":"accepted","inbound_id":"x"}"#).is_ok());
        assert!(accepted(br#"{"status":"duplicate"}"#).is_err());
        assert!(accepted(b"nope").is_err());
    }
}
