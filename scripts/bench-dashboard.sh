#!/usr/bin/env bash
# Dashboard: PM death (kill -9, and frozen with SIGSTOP) to "PM API UNREACHABLE" on screen, with the page's defaults.
# Needs chromium and chromedriver (apt-get install chromium chromium-driver). See DashboardBannerBench.
# Usage: scripts/bench-dashboard.sh [rounds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
# -am: from a fresh clone the modules pm needs are built in the same reactor (their classes, not ~/.m2)
./mvnw -q -B -o -pl pm -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt \
  || ./mvnw -q -B -pl pm -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
cd pm
exec java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" pog.pm.dashboard.DashboardBannerBench "${1:-10}"
