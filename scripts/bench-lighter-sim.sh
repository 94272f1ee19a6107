#!/usr/bin/env bash
# Throughput of the simulated Lighter for signed create-order transactions, every signature verified and every nonce
# checked and persisted (target >= 1,500 tx/s on 2 cores). Works from a fresh clone: builds bench/ and what it needs.
# Usage: scripts/bench-lighter-sim.sh [txs=20000] [clients=8] [socket|jdk]   (load generator: raw keep-alive sockets or the JDK HttpClient)
# Signing latency (target p99 <= 150 us): java -jar bench/target/benchmarks.jar LighterSignBench
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl bench -am package -DskipTests
mkdir -p bench/target
exec java -Xms512m -Xmx1g -cp bench/target/benchmarks.jar pog.bench.LighterSimThroughput "$@" \
    2>bench/target/bench-lighter-sim.log
