//! `bench-admin`: the admin's order list, search and pages at a million orders, against a release
//! `aftercare serve` on loopback (SQLite). Run it with `bench/admin.sh`.
//!
//! Setup (not measured): a shop and an owner made with the CLI, then `--orders` orders written
//! straight into the SQLite file (customers with names in five languages, a GLS parcel each with
//! its events); then some parcels are made late, some have a problem, some orders are delivered.
//! The benchmark signs in like a browser (sign-in form, session cookie).
//!
//! Measured: each admin request `--requests` times in a row, one at a time (what a person waits
//! for), after a short warm-up: the first page, a page deep in the list, searches by order number,
//! email, tracking number and name, filters by stage, carrier and "trending late", an order page
//! and the home page. Reference, same server and run: the buyer's tracking page of one order (the
//! hot read path). Printed: p50 and p99 per request, and the reference's p50 divided by each.

use aftercare_bench::cli::at_least_one;
use aftercare_bench::load::percentile;
use aftercare_bench::seed::{order_number, seed, tracking_number};
use aftercare_bench::server::{self, ScratchDir, Server, ServerConfig};
use anyhow::{Context, bail};
use clap::Parser;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The target: a merchant finds any order in a second; every list and search page well under that.
const TARGET_P99: Duration = Duration::from_millis(200);

#[derive(Debug, Parser)]
#[command(
    name = "bench-admin",
    after_help = "Usually run through bench/admin.sh."
)]
struct Args {
    /// The aftercare binary to benchmark (a release build)
    #[arg(long, value_name = "PATH")]
    binary: PathBuf,
    /// Orders seeded into the database
    #[arg(long, value_name = "N", default_value_t = 1_000_000, value_parser = at_least_one)]
    orders: usize,
    /// Requests per measured page (one at a time)
    #[arg(long, value_name = "R", default_value_t = 40, value_parser = at_least_one)]
    requests: usize,
}

const PASSWORD: &str = "bench admin passphrase";

/// A signed-in browser: the session cookie.
struct Session {
    client: reqwest::Client,
    base: String,
    cookie: String,
}

impl Session {
    async fn sign_in(base: &str, email: &str) -> anyhow::Result<Session> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let form = client.get(format!("{base}/admin/login")).send().await?;
        let pre = cookie_value(&form, "__Host-aftercare_pre").context("no sign-in form cookie")?;
        let body = serde_urlencoded::to_string([
            ("email", email),
            ("password", PASSWORD),
            ("pre", pre.as_str()),
        ])?;
        let r = client
            .post(format!("{base}/admin/login"))
            .header("cookie", format!("__Host-aftercare_pre={pre}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await?;
        if r.status() != reqwest::StatusCode::SEE_OTHER {
            bail!("sign-in answered {}", r.status());
        }
        let session = cookie_value(&r, "__Host-aftercare_session").context("no session cookie")?;
        Ok(Session {
            client,
            base: base.to_string(),
            cookie: format!("__Host-aftercare_session={session}"),
        })
    }

    /// One request; its time and the page.
    async fn get(&self, path: &str) -> anyhow::Result<(Duration, String)> {
        let started = Instant::now();
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await?;
        let status = r.status();
        let body = r.text().await?;
        let took = started.elapsed();
        if !status.is_success() {
            bail!("GET {path}: {status}");
        }
        Ok((took, body))
    }
}

fn cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

struct Measured {
    what: String,
    /// The first request (nothing cached by the server or the database's page cache for it).
    first: Duration,
    p50: Duration,
    p99: Duration,
    bytes: usize,
}

async fn measure(
    s: &Session,
    what: &str,
    path: &str,
    n: usize,
    must: Option<&str>,
) -> anyhow::Result<Measured> {
    let (first, page) = s.get(path).await?;
    if let Some(m) = must
        && !page.contains(m)
    {
        bail!("{what}: {path} does not show {m:?}");
    }
    for _ in 0..3 {
        s.get(path).await?;
    }
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        times.push(s.get(path).await?.0);
    }
    times.sort();
    Ok(Measured {
        what: what.to_string(),
        first,
        p50: percentile(&times, 0.50),
        p99: percentile(&times, 0.99),
        bytes: page.len(),
    })
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Spreads states over the seeded data: some parcels late, some with a problem, some orders
/// delivered, a tenth with another carrier and a thousandth with a rare one.
fn vary(path: &std::path::Path) -> anyhow::Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    conn.execute_batch(
        "PRAGMA synchronous=OFF;
         UPDATE shipments SET trending_late = 1 WHERE rowid % 50 = 0;
         UPDATE shipments SET tag = 'Exception' WHERE rowid % 211 = 0;
         UPDATE shipments SET carrier = 'dpd' WHERE rowid % 10 = 3;
         UPDATE shipments SET carrier = 'foxpost' WHERE rowid % 1000 = 7;
         UPDATE orders SET stage = 'delivered' WHERE rowid % 3 = 0;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )?;
    Ok(())
}

