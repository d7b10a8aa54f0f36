#!/usr/bin/env bash
# The benchmark, end to end: builds the app and the bare reference app (bench/bare), and for each
# phase starts them on a fresh database, drives them over HTTP with bench/Bench.java, measures the
# minimal SQL of the same work with pgbench in the same run, and prints the tables (also written to
# target/bench/report.md). Not part of `verify`.
#
#   bench/run.sh                 # the whole benchmark (about 25 minutes on 2 cores)
#   BENCH_ROUNDS=5 BENCH_SECONDS=20 BENCH_CLIENTS=1,8,32,64 bench/run.sh write
#   BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/run.sh     # on another runtime
#   BENCH_VACUUM=off bench/run.sh write  # without the VACUUM before each write phase (autovacuum's stand-in)
#   bench/run.sh rush                    # a rush of arrivals over two instances: each visitor's wait
#   BENCH_RUSH_RATE=100 bench/run.sh rush  # arrivals paced at 100 a second instead of as fast as clients can
#                                        # (with track_commit_timestamp = on in PostgreSQL, the wait is also
#                                        # split at the create's commit and read to the assignment's commit)
#   BENCH_BASELINE=ef23dfd BENCH_B_RUSH_TEAMS=20 bench/run.sh rush-paired
#                                        # the rush on this build (B) and on another commit (A) at once, two
#                                        # instances each, rounds alternating A B, B A: the machine's drift
#                                        # falls on both alike; B's arrivals in 20 teams with skills here
#   BENCH_BASELINE=f0c54bc bench/run.sh write-paired   # the write cycles, paired the same way
#   BENCH_CPU_QUOTA=25000 bench/run.sh scale  # one instance against two, each limited to a quarter core
#                                        # (a cgroup's cpu.cfs_quota_us of 100000; needs root and the cgroup file system)
#
# Needs: a JDK 17+, psql and pgbench (Debian: postgresql-client), and a PostgreSQL where
# BENCH_PGUSER may create databases (default postgres@127.0.0.1:5432, no password).
set -euo pipefail
cd "$(dirname "$0")/.."

phases="${1:-all}"
export BENCH_PGHOST="${BENCH_PGHOST:-127.0.0.1}" BENCH_PGPORT="${BENCH_PGPORT:-5432}" BENCH_PGUSER="${BENCH_PGUSER:-postgres}"
export BENCH_ADMIN_TOKEN="${BENCH_ADMIN_TOKEN:-bench-admin-token-0123456789}"
port="${BENCH_PORT:-18080}"
second_port=$((port + 2))
bare_port="${BENCH_BARE_PORT:-18090}"
export BENCH_BASE_URL="http://127.0.0.1:$port"
export BENCH_BARE_URL="http://127.0.0.1:$bare_port"
java="${BENCH_JAVA:-java}"
out=target/bench
pids=()
databases=()

psql_admin() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" -U "$BENCH_PGUSER" -d postgres "$@"; }

cleanup() {
  stop_all
  for group in "${cgroups[@]}"; do rmdir "$group" 2>/dev/null || true; done
  for db in "${databases[@]}"; do psql_admin -c "drop database if exists $db with (force)" || true; done
  if [[ -n "${jars:-}" ]]; then rm -rf "$jars"; fi
}
trap cleanup EXIT

stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

# Waits until $1 answers its readiness probe.
await_ready() {
  local url="$1" pid="$2" log="$3"
  for _ in $(seq 1 120); do
    if curl -fsS "$url" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "$url did not start" >&2; exit 1; fi
    sleep 1
  done
  echo "$url was not ready within 120 s" >&2
  exit 1
}

# Starts an instance of the app on database $1 and port $2 (the same JVM settings for every instance).
# The load generator is one caller (the ADMIN token): its rate limit is set out of reach, while the
# limiter itself still runs on every request.
start_app() {
  local db="$1" on="$2"
  # BENCH_APP_OPTS: more JVM options for the app, %s replaced by the instance's port (a profile per instance:
  # BENCH_APP_OPTS='-XX:StartFlightRecording=dumponexit=true,filename=/tmp/app-%s.jfr,settings=profile')
  # shellcheck disable=SC2086,SC2059
  "$java" -Xmx1g $(printf -- "${BENCH_APP_OPTS:-}" "$on") -jar "$jar" \
    --server.port="$on" \
    --spring.datasource.url="jdbc:postgresql://$BENCH_PGHOST:$BENCH_PGPORT/$db" \
    --spring.datasource.username="$BENCH_PGUSER" --spring.datasource.password="${BENCH_PGPASSWORD:-}" \
    --inbox.admin-token="$BENCH_ADMIN_TOKEN" \
    --inbox.rate-limits.per-caller.requests-per-second=1000000 --inbox.rate-limits.per-caller.burst=1000000 \
    --logging.level.root=WARN >"$out/app-$db-$on.log" 2>&1 &
  pids+=($!)
  await_ready "http://127.0.0.1:$on/actuator/health/readiness" "$!" "$out/app-$db-$on.log"
}

