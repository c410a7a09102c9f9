#!/usr/bin/env bash
# The responder side by side with a Python standard-library receiver, interleaved, medians of
# ROUNDS rounds (on demand; not a test). Prints one Markdown table and the load average.
#   responder/bench/compare.sh [ROUNDS=3] [SECONDS=5] [ALERTS=200]
# Figures: exec -> first 200 on /metrics and on /-/ready (webhooks taken); webhook -> 200 and
# webhook -> the bot's first control call (latency.py, ALERTS alerts one at a time right after the
# start, then ALERTS more once warm); the acknowledge path under wrk (4 connections);
# RSS after load; an alert storm (storm.py: STORM_BOTS x STORM_NAMES x STORM_VARIANTS alerts from
# two Alertmanagers, each group every STORM_INTERVAL s for STORM_CYCLES intervals).
# BEFORE_JAR=<older botwatch-responder.jar> measures that jar too, in the same rounds, with
# BEFORE_FLAGS (default: this build's); BOTWATCH_JVM_FLAGS replaces the shipped flags;
# NMT=1 then shows where a loaded responder's memory goes (jcmd VM.native_memory). Installs wrk
# when missing. Loopback and free ports only; everything it starts is stopped on exit; every wait
# is bounded.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)
EXPORTER_BENCH=$(cd ../../exporter/bench && pwd)
. ../../bin/lib.sh
ROUNDS=${1:-3} SECS=${2:-5} N=${3:-200}
ensure_packages wrk:wrk
JAR=${JAR:-$DIST/botwatch-responder.jar}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -ntp -DskipTests -pl responder -am package)
. "$EXPORTER_BENCH/lib.sh"
TOKEN=bench-token-$RANDOM
printf '%s' "$TOKEN" >"$WORK/token"

# config PORT BOT_PORT DIR: a responder on PORT whose bot "paper" is the stand-in on BOT_PORT.
config() {
  mkdir -p "$3"
  cat >"$3/responder.yml" <<YML
server: {host: 127.0.0.1, port: $1}
webhook: {token: {file: "$WORK/token"}}
store: {path: "$3/responder.db"}
bots:
  paper:
    control: {base_url: "http://127.0.0.1:$2"}
limits: {cooldown: 0s, max_actions_per_hour: 1000000}
YML
}
# storm_config PORT BOT_PORT DIR: STORM_BOTS bots b000... with the default limits (5 min cooldown,
# 5 runs an hour), every control API on the stand-in bot of storm.py.
storm_config() {
  mkdir -p "$3"
  {
    printf 'server: {host: 127.0.0.1, port: %s}\nwebhook: {token: {file: "%s"}}\nstore: {path: "%s"}\nbots:\n' \
      "$1" "$WORK/token" "$3/responder.db"
    for ((b = 0; b < STORM_BOTS; b++)); do
      printf '  b%03d: {control: {base_url: "http://127.0.0.1:%s"}}\n' "$b" "$2"
    done
  } >"$3/responder.yml"
}
STORM_BOTS=${STORM_BOTS:-100} STORM_NAMES=${STORM_NAMES:-10} STORM_VARIANTS=${STORM_VARIANTS:-10}
STORM_CYCLES=${STORM_CYCLES:-3} STORM_INTERVAL=${STORM_INTERVAL:-10} STORM_CONC=${STORM_CONC:-16}
python3 -c 'import json;print(json.dumps({"version":"4","groupKey":"{}:{}","truncatedAlerts":0,"status":"firing","receiver":"responder","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","alerts":[{"status":"firing","labels":{"alertname":"BotApiErrorRateHigh","bot":"paper","severity":"warning","recovery":"none"},"annotations":{},"startsAt":"2026-11-22T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"00000000000000aa"}]}))' >"$WORK/alert.json"
ack() {
  local who=$1 url=$2 out
  out=$(BODY_FILE=$WORK/alert.json EXPECT=200 wrk -t2 -c4 -d"${SECS}s" --latency -H "Authorization: Bearer $TOKEN" \
    -s "$EXPORTER_BENCH/post.lua" "$url/alerts")
  record "$who" ack_rps "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  record "$who" ack_p99_ms "$(p99 <<<"$out")"
}

