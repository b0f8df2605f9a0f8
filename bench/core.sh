#!/usr/bin/env bash
# Core benchmark (issue: N workers on one port). Compares, side by side in one run:
#   rp       the sample app with the starter, reuseport.workers=N (THREADS event loops each, default 1),
#            balance=least-connections
#   kernel   the same with reuseport.balance=kernel (each connection stays where the kernel's hash put it)
#   default  Spring Boot's own Netty server (reuseport.enabled=false, max(cores,4) loops)
#   tuned    Spring Boot's own server with -Dreactor.netty.ioWorkerCount=N x THREADS (the same loop count)
# on /hello with keep-alive (wrk -c64) and with Connection: close (connection churn): throughput, p99, and the
# server JVM's CPU time per request (user + system, from /proc), which the shared cores disturb less.
# Each JVM is warmed up for WARMUP seconds, configurations alternate order per repetition,
# and the table reports medians. Loopback only; every run is bounded by DURATION.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-64}
URL="http://127.0.0.1:$PORT/hello"
# The sample app turns the HTTP response cache on; this benchmark measures the server alone.
NO_HTTP_CACHE="--reuseport.cache.http.enabled=false"

ensure_tools
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/core-$stamp"
mkdir -p "$out"

config_args() {
  case $1 in
    rp) echo "-- --reuseport.workers=$N --reuseport.worker-threads=$THREADS $NO_HTTP_CACHE" ;;
    kernel) echo "-- --reuseport.workers=$N --reuseport.worker-threads=$THREADS --reuseport.balance=kernel $NO_HTTP_CACHE" ;;
    default) echo "-- --reuseport.enabled=false $NO_HTTP_CACHE" ;;
    tuned) echo "-Dreactor.netty.ioWorkerCount=$((N * THREADS)) -- --reuseport.enabled=false $NO_HTTP_CACHE" ;;
  esac
}

run_config() {
  local config=$1 rep=$2
  # shellcheck disable=SC2046
  start_app "$config-$rep" $(config_args "$config")
  wrk_run "$out/$config-$rep.warm-ka" -t1 -c"$CONNECTIONS" -d"$((WARMUP * 3 / 4))"s "$URL"
  wrk_run "$out/$config-$rep.warm-close" -t1 -c"$CONNECTIONS" -d"$((WARMUP - WARMUP * 3 / 4))"s -H 'Connection: close' "$URL"
  measured_run "$out/$config-$rep.keepalive" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "$URL"
  measured_run "$out/$config-$rep.close" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency -H 'Connection: close' "$URL"
  stop_app
  echo "rep $rep $config: keep-alive $(rps "$out/$config-$rep.keepalive") req/s, close $(rps "$out/$config-$rep.close") req/s"
}

configs=(rp kernel default tuned)
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 0 ]; then order=(tuned default kernel rp); else order=("${configs[@]}"); fi
  for c in "${order[@]}"; do run_config "$c" "$rep"; done
done

med() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$($1 "$out/$2-$r.$3")"); done; median "${vals[@]}"; }
errs() { local n=0; for f in "$out"/*.keepalive "$out"/*.close; do n=$((n + $(errors "$f"))); done; echo "$n"; }

{
  echo "N=$N workers x $THREADS thread(s), $REPS alternating repetitions, ${WARMUP}s warm-up, ${DURATION}s runs, wrk -t1 -c$CONNECTIONS, medians"
  echo
  echo "| scenario | rp (N workers) | kernel (balance=kernel) | default (Boot) | tuned (Boot, ioWorkerCount=N x THREADS) | rp / default | rp / tuned | kernel / tuned |"
  echo "|---|---|---|---|---|---|---|---|"
  for s in keepalive close; do
    r=$(med rps rp $s); k=$(med rps kernel $s); d=$(med rps default $s); t=$(med rps tuned $s)
    echo "| /hello $s req/s | $r | $k | $d | $t | $(ratio "$r" "$d") | $(ratio "$r" "$t") | $(ratio "$k" "$t") |"
    r=$(med p99 rp $s); k=$(med p99 kernel $s); d=$(med p99 default $s); t=$(med p99 tuned $s)
    echo "| /hello $s p99 ms | $r | $k | $d | $t | $(ratio "$r" "$d") | $(ratio "$r" "$t") | $(ratio "$k" "$t") |"
    r=$(med cpu_us rp $s); k=$(med cpu_us kernel $s); d=$(med cpu_us default $s); t=$(med cpu_us tuned $s)
    echo "| /hello $s server CPU µs/request | $r | $k | $d | $t | $(ratio "$r" "$d") | $(ratio "$r" "$t") | $(ratio "$k" "$t") |"
  done
  echo
  echo "socket errors + non-2xx over all measured runs: $(errs)"
  echo "raw wrk reports: $out"
} | tee "$out/summary.md"
