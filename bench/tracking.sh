#!/usr/bin/env bash
# Tracking-page benchmark: builds aftercare and the harness in release mode, seeds a SQLite file
# with shipped orders (each with a customer, two line items, a parcel in transit and its carrier
# events), then requests /t/{token} for random tokens from `aftercare serve` on 127.0.0.1 from a
# second process, next to the static sample page /t/example served by the same server in the same
# run. SQLite only. Extra arguments go to bench-tracking:
#   bench/tracking.sh --orders 100000 --events-per-order 8 --connections 64 --seconds 10
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p aftercare -p aftercare-bench
exec target/release/bench-tracking --binary target/release/aftercare "$@"
