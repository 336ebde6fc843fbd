#!/usr/bin/env bash
# Delivery-estimate accuracy benchmark: builds the harness in release mode, then replays a seeded,
# simulated year of a shop's parcels in shipping order through aftercare_domain::estimate and
# reports the mean absolute error and hit rate of its windows, per basis, next to the rule
# "2–4 business days" measured on the same parcels. Extra arguments go to bench-estimate:
#   bench/estimate.sh --seed 7 --per-day 250 --year 2026
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p aftercare-bench
exec target/release/bench-estimate "$@"
