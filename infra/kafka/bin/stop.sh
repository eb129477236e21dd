#!/usr/bin/env bash
# Stop the local broker started by bin/start.sh (graceful, then forced after KAFKA_STOP_TIMEOUT s).
#   bin/stop.sh           stop, keep data
#   bin/stop.sh --clean   stop and delete .run/data (the next start formats a new cluster)
# KAFKA_RUN_DIR selects a private broker started with the same variable (see bin/start.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN="${KAFKA_RUN_DIR:-.run}"
PIDFILE="$RUN/broker.pid"
TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
mkdir -p "$RUN"
# Same lock as bin/start.sh: a start never sees a broker that is half-way through stopping.
exec 9>"$RUN/start.lock"
flock -w 300 9 || { echo "kafka: timed out waiting for the start lock" >&2; exit 1; }

if [[ -f "$PIDFILE" ]]; then
  pid="$(cat "$PIDFILE")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS >= deadline )); then
        echo "kafka: broker $pid did not stop in ${TIMEOUT}s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.2
    done
    echo "kafka: stopped broker pid $pid" >&2
  fi
  rm -f "$PIDFILE"
else
  echo "kafka: no broker running (no $PIDFILE)" >&2
fi
if [[ "${1:-}" == "--clean" ]]; then
  rm -rf "$RUN/data"
  echo "kafka: removed $RUN/data" >&2
fi
