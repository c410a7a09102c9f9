#!/bin/bash
# Container healthcheck for botwatch's programs without curl or wget (the JRE image may have
# neither): GET $BOTWATCH_HEALTH_PATH over bash's /dev/tcp, healthy on an HTTP 2xx status line.
# Docker's --timeout bounds the whole script, so a hung server counts as unhealthy.
set -euo pipefail
port=${BOTWATCH_PORT:?BOTWATCH_PORT is not set}
path=${BOTWATCH_HEALTH_PATH:-/-/healthy}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r status <&3
exec 3<&-
case "$status" in
  HTTP/1.?\ 2[0-9][0-9]*) exit 0 ;;
  *) echo "unhealthy: ${status:-no answer}" >&2; exit 1 ;;
esac
