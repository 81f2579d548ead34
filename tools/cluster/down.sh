#!/usr/bin/env bash
# Stops every process up.sh started (by the pids recorded in .cluster/pids, only while a pid still runs the
# recorded binary), in reverse start order, and waits until they are gone.
#   down.sh           stop; state (PKI, etcd data, Prometheus data, logs) is kept for the next up
#   down.sh --purge   stop and delete all state (the secret manager and the git host, which keep theirs under
#                     .cluster, are stopped and purged first)
#   --name NAME       a named cluster (.cluster-NAME) instead of the default one
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

select_cluster "$@"
read_down_args 7 "${CLUSTER_ARGS[@]}"

load_ports
stop_components "$CLUSTER_DIR/.up.lock" COMPONENTS
if [ -d "$PIDS" ]; then
  # anything else recorded (a component renamed between versions)
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    if pid_of "$name" >/dev/null; then
      log "stopping $name (pid $(pid_of "$name"))"
      stop_proc "$name"
    else
      rm -f "$f"
    fi
  done
fi

if [ "$PURGE" = 1 ]; then
  # the siblings that keep their state under .cluster (the secret manager, the git host) stop before it goes
  if [ -z "$CLUSTER_NAME" ]; then
    [ -d "$CLUSTER_DIR/secrets" ] && bash "$HERE/../secrets/down.sh" --purge
    [ -d "$CLUSTER_DIR/git" ] && bash "$HERE/../git/down.sh" --purge
  fi
  data="$(etcd_data_dir)"
  log "purging $CLUSTER_DIR and $data"
  rm -rf "$data"
  rm -rf "$CLUSTER_DIR"
fi
log "cluster down"
