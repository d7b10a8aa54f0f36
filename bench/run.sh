#!/usr/bin/env bash
# The benchmark, end to end: builds the app, and for each phase starts it on a fresh database,
# drives it over HTTP with bench/Bench.java, measures the raw-SQL ceiling with pgbench in the same
# run, and prints the tables (also written to target/bench/report.md). Not part of `verify`.
#
#   bench/run.sh                 # the whole benchmark (about 12 minutes on 2 cores)
#   BENCH_ROUNDS=5 BENCH_SECONDS=20 BENCH_CLIENTS=1,8,32,64 bench/run.sh write
#
# Needs: a JDK 17+, psql and pgbench (Debian: postgresql-client), and a PostgreSQL where
# BENCH_PGUSER may create databases (default postgres@127.0.0.1:5432, no password).
set -euo pipefail
cd "$(dirname "$0")/.."

phases="${1:-all}"
export BENCH_PGHOST="${BENCH_PGHOST:-127.0.0.1}" BENCH_PGPORT="${BENCH_PGPORT:-5432}" BENCH_PGUSER="${BENCH_PGUSER:-postgres}"
export BENCH_ADMIN_TOKEN="${BENCH_ADMIN_TOKEN:-bench-admin-token-0123456789}"
port="${BENCH_PORT:-18080}"
export BENCH_BASE_URL="http://127.0.0.1:$port"
java="${BENCH_JAVA:-java}"
out=target/bench
app_pid=""
databases=()

psql_admin() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" -d postgres "$@"; }

cleanup() {
  stop_app
  for db in "${databases[@]}"; do psql_admin -c "drop database if exists $db with (force)" || true; done
}
trap cleanup EXIT

stop_app() {
  if [[ -n "$app_pid" ]]; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
  fi
}

# Starts the app on a new database named $1 and waits until it is ready.
start_app() {
  local db="$1"
  psql_admin -c "drop database if exists $db with (force)" -c "create database $db"
  databases+=("$db")
  "$java" -Xmx1g -jar "$jar" \
    --server.port="$port" \
    --spring.datasource.url="jdbc:postgresql://$BENCH_PGHOST:$BENCH_PGPORT/$db" \
    --spring.datasource.username="$BENCH_PGUSER" --spring.datasource.password="${BENCH_PGPASSWORD:-}" \
    --inbox.admin-token="$BENCH_ADMIN_TOKEN" \
    --logging.level.root=WARN >"$out/app-$db.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    if curl -fsS "$BENCH_BASE_URL/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$app_pid" 2>/dev/null; then cat "$out/app-$db.log"; echo "the app did not start" >&2; exit 1; fi
    sleep 1
  done
  echo "the app was not ready within 120 s" >&2
  exit 1
}

mkdir -p "$out"
command -v pgbench >/dev/null || { echo "pgbench not found (apt-get install postgresql-client)" >&2; exit 1; }
pg_isready -q -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" || { echo "PostgreSQL at $BENCH_PGHOST:$BENCH_PGPORT does not answer" >&2; exit 1; }

echo "== building"
./mvnw -B -q -DskipTests package
jar="$(ls target/helpdesk-inbox-*.jar | grep -v plain | head -1)"

{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); app, PostgreSQL and load generator together"
  echo "- app: $("$java" -version 2>&1 | head -1), heap 1 GiB, Hikari pool 10"
  echo "- PostgreSQL: $(psql_admin -c 'show server_version'); pgbench: $(pgbench --version)"
  echo "- rounds: ${BENCH_ROUNDS:-3} × ${BENCH_SECONDS:-10} s per concurrency; numbers are medians of the rounds"
  echo
} >"$out/header.md"

if [[ "$phases" == all || "$phases" == write ]]; then
  echo "== write: assign → transfer → archive over HTTP vs the same SQL through pgbench"
  rm -f "$out/write.md"
  start_app inbox_bench_write
  BENCH_DB=inbox_bench_write "$java" bench/Bench.java write
  stop_app
fi

if [[ "$phases" == all || "$phases" == read ]]; then
  echo "== read: 1,000,000 conversations, 200 agents"
  rm -f "$out/read.md"
  start_app inbox_bench_read
  BENCH_DB=inbox_bench_read "$java" bench/Bench.java seed-read
  BENCH_DB=inbox_bench_read "$java" bench/Bench.java read
  stop_app
fi

{
  cat "$out/header.md"
  if [[ -f "$out/write.md" ]]; then echo "## Assignment throughput and latency"; echo; cat "$out/write.md"; echo; fi
  if [[ -f "$out/read.md" ]]; then echo "## Reads at 1,000,000 conversations"; echo; cat "$out/read.md"; fi
} >"$out/report.md"
echo
echo "== report ($out/report.md)"
cat "$out/report.md"
