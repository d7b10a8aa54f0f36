#!/usr/bin/env bash
# Drill: PostgreSQL restarts under load, then one instance is stopped (SIGTERM) and another dies
# (SIGKILL). Three app instances on one throwaway database, 8 closed-loop clients on each running
# assign -> transfer -> archive; the drill prints what the clients got (responses by status; -1:
# connection refused, the instance being gone; -2: a connection that broke with a request in
# flight), each instance's readiness over time, the 500s in the apps' logs, and the consistency
# report at the end. Not part of `verify`; results are written up in README, "Operations".
#
#   bench/drills/outage.sh
#   DRILL_RESTART_POSTGRES="sudo systemctl restart postgresql" bench/drills/outage.sh
#
# Needs what bench/run.sh needs, and a way to restart PostgreSQL (default: pg_ctlcluster 15 main
# restart, as root). Do not run it beside a benchmark: it restarts the server.
set -euo pipefail
cd "$(dirname "$0")/../.."

export BENCH_PGHOST="${BENCH_PGHOST:-127.0.0.1}" BENCH_PGPORT="${BENCH_PGPORT:-5432}" BENCH_PGUSER="${BENCH_PGUSER:-postgres}"
export BENCH_ADMIN_TOKEN="${BENCH_ADMIN_TOKEN:-bench-admin-token-0123456789}"
restart_postgres="${DRILL_RESTART_POSTGRES:-pg_ctlcluster 15 main restart}"
java="${BENCH_JAVA:-java}"
db=inbox_drill
ports=(18180 18182 18184)
out=target/drill
mkdir -p "$out"
pids=()

psql_admin() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" -d postgres "$@"; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql_admin -c "drop database if exists $db with (force)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== building"
./mvnw -B -q -DskipTests package
jar="$(mktemp -d)/app.jar"
cp "$(ls target/helpdesk-inbox-*.jar | grep -v plain | head -1)" "$jar"

psql_admin -c "drop database if exists $db with (force)" -c "create database $db"
for port in "${ports[@]}"; do
  "$java" -Xmx1g -jar "$jar" --server.port="$port" \
    --spring.datasource.url="jdbc:postgresql://$BENCH_PGHOST:$BENCH_PGPORT/$db" \
    --spring.datasource.username="$BENCH_PGUSER" --spring.datasource.password="${BENCH_PGPASSWORD:-}" \
    --inbox.admin-token="$BENCH_ADMIN_TOKEN" \
    --inbox.rate-limits.per-caller.requests-per-second=1000000 --inbox.rate-limits.per-caller.burst=1000000 \
    >"$out/app-$port.log" 2>&1 &
  pids+=($!)
done
app_pids=("${pids[@]}")
for port in "${ports[@]}"; do
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
done
echo "== ${#ports[@]} instances up on ports ${ports[*]}"

# readiness of each instance, four times a second
(
  while true; do
    line="$(date +%T.%N | cut -c1-12)"
    for port in "${ports[@]}"; do
      line+=" $port:$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/actuator/health/readiness" || true)"
    done
    echo "$line"
    sleep 0.25
  done
) >"$out/readiness.log" &
pids+=($!)

load_pids=()
for port in "${ports[@]}"; do
  BENCH_BASE_URL="http://127.0.0.1:$port" BENCH_DB=$db BENCH_CLIENTS=8 BENCH_ROUNDS=1 BENCH_SECONDS=40 \
    "$java" bench/Bench.java load >"$out/load-$port.log" 2>&1 &
  load_pids+=($!)
  pids+=($!)
  sleep 1 # the load generators name their agents by the millisecond they start
done

# the clock starts once every load generator has its agents (creating them is not part of the drill)
for port in "${ports[@]}"; do
  until grep -q "rounds starting" "$out/load-$port.log" 2>/dev/null; do sleep 0.5; done
done
sleep 12
echo "== $(date +%T) restarting PostgreSQL: $restart_postgres"
$restart_postgres
echo "== $(date +%T) PostgreSQL answers again: $(pg_isready -h "$BENCH_PGHOST" -p "$BENCH_PGPORT")"
sleep 8
echo "== $(date +%T) SIGTERM to the instance on port ${ports[2]} (graceful: requests in flight finish)"
kill -TERM "${app_pids[2]}"
sleep 6
echo "== $(date +%T) kill -9 of the instance on port ${ports[1]}"
kill -9 "${app_pids[1]}"

wait "${load_pids[@]}" || true

echo
echo "== what the clients got"
for port in "${ports[@]}"; do echo "clients of $port:"; grep "round" "$out/load-$port.log" || cat "$out/load-$port.log"; done
echo
echo "== readiness (HTTP status of /actuator/health/readiness; 000: no answer)"
awk '{ key = substr($0, index($0, " ") + 1); if (key != last) { print; last = key } }' "$out/readiness.log"
echo
echo "== 500s in the apps' logs (each is logged as 'Unexpected failure')"
grep -c "Unexpected failure" "$out"/app-*.log || true
echo
echo "== consistency report (instance on ${ports[0]})"
curl -s -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" "http://127.0.0.1:${ports[0]}/api/v1/admin/consistency"
echo
