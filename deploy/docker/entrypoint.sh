#!/usr/bin/env bash
# The image's entrypoint. `pog SUBCOMMAND ...` replaces this shell (exec), so the JVM is the container's main process
# and gets the runtime's signals itself: `docker stop` is a graceful stop, and a trader's exit code is the
# container's (2: bad config, 3: another instance owns the state).
#
# `demo` is the exception: `pog demo` starts the simulators and PM detached (PM starts the traders) and returns. Here
# it is followed by a wait while PM lives, so the container lasts as long as the demo; SIGTERM/SIGINT (docker stop,
# Ctrl-C) run `pog demo stop`, which ends everything the demo started. As the container's PID 1 this shell also reaps
# the detached processes that end.
set -euo pipefail
cd /opt/pog
if [ "${1:-}" != demo ] || [ "${2:-}" = stop ]; then
  exec /opt/pog/pog "$@"
fi
stopping=0
stop() { stopping=1; /opt/pog/pog demo stop || true; }
trap stop TERM INT
/opt/pog/pog "$@"
pm_pid=$(cat var/demo/pm.pid)
while [ "$stopping" = 0 ] && kill -0 "$pm_pid" 2>/dev/null; do
  sleep 1 & wait $! || true
done
[ "$stopping" = 1 ] && exit 0
echo "entrypoint: PM (pid $pm_pid) ended; see var/demo/logs/pm.out" >&2
exit 1
