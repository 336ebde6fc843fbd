#!/usr/bin/env bash
# The PostgreSQL floor under webhook ingest: how many carrier events per second PostgreSQL itself
# can store on this machine when nobody else uses it (no HTTP, no signature check, no JSON, no
# aftercare process at all), with aftercare's own schema and indexes. pgbench runs transactions of
# set-based statements, each storing BATCH events as three row writes apiece — the least any design
# must write for a tracking event it acknowledges as stored:
#   - the raw delivery (inbound_events, a 1,130-byte payload, as big as the benchmark's),
#   - the timeline entry (shipment_events),
#   - the parcel's new status (shipments: tag, tag_at, updated_at).
# aftercare's real batch writes more per event (the order's stage when it changes, message and
# outbound-webhook jobs, the estimate): this is a ceiling for bench/webhooks.sh on PostgreSQL, not
# a target. Needs psql and pgbench (Debian's postgresql-client).
#   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test bench/pg-floor.sh [SECONDS] [CLIENTS]
# A fresh schema is made with `aftercare migrate`, seeded with one shop and 8,192 orders with one
# parcel each, measured at batches of 32 (the ingest lanes' usual batch under load), 128 and 512
# (their largest), and dropped afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
seconds=${1:-15}
clients=${2:-4}
parcels=8192
cargo build --release -p aftercare
schema="ingest_floor_$$"
psql "$url" -qc "CREATE SCHEMA $schema"
trap 'psql "$url" -qc "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE"' EXIT
sep='?'
[[ $url == *\?* ]] && sep='&'
target/release/aftercare --database-url "${url}${sep}options=-c%20search_path%3D${schema}" migrate >/dev/null 2>&1
psql "$url" -q -v ON_ERROR_STOP=1 <<SQL
SET search_path = $schema;
INSERT INTO shops (id, slug, name, default_locale, time_zone, created_at, updated_at)
VALUES ('floor-shop', 'floor', 'Floor', 'en', 'Europe/Budapest', 0, 0);
INSERT INTO orders (id, shop_id, external_id, order_number, status, stage, currency, total_minor, placed_at, tracking_token, content_hash, created_at, updated_at)
SELECT 'O' || lpad(n::text, 25, '0'), 'floor-shop', n::text, '#' || n, 'open', 'shipped', 'EUR', 1000, 0, 'T' || n, '', 0, 0
FROM generate_series(0, $parcels - 1) n;
INSERT INTO shipments (id, shop_id, order_id, carrier, tracking_number, delivery_method, tag, tag_at, created_at, updated_at)
SELECT 'S' || lpad(n::text, 25, '0'), 'floor-shop', 'O' || lpad(n::text, 25, '0'), 'gls', 'GLS' || n, 'courier', 'InTransit', 0, 0, 0
FROM generate_series(0, $parcels - 1) n;
CREATE TABLE floor_parcels AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, shop_id, order_id FROM shipments;
CREATE UNIQUE INDEX ON floor_parcels (n);
-- Keys in insertion order, like aftercare's time-ordered ids.
CREATE SEQUENCE floor_seq;
ANALYZE;
SQL
script=$(mktemp)
trap 'rm -f "$script"; psql "$url" -qc "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE"' EXIT
for batch in 32 128 512; do
  key="'F' || lpad(nextval('floor_seq')::text, 25, '0')"
  parcels_of_batch="FROM floor_parcels f WHERE f.n >= :b * $batch AND f.n < (:b + 1) * $batch"
  cat >"$script" <<SQL
\set b random(0, $((parcels / batch - 1)))
BEGIN;
INSERT INTO inbound_events (id, shop_id, source, delivery_id, topic, meta, payload, state, received_at, processed_at, order_id) SELECT $key, f.shop_id, 'shopify', $key, 'fulfillment_events/create', '{"api_version":"2025-07","event_id":"989f93c8-8dd3-4471-8002-000000000022","shop_domain":"aftercare-bench.myshopify.com","triggered_at":1795309548000,"webhook_id":"989f93c8-8dd3-4471-8001-000000000022"}', repeat('p', 1130), 'processed', 1, 1, f.order_id $parcels_of_batch;
INSERT INTO shipment_events (id, shop_id, shipment_id, tag, subtag, message, location, occurred_at, source, dedupe_key, created_at) SELECT $key, f.shop_id, f.id, 'InTransit', NULL, 'In transit', 'Budapest', 1, 'shopify', $key, 1 $parcels_of_batch;
UPDATE shipments s SET tag = CASE WHEN s.tag = 'InTransit' THEN 'OutForDelivery' ELSE 'InTransit' END, tag_at = s.tag_at + 1, updated_at = s.updated_at + 1 FROM floor_parcels f WHERE f.n >= :b * $batch AND f.n < (:b + 1) * $batch AND s.id = f.id;
COMMIT;
SQL
  read -r _ u0 n0 s0 i0 w0 q0 sq0 st0 _ </proc/stat
  out=$(PGOPTIONS="-c search_path=$schema" pgbench "$url" -n -c "$clients" -j 2 -T "$seconds" -f "$script" 2>&1)
  read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ </proc/stat
  busy=$(((u1 - u0) + (n1 - n0) + (s1 - s0) + (q1 - q0) + (sq1 - sq0)))
  all=$((busy + (i1 - i0) + (w1 - w0) + (st1 - st0)))
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out")
  latency=$(sed -n 's/^latency average = \(.*\)$/\1/p' <<<"$out")
  if [[ -z $tps ]]; then
    echo "$out" >&2
    exit 1
  fi
  awk -v tps="$tps" -v b="$batch" -v c="$clients" -v s="$seconds" -v l="$latency" -v busy="$busy" -v all="$all" 'BEGIN {
    printf "PostgreSQL alone, %d events per transaction, %d clients, %d s: %.0f events/s (%.1f transactions/s, %s each; the machine %.0f%% busy)\n", b, c, s, tps * b, tps, l, 100 * busy / all }'
done
echo "(three row writes per event, aftercare's schema and indexes; bench/webhooks.sh on PostgreSQL cannot go faster than this, and its target is 15,000 events/s)"
