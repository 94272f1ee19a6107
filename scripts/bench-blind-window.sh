#!/usr/bin/env bash
# Blind window after PM dies: SIGKILL -> PM serving with every trader adopted and healthy, while two paper traders
# run; under `pog watchdog` (its loop, default interval) and under a systemd-style Restart=always supervisor
# (RestartSec as given). Nothing is asserted; see pog.bench.BlindWindow and docs/benchmarks.md#failover.
# Usage: scripts/bench-blind-window.sh [kills=20] [modes=watchdog,restart-always] [restart-sec-ms=1000]
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
opts="${POG_JAVA_OPTS:-$(POG_SKIP_BUILD=1 ./pog --print-java-opts)}"
exec java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.BlindWindow app/target/pog.jar \
  "${1:-20}" "${2:-watchdog,restart-always}" "${3:-1000}" "$opts"
