#!/usr/bin/env bash
# The HTTP front under hostile and careless clients, on this machine's loopback: start-up of a minimal service
# (spawn -> first 200, RSS), then GET /api/health latency without load and while N slowloris connections and M idle
# SSE clients are held open. Bounded counts and waits; it stops by itself. See pog.bench.HttpHostile, docs/http.md.
# Usage: scripts/bench-http-hostile.sh [slowloris=200] [sse=70] [samples=300] [startup-runs=5]
# The service runs with the JVM options of ./pog without its CDS archive (override with POG_JAVA_OPTS).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find bench/src common/src -newer bench/target/benchmarks.jar -print -quit)" ]; then
  ./mvnw -q -B -ntp -DskipTests package -pl bench -am
fi
opts="${POG_JAVA_OPTS:--XX:+UseSerialGC -Xss512k -Xms16m -Xmx128m -XX:TieredStopAtLevel=1}"
exec java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.HttpHostile \
  "${1:-200}" "${2:-70}" "${3:-300}" "${4:-5}" "$opts"
