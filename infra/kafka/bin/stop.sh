#!/usr/bin/env bash
# Stop the local broker started by bin/start.sh (graceful, then forced after KAFKA_STOP_TIMEOUT s).
#   bin/stop.sh           stop, keep data
#   bin/stop.sh --clean   stop and delete .run/data (the next start formats a new cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=.run
PIDFILE="$RUN/broker.pid"
TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

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
