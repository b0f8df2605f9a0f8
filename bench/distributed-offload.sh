#!/usr/bin/env bash
# Distributed offload queue benchmark (reuseport.offload.distributed.*), loopback only, against a real redis-server.
#  Hop: HopBenchmark (test sources) runs a worker and a submitter in one JVM and times a 1 ms CPU task through the
#  queue against the same task on a local pool, one call at a time, alternating rounds of CALLS after WARMUP seconds;
#  prints p50 / p99 of each and what the queue adds, then empty tasks/s through one Redis with 64 calls in flight.
#  Spill-over (two instances, one flooded) needs cores the two instances do not share: run it on the many-core
#  host; on 2 cores both instances and the load generator share the same cores (see docs/benchmarks.md).
source "$(dirname "$0")/lib.sh"

WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-10}
CALLS=${CALLS:-200}
REDIS_PORT=${REDIS_PORT:-16380}

command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/distributed-offload-$stamp"
mkdir -p "$out"
(cd "$ROOT_DIR" && ./mvnw -q -B -ntp -pl reuseport-autoconfigure -am install -DskipTests \
  && ./mvnw -q -B -ntp -pl reuseport-autoconfigure test-compile dependency:build-classpath \
       -Dmdep.includeScope=test -Dmdep.outputFile="$out/classpath.txt")
cp="$ROOT_DIR/reuseport-autoconfigure/target/test-classes:$ROOT_DIR/reuseport-autoconfigure/target/classes:$(cat "$out/classpath.txt")"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --logfile "" > "$out/redis.log" 2>&1 &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null || true' EXIT
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
# shellcheck disable=SC2086
timeout 600 java $JVM_OPTS -cp "$cp" dev.reuseport.offload.distributed.HopBenchmark "$REDIS_PORT" "$WARMUP" "$ROUNDS" "$CALLS" \
  > "$out/hop.log" 2>&1
grep '^RESULT' "$out/hop.log" | tee "$out/summary.txt"
