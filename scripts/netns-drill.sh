#!/usr/bin/env bash
# PoG across hosts, on one machine: three "hosts" as Linux network namespaces joined by veth links (addresses from
# 169.254.0.0/16 only): PM's host, host b (the Hyperliquid simulator and a Hyperliquid trader) and host c (the Lighter
# simulator and a Lighter trader); each simulator listens on its own host's loopback, as a venue near its trader.
# It cuts and restores links (ip link set down/up), adds latency and loss to host c's link, kills a trader with
# SIGKILL, and checks: the traders trade on, protected, through every cut (their decision loops run, their positions
# keep verified stops, and both simulators' protection ledgers say 0 ms unprotected at the end); PM shows a cut
# host's trader UNKNOWN within 3 s and names the host; no trader is ever started twice (PM never starts a remote one:
# the trader processes are counted throughout); after healing PM adopts the same process, with an `adopt` event.
#
# Latency and loss: `tc netem` where the kernel has sch_netem. Where it does not ("Specified qdisc kind is unknown"),
# loss is still the kernel's (nftables `numgen random` drops on host c's link, both directions) and latency comes
# from a user-space relay on host c (scripts/lib/DelayRelay.java) that PM's connections to trader c pass through
# (the trader listens on a second address of its host, the relay on the address PM knows). The report says which.
#
#   sudo scripts/netns-drill.sh [path/to/pog.jar] [report-dir]      (root: it makes namespaces and links)
#
# Exit 0: all checks passed; 1: a check failed; 77: this machine does not allow network namespaces (skipped).
# Bounded: every wait has a deadline, the whole drill ~1.5 min; a trap removes every namespace, link and process it made.
set -euo pipefail

JAR=${1:-app/target/pog.jar}
OUT=${2:-app/target/netns-drill}
JAR=$(readlink -f "$JAR")
mkdir -p "$OUT"
OUT=$(readlink -f "$OUT")
JAVA=${JAVA:-java}
RELAY_SRC=${RELAY_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/lib/DelayRelay.java}
TAG="pog$$"
NS_PM="${TAG}pm"; NS_B="${TAG}b"; NS_C="${TAG}c"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pog-netns-drill.XXXXXX")
PIDS=()
REPORT="$OUT/netns-drill.md"
FAILED=0

START_S=$(date +%s)
# to stderr: functions whose output is captured (hold) may log and fail too
log() { printf '[netns-drill +%ss] %s\n' "$(( $(date +%s) - START_S ))" "$*" >&2; }
fail() { log "FAIL: $*"; FAILED=1; }

