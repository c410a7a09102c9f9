#!/usr/bin/env bash
# On-demand benchmark of the exporter (not a test): /metrics latency and CPU at 10 bots (~3,000
# series), event ingest throughput (1,000-event batches and single events), RSS after load.
# Needs wrk and python3; builds the jar if it is missing. See README.md for how to read it.
#   exporter/bench/run.sh [BOTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
BOTS=${1:-10}
SECS=${2:-10}
ROOT=$(cd ../.. && pwd)
JAR="$ROOT/target/dist/botwatch-exporter.jar"
# The flags bin/ and the images ship (bin/lib.sh): small heap, serial GC, C1 only.
FLAGS=${BOTWATCH_JVM_FLAGS:-"-Xms16m -Xmx64m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1"}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -pl exporter package -DskipTests)
WORK=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'server: {port: 0}\ningest: {max_bots: %d}\n' "$BOTS" > "$WORK/exporter.yml"
# shellcheck disable=SC2086
java $FLAGS -jar "$JAR" --config "$WORK/exporter.yml" > "$WORK/out" 2> "$WORK/err" &
PID=$!
for _ in $(seq 300); do grep -q listening "$WORK/out" && break; sleep 0.1; done
grep listening "$WORK/out"
PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/out" | cut -d: -f2)
URL="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$URL/-/ready" > /dev/null && break; sleep 0.1; done

python3 feed.py "$PORT" "$BOTS" "$WORK" > /dev/null
SERIES=$(curl -s "$URL/metrics" | grep -vc '^#')
BOT_SERIES=$(curl -s "$URL/metrics" | grep -c '^bot_')
BYTES=$(curl -s "$URL/metrics" | wc -c)
echo "bots=$BOTS samples=$SERIES (bot_* $BOT_SERIES) body=${BYTES}B"

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }  # utime+stime in clock ticks
HZ=$(getconf CLK_TCK)

echo "== warm-up"
wrk -t1 -c1 -d3s "$URL/metrics" > /dev/null
echo "== /metrics, 1 connection, ${SECS}s"
C0=$(cpu)
wrk -t1 -c1 -d"${SECS}s" --latency "$URL/metrics" | tee "$WORK/metrics.txt" | grep -E 'Requests/sec|50%|90%|99%'
C1=$(cpu)
REQS=$(awk '/requests in/ {print $1}' "$WORK/metrics.txt")
awk -v c=$((C1 - C0)) -v hz="$HZ" -v n="$REQS" \
  'BEGIN { printf "exporter CPU: %.2f s per 1,000 scrapes (%d scrapes)\n", c / hz / n * 1000, n }'

echo "== ingest: 1,000-event batches, 2 connections, ${SECS}s"
BODY_FILE="$WORK/batch.json" wrk -t2 -c2 -d"${SECS}s" --latency -s post.lua "$URL/api/v1/events" \
  | tee "$WORK/batch.txt" | grep -E 'Requests/sec|99%'
awk '/Requests\/sec/ { printf "events/s in batches: %d\n", $2 * 1000 }' "$WORK/batch.txt"

echo "== ingest: single events, 4 connections, ${SECS}s"
BODY_FILE="$WORK/single.json" wrk -t2 -c4 -d"${SECS}s" --latency -s post.lua "$URL/api/v1/events" \
  | grep -E 'Requests/sec|99%'

echo "== memory after load"
grep -E 'VmRSS|VmHWM' "/proc/$PID/status"
curl -s "$URL/metrics" | grep -E '^botwatch_events_rejected_total' | grep -v ' 0.0$' || echo "no rejected events"
