#!/usr/bin/env bash
# Responder benchmark, on demand (not a test): webhook -> first control call latency, and the
# acknowledge path (POST /alerts -> 200, stored in SQLite first) against a Python stdlib receiver.
#   responder/bench/run.sh [ALERTS=200] [SECONDS=10]
# Needs python3 and wrk (apt-get install wrk); loopback only; stops what it starts.
set -euo pipefail
cd "$(dirname "$0")"
. ../../bin/lib.sh
N=${1:-200} SECS=${2:-10}
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
[ -f "$DIST/botwatch-responder.jar" ] || (cd "$ROOT" && mvn -B -q -ntp -DskipTests -pl responder -am package)
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
BOT_PORT=$(free_port) PY_PORT=$(free_port)
TOKEN=bench-token-$RANDOM
printf '%s' "$TOKEN" >"$work/token"
cat >"$work/responder.yml" <<YML
server: {host: 127.0.0.1, port: 0}
webhook: {token: {file: "$work/token"}}
store: {path: "$work/responder.db"}
bots:
  paper:
    control: {base_url: "http://127.0.0.1:$BOT_PORT"}
limits: {cooldown: 0s, max_actions_per_hour: 1000000}
YML
cds=$(class_data_flags "$DIST/botwatch-responder.jar")
java "${JVM_FLAGS[@]}" ${cds:+"$cds"} ${BOTWATCH_JVM_EXTRA:-} -jar "$DIST/botwatch-responder.jar" --config "$work/responder.yml" >"$work/out.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do grep -q "listening on" "$work/out.log" && break; sleep 0.1; done
grep -o "responder listening on.*" "$work/out.log"
URL=$(grep -o "http://127.0.0.1:[0-9]*" "$work/out.log" | head -1)

echo "== latency ($N alerts, one at a time, a stand-in bot in Python)"
python3 latency.py "$URL" "$TOKEN" "$BOT_PORT" "$N"

echo "== acknowledge path, wrk 4 connections ${SECS}s (repeats of one alert: stored, deduplicated)"
body=$(python3 -c 'import json;print(json.dumps({"version":"4","groupKey":"{}:{}","truncatedAlerts":0,"status":"firing","receiver":"responder","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","alerts":[{"status":"firing","labels":{"alertname":"BotApiErrorRateHigh","bot":"paper","severity":"warning","recovery":"none"},"annotations":{},"startsAt":"2026-11-22T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"00000000000000aa"}]}))')
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = [[$body]]
LUA
wrk -t2 -c4 -d"${SECS}s" --latency -s "$work/post.lua" "$URL/alerts" | grep -E "Requests/sec|99%"
echo "== the same against a Python standard-library receiver"
python3 receiver.py "$PY_PORT" 2>/dev/null &
pids+=($!)
# Poll until it answers (a fixed sleep lost the race under load), at most 30 s.
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$PY_PORT/" && break; sleep 0.1; done
wrk -t2 -c4 -d"${SECS}s" --latency -s "$work/post.lua" "http://127.0.0.1:$PY_PORT/alerts" | grep -E "Requests/sec|99%"
echo "== responder RSS after load: $(awk '/VmRSS/{print int($2/1024)" MiB"}' /proc/${pids[0]}/status)"
