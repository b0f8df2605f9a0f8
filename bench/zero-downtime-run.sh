#!/usr/bin/env bash
# One run of zero-downtime.sh, inside a private network namespace. Arguments: tcp_migrate_req, output folder.
set -euo pipefail
migrate=$1
out=$2
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-90}
CYCLES=${CYCLES:-3}
ip link set lo up
sysctl -qw net.ipv4.tcp_migrate_req="$migrate"
events="$out/m$migrate-events.txt"
: > "$events"
log() { echo "$(date -u +%H:%M:%S.%N | cut -c1-12) $*" | tee -a "$events"; }
ADMIN=(--management.endpoint.reuseport.access=unrestricted --server.shutdown=graceful
       --spring.lifecycle.timeout-per-shutdown-phase=20s --reuseport.restart-delay=500ms)
ADMIN+=(--reuseport.workers="$N")
start_app "zd-m$migrate-jvm0" -- "${ADMIN[@]}"
current=$APP_PID
log "JVM 0 pid $current serving on :$PORT with $N workers"
wrk -t1 -c64 -d"$WARMUP"s "http://127.0.0.1:$PORT/hello" >/dev/null 2>&1   # warm-up
wrk -t1 -c32 -d"$DURATION"s --latency "http://127.0.0.1:$PORT/hello" > "$out/m$migrate-keepalive.txt" 2>&1 &
ka=$!
wrk -t1 -c32 -d"$DURATION"s --latency -H 'Connection: close' "http://127.0.0.1:$PORT/hello" > "$out/m$migrate-close.txt" 2>&1 &
cl=$!
began=$(date +%s)
sleep 3
for cycle in $(seq 1 "$CYCLES"); do
  log "cycle $cycle: restart all workers: $(curl -s -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$PORT/actuator/reuseport/restart")"
  for _ in $(seq 1 200); do
    curl -s "http://127.0.0.1:$PORT/actuator/reuseport" | grep -q '"generation":0' || break
    sleep 0.1
  done
  log "cycle $cycle: every worker replaced"
  sleep 2
  # shellcheck disable=SC2086
  java $JVM_OPTS -jar "$JAR" --server.port="$PORT" --logging.level.root=WARN --reuseport.allow-shared-port=true \
    "${ADMIN[@]}" > "$RESULTS_DIR/zd-m$migrate-jvm$cycle.app.log" 2>&1 &
  next=$!
  for _ in $(seq 1 600); do
    [ "$(ss -Hltn "sport = :$PORT" | wc -l)" -ge $((2 * N)) ] && break
    sleep 0.1
  done
  log "cycle $cycle: JVM $cycle pid $next joined: $(ss -Hltn "sport = :$PORT" | wc -l) listeners"
  sleep 2
  kill -TERM "$current"
  start=$(date +%s%N)
  wait "$current" 2>/dev/null || true
  log "cycle $cycle: JVM $((cycle - 1)) stopped after $(( ($(date +%s%N) - start) / 1000000 )) ms; listeners now $(ss -Hltn "sport = :$PORT" | wc -l)"
  current=$next
  APP_PID=$current
  sleep 2
done
log "cycles done after $(( $(date +%s) - began )) s of the ${DURATION} s load"
wait "$ka" "$cl"
log "loads finished"
stop_app
