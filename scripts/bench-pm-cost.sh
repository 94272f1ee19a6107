#!/usr/bin/env bash
# What PM costs watching 20 traders with its shipped defaults, each figure against issue #15's goal: cold start from
# `./pog pm` to all 20 adopted, RSS (PM and its children), PM's idle CPU, and the longest gap between two health
# reads of a trader. The traders are fake (pog.bench.TraderFarm, in the benchmark's JVM); loopback only; everything
# it starts it stops. Nothing is asserted; see pog.bench.PmCost and docs/benchmarks.md ("PM's cost").
# Usage: scripts/bench-pm-cost.sh [cold-rounds=10] [cost-rounds=3] [idle-seconds=60] [settle-seconds=30]
#   PM_NMT=1   also print PM's native memory summary (NMT) each cost round: adds -XX:NativeMemoryTracking=summary
#              to PM's options (NMT itself costs a little memory; not for the RSS figure)
# PM's JVM options are those of ./pog pm (pm/src/main/resources/pog/pm/jvm.options and its class-data archive);
# POG_JAVA_OPTS replaces them, as it does for ./pog.
set -euo pipefail
cd "$(dirname "$0")/.."
cold="${1:-10}"
rounds="${2:-3}"
idle="${3:-60}"
settle="${4:-30}"
scratch="$PWD/target/bench-pm-cost"
mkdir -p "$scratch"

POG_NO_CDS=1 ./pog --version >/dev/null
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -name target -prune -o \
    -newer bench/target/benchmarks.jar -print -quit 2>/dev/null)" ]; then
  ./mvnw -q -B -DskipTests package -pl bench -am
fi
# the archive ./pog pm uses, made now rather than inside the first cold start
./pog --print-java-opts pm >/dev/null
if [ "${PM_NMT:-}" = 1 ]; then
  POG_JAVA_OPTS="$(POG_SKIP_BUILD=1 ./pog --print-java-opts pm) -XX:NativeMemoryTracking=summary"
  export POG_JAVA_OPTS
fi
work="$(mktemp -d "$scratch/run.XXXXXX")"
timeout 3600 java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.PmCost \
  "$work" "$cold" "$rounds" "$idle" "$settle"
rm -rf "$work"
