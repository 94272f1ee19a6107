#!/usr/bin/env bash
# Throughput of the simulated Hyperliquid for signed orders, signatures verified (target >= 3,000 orders/s on
# 2 cores). Usage: scripts/bench-hl-sim.sh [orders=20000] [clients=16]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -pl hyperliquid test-compile
./mvnw -q -o -pl hyperliquid dependency:build-classpath -Dmdep.outputFile="$PWD/hyperliquid/target/bench.classpath" >/dev/null
CP="hyperliquid/target/test-classes:hyperliquid/target/classes:$(cat hyperliquid/target/bench.classpath)"
exec java -Xms512m -Xmx1g -cp "$CP" pog.hyperliquid.sim.bench.HlSimThroughputBench "$@" 2>hyperliquid/target/bench-hl-sim.log
