# Beyond one node, for bin/stack: the Alertmanager cluster of `bin/stack up --ha`, the file that
# tells Prometheus where the exporters are, and a PostgreSQL of our own. Sourced after lib.sh, not
# run. docs/scale.md explains the shapes these serve.
#
# HA: two Alertmanagers peered, PostgreSQL, and two responder replicas on it; both Alertmanagers
# notify both replicas, and the database decides which one runs each step.
# shellcheck shell=bash

# HA: BOTWATCH_HA=1 or `bin/stack up --ha`. The second Alertmanager's web port and both gossip
# ports (TCP and UDP, loopback only).
# scale_settings: their defaults, filled after `restart` loaded the saved settings (stack.env).
scale_settings() {
  : "${BOTWATCH_ALERTMANAGER2_PORT:=9351}" "${BOTWATCH_ALERTMANAGER_CLUSTER_PORT:=9352}"
  : "${BOTWATCH_ALERTMANAGER2_CLUSTER_PORT:=9353}" "${BOTWATCH_POSTGRES_PORT:=9354}"
  : "${BOTWATCH_RESPONDER2_PORT:=9355}"
}
# Programs that run only in HA mode; `down` and `status` include them when they have a PID file.
HA_PROGRAMS=(alertmanager-2 responder-2)

# No default here: `up` saves it (stack.env), so `restart` of a responder finds its HA config.
ha_enabled() { [ "${BOTWATCH_HA:-0}" = 1 ]; }

# start_alertmanagers: one node without clustering, or in HA two nodes peered over loopback.
# Deduplication between them is Alertmanager's own (gossiped notification log): Prometheus sends
# every alert to both, the responder hears it once.
start_alertmanagers() {
  local cfg="$RUN_DIR/alertmanager/alertmanager.yml"
  if ! ha_enabled; then
    start alertmanager prometheus-alertmanager --config.file="$cfg" \
      --storage.path="$RUN_DIR/alertmanager/data" \
      --web.listen-address="127.0.0.1:$BOTWATCH_ALERTMANAGER_PORT" --cluster.listen-address=
    return 0
  fi
  mkdir -p "$RUN_DIR/alertmanager-2"
  # BOTWATCH_ALERTMANAGER_PEER_TIMEOUT: how long the second node waits for the first one's
  # notification log before sending itself (Alertmanager's default 15s). Keep it below
  # group_interval: a node still waiting when the group's next flush has already told the
  # receivers something newer sends what it held, out of date (docs/scale.md).
  local peer_timeout=()
  [ -z "${BOTWATCH_ALERTMANAGER_PEER_TIMEOUT:-}" ] ||
    peer_timeout=(--cluster.peer-timeout="$BOTWATCH_ALERTMANAGER_PEER_TIMEOUT")
  start alertmanager prometheus-alertmanager --config.file="$cfg" \
    --storage.path="$RUN_DIR/alertmanager/data" \
    --web.listen-address="127.0.0.1:$BOTWATCH_ALERTMANAGER_PORT" \
    --cluster.listen-address="127.0.0.1:$BOTWATCH_ALERTMANAGER_CLUSTER_PORT" \
    --cluster.peer="127.0.0.1:$BOTWATCH_ALERTMANAGER2_CLUSTER_PORT" "${peer_timeout[@]}"
  start alertmanager-2 prometheus-alertmanager --config.file="$cfg" \
    --storage.path="$RUN_DIR/alertmanager-2/data" \
    --web.listen-address="127.0.0.1:$BOTWATCH_ALERTMANAGER2_PORT" \
    --cluster.listen-address="127.0.0.1:$BOTWATCH_ALERTMANAGER2_CLUSTER_PORT" \
    --cluster.peer="127.0.0.1:$BOTWATCH_ALERTMANAGER_CLUSTER_PORT" "${peer_timeout[@]}"
}

