//! `bench-ingest`: order upserts through the API of a release `aftercare serve` on loopback, driven
//! from this (second) process, next to a raw batched SQLite insert of the same rows in the same
//! run. Run it with `bench/ingest.sh`, which builds both in release mode first.

use aftercare_bench::load::{self, LoadSpec, LoadStats, ms};
use aftercare_bench::orders::OrderRow;
use aftercare_bench::raw::{self, RawStats};
use aftercare_bench::server::{self, ScratchDir, Server, ServerConfig};
use anyhow::{Context, bail};
use reqwest::StatusCode;
use std::path::PathBuf;
use std::sync::Arc;

const USAGE: &str =
    "usage: bench-ingest --binary PATH [--orders N] [--connections C] [--warmup N] [--batch B]

  --binary PATH      the aftercare binary to benchmark (a release build)
  --orders N         measured order upserts (default 20000)
  --connections C    concurrent HTTP connections (default 32)
  --warmup N         unmeasured upserts first (default 1000)
  --batch B          orders per transaction in the raw SQLite reference (default 1000)";

#[derive(Debug)]
struct Args {
    binary: PathBuf,
    orders: usize,
    connections: usize,
    warmup: usize,
    batch: usize,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> anyhow::Result<Option<Args>> {
    let mut binary = None;
    let (mut orders, mut connections, mut warmup, mut batch) = (20_000, 32, 1_000, 1_000);
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg, None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || -> anyhow::Result<String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it
                    .next()
                    .with_context(|| format!("{flag} needs a value\n\n{USAGE}")),
            }
        };
        let number = |v: String| -> anyhow::Result<usize> {
            v.parse()
                .with_context(|| format!("{flag} wants a whole number, not {v:?}"))
        };
        match flag.as_str() {
            "--binary" => binary = Some(PathBuf::from(value()?)),
            "--orders" => orders = number(value()?)?,
            "--connections" => connections = number(value()?)?,
            "--warmup" => warmup = number(value()?)?,
            "--batch" => batch = number(value()?)?,
            other => bail!("unknown argument {other:?}\n\n{USAGE}"),
        }
    }
    let Some(binary) = binary else {
        bail!("--binary is required\n\n{USAGE}");
    };
    if orders == 0 || connections == 0 || batch == 0 {
        bail!("--orders, --connections and --batch must be at least 1");
    }
    Ok(Some(Args {
        binary,
        orders,
        connections,
        warmup,
        batch,
    }))
}

/// `count` upserts of fresh orders `<prefix>-<i>`, each expected to answer 201 Created.
async fn upsert_orders(
    client: &reqwest::Client,
    server: &Server,
    api_key: &str,
    prefix: &str,
    count: usize,
    connections: usize,
) -> anyhow::Result<LoadStats> {
    let requests: Arc<Vec<(String, Vec<u8>)>> = Arc::new(
        OrderRow::generate_many(prefix, count)
            .iter()
            .map(|o| {
                (
                    format!("{}/api/v1/orders/{}", server.base, o.external_id),
                    o.body_bytes(),
                )
            })
            .collect(),
    );
    let auth = format!("Bearer {api_key}");
    let spec = LoadSpec::new(count, connections, StatusCode::CREATED);
    load::run_load(client, &spec, move |client, i| {
        let (url, body) = &requests[i];
        client
            .put(url)
            .header(reqwest::header::AUTHORIZATION, &auth)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
    })
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

fn report(args: &Args, api: &LoadStats, raw: &RawStats, stored: i64) {
    let ratio = api.rate() / raw.rate();
    let raw_label = format!("raw batched SQLite insert ({}/tx):", raw.batch);
    println!();
    println!(
        "ingest benchmark: {} orders, {} connections, release build, SQLite, loopback",
        api.requests, api.connections
    );
    println!(
        "  {:<40} {:>8.0} orders/s   p50 {} ms   p99 {} ms",
        "API upsert (PUT /api/v1/orders/{id}):",
        api.rate(),
        ms(api.percentile(0.50)),
        ms(api.percentile(0.99)),
    );
    println!("  {raw_label:<40} {:>8.0} orders/s", raw.rate());
    println!("  {:<40} {ratio:>8.3}", "ratio API / raw:");
    println!(
        "  (API: {:.2} s wall, mean {} ms, max {} ms, {} errors, {} warm-up upserts before, \
         {stored} measured orders in the server's database; raw: {:.3} s)",
        api.wall.as_secs_f64(),
        ms(api.mean()),
        ms(api.max()),
        api.errors,
        args.warmup,
        raw.elapsed.as_secs_f64()
    );
}

async fn run(args: Args) -> anyhow::Result<()> {
    let scratch = ScratchDir::new("aftercare-bench")?;
    let cfg = ServerConfig::new(&args.binary, scratch.path())?;
    eprintln!(
        "bench-ingest: {} in {}",
        cfg.binary.display(),
        scratch.path().display()
    );

    let shop = server::create_shop(&cfg, "Bench")?;
    let srv = Server::start(&cfg)?;
    eprintln!(
        "bench-ingest: server pid {} at {}, shop {}",
        srv.pid(),
        srv.base,
        shop.slug
    );
    let client = load::client(args.connections)?;

    if args.warmup > 0 {
        eprintln!("bench-ingest: warm-up, {} upserts", args.warmup);
        let w = upsert_orders(
            &client,
            &srv,
            &shop.api_key,
            "W",
            args.warmup,
            args.connections,
        )
        .await?;
        check(&w, "warm-up")?;
    }

    eprintln!(
        "bench-ingest: measuring {} upserts over {} connections",
        args.orders, args.connections
    );
    let api = upsert_orders(
        &client,
        &srv,
        &shop.api_key,
        "B",
        args.orders,
        args.connections,
    )
    .await?;
    check(&api, "measured run")?;
    let stored = raw::count_orders(&cfg.database, "B-")?;
    drop(client);
    drop(srv);
    if stored as usize != args.orders {
        bail!(
            "the server stored {stored} measured orders, expected {}",
            args.orders
        );
    }

    eprintln!(
        "bench-ingest: raw SQLite reference, {} orders in transactions of {}",
        args.orders, args.batch
    );
    let rows = OrderRow::generate_many("B", args.orders);
    let raw_stats = {
        let path = scratch.path().join("raw.sqlite");
        tokio::task::spawn_blocking(move || raw::insert_orders(&path, &rows, args.batch)).await??
    };

    report(&args, &api, &raw_stats, stored);
    Ok(())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    let Some(args) = parse_args(std::env::args().skip(1))? else {
        println!("{USAGE}");
        return Ok(());
    };
    run(args).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: &[&str]) -> anyhow::Result<Option<Args>> {
        parse_args(v.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags() -> anyhow::Result<()> {
        let a = parse(&["--binary", "x", "--orders=5", "--connections", "2"])?.context("parsed")?;
        assert_eq!(a.binary, PathBuf::from("x"));
        assert_eq!(
            (a.orders, a.connections, a.warmup, a.batch),
            (5, 2, 1000, 1000)
        );
        assert!(parse(&["--orders", "5"]).is_err());
        assert!(parse(&["--binary", "x", "--nope"]).is_err());
        assert!(parse(&["--binary", "x", "--orders", "many"]).is_err());
        assert!(parse(&["--help"])?.is_none());
        Ok(())
    }
}
