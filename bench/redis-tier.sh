#!/usr/bin/env bash
# Redis tier of the HTTP response cache (reuseport.cache.redis.share-responses), loopback only, against a real
# redis-server. Four JVMs of the sample app (N reuseport workers each), all with the HTTP cache and the coherence
# link on one Redis:
#   A1, A2, A3  share-responses=true   (ports PORT, PORT+2, PORT+3)
#   OFF         share-responses=false  (port PORT+1)
# Each is warmed for WARMUP seconds. Then, over REPS alternating repetitions (medians reported):
#   1. local hit   wrk on /products/1 (a local hit on both), A1 vs OFF: the tier must not slow a hit (>= 0.98x)
#   2. miss        wrk with bench/miss.lua (/price?id=<never seen>), A1 vs OFF: what the tier adds to a miss
#                  (one Redis lookup, one background write); server CPU per request from /proc
#   3. latency     bench/LatencyProbe.java sends COUNT never-seen /products/<id> once each (5 ms of CPU to render):
#                  to A1 (origin, then written to Redis), to A2 (each one a Redis hit), to A2 again (local hits),
#                  and to OFF (origin, tier off); p50 / p99 of each, and what Cache-Status said
#   4. cold key    one never-seen /products/<id>, hammered by wrk on A1, A2 and A3 at once (and, once A2 and A3
#                  are restarted with share-responses=false, on OFF, A2 and A3): origin renders counted from
#                  the offload scheduler's completed tasks of each instance
# FLEET=0 runs parts 1 and 2 only, with A1 and OFF alone on the box (less noise for the ratios);
# SCENARIOS picks among "hit miss".
source "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
COUNT=${COUNT:-2000}
PROBE_CONCURRENCY=${PROBE_CONCURRENCY:-1}
FLEET=${FLEET:-1}
SCENARIOS=${SCENARIOS:-hit miss}
REDIS_PORT=${REDIS_PORT:-16379}
HOST_HEADER=${HOST_HEADER:-shop.example}   # the ingress sends one Host to every instance; it is part of the cache key
A2_PORT=$((PORT + 2))
A3_PORT=$((PORT + 3))

ensure_tools
command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/redis-tier-$stamp"
mkdir -p "$out"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --logfile "" \
  --maxmemory 256mb --maxmemory-policy allkeys-lru > "$out/redis.log" 2>&1 &
REDIS_PID=$!
PIDS=()
stop_all() {
  for p in "${PIDS[@]}" $REDIS_PID; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}" $REDIS_PID; do wait "$p" 2>/dev/null || true; done
}
trap stop_all EXIT

COMMON=(--reuseport.workers="$N" --reuseport.offload.queue-capacity=1024 --spring.data.redis.port="$REDIS_PORT"
  --reuseport.cache.http.enabled=true --reuseport.cache.redis.enabled=true ${EXTRA_ARGS:-})
# start_instance NAME PORT SHARE: one JVM; its PID in INSTANCE_PID
start_instance() {
  PORT=$2 start_app "$1" -- "${COMMON[@]}" --reuseport.cache.redis.share-responses="$3"
  INSTANCE_PID=$APP_PID
  PIDS+=("$APP_PID")
  APP_PID=""
}
start_instance redis-tier-a1 "$ON_PORT" true; A1_PID=$INSTANCE_PID
start_instance redis-tier-off "$OFF_PORT" false
PORTS=("$ON_PORT" "$OFF_PORT")
if [ "$FLEET" = 1 ]; then
  start_instance redis-tier-a2 "$A2_PORT" true; A2_PID=$INSTANCE_PID
  start_instance redis-tier-a3 "$A3_PORT" true; A3_PID=$INSTANCE_PID
  PORTS+=("$A2_PORT" "$A3_PORT")
fi

for p in "${PORTS[@]}"; do
  wrk -H "Host: $HOST_HEADER" -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s "http://127.0.0.1:$p/products/1" >/dev/null 2>&1
  wrk -H "Host: $HOST_HEADER" -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s -s "$BENCH_DIR/miss.lua" "http://127.0.0.1:$p/" -- "warm-$p" >/dev/null 2>&1
  java -Djdk.httpclient.allowRestrictedHeaders=host "$BENCH_DIR/LatencyProbe.java" "$PROBE_CONCURRENCY" "http://127.0.0.1:$p" "/products/warm-$p-" 500 "$HOST_HEADER" >/dev/null