cleanup() {
  # the processes' own logs stay beside the report (a failed check is read there)
  mkdir -p "$OUT/logs"
  for f in pm.out b/out.log c/out.log b/sim.log c/sim.log relay.log copies.log; do
    [ -f "$WORK/$f" ] && cp "$WORK/$f" "$OUT/logs/${f//\//-}" 2>/dev/null || true
  done
  pm "/api/events?limit=500" >"$OUT/logs/pm-events.json" 2>/dev/null || true
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ns in "$NS_PM" "$NS_B" "$NS_C"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" != 0 ] || ! ip netns add "$NS_PM" 2>/dev/null; then
  log "skipped: network namespaces are not allowed here (needs root and 'ip netns add')"
  exit 77
fi
[ -f "$JAR" ] || { log "no jar at $JAR (build: ./mvnw -pl app -am package -DskipTests)"; exit 1; }
command -v curl >/dev/null || { log "curl is needed"; exit 1; }

# --- hosts and links -------------------------------------------------------------------------------------------
ip netns add "$NS_B"; ip netns add "$NS_C"
for ns in "$NS_PM" "$NS_B" "$NS_C"; do ip -n "$ns" link set lo up; done
link() { # $1 peer ns, $2 pm-side dev, $3 peer dev, $4 pm addr, $5 peer addr
  ip link add "$2" netns "$NS_PM" type veth peer name "$3" netns "$1"
  ip -n "$NS_PM" addr add "$4/30" dev "$2"; ip -n "$1" addr add "$5/30" dev "$3"
  ip -n "$NS_PM" link set "$2" up; ip -n "$1" link set "$3" up
}
link "$NS_B" "${TAG}pb" "${TAG}bp" 169.254.10.1 169.254.10.2
link "$NS_C" "${TAG}pc" "${TAG}cp" 169.254.20.1 169.254.20.2
B=169.254.10.2; C=169.254.20.2

# --- latency and loss: netem, or nftables loss + a delaying relay --------------------------------------------------
ip netns exec "$NS_PM" tc qdisc add dev "${TAG}pc" root netem delay 1ms 2>"$WORK/netem.err" \
  && ip netns exec "$NS_PM" tc qdisc del dev "${TAG}pc" root && NETEM=1 || NETEM=0
C_TRADER=$C                      # where trader c listens
LOSS=5                           # % of packets lost each way in the mild step (0 where it cannot be done)
if [ "$NETEM" = 0 ]; then
  C_TRADER=169.254.21.2          # a second address on host c; the relay takes PM's address of it
  ip -n "$NS_C" addr add "$C_TRADER/32" dev lo
  METHOD="user space: tc netem is absent ($(tr -d '\n' <"$WORK/netem.err")); latency from a delaying TCP relay on host c (scripts/lib/DelayRelay.java, PM -> relay $C:9202 -> trader $C_TRADER:9202)"
  if command -v nft >/dev/null; then
    METHOD="$METHOD, loss from nftables numgen random drops on host c's link (kernel, both directions)"
  else
    LOSS=0
    METHOD="$METHOD; **no loss**: neither netem nor nftables here (apt-get install nftables)"
    log "no nft: latency only, without loss (apt-get install nftables for the loss step)"
  fi
else
  METHOD="kernel: tc netem on both ends of host c's link"
fi

# --- TLS, tokens, keys, configs ------------------------------------------------------------------------------------
"$JAVA" -jar "$JAR" tls init --dir "$WORK/tls" --host "b=$B" --host "c=$C,$C_TRADER" >/dev/null
export POG_CONTROL_TOKEN="drill-control-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
READ="drill-read-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
umask 077
printf '%s\n' "$READ" > "$WORK/read.token"
mkdir -p "$WORK/b" "$WORK/c"
HL_ADDR=$("$JAVA" -jar "$JAR" hyperliquid keygen --out "$WORK/b/hl.key" | sed -n 's/^address: *//p')
"$JAVA" -jar "$JAR" lighter keygen --out "$WORK/c/lighter.key" >/dev/null
STRATEGY='strategy: {symbols: [BTC, ETH], barMillis: 1000, fastPeriod: 4, slowPeriod: 12, minSpreadBps: 2}
risk: {riskPerTrade: 0.001, stopDistance: 0.01, maxDailyLoss: 500}'
for h in b c; do
  addr=$B; [ $h = c ] && addr=$C_TRADER
  cp "$WORK/read.token" "$WORK/$h/read.token"
  if [ $h = b ]; then
    venue="venue: {type: hyperliquid, baseUrl: 'http://127.0.0.1:9502', testnet: true, keyFile: $WORK/b/hl.key}"
  else
    venue="venue: {type: lighter, baseUrl: 'http://127.0.0.1:9503', accountIndex: 1, keyFile: $WORK/c/lighter.key, registerApiKey: true}"
  fi
  cat > "$WORK/$h/trader.yaml" <<YAML
service: trader-$h
bind: $addr
port: 9202
dataDir: $WORK/$h/data
controlTokenFile: $WORK/$h/control.token
readTokenFile: $WORK/$h/read.token
loopMillis: 200
tls: {certFile: $WORK/tls/$h.pem, keyFile: $WORK/tls/$h-key.pem}
$venue
$STRATEGY
YAML
done
cat > "$WORK/pm.yaml" <<YAML
bind: 127.0.0.1
port: 9004
dataDir: $WORK/pm
controlTokenFile: $WORK/pm-control.token
tls: {caFile: $WORK/tls/ca.pem}
readTokenFile: $WORK/read.token
monitor: {intervalMs: 1000, timeoutMs: 800, staleAfterMs: 5000, downAfterFailures: 2}
services:
  - {id: trader-b, baseUrl: "https://$B:9202", host: b, launcher: external}
  - {id: trader-c, baseUrl: "https://$C:9202", host: c, launcher: external}
YAML

JOPTS=(-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1)
ns_of() { [ "$1" = c ] && echo "$NS_C" || echo "$NS_B"; }
start_trader() { # $1 host
  ip netns exec "$(ns_of "$1")" "$JAVA" "${JOPTS[@]}" -jar "$JAR" trader --config "$WORK/$1/trader.yaml" \
    >>"$WORK/$1/out.log" 2>&1 </dev/null &
  echo $!
}
# each host's venue: its simulator on the host's own loopback
ip netns exec "$NS_B" "$JAVA" "${JOPTS[@]}" -jar "$JAR" exchange-sim --venue hyperliquid --bind 127.0.0.1 --port 9502 \
  --data-dir "$WORK/b/sim" --fund "$HL_ADDR" >"$WORK/b/sim.log" 2>&1 </dev/null &
PIDS+=($!)
ip netns exec "$NS_C" "$JAVA" "${JOPTS[@]}" -jar "$JAR" exchange-sim --venue lighter --bind 127.0.0.1 --port 9503 \
  --data-dir "$WORK/c/sim" >"$WORK/c/sim.log" 2>&1 </dev/null &
PIDS+=($!)
if [ "$NETEM" = 0 ]; then
  : > "$WORK/relay.ctl"
  ip netns exec "$NS_C" "$JAVA" -XX:+UseSerialGC -Xmx32m "$RELAY_SRC" "$C:9202" \
    "$C_TRADER:9202" "$WORK/relay.ctl" >"$WORK/relay.log" 2>&1 </dev/null &
  PIDS+=($!)
fi
now_ms() { date +%s%3N; }
wait_for() { # $1 deadline ms, $2.. command that must succeed
  local deadline=$(( $(now_ms) + $1 )); shift
  until "$@"; do [ "$(now_ms)" -lt "$deadline" ] || return 1; sleep 0.1; done
}
sim_up() { ip netns exec "$1" curl -fsS --max-time 1 -o /dev/null "http://127.0.0.1:$2/admin/protection" 2>/dev/null; }
wait_for 60000 sim_up "$NS_B" 9502 || { fail "Hyperliquid simulator on host b never answered"; tail -5 "$WORK/b/sim.log"; exit 1; }
wait_for 60000 sim_up "$NS_C" 9503 || { fail "Lighter simulator on host c never answered"; tail -5 "$WORK/c/sim.log"; exit 1; }
PID_B=$(start_trader b); PIDS+=("$PID_B")
PID_C=$(start_trader c); PIDS+=("$PID_C")
ip netns exec "$NS_PM" "$JAVA" "${JOPTS[@]}" -jar "$JAR" pm --config "$WORK/pm.yaml" >"$WORK/pm.out" 2>&1 </dev/null &
PID_PM=$!; PIDS+=("$PID_PM")

# No second copy, ever: a sampler counts each trader's processes (by its config file) every 200 ms until the end.
( while :; do
    printf '%s %s\n' "$(pgrep -fc -- "trader --config $WORK/b/trader.yaml" || true)" \
      "$(pgrep -fc -- "trader --config $WORK/c/trader.yaml" || true)"
    sleep 0.2
  done ) >"$WORK/copies.log" 2>/dev/null &
PIDS+=($!)

pm() { ip netns exec "$NS_PM" curl -fsS --max-time 2 "http://127.0.0.1:9004$1"; }
# a field of one service in /api/services, by a tiny parser (no jq needed)
svc() { local j; j=$(pm /api/services 2>/dev/null) || { echo; return 0; }; printf '%s' "$j" | field "$1" "$2"; }
field() { python3 -c 'import json,sys
d=json.load(sys.stdin); s=[x for x in d if x["id"]==sys.argv[1]]
print(s[0].get(sys.argv[2]) if s else "")' "$1" "$2"; }
state_is() { [ "$(svc "$1" state)" = "$2" ]; }
# When PM itself recorded it: ms from $3 (epoch ms) to the first event of service $1 of kind $2 at or after it whose
# detail starts with $4 (any detail when empty). The samples above also wait for curl and a JSON parse, which on a
# loaded machine take a second or more; PM's own event time does not.
pm_event_after() {
  pm "/api/events?limit=500" 2>/dev/null | python3 -c 'import json,sys
e=json.load(sys.stdin); e=e.get("events", e) if isinstance(e, dict) else e
svc, kind, since, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t=[x["time"] for x in e if x.get("service")==svc and x.get("kind")==kind and x["time"]>=since
   and str(x.get("detail") or "").startswith(prefix)]
print(min(t)-since if t else "")' "$1" "$2" "$3" "$4"
}
# PM reaches the trader and shows its own report: HEALTHY, or DEGRADED when the trader says so itself (a slow venue
# call on a loaded machine); never UNKNOWN/DOWN
reached() { case "$(svc "$1" state)" in HEALTHY|DEGRADED) return 0;; *) return 1;; esac; }
# the trader asked on its own host (as its host's supervisor would), never through the cut or slowed link
trader_get() { # $1 host, $2 path
  local addr=$B; [ "$1" = c ] && addr=$C_TRADER
  ip netns exec "$(ns_of "$1")" curl -fsS --max-time 2 --cacert "$WORK/tls/ca.pem" \
    -H "Authorization: Bearer $READ" "https://$addr:9202$2"
}
# trading and protected: answering, its decision loop running (checked within the last 5 s), every position protected
trader_ok() { # $1 host
  trader_get "$1" /api/health | python3 -c 'import json,sys
h=json.load(sys.stdin); c=h["checks"]; loop=c.get("loop") or {}
sys.exit(0 if c["protection"]["ok"] and loop.get("ok") and (loop.get("ageMs") or 0) < 5000
         and h["status"] in ("ok","degraded") else 1)'
}
# at least one open position, each with its stop resting on the venue
has_protected_position() { # $1 host
  trader_get "$1" /api/positions | python3 -c 'import json,sys
p=json.load(sys.stdin); p=p.get("positions", p) if isinstance(p, dict) else p
sys.exit(0 if p and all(x.get("protected") for x in p) else 1)'
}
fills() { trader_get "$1" /api/fills | python3 -c 'import json,sys
f=json.load(sys.stdin); f=f.get("fills", f) if isinstance(f, dict) else f
print(len(f))'; }

log "waiting for both traders HEALTHY in PM, each with a protected position"
wait_for 90000 reached trader-b || { fail "trader-b never HEALTHY"; tail -20 "$WORK/pm.out" "$WORK/b/out.log"; exit 1; }
wait_for 30000 reached trader-c || { fail "trader-c never HEALTHY"; tail -20 "$WORK/pm.out" "$WORK/c/out.log"; exit 1; }
wait_for 120000 has_protected_position b || fail "trader-b opened no protected position within 120 s"
wait_for 60000 has_protected_position c || fail "trader-c opened no protected position within 60 s"
[ "$FAILED" = 0 ] || { tail -20 "$WORK/b/out.log" "$WORK/c/out.log"; exit 1; }
INST_B=$(svc trader-b instance); INST_C=$(svc trader-c instance)
FILLS_B0=$(fills b); FILLS_C0=$(fills c)

# --- cut host b ------------------------------------------------------------------------------------------------
log "cutting the link to host b"
T0=$(now_ms); ip -n "$NS_PM" link set "${TAG}pb" down
wait_for 3000 state_is trader-b UNKNOWN || fail "trader-b not UNKNOWN within 3 s of the cut"
T_SEEN=$(( $(now_ms) - T0 ))
T_UNKNOWN=$(pm_event_after trader-b state "$T0" unreachable)
[ -n "$T_UNKNOWN" ] && [ "$T_UNKNOWN" -le 3000 ] || fail "PM recorded trader-b unreachable ${T_UNKNOWN:-never} ms after the cut (bound 3000)"
log "trader-b UNKNOWN ${T_UNKNOWN} ms after the cut by PM's event (seen by the sampler after ${T_SEEN} ms)"
host_detail() { pm /api/hosts | python3 -c 'import json,sys
print(next((h["detail"] or "") for h in json.load(sys.stdin) if h["host"]==sys.argv[1]))' "$1"; }
BANNER=$(host_detail b)
case "$BANNER" in "host b unreachable since "*) log "PM says: $BANNER";; *) fail "host b not named unreachable: '$BANNER'";; esac
# hold the cut: never DOWN, the trader trades on protected on its own host
HOLD_UNTIL=$(( $(now_ms) + 5000 )); CUT_SAMPLES=0
while [ "$(now_ms)" -lt "$HOLD_UNTIL" ]; do
  st=$(svc trader-b state); [ "$st" = UNKNOWN ] || fail "trader-b was $st during the cut (must stay UNKNOWN)"
  CUT_SAMPLES=$((CUT_SAMPLES + 1)); sleep 0.2
