#!/usr/bin/env bash
# Offload benchmark. One JVM of the sample app (N reuseport workers, offload defaults), warmed up,
# then three scenarios alternated over REPS repetitions:
#   hello    60 connections on /hello only
#   inline   60 connections on /hello while CPU_CONNECTIONS connections hammer /cpu?ms=50 (CPU on the event loop)
#   offload  the same, with the CPU work on the offload scheduler: /cpu/offload?ms=50
# Reports /hello throughput, p50 and p99 (medians) and the ratios the issue targets.
# Loopback only; each run lasts DURATION seconds.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-15}
CPU_MS=${CPU_MS:-50}
CPU_CONNECTIONS=${CPU_CONNECTIONS:-4}
HELLO_CONNECTIONS=${HELLO_CONNECTIONS:-60}
APP_ARGS=${APP_ARGS:-}
HELLO="http://127.0.0.1:$PORT/hello"

ensure_tools
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/offload-$stamp"
mkdir -p "$out"

# shellcheck disable=SC2086
start_app offload -- --reuseport.workers="$N" --reuseport.cache.http.enabled=false $APP_ARGS
wrk -t1 -c"$CPU_CONNECTIONS" -d"$WARMUP"s "http://127.0.0.1:$PORT/cpu/offload?ms=$CPU_MS" >/dev/null 2>&1 &
warm_cpu=$!
wrk -t1 -c"$HELLO_CONNECTIONS" -d"$WARMUP"s "$HELLO" >/dev/null 2>&1
wait "$warm_cpu"

run_scenario() {
  local scenario=$1 rep=$2 cpu_path="" cpu_pid=""
  case $scenario in
    inline) cpu_path="/cpu?ms=$CPU_MS" ;;
    offload) cpu_path="/cpu/offload?ms=$CPU_MS" ;;
  esac
  if [ -n "$cpu_path" ]; then
    wrk -t1 -c"$CPU_CONNECTIONS" -d"$DURATION"s --latency "http://127.0.0.1:$PORT$cpu_path" > "$out/$scenario-$rep.cpu" 2>&1 &
    cpu_pid=$!
  fi
  wrk -t1 -c"$HELLO_CONNECTIONS" -d"$DURATION"s --latency "$HELLO" > "$out/$scenario-$rep.hello" 2>&1
  if [ -n "$cpu_pid" ]; then wait "$cpu_pid"; fi
  echo "rep $rep $scenario: /hello $(rps "$out/$scenario-$rep.hello") req/s p99 $(p99 "$out/$scenario-$rep.hello") ms"
}

for rep in $(seq 1 "$REPS"); do
  case $((rep % 3)) in
    1) order=(hello inline offload) ;;
    2) order=(offload hello inline) ;;
    0) order=(inline offload hello) ;;
  esac
  for s in "${order[@]}"; do run_scenario "$s" "$rep"; done
done
stop_app

med() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$($1 "$out/$2-$r.$3")"); done; median "${vals[@]}"; }
non2xx() { local n=0; for r in $(seq 1 "$REPS"); do n=$((n + $(errors "$out/$1-$r.cpu"))); done; echo "$n"; }

h_rps=$(med rps hello hello); i_rps=$(med rps inline hello); o_rps=$(med rps offload hello)
h_p99=$(med p99 hello hello); i_p99=$(med p99 inline hello); o_p99=$(med p99 offload hello)
{
  echo "N=$N workers, offload defaults ($APP_ARGS), $REPS alternating repetitions, ${WARMUP}s warm-up, ${DURATION}s runs,"
  echo "/hello: wrk -t1 -c$HELLO_CONNECTIONS; CPU: wrk -t1 -c$CPU_CONNECTIONS on ${CPU_MS} ms of CPU per request; medians"
  echo
  echo "| scenario | /hello req/s | /hello p50 ms | /hello p99 ms | CPU req/s | CPU non-2xx |"
  echo "|---|---|---|---|---|---|"
  echo "| /hello only | $h_rps | $(med p50 hello hello) | $h_p99 | – | – |"
  echo "| mix, CPU inline on the event loop | $i_rps | $(med p50 inline hello) | $i_p99 | $(med rps inline cpu) | $(non2xx inline) |"
  echo "| mix, CPU offloaded | $o_rps | $(med p50 offload hello) | $o_p99 | $(med rps offload cpu) | $(non2xx offload) |"
  echo
  echo "- /hello p99, inline / offloaded: $(ratio "$i_p99" "$o_p99")x (target >= 5x)"
  echo "- /hello throughput under the offloaded mix / /hello only: $(ratio "$o_rps" "$h_rps")x (target >= 0.8x)"
  echo "- raw wrk reports: $out"
} | tee "$out/summary.md"
