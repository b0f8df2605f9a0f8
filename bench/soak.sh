#!/usr/bin/env bash
# Soak benchmark: one JVM of the sample app for DURATION (600) seconds at saturation with four wrk loads at once:
#   keep-alive  -c32 on /hello
#   churn       -c16 on /hello with Connection: close (a new connection per request)
#   offload     -c2 on /cpu/offload?ms=5 (the offload scheduler, below its refusal point)
#   cache       -c8 with bench/soak.lua (HTTP cache hits, misses and invalidations, shared cache)
# The heap is fixed and pre-touched (-Xms = -Xmx, AlwaysPreTouch) so that RSS shows native and direct memory,
# not the heap being touched page by page. RSS is read
# every 10 s; the report compares the mean of the last minute with that of the second minute (target: within
# 5 %) and sums socket errors and non-2xx answers over the loads (target: 0 each).
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-600}
JVM_OPTS=${BENCH_JVM_OPTS:-"-Xms512m -Xmx512m -XX:+UseParallelGC -XX:+AlwaysPreTouch"}
ensure_tools
ensure_jar
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$RESULTS_DIR/soak-$stamp"
mkdir -p "$out"
URL="http://127.0.0.1:$PORT"
start_app soak -- --reuseport.workers="$N" --reuseport.offload.queue-capacity=1000
echo "app pid $APP_PID, $N workers, $DURATION s"
wrk -t1 -c32 -d"$WARMUP"s "$URL/hello" >/dev/null 2>&1   # warm-up
wrk -t1 -c32 -d"$DURATION"s "$URL/hello" > "$out/keepalive.txt" 2>&1 &
loads=($!)
wrk -t1 -c16 -d"$DURATION"s -H 'Connection: close' "$URL/hello" > "$out/churn.txt" 2>&1 &
loads+=($!)
wrk -t1 -c2 -d"$DURATION"s "$URL/cpu/offload?ms=5" > "$out/offload.txt" 2>&1 &
loads+=($!)
wrk -t1 -c8 -d"$DURATION"s -s "$BENCH_DIR/soak.lua" "$URL" > "$out/cache.txt" 2>&1 &
loads+=($!)
echo "second,rss_kb" > "$out/rss.csv"
began=$(date +%s)
while kill -0 "${loads[0]}" 2>/dev/null; do
  echo "$(( $(date +%s) - began )),$(ps -o rss= -p "$APP_PID" | tr -d ' ')" >> "$out/rss.csv"
  sleep 10
done
wait "${loads[@]}" || true
stop_app
{
  echo "| load | requests | socket errors | non-2xx |"
  echo "|---|---|---|---|"
  for load in keepalive churn offload cache; do
    f="$out/$load.txt"
    req=$(awk '/requests in/ {print $1}' "$f")
    sock=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$f"); sock=${sock:-0}
    non2xx=$(awk '/Non-2xx/ {print $5}' "$f"); non2xx=${non2xx:-0}
    echo "| $load | $req | $sock | $non2xx |"
  done
  echo
  awk -F, 'NR > 1 && $1 >= 60 && $1 < 120 { a += $2; n++ } NR > 1 { last[NR] = $2; t[NR] = $1; max = NR }
    END {
      for (i = max; i > 1 && t[i] > t[max] - 60; i--) { b += last[i]; m++ }
      printf "RSS: second minute %.0f MB (mean of %d samples), last minute %.0f MB (mean of %d), change %+.1f %%\n",
        a / n / 1024, n, b / m / 1024, m, (b / m - a / n) * 100 / (a / n)
    }' "$out/rss.csv"
  echo "samples: $out/rss.csv; wrk reports: $out"
} | tee "$out/summary.md"