done
curl -si -H "Host: $HOST_HEADER" "http://127.0.0.1:$ON_PORT/products/1" | grep -i '^cache-status' | tr -d '\r' > "$out/cache-status.txt" || true

run() {
  local scenario=$1 side=$2 rep=$3 p
  p=$(port_of "$side")
  APP_PID=$([ "$side" = on ] && echo "$A1_PID" || echo "${PIDS[1]}")
  case $scenario in
    hit) measured_run "$out/$scenario-$side-$rep" -H "Host: $HOST_HEADER" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency "http://127.0.0.1:$p/products/1" ;;
    miss) measured_run "$out/$scenario-$side-$rep" -H "Host: $HOST_HEADER" -t1 -c"$CONNECTIONS" -d"$DURATION"s --latency -s "$BENCH_DIR/miss.lua" "http://127.0.0.1:$p/" -- "$stamp-$side-$rep" ;;
  esac
  APP_PID=""
  echo "rep $rep $scenario $side: $(rps "$out/$scenario-$side-$rep") req/s, $(cpu_us "$out/$scenario-$side-$rep") us CPU/request, errors $(errors "$out/$scenario-$side-$rep")"
}
probe() {
  local name=$1 port=$2 prefix=$3
  java -Djdk.httpclient.allowRestrictedHeaders=host "$BENCH_DIR/LatencyProbe.java" "$PROBE_CONCURRENCY" "http://127.0.0.1:$port" "$prefix" "$COUNT" "$HOST_HEADER" > "$out/$name"
  echo "rep $rep $name: $(cat "$out/$name")"
}
completed() { curl -s "http://127.0.0.1:$1/actuator/reuseport" | grep -o '"completed":[0-9]*' | head -1 | cut -d: -f2; }
# cold_key NAME PORT...: hammers one new key on every port at once; prints the origin renders it cost
cold_key() {
  local name=$1 key="cold-$stamp-$1" before=() total=0 i=0 wrks=(); shift
  for p in "$@"; do before+=("$(completed "$p")"); done
  for p in "$@"; do
    wrk -H "Host: $HOST_HEADER" -t1 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$p/products/$key" > "$out/$name-$p" 2>&1 &
    wrks+=($!)
  done
  for w in "${wrks[@]}"; do wait "$w"; done
  for p in "$@"; do total=$((total + $(completed "$p") - before[i])); i=$((i + 1)); done
  echo "$total" > "$out/$name"
  echo "$name: $total origin renders over $# instances"
}

for rep in $(seq 1 "$REPS"); do
  if [ $((rep % 2)) -eq 1 ]; then sides=(on off); else sides=(off on); fi
  for scenario in $SCENARIOS; do
    for side in "${sides[@]}"; do run "$scenario" "$side" "$rep"; done
  done
  [ "$FLEET" = 1 ] || continue
  probe "origin-a1-$rep" "$ON_PORT" "/products/probe-$stamp-$rep-"
  probe "redis-hit-a2-$rep" "$A2_PORT" "/products/probe-$stamp-$rep-"
  probe "local-hit-a2-$rep" "$A2_PORT" "/products/probe-$stamp-$rep-"
  probe "origin-off-$rep" "$OFF_PORT" "/products/probe-off-$stamp-$rep-"
  cold_key "cold-on-$rep" "$ON_PORT" "$A2_PORT" "$A3_PORT"
done
curl -s "http://127.0.0.1:$ON_PORT/actuator/reuseportcache" > "$out/a1-endpoint.json" || true
curl -s "http://127.0.0.1:$A2_PORT/actuator/reuseportcache" > "$out/a2-endpoint.json" || true

