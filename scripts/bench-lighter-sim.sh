#!/usr/bin/env bash
# Throughput of the simulated Lighter for signed create-order transactions, signatures and nonces verified.
# Usage: scripts/bench-lighter-sim.sh [txs=5000] [clients=8]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -pl lighter test-compile
./mvnw -q -o -pl lighter dependency:build-classpath -Dmdep.outputFile="$PWD/lighter/target/bench.classpath" >/dev/null
CP="lighter/target/test-classes:lighter/target/classes:$(cat lighter/target/bench.classpath)"
exec java -Xms512m -Xmx1g -cp "$CP" pog.lighter.sim.bench.LighterSimThroughputBench "$@" 2>lighter/target/bench-lighter-sim.log
