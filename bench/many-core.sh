#!/bin/bash
# Many-core benchmark (issue 10): the server pinned to the first half of the cores, wrk to the other half (one wrk
# thread per core, -c256), /hello with keep-alive then with Connection: close, one JVM per configuration, one line
# per configuration (req/s, p99 and the server JVM's CPU µs per request, from /proc). Rows by default (H = half the cores):
#   raw          H raw Reactor Netty servers on one port (bench/RawNettyHello, no Spring): the JVM's ceiling
#   boot         Spring Boot's own Netty server (reuseport.enabled=false), http.server.requests observation on
#   boot-noobs   the same with the observation off
#   rp           the starter, H workers, balance=least-connections, observation on
#   rp-noobs     the same with the observation off
#   rp-kernel    the starter, H workers, balance=kernel (connections stay where the kernel's hash put them)
# or the configurations given as arguments, "label:app arguments". On the many-core host (no JDK) it runs from
# .devpayload (../shared/device/build-payload.sh, plus bench/RawNettyHello.class compiled here: see below);
# elsewhere from the local java, the sample-app jar and wrk. Results: $OUT/summary.txt (or /tmp/many-core).
#   run(command="bash bench/many-core.sh", carry=[".devpayload"])
# Compile the raw server for the payload here first: javac -d .devpayload/raw -cp 'sample jar libs' bench/RawNettyHello.java
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10}
WARM=${WARM:-12}
if [ -f "$ROOT/.devpayload/payload.tar.xz" ]; then
  P=/tmp/p; mkdir -p $P; [ -x $P/jre/bin/java ] || tar -xJf "$ROOT/.devpayload/payload.tar.xz" -C $P || exit 1
  export LD_LIBRARY_PATH=$P/lib
  J=$P/jre/bin/java; APP=$P/app; WRK=$P/wrk
else
  J=java; WRK=wrk; APP=/tmp/many-core-app
  if [ ! -d "$APP/BOOT-INF" ]; then mkdir -p "$APP" && (cd "$APP" && unzip -q "$ROOT"/sample-app/target/sample-app-*-SNAPSHOT.jar); fi
fi
RAW_CLASSES=${RAW_CLASSES:-$ROOT/.devpayload/raw}
if [ ! -f "$RAW_CLASSES/RawNettyHello.class" ] && command -v javac >/dev/null; then
  mkdir -p "$RAW_CLASSES" && javac -nowarn -d "$RAW_CLASSES" -cp "$APP/BOOT-INF/lib/*" "$ROOT/bench/RawNettyHello.java"
fi
CP="$APP/BOOT-INF/classes:$APP/BOOT-INF/lib/*"
sysctl -qw net.ipv4.tcp_tw_reuse=1 net.ipv4.ip_local_port_range="1024 65000" net.core.somaxconn=4096 2>/dev/null
command -v taskset >/dev/null || { echo "no taskset"; exit 1; }
N=$(nproc); H=$((N / 2)); [ "$H" -ge 1 ] || H=1
SC=0-$((H - 1)); LC=$H-$((N - 1)); LT=$((N - H))
OUTD=${OUTD:-/tmp/many-core}; mkdir -p $OUTD; : > $OUTD/summary.txt
NOOBS="--management.observations.enable.http.server.requests=false"
if [ $# -eq 0 ]; then
  set -- "raw:" "boot:--reuseport.enabled=false" "boot-noobs:--reuseport.enabled=false $NOOBS" \
    "rp:--reuseport.workers=$H" "rp-noobs:--reuseport.workers=$H $NOOBS" "rp-kernel:--reuseport.workers=$H --reuseport.balance=kernel"
fi
# ticks PID: the process's user + system CPU so far; cpu_us TICKS WRK-REPORT: server CPU µs per request of a run.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
cpu_us() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" '/requests in/ { n = $1 } END { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "n/a" }' "$2"; }
up() { curl -fs -o /dev/null --max-time 1 http://127.0.0.1:18080/hello 2>/dev/null \
  || python3 -c "import urllib.request as u;u.urlopen('http://127.0.0.1:18080/hello',timeout=1)" 2>/dev/null; }
echo "server cores $SC, wrk cores $LC (-t$LT -c256), ${DURATION}s runs after ${WARM}s warm-up" | tee -a $OUTD/summary.txt
for cfg in "$@"; do
  label=${cfg%%:*}; args=${cfg#*:}
  # taskset execs java, so $! is the JVM itself
  if [ "$label" = raw ]; then
    [ -f "$RAW_CLASSES/RawNettyHello.class" ] || { echo "raw: no RawNettyHello.class" | tee -a $OUTD/summary.txt; continue; }
    taskset -c $SC $J -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$RAW_CLASSES:$APP/BOOT-INF/lib/*" RawNettyHello 18080 $H \
      > $OUTD/$label.log 2>&1 & pid=$!
  else
    # shellcheck disable=SC2086
    taskset -c $SC $J -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$CP" dev.reuseport.sample.SampleReusePortApplication \
      --server.port=18080 --logging.level.root=warn --reuseport.cache.http.enabled=false $args > $OUTD/$label.log 2>&1 & pid=$!
  fi
  for _ in $(seq 1 120); do up && break; sleep 0.25; done
  taskset -c $LC $WRK -t$LT -c256 -d${WARM}s http://127.0.0.1:18080/hello >/dev/null 2>&1
  t0=$(ticks $pid)
  taskset -c $LC $WRK -t$LT -c256 -d${DURATION}s --latency http://127.0.0.1:18080/hello > $OUTD/$label-ka.txt 2>&1
  ka_cpu=$(cpu_us $(( $(ticks $pid) - t0 )) $OUTD/$label-ka.txt); sleep 1; t0=$(ticks $pid)
  taskset -c $LC $WRK -t$LT -c256 -d${DURATION}s --latency -H 'Connection: close' http://127.0.0.1:18080/hello > $OUTD/$label-close.txt 2>&1
  close_cpu=$(cpu_us $(( $(ticks $pid) - t0 )) $OUTD/$label-close.txt)
  echo "$label ka $(awk '/Requests\/sec/{print $2}' $OUTD/$label-ka.txt) p99 $(awk '$1=="99%"{print $2}' $OUTD/$label-ka.txt) cpu ${ka_cpu}us/req | close $(awk '/Requests\/sec/{print $2}' $OUTD/$label-close.txt) p99 $(awk '$1=="99%"{print $2}' $OUTD/$label-close.txt) cpu ${close_cpu}us/req | $(grep -h 'Socket errors' $OUTD/$label-*.txt | tr '\n' ' ')" | tee -a $OUTD/summary.txt
  kill $pid; wait $pid 2>/dev/null
  for _ in $(seq 1 40); do up || break; sleep 0.25; done
done
[ -n "${OUT:-}" ] && { cp $OUTD/summary.txt "$OUT"/; tar -czf "$OUT"/detail.tgz -C $OUTD .; }
exit 0
