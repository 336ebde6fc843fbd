#!/usr/bin/env bash
# Ingest load benchmark: builds aftercare and the harness in release mode, then upserts orders
# through the API of `aftercare serve` on 127.0.0.1 from a second process, next to a raw batched
# SQLite insert of the same rows. Extra arguments go to bench-ingest:
#   bench/ingest.sh --orders 50000 --connections 64 --warmup 2000 --batch 1000
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p aftercare -p aftercare-bench
exec target/release/bench-ingest --binary target/release/aftercare "$@"
