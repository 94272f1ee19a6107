#!/usr/bin/env bash
# The image, really built and run: deploy/docker/Dockerfile is built from a fresh checkout of HEAD (git archive: what
# a clone gets, nothing uncommitted), then its container runs the demo and is checked from outside it: PM answers,
# all three traders (Hyperliquid and Lighter on their simulators, paper) are HEALTHY, each holds a position protected
# by a verified stop, and both simulators' protection ledgers say 0 ms unprotected. `docker stop` must end the demo
# gracefully (exit 0, everything stopped); a bad trader config must exit the container with PoG's code 2; the image
# runs as uid 10001 and has curl (the Kubernetes probes use it). Then the trader pod of deploy/kubernetes/
# trader-paper.yaml is run as its manifest says (ConfigMap, init command, args, read-only root, uid, exec probes),
# and a second copy on its state volume must be refused (exit 3).
#
#   scripts/container-drill.sh [report-dir]            (default app/target/container-drill; report container-drill.md)
#
# Runtime: podman, else docker (with a reachable daemon); POG_CONTAINER=podman|docker picks one. Exit 77 when there is
# none (skipped). The container gets its own network namespace made here (root), so the demo's fixed ports never
# meet another process's; the checks run from the host in that namespace (curl is a host process, not `exec`).
# Base images: JDK_IMAGE/JRE_IMAGE (default eclipse-temurin:17-jdk/-jre); when they cannot be pulled (no registry
# reachable) and mmdebstrap is installed, Debian bookworm bases with OpenJDK 17 are built from Debian's packages once
# and kept as localhost/pog-base-jdk:bookworm and localhost/pog-base-jre:bookworm.
# Bounded: every wait has a deadline; a trap removes the container, the namespace and the checkout. A first run builds
# the bases and downloads Maven's dependencies (~6 min); later runs ~3-4 min.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
OUT=${1:-$ROOT/app/target/container-drill}
mkdir -p "$OUT"; OUT=$(readlink -f "$OUT")
REPORT="$OUT/container-drill.md"
TAG="pogc$$"
IMAGE="localhost/pog:drill-$$"
NAME="pog-drill-$$"
NS="${TAG}ns"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pog-container-drill.XXXXXX")
FAILED=0
ROWS=()

log() { printf '[container-drill] %s\n' "$*"; }
fail() { log "FAIL: $*"; FAILED=1; }
row() { ROWS+=("| $1 | $2 |"); }
now_ms() { date +%s%3N; }

# --- the runtime -------------------------------------------------------------------------------------------------
RT=${POG_CONTAINER:-}
if [ -z "$RT" ]; then
  if command -v podman >/dev/null && podman info >/dev/null 2>&1; then RT=podman
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then RT=docker
  fi
fi
if [ -z "$RT" ]; then
  log "skipped: no container runtime here (podman, or docker with a reachable daemon)"
  exit 77
fi
if [ "$(id -u)" != 0 ]; then
  log "skipped: needs root (the container's network namespace is made with 'ip netns add')"
  exit 77
fi
command -v git >/dev/null && command -v curl >/dev/null && command -v python3 >/dev/null \
  || { log "git, curl and python3 are needed"; exit 1; }