done
trader_ok b || fail "trader-b not trading/protected on its own host during the cut"
reached trader-c || fail "trader-c (not cut) was $(svc trader-c state)"
kill -0 "$PID_B" || fail "trader-b died during the cut"

log "healing the link to host b"
T1=$(now_ms); ip -n "$NS_PM" link set "${TAG}pb" up
# the states PM shows on the way back, with when (ms after healing): a late adoption is told from a degraded trader
SEEN=""; last=""
seen_reached() {
  local st; st=$(svc trader-b state)
  [ "$st" = "$last" ] || { SEEN="$SEEN${SEEN:+ → }$st@$(( $(now_ms) - T1 ))"; last=$st; }
  case "$st" in HEALTHY|DEGRADED) return 0;; *) return 1;; esac
}
wait_for 10000 seen_reached || fail "trader-b not re-adopted within 10 s of healing (states: $SEEN)"
T_ADOPT_SEEN=$(( $(now_ms) - T1 ))
T_ADOPT=$(pm_event_after trader-b adopt "$T1" "")
log "trader-b adopted ${T_ADOPT:-?} ms after healing by PM's event, seen reached after ${T_ADOPT_SEEN} ms (states: $SEEN)"
[ "$(svc trader-b instance)" = "$INST_B" ] || fail "trader-b's instance changed across the cut"
pm "/api/events?limit=500" | grep -q '"kind":"adopt".*the same as before the cut' \
  || fail "no adopt event naming the same instance after the cut"

