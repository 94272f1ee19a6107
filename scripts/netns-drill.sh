#!/usr/bin/env bash
# PoG across hosts, on one machine: three "hosts" as Linux network namespaces joined by veth links (addresses from
# 169.254.0.0/16 only): PM's host, and hosts b and c with a trader each (paper venue: its exchange simulation runs
# inside the trader). It cuts and restores links (ip link set down/up), adds latency and loss (tc netem, when the
# kernel has it), kills a trader with SIGKILL, and checks: the traders trade on, protected, through every cut; PM shows
# a cut host's trader UNKNOWN within 3 s and names the host; no trader is ever started twice (PM never starts a
# remote one); after healing PM adopts the same process, with an `adopt` event.
#
#   sudo scripts/netns-drill.sh [path/to/pog.jar] [report-dir]      (root: it makes namespaces and links)
#
# Exit 0: all checks passed; 1: a check failed; 77: this machine does not allow network namespaces (skipped).
# Bounded: every wait has a deadline, the whole drill ~30 s; a trap removes every namespace, link and process it made.
set -euo pipefail

JAR=${1:-app/target/pog.jar}
OUT=${2:-app/target/netns-drill}
JAR=$(readlink -f "$JAR")
mkdir -p "$OUT"
OUT=$(readlink -f "$OUT")
JAVA=${JAVA:-java}
TAG="pog$$"
NS_PM="${TAG}pm"; NS_B="${TAG}b"; NS_C="${TAG}c"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pog-netns-drill.XXXXXX")
PIDS=()
REPORT="$OUT/netns-drill.md"
FAILED=0

log() { printf '[netns-drill] %s\n' "$*"; }
fail() { log "FAIL: $*"; FAILED=1; }

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for ns in "$NS_PM" "$NS_B" "$NS_C"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

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

# --- TLS, tokens, configs --------------------------------------------------------------------------------------
"$JAVA" -jar "$JAR" tls init --dir "$WORK/tls" --host "b=$B" --host "c=$C" >/dev/null
export POG_CONTROL_TOKEN="drill-control-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
READ="drill-read-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
umask 077
printf '%s\n' "$READ" > "$WORK/read.token"
for h in b c; do
  addr=$B; [ $h = c ] && addr=$C
  mkdir -p "$WORK/$h"
  cp "$WORK/read.token" "$WORK/$h/read.token"
  cat > "$WORK/$h/trader.yaml" <<YAML
service: trader-$h
bind: $addr
port: 9202
dataDir: $WORK/$h/data
controlTokenFile: $WORK/$h/control.token
readTokenFile: $WORK/$h/read.token
loopMillis: 200
tls: {certFile: $WORK/tls/$h.pem, keyFile: $WORK/tls/$h-key.pem}
venue: {type: paper, account: drill-$h, tickMillis: 100}
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
start_trader() { # $1 host
  local ns=$NS_B; [ "$1" = c ] && ns=$NS_C
  ip netns exec "$ns" "$JAVA" "${JOPTS[@]}" -jar "$JAR" trader --config "$WORK/$1/trader.yaml" \
    >>"$WORK/$1/out.log" 2>&1 </dev/null &
  echo $!
}
PID_B=$(start_trader b); PIDS+=("$PID_B")
PID_C=$(start_trader c); PIDS+=("$PID_C")
ip netns exec "$NS_PM" "$JAVA" "${JOPTS[@]}" -jar "$JAR" pm --config "$WORK/pm.yaml" >"$WORK/pm.out" 2>&1 </dev/null &
PID_PM=$!; PIDS+=("$PID_PM")

pm() { ip netns exec "$NS_PM" curl -fsS --max-time 2 "http://127.0.0.1:9004$1"; }
# a field of one service in /api/services, by a tiny parser (no jq needed)
svc() { local j; j=$(pm /api/services 2>/dev/null) || { echo; return 0; }; printf '%s' "$j" | field "$1" "$2"; }
field() { python3 -c 'import json,sys
d=json.load(sys.stdin); s=[x for x in d if x["id"]==sys.argv[1]]
print(s[0].get(sys.argv[2]) if s else "")' "$1" "$2"; }
now_ms() { date +%s%3N; }
wait_for() { # $1 deadline ms, $2.. command that must succeed
  local deadline=$(( $(now_ms) + $1 )); shift
  until "$@"; do [ "$(now_ms)" -lt "$deadline" ] || return 1; sleep 0.1; done
}
state_is() { [ "$(svc "$1" state)" = "$2" ]; }
# the trader asked on its own host (as its host's supervisor would): answering, and every position protected
trader_ok() { # $1 host
  local ns=$NS_B addr=$B; [ "$1" = c ] && ns=$NS_C addr=$C
  ip netns exec "$ns" curl -fsS --max-time 2 --cacert "$WORK/tls/ca.pem" -H "Authorization: Bearer $READ" \
    "https://$addr:9202/api/health" | python3 -c 'import json,sys
h=json.load(sys.stdin); sys.exit(0 if h["checks"]["protection"]["ok"] and h["status"] in ("ok","degraded") else 1)'
}

log "waiting for both traders HEALTHY in PM"
wait_for 60000 state_is trader-b HEALTHY || { fail "trader-b never HEALTHY"; cat "$WORK/pm.out" "$WORK/b/out.log" | tail -20; exit 1; }
wait_for 20000 state_is trader-c HEALTHY || { fail "trader-c never HEALTHY"; exit 1; }
INST_B=$(svc trader-b instance); INST_C=$(svc trader-c instance)

# --- cut host b ------------------------------------------------------------------------------------------------
log "cutting the link to host b"
T0=$(now_ms); ip -n "$NS_PM" link set "${TAG}pb" down
wait_for 3000 state_is trader-b UNKNOWN || fail "trader-b not UNKNOWN within 3 s of the cut"
T_UNKNOWN=$(( $(now_ms) - T0 ))
log "trader-b UNKNOWN after ${T_UNKNOWN} ms"
BANNER=$(pm /api/hosts | python3 -c 'import json,sys
print(next((h["detail"] or "") for h in json.load(sys.stdin) if h["host"]=="b"))')
case "$BANNER" in "host b unreachable since "*) log "PM says: $BANNER";; *) fail "host b not named unreachable: '$BANNER'";; esac
# hold the cut: never DOWN, the trader trades on protected on its own host
for _ in $(seq 1 25); do
  st=$(svc trader-b state); [ "$st" = UNKNOWN ] || fail "trader-b was $st during the cut (must stay UNKNOWN)"
  sleep 0.2
