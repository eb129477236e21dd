#!/usr/bin/env bash
# Start (or reuse) the local single-node Kafka broker (KRaft) and print its bootstrap address.
#   bin/start.sh            → prints 127.0.0.1:19092 on stdout once the broker answers
# Gathers the broker's jars from Maven Central on first use (pom.xml → target/lib), formats storage
# under .run/data with a fresh cluster id if it is not formatted yet, starts the broker in the
# background (pid in .run/broker.pid) and waits, bounded by KAFKA_START_TIMEOUT seconds (default 90),
# until it has logged "Kafka Server started" and accepts connections. Safe to run concurrently: a
# lock serialises callers, and a second caller finds the running broker and reuses it.
#
# A second, private broker (e.g. one a test stops and restarts) runs from its own folder and ports:
#   KAFKA_RUN_DIR=/tmp/x KAFKA_PORT=19192 KAFKA_CONTROLLER_PORT=19193 bin/start.sh   (and bin/stop.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

BOOTSTRAP_HOST=127.0.0.1
BOOTSTRAP_PORT="${KAFKA_PORT:-19092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
RUN="${KAFKA_RUN_DIR:-.run}"
PIDFILE="$RUN/broker.pid"
mkdir -p "$RUN/logs"

log() { echo "kafka: $*" >&2; }
die() { log "$*"; exit 1; }

command -v java >/dev/null || die "java not found / 未找到 java"
# One caller at a time (several test files may call this at once).
exec 9>"$RUN/start.lock"
flock -w "$((TIMEOUT + 120))" 9 || die "timed out waiting for the start lock"

port_answers() { (exec 3<>"/dev/tcp/$BOOTSTRAP_HOST/$BOOTSTRAP_PORT") 2>/dev/null; }
running_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid; pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

if pid="$(running_pid)"; then
  if port_answers; then
    log "reusing running broker (pid $pid)"
    echo "$BOOTSTRAP_HOST:$BOOTSTRAP_PORT"
    exit 0
  fi
  die "broker pid $pid is alive but $BOOTSTRAP_HOST:$BOOTSTRAP_PORT does not answer; run bin/stop.sh"
fi
rm -f "$PIDFILE"
if port_answers; then
  die "$BOOTSTRAP_HOST:$BOOTSTRAP_PORT is taken by another process (not ours); free it or set KAFKA_BROKERS"
fi

# Gather jars again whenever pom.xml changes.
# (Its own lock: brokers with different run folders share target/lib.)
stamp="$(sha256sum pom.xml | cut -c1-16)"
mkdir -p target
exec 8>target/gather.lock
flock -w 900 8 || die "timed out waiting for the gather lock"
if [[ ! -f target/lib/.stamp || "$(cat target/lib/.stamp)" != "$stamp" ]]; then
  command -v mvn >/dev/null || die "mvn not found / 未找到 mvn"
  log "gathering broker jars from Maven Central (pom.xml → target/lib)…"
  rm -rf target/lib
  mvn -q -B dependency:copy-dependencies -DoutputDirectory=target/lib -DincludeScope=runtime >&2
  echo "$stamp" > target/lib/.stamp
fi
exec 8>&-
CP="target/lib/*"
JAVA_OPTS=(${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} ${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true})
LOG4J=(-Dlog4j2.configurationFile=config/log4j2.properties "-Dkafka.run.dir=$RUN")

# This broker's configuration: config/server.properties with its ports and data folder.
sed -e "s#^listeners=.*#listeners=PLAINTEXT://$BOOTSTRAP_HOST:$BOOTSTRAP_PORT,CONTROLLER://$BOOTSTRAP_HOST:$CONTROLLER_PORT#" \
  -e "s#^advertised.listeners=.*#advertised.listeners=PLAINTEXT://$BOOTSTRAP_HOST:$BOOTSTRAP_PORT#" \
  -e "s#^controller.quorum.voters=.*#controller.quorum.voters=1@$BOOTSTRAP_HOST:$CONTROLLER_PORT#" \
  -e "s#^log.dirs=.*#log.dirs=$RUN/data#" config/server.properties >"$RUN/server.properties"

if [[ ! -f "$RUN/data/meta.properties" ]]; then
  cluster_id="$(java "${LOG4J[@]}" -cp "$CP" kafka.tools.StorageTool random-uuid 2>>"$RUN/logs/stdout.log")"
  log "formatting storage with cluster id $cluster_id"
  java "${LOG4J[@]}" -cp "$CP" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN/server.properties" \
    --ignore-formatted >>"$RUN/logs/stdout.log" 2>&1 || die "storage format failed; see infra/kafka/$RUN/logs/stdout.log"
fi

[[ -f "$RUN/logs/server.log" ]] && mv -f "$RUN/logs/server.log" "$RUN/logs/server.log.prev"
# setsid, no inherited stdio and no lock fd: the broker outlives this script, never holds a caller's
# pipes open, and never keeps the start lock.
setsid nohup java "${JAVA_OPTS[@]}" "${LOG4J[@]}" -cp "$CP" kafka.Kafka "$RUN/server.properties" \
  </dev/null >>"$RUN/logs/stdout.log" 2>&1 9>&- &
pid=$!
echo "$pid" > "$PIDFILE"
log "started broker pid $pid; waiting up to ${TIMEOUT}s"

deadline=$((SECONDS + TIMEOUT))
until grep -q "Kafka Server started" "$RUN/logs/server.log" 2>/dev/null && port_answers; do
  kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; tail -n 30 "$RUN/logs/stdout.log" "$RUN/logs/server.log" >&2 2>/dev/null || true; die "broker exited during start"; }
  (( SECONDS < deadline )) || { log "broker not ready after ${TIMEOUT}s; stopping it"; kill -KILL "$pid" 2>/dev/null || true; rm -f "$PIDFILE"; exit 1; }
  sleep 0.2
done
log "broker ready after $((SECONDS - deadline + TIMEOUT))s"
echo "$BOOTSTRAP_HOST:$BOOTSTRAP_PORT"
