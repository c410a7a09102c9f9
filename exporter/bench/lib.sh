# Shared by exporter/bench/compare.sh and responder/bench/compare.sh. Sourced, not run; expects
# bin/lib.sh sourced first and JAR set. Sets up the contestants ("java": JAR with the shipped
# flags; "before": BEFORE_JAR with BEFORE_FLAGS, when set), a work directory, and the helpers below.
# shellcheck shell=bash

BENCH_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
declare -A JARS=([java]=$JAR) FLAGS=([java]="${JVM_FLAGS[*]}")
CONTESTANTS=(java)
if [ -n "${BEFORE_JAR:-}" ]; then
  JARS[before]=$BEFORE_JAR FLAGS[before]=${BEFORE_FLAGS:-${JVM_FLAGS[*]}} CONTESTANTS+=(before)
fi
WORK=$(mktemp -d)
PIDS=()
bench_cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# record WHO FIGURE VALUE: one measurement of this round, for summarize.py.
record() { printf '%s\t%s\t%s\t%s\n' "$ROUND" "$1" "$2" "$3" >>"$WORK/results.tsv"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
# wrk --latency output on stdin -> p99 in ms; wrk output -> requests per second.
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'; }
rps() { awk '/Requests\/sec/ {print $2}'; }
await_200() {
  local i
  for ((i = 0; i < 600; i++)); do
    curl -sf -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.05
  done
  die "no 200 from $1 within 30 s"
}
# java_argv WHO [JVM flags...]: ARGV = the command bin/stack runs for contestant WHO, up to and
# including -jar JAR; the class-data archive next to the jar when there is one.
java_argv() {
  local who=$1 jar=${JARS[$1]} cds flags
  shift
  cds=$(class_data_flags "$jar")
  read -r -a flags <<<"${FLAGS[$who]}"
  ARGV=(java "${flags[@]}" ${cds:+"$cds"} "$@" -jar "$jar")
}
# summary TITLE TABLE: the medians and ratios as one Markdown table, with the date and the load.
summary() {
  echo
  echo "$1, $(date -u +%Y-%m-%d), medians; load average at the end: $(load) ($(nproc) cores)"
  python3 "$BENCH_TOOLS/summarize.py" "$WORK/results.tsv" "$2"
}
# nmt PID: where the memory of a process started with -XX:NativeMemoryTracking=summary goes.
nmt() {
  echo
  echo "where the memory goes (after load; NMT adds its own ~1 MiB):"
  grep -E 'VmRSS|RssAnon|RssFile|Threads' "/proc/$1/status" | tr -s ' \t' ' ' | paste -sd' '
  jcmd "$1" VM.native_memory summary | grep -E '^(Total|-)' | sed -E 's/\(reserved=[0-9]+KB, //; s/\)$//'
}
