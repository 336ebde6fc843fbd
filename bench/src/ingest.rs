//! `bench-ingest`: order upserts through the API of a release `aftercare serve` on loopback, driven
//! from this (second) process, next to a raw batched SQLite insert of the same rows in the same
//! run. Run it with `bench/ingest.sh`, which builds both in release mode first.

use aftercare_bench::cli::at_least_one;
use aftercare_bench::load::{self, LoadSpec, LoadStats, ms};
use aftercare_bench::orders::OrderRow;
use aftercare_bench::raw::{self, RawStats};
use aftercare_bench::server::{self, ScratchDir, Server, ServerConfig};
use anyhow::bail;
use clap::Parser;
use reqwest::StatusCode;
use std::path::PathBuf;
use std::sync::Arc;

/// Order upserts through the API of a release `aftercare serve` on 127.0.0.1, next to a raw
/// batched SQLite insert of the same rows.
#[derive(Debug, Parser)]
#[command(
    name = "bench-ingest",
    after_help = "Usually run through bench/ingest.sh, which builds both in release mode and \
                  passes --binary."
)]
struct Args {
    /// The aftercare binary to benchmark (a release build)
    #[arg(long, value_name = "PATH")]
    binary: PathBuf,
    /// Measured order upserts
    #[arg(long, value_name = "N", default_value_t = 20_000, value_parser = at_least_one)]
    orders: usize,
    /// Concurrent HTTP connections
    #[arg(long, value_name = "C", default_value_t = 32, value_parser = at_least_one)]
    connections: usize,
    /// Unmeasured upserts first
    #[arg(long, value_name = "N", default_value_t = 1_000)]
    warmup: usize,
    /// Orders per transaction in the raw SQLite reference
    #[arg(long, value_name = "B", default_value_t = 1_000, value_parser = at_least_one)]
    batch: usize,
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
    run(Args::parse()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use clap::error::ErrorKind;

    fn parse(v: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("bench-ingest").chain(v.iter().copied()))
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
            (a.orders, a.connections, a.warmup, a.batch),
            (20_000, 32, 1_000, 1_000)
        );
        Ok(())
    }

    #[test]
    fn flags() -> anyhow::Result<()> {
        let a = parse(&[
            "--binary=x",
            "--orders=5",
            "--connections",
            "2",
            "--warmup",
            "0",
            "--batch",
            "7",
        ])?;
        assert_eq!(a.binary, PathBuf::from("x"));
        assert_eq!((a.orders, a.connections, a.warmup, a.batch), (5, 2, 0, 7));
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
        assert_eq!(
            kind(&["--binary", "x", "--orders", "many"]),
            Some(ErrorKind::ValueValidation)
        );
        for flag in ["--orders", "--connections", "--batch"] {
            assert_eq!(
                kind(&["--binary", "x", flag, "0"]),
                Some(ErrorKind::ValueValidation),
                "{flag} 0"
            );
        }
        assert_eq!(kind(&["--binary"]), Some(ErrorKind::InvalidValue));
        assert_eq!(kind(&["--help"]), Some(ErrorKind::DisplayHelp));
    }
}
