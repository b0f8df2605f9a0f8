#!/usr/bin/env bash
# Spill-over through the distributed offload queue: two sample-app instances sharing one redis-server, A flooded
# with CONNECTIONS connections on /cpu/distributed?ms=CPU_MS, B idle (no load of its own). "alone": A only,
# reuseport.offload.distributed.enabled=false (its pool answers 503 + Retry-After when full). "spill": A and B with
# the queue on (local-first): a call that finds no idle thread on A waits on a caller thread while B (or A, once
# free) runs it. Each instance has THREADS offload threads. Reports completed (2xx) req/s, p50 / p99 and non-2xx,
# medians over REPS alternating repetitions after a WARM-second warm-up of each run.
# On a 2-core box A, B, Redis and wrk share the same two cores: B's thread only helps as far as a core is idle.
# PIN=1 stands for two machines on such a box: A, Redis and wrk run on core 0, B on core 1 (taskset).
if [ "${PIN:-0}" = 1 ] && [ -z "${SPILL_PINNED:-}" ]; then
  SPILL_PINNED=1 exec taskset -c 0 bash "$0" "$@"
fi
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-20}
WARM=${WARM:-20}
CPU_MS=${CPU_MS:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
REDIS_PORT=${REDIS_PORT:-16381}
B_PORT=$((PORT + 2))

ensure_tools
command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/distributed-spill-$stamp"
mkdir -p "$out"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --logfile "" > "$out/redis.log" 2>&1 &
REDIS_PID=$!
B_PID=""
cleanup() { stop_app; if [ -n "$B_PID" ]; then kill "$B_PID" 2>/dev/null || true; fi; kill "$REDIS_PID" 2>/dev/null || true; }
trap cleanup EXIT
COMMON=(--reuseport.workers=2 --reuseport.cache.http.enabled=false --reuseport.offload.threads="$THREADS"
  --reuseport.offload.queue-capacity=1 --spring.data.redis.port="$REDIS_PORT" --spring.application.name=spill)
URL="http://127.0.0.1:$PORT/cpu/distributed?ms=$CPU_MS"

run_case() {
  local mode=$1 rep=$2
  if [ "$mode" = spill ]; then
    local saved=$PORT; PORT=$B_PORT
    start_app "spill-b" -- "${COMMON[@]}" --reuseport.offload.distributed.enabled=true
    B_PID=$APP_PID; APP_PID=""; PORT=$saved
    if [ -n "${SPILL_PINNED:-}" ]; then taskset -a -p -c 1 "$B_PID" >/dev/null; fi
    start_app "spill-a" -- "${COMMON[@]}" --reuseport.offload.distributed.enabled=true
  else
    start_app "alone-a" -- "${COMMON[@]}" --reuseport.offload.distributed.enabled=false
  fi
  wrk -t1 -c"$CONNECTIONS" -d"$WARM"s "$URL" >/dev/null 2>&1
  wrk_run "$out/$mode-$rep.wrk" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "$URL"
  stop_app
  if [ -n "$B_PID" ]; then kill "$B_PID" 2>/dev/null || true; wait "$B_PID" 2>/dev/null || true; B_PID=""; fi
  echo "rep $rep $mode: $(ok_rate "$out/$mode-$rep.wrk") completed/s p99 $(p99 "$out/$mode-$rep.wrk") ms non-2xx $(non2xx "$out/$mode-$rep.wrk")"
}
non2xx() { awk '/Non-2xx/ { print $5; found = 1 } END { if (!found) print 0 }' "$1"; }
ok_rate() { awk -v d="$DURATION" '/requests in/ { total = $1 } /Non-2xx/ { bad = $5 } END { printf "%.0f", (total - bad) / d }' "$1"; }

for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then order=(alone spill); else order=(spill alone); fi
  for mode in "${order[@]}"; do run_case "$mode" "$rep"; done
done

{
  echo "PIN=${PIN:-0}; A flooded: /cpu/distributed?ms=$CPU_MS, $CONNECTIONS connections, ${DURATION}s after ${WARM}s warm-up; $THREADS offload thread(s) per instance; $(nproc) cores; $REPS repetitions, medians"
  echo
  echo "| case | completed req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---|---|---|---|"
  for mode in alone spill; do
    ok=(); p5=(); p9=(); bad=()
    for r in $(seq 1 "$REPS"); do
      ok+=("$(ok_rate "$out/$mode-$r.wrk")"); p5+=("$(p50 "$out/$mode-$r.wrk")"); p9+=("$(p99 "$out/$mode-$r.wrk")"); bad+=("$(non2xx "$out/$mode-$r.wrk")")
    done
    echo "| $mode | $(median "${ok[@]}") | $(median "${p5[@]}") | $(median "${p9[@]}") | $(median "${bad[@]}") |"
  done
} | tee "$out/summary.md"
