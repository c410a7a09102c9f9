#!/bin/sh
# restart.sh CONFIG.json: stops the reference bot of CONFIG (by its pid file) and starts it again
# detached, then returns once the new one has written its pid file. This is what the responder's
# hard playbook runs (bots.<bot>.restart): argv without a shell, a minimal environment (PATH, HOME
# and what env: adds), its output captured until it exits. So it must return, not wait for the bot.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
config=${1:?usage: restart.sh CONFIG.json}
pid_file=$(python3 "$here/refbot.py" --config "$config" pid-file)
dir=$(dirname "$pid_file")
mkdir -p "$dir"

if [ -s "$pid_file" ]; then
  pid=$(cat "$pid_file")
  # Only our bot: after a crash the kernel may have given its pid to another process.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q refbot.py; then
    kill "$pid"
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
fi

# setsid: a session of its own, so the caller's process group and terminal do not hold it; output
# to a file and stdin from /dev/null, so the caller's pipes close as soon as this script exits.
setsid python3 "$here/refbot.py" --config "$config" run >>"$dir/stdout.log" 2>&1 </dev/null &

i=0
while [ ! -s "$pid_file" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ ! -s "$pid_file" ]; then
  echo "refbot did not write $pid_file within 10 s; see $dir/stdout.log" >&2
  exit 1
fi
echo "refbot running (pid $(cat "$pid_file"))"
