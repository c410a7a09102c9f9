#!/usr/bin/env bash
# The exporter side by side with the Go tools on this machine, interleaved, medians of ROUNDS
# rounds (on demand; not a test). Prints one Markdown table and the load average.
#   exporter/bench/compare.sh [ROUNDS=3] [SECONDS=5]
# Environment:
#   BEFORE_JAR=<older botwatch-exporter.jar>  measures that jar too, the same way in the same rounds
#   BEFORE_FLAGS="..."                        its JVM flags (default: the same as this build's)
#   BOTWATCH_JVM_FLAGS                        replaces the shipped JVM flags (bin/lib.sh)
#   NMT=1                                     then shows where a 10-bot exporter's memory goes
# Installs wrk, prometheus-pushgateway and prometheus-node-exporter from Debian when missing. Every
# program binds 127.0.0.1 on a free port and is stopped on exit; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$(pwd)
. ../../bin/lib.sh
ROUNDS=${1:-3} SECS=${2:-5}
ensure_packages wrk:wrk prometheus-pushgateway:prometheus-pushgateway \
  prometheus-node-exporter:prometheus-node-exporter
JAR=${JAR:-$DIST/botwatch-exporter.jar}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -ntp -DskipTests -pl exporter -am package)
HZ=$(getconf CLK_TCK)
OPENMETRICS='Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
. "$BENCH/lib.sh"

# start_exporter KEY WHO BOTS [JVM flags...]: WHO's exporter fed BOTS bots (~300 series each).
declare -A PID URL
start_exporter() {
  local key=$1 who=$2 bots=$3 port
  shift 3
  port=$(free_port)
  printf 'server: {host: 127.0.0.1, port: %d}\ningest: {max_bots: %d}\n' "$port" "$bots" >"$WORK/$key.yml"
  java_argv "$who" "$@"
  "${ARGV[@]}" --config "$WORK/$key.yml" >"$WORK/$key.log" 2>&1 &
  PID[$key]=$! URL[$key]=http://127.0.0.1:$port
  PIDS+=("${PID[$key]}")
  await_200 "${URL[$key]}/-/ready"
  python3 "$BENCH/feed.py" "$port" "$bots" "$WORK" >/dev/null
}

start_anchors() {
  local port
  port=$(free_port)
  prometheus-pushgateway --web.listen-address="127.0.0.1:$port" >"$WORK/pushgateway.log" 2>&1 &
  PID[pushgateway]=$! URL[pushgateway]=http://127.0.0.1:$port
  PIDS+=("${PID[pushgateway]}")
  await_200 "${URL[pushgateway]}/-/ready"
  # The same ~1,000 samples: the bot_* families of the 3-bot exporter, pushed as one group.
  curl -sf "${URL[java3]}/metrics" | awk '/^# (HELP|TYPE) bot_/ || /^bot_/' |
    curl -sf -o /dev/null --data-binary @- "${URL[pushgateway]}/metrics/job/bench"
  port=$(free_port)
  prometheus-node-exporter --web.listen-address="127.0.0.1:$port" >"$WORK/node.log" 2>&1 &
  PID[node_exporter]=$! URL[node_exporter]=http://127.0.0.1:$port
  PIDS+=("${PID[node_exporter]}")
  await_200 "${URL[node_exporter]}/metrics"
}

# scrape WHO FIGURE KEY [wrk args]: one connection for SECS: req/s, p99, CPU s per 1,000 scrapes.
scrape() {
  local who=$1 fig=$2 key=$3 c0 c1 out n
  shift 3
  c0=$(ticks "${PID[$key]}")
  out=$(wrk -t1 -c1 -d"${SECS}s" --latency "$@" "${URL[$key]}/metrics")
  c1=$(ticks "${PID[$key]}")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  record "$who" "${fig}_rps" "$(rps <<<"$out")"
  record "$who" "${fig}_p99_ms" "$(p99 <<<"$out")"
  record "$who" "${fig}_cpu" "$(awk -v c=$((c1 - c0)) -v hz="$HZ" -v n="$n" 'BEGIN {printf "%.4f", c / hz / n * 1000}')"
}

# fanout WHO KEY: req/s on 10 connections, and its ratio to the single connection of this round.
fanout() {
  local who=$1 key=$2 ten one
  ten=$(wrk -t2 -c10 -d"${SECS}s" "${URL[$key]}/metrics" | rps)
  one=$(awk -v r="$ROUND" -v w="$who" -F'\t' '$1 == r && $2 == w && $3 == "k1_rps" {print $4}' "$WORK/results.tsv")
  record "$who" k1_rps10 "$ten"
  record "$who" k1_scale "$(awk -v a="$ten" -v b="$one" 'BEGIN {printf "%.3f", a / b}')"
}

ingest() {
  local who=$1 key=$2 out
  out=$(BODY_FILE=$WORK/single.json wrk -t2 -c4 -d"${SECS}s" -s "$BENCH/post.lua" "${URL[$key]}/api/v1/events")
  record "$who" single_rps "$(rps <<<"$out")"
  out=$(BODY_FILE=$WORK/batch.json wrk -t2 -c2 -d"${SECS}s" -s "$BENCH/post.lua" "${URL[$key]}/api/v1/events")
  record "$who" batch_events "$(awk '/Requests\/sec/ {printf "%.0f", $2 * 1000}' <<<"$out")"
}