cleanup() {
  "$RT" rm -f -t 5 "$NAME" >/dev/null 2>&1 || "$RT" rm -f "$NAME" >/dev/null 2>&1 || true
  for c in "$NAME-badcfg" "$NAME-pod" "$NAME-pod2"; do "$RT" rm -f "$c" >/dev/null 2>&1 || true; done
  "$RT" rmi -f "$IMAGE" >/dev/null 2>&1 || true
  # the build stage's image, left untagged by the build: only those that were not there before this run
  if [ -n "${DANGLING_BEFORE+x}" ]; then
    for i in $(comm -13 <(printf '%s\n' "$DANGLING_BEFORE") <("$RT" images -q -f dangling=true | sort -u)); do
      "$RT" rmi "$i" >/dev/null 2>&1 || true
    done
  fi
  ip netns del "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Flags this host's runtime needs, found by trying (each is said in the report): podman's defaults raise RLIMIT_NOFILE
# and RLIMIT_NPROC, which a host without CAP_SYS_RESOURCE refuses ("setrlimit ... Operation not permitted"); crun
# refuses a hybrid cgroup v1/v2 host ("cgroups in hybrid mode not supported"), runc runs there.
RUN_FLAGS=()
GLOBAL=()
probe() { "$RT" "${GLOBAL[@]}" run --rm "${RUN_FLAGS[@]}" "$1" true >"$WORK/probe.log" 2>&1; }

# --- base images -------------------------------------------------------------------------------------------------
JDK_IMAGE=${JDK_IMAGE:-docker.io/library/eclipse-temurin:17-jdk}
JRE_IMAGE=${JRE_IMAGE:-docker.io/library/eclipse-temurin:17-jre}
WANTED="$JDK_IMAGE, $JRE_IMAGE"
BASES="$WANTED (pulled)"
have_image() { "$RT" image inspect "$1" >/dev/null 2>&1; }
pulled() { have_image "$1" || timeout 120 "$RT" pull -q "$1" >>"$WORK/pull.log" 2>&1; }
if ! { pulled "$JDK_IMAGE" && pulled "$JRE_IMAGE"; }; then
  log "cannot pull $JDK_IMAGE / $JRE_IMAGE: $(grep -m1 -iE 'error|denied|refused|timeout' "$WORK/pull.log" || echo 'timed out')"
  command -v mmdebstrap >/dev/null || { log "and mmdebstrap (Debian package) is not installed to build bases from Debian's packages"; exit 1; }
  JDK_IMAGE=localhost/pog-base-jdk:bookworm; JRE_IMAGE=localhost/pog-base-jre:bookworm
  for pair in "$JDK_IMAGE=openjdk-17-jdk-headless" "$JRE_IMAGE=openjdk-17-jre-headless"; do
    img=${pair%%=*}; pkg=${pair#*=}
    have_image "$img" && continue
    log "building base $img from Debian bookworm packages ($pkg)"
    mmdebstrap --quiet --variant=apt --include="$pkg,ca-certificates,curl" bookworm "$WORK/base.tar" \
      >"$WORK/mmdebstrap.log" 2>&1 || { tail -5 "$WORK/mmdebstrap.log"; log "mmdebstrap failed"; exit 1; }
    "$RT" import "$WORK/base.tar" "$img" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; log "import failed"; exit 1; }
    rm -f "$WORK/base.tar"
  done
  BASES="$JDK_IMAGE, $JRE_IMAGE (built here from Debian bookworm packages: $WANTED cannot be pulled)"
fi
log "bases: $BASES"
if [ "$RT" = podman ] && ! probe "$JRE_IMAGE"; then
  RUN_FLAGS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=8192:8192)
  if ! probe "$JRE_IMAGE" && grep -q 'hybrid mode' "$WORK/probe.log" && command -v runc >/dev/null; then
    GLOBAL=(--runtime runc)
  fi
  probe "$JRE_IMAGE" || { cat "$WORK/probe.log"; log "the runtime cannot run a container here (above)"; exit 1; }
fi
RUNTIME_DESC="$RT $("$RT" --version | head -1 | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1)${GLOBAL:+ ${GLOBAL[*]}}${RUN_FLAGS:+ ${RUN_FLAGS[*]}}"
log "runtime: $RUNTIME_DESC"

# --- build from a fresh checkout ---------------------------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
mkdir "$WORK/src"
git -C "$ROOT" archive HEAD | tar -x -C "$WORK/src"
BUILD_FLAGS=(--build-arg "JDK_IMAGE=$JDK_IMAGE" --build-arg "JRE_IMAGE=$JRE_IMAGE")
if [ "$RT" = podman ]; then
  BUILD_FLAGS+=("${RUN_FLAGS[@]}")
  # A host that trusts extra CAs (a TLS-inspecting proxy in front of the package registries) lends them to the build's
  # steps (apt, Maven), read-only and for the build only: nothing of it stays in the image.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null && [ -f /etc/ssl/certs/java/cacerts ]; then
    BUILD_FLAGS+=(-v /etc/ssl/certs:/etc/ssl/certs:ro)
    log "the host trusts extra CAs: its /etc/ssl/certs is mounted read-only into the build's RUN steps"
  fi
fi
DANGLING_BEFORE=$("$RT" images -q -f dangling=true | sort -u)
log "building $IMAGE from a fresh checkout of $COMMIT"
T=$(now_ms)
if ! "$RT" "${GLOBAL[@]}" build "${BUILD_FLAGS[@]}" -f deploy/docker/Dockerfile -t "$IMAGE" "$WORK/src" \
    >"$OUT/build.log" 2>&1; then
  tail -30 "$OUT/build.log"; log "FAIL: the image does not build (log: $OUT/build.log)"; exit 1
fi
T_BUILD=$(( $(now_ms) - T ))
SIZE=$("$RT" image inspect "$IMAGE" --format '{{.Size}}')
log "built in ${T_BUILD} ms, $(( SIZE / 1000000 )) MB"
row "image built from a fresh checkout of $COMMIT" "${T_BUILD} ms (bases: $BASES), $(( SIZE / 1000000 )) MB"

