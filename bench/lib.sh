# Shared by the benchmark scripts: a GatheRing server on a fresh database of the local PostgreSQL, with rate limits
# raised so that the limiter's cost is measured rather than its refusals. Source it from the repository root.

PG="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}"
PORT="${BENCH_PORT:-18000}"
RESULTS="bench/results"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$RESULTS"

# start_server <database> <log>: builds if needed, starts the jar, waits for its "ready" line
start_server() {
  local database="$1" log="$2"
  ./gathering build >/dev/null
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null
  BENCH_HOME="$(mktemp -d)"
  GATHERING_DB_URL="$PG/$database" GATHERING_HOME="$BENCH_HOME" GATHERING_PORT="$PORT" \
  GATHERING_ADMIN_EMAIL=bench@example.com GATHERING_ADMIN_PASSWORD=bench-password \
  GATHERING_RATE_LIMIT_HEALTH=1000000000 GATHERING_RATE_LIMIT_READ=1000000000 \
  GATHERING_RATE_LIMIT_WRITE=1000000000 GATHERING_RATE_LIMIT_AUTH=1000 GATHERING_LOG_LEVEL=WARN \
    ./gathering java --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} \
    -jar target/gathering.jar --logging.level.dev.gathering.health.ServerInfo=INFO >"$log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$BENCH_HOME"' EXIT
  for _ in $(seq 1 120); do
    grep -q " ready at " "$log" && break
    sleep 0.5
  done
  grep -q " ready at " "$log" || { echo "server did not start; see $log" >&2; exit 1; }
  TOKEN=$(curl -sf -X POST "$BASE/auth/login/json" -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"bench-password"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
}

# api <method> <path> [json]: one authenticated call, prints the body
api() {
  curl -sf -X "$1" "$BASE$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"}
}

# load <path> <concurrency> <warmup-seconds> <seconds>: prints requests_per_second=... p50_ms=... p99_ms=...
load() {
  ./gathering java bench/LoadClient.java "$BASE$1" "$2" "$3" "$4" "$TOKEN"
}