# scale_configs: after bin/stack wrote this run's prometheus.yml. Points the exporter job at the
# targets file (BOTWATCH_EXPORTER_TARGETS, a fleet file you edit; else a one-host file written
# here) and, in HA, the alerting section at both Alertmanagers.
scale_configs() {
  local prom="$RUN_DIR/prometheus/prometheus.yml" targets=${BOTWATCH_EXPORTER_TARGETS:-}
  if [ -n "$targets" ]; then
    [ -f "$targets" ] || die "BOTWATCH_EXPORTER_TARGETS=$targets: no such file"
    targets=$(cd "$(dirname "$targets")" && pwd)/$(basename "$targets")
  else
    targets="$RUN_DIR/prometheus/targets/exporters.yml"
    write_local_targets "$targets"
  fi
  sed -i -e "s#'targets/exporters.yml'#'$targets'#" "$prom"
  grep -qF "'$targets'" "$prom" || die "prometheus/prometheus.yml no longer names 'targets/exporters.yml'"
  if ha_enabled; then
    sed -i -e "s#targets: \['127.0.0.1:$BOTWATCH_ALERTMANAGER_PORT'\]#targets: ['127.0.0.1:$BOTWATCH_ALERTMANAGER_PORT', '127.0.0.1:$BOTWATCH_ALERTMANAGER2_PORT']#" \
      -e "s#targets: \['127.0.0.1:$BOTWATCH_RESPONDER_PORT'\]#targets: ['127.0.0.1:$BOTWATCH_RESPONDER_PORT', '127.0.0.1:$BOTWATCH_RESPONDER2_PORT']#" "$prom"
    grep -qF "127.0.0.1:$BOTWATCH_RESPONDER2_PORT'" "$prom" || die "prometheus/prometheus.yml no longer names the responder's target"
    ha_webhooks "$RUN_DIR/alertmanager/alertmanager.yml"
    ha_responder_config
  fi
}

# ha_webhooks FILE: every webhook to the responder gets a twin to the second replica (the same
# token and options), so each Alertmanager notifies both; the database dedupes between them.
ha_webhooks() {
  local one="127.0.0.1:$BOTWATCH_RESPONDER_PORT/alerts" two="127.0.0.1:$BOTWATCH_RESPONDER2_PORT/alerts"
  awk -v one="$one" -v two="$two" '
    function flush(i, l) {
      for (i = 1; i <= n; i++) print buf[i]
      for (i = 1; i <= n; i++) { l = buf[i]; sub(one, two, l); print l }
      n = 0
    }
    /^      - url: / && index($0, one) { flush(); grab = 1; buf[++n] = $0; next }
    grab && /^        / { buf[++n] = $0; next }
    { flush(); grab = 0; print }
    END { flush() }' "$1" >"$1.tmp" && mv "$1.tmp" "$1"
  grep -qF "$two" "$1" || die "alertmanager.yml: found no webhook to the responder at $one"
}

# ha_responder_config: the responder's config for both replicas, its store moved to this run's
# PostgreSQL (the DSN file postgres_start writes). The config's `store:` must be one line.
ha_responder_config() {
  local src="$BOTWATCH_CONFIG_DIR/responder.yml" out="$RUN_DIR/responder/responder-ha.yml"
  grep -qE '^store: *\{.*\} *$' "$src" ||
    die "$src: --ha replaces its store with PostgreSQL, but finds no one-line store: {…}" \
      "write the store on one line, e.g. store: {path: responder.db}"
  sed -e "s#^store:.*#store: {postgres: {dsn: {file: $RUN_DIR/secrets/postgres_dsn}}}#" "$src" >"$out"
}

# responder_config NAME: the config file a responder (or its second replica) starts with.
responder_config() {
  if ha_enabled; then echo "$RUN_DIR/responder/responder-ha.yml"; else echo "$BOTWATCH_CONFIG_DIR/$1.yml"; fi
}

# write_local_targets FILE: this host's exporter, labelled with this host's name
# (BOTWATCH_HOST_NAME, default `hostname -s`): the `host` label every alert and dashboard carries.
write_local_targets() {
  local host=${BOTWATCH_HOST_NAME:-$(hostname -s 2>/dev/null || echo local)}
  [[ "$host" =~ ^[A-Za-z0-9_.-]{1,64}$ ]] || die "BOTWATCH_HOST_NAME=$host: use letters, digits, . _ - (at most 64)"
  mkdir -p "$(dirname "$1")"
  cat >"$1" <<YAML
# Written by bin/stack for this host alone; for several hosts set BOTWATCH_EXPORTER_TARGETS to a
# file like prometheus/targets/fleet.example.yml (docs/scale.md).
- targets: ['127.0.0.1:$BOTWATCH_EXPORTER_PORT']
  labels:
    host: '$host'
YAML
}