async fn run(args: Args) -> anyhow::Result<()> {
    let scratch = ScratchDir::new("aftercare-bench-admin")?;
    let mut cfg = ServerConfig::new(&args.binary, scratch.path())?;
    cfg.extra_env
        .push(("AFTERCARE_JOBS__ENABLED".into(), "false".into()));
    let shop = server::create_shop(&cfg, "Admin Bench")?;
    server::create_user(&cfg, &shop.slug, "owner@bench.example", "owner", PASSWORD)?;
    eprintln!(
        "bench-admin: seeding {} orders into {}",
        args.orders,
        cfg.database.display()
    );
    let seeded = seed(&cfg.database, &shop.id, args.orders, 2)?;
    vary(&cfg.database)?;
    eprintln!(
        "bench-admin: seeded in {:.1} s ({:.0} MB); starting the server",
        seeded.elapsed.as_secs_f64(),
        seeded.bytes as f64 / 1e6
    );
    let srv = Server::start(&cfg)?;
    let s = Session::sign_in(&srv.base, "owner@bench.example").await?;
    // Deep in the list: follow "next page" links.
    let mut deep = "/admin/orders".to_string();
    for _ in 0..20 {
        let (_, page) = s.get(&deep).await?;
        let Some(i) = page
            .find("rel=\"next\"")
            .and_then(|_| page.find("href=\"/admin/orders?"))
        else {
            break;
        };
        let rest = &page[i + 6..];
        deep = rest[..rest.find('"').unwrap_or(0)].replace("&amp;", "&");
    }
    let mid = args.orders / 2;
    let number = order_number(mid);
    let order_id = {
        let conn = rusqlite::Connection::open(&cfg.database)?;
        conn.query_row(
            "SELECT id FROM orders WHERE order_number = ?1",
            [&number],
            |r| r.get::<_, String>(0),
        )?
    };
    let n = args.requests;
    let enc = |q: &str| serde_urlencoded::to_string([("q", q)]).unwrap_or_default();
    let token = &seeded.tokens[mid];
    let reference = measure(
        &s,
        "buyer tracking page (reference)",
        &format!("/t/{token}"),
        n,
        None,
    )
    .await?;
    let mut rows = Vec::new();
    for (what, path, must) in [
        ("orders, first page", "/admin/orders".to_string(), None),
        ("orders, page 21 (cursor)", deep.clone(), None),
        (
            "search: order number",
            format!("/admin/orders?{}", enc(&number)),
            Some(number.clone()),
        ),
        (
            "search: email",
            format!("/admin/orders?{}", enc(&format!("buyer{mid}@example.com"))),
            Some(number.clone()),
        ),
        (
            "search: tracking number",
            format!("/admin/orders?{}", enc(&tracking_number(mid))),
            Some(number.clone()),
        ),
        (
            "search: last name prefix (200 of many)",
            format!("/admin/orders?{}", enc("Virt")),
            None,
        ),
        (
            "filter: stage delivered",
            "/admin/orders?stage=delivered".into(),
            None,
        ),
        (
            "filter: carrier dpd (a tenth)",
            "/admin/orders?carrier=dpd".into(),
            None,
        ),
        (
            "filter: carrier foxpost (a thousandth)",
            "/admin/orders?carrier=foxpost".into(),
            None,
        ),
        ("filter: trending late", "/admin/orders?late=1".into(), None),
        (
            "filter: late + dpd + delivered",
            "/admin/orders?late=1&carrier=dpd&stage=delivered".into(),
            None,
        ),
        (
            "order page",
            format!("/admin/orders/{order_id}"),
            Some(number.clone()),
        ),
        ("home (the shop's pulse)", "/admin".into(), None),
    ] {
        rows.push(
            measure(&s, what, &path, n, must.as_deref())
                .await
                .with_context(|| what.to_string())?,
        );
    }
    println!();
    println!(
        "admin benchmark: release build, sqlite, loopback, {} orders, one request at a time, {n} measured per page",
        args.orders
    );
    println!(
        "{:<44} {:>9} {:>9} {:>9} {:>9}  reference p50 / page p50",
        "page", "first ms", "p50 ms", "p99 ms", "KB"
    );
    let line = |m: &Measured| {
        println!(
            "{:<44} {:>9} {:>9} {:>9} {:>9.1}  {:.2}",
            m.what,
            ms(m.first),
            ms(m.p50),
            ms(m.p99),
            m.bytes as f64 / 1024.0,
            reference.p50.as_secs_f64() / m.p50.as_secs_f64().max(1e-9)
        )
    };
    line(&reference);
    let mut worst = Duration::ZERO;
    for m in &rows {
        line(m);
        worst = worst.max(m.p99);
    }
    println!(
        "worst p99 {} ms (target < {} ms: {})",
        ms(worst),
        TARGET_P99.as_millis(),
        if worst < TARGET_P99 { "met" } else { "MISSED" }
    );
    drop(srv);
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(run(args))
}
