#!/usr/bin/env bash
# Trader cold start (spawn -> first 200 / first status ok on /api/health) and RSS while trading.
# Usage: scripts/bench-trader.sh [runs=10] [trade-seconds=60]
# JVM options are those of ./pog (override with POG_JAVA_OPTS), including its class-data-sharing archive if built.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f app/target/pog.jar ] || ./mvnw -q -B -DskipTests package
[ -f bench/target/benchmarks.jar ] || ./mvnw -q -B -DskipTests install -pl bench -am
opts="${POG_JAVA_OPTS:-$(./pog --print-java-opts)}"
exec java -cp bench/target/benchmarks.jar pog.bench.TraderStartup app/target/pog.jar "${1:-10}" "${2:-60}" "$opts"
