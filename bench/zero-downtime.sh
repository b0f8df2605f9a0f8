#!/usr/bin/env bash
# Zero-downtime benchmark (Linux, root). For tcp_migrate_req = 1 and 0, inside a private network namespace
# (unshare -n, so the sysctl is set without touching the host and all traffic stays on that namespace's
# loopback): start the sample app, then run two wrk loads for DURATION (90) seconds, one keep-alive and one
# with Connection: close. wrk never retries: a connection closed under a request is a socket error. While they
# run, CYCLES (3) times: restart every worker through the Actuator 'restart' operation, then start the next
# JVM on the same port (reuseport.allow-shared-port=true) and stop the current one with SIGTERM (graceful
# shutdown: its workers drain). Prints requests, socket errors, non-2xx and worst latency of each load.
source "$(dirname "$0")/lib.sh"
trap - EXIT
ensure_tools
ensure_jar
command -v unshare >/dev/null && command -v ip >/dev/null || { echo "needs unshare (util-linux) and ip (iproute2)"; exit 1; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/zero-downtime-$stamp"
mkdir -p "$out"
for migrate in 1 0; do
  unshare -n bash "$BENCH_DIR/zero-downtime-run.sh" "$migrate" "$out" || echo "run with tcp_migrate_req=$migrate failed"
done
{
  echo "| tcp_migrate_req | load | requests | socket errors | non-2xx | worst latency |"
  echo "|---|---|---|---|---|---|"
  for migrate in 1 0; do
    for load in keepalive close; do
      f="$out/m$migrate-$load.txt"
      [ -f "$f" ] || continue
      req=$(awk '/requests in/ {print $1}' "$f")
      sock=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$f"); sock=${sock:-0}
      non2xx=$(awk '/Non-2xx/ {print $5}' "$f"); non2xx=${non2xx:-0}
      worst=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' "$f")
      echo "| $migrate | $load | $req | $sock | $non2xx | $worst |"
    done
  done
  echo
  echo "events: see $out/m*-events.txt; raw wrk reports: $out"
} | tee "$out/summary.md"
