#!/usr/bin/env bash
# Trader cold start (spawn -> first 200 / first status ok on /api/health) and RSS while trading.
# Usage: scripts/bench-trader.sh [runs=10] [trade-seconds=60]
# JVM options are those of ./pog (override with POG_JAVA_OPTS), including its class-data-sharing archive if built.
set -euo pipefail
cd "$(dirname "$0")/.."
# the launcher builds app/target/pog.jar when it is missing or older than the sources (aside, then renamed)
POG_NO_CDS=1 ./pog --version >/dev/null
# bench/target/benchmarks.jar, rebuilt when a source is newer (never because of build output under target/); a
# reactor package of bench and what it needs, so nothing is installed into ~/.m2
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -name target -prune -o \
    -newer bench/target/benchmarks.jar -print -quit 2>/dev/null)" ]; then
  ./mvnw -q -B -DskipTests package -pl bench -am
fi
opts="${POG_JAVA_OPTS:-$(./pog --print-java-opts)}"
exec java -cp bench/target/benchmarks.jar pog.bench.TraderStartup app/target/pog.jar "${1:-10}" "${2:-60}" "$opts"
