#!/usr/bin/env bash
# Throughput of the simulated Lighter for signed create-order transactions, signatures and nonces verified.
# Usage: scripts/bench-lighter-sim.sh [txs=5000] [clients=8]
set -euo pipefail
cd "$(dirname "$0")/.."
# -am: from a fresh clone the modules lighter needs are built in the same reactor (their classes, not ~/.m2); offline
# first, online when a dependency is not cached yet. Each module writes its own target/bench.classpath.
build=(-q -B -pl lighter -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath)
./mvnw -o "${build[@]}" || ./mvnw "${build[@]}"
CP="lighter/target/test-classes:lighter/target/classes:$(cat lighter/target/bench.classpath)"
exec java -Xms512m -Xmx1g -cp "$CP" pog.lighter.sim.bench.LighterSimThroughputBench "$@" 2>lighter/target/bench-lighter-sim.log
