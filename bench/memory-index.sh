#!/usr/bin/env bash
# The memory index alone at the target's size: embeds N generated memories (default 100 000) and 1 000 held-out
# queries with the default in-process model (vectors cached in bench/results/ for later runs), builds the HNSW graph,
# then measures top-10 search p50/p99 and recall@10 against an exact scan, unfiltered and filtered, and the exact
# scan's own latency. Output is appended to bench/results/memory-index.txt. SIMD=1 runs the JVM with
# --add-modules jdk.incubator.vector (Lucene's vectorized dot product) as GATHERING_JAVA_OPTS can for the server.
#
#   [SIMD=1] bench/memory-index.sh [memories=100000] [queries=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(./gathering java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2; exit}')"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
mkdir -p bench/results bench/target/memory-classes

mvn -q -B compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
APP_CP="target/classes:$(cat target/runtime-classpath.txt)"
javac -cp "$APP_CP" -d bench/target/memory-classes bench/src/main/java/dev/gathering/memory/*.java
{
  echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1), SIMD ${SIMD:-0}"
  java -Xmx6g ${SIMD:+$([ "$SIMD" = 1 ] && echo --add-modules jdk.incubator.vector)} --enable-native-access=ALL-UNNAMED \
    -cp "bench/target/memory-classes:$APP_CP" dev.gathering.memory.MemoryIndexBenchmark "${1:-100000}" "${2:-1000}"
} 2>&1 | grep -v "^WARNING: Using incubator" | tee -a bench/results/memory-index.txt
