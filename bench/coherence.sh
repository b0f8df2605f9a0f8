#!/usr/bin/env bash
# Cache coherence benchmark (reuseport.cache.redis.*), loopback only, against a real redis-server.
#  1. Propagation: bench's PropagationBenchmark (test sources) starts two instances linked through Redis and,
#     for COUNT keys each, times A's invalidation until B no longer has the entry: shared cache (B's store polled)
#     and HTTP cache (a purge on A, B polled with GETs). Prints p50 / p99 / max.
#  2. Throughput of one sample-app instance with the link on vs off, side by side (two JVMs, warmed, alternated,
#     medians over REPS): "hit" is GET /products/1 served from the cache (the link is not on this path);
#     "write-hot" is POST /products/2 and "write-spread" POST /products/<one of 100,000>: one invalidation per
#     request, which the "on" side also publishes to Redis (batched: reuseport.cache.redis.publish-interval).
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
COUNT=${COUNT:-1000}
REDIS_PORT=${REDIS_PORT:-16379}

ensure_tools
command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/coherence-$stamp"
mkdir -p "$out"

# 1. Propagation, in one JVM of the test class path.
(cd "$ROOT_DIR" && ./mvnw -q -B -ntp -pl reuseport-autoconfigure -am install -DskipTests \
  && ./mvnw -q -B -ntp -pl reuseport-autoconfigure test-compile dependency:build-classpath \
       -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt")
cp="$ROOT_DIR/reuseport-autoconfigure/target/test-classes:$ROOT_DIR/reuseport-autoconfigure/target/classes:$(cat "$out/classpath.txt")"
# shellcheck disable=SC2086
timeout 600 java $JVM_OPTS -cp "$cp" dev.reuseport.cache.coherence.PropagationBenchmark "$COUNT" > "$out/propagation.log" 2>&1
grep '^RESULT' "$out/propagation.log"

# 2. Throughput, link on vs off.
BENCH_REBUILD=1 ensure_jar
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --logfile "" > "$out/redis.log" 2>&1 &
REDIS_PID=$!
COMMON=(--reuseport.workers="$N" --spring.data.redis.port="$REDIS_PORT" --reuseport.offload.queue-capacity=1024 ${EXTRA_ARGS:-})
PORT=$ON_PORT start_app coherence-on -- "${COMMON[@]}" --reuseport.cache.redis.enabled=true
ON_PID=$APP_PID
PORT=$OFF_PORT start_app coherence-off -- "${COMMON[@]}" --reuseport.cache.redis.enabled=false
OFF_PID=$APP_PID
APP_PID=""
stop_all() {
  for p in $ON_PID $OFF_PID $REDIS_PID; do kill "$p" 2>/dev/null || true; done
  for p in $ON_PID $OFF_PID $REDIS_PID; do wait "$p" 2>/dev/null || true; done
}
trap stop_all EXIT

for side in on off; do
  p=$(port_of $side)
  wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s "http://127.0.0.1:$p/products/1" >/dev/null 2>&1
  wrk -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s -s "$BENCH_DIR/post.lua" "http://127.0.0.1:$p/" -- spread >/dev/null 2>&1
done
curl -s "http://127.0.0.1:$ON_PORT/actuator/reuseportcache" | grep -o '"link":{[^}]*}' > "$out/link-before.txt" || true

run() {
  local scenario=$1 side=$2 rep=$3 p
  p=$(port_of "$side")
  case $scenario in
    hit) wrk_run "$out/$scenario-$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "http://127.0.0.1:$p/products/1" ;;
    write-hot) wrk_run "$out/$scenario-$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency -s "$BENCH_DIR/post.lua" "http://127.0.0.1:$p/" -- hot ;;
    write-spread) wrk_run "$out/$scenario-$side-$rep" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency -s "$BENCH_DIR/post.lua" "http://127.0.0.1:$p/" -- spread ;;
  esac
  echo "rep $rep $scenario $side: $(rps "$out/$scenario-$side-$rep") req/s, errors $(errors "$out/$scenario-$side-$rep")"
}
for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then sides=(on off); else sides=(off on); fi
  for scenario in hit write-hot write-spread; do
    for side in "${sides[@]}"; do run "$scenario" "$side" "$rep"; done
  done
done
curl -s "http://127.0.0.1:$ON_PORT/actuator/reuseportcache" | grep -o '"link":{[^}]*}' > "$out/link-after.txt" || true

med() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$($1 "$out/$2-$r")"); done; median "${vals[@]}"; }
{
  echo "Propagation over $COUNT invalidations each, loopback, two instances in one JVM:"
  grep '^RESULT' "$out/propagation.log" | sed 's/^RESULT /- /'
  echo
  echo "N=$N workers, $REPS alternating repetitions, ${WARMUP}s warm-up per JVM, ${DURATION}s runs, wrk -t1 -c$CONNECTIONS, medians"
  echo
  echo "| scenario | link on req/s | link off req/s | on / off | on p50 / p99 ms | off p50 / p99 ms | errors on / off |"
  echo "|---|---|---|---|---|---|---|"
  for s in hit write-hot write-spread; do
    on=$(med rps "$s-on"); off=$(med rps "$s-off")
    eon=0; eoff=0; for r in $(seq 1 "$REPS"); do eon=$((eon + $(errors "$out/$s-on-$r"))); eoff=$((eoff + $(errors "$out/$s-off-$r"))); done
    echo "| $s | $on | $off | $(ratio "$on" "$off") | $(med p50 "$s-on") / $(med p99 "$s-on") | $(med p50 "$s-off") / $(med p99 "$s-off") | $eon / $eoff |"
  done
  echo
  echo "link before: $(cat "$out/link-before.txt")"
  echo "link after:  $(cat "$out/link-after.txt")"
} | tee "$out/summary.md"
