# shellcheck shell=bash
# Shared definitions of tools/replicas/up.sh and down.sh. Sourced, never executed.
#
#   PAVED_REPLICAS_DIR          state directory (default <repo>/.replicas; git-ignored): generated configs, pids, logs
#   PAVED_REPLICAS_LB_PORT      the load balancer's port on 127.0.0.1 (default 7100)
#   PAVED_REPLICAS_PORTS        the replicas' ports, space-separated (default "7101 7102"): one replica per port
#   PAVED_REPLICAS_PG_PORT      the replicas' own PostgreSQL's port (default 15433; never the shared 15432)
#   PAVED_REPLICAS_PG_DIR       its state (default .replicas/postgres, or /var/tmp/paved-replicas-postgres-<hash> when
#                               the postgres user cannot reach the checkout)
#   PAVED_REPLICAS_NODE_ARGS    extra node flags for the replicas, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (profiles
#                               written when a replica stops)
#   PAVED_REPLICAS_CLUSTER_ENV  the cluster the replicas act on (default <repo>/.cluster/env, the primary cluster)

REPLICA_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$REPLICA_TOOLS/../.." && pwd)"
REPLICAS_DIR="${PAVED_REPLICAS_DIR:-$REPO_ROOT/.replicas}"
REPLICAS_PIDS="$REPLICAS_DIR/pids"
REPLICAS_LOGS="$REPLICAS_DIR/logs"
LB_PORT="${PAVED_REPLICAS_LB_PORT:-7100}"
read -r -a REPLICA_PORTS <<<"${PAVED_REPLICAS_PORTS:-7101 7102}"
REPLICAS_PG_PORT="${PAVED_REPLICAS_PG_PORT:-15433}"
# PostgreSQL runs as the postgres user when this runs as root; a checkout that user cannot reach (one under
# `mktemp -d`, mode 700) keeps the replicas' database in /var/tmp instead, keyed by the checkout's path
replicas_pg_dir() {
  if [ -n "${PAVED_REPLICAS_PG_DIR:-}" ]; then
    echo "$PAVED_REPLICAS_PG_DIR"
  elif [ "$(id -u)" = 0 ] && getent passwd postgres >/dev/null &&
    ! runuser -u postgres -- test -x "$(dirname "$REPLICAS_DIR")" 2>/dev/null; then
    echo "/var/tmp/paved-replicas-postgres-$(printf '%s' "$REPLICAS_DIR" | sha256sum | cut -c1-12)"
  else
    echo "$REPLICAS_DIR/postgres"
  fi
}
REPLICAS_PG_DIR="$(replicas_pg_dir)"
CLUSTER_ENV_FILE="${PAVED_REPLICAS_CLUSTER_ENV:-$REPO_ROOT/.cluster/env}"

log() { printf '[replicas] %s %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[replicas] %s WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[replicas] %s ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# The replicas' names: replica-1, replica-2, … (one per port).
replica_names() {
  local i
  for i in "${!REPLICA_PORTS[@]}"; do echo "replica-$((i + 1))"; done
}
replica_port() { echo "${REPLICA_PORTS[$((${1#replica-} - 1))]}"; }

# postgres() runs tools/postgres/*.sh on the replicas' own instance (its own directory and port).
replicas_postgres() {
  PAVED_POSTGRES_DIR="$REPLICAS_PG_DIR" PAVED_POSTGRES_PORT="$REPLICAS_PG_PORT" bash "$REPO_ROOT/tools/postgres/$1.sh" "${@:2}"
}

# Processes. A pid file holds "<pid> <what it runs>"; a pid only counts as ours while its command line still names
# that program and it is not a zombie.
pid_of() {
  local f="$REPLICAS_PIDS/$1.pid" pid what
  [ -f "$f" ] || return 1
  read -r pid what <"$f" || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$what" || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  echo "$pid"
}

# stop NAME [SECONDS] -> TERM, wait (default 30 s: a replica records the outcome of runs in flight), then KILL
stop_process() {
  local name="$1" wait_s="${2:-30}" pid i
  pid="$(pid_of "$name")" || { rm -f "$REPLICAS_PIDS/$name.pid"; return 0; }
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 $((wait_s * 10))); do
    [ -d "/proc/$pid" ] || break
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = "Z" ] && break
    sleep 0.1
  done
  if pid_of "$name" >/dev/null; then
    warn "$name (pid $pid) ignored SIGTERM for $wait_s s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$REPLICAS_PIDS/$name.pid"
}

# http_ok URL -> the URL answers 2xx within 2 s
http_ok() { curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; }
