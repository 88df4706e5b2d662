#!/usr/bin/env bash
# Memory through HTTP on a real server with the default in-process model: ingest N generated memories (default
# 100 000) through the batch route (memories/s embedded and stored), wait for the HNSW graph, then recall latency
# (top-10, distinct questions, so that each one is embedded) at concurrency 1 and 4. Output is appended to
# bench/results/memory.txt.
#
#   bench/memory.sh [memories=100000] [batch=100] [ingest-concurrency=2] [recall-seconds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
COUNT="${1:-100000}"
BATCH="${2:-100}"
WRITERS="${3:-2}"
SECONDS_MEASURED="${4:-30}"

start_server gathering_bench_memory "$RESULTS/memory-server.log"
AGENT=$(api POST /agents '{"persona":{"name":"Bench memory","role":"benchmark"},"config":{"provider":"local"}}' \
  | sed -E 's/^\{"id":([0-9]+).*/\1/')

{
  echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; $COUNT memories, batches of $BATCH, $WRITERS writers"
  echo "ingest: $(./gathering java bench/src/main/java/dev/gathering/memory/MemoryLoad.java ingest "$BASE" "$TOKEN" "$AGENT" "$COUNT" "$BATCH" "$WRITERS")"
  for _ in $(seq 1 600); do
    api GET /memories/reindex/status | grep -q '"hnsw_graphs":[1-9]' && break
    sleep 1
  done
  echo "index: $(api GET /memories/reindex/status)"
  echo "recall, 1 client:  $(./gathering java bench/src/main/java/dev/gathering/memory/MemoryLoad.java recall "$BASE" "$TOKEN" "$AGENT" 1 10 "$SECONDS_MEASURED")"
  echo "recall, 4 clients: $(./gathering java bench/src/main/java/dev/gathering/memory/MemoryLoad.java recall "$BASE" "$TOKEN" "$AGENT" 4 10 "$SECONDS_MEASURED")"
} 2>&1 | tee -a "$RESULTS/memory.txt"
