#!/usr/bin/env bash
# What a tool call costs besides the tool: dispatch and schema validation per call (target < 1 ms), validation alone,
# and whole chats with and without one tool round trip against the in-test provider (runs through the test harness,
# tagged "bench").
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./gathering test -q -Dtest=ToolDispatchBenchmark -Dbench.excluded= -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | grep '^BENCH' | tee -a bench/results/tools.txt
