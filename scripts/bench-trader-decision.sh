#!/usr/bin/env bash
# Trader decision latency: strategy signal -> order handed to the venue (in process). See TraderDecisionLatency.
# Usage: scripts/bench-trader-decision.sh [orders=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/benchmarks.jar ] || ./mvnw -q -B -DskipTests install -pl bench -am
exec java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.TraderDecisionLatency "${1:-20000}"
