#!/usr/bin/env bash
# Blind window after PM dies: SIGKILL -> PM serving with every trader adopted and healthy, while two paper traders
# run; under `pog watchdog` (its loop, default interval) and under a systemd-style Restart=always supervisor
# (RestartSec as given). Nothing is asserted; see pog.bench.BlindWindow and docs/benchmarks.md#failover.
# Usage: scripts/bench-blind-window.sh [kills=20] [modes=watchdog,restart-always] [restart-sec-ms=1000]
# JVM options are those of ./pog (override with POG_JAVA_OPTS), including its class-data-sharing archive if built.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f app/target/pog.jar ] || ./mvnw -q -B -DskipTests package
if [ ! -f bench/target/benchmarks.jar ] || [ -n "$(find bench/src -newer bench/target/benchmarks.jar -print -quit)" ]; then
  ./mvnw -q -B -DskipTests install -pl bench -am
fi
opts="${POG_JAVA_OPTS:-$(POG_SKIP_BUILD=1 ./pog --print-java-opts)}"
exec java -XX:+UseSerialGC -Xmx256m -cp bench/target/benchmarks.jar pog.bench.BlindWindow app/target/pog.jar \
  "${1:-20}" "${2:-watchdog,restart-always}" "${3:-1000}" "$opts"