# --- latency and loss on host c's link ---------------------------------------------------------------------------
# impair "DELAY_MS JITTER_MS LOSS_PERCENT" (one way, each direction); impair off
impair() {
  if [ "$1" = off ]; then
    if [ "$NETEM" = 1 ]; then
      ip netns exec "$NS_PM" tc qdisc del dev "${TAG}pc" root 2>/dev/null || true
      ip netns exec "$NS_C" tc qdisc del dev "${TAG}cp" root 2>/dev/null || true
    else
      : > "$WORK/relay.ctl"; ip netns exec "$NS_C" nft delete table inet pogdrill 2>/dev/null || true
    fi
    return
  fi
  local delay=$1 jitter=$2 loss=$3
  if [ "$NETEM" = 1 ]; then
    ip netns exec "$NS_PM" tc qdisc replace dev "${TAG}pc" root netem delay "${delay}ms" "${jitter}ms" loss "${loss}%"
    ip netns exec "$NS_C" tc qdisc replace dev "${TAG}cp" root netem delay "${delay}ms" "${jitter}ms" loss "${loss}%"
  else
    printf '%s %s\n' "$delay" "$jitter" > "$WORK/relay.ctl"
    ip netns exec "$NS_C" nft delete table inet pogdrill 2>/dev/null || true
    if [ "$loss" != 0 ]; then
      ip netns exec "$NS_C" nft -f - <<NFT
table inet pogdrill {
  chain in  { type filter hook input priority 0; policy accept; iifname "${TAG}cp" numgen random mod 100 < $loss drop; }
  chain out { type filter hook output priority 0; policy accept; oifname "${TAG}cp" numgen random mod 100 < $loss drop; }
}
NFT
    fi
  fi
}
# hold an impairment for $1 s: sample PM's view of trader c (state, host fact) every 200 ms
hold() { # $1 seconds; prints "reached unknown other" counts and fails on DOWN or an Unknown the host fact misses
  local until=$(( $(now_ms) + $1 * 1000 )) h=0 u=0 o=0 st d
  while [ "$(now_ms)" -lt "$until" ]; do
    st=$(svc trader-c state)
    case "$st" in
      HEALTHY|DEGRADED) h=$((h+1));;
      UNKNOWN) u=$((u+1)); d=$(host_detail c)
               # the host fact must match while the state holds: UNKNOWN before and after reading it
               if [ "$(svc trader-c state)" = UNKNOWN ]; then
                 case "$d" in "host c unreachable since "*) ;; *) fail "trader-c UNKNOWN but host c not named unreachable: '$d'";; esac
               fi;;
      *) o=$((o+1)); fail "trader-c $st under latency/loss (reached or UNKNOWN only)";;
    esac
    sleep 0.2
  done
  echo "$h $u $o"
}
# mild: 100 ms ± 40 ms each way (RTT ~200-280 ms, within PM's timeoutMs 800) and 5% loss each way
log "latency and loss on host c's link: 100 ms ± 40 ms each way, ${LOSS}% loss ($([ $NETEM = 1 ] && echo netem || echo relay + nftables))"
impair 100 40 "$LOSS"
read -r MH MU MO <<<"$(hold 10)"
trader_ok c || fail "trader-c not trading/protected on its own host under latency and loss"
T_RTT=$(ip netns exec "$NS_PM" curl -s -o /dev/null -w '%{time_total}' --max-time 5 --cacert "$WORK/tls/ca.pem" \
  -H "Authorization: Bearer $READ" "https://$C:9202/api/health" || echo timeout)