# Puts process $1 under a CPU quota of $BENCH_CPU_QUOTA microseconds per 100,000 (a cgroup of its own),
# as a container's CPU limit would: set once the instance has started, so start-up is not slowed.
limit_cpu() {
  # a cgroup of the instance's own, without a quota yet: Bench.java sets the quota once the instance
  # has warmed up unconstrained, as a container's limit meets a JVM that started elsewhere (at a
  # quarter core the JIT alone would need far longer than the warm-up's rounds)
  local pid="$1" group
  if [[ -d /sys/fs/cgroup/cpu && -w /sys/fs/cgroup/cpu ]]; then
    group="/sys/fs/cgroup/cpu/inbox-bench-$pid"
    mkdir -p "$group"
    echo 100000 >"$group/cpu.cfs_period_us"
    echo -1 >"$group/cpu.cfs_quota_us"
    echo "$pid" >"$group/cgroup.procs"
  elif [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    group="/sys/fs/cgroup/inbox-bench-$pid"
    mkdir -p "$group"
    echo "max 100000" >"$group/cpu.max"
    echo "$pid" >"$group/cgroup.procs"
  else
    echo "no writable cgroup file system: cannot set a CPU quota" >&2
    exit 1
  fi
  cgroups+=("$group")
  echo "instance $pid in $group (its quota is set after the warm-up)"
}
cgroups=()

fresh_database() {
  psql_admin -c "drop database if exists $1 with (force)" -c "create database $1"
  databases+=("$1")
}

start_bare() {
  "$java" -Xmx1g -jar "$bare_jar" --server.port="$bare_port" >"$out/bare.log" 2>&1 &
  pids+=($!)
  await_ready "$BENCH_BARE_URL/actuator/health/liveness" "$!" "$out/bare.log"
}

mkdir -p "$out"
command -v pgbench >/dev/null || { echo "pgbench not found (apt-get install postgresql-client)" >&2; exit 1; }
pg_isready -q -h "$BENCH_PGHOST" -p "$BENCH_PGPORT" || { echo "PostgreSQL at $BENCH_PGHOST:$BENCH_PGPORT does not answer" >&2; exit 1; }

echo "== building"
./mvnw -B -q -DskipTests package
./mvnw -B -q -DskipTests -f bench/bare/pom.xml package
# the apps run from copies: a build in this checkout while the benchmark runs would otherwise rewrite
# the jars under the running JVMs (classes that fail to load, requests that hang)
jars="$(mktemp -d)"
cp "$(ls target/helpdesk-inbox-*.jar | grep -v plain | head -1)" "$jars/app.jar"
cp "$(ls bench/bare/target/bench-bare-*.jar | grep -v plain | head -1)" "$jars/bare.jar"
jar="$jars/app.jar"
bare_jar="$jars/bare.jar"
if [[ "$phases" == rush-paired || "$phases" == write-paired ]]; then
  [[ -n "${BENCH_BASELINE:-}" ]] || { echo "rush-paired needs BENCH_BASELINE, the commit to compare with" >&2; exit 1; }
  echo "== building the baseline, $BENCH_BASELINE"
  baseline_tree="$jars/baseline-tree"
  git worktree add -q --detach "$baseline_tree" "$BENCH_BASELINE"
  (cd "$baseline_tree" && ./mvnw -B -q -DskipTests package)
  cp "$(ls "$baseline_tree"/target/helpdesk-inbox-*.jar | grep -v plain | head -1)" "$jars/baseline.jar"
  git worktree remove --force "$baseline_tree"
fi

{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); app, PostgreSQL, bare app and load generator together"
  echo "- app and bare app: $("$java" -version 2>&1 | head -1), heap 1 GiB, virtual threads where the runtime has them, Hikari pool 10"
  echo "- PostgreSQL: $(psql_admin -c 'show server_version'); pgbench: $(pgbench --version)"
  echo "- rounds: ${BENCH_ROUNDS:-3} × ${BENCH_SECONDS:-10} s per concurrency, service, minimal SQL and bare app alternating; numbers are medians of the rounds"
  echo
} >"$out/header.md"