ha_urls() {
  ha_enabled || return 0
  cat <<MSG
  Alertmanager-2 http://127.0.0.1:$BOTWATCH_ALERTMANAGER2_PORT/   (peered with Alertmanager; gossip on 127.0.0.1:$BOTWATCH_ALERTMANAGER_CLUSTER_PORT, :$BOTWATCH_ALERTMANAGER2_CLUSTER_PORT)
  responder-2   http://127.0.0.1:$BOTWATCH_RESPONDER2_PORT/          (second replica; both on PostgreSQL 127.0.0.1:$BOTWATCH_POSTGRES_PORT, URI in $RUN_DIR/secrets/postgres_dsn)
MSG
}

# --- PostgreSQL (Debian's postgresql-15), for the responder's shared store --------------------
# postgres_start: initialises $RUN_DIR/postgres/data on first use (database and role `botwatch`,
# password in $RUN_DIR/secrets/postgres_password, connection URI in
# $RUN_DIR/secrets/postgres_dsn) and starts it on 127.0.0.1:$BOTWATCH_POSTGRES_PORT; its socket
# lives in $RUN_DIR/postgres, nowhere shared. PostgreSQL refuses to run as root, so under root it
# runs as the `postgres` user the package creates (the run dir must be traversable by it).
# postgres_stop: a fast shutdown by PID (SIGINT: sessions end, data is flushed).
PG_BIN=${BOTWATCH_PG_BIN:-/usr/lib/postgresql/15/bin}

postgres_start() {
  scale_settings
  [ -x "$PG_BIN/pg_ctl" ] || ensure_packages pg_ctlcluster:postgresql
  [ -x "$PG_BIN/pg_ctl" ] || die "no PostgreSQL 15 at $PG_BIN (apt-get install postgresql)"
  if is_running postgres; then
    say "postgres already running (pid $(cat "$RUN_DIR/postgres.pid"))"
    return 0
  fi
  local dir="$RUN_DIR/postgres" as=() fresh=0
  mkdir -p "$dir" "$RUN_DIR/secrets"
  if [ "$(id -u)" -eq 0 ]; then
    as=(runuser -u postgres --)
    "${as[@]}" test -x "$RUN_DIR" -a -w "$dir" 2>/dev/null || chown postgres: "$dir"
    "${as[@]}" test -x "$RUN_DIR" || die "the postgres user cannot reach $RUN_DIR (chmod o+x its parents)"
  fi
  chmod 700 "$dir"
  local pw="$RUN_DIR/secrets/postgres_password"
  [ -s "$pw" ] || (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$pw")
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    fresh=1
    "${as[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $BOTWATCH_POSTGRES_PORT -c unix_socket_directories=$dir" \
    start >/dev/null || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
  head -n 1 "$dir/data/postmaster.pid" >"$RUN_DIR/postgres.pid"
  ln -sf "$dir/postgres.log" "$RUN_DIR/postgres.log"
  if [ $fresh -eq 1 ]; then
    # The password goes through a psql variable on stdin, never on a command line.
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -v pw="$(cat "$pw")" -h "$dir" \
      -p "$BOTWATCH_POSTGRES_PORT" -U postgres -d postgres >/dev/null <<'SQL' || die "creating the botwatch database failed"
CREATE ROLE botwatch LOGIN PASSWORD :'pw';
CREATE DATABASE botwatch OWNER botwatch;
SQL
  fi
  (umask 077 && printf 'postgresql://botwatch:%s@127.0.0.1:%s/botwatch\n' "$(cat "$pw")" \
    "$BOTWATCH_POSTGRES_PORT" >"$RUN_DIR/secrets/postgres_dsn")
}

postgres_stop() {
  local f="$RUN_DIR/postgres.pid" pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped postgres (pid $pid)"
  fi
  rm -f "$f"
}