log "mild: PM saw trader-c reached (HEALTHY/DEGRADED) $MH, UNKNOWN $MU of $((MH+MU+MO)) samples; one health request from PM's host: ${T_RTT} s"
[ "$MH" -gt "$MU" ] || fail "trader-c mostly UNKNOWN under latency well within PM's timeout ($MH reached, $MU unknown)"
# severe: 1000 ms each way, beyond PM's timeoutMs 800: PM cannot get an answer in time
log "latency beyond PM's timeout on host c's link: 1000 ms each way"
impair 1000 0 0
T3=$(now_ms)
wait_for 4000 state_is trader-c UNKNOWN || fail "trader-c not UNKNOWN within 4 s under 1 s latency (timeoutMs 800)"
T_SLOW_UNKNOWN=$(( $(now_ms) - T3 ))
read -r SH SU SO <<<"$(hold 4)"
[ "$SH" = 0 ] || fail "trader-c reached in $SH samples though no answer can arrive within PM's timeout"
trader_ok c || fail "trader-c not trading/protected on its own host under 1 s latency"
impair off
T4=$(now_ms)
wait_for 10000 reached trader-c || fail "trader-c not reached again within 10 s of the link's repair"
T_SLOW_ADOPT=$(( $(now_ms) - T4 ))
[ "$(svc trader-c instance)" = "$INST_C" ] || fail "trader-c's instance changed under latency"
kill -0 "$PID_C" || fail "trader-c died under latency and loss"
NETEM_ROW="100 ms ± 40 ms + ${LOSS}% loss for 10 s: PM saw it reached (HEALTHY/DEGRADED) in $MH, UNKNOWN in $MU of $((MH+MU+MO)) samples (never DOWN; one health request ${T_RTT} s); 1000 ms each way: UNKNOWN after ${T_SLOW_UNKNOWN} ms and in every sample for 4 s, reached again (same instance) ${T_SLOW_ADOPT} ms after repair"
log "latency/loss: $NETEM_ROW"

