#!/usr/bin/env bash
# Where a loaded responder's memory goes, for one or more sets of JVM flags (on demand; not a test).
#   responder/bench/memory.sh [-- "FLAGS A" "FLAGS B" ...]     # default: the shipped flags only
# Each set: this build's jar with those flags (the class-data archive next to the jar unless the
# set says -Xshare:off) and -XX:NativeMemoryTracking=summary, loaded by latency.py (ALERTS
# alerts) and wrk (4 connections, SECONDS s), then VmRSS/RssAnon/RssFile from /proc and jcmd's NMT
# summary. ENV="MALLOC_ARENA_MAX=2 ..." sets the environment of every run. Loopback and free
# ports only; everything it starts is stopped; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
EXPORTER_BENCH=$(cd ../../exporter/bench && pwd)
. ../../bin/lib.sh
ensure_packages wrk:wrk
JAR=${JAR:-$DIST/botwatch-responder.jar}
N=${ALERTS:-200} SECS=${SECONDS_WRK:-5}
. "$EXPORTER_BENCH/lib.sh"
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || set -- "${JVM_FLAGS[*]}"
TOKEN=bench-token-$RANDOM
printf '%s' "$TOKEN" >"$WORK/token"
python3 -c 'import json;print(json.dumps({"version":"4","groupKey":"{}:{}","truncatedAlerts":0,"status":"firing","receiver":"responder","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","alerts":[{"status":"firing","labels":{"alertname":"BotApiErrorRateHigh","bot":"paper","severity":"warning","recovery":"none"},"annotations":{},"startsAt":"2026-11-22T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"00000000000000aa"}]}))' >"$WORK/alert.json"
i=0
for flags in "$@"; do
  i=$((i + 1))
  port=$(free_port) bot=$(free_port)
  mkdir -p "$WORK/$i"
  cat >"$WORK/$i/responder.yml" <<YML
server: {host: 127.0.0.1, port: $port}
webhook: {token: {file: "$WORK/token"}}
store: {path: "$WORK/$i/responder.db"}
bots:
  paper:
    control: {base_url: "http://127.0.0.1:$bot"}
limits: {cooldown: 0s, max_actions_per_hour: 1000000}
YML
  read -r -a argv <<<"$flags"
  cds=""
  [[ " $flags " == *" -Xshare:off "* ]] || cds=$(class_data_flags "$JAR")
  # shellcheck disable=SC2086
  env ${ENV:-} java "${argv[@]}" ${cds:+"$cds"} -XX:NativeMemoryTracking=summary -jar "$JAR" \
    --config "$WORK/$i/responder.yml" >"$WORK/$i.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  await_200 "http://127.0.0.1:$port/-/ready"
  lat=$(python3 "$HERE/latency.py" "http://127.0.0.1:$port" "$TOKEN" "$bot" "$N" | tail -1)
  out=$(BODY_FILE=$WORK/alert.json EXPECT=200 wrk -t2 -c4 -d"${SECS}s" --latency \
    -H "Authorization: Bearer $TOKEN" -s "$EXPORTER_BENCH/post.lua" "http://127.0.0.1:$port/alerts")
  echo
  echo "== ${ENV:+$ENV }$flags"
  echo "load $(load); $lat; acknowledge path $(rps <<<"$out") req/s, p99 $(p99 <<<"$out") ms"
  nmt "$pid"
  kill "$pid" && wait "$pid" 2>/dev/null || true
done
