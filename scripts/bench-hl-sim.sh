#!/usr/bin/env bash
# Throughput of the simulated Hyperliquid for signed orders, signatures verified over the venue-rebuilt action
# (target >= 3,000 orders/s on 2 cores). Works from a fresh clone: builds hyperliquid-sim and what it needs (-am) in
# one reactor, so the sibling modules come from their target/classes, not from ~/.m2.
# Usage: scripts/bench-hl-sim.sh [orders=20000] [clients=16] [warm-up orders=orders]
# Every order is signed before the timed part (client signing is not the simulator's cost); the warm-up runs first
# so the JIT has compiled the hot paths.
set -euo pipefail
cd "$(dirname "$0")/.."
# -am: from a fresh clone the modules hyperliquid-sim needs are built in the same reactor (their classes, not ~/.m2); offline
# first, online when a dependency is not cached yet. Each module writes its own target/bench.classpath.
build=(-q -B -pl hyperliquid-sim -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath)
./mvnw -o "${build[@]}" || ./mvnw "${build[@]}"
CP="hyperliquid-sim/target/test-classes:hyperliquid-sim/target/classes:$(cat hyperliquid-sim/target/bench.classpath)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
exec java -Xms512m -Xmx1g -cp "$CP" pog.hyperliquid.sim.bench.HlSimThroughputBench "$@" 2>hyperliquid-sim/target/bench-hl-sim.log