# --- kill trader c: PM cannot see the process, it says UNKNOWN and starts nothing --------------------------------
log "SIGKILL trader-c"
T2=$(now_ms); kill -KILL "$PID_C"; wait "$PID_C" 2>/dev/null || true
wait_for 3000 state_is trader-c UNKNOWN || fail "trader-c not UNKNOWN within 3 s of its death"
T_KILL_SEEN=$(( $(now_ms) - T2 ))
T_KILL=$(pm_event_after trader-c state "$T2" unreachable)
[ -n "$T_KILL" ] && [ "$T_KILL" -le 3000 ] || fail "PM recorded trader-c unreachable ${T_KILL:-never} ms after its death (bound 3000)"
sleep 3
st=$(svc trader-c state); [ "$st" = UNKNOWN ] || fail "trader-c $st after its death (a remote death is UNKNOWN)"
if ip netns exec "$NS_C" ss -ltn 2>/dev/null | grep -q "$C_TRADER:9202 "; then fail "something listens for trader-c: PM started a copy"; fi
pm "/api/events?limit=500" | grep -q '"kind":"launch"' && fail "PM launched something"
# its host's supervisor starts it again: PM finds the new instance
PID_C=$(start_trader c); PIDS+=("$PID_C")
wait_for 30000 reached trader-c || fail "restarted trader-c not seen by PM"
[ "$(svc trader-c instance)" != "$INST_C" ] || fail "trader-c restarted but PM shows the old instance"
wait_for 20000 trader_ok c || fail "restarted trader-c not trading/protected"

