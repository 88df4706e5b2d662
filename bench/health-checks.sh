#!/usr/bin/env bash
# Requests/s and p99 of GET /health/checks (auth and rate limiting on, limits raised so that the limiter's cost is
# measured rather than its refusals), next to raw PostgreSQL serving SELECT 1 through pgbench at the same
# concurrency, in the same run, on the same PostgreSQL server.
#
#   bench/health-checks.sh [concurrency=16] [seconds=20] [warmup-seconds=15]
#
# Needs a PostgreSQL server at $BENCH_PG (default postgresql://postgres@127.0.0.1:5432) and pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

CONCURRENCY="${1:-16}"
SECONDS_MEASURED="${2:-20}"
WARMUP="${3:-15}"
DB="gathering_bench"

start_server "$DB" "$RESULTS/health-checks-server.log"

echo "GatheRing GET /health/checks, $CONCURRENCY connections, ${WARMUP}s warm-up, ${SECONDS_MEASURED}s measured"
API=$(load /health/checks "$CONCURRENCY" "$WARMUP" "$SECONDS_MEASURED")
echo "  $API"

echo "pgbench SELECT 1 (prepared), $CONCURRENCY clients, ${SECONDS_MEASURED}s"
SCRIPT="$(mktemp)"; echo "SELECT 1;" >"$SCRIPT"
PGLOG="$(mktemp -d)"
(cd "$PGLOG" && pgbench -n -M prepared -c "$CONCURRENCY" -j 2 -T "$SECONDS_MEASURED" -f "$SCRIPT" -l "$PG/$DB" >pgbench.out 2>&1)
TPS=$(grep -E '^tps' "$PGLOG/pgbench.out" | head -1 | sed -E 's/tps = ([0-9.]+).*/\1/')
P99=$(cat "$PGLOG"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99); if (i<1) i=1; printf "%.3f", a[i]/1000}')
P50=$(cat "$PGLOG"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.50); if (i<1) i=1; printf "%.3f", a[i]/1000}')
echo "  transactions_per_second=$(printf '%.0f' "$TPS") p50_ms=$P50 p99_ms=$P99"
rm -rf "$PGLOG" "$SCRIPT"

API_RPS=$(echo "$API" | sed -E 's/.*requests_per_second=([0-9.]+).*/\1/')
RATIO=$(awk -v a="$API_RPS" -v b="$TPS" 'BEGIN {printf "%.1f", 100 * a / b}')
echo "ratio: GatheRing serves ${RATIO}% of raw PostgreSQL's SELECT 1 rate"
{
  date -u +"%Y-%m-%dT%H:%M:%SZ"
  echo "health_checks $API"
  echo "pgbench_select1 tps=$TPS p50_ms=$P50 p99_ms=$P99"
  echo "ratio_percent $RATIO"
} >>"$RESULTS/health-checks.txt"
