//! `bench-tracking`: buyer tracking pages `/t/{token}` for random tokens over a seeded shop,
//! against a release `aftercare serve` on loopback, next to the static page `/t/example` (the
//! sample tracking page, rendered once and then served from memory) of about the same size,
//! served by the same server in the same run. Run it with `bench/tracking.sh`, which builds both
//! in release mode first.
//!
//! Setup (not measured): a shop made with the CLI (which also creates the schema), then
//! `--orders` shipped orders written straight into the SQLite file in large transactions before
//! the server starts — each with a customer, two line items, one GLS parcel in transit with a
//! delivery window in the future and `--events-per-order` carrier events. Languages and time
//! zones are spread over en, hu, fi, pl and tr.
//!
//! Load: [`rawhttp`](aftercare_bench::rawhttp), a bare keep-alive HTTP/1.1 client, on a tokio
//! runtime with one thread (as `wrk -t1`), `--connections` connections each in a closed loop;
//! a warm-up, then `--seconds` measured, first for tracking pages, then for the static page.

use aftercare_bench::cli::at_least_one;
use aftercare_bench::load::{LoadStats, ms};
use aftercare_bench::rawhttp::{self, Connection};
use aftercare_bench::seed::{Seeded, order_number, seed, tracking_number};
use aftercare_bench::server::{self, Cpu, ScratchDir, Server, ServerConfig};
use anyhow::{Context, bail};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Targets from the issue, on the 2-core machine with SQLite.
const TARGET_RATE: f64 = 20_000.0;
const TARGET_P99: Duration = Duration::from_millis(10);
const TARGET_RATIO: f64 = 0.18;

/// Tracking pages /t/{token} for random tokens over many seeded orders against a release
/// `aftercare serve` on 127.0.0.1 (SQLite), next to the static sample page /t/example served by
/// the same server in the same run.
#[derive(Debug, Parser)]
#[command(
    name = "bench-tracking",
    after_help = "Usually run through bench/tracking.sh, which builds both in release mode and \
                  passes --binary."
)]
struct Args {
    /// The aftercare binary to benchmark (a release build)
    #[arg(long, value_name = "PATH")]
    binary: PathBuf,
    /// Shipped orders seeded into the database (at most 10000000)
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = order_count)]
    orders: usize,
    /// Carrier events per order's parcel (1–100)
    #[arg(long, value_name = "K", default_value_t = 8, value_parser = event_count)]
    events_per_order: usize,
    /// Concurrent keep-alive connections
    #[arg(long, value_name = "C", default_value_t = 64, value_parser = at_least_one)]
    connections: usize,
    /// Measured seconds per page
    #[arg(long, value_name = "S", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    seconds: u64,
    /// Warm-up seconds before each measured run (not counted)
    #[arg(long, value_name = "S", default_value_t = 2, value_parser = clap::value_parser!(u64).range(0..=600))]
    warmup: u64,
}

/// `--orders`: at least 1, at most 10000000.
fn order_count(s: &str) -> Result<usize, String> {
    match at_least_one(s)? {
        n if n > 10_000_000 => Err("at most 10000000".to_string()),
        n => Ok(n),
    }
}