if [ "$FLEET" = 1 ]; then
  # what one entry costs in Redis: a /products page (about 150 bytes of body) and the epochs it depends on
  redis_cli() { redis-cli -p "$REDIS_PORT" "$@"; }
  if command -v redis-cli >/dev/null 2>&1; then
    entry=$(redis_cli --scan --pattern 'rp:sample:v1:e:*' 2>/dev/null | head -1 || true)
    {
      echo "entry $entry: $(redis_cli memory usage "$entry") bytes"
      echo "epoch a: $(redis_cli memory usage rp:sample:v1:a) bytes"
      echo "keys: $(redis_cli dbsize), used_memory: $(redis_cli info memory | grep '^used_memory:' | tr -d '\r')"
    } > "$out/redis-memory.txt"
  fi

  # the cold key with the tier off on A2 and A3 as well
  for p in $A2_PID $A3_PID; do kill "$p"; wait "$p" 2>/dev/null || true; done
  start_instance redis-tier-b2 "$A2_PORT" false
  start_instance redis-tier-b3 "$A3_PORT" false
  for p in "$A2_PORT" "$A3_PORT"; do
    wrk -H "Host: $HOST_HEADER" -t1 -c"$CONNECTIONS" -d"$((WARMUP / 2))"s "http://127.0.0.1:$p/products/1" >/dev/null 2>&1
  done
  for rep in $(seq 1 "$REPS"); do cold_key "cold-off-$rep" "$OFF_PORT" "$A2_PORT" "$A3_PORT"; done
fi

med() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$($1 "$out/$2-$r")"); done; median "${vals[@]}"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$2"; }
pmed() { local vals=(); for r in $(seq 1 "$REPS"); do vals+=("$(field "$1" "$out/$2-$r")"); done; median "${vals[@]}"; }
{
  echo "N=$N workers per instance, $REPS alternating repetitions, ${WARMUP}s warm-up per JVM, ${DURATION}s wrk runs (-t1 -c$CONNECTIONS), medians"
  echo
  echo "| scenario | tier on (A1) req/s | tier off req/s | on / off | on p50 / p99 ms | off p50 / p99 ms | on / off CPU µs per request |"
  echo "|---|---|---|---|---|---|---|"
  for s in $SCENARIOS; do
    on=$(med rps "$s-on"); off=$(med rps "$s-off")
    echo "| $s | $on | $off | $(ratio "$on" "$off") | $(med p50 "$s-on") / $(med p99 "$s-on") | $(med p50 "$s-off") / $(med p99 "$s-off") | $(med cpu_us "$s-on") / $(med cpu_us "$s-off") |"
  done
  echo "paired on/off ratios: $(for sc in $SCENARIOS; do printf '%s ' "$sc"; for r in $(seq 1 "$REPS"); do printf '%s ' "$(ratio "$(rps "$out/$sc-on-$r")" "$(rps "$out/$sc-off-$r")")"; done; done)"
  if [ "$FLEET" = 1 ]; then
    echo
    echo "Latency of $COUNT new /products/<id> each (5 ms render), $PROBE_CONCURRENCY connections, JDK HttpClient:"
    echo
    echo "| served by | p50 ms | p99 ms | outcomes (last repetition) |"
    echo "|---|---|---|---|"
    for s in origin-off origin-a1 redis-hit-a2 local-hit-a2; do
      echo "| $s | $(pmed p50 "$s") | $(pmed p99 "$s") | $(field outcomes "$out/$s-$REPS") |"
    done
    echo
    echo "Origin renders for one cold key hammered on 3 instances at once (wrk -c$CONNECTIONS each, 2 s):"
    echo "- tier on:  $(for r in $(seq 1 "$REPS"); do printf '%s ' "$(cat "$out/cold-on-$r")"; done)"
    echo "- tier off: $(for r in $(seq 1 "$REPS"); do printf '%s ' "$(cat "$out/cold-off-$r")"; done)"
    echo
    echo "Cache-Status of /products/1 on A1: $(cat "$out/cache-status.txt")"
    [ -f "$out/redis-memory.txt" ] && cat "$out/redis-memory.txt"
    echo "A1 tier: $(grep -o '"redis":{[^}]*}' "$out/a1-endpoint.json")"
    echo "A2 tier: $(grep -o '"redis":{[^}]*}' "$out/a2-endpoint.json")"
  fi
} | tee "$out/summary.md"
