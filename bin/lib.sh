# Shared by bin/stack and bin/test. Sourced, not run.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST="$ROOT/target/dist"
RUN_DIR=${BOTWATCH_RUN_DIR:-$ROOT/.run}
# Absolute: programs start in the config directory, and the responder's restart command gets it.
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$PWD/$RUN_DIR" ;; esac

# JVM flags for every botwatch program, sized for a small always-on agent: the serial collector
# and a heap kept 20-40% above what is live rather than 40-70% (~6 MiB less RSS; tighter, 10-30%,
# saved 1.5 MiB more but full collections then halved batch ingest), C1 only (C2 costs ~45 MiB
# more for a faster hot loop) with one compiler thread (a second one competes with the start for
# two cores: exec to first /metrics ~60 ms slower, exporter/bench/README.md), an OOM exits so a
# supervisor restarts it. Where the rest of the memory goes: exporter/bench/README.md.
JVM_FLAGS=(-Xms8m -Xmx64m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -Xss512k -XX:+UseSerialGC
  -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1
  -XX:CICompilerCount=1 -XX:+ExitOnOutOfMemoryError)
# BOTWATCH_JVM_FLAGS replaces them, e.g. without -XX:TieredStopAtLevel=1 for the C2 compiler:
# less scrape CPU and latency for ~45 MiB more memory (exporter/bench/README.md).
if [ -n "${BOTWATCH_JVM_FLAGS:-}" ]; then read -r -a JVM_FLAGS <<<"$BOTWATCH_JVM_FLAGS"; fi

# How long an install waits for another apt or dpkg run (unattended-upgrades, a second
# terminal) to release its lock before giving up with a message.
APT_LOCK_TIMEOUT=${BOTWATCH_APT_LOCK_TIMEOUT:-300}

# Class-data sharing: a Java program maps the classes it loads from an archive next to its jar
# (botwatch-<name>.jsa), written by a training run of the same JVM and jar (--warm-up); exec to
# the first answer takes ~40% less. The JVM ignores a missing or stale archive (it then merely
# starts slower), so the flag is only passed when the file exists.
class_data_flags() {
  local jsa=${1%.jar}.jsa
  if [ -f "$jsa" ]; then printf '%s\n' "-XX:SharedArchiveFile=$jsa"; fi
}

# ensure_class_data JAR: writes JAR's archive when it is missing or older than the jar (mvn
# package runs it for the exporter and the responder; bin/stack when they were built without it).
ensure_class_data() {
  local jar jsa=${1%.jar}.jsa
  # The archive records the jar's path: an absolute one matches from any working directory.
  jar=$(realpath "$1")
  if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then return 0; fi
  rm -f "$jsa" "$jsa.tmp"
  if java "${JVM_FLAGS[@]}" -XX:ArchiveClassesAtExit="$jsa.tmp" -jar "$jar" --warm-up >"$jsa.log" 2>&1 &&
    [ -s "$jsa.tmp" ]; then
    mv "$jsa.tmp" "$jsa" && rm -f "$jsa.log"
  else
    rm -f "$jsa.tmp"
    say "the warm-up of $jar failed, so it starts without its class-data archive; see $jsa.log"
    return 1
  fi
}


say() { printf '%s\n' "$*" >&2; }

