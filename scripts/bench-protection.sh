#!/usr/bin/env bash
# Protection benchmark (issue #13): the demo's two venue traders, with the demo's own trader settings, each against
# its simulator for ${MINUTES:-10} minutes; then, per venue, what the simulator's ledger (GET /admin/protection, the
# venue's independent witness) and the trader's log say:
#   entries              entries the trader sent (event=order_sent purpose=ENTRY)
#   unprotectedMsTotal   ms during which any position was not fully covered by resting reduce-only stops
#   maxUnprotectedMs     the longest such gap
#   refused              entries the venue refused (event=entry_refused)
# plus, for reading the numbers: fallbacks to the two-step entry, stops re-placed, entries skipped.
# Goal: >= 20 entries per venue over 10 minutes, 0 ms, 0 refused (docs/benchmarks.md).
#
# Everything runs from this checkout's pog.jar (./pog builds it when a source changed) in a fresh temporary
# directory, on ports the system chooses: it runs beside a demo (./pog demo on 9502/9503/9002/9102) untouched.
# Usage: MINUTES=10 scripts/bench-protection.sh        (KEEP=1 keeps the work directory and prints its path)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
MINUTES="${MINUTES:-10}"
case "$MINUTES" in '' | *[!0-9.]*) echo "MINUTES must be a number, got '$MINUTES'" >&2; exit 2 ;; esac

# build (or find fresh) pog.jar once, before anything is timed: -am inside ./pog's build, from a fresh clone too
./pog --version >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/pog-bench-protection.XXXXXX")"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
  if [ "${KEEP:-}" = "1" ]; then
    echo "work directory kept: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT INT TERM
export POG_CONTROL_TOKEN="bench-protection-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

# "listening on http://127.0.0.1:PORT" from a simulator started with --port 0
sim_port() {
  local out="$1" i
  for i in $(seq 1 600); do
    if grep -qo 'listening on http://127.0.0.1:[0-9]*' "$out" 2>/dev/null; then
      grep -o 'listening on http://127.0.0.1:[0-9]*' "$out" | head -1 | sed 's/.*://'
      return 0
    fi
    sleep 0.1
  done
  echo "simulator did not start; its output:" >&2
  cat "$out" >&2
  return 1
}

# the demo's trader config, pointed at this run's simulator, key, data directory and an ephemeral API port
trader_config() {
  local demo="$1" venue="$2" port="$3" key="$4" out="$5"
  sed -e "s|^service: .*|service: bench-$venue|" \
      -e "s|^port: .*|port: 0|" \
      -e "s|^dataDir: .*|dataDir: $work/trader-$venue|" \
      -e "/^controlTokenFile:/d" \
      -e "s|^\(  baseUrl:\).*|\1 http://127.0.0.1:$port|" \
      -e "s|^\(  keyFile:\).*|\1 $key|" \
      "$demo" >"$out"
  grep -q "127.0.0.1:$port" "$out" || { echo "could not point $demo at port $port" >&2; return 1; }
}

# --- Hyperliquid: a fresh key, its address funded as the demo does (--fund)
"$root/pog" hyperliquid keygen --out "$work/hyperliquid.key" >"$work/hl-keygen.out"
hl_address="$(grep -o '0x[0-9a-fA-F]\{40\}' "$work/hl-keygen.out" | head -1 | tr 'A-F' 'a-f')"
[ -n "$hl_address" ] || { echo "no address from keygen: $(cat "$work/hl-keygen.out")" >&2; exit 1; }
(cd "$work" && exec "$root/pog" exchange-sim --venue hyperliquid --port 0 --data-dir sim-hyperliquid \
  --fund "$hl_address" >sim-hyperliquid.out 2>&1) &
pids+=($!)
hl_port="$(sim_port "$work/sim-hyperliquid.out")"

# --- Lighter: a fresh API key, registered by the trader through the simulator's provisioning (as in the demo)
"$root/pog" lighter keygen --out "$work/lighter.key" >/dev/null
(cd "$work" && exec "$root/pog" exchange-sim --venue lighter --port 0 --data-dir sim-lighter \
  >sim-lighter.out 2>&1) &
pids+=($!)
lt_port="$(sim_port "$work/sim-lighter.out")"

trader_config config/demo/trader-hl.yaml hyperliquid "$hl_port" "$work/hyperliquid.key" "$work/trader-hl.yaml"
trader_config config/demo/trader-lighter.yaml lighter "$lt_port" "$work/lighter.key" "$work/trader-lighter.yaml"
lt_account="$(sed -n 's/^  accountIndex: *\([0-9]*\).*/\1/p' "$work/trader-lighter.yaml")"

for v in hl lighter; do
  (cd "$work" && exec "$root/pog" trader --config "trader-$v.yaml" >"trader-$v.out" 2>&1) &
  pids+=($!)
done

echo "bench-protection: ${MINUTES} min; simulators on :$hl_port (hyperliquid) and :$lt_port (lighter); work $work" >&2
started=$(date +%s)
end=$((started + $(awk "BEGIN { printf \"%d\", $MINUTES * 60 }")))
while [ "$(date +%s)" -lt "$end" ]; do
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null || { echo "process $p ended early; see $work (KEEP=1 keeps it)" >&2; exit 1; }
  done
  sleep 5
done
elapsed=$(($(date +%s) - started))

# one account per simulator: its ledger object, then its numbers
ledger_field() {
  local port="$1" account="$2" field="$3" json
  json="$(curl -sf "http://127.0.0.1:$port/admin/protection")"
  # one line per account object (intervals hold no "account"), then the field's value
  printf '%s' "$json" | sed 's/{"account"/\n{"account"/g' | grep "\"account\":\"$account\"" \
    | grep -o "\"$field\":[a-z0-9]*" | head -1 | sed 's/.*://'
}
count() {
  grep -c "$1" "$2" 2>/dev/null || true
}

printf '%-12s %8s %19s %17s %8s %10s %15s %8s %15s\n' venue entries unprotectedMsTotal maxUnprotectedMs refused \
  fallbacks stopsReplaced skipped unprotectedNow
for v in hyperliquid lighter; do
  if [ "$v" = hyperliquid ]; then port=$hl_port; account=$hl_address; log="$work/trader-hyperliquid/trader.log"
  else port=$lt_port; account=$lt_account; log="$work/trader-lighter/trader.log"; fi
  printf '%-12s %8s %19s %17s %8s %10s %15s %8s %15s\n' "$v" \
    "$(count 'event=order_sent .*purpose=ENTRY' "$log")" \
    "$(ledger_field "$port" "$account" unprotectedMsTotal)" \
    "$(ledger_field "$port" "$account" maxUnprotectedMs)" \
    "$(count 'event=entry_refused' "$log")" \
    "$(count 'event=protected_entry_fallback' "$log")" \
    "$(count 'event=stop_replaced' "$log")" \
    "$(count 'event=entry_skipped' "$log")" \
    "$(ledger_field "$port" "$account" unprotectedNow)"
done
echo "(${elapsed} s of trading; the simulators' ledgers list every gap: curl http://127.0.0.1:PORT/admin/protection)"
