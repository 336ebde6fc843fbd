#!/usr/bin/env bash
# Webhook ingest benchmark: builds aftercare and the harness in release mode, then sends signed
# Shopify fulfillment_events/create webhooks to `aftercare serve` on 127.0.0.1 from a second
# process, next to the same server's /verify (signature check and parse only) with the same
# deliveries. Extra arguments go to bench-webhooks:
#   bench/webhooks.sh --orders 10000 --events-per-order 4 --connections 64
#
# On SQLite (the default) the server gets a scratch file. For PostgreSQL, either pass
# --database-url with an empty schema of your own, or set BENCH_PG_URL to a database this script
# may create a fresh schema in (with psql); the schema is dropped afterwards:
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test bench/webhooks.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p aftercare -p aftercare-bench
bench=(target/release/bench-webhooks --binary target/release/aftercare)

if [[ -z "${BENCH_PG_URL:-}" ]]; then
    exec "${bench[@]}" "$@"
fi

command -v psql >/dev/null || {
    echo "BENCH_PG_URL needs psql to create a schema; or pass --database-url yourself" >&2
    exit 2
}
schema="bench_webhooks_$$"
psql "$BENCH_PG_URL" -v ON_ERROR_STOP=1 -q -c "CREATE SCHEMA $schema"
trap 'psql "$BENCH_PG_URL" -q -c "SET client_min_messages = warning" \
    -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null' EXIT
sep='?'
[[ "$BENCH_PG_URL" == *\?* ]] && sep='&'
"${bench[@]}" --database-url "${BENCH_PG_URL}${sep}options=-c%20search_path%3D${schema}" "$@"