# die WHAT [WHAT TO DO]: every failed step names what failed and, when we know, what to do.
die() {
  say "error: $1"
  [ $# -lt 2 ] || say "  what to do: $2"
  exit 1
}

# maven ARGS...: Maven in batch mode without colour. -Dstyle.color=never alone is not enough:
# Debian's Maven 3.8 still writes ESC[0m resets when jansi uninstalls, unless jansi.noreset.
maven() {
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -ntp -Dstyle.color=never "$@"
}

# apt_get ARGS...: apt-get as root (sudo otherwise), non-interactive, quiet, waiting up to
# APT_LOCK_TIMEOUT seconds for a lock held by another apt or dpkg run. apt's DPkg::Lock::Timeout
# covers dpkg's lock during an install; `apt-get update` takes the package lists' lock, which
# apt 2.6 does not wait for, so a lock error is retried here until the same deadline.
apt_get() {
  local sudo=() deadline=$((SECONDS + APT_LOCK_TIMEOUT)) err rc told=0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
      die "installing Debian packages needs root" "run as root, or install them yourself: apt-get $*"
    sudo=(sudo)
  fi
  err=$(mktemp)
  while :; do
    rc=0
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq \
      -o DPkg::Lock::Timeout=$((deadline > SECONDS ? deadline - SECONDS : 0)) "$@" >/dev/null 2>"$err" || rc=$?
    if [ $rc -ne 0 ] && grep -q 'Could not get lock\|Unable to lock\|Unable to acquire' "$err" &&
      [ $SECONDS -lt "$deadline" ]; then
      [ $told -eq 1 ] || say "waiting for another apt/dpkg run to release its lock (up to $APT_LOCK_TIMEOUT s; BOTWATCH_APT_LOCK_TIMEOUT changes it)"
      told=1
      sleep 5
      continue
    fi
    [ $rc -eq 0 ] || cat "$err" >&2
    rm -f "$err"
    return $rc
  done
}

# apt_install PACKAGE...: update the package lists, install, and say what to do if either fails.
apt_install() {
  say "installing Debian packages: $*"
  apt_get update ||
    die "apt-get update failed (output above)" \
      "if another apt/dpkg run still holds its lock, wait for it and run this again; otherwise check the network and /etc/apt/sources.list"
  apt_get install -y --no-install-recommends "$@" ||
    die "apt-get install $* failed (output above)" \
      "fix what apt says (a held lock: wait and run again; dpkg interrupted: dpkg --configure -a), or install them yourself: apt-get install $*"
}

# ensure_packages [COMMAND:PACKAGE...]: installs the Debian packages the stack and the tests need
# (Prometheus, Alertmanager and their tools, plus the pairs given), when a command is missing.
ensure_packages() {
  local want=() bin pkg pair
  for pair in prometheus:prometheus promtool:prometheus prometheus-alertmanager:prometheus-alertmanager \
      amtool:prometheus-alertmanager "$@"; do
    bin=${pair%%:*} pkg=${pair#*:}
    command -v "$bin" >/dev/null 2>&1 || want+=("$pkg")
  done
  [ ${#want[@]} -eq 0 ] && return 0
  mapfile -t want < <(printf '%s\n' "${want[@]}" | sort -u)
  apt_install "${want[@]}"
}

ensure_java_maven() {
  command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 && return 0
  apt_install openjdk-17-jdk-headless maven
}

# The jars bin/stack runs from target/dist: the three programs and the mail catcher (GreenMail's
# standalone server, copied there by the build from Maven Central).
DIST_JARS=(botwatch-exporter botwatch-responder botwatch-demo-bot greenmail-standalone)

# Builds the jars when one is missing or a source of the programs is newer than it.
# BOTWATCH_NO_BUILD=1 trusts the jars as they are (the e2e tests run right after the build).
ensure_built() {
  [ "${BOTWATCH_NO_BUILD:-0}" = 1 ] && return 0
  local jar stale=0
  for jar in "${DIST_JARS[@]}"; do
    if [ ! -f "$DIST/$jar.jar" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT"/{common,exporter,responder,demo-bot}/{pom.xml,src/main} \
        -newer "$DIST/$jar.jar" -print -quit 2>/dev/null)" ]; then
      stale=1
    fi
  done
  if [ $stale -eq 1 ]; then
    say "building (mvn package, tests skipped; bin/test runs them)"
    (cd "$ROOT" && maven -q -DskipTests package) ||
      die "the build failed (mvn package, output above)" \
        "fix the error Maven names; 'mvn -B -DskipTests package' shows the whole log. A download error means Maven Central was not reachable: run again when it is"
  fi
}

# start NAME CMD...: runs CMD in the background with its output in $RUN_DIR/NAME.log.
start() {
  local name=$1; shift
  if is_running "$name"; then
    say "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"
    return 0
  fi
  nohup "$@" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

is_running() {
  local f="$RUN_DIR/$1.pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

# wait_http NAME URL [SECONDS]: until URL answers 2xx, or fail showing the log's tail.
wait_http() {
  local name=$1 url=$2 secs=${3:-60} i
  for ((i = 0; i < secs * 10; i++)); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then return 0; fi
    if ! is_running "$name"; then break; fi
    sleep 0.1
  done
  if is_running "$name"; then
    say "error: $name did not become ready at $url within $secs s; last lines of $RUN_DIR/$name.log:"
  else
    say "error: $name exited before it was ready; last lines of $RUN_DIR/$name.log:"
  fi
  tail -n 30 "$RUN_DIR/$name.log" >&2 || true
  return 1
}

stop() {
  local name=$1 f="$RUN_DIR/$1.pid" pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}
