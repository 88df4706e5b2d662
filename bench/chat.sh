#!/usr/bin/env bash
# Chat requests/s and p99 at 64 concurrent clients against an in-process fake provider answering in 50 ms, next to
# the ideal 64 / 0.05 s = 1280 chats/s (runs through the test harness, tagged "bench").
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./gathering test -q -Dtest=ChatThroughputBenchmark -Dbench.excluded= -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep '^BENCH' | tee -a bench/results/chat.txt
