#!/usr/bin/env bash
# Offload default: how much the offload pool's thread count takes from the event loops when the pool is
# saturated. For each value in THREADS (reuseport.offload.threads; the queue defaults to its square), one JVM of
# the sample app with N workers: SAT_CONNECTIONS connections hammer /cpu/offload?ms=CPU_MS (far more than the
# pool takes, so most get 503 + Retry-After) while HELLO_CONNECTIONS connections measure /hello.
# Reports /hello req/s, p50 and p99, and the offloaded 2xx and 503 rates; medians over REPS rotating repetitions.
source "$(dirname "$0")/lib.sh"

THREADS=${THREADS:-"1 2 4"}
DURATION=${DURATION:-10}
CPU_MS=${CPU_MS:-5}
SAT_CONNECTIONS=${SAT_CONNECTIONS:-300}
HELLO_CONNECTIONS=${HELLO_CONNECTIONS:-8}
WARM=${WARM:-10}

ensure_tools
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/offload-saturation-$stamp"
mkdir -p "$out"
ulimit -n 65536 2>/dev/null || true

run_config() {
  local threads=$1 rep=$2 sat_pid
  start_app "offload-t$threads" -- --reuseport.workers="$N" --reuseport.cache.http.enabled=false \
    --reuseport.offload.threads="$threads"
  wrk -t1 -c"$SAT_CONNECTIONS" -d"$WARM"s "http://127.0.0.1:$PORT/cpu/offload?ms=$CPU_MS" >/dev/null 2>&1 &
  sat_pid=$!
  wrk -t1 -c"$HELLO_CONNECTIONS" -d"$WARM"s "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1
  wait "$sat_pid"
  wrk -t1 -c"$SAT_CONNECTIONS" -d"$DURATION"s "http://127.0.0.1:$PORT/cpu/offload?ms=$CPU_MS" > "$out/t$threads-$rep.sat" 2>&1 &
  sat_pid=$!
  wrk_run "$out/t$threads-$rep.hello" -t1 -c"$HELLO_CONNECTIONS" -d"$DURATION"s --latency "http://127.0.0.1:$PORT/hello"
  wait "$sat_pid"
  stop_app
  echo "rep $rep threads=$threads: /hello $(rps "$out/t$threads-$rep.hello") req/s p99 $(p99 "$out/t$threads-$rep.hello") ms; offload $(rps "$out/t$threads-$rep.sat") req/s, non-2xx $(non2xx "$out/t$threads-$rep.sat")"
}
non2xx() { awk '/Non-2xx/ { print $5; found = 1 } END { if (!found) print 0 }' "$1"; }
ok_rate() { awk -v d="$DURATION" '/requests in/ { total = $1 } /Non-2xx/ { bad = $5 } END { printf "%.0f", (total - bad) / d }' "$1"; }

reps=(); for r in $(seq 1 "$REPS"); do reps+=("$r"); done
for rep in "${reps[@]}"; do
  order=($THREADS)
  if [ $((rep % 2)) -eq 0 ]; then order=($(printf '%s\n' "${order[@]}" | tac)); fi
  for threads in "${order[@]}"; do run_config "$threads" "$rep"; done
done

{
  echo "N=$N workers, /cpu/offload?ms=$CPU_MS with $SAT_CONNECTIONS connections + /hello with $HELLO_CONNECTIONS, ${DURATION}s, $REPS repetitions, medians"
  echo
  echo "| offload threads | queue | /hello req/s | /hello p50 / p99 ms | offloaded 2xx/s | offloaded 503/s |"
  echo "|---|---|---|---|---|---|"
  for threads in $THREADS; do
    h=(); p5=(); p9=(); ok=(); bad=()
    for r in $(seq 1 "$REPS"); do
      h+=("$(rps "$out/t$threads-$r.hello")"); p5+=("$(p50 "$out/t$threads-$r.hello")"); p9+=("$(p99 "$out/t$threads-$r.hello")")
      ok+=("$(ok_rate "$out/t$threads-$r.sat")"); bad+=("$(awk -v d="$DURATION" '/Non-2xx/ { printf "%.0f", $5 / d; f = 1 } END { if (!f) print 0 }' "$out/t$threads-$r.sat")")
    done
    echo "| $threads | $((threads * threads)) | $(median "${h[@]}") | $(median "${p5[@]}") / $(median "${p9[@]}") | $(median "${ok[@]}") | $(median "${bad[@]}") |"
  done
} | tee "$out/summary.md"