run() { "$RT" "${GLOBAL[@]}" run "${RUN_FLAGS[@]}" "$@"; }
# --- the image's facts -------------------------------------------------------------------------------------------
USER_ID=$(run --rm --entrypoint id "$IMAGE" -u)
[ "$USER_ID" = 10001 ] || fail "the image runs as uid $USER_ID, not 10001 (the manifests' runAsUser)"
run --rm --entrypoint curl "$IMAGE" --version >/dev/null || fail "no curl in the image (the probes need it)"
VERSION=$(run --rm "$IMAGE" --version | head -1) || fail "pog --version does not run in the image"
set +e
run --rm --name "$NAME-badcfg" "$IMAGE" trader --config /etc/pog/missing.yaml >"$WORK/badcfg.log" 2>&1
BAD=$?
set -e
[ "$BAD" = 2 ] || fail "a missing trader config exited the container with $BAD, not 2: $(head -2 "$WORK/badcfg.log")"
row "image facts" "uid $USER_ID, curl present, \`--version\`: $VERSION; missing trader config: exit $BAD ($(head -1 "$WORK/badcfg.log" | cut -c1-100))"

# --- the demo in the container, checked from outside -------------------------------------------------------------
ip netns add "$NS"; ip -n "$NS" link set lo up
NETNS_PATH=/var/run/netns/$NS
log "running the demo (network namespace $NS)"
T=$(now_ms)
run -d --name "$NAME" --network "ns:$NETNS_PATH" "$IMAGE" demo >/dev/null
in_ns() { ip netns exec "$NS" "$@"; }
get() { in_ns curl -fsS --max-time 3 "http://127.0.0.1:$1"; }
wait_for() { # $1 deadline ms, $2.. command that must succeed
  local deadline=$(( $(now_ms) + $1 )); shift
  until "$@"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    [ "$("$RT" inspect "$NAME" --format '{{.State.Running}}' 2>/dev/null)" = true ] || return 1
    sleep 0.5
  done
}
all_healthy() {
  local j; j=$(get 9004/api/services 2>/dev/null) || return 1
  printf '%s' "$j" | python3 -c 'import json,sys
s=json.load(sys.stdin); sys.exit(0 if len(s)==3 and all(x["state"]=="HEALTHY" for x in s) else 1)'
}
# every trader holds a position, each protected by a verified stop on its venue
all_protected_positions() {
  local j; j=$(get 9004/api/portfolio 2>/dev/null) || return 1
  printf '%s' "$j" | python3 -c 'import json,sys
p=json.load(sys.stdin); by={}
for x in p["positions"]: by.setdefault(x["service"],[]).append(x)
ok=len(by)==3 and all(x["protected"] and (x.get("protection") or {}).get("state")=="verified" for v in by.values() for x in v)
sys.exit(0 if ok else 1)'
}
if wait_for 180000 all_healthy; then
  T_HEALTHY=$(( $(now_ms) - T ))
  log "PM answers from outside: 3 traders HEALTHY after ${T_HEALTHY} ms"
  row "container started → PM answers, 3 traders HEALTHY" "${T_HEALTHY} ms"
else
  fail "PM/traders not HEALTHY within 180 s"; "$RT" logs "$NAME" 2>&1 | tail -20
