#!/usr/bin/env bash
# How a running demo reads over time (issues #13/#14: no HEALTHY <-> DEGRADED flapping caused by a trader, on a
# loaded machine): every 5 s, PM's state of each service (GET :9004/api/services) and each trader's own health
# (GET /api/health on 9002, 9102, 9202: status, checks.loop.ageMs, checks.venue); at the end, per trader, the states
# seen and how often, loop-age percentiles, entries and refusals from the demo's logs, and both simulators'
# protection ledgers. Start `./pog demo` first (and whatever load you want beside it). Nothing is asserted.
# Usage: scripts/bench-demo-health.sh [seconds=1800] [out-dir=var/demo/health-samples]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-1800}"
out="${2:-var/demo/health-samples}"
mkdir -p "$out"
pm="$out/pm.tsv"
health="$out/health.tsv"
: >"$pm"
: >"$health"
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 2; }
curl -s -m 3 localhost:9004/api/services >/dev/null || { echo "PM does not answer on :9004: start ./pog demo first" >&2; exit 1; }
end=$(($(date +%s) + secs))
while [ "$(date +%s)" -lt "$end" ]; do
  ts=$(date +%H:%M:%S)
  load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo -)
  curl -s -m 3 localhost:9004/api/services | TS=$ts LOAD=$load python3 -c '
import sys, json, os
ts, load = os.environ["TS"], os.environ["LOAD"]
try:
    d = json.load(sys.stdin)
except Exception:
    print("%s\t-\tPM_UNREACHABLE\t%s\t" % (ts, load)); sys.exit()
for s in (d if isinstance(d, list) else d.get("services", [])):
    print("%s\t%s\t%s\t%s\t%s" % (ts, s.get("id"), s.get("state"), load, (s.get("detail") or "")[:300]))' >>"$pm"
  for port in 9002 9102 9202; do
    curl -s -m 3 "localhost:$port/api/health" | TS=$ts PORT=$port python3 -c '
import sys, json, os
try:
    d = json.load(sys.stdin)
except Exception:
    print("%s\t%s\tno-answer\t\t" % (os.environ["TS"], os.environ["PORT"])); sys.exit()
c = d.get("checks", {})
print("%s\t%s\t%s\t%s\t%s" % (os.environ["TS"], os.environ["PORT"], d.get("status"), c.get("loop", {}).get("ageMs"),
      c.get("venue", {}).get("detail", "")[:250]))' >>"$health"
  done
  sleep 5
done
echo "samples: $pm, $health"
echo "PM's states per service (count):"
cut -f2,3 "$pm" | sort | uniq -c
echo "load average: $(cut -f4 "$pm" | sort -n | head -1) .. $(cut -f4 "$pm" | sort -n | tail -1)"
echo "traders' own status (count):"
cut -f2,3 "$health" | sort | uniq -c
for port in 9002 9102 9202; do
  awk -F'\t' -v p="$port" '$2==p && $4!="" {print $4}' "$health" | sort -n | awk -v p="$port" \
    '{v[NR]=$1} END {if (NR) printf "  :%s checks.loop.ageMs p50 %s p99 %s max %s (n=%d)\n", p, v[int(NR*0.5)+0], v[int(NR*0.99)+0], v[NR], NR}'
done
echo "paced by the trader's own request budget: $(grep -c paced "$health" || true) samples"
for f in var/demo/logs/trader-*.out; do
  [ -f "$f" ] || continue
  echo "  $(basename "$f" .out): entries $(grep 'event=order_sent' "$f" | grep -c 'purpose=ENTRY' || true), refused $(grep -c 'event=entry_refused' "$f" || true), skipped $(grep -c 'event=entry_skipped' "$f" || true), halts $(grep -c 'event=halted' "$f" || true)"
done
for port in 9502 9503; do
  echo "ledger :$port $(curl -s -m 5 "localhost:$port/admin/protection" || echo unreachable)"
done