if [[ "$phases" == all || "$phases" == write ]]; then
  echo "== write: assign → transfer → archive over HTTP vs the minimal SQL (pgbench) and the bare HTTP stack"
  rm -f "$out/write.md"
  fresh_database inbox_bench_write
  start_app inbox_bench_write "$port"
  start_app inbox_bench_write "$second_port"
  start_bare
  BENCH_DB=inbox_bench_write BENCH_SECOND_URL="http://127.0.0.1:$second_port" "$java" bench/Bench.java write
  stop_all
fi

if [[ "$phases" == all || "$phases" == read ]]; then
  echo "== read: 1,000,000 conversations, 200 agents"
  rm -f "$out/read.md"
  fresh_database inbox_bench_read
  start_app inbox_bench_read "$port"
  start_bare
  BENCH_DB=inbox_bench_read "$java" bench/Bench.java seed-read
  BENCH_DB=inbox_bench_read "$java" bench/Bench.java read
  stop_all
fi

if [[ "$phases" == all || "$phases" == rush ]]; then
  echo "== rush: 32 clients over two instances start conversations waiting for an agent, agents with room"
  rm -f "$out/rush.md"
  fresh_database inbox_bench_rush
  start_app inbox_bench_rush "$port"
  start_app inbox_bench_rush "$second_port"
  BENCH_DB=inbox_bench_rush BENCH_SECOND_URL="http://127.0.0.1:$second_port" "$java" bench/Bench.java rush
  stop_all
fi

if [[ "$phases" == rush-paired || "$phases" == write-paired ]]; then
  echo "== $phases: A = $BENCH_BASELINE, B = this build, two instances each, rounds alternating"
  rm -f "$out/rush.md" "$out/write.md"
  fresh_database inbox_bench_rush_a
  fresh_database inbox_bench_rush_b
  current_jar="$jar"
  jar="$jars/baseline.jar"
  start_app inbox_bench_rush_a "$port"
  start_app inbox_bench_rush_a "$second_port"
  jar="$current_jar"
  start_app inbox_bench_rush_b "$((port + 4))"
  start_app inbox_bench_rush_b "$((port + 6))"
  BENCH_A_NAME="${BENCH_A_NAME:-$BENCH_BASELINE}" BENCH_B_NAME="${BENCH_B_NAME:-$(git rev-parse --short HEAD)}" \
    BENCH_A_URLS="http://127.0.0.1:$port,http://127.0.0.1:$second_port" BENCH_A_DB=inbox_bench_rush_a \
    BENCH_B_URLS="http://127.0.0.1:$((port + 4)),http://127.0.0.1:$((port + 6))" BENCH_B_DB=inbox_bench_rush_b \
    "$java" bench/Bench.java "$phases"
  stop_all
fi

if [[ "$phases" == scale ]]; then
  echo "== scale: one instance against two, each under a CPU quota of ${BENCH_CPU_QUOTA:-25000} us per 100000"
  rm -f "$out/scale.md"
  fresh_database inbox_bench_scale
  start_app inbox_bench_scale "$port"
  limit_cpu "${pids[-1]}"
  start_app inbox_bench_scale "$second_port"
  limit_cpu "${pids[-1]}"
  BENCH_DB=inbox_bench_scale BENCH_SECOND_URL="http://127.0.0.1:$second_port" BENCH_CPU_QUOTA="${BENCH_CPU_QUOTA:-25000}" \
    BENCH_CGROUPS="$(IFS=:; echo "${cgroups[*]}")" "$java" bench/Bench.java scale
  stop_all
fi

{
  cat "$out/header.md"
  if [[ -f "$out/write.md" ]]; then echo "## Writes"; echo; cat "$out/write.md"; echo; fi
  if [[ -f "$out/read.md" ]]; then echo "## Reads at 1,000,000 conversations"; echo; cat "$out/read.md"; echo; fi
  if [[ -f "$out/rush.md" ]]; then echo "## A rush of arrivals"; echo; cat "$out/rush.md"; echo; fi
  if [[ -f "$out/scale.md" ]]; then echo "## One instance against two, under a CPU quota"; echo; cat "$out/scale.md"; fi
} >"$out/report.md"
echo
echo "== report ($out/report.md)"
cat "$out/report.md"
