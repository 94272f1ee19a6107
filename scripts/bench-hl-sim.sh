#!/usr/bin/env bash
# Throughput of the simulated Hyperliquid for signed orders, signatures verified over the venue-rebuilt action
# (target >= 3,000 orders/s on 2 cores). Works from a fresh clone: builds hyperliquid and what it needs (-am) in
# one reactor, so the sibling modules come from their target/classes, not from ~/.m2.
# Usage: scripts/bench-hl-sim.sh [orders=20000] [clients=16]
set -euo pipefail
cd "$(dirname "$0")/.."
# Online by default: the first run may fetch maven-dependency-plugin from Maven Central (POG_MVN_OFFLINE=-o after).
OFFLINE=${POG_MVN_OFFLINE:-}
./mvnw -q -B -ntp $OFFLINE -pl hyperliquid -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/hyperliquid/target/bench.classpath" -Dmdep.includeScope=test >/dev/null
CP="hyperliquid/target/test-classes:hyperliquid/target/classes:$(cat hyperliquid/target/bench.classpath)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
exec java -Xms512m -Xmx1g -cp "$CP" pog.hyperliquid.sim.bench.HlSimThroughputBench "$@" 2>hyperliquid/target/bench-hl-sim.log
