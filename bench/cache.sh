#!/usr/bin/env bash
# HTTP response cache benchmark. Two JVMs of the sample app side by side (N reuseport workers each):
#   on   reuseport.cache.http.enabled=true  (port PORT)
#   off  reuseport.cache.http.enabled=false (port PORT+1)
# Both are warmed up for WARMUP seconds, then two comparisons alternate over REPS repetitions:
#   cached    /products/1 (5 ms of CPU on the offload scheduler, Cache-Control max-age=60):
#             served from the cache on "on", rendered every time on "off"; target on/off >= 10x
#   miss-only /price?id=<never seen before> on every request (bench/miss.lua): every request is a
#             miss that the cache captures and stores on "on"; target overhead (1 - on/off) <= 5 %
#   pass      /hello, which has no Cache-Control: the filter looks, forwards and passes the response
#             through on "on"; the overhead on endpoints that are not cacheable
# Reports req/s, p50 and p99 (medians) and the ratios. Loopback only; each run lasts DURATION seconds.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
COMMON=(--reuseport.workers="$N" --reuseport.offload.queue-capacity=1024)

ensure_tools
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/cache-$stamp"
mkdir -p "$out"

PORT=$ON_PORT start_app cache-on -- "${COMMON[@]}" --reuseport.cache.http.enabled=true
ON_PID=$APP_PID
PORT=$OFF_PORT start_app cache-off -- "${COMMON[@]}" --reuseport.cache.http.enabled=false
OFF_PID=$APP_PID
APP_PID=""
stop_both() { for p in $ON_PID $OFF_PID; do kill "$p" 2>/dev/null || true; done; for p in $ON_PID $OFF_PID; do wait "$p" 2>/dev/null || true; done; }
trap stop_both EXIT


for side in on off; do
  p=$(port_of $side)
  # each path warmed on its own: the miss path has the most code for the JIT to compile
  wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s "http://127.0.0.1:$p/products/1" >/dev/null 2>&1
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP"s -s "$BENCH_DIR/miss.lua" "http://127.0.0.1:$p/" -- "warm-$side" >/dev/null 2>&1
  wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s "http://127.0.0.1:$p/hello" >/dev/null 2>&1
done
curl -si "http://127.0.0.1:$ON_PORT/products/1" | grep -i '^cache-status' > "$out/cache-status.txt" || true

run() {
  local scenario=$1 side=$2 rep=$3 p
  p=$(port_of "$side")
  case $scenario in
    cached) wrk_run "$out/$scenario-$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "http://127.0.0.1:$p/products/1" ;;
    miss) wrk_run "$out/$scenario-$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency -s "$BENCH_DIR/miss.lua" "http://127.0.0.1:$p/" -- "$stamp-$side-$rep" ;;
    pass) wrk_run "$out/$scenario-$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "http://127.0.0.1:$p/hello" ;;
  esac
  echo "rep $rep $scenario $side: $(rps "$out/$scenario-$side-$rep") req/s, errors $(errors "$out/$scenario-$side-$rep")"
}

for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then sides=(on off); else sides=(off on); fi
  for scenario in cached miss pass; do
    for side in "${sides[@]}"; do run "$scenario" "$side" "$rep"; done
  done
done

med() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$($1 "$out/$2-$r")"); done; median "${vals[@]}"; }
errs() { local n=0; for f in "$out"/cached-* "$out"/miss-* "$out"/pass-*; do n=$((n + $(errors "$f"))); done; echo "$n"; }

{
  echo "N=$N workers, $REPS alternating repetitions, ${WARMUP}s warm-up per JVM, ${DURATION}s runs, wrk -t1 -c$CONNECTIONS, medians"
  echo
  echo "| scenario | cache on req/s | cache off req/s | on / off | on p50 / p99 ms | off p50 / p99 ms |"
  echo "|---|---|---|---|---|---|"
  for s in cached miss pass; do
    on=$(med rps "$s-on"); off=$(med rps "$s-off")
    echo "| $s | $on | $off | $(ratio "$on" "$off") | $(med p50 "$s-on") / $(med p99 "$s-on") | $(med p50 "$s-off") / $(med p99 "$s-off") |"
  done
  echo
  for s in miss pass; do
    on=$(med rps "$s-on"); off=$(med rps "$s-off")
    paired=(); for r in $(seq 1 "$REPS"); do paired+=("$(ratio "$(rps "$out/$s-on-$r")" "$(rps "$out/$s-off-$r")")"); done
    pm=$(median "${paired[@]}")
    echo "$s overhead: $(awk -v m="$pm" 'BEGIN { printf "%.1f %%", (1 - m) * 100 }') from the median of paired on/off ratios (${paired[*]}); $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.1f %%", (1 - a / b) * 100 }') from the medians of each side"
  done
  echo "socket errors + non-2xx over all runs: $(errs)"
  echo "Cache-Status of /products/1 on the cached side: $(tr -d '\r' < "$out/cache-status.txt")"
} | tee "$out/summary.md"
