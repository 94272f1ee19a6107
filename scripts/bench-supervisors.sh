#!/usr/bin/env bash
# PoG's PM beside pm2 and supervisord on this machine: kill -9 of the same paper trader under each (ten rounds, the
# order rotated), each supervisor's RSS and idle CPU while it watches 20 traders, and PM's cold start with 20
# traders. Loopback only; everything it starts it stops. Nothing is asserted; see pog.bench.Supervisors and
# docs/benchmarks.md ("Supervisors").
# Usage: scripts/bench-supervisors.sh [rounds=10] [modes=pog,pm2,supervisord] [idle-seconds=60]
# pm2 is installed by npm into target/bench-supervisors/ (PM2_VERSION, default below); supervisord comes from
# Debian's package `supervisor`, installed when missing and this runs as root (else that column is left out).
# JVM options are those of ./pog (override with POG_JAVA_OPTS), including its class-data-sharing archive.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10}"
modes="${2:-pog,pm2,supervisord}"
idle="${3:-60}"
scratch="$PWD/target/bench-supervisors"
mkdir -p "$scratch"

POG_NO_CDS=1 ./pog --version >/dev/null
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -name target -prune -o \
    -newer bench/target/benchmarks.jar -print -quit 2>/dev/null)" ]; then
  ./mvnw -q -B -DskipTests package -pl bench -am
fi
opts="${POG_JAVA_OPTS:-$(POG_SKIP_BUILD=1 ./pog --print-java-opts)}"

keep=()
IFS=, read -ra wanted <<<"$modes"
pm2="-"
for m in "${wanted[@]}"; do
  case "$m" in
    pm2)
      if ! command -v npm >/dev/null; then echo "pm2 left out: npm is not installed" >&2; continue; fi
      if [ ! -x "$scratch/node_modules/.bin/pm2" ]; then
        [ -f "$scratch/package.json" ] || echo '{"private": true}' >"$scratch/package.json"
        (cd "$scratch" && npm install --no-save --no-audit --no-fund --loglevel=error "pm2@${PM2_VERSION:-7.0.4}" >/dev/null)
      fi
      pm2="$scratch/node_modules/.bin/pm2"
      keep+=(pm2) ;;
    supervisord)
      if ! command -v supervisord >/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
          # RUNLEVEL=1: install only; the package would otherwise start the system's own supervisord
          RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor >/dev/null
        else
          echo "supervisord left out: not installed, and installing it needs root" >&2; continue
        fi
      fi
      keep+=(supervisord) ;;
    *) keep+=("$m") ;;
  esac
done
modes="$(IFS=,; echo "${keep[*]}")"

work="$(mktemp -d "$scratch/run.XXXXXX")"
export PM2_HOME="$work/pm2-home"
cleanup() {
  if [ "$pm2" != "-" ]; then "$pm2" kill >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
# shellcheck disable=SC2086
timeout 3600 java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.Supervisors \
  app/target/pog.jar "$work" "$rounds" "$modes" "$pm2" "$idle" "$opts"
rm -rf "$work"