# --- the end: still trading, never unprotected, never two ----------------------------------------------------------
kill -0 "$PID_B" || fail "trader-b died"
trader_ok b || fail "trader-b not trading/protected at the end"
wait_for 10000 has_protected_position b || fail "trader-b without a protected position at the end"
FILLS_B1=$(fills b); FILLS_C1=$(fills c)
LEDGER=""
for hp in "b $NS_B 9502" "c $NS_C 9503"; do
  read -r h ns port <<<"$hp"
  v=$(ip netns exec "$ns" curl -fsS --max-time 2 "http://127.0.0.1:$port/admin/protection" | python3 -c 'import json,sys
r=json.load(sys.stdin); print(sum(a["unprotectedMsTotal"] for a in r), max([a["maxUnprotectedMs"] for a in r] or [0]), any(a["unprotectedNow"] for a in r), len(r))') \
    || { fail "host $h's simulator ledger unreadable"; continue; }
  read -r total worst now accounts <<<"$v"
  [ "$total" = 0 ] && [ "$now" = False ] || fail "host $h's simulator: positions unprotected ${total} ms in all (longest ${worst} ms), now: $now"
  LEDGER="$LEDGER${LEDGER:+; }host $h: ${total} ms unprotected over $accounts account(s)"
done
COPIES=$(awk 'BEGIN{b=0;c=0} {if($1>b)b=$1; if($2>c)c=$2} END{print b, c, NR}' "$WORK/copies.log")
read -r MAX_B MAX_C SAMPLES <<<"$COPIES"
[ "$MAX_B" = 1 ] || fail "trader-b: up to $MAX_B processes at once"
[ "$MAX_C" -le 1 ] || fail "trader-c: up to $MAX_C processes at once"
log "ledgers: $LEDGER; at most $MAX_B/$MAX_C trader-b/trader-c processes at once in $SAMPLES samples"
cat > "$REPORT" <<MD
# netns drill ($(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg))

Venues: host b Hyperliquid simulator + trader, host c Lighter simulator + trader (each simulator on its host's loopback).
Latency and loss: $METHOD.

| step | result |
|---|---|
| link to host b cut (ip link set down) → trader-b UNKNOWN in PM (PM's event) | ${T_UNKNOWN} ms (bound: 3000 ms at intervalMs 1000, timeoutMs 800; the sampler saw it after ${T_SEEN} ms) |
| PM's host fact during the cut | ${BANNER} |
| during the cut (5 s) | trader-b UNKNOWN in all ${CUT_SAMPLES} samples, never DOWN; trading (loop running) and protected on its own host |
| link healed → trader-b adopted (PM's adopt event; same pid and instance) | ${T_ADOPT} ms (the sampler saw it reached after ${T_ADOPT_SEEN} ms; states on the way, ms after healing: ${SEEN}) |
| latency and loss on host c's link | ${NETEM_ROW} |
| trader-c SIGKILL → UNKNOWN (PM's event; PM cannot see a remote process) | ${T_KILL} ms (sampler: ${T_KILL_SEEN} ms); nothing started by PM; its host restarted it, PM found the new instance |
| fills (count in the trader's /api/fills) before the cut → at the end | trader-b ${FILLS_B0} → ${FILLS_B1}, trader-c ${FILLS_C0} → ${FILLS_C1} (the restarted trader-c's own list). Trading through the drill is the decision loop running (health check \`loop\` ok, age < 5 s) with every position protected; new fills need a new signal |
| simulators' protection ledgers (GET /admin/protection) | ${LEDGER} |
| trader processes at once (sampled every 200 ms, ${SAMPLES} samples) | trader-b at most ${MAX_B}, trader-c at most ${MAX_C} |
| result | $([ $FAILED = 0 ] && echo passed || echo FAILED) |
MD
cat "$REPORT"
exit $FAILED
