#!/usr/bin/env bash
# One run of zero-downtime.sh, inside a private network namespace. Arguments: tcp_migrate_req, output folder.
set -euo pipefail
migrate=$1
out=$2
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-30}
ip link set lo up
sysctl -qw net.ipv4.tcp_migrate_req="$migrate"
events="$out/m$migrate-events.txt"
: > "$events"
log() { echo "$(date -u +%H:%M:%S.%N | cut -c1-12) $*" | tee -a "$events"; }
ADMIN=(--management.endpoint.reuseport.access=unrestricted --server.shutdown=graceful
       --spring.lifecycle.timeout-per-shutdown-phase=20s --reuseport.restart-delay=500ms)
start_app "zd-m$migrate-a" -- "${ADMIN[@]}"
first=$APP_PID
log "first JVM pid $first serving on :$PORT"
wrk -t1 -c64 -d10s "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1   # warm-up
wrk -t1 -c32 -d"$DURATION"s --latency "http://127.0.0.1:$PORT/hello" > "$out/m$migrate-keepalive.txt" 2>&1 &
ka=$!
wrk -t1 -c32 -d"$DURATION"s --latency -H 'Connection: close' "http://127.0.0.1:$PORT/hello" > "$out/m$migrate-close.txt" 2>&1 &
cl=$!
sleep 3
log "restart all workers: $(curl -s -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$PORT/actuator/reuseport/restart")"
for _ in $(seq 1 200); do
  curl -s "http://127.0.0.1:$PORT/actuator/reuseport" | grep -q '"generation":0' || break
  sleep 0.1
done
log "every worker replaced: $(curl -s "http://127.0.0.1:$PORT/actuator/reuseport" | grep -o '"eventLoopThreads":\[[^]]*\]' | tr '\n' ' ')"
sleep 3
java $JVM_OPTS -jar "$JAR" --server.port="$PORT" --logging.level.root=WARN --reuseport.allow-shared-port=true \
  "${ADMIN[@]}" > "$RESULTS_DIR/zd-m$migrate-b.app.log" 2>&1 &
second=$!
for _ in $(seq 1 300); do
  [ "$(ss -Hltn "sport = :$PORT" | wc -l)" -ge 4 ] && break
  sleep 0.1
done
log "second JVM pid $second joined: $(ss -Hltn "sport = :$PORT" | wc -l) listeners"
sleep 2
kill -TERM "$first"
start=$(date +%s%N)
wait "$first" 2>/dev/null || true
log "first JVM stopped after $(( ($(date +%s%N) - start) / 1000000 )) ms; listeners now $(ss -Hltn "sport = :$PORT" | wc -l)"
APP_PID=""
wait "$ka" "$cl"
log "loads finished"
kill -TERM "$second"; wait "$second" 2>/dev/null || true
