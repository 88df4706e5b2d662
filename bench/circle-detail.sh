#!/usr/bin/env bash
# p50/p99 and requests/s of GET /circles/{name} for a circle of 20 members at 64 concurrent clients (auth and rate
# limiting on, limits raised).
#
#   bench/circle-detail.sh [concurrency=64] [seconds=20] [warmup-seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

CONCURRENCY="${1:-64}"
SECONDS_MEASURED="${2:-20}"
WARMUP="${3:-15}"

start_server gathering_bench_circles "$RESULTS/circle-detail-server.log"
api POST /circles '{"name":"bench","require_review":true,"auto_route":false}' >/dev/null
for i in $(seq 1 20); do
  id=$(api POST /agents "{\"persona\":{\"name\":\"Member $i\",\"role\":\"engineer\"},\"config\":{\"provider\":\"local\",\"competencies\":[\"java\",\"sql\"]}}" \
    | sed -E 's/^\{"id":([0-9]+).*/\1/')
  api POST /circles/bench/agents "{\"agent_id\":$id,\"competencies\":[\"java\"],\"can_review\":[\"all\"]}" >/dev/null
done
echo "GatheRing GET /circles/bench (20 members), $CONCURRENCY connections, ${WARMUP}s warm-up, ${SECONDS_MEASURED}s measured"
RESULT=$(load /circles/bench "$CONCURRENCY" "$WARMUP" "$SECONDS_MEASURED")
echo "  $RESULT"
{ date -u +"%Y-%m-%dT%H:%M:%SZ"; echo "circle_detail_20_members $RESULT"; } >>"$RESULTS/circle-detail.txt"