say "exporter compare: $ROUNDS rounds of ${SECS}s runs; JVM flags: ${JVM_FLAGS[*]}"
say "load average at start: $(load) ($(nproc) cores)"
printf '# TYPE bench_push gauge\nbench_push 1\n' >"$WORK/push.txt"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  say "== round $ROUND/$ROUNDS (load $(load))"
  for who in "${CONTESTANTS[@]}"; do
    port=$(free_port)
    printf 'server: {host: 127.0.0.1, port: %d}\n' "$port" >"$WORK/start.yml"
    java_argv "$who"
    record "$who" start_ms "$(python3 "$BENCH/first200.py" "$port" /metrics "${ARGV[@]}" --config "$WORK/start.yml")"
  done
  port=$(free_port)
  record node_exporter start_ms "$(python3 "$BENCH/first200.py" "$port" /metrics prometheus-node-exporter --web.listen-address="127.0.0.1:$port")"

  for who in "${CONTESTANTS[@]}"; do
    start_exporter "${who}3" "$who" 3
    start_exporter "${who}10" "$who" 10
  done
  start_anchors
  if [ "$ROUND" = 1 ]; then
    for key in java3 java10 pushgateway node_exporter; do
      say "   $key serves $(curl -sf "${URL[$key]}/metrics" | grep -vc '^#') samples"
    done
  fi
  for who in "${CONTESTANTS[@]}"; do scrape "$who" k1 "${who}3"; done
  scrape pushgateway k1 pushgateway
  scrape node_exporter k1 node_exporter
  for who in "${CONTESTANTS[@]}"; do scrape "$who" k1gz "${who}3" -H "$OPENMETRICS" -H 'Accept-Encoding: gzip'; done
  scrape pushgateway k1gz pushgateway -H "$OPENMETRICS" -H 'Accept-Encoding: gzip'
  for who in "${CONTESTANTS[@]}"; do fanout "$who" "${who}3"; done
  fanout pushgateway pushgateway
  # The 10-bot exporter has served nothing yet: its first SECS include the JIT compiling the
  # scrape path, so that run and the one after it are recorded apart.
  for who in "${CONTESTANTS[@]}"; do scrape "$who" k3cold "${who}10"; scrape "$who" k3 "${who}10"; done
  for who in "${CONTESTANTS[@]}"; do ingest "$who" "${who}10"; done
  record pushgateway single_rps "$(METHOD=POST EXPECT=200 CONTENT_TYPE=text/plain BODY_FILE=$WORK/push.txt \
    wrk -t2 -c4 -d"${SECS}s" -s "$BENCH/post.lua" "${URL[pushgateway]}/metrics/job/push" | rps)"
  for who in "${CONTESTANTS[@]}"; do record "$who" rss_mib "$(rss "${PID[${who}10]}")"; done
  record pushgateway rss_mib "$(rss "${PID[pushgateway]}")"
  record node_exporter rss_mib "$(rss "${PID[node_exporter]}")"
  for key in "${!PID[@]}"; do kill "${PID[$key]}" 2>/dev/null || true; wait "${PID[$key]}" 2>/dev/null || true; done
  PID=() URL=() PIDS=()
done

cat >"$WORK/table.tsv" <<'TABLE'
start_ms	exec → first 200 on /metrics, ms	node_exporter	< 800
k1_cpu	CPU s per 1,000 scrapes, ~1,000 samples	pushgateway	≤ 1.0× pushgateway
k1gz_cpu	the same, OpenMetrics + gzip (what Prometheus asks)	pushgateway	
k1_p99_ms	p99 ms, ~1,000 samples, 1 connection	pushgateway	
k3cold_p99_ms	p99 ms, ~3,000 series, 1 connection, its first run (JIT compiling)	-	
k3_p99_ms	p99 ms, ~3,000 series, 1 connection, the run after it	-	< 5
k3_cpu	CPU s per 1,000 scrapes, ~3,000 series	-	
k1_rps	scrapes/s, ~1,000 samples, 1 connection	pushgateway	
k1_rps10	scrapes/s, ~1,000 samples, 10 connections	pushgateway	
k1_scale	10 ÷ 1 connections	pushgateway	scales with cores
single_rps	ingest, one event per request, req/s (pushgateway: pushes/s)	pushgateway	≥ 10×
batch_events	ingest, 1,000-event batches, events/s	-	≥ 100,000
rss_mib	RSS after load, MiB (exporter at ~3,000 series)	node_exporter	≤ 64
rss_mib	RSS after load, MiB	pushgateway	≤ 64
TABLE
summary "exporter compare, $ROUNDS rounds × ${SECS}s" "$WORK/table.tsv"

if [ "${NMT:-0}" = 1 ]; then
  ROUND=nmt
  start_exporter nmt java 10 -XX:NativeMemoryTracking=summary
  scrape java nmt nmt >/dev/null
  ingest java nmt
  nmt "${PID[nmt]}"
fi
