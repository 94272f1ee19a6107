#!/usr/bin/env bash
# Replay throughput: bars per second of `pog replay` for the built-in EMA strategy and for the Python example as a
# process strategy, on the same generated recording (one BTC mark a second, trending and reversing, seeded).
# Each bar is a full engine iteration: venue read, journal (SQLite), protection, strategy, risk, orders.
# Per run: wall-clock bars/s, the replay JVM's CPU per bar (all its threads; the Python child's own CPU not
# included) and the load average when it ended. On a shared machine the wall clock mostly measures the load;
# compare CPU per bar between builds.
# Usage: scripts/bench-replay.sh [marks=20000] [runs=3]      Needs python3 (the process strategy is Python).
set -euo pipefail
cd "$(dirname "$0")/.."
marks="${1:-20000}"
runs="${2:-3}"
# the launcher builds app/target/pog.jar when it is missing or older than the sources
./pog --version >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$marks" > "$work/marks.jsonl" <<'PY'
import random, sys
r = random.Random(7); px = 60000.0; drift = 0.0001; t = 1800000000000
for i in range(int(sys.argv[1])):
    if i % 300 == 0: drift = -drift
    px *= 1 + drift + r.gauss(0, 0.0005)
    print('{"time":%d,"type":"mark","symbol":"BTC","price":"%.1f"}' % (t + i * 1000, px))
PY
common='service: bench-replay
venue: {type: paper}
risk: {riskPerTrade: 0.01, stopDistance: 0.01}'
printf '%s\nstrategy: {type: ema, symbols: [BTC], fastPeriod: 5, slowPeriod: 20, minSpreadBps: 2}\n' "$common" \
  > "$work/ema.yaml"
printf '%s\nstrategy: {type: process, symbols: [BTC], command: [python3, %s, --fast, "5", --slow, "20", --min-spread-bps, "2"]}\n' \
  "$common" "$PWD/examples/strategies/python/ema_cross.py" > "$work/process.yaml"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $marks marks, $runs runs each"
for s in ema process; do
  for i in $(seq "$runs"); do
    line="$(POG_SKIP_BUILD=1 ./pog replay --config "$work/$s.yaml" --data "$work/marks.jsonl" 2>&1 >/dev/null \
      | grep 'bars/s')"
    rate="$(sed -n 's/.*(\([0-9]*\) bars\/s).*/\1/p' <<<"$line")"
    cpu="$(sed -n 's/.*(\([0-9.]*\) ms CPU per bar).*/\1/p' <<<"$line")"
    echo "$s run $i: $rate bars/s, $cpu ms CPU per bar, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
