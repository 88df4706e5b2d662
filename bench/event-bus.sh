#!/usr/bin/env bash
# JMH benchmark of the event bus (handler deliveries/s with 1, 10 and 100 subscribers; publish latency percentiles),
# then the heap over 10 M events with a stalled subscriber (EVENTS=n to change the count). Extra arguments go to
# JMH (e.g. -p subscribers=10, -f 0). Needs only Maven Central (JMH 1.37). Output is appended to
# bench/results/event-bus.txt, JMH's JSON to bench/results/event-bus-jmh.json.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(./gathering java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2; exit}')"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
mkdir -p bench/results bench/target

# the application's classes and runtime classpath, then the JMH jars
mvn -q -B compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
mvn -q -B -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile=target/jmh-classpath.txt
APP_CP="target/classes:$(cat target/runtime-classpath.txt)"
JMH_CP="$(cat bench/target/jmh-classpath.txt)"
rm -rf bench/target/classes && mkdir -p bench/target/classes
javac -proc:full -processorpath "$JMH_CP" -cp "$APP_CP:$JMH_CP" -d bench/target/classes $(find bench/src -name '*.java')
CP="bench/target/classes:$APP_CP:$JMH_CP"

{
  echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(java -version 2>&1 | head -1)"
  java -cp "$CP" org.openjdk.jmh.Main 'EventBusBenchmark' -rf json -rff bench/results/event-bus-jmh.json "$@"
  java -Xmx512m -cp "$CP" dev.gathering.bench.StalledSubscriberHeap "${EVENTS:-10000000}"
} 2>&1 | tee -a bench/results/event-bus.txt
