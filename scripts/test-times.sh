#!/usr/bin/env bash
# Where a test run's time went: every test class of the last run's surefire and failsafe reports
# (*/target/surefire-reports, app/target/failsafe-reports), slowest first, with its module and a total per module.
#
#   ./mvnw verify; scripts/test-times.sh            # the whole suite
#   scripts/test-times.sh 15                        # only the 15 slowest classes
#
# Reads the reports only: it runs nothing. Exits 1 when no report exists (nothing has run yet).
set -euo pipefail
cd "$(dirname "$0")/.."
top="${1:-0}"
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "no test reports under */target/{surefire,failsafe}-reports: run ./mvnw verify (or one module's tests) first" >&2
  exit 1
fi
python3 - "$top" "${reports[@]}" <<'EOF'
import sys, xml.etree.ElementTree as ET
from collections import defaultdict
top = int(sys.argv[1])
rows, modules = [], defaultdict(float)
for path in sys.argv[2:]:
    suite = ET.parse(path).getroot()
    module, kind = path.split('/')[0], 'IT' if 'failsafe' in path else 'unit'
    t = float(suite.get('time', '0').replace(',', ''))
    rows.append((t, module, kind, suite.get('name'), int(suite.get('tests', '0')), int(suite.get('failures', '0')) + int(suite.get('errors', '0'))))
    modules[(module, kind)] += t
rows.sort(reverse=True)
print(f"{'seconds':>8}  {'module':<16} {'kind':<4}  class (tests, failed)")
for t, module, kind, name, tests, failed in rows[:top or None]:
    print(f"{t:8.1f}  {module:<16} {kind:<4}  {name} ({tests}{', ' + str(failed) + ' failed' if failed else ''})")
print()
print(f"{'seconds':>8}  module, kind (sum of class times; the build's own steps are not in it)")
for (module, kind), t in sorted(modules.items(), key=lambda kv: -kv[1]):
    print(f"{t:8.1f}  {module} {kind}")
print(f"{sum(modules.values()):8.1f}  all")
EOF
