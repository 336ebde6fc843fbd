#!/usr/bin/env bash
# Admin benchmark: builds aftercare and the harness in release mode, seeds a SQLite file with a
# million orders, signs in like a browser and times the order list, searches, filters, an order
# page and the home page, next to the buyer's tracking page of the same server. Extra arguments
# go to bench-admin:
#   bench/admin.sh --orders 200000 --requests 20
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p aftercare -p aftercare-bench
exec target/release/bench-admin --binary target/release/aftercare "$@"
