#!/usr/bin/env bash
# A trader that never waits: the Hyperliquid simulator turns slow and flaky (latency + HTTP 5xx through
# /admin/faults) for a while, a trader holds a protected position against it, and /api/health is sampled every
# 100 ms. Prints checks.loop.ageMs p50/p99/max, health polls PM would have missed (no answer within PM's 800 ms
# timeout; PM reads DOWN after 2 in a row), duplicate client order ids on the venue, and the venue's own ledger of
# unprotected time (/admin/protection). Nothing is asserted; the numbers go to docs/benchmarks.md#trader-loop.
# Usage: scripts/bench-trader-loop.sh [fault-seconds=120] [latency-ms=1500] [error-rate-5xx=0.3]
# Needs: java 17, curl. Works from a fresh clone (./pog builds the jar on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
latency="${2:-1500}"
errors="${3:-0.3}"
POG_NO_CDS=1 ./pog --version >/dev/null
jar="$PWD/app/target/pog.jar"
work="$(mktemp -d "${TMPDIR:-/tmp}/pog-bench-loop.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# a port nothing listens on (never a fixed one: other runs share the machine)
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
key=0x0123456789012345678901234567890123456789012345678901234567890123
address=0x14791697260e4c9a71f18484c9f997b308e59325
sim_port="$(free_port)"
cd "$work"
printf '%s\n' "$key" > hl.key && chmod 600 hl.key
cat > trader.yaml <<YAML
service: trader-hl
port: 0
dataDir: data
loopMillis: 1000
venue:
  type: hyperliquid
  baseUrl: http://127.0.0.1:$sim_port
  testnet: true
  keyFile: hl.key
strategy: {symbols: [BTC], barMillis: 1000, fastPeriod: 2, slowPeriod: 4, minSpreadBps: 0}
risk: {riskPerTrade: 0.01, stopDistance: 0.01}
YAML
java_opts=(-XX:+UseSerialGC -Xmx192m)
java "${java_opts[@]}" -jar "$jar" exchange-sim --venue hyperliquid --port "$sim_port" --data-dir sim --admin \
  --fund "$address" > sim.out 2> sim.err < /dev/null &
pids+=($!)
sim="http://127.0.0.1:$sim_port"
for _ in $(seq 1 600); do curl -sf -m 1 -X POST -H 'Content-Type: application/json' -d '{"type":"meta"}' "$sim/info" \
  >/dev/null && break; sleep 0.1; done
POG_CONTROL_TOKEN=bench-control-token-0123456789abcdef java "${java_opts[@]}" -jar "$jar" trader --config trader.yaml \
  > trader.out 2> trader.err < /dev/null &
pids+=($!)
port=""
for _ in $(seq 1 600); do
  port="$(grep -ho '"port" *: *[0-9]*' data/run.json 2>/dev/null | grep -o '[0-9]*$' || true)"
  [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { echo "trader did not start; see $work/trader.err" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "waiting for a protected position (the strategy trades on its own) ..."
for _ in $(seq 1 1200); do
  curl -sf -m 1 "$base/api/positions" | grep -q '"protected" *: *true' && break; sleep 0.1
done
curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"latencyMs\":$latency,\"errorRate5xx\":$errors}" "$sim/admin/faults" >/dev/null
echo "faults on: latency ${latency} ms, ${errors} of requests 5xx, for ${seconds} s; sampling /api/health every 100 ms"
: > ages.txt
missed=0; worst_run=0; run=0; degraded=0; samples=0
end=$(( $(date +%s) + seconds ))
while [ "$(date +%s)" -lt "$end" ]; do
  if body="$(curl -s -m 0.8 "$base/api/health")" && [ -n "$body" ]; then
    run=0
    age="$(printf '%s' "$body" | grep -o '"loop":{[^}]*}' | grep -o '"ageMs":[0-9]*' | grep -o '[0-9]*$' || true)"
    [ -n "$age" ] && echo "$age" >> ages.txt
    printf '%s' "$body" | grep -o '"venue":{[^}]*}' | grep -q '"ok":false' && degraded=$((degraded + 1))
  else
    missed=$((missed + 1)); run=$((run + 1)); [ "$run" -gt "$worst_run" ] && worst_run=$run
  fi
  samples=$((samples + 1))
  sleep 0.1
done
curl -sf -X POST -H 'Content-Type: application/json' -d '{"latencyMs":0,"errorRate5xx":0}' "$sim/admin/faults" >/dev/null
sleep 3
n="$(wc -l < ages.txt)"
pct() { sort -n ages.txt | awk -v p="$1" -v n="$n" 'NR == (int((n - 1) * p) + 1) { print; exit }'; }
orders="$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"type\":\"historicalOrders\",\"user\":\"$address\"}" "$sim/info")"
cloids="$(printf '%s' "$orders" | grep -o '"cloid":"0x[0-9a-fA-F]*"' || true)"
dups="$(printf '%s\n' "$cloids" | grep -v '^$' | sort | uniq -d | wc -l)"
ledger="$(curl -sf "$sim/admin/protection")"
unprot_total="$(printf '%s' "$ledger" | grep -o '"unprotectedMsTotal":[0-9]*' | grep -o '[0-9]*$' | head -1)"
unprot_max="$(printf '%s' "$ledger" | grep -o '"maxUnprotectedMs":[0-9]*' | grep -o '[0-9]*$' | head -1)"
sent="$(grep -c 'event=order_sent' data/trader.log || true)"
unanswered="$(grep -c 'event=order_unanswered' data/trader.log || true)"
echo
echo "health samples:            $samples ($n with checks.loop.ageMs; venue reported degraded in $degraded)"
echo "checks.loop.ageMs:         p50 $(pct 0.50) ms, p99 $(pct 0.99) ms, max $(sort -n ages.txt | tail -1) ms"
echo "health polls missed:       $missed (longest run $worst_run; PM reads DOWN after 2 in a row: $([ "$worst_run" -ge 2 ] && echo YES || echo no))"
echo "orders on the venue:       $(printf '%s\n' "$cloids" | grep -vc '^$') with a cloid, duplicates by cloid: $dups"
echo "orders answered / no answer: $sent / $unanswered (trader log)"
echo "unprotected (venue ledger): total ${unprot_total:-?} ms, longest ${unprot_max:-?} ms"
