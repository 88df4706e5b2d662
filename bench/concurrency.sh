#!/usr/bin/env bash
# 100 concurrent requests whose handler holds a pooled connection for 10 ms, against the pool's physical bound
# ceil(100 / pool_max) x 10 ms, after a long warm-up (the test-only endpoint lives on the test classpath, so this
# runs through the test harness, tagged "bench").
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./gathering test -q -Dtest=ConcurrencyTest#benchmark -Dbench.excluded= -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep '^BENCH' | tee -a bench/results/concurrency.txt
