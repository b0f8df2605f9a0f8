#!/usr/bin/env bash
# Shared helpers for the benchmark scripts: build the sample app, start and stop it,
# run wrk against loopback and pull numbers out of its report. Source this file.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT_DIR/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
PORT=${BENCH_PORT:-18080}
JVM_OPTS=${BENCH_JVM_OPTS:-"-Xms256m -Xmx512m -XX:+UseParallelGC"}
RESULTS_DIR="$ROOT_DIR/bench/results"
N=${N:-$(( $(nproc) > 4 ? $(nproc) : 4 ))}  # workers: the starter's default, max(cores, 4)
REPS=${REPS:-3}             # alternating repetitions
WARMUP=${WARMUP:-20}        # seconds of warm-up per JVM
ON_PORT=$PORT               # scripts that compare two JVMs side by side
OFF_PORT=$((PORT + 1))
APP_PID=""

ensure_tools() {
  if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  command -v curl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
  mkdir -p "$RESULTS_DIR"
}

ensure_jar() {
  if [ ! -f "$JAR" ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
    (cd "$ROOT_DIR" && ./mvnw -q -B -ntp -pl sample-app -am package -DskipTests)
  fi
}

# start_app NAME [JVM-ARGS...] [-- APP-ARGS...]: starts the sample app on $PORT, waits for /hello.
start_app() {
  local name=$1; shift
  local log="$RESULTS_DIR/$name.app.log" jvm=() app=() seen=0
  for a in "$@"; do
    if [ "$a" = "--" ]; then seen=1; elif [ $seen = 1 ]; then app+=("$a"); else jvm+=("$a"); fi
  done
  # shellcheck disable=SC2086
  java $JVM_OPTS "${jvm[@]}" -jar "$JAR" --server.port="$PORT" --logging.level.root=WARN "${app[@]}" > "$log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "app $name did not start; see $log" >&2
  stop_app
  return 1
}

stop_app() {
  if [ -n "$APP_PID" ]; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
  fi
}
trap stop_app EXIT

# port_of on|off: the port of one side of a side-by-side comparison.
port_of() { if [ "$1" = on ]; then echo "$ON_PORT"; else echo "$OFF_PORT"; fi; }

# wrk_run OUTFILE WRK-ARGS...: loopback only, duration bounded by the arguments.
wrk_run() {
  local out=$1; shift
  wrk "$@" > "$out" 2>&1 || true
}

# rps FILE / p50 FILE / p99 FILE / errors FILE: numbers from a wrk --latency report.
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
latency_ms() {
  awk -v q="$2" '$1 == q { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v = v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v = v * 1000 } print v }' "$1"
}
# cpu_ticks PID: user + system CPU time of a process so far, in clock ticks (getconf CLK_TCK per second).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# measured_run OUTFILE WRK-ARGS...: wrk_run, and the server's CPU ticks spent meanwhile in OUTFILE.cpu.
measured_run() {
  local out=$1 before; shift
  before=$(cpu_ticks "$APP_PID")
  wrk_run "$out" "$@"
  echo $(( $(cpu_ticks "$APP_PID") - before )) > "$out.cpu"
}
# requests FILE: how many requests a wrk report counted; cpu_us FILE: server CPU microseconds per request.
requests() { awk '/requests in/ { print $1 }' "$1"; }
cpu_us() { awk -v t="$(cat "$1.cpu")" -v n="$(requests "$1")" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }'; }
p50() { latency_ms "$1" "50%"; }
p99() { latency_ms "$1" "99%"; }
errors() {
  awk '/Socket errors/ { gsub(/,/, ""); n = $4 + $6 + $8 + $10 } /Non-2xx/ { n += $5 } END { print n + 0 }' "$1"
}

# median VALUES...: the median of numbers.
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
