#!/usr/bin/env bash
# Trader decision latency: strategy signal -> order handed to the venue (in process). See TraderDecisionLatency.
# Usage: scripts/bench-trader-decision.sh [orders=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
# bench/target/benchmarks.jar, rebuilt when a source is newer (never because of build output under target/); a
# reactor package of bench and what it needs, so nothing is installed into ~/.m2
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -name target -prune -o \
    -newer bench/target/benchmarks.jar -print -quit 2>/dev/null)" ]; then
  ./mvnw -q -B -DskipTests package -pl bench -am
fi
exec java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.TraderDecisionLatency "${1:-20000}"