/// `--events-per-order`: 1 to 100.
fn event_count(s: &str) -> Result<usize, String> {
    match at_least_one(s)? {
        n if n > 100 => Err("at most 100".to_string()),
        n => Ok(n),
    }
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/// One page's measured run.
struct Run {
    stats: LoadStats,
    cpu: Cpu,
}

/// A warm-up (discarded), then a measured run with CPU accounting.
async fn measure(
    conns: &mut Vec<Connection>,
    paths: Arc<Vec<String>>,
    srv: &Server,
    args: &Args,
    what: &str,
) -> anyhow::Result<Run> {
    if args.warmup > 0 {
        eprintln!("bench-tracking: {what}: warm-up {} s", args.warmup);
        let w = rawhttp::run_for(conns, paths.clone(), Duration::from_secs(args.warmup)).await?;
        if w.errors > 0 {
            report_errors(&w, &format!("{what} (warm-up)"));
        }
    }
    eprintln!(
        "bench-tracking: {what}: measuring {} s over {} connections",
        args.seconds,
        conns.len()
    );
    let before = Cpu::now(srv.pid());
    let stats = rawhttp::run_for(conns, paths, Duration::from_secs(args.seconds)).await?;
    let cpu = Cpu::now(srv.pid()).since(before);
    Ok(Run { stats, cpu })
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

/// GET one page on a fresh connection: 200, and its body.
async fn fetch(addr: SocketAddr, path: &str) -> anyhow::Result<Vec<u8>> {
    let mut c = Connection::connect(addr).await?;
    let r = c.get(path).await.with_context(|| format!("GET {path}"))?;
    let body = c.body().to_vec();
    if r.status != 200 {
        bail!(
            "GET {path}: {} {}",
            r.status,
            String::from_utf8_lossy(&body[..body.len().min(300)])
        );
    }
    Ok(body)
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

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

fn one_decimal_ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

struct Report<'a> {
    args: &'a Args,
    tracking: &'a Run,
    fixed: &'a Run,
    tracking_bytes: usize,
    static_bytes: usize,
    seeded: &'a Seeded,
}

fn print_report(r: &Report) {
    let (t, s) = (&r.tracking.stats, &r.fixed.stats);
    let ratio = t.rate() / s.rate().max(f64::MIN_POSITIVE);
    let p99 = t.percentile(0.99);
    let met = |ok: bool| if ok { "met" } else { "MISSED" };
    let line = |label: String, st: &LoadStats, bytes: usize| {
        println!(
            "{label:<56} {:>8} req/s  p50 {} ms  p99 {} ms  (page {} B)",
            thousands(st.rate().round() as u64),
            one_decimal_ms(st.percentile(0.50)),
            one_decimal_ms(st.percentile(0.99)),
            thousands(bytes as u64),
        )
    };
    println!();
    println!(
        "tracking-page benchmark: release build, sqlite, loopback, {} connections, load generator \
         on 1 thread, {} s measured after {} s warm-up",
        t.connections, r.args.seconds, r.args.warmup
    );
    line(
        format!(
            "tracking page (/t/{{token}}, {} orders × {} events):",
            r.args.orders, r.args.events_per_order
        ),
        t,
        r.tracking_bytes,
    );
    line(
        "static page  (/t/example, same server):".into(),
        s,
        r.static_bytes,
    );
    println!(
        "ratio tracking/static: {ratio:.2}   (targets: ≥ 20,000 req/s, p99 < 10 ms, ratio ≥ 0.18 \
         — rate {}, p99 {}, ratio {})",
        met(t.rate() >= TARGET_RATE),
        met(p99 < TARGET_P99),
        met(ratio >= TARGET_RATIO),
    );
    for (name, run) in [("tracking", r.tracking), ("static", r.fixed)] {
        let st = &run.stats;
        println!(
            "  ({name}: {} requests in {:.2} s, {} errors, mean {} ms, max {} ms, {})",
            thousands(st.requests as u64),
            st.wall.as_secs_f64(),
            st.errors,
            ms(st.mean()),
            ms(st.max()),
            run.cpu.describe(st.wall, "load generator"),
        );
    }
    let size_ratio = r.tracking_bytes as f64 / r.static_bytes.max(1) as f64;
    if !(0.7..=1.3).contains(&size_ratio) {
        println!(
            "  note: the pages differ in size by more than 30% (tracking/static = {size_ratio:.2})"
        );
    }
    println!(
        "  (seeding: {} orders, {} customers, {} line items, {} parcels, {} events in {:.1} s \
         straight into SQLite; database {:.0} MB)",
        thousands(r.args.orders as u64),
        thousands(r.args.orders as u64),
        thousands(2 * r.args.orders as u64),
        thousands(r.args.orders as u64),
        thousands((r.args.orders * r.args.events_per_order) as u64),
        r.seeded.elapsed.as_secs_f64(),
        r.seeded.bytes as f64 / 1e6,
    );
}

fn run(args: Args) -> anyhow::Result<()> {
    let scratch = ScratchDir::new("aftercare-bench-tracking")?;
    let mut cfg = ServerConfig::new(&args.binary, scratch.path())?;
    cfg.extra_env
        .push(("AFTERCARE_JOBS__ENABLED".into(), "false".into()));
    eprintln!(
        "bench-tracking: {} in {}, sqlite",
        cfg.binary.display(),
        scratch.path().display()
    );

    // The CLI creates the schema (all migrations) along with the shop.
    let shop = server::create_shop(&cfg, "Tracking Bench")?;
    eprintln!(
        "bench-tracking: seeding {} orders × {} events into {}",
        args.orders,
        args.events_per_order,
        cfg.database.display()
    );
    let seeded = seed(&cfg.database, &shop.id, args.orders, args.events_per_order)?;
    eprintln!(
        "bench-tracking: seeded in {:.1} s ({:.0} MB)",
        seeded.elapsed.as_secs_f64(),
        seeded.bytes as f64 / 1e6
    );

    let srv = Server::start(&cfg)?;
    let addr: SocketAddr = srv
        .base
        .strip_prefix("http://")
        .unwrap_or(&srv.base)
        .parse()
        .with_context(|| format!("server address {:?}", srv.base))?;
    eprintln!("bench-tracking: server pid {} at {}", srv.pid(), srv.base);

    // The load generator gets one thread, like `wrk -t1`.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the load generator's runtime")?;
    let (tracking, fixed, tracking_bytes, static_bytes) = rt.block_on(async {
        let page = fetch(addr, &format!("/t/{}", seeded.tokens[0])).await?;
        for want in [order_number(0), tracking_number(0)] {
            if !contains(&page, &want) {
                bail!("the tracking page of order 0 does not show {want:?}");
            }
        }
        let example = fetch(addr, "/t/example").await?;
        eprintln!(
            "bench-tracking: /t/{{token}} is {} bytes, /t/example {} bytes",
            page.len(),
            example.len()
        );

        let mut conns = rawhttp::connect_all(addr, args.connections).await?;
        let token_paths: Arc<Vec<String>> =
            Arc::new(seeded.tokens.iter().map(|t| format!("/t/{t}")).collect());
        let tracking = measure(&mut conns, token_paths, &srv, &args, "tracking pages").await?;
        let fixed = measure(
            &mut conns,
            Arc::new(vec!["/t/example".to_string()]),
            &srv,
            &args,
            "static page",
        )
        .await?;
        Ok((tracking, fixed, page.len(), example.len()))
    })?;
    drop(rt);
    drop(srv);

    print_report(&Report {
        args: &args,
        tracking: &tracking,
        fixed: &fixed,
        tracking_bytes,
        static_bytes,
        seeded: &seeded,
    });
    for (run, what) in [(&tracking, "tracking pages"), (&fixed, "static page")] {
        if run.stats.errors > 0 {
            report_errors(&run.stats, what);
            bail!("{what}: {} errors", run.stats.errors);
        }
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
        Args::try_parse_from(std::iter::once("bench-tracking").chain(v.iter().copied()))
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
                a.events_per_order,
                a.connections,
                a.seconds,
                a.warmup
            ),
            (100_000, 8, 64, 10, 2)
        );
        let a = parse(&[
            "--binary=x",
            "--orders",
            "5",
            "--events-per-order=3",
            "--connections",
            "2",
            "--seconds",
            "1",
            "--warmup",
            "0",
        ])?;
        assert_eq!(
            (
                a.orders,
                a.events_per_order,
                a.connections,
                a.seconds,
                a.warmup
            ),
            (5, 3, 2, 1, 0)
        );
        let kind = |v: &[&str]| parse(v).err().map(|e| e.kind());
        assert_eq!(kind(&[]), Some(ErrorKind::MissingRequiredArgument));
        for bad in [
            ["--orders", "0"],
            ["--orders", "10000001"],
            ["--events-per-order", "101"],
            ["--connections", "0"],
            ["--seconds", "0"],
        ] {
            assert_eq!(
                kind(&["--binary", "x", bad[0], bad[1]]),
                Some(ErrorKind::ValueValidation),
                "{bad:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(23_456_789), "23,456,789");
        assert_eq!(tracking_number(0).len(), 14);
    }

    #[test]
    fn seeds_into_the_real_schema() -> anyhow::Result<()> {
        let dir = ScratchDir::new("aftercare-bench-tracking-test")?;
        let path = dir.path().join("t.sqlite");
        aftercare_bench::raw::create_schema(&path)?;
        let conn = rusqlite::Connection::open(&path)?;
        conn.execute(
            "INSERT INTO shops (id, slug, name, default_locale, time_zone, created_at, updated_at) \
             VALUES ('s1', 's1', 'S', 'en', 'UTC', 0, 0)",
            [],
        )?;
        drop(conn);
        let s = seed(&path, "s1", 12, 8)?;
        assert_eq!(s.tokens.len(), 12);
        assert!(s.tokens.iter().all(|t| t.len() == 22));
        let conn = rusqlite::Connection::open(&path)?;
        // Events of one parcel come in time order, and the last is in the past.
        let bad: i64 = conn.query_row(
            "SELECT count(*) FROM shipment_events a JOIN shipment_events b \
             ON a.shipment_id = b.shipment_id AND a.dedupe_key < b.dedupe_key \
             WHERE a.occurred_at >= b.occurred_at OR b.occurred_at > ?1",
            [aftercare_bench::now_millis()],
            |r| r.get(0),
        )?;
        assert_eq!(bad, 0);
        let locales: i64 =
            conn.query_row("SELECT count(DISTINCT locale) FROM orders", [], |r| {
                r.get(0)
            })?;
        assert_eq!(locales, 5);
        Ok(())
    }
}
