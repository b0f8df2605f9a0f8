#!/usr/bin/env bash
# Early cache hits (reuseport.cache.http.serve-hits-early): the cached /products/1 served in the Netty pipeline,
# side by side, in one run, with
#   raw   N raw Reactor Netty servers on one port (SO_REUSEPORT, bench/RawNettyHello.java) answering "hello":
#         the ceiling of a JVM without Spring; target early / raw >= 0.8
#   late  the sample app with early hits off: the hit is served by the cache's WebFilter, after Spring's
#         adapter and exchange; target early / late >= 2
# Each JVM has N workers (event loops) and is warmed up; the three alternate over REPS; medians.
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
RAW_PORT=$((PORT + 2))

ensure_tools
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/early-hits-$stamp"
mkdir -p "$out/app"
(cd "$out/app" && unzip -q "$JAR")
COMMON=(--reuseport.workers="$N" --reuseport.offload.queue-capacity=1024 --reuseport.cache.http.enabled=true)

PORT=$ON_PORT start_app early -- "${COMMON[@]}" --reuseport.cache.http.serve-hits-early=true
EARLY_PID=$APP_PID
PORT=$OFF_PORT start_app late -- "${COMMON[@]}" --reuseport.cache.http.serve-hits-early=false
LATE_PID=$APP_PID
APP_PID=""
# shellcheck disable=SC2086
java $JVM_OPTS -cp "$out/app/BOOT-INF/lib/*" "$BENCH_DIR/RawNettyHello.java" "$RAW_PORT" "$N" > "$out/raw.log" 2>&1 &
RAW_PID=$!
stop_all() {
  for p in $EARLY_PID $LATE_PID $RAW_PID; do kill "$p" 2>/dev/null || true; done
  for p in $EARLY_PID $LATE_PID $RAW_PID; do wait "$p" 2>/dev/null || true; done
}
trap stop_all EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$RAW_PORT/" >/dev/null 2>&1 && break; sleep 0.5; done

url_of() {
  case $1 in
    raw) echo "http://127.0.0.1:$RAW_PORT/hello" ;;
    early) echo "http://127.0.0.1:$ON_PORT/products/1" ;;
    late) echo "http://127.0.0.1:$OFF_PORT/products/1" ;;
  esac
}
for side in early late raw; do
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP"s "$(url_of $side)" >/dev/null 2>&1
done
curl -s -o /dev/null "$(url_of early)"; curl -si "$(url_of early)" | grep -i "^cache-status" > "$out/cache-status.txt" || true

for rep in $(seq 1 "$REPS"); do
  case $((rep % 3)) in 1) order=(early late raw) ;; 2) order=(raw early late) ;; 0) order=(late raw early) ;; esac
  for side in "${order[@]}"; do
    wrk_run "$out/$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "$(url_of $side)"
    echo "rep $rep $side: $(rps "$out/$side-$rep") req/s, errors $(errors "$out/$side-$rep")"
  done
done
early_count=$(curl -s "http://127.0.0.1:$ON_PORT/actuator/reuseportcache" | grep -o '"earlyHits":[0-9]*' || true)

med() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$($1 "$out/$2-$r")"); done; median "${vals[@]}"; }
{
  echo "N=$N workers / servers, $REPS rotating repetitions, ${WARMUP}s warm-up per JVM, ${DURATION}s runs, wrk -t1 -c$CONNECTIONS, medians"
  echo
  echo "| side | what | req/s | p50 / p99 ms | errors |"
  echo "|---|---|---|---|---|"
  for side in raw early late; do
    e=0; for r in $(seq 1 "$REPS"); do e=$((e + $(errors "$out/$side-$r"))); done
    case $side in raw) what="raw Reactor Netty x$N, hello" ;; early) what="/products/1, early hits on" ;; late) what="/products/1, early hits off" ;; esac
    echo "| $side | $what | $(med rps "$side") | $(med p50 "$side") / $(med p99 "$side") | $e |"
  done
  echo
  echo "early / raw: $(ratio "$(med rps early)" "$(med rps raw)")   early / late: $(ratio "$(med rps early)" "$(med rps late)")"
  echo "Cache-Status of an early hit: $(tr -d '\r' < "$out/cache-status.txt"); early side $early_count"
} | tee "$out/summary.md"