say "responder compare: $ROUNDS rounds; ${SECS}s wrk runs; $N alerts for latency; JVM flags: ${JVM_FLAGS[*]}"
say "load average at start: $(load) ($(nproc) cores)"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  say "== round $ROUND/$ROUNDS (load $(load))"
  for who in "${CONTESTANTS[@]}"; do
    port=$(free_port)
    config "$port" 9 "$WORK/start-$who-$ROUND"
    java_argv "$who"
    read -r started ready < <(python3 "$EXPORTER_BENCH/first200.py" "$port" /metrics,/-/ready \
      "${ARGV[@]}" --config "$WORK/start-$who-$ROUND/responder.yml")
    record "$who" start_ms "$started"
    record "$who" ready_ms "$ready"
  done
  port=$(free_port)
  started=$(python3 "$EXPORTER_BENCH/first200.py" "$port" / python3 "$HERE/receiver.py" "$port")
  record python start_ms "$started"
  record python ready_ms "$started"

  for who in "${CONTESTANTS[@]}"; do
    port=$(free_port) bot=$(free_port)
    config "$port" "$bot" "$WORK/run-$who-$ROUND"
    java_argv "$who"
    "${ARGV[@]}" --config "$WORK/run-$who-$ROUND/responder.yml" >"$WORK/$who.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    await_200 "http://127.0.0.1:$port/-/ready"
    # The first N alerts after the start (the JIT still compiling), then N more once warm.
    for pass in cold warm; do
      out=$(python3 "$HERE/latency.py" "http://127.0.0.1:$port" "$TOKEN" "$bot" "$N" \
        "$([ "$pass" = cold ] && echo 0 || echo 100000)")
      record "$who" "ack_latency_p99_ms_$pass" "$(awk '/acknowledged/ {print $7}' <<<"$out")"
      record "$who" "control_p50_ms_$pass" \
        "$(awk '/first control call/ {sub(/,/, "", $7); print $7}' <<<"$out")"
      record "$who" "control_p99_ms_$pass" "$(awk '/first control call/ {print $10}' <<<"$out")"
    done
    ack "$who" "http://127.0.0.1:$port"
    record "$who" rss_mib "$(rss "$pid")"
    kill "$pid" && wait "$pid" 2>/dev/null || true

    port=$(free_port) bot=$(free_port)
    storm_config "$port" "$bot" "$WORK/storm-$who-$ROUND"
    "${ARGV[@]}" --config "$WORK/storm-$who-$ROUND/responder.yml" >"$WORK/storm-$who.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    await_200 "http://127.0.0.1:$port/-/ready"
    out=$(python3 "$HERE/storm.py" "http://127.0.0.1:$port" "$TOKEN" "$bot" "$STORM_BOTS" "$STORM_NAMES" \
      "$STORM_VARIANTS" "$STORM_CYCLES" "$STORM_INTERVAL" "$STORM_CONC")
    say "$who: $out"
    record "$who" storm_p50_ms "$(awk '/^webhook:/ {sub(/,/, "", $3); print $3}' <<<"$out")"
    record "$who" storm_p99_ms "$(awk '/^webhook:/ {sub(/,/, "", $6); print $6}' <<<"$out")"
    record "$who" storm_max_ms "$(awk '/^webhook:/ {sub(/,/, "", $9); print $9}' <<<"$out")"
    record "$who" storm_failures "$(awk '/^webhook:/ {print $12}' <<<"$out")"
    kill "$pid" && wait "$pid" 2>/dev/null || true
  done
  port=$(free_port)
  python3 "$HERE/receiver.py" "$port" 2>/dev/null &
  pid=$!
  PIDS+=("$pid")
  await_200 "http://127.0.0.1:$port/"
  ack python "http://127.0.0.1:$port"
  record python rss_mib "$(rss "$pid")"
  kill "$pid" && wait "$pid" 2>/dev/null || true
  PIDS=()
done

cat >"$WORK/table.tsv" <<'TABLE'
start_ms	exec → first 200 on /metrics, ms (Python: on /)	python	< 800
ready_ms	exec → first 200 on /-/ready (webhooks taken), ms	python	
ack_rps	acknowledge path, 4 connections, req/s	python	≥ 1.0× Python
ack_p99_ms	acknowledge path p99, ms	python	
ack_latency_p99_ms_cold	one webhook at a time → 200, p99 ms, first N alerts after the start	-	
control_p50_ms_cold	webhook → first control call, p50 ms, first N alerts	-	
control_p99_ms_cold	webhook → first control call, p99 ms, first N alerts	-	
ack_latency_p99_ms_warm	one webhook at a time → 200, p99 ms, the next N alerts	-	
control_p50_ms_warm	webhook → first control call, p50 ms, the next N alerts	-	
control_p99_ms_warm	webhook → first control call, p99 ms, the next N alerts	-	< 20
rss_mib	RSS after load, MiB	python	≤ 64
storm_p50_ms	storm: webhook p50, ms	-	
storm_p99_ms	storm: webhook p99, ms	-	< 100
storm_max_ms	storm: webhook max, ms	-	
storm_failures	storm: webhooks failed or over 10 s	-	0
TABLE
summary "responder compare, $ROUNDS rounds" "$WORK/table.tsv"

if [ "${NMT:-0}" = 1 ]; then
  ROUND=nmt
  port=$(free_port) bot=$(free_port)
  config "$port" "$bot" "$WORK/nmt"
  java_argv java -XX:NativeMemoryTracking=summary
  "${ARGV[@]}" --config "$WORK/nmt/responder.yml" >"$WORK/nmt.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  await_200 "http://127.0.0.1:$port/-/ready"
  python3 "$HERE/latency.py" "http://127.0.0.1:$port" "$TOKEN" "$bot" "$N" >/dev/null
  ack java "http://127.0.0.1:$port"
  nmt "$pid"
fi
