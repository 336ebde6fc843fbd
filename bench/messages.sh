#!/usr/bin/env bash
# Message benchmark: builds aftercare and the harness in release mode, seeds a SQLite file with
# orders whose parcels have a label but have not moved, starts `aftercare serve` on 127.0.0.1 with
# an SMTP sink in the harness's process as its mail server, then moves every parcel to "in
# transit" through the API and measures "shipped" emails end to end (claim, render, send, record)
# until the sink has them all, next to lettre alone sending the same messages over the same kind of
# pool to the same sink in the same run, and the floor: those sends with only a durable record before
# and after each (a minimal table, the engine's group commit). SQLite only. Extra arguments go to
# bench-messages:
#   bench/messages.sh --orders 10000 --connections 32 --concurrency 32 --poll-interval-ms 50
#   bench/messages.sh --mode live   # events and messages at once, from the first event
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release -p aftercare -p aftercare-bench
exec target/release/bench-messages --binary target/release/aftercare "$@"