fi
if [ "$FAILED" = 0 ] && wait_for 180000 all_protected_positions; then
  T_POS=$(( $(now_ms) - T ))
  POSITIONS=$(get 9004/api/portfolio | python3 -c 'import json,sys
p=json.load(sys.stdin); print(", ".join("%s %s %s %s (stop %s, verified)" % (x["service"],x["symbol"],x["side"],x["size"],x["stopPrice"]) for x in p["positions"]))')
  log "trading: $POSITIONS"
  row "every trader holds a position protected by a verified stop" "${T_POS} ms after start: $POSITIONS"
else
  [ "$FAILED" = 1 ] || fail "not every trader held a protected position within 180 s"
fi
LEDGERS=""
for port in 9502 9503; do
  l=$(get "$port/admin/protection") || { fail "simulator :$port's /admin/protection does not answer"; continue; }
  v=$(printf '%s' "$l" | python3 -c 'import json,sys
r=json.load(sys.stdin); print(sum(a["unprotectedMsTotal"] for a in r), any(a["unprotectedNow"] for a in r), len(r))')
  read -r total now accounts <<<"$v"
  [ "$total" = 0 ] && [ "$now" = False ] || fail "simulator :$port ledger: ${total} ms unprotected, unprotected now: $now"
  LEDGERS="$LEDGERS${LEDGERS:+; }:$port ${total} ms unprotected over $accounts account(s)"
done
row "simulators' protection ledgers (GET /admin/protection)" "$LEDGERS"
log "ledgers: $LEDGERS"

# --- docker stop: a graceful end of everything -------------------------------------------------------------------
T=$(now_ms)
"$RT" stop -t 60 "$NAME" >/dev/null
T_STOP=$(( $(now_ms) - T ))
CODE=$("$RT" inspect "$NAME" --format '{{.State.ExitCode}}')
"$RT" logs "$NAME" >"$OUT/demo.log" 2>&1 || true
[ "$CODE" = 0 ] || fail "the stopped container exited $CODE, not 0"
grep -q '^Demo stopped.' "$OUT/demo.log" || fail "'pog demo stop' did not run on SIGTERM (log: $OUT/demo.log)"
STOPPED=$(grep -cE '^  trader-[a-z]+ +stopped' "$OUT/demo.log" || true)
[ "$STOPPED" = 3 ] || fail "$STOPPED of 3 traders stopped gracefully through PM"
row "\`$RT stop\` (SIGTERM)" "${T_STOP} ms; exit $CODE; $STOPPED traders stopped through PM, PM and both simulators stopped"

wait_for_pod() { # $1 deadline ms, $2.. command that must succeed while the pod's container runs
  local deadline=$(( $(now_ms) + $1 )); shift
  until "$@"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    [ "$("$RT" inspect "$NAME-pod" --format '{{.State.Running}}' 2>/dev/null)" = true ] || return 1
    sleep 1
  done
}
# --- a trader pod as deploy/kubernetes/trader-paper.yaml describes it --------------------------------------------
# What the kubelet would do with the StatefulSet, run by hand: its ConfigMap as /etc/pog, Secret-like volumes
# (root-owned, mode 0440, group 10001 as fsGroup gives), the init container's own command, the trader container's
# args with readOnlyRootFilesystem, runAsUser/Group 10001 and /tmp as an emptyDir, and its exec probes run inside
# the container as the kubelet runs them. Then: the certificate names the Service, a SIGTERM stop exits 0, a second
# copy on the same state volume is refused (exit 3), and a restart on that volume serves again.
POD="$WORK/pod"
SPEC="$WORK/pod/spec.json"
mkdir -p "$POD"/{config,tls,read,secrets,data,tmp}
if python3 - "$WORK/src/deploy/kubernetes/trader-paper.yaml" "$SPEC" "$POD/config/trader.yaml" <<'PY'
import json, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
cm = next(d for d in docs if d["kind"] == "ConfigMap")
sts = next(d for d in docs if d["kind"] == "StatefulSet")
pod = sts["spec"]["template"]["spec"]
main = pod["containers"][0]
open(sys.argv[3], "w").write(cm["data"]["trader.yaml"])
json.dump({"init": pod["initContainers"][0]["command"], "args": main["args"],
           "user": pod["securityContext"]["runAsUser"], "group": pod["securityContext"]["runAsGroup"],
           "readOnly": main["securityContext"]["readOnlyRootFilesystem"],
           "probes": {k: main[k]["exec"]["command"] for k in ("startupProbe", "livenessProbe", "readinessProbe")},
           "port": main["ports"][0]["containerPort"]}, open(sys.argv[2], "w"))
PY
then
  jq_() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[k]
print("\n".join(v) if isinstance(v,list) else v)' "$SPEC" "$1"; }
  PUID=$(jq_ user); PGID=$(jq_ group); PPORT=$(jq_ port)
  mapfile -t INIT < <(jq_ init); mapfile -t ARGS < <(jq_ args)
  # the Secrets, as `pog tls init` makes them (run from the image itself) and as Kubernetes mounts them
  chown "$PUID:$PGID" "$POD/tls"
  NAMES=trader-paper,trader-paper.pog,trader-paper.pog.svc,trader-paper.pog.svc.cluster.local
  run --rm --user "$PUID:$PGID" -v "$POD/tls:/out" "$IMAGE" tls init --dir /out --host "trader-paper=$NAMES" >/dev/null \
    || fail "pog tls init did not run in the image"
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$POD/read/read.token"
  chown -R "0:$PGID" "$POD/tls" "$POD/read"; chmod 0440 "$POD"/tls/* "$POD"/read/*
  chown "$PUID:$PGID" "$POD/secrets" "$POD/data" "$POD/tmp"
  PODRUN=(--user "$PUID:$PGID" -e "POG_CONTROL_TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')")
  [ "$(jq_ readOnly)" = True ] && PODRUN+=(--read-only)
  PODVOL=(-v "$POD/data:/var/lib/pog/data" -v "$POD/config:/etc/pog:ro" -v "$POD/secrets:/var/run/pog/secrets:ro"
          -v "$POD/tmp:/tmp")
  run --rm "${PODRUN[@]}" -v "$POD/tls:/secrets/tls:ro" -v "$POD/read:/secrets/read:ro" \
    -v "$POD/secrets:/var/run/pog/secrets" --entrypoint "${INIT[0]}" "$IMAGE" "${INIT[@]:1}" \
    || fail "the init container's command failed"
  probe_cmd() { mapfile -t P < <(jq_ "probes.$1"); "$RT" exec "$NAME-pod" "${P[@]}"; }
  start_pod() { run -d --name "$NAME-pod" "${PODRUN[@]}" "${PODVOL[@]}" --network "ns:$NETNS_PATH" "$IMAGE" "${ARGS[@]}" >/dev/null; }
  log "running the trader pod of deploy/kubernetes/trader-paper.yaml (${ARGS[*]})"
  T=$(now_ms); start_pod
  pod_started() { probe_cmd startupProbe >/dev/null 2>&1; }
  if wait_for_pod 180000 pod_started; then
    T_POD=$(( $(now_ms) - T ))
    probe_cmd livenessProbe || fail "livenessProbe fails on a started trader"
    probe_cmd readinessProbe || fail "readinessProbe fails on a started trader"
    # from outside, as PM would check it: the certificate is the Service's, verified against the CA
    STATUS=$(in_ns curl -fsS --max-time 3 --cacert "$POD/tls/ca.pem" --resolve "trader-paper:$PPORT:127.0.0.1" \
      "https://trader-paper:$PPORT/api/health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["service"], h["status"])') \
      || fail "https://trader-paper:$PPORT/api/health not verified against the CA"
    log "trader pod started: startupProbe passed after ${T_POD} ms"
    # a second copy on the same state volume (its own network, so only the lock can refuse it)
    set +e
    # (and its own /tmp, as another pod would have: the volume is what they share)
    mkdir -p "$POD/tmp2"; chown "$PUID:$PGID" "$POD/tmp2"
    run --rm --name "$NAME-pod2" "${PODRUN[@]}" "${PODVOL[@]/$POD\/tmp:\/tmp/$POD/tmp2:/tmp}" --network none "$IMAGE" \
      "${ARGS[@]}" >"$WORK/pod2.log" 2>&1
    SECOND=$?
    set -e
    [ "$SECOND" = 3 ] || fail "a second trader on the same state volume exited $SECOND, not 3: $(tail -2 "$WORK/pod2.log")"
    T=$(now_ms); "$RT" stop -t 30 "$NAME-pod" >/dev/null; T_PSTOP=$(( $(now_ms) - T ))
    PCODE=$("$RT" inspect "$NAME-pod" --format '{{.State.ExitCode}}')
    [ "$PCODE" = 0 ] || fail "the trader pod's container exited $PCODE on SIGTERM, not 0"
    "$RT" logs "$NAME-pod" >"$OUT/pod.log" 2>&1 || true
    "$RT" rm "$NAME-pod" >/dev/null
    T=$(now_ms); start_pod
    if wait_for_pod 180000 pod_started; then T_RESTART=$(( $(now_ms) - T )); else fail "the trader did not start again on its state volume"; T_RESTART=-; fi
    "$RT" stop -t 30 "$NAME-pod" >/dev/null || true
    row "trader pod from deploy/kubernetes/trader-paper.yaml (its ConfigMap, init command, args, read-only root, uid $PUID, exec probes)" \
      "startupProbe passed ${T_POD} ms after start, liveness and readiness pass; from outside: $STATUS, certificate verified for the Service name; second copy on the same volume: exit $SECOND ($(grep -v '^\[' "$WORK/pod2.log" | tail -1 | cut -c1-140)); SIGTERM: exit $PCODE in ${T_PSTOP} ms; restarted on the same volume: probe passes after ${T_RESTART} ms"
  else
    fail "the trader pod's startupProbe never passed in 180 s"; "$RT" logs "$NAME-pod" 2>&1 | tail -20
  fi
else
  fail "could not read deploy/kubernetes/trader-paper.yaml (python3 with PyYAML is needed)"
fi

cat > "$REPORT" <<MD
# container drill ($(date -u +%Y-%m-%dT%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg))

Runtime: $RUNTIME_DESC

| step | result |
|---|---|
$(printf '%s\n' "${ROWS[@]}")
| result | $([ $FAILED = 0 ] && echo passed || echo FAILED) |
MD
cat "$REPORT"
exit $FAILED