done
trader_ok b || fail "trader-b not answering/protected on its own host during the cut"
state_is trader-c HEALTHY || fail "trader-c (not cut) was not HEALTHY"
kill -0 "$PID_B" || fail "trader-b died during the cut"

log "healing the link to host b"
T1=$(now_ms); ip -n "$NS_PM" link set "${TAG}pb" up
wait_for 10000 state_is trader-b HEALTHY || fail "trader-b not re-adopted within 10 s of healing"
T_ADOPT=$(( $(now_ms) - T1 ))
log "trader-b HEALTHY again after ${T_ADOPT} ms"
[ "$(svc trader-b instance)" = "$INST_B" ] || fail "trader-b's instance changed across the cut"
pm "/api/events?limit=500" | grep -q '"kind":"adopt".*the same as before the cut' \
  || fail "no adopt event naming the same instance after the cut"

# --- latency and loss (tc netem) -------------------------------------------------------------------------------
NETEM="not run: this kernel has no sch_netem (tc says 'Specified qdisc kind is unknown')"
if ip netns exec "$NS_PM" tc qdisc add dev "${TAG}pc" root netem delay 300ms 50ms loss 20% 2>/dev/null; then
  sleep 6
  st=$(svc trader-c state); [ "$st" != DOWN ] || fail "trader-c DOWN under latency and loss"
  ip netns exec "$NS_PM" tc qdisc del dev "${TAG}pc" root
  wait_for 10000 state_is trader-c HEALTHY || fail "trader-c not HEALTHY after netem was removed"
  NETEM="300 ms ± 50 ms delay and 20% loss on host c's link for 6 s: state $st, never DOWN"
fi
log "netem: $NETEM"

# --- kill trader c: PM cannot see the process, it says UNKNOWN and starts nothing --------------------------------
log "SIGKILL trader-c"
T2=$(now_ms); kill -KILL "$PID_C"; wait "$PID_C" 2>/dev/null || true
wait_for 3000 state_is trader-c UNKNOWN || fail "trader-c not UNKNOWN within 3 s of its death"
T_KILL=$(( $(now_ms) - T2 ))
sleep 3
st=$(svc trader-c state); [ "$st" = UNKNOWN ] || fail "trader-c $st after its death (a remote death is UNKNOWN)"
if ip netns exec "$NS_C" ss -ltn 2>/dev/null | grep -q ':9202 '; then fail "something listens for trader-c: PM started a copy"; fi
pm "/api/events?limit=500" | grep -q '"kind":"launch"' && fail "PM launched something"
# its host's supervisor starts it again: PM finds the new instance
PID_C=$(start_trader c); PIDS+=("$PID_C")
wait_for 30000 state_is trader-c HEALTHY || fail "restarted trader-c not seen by PM"
[ "$(svc trader-c instance)" != "$INST_C" ] || fail "trader-c restarted but PM shows the old instance"
trader_ok c || fail "restarted trader-c not protected"

kill -0 "$PID_B" || fail "trader-b died"
cat > "$REPORT" <<MD
# netns drill ($(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg))

| step | result |
|---|---|
| link to host b cut (ip link set down) → trader-b UNKNOWN in PM | ${T_UNKNOWN} ms (bound: 3000 ms at intervalMs 1000, timeoutMs 800) |
| PM's host fact during the cut | ${BANNER} |
| during the cut (5 s) | trader-b UNKNOWN throughout, never DOWN; answering and protected on its own host |
| link healed → trader-b HEALTHY, adopted (same pid and instance, adopt event) | ${T_ADOPT} ms |
| latency and loss | ${NETEM} |
| trader-c SIGKILL → UNKNOWN (PM cannot see a remote process) | ${T_KILL} ms; nothing started by PM; its host restarted it, PM found the new instance |
| result | $([ $FAILED = 0 ] && echo passed || echo FAILED) |
MD
cat "$REPORT"
exit $FAILED
