#!/usr/bin/env bash
# Trader start-up and memory benchmark (issue: foundation and trader).
#   cold start: process spawn -> first HTTP 200 from /api/health, and -> first status "ok" (reconciled, loop running)
#   memory: RSS of a trader that has been trading for a while
# Usage: scripts/bench-trader.sh [runs=10] [trade-seconds=60]
# Uses app/target/pog.jar (build it with ./mvnw -DskipTests package) and the JVM flags of ./pog.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="$here/app/target/pog.jar"
runs="${1:-10}"
trade="${2:-60}"
opts="${POG_JAVA_OPTS:--XX:+UseSerialGC -Xss512k -Xms16m -Xmx128m -XX:TieredStopAtLevel=1}"
[ -f "$jar" ] || { echo "build first: ./mvnw -DskipTests package" >&2; exit 1; }
work="$(mktemp -d)"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/trader.yaml" <<YAML
service: trader-bench
port: $port
dataDir: $work/data
controlTokenFile: $work/control.token
venue: {type: paper, seed: 42}
strategy: {symbols: [BTC, ETH, SOL]}
YAML

now_ms() { date +%s%3N; }
first200=(); firstok=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work/data"
  t0=$(now_ms)
  # shellcheck disable=SC2086
  java $opts -jar "$jar" trader --config "$work/trader.yaml" >/dev/null 2>&1 &
  pid=$!
  got200=""
  while :; do
    body=$(curl -s --max-time 1 "http://127.0.0.1:$port/api/health" || true)
    if [ -n "$body" ] && [ -z "$got200" ]; then got200=$(( $(now_ms) - t0 )); fi
    if echo "$body" | grep -q '"status":"ok"'; then break; fi
    sleep 0.005
  done
  ok=$(( $(now_ms) - t0 ))
  first200+=("$got200"); firstok+=("$ok")
  kill -TERM "$pid"; wait "$pid" || true
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "median %d ms, min %d ms, max %d ms (n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR}'; }
echo "cold start to first 200 /api/health: $(stats "${first200[@]}")"
echo "cold start to status ok:             $(stats "${firstok[@]}")"

rm -rf "$work/data"
# shellcheck disable=SC2086
java $opts -jar "$jar" trader --config "$work/trader.yaml" >/dev/null 2>&1 &
pid=$!
sleep "$trade"
positions=$(curl -s "http://127.0.0.1:$port/api/positions" | grep -o '"symbol"' | wc -l)
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
hwm=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")
echo "RSS after ${trade}s of trading: ${rss} MiB (peak ${hwm} MiB), open positions: $positions"
kill -TERM "$pid"; wait "$pid" || true
