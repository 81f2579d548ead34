#!/usr/bin/env bash
# Stops what tools/replicas/up.sh started: the load balancer, the replicas (SIGTERM: each records the outcome of
# the runs it has in flight and ends its log follows; SIGKILL after 30 s) and their PostgreSQL.
#   down.sh           stop; .replicas/ (database, logs) is kept for the next up
#   down.sh --purge   stop and delete .replicas/
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h | --help) sed -n '2,5p' "$0"; exit 0 ;;
    *) die "unknown argument $a" ;;
  esac
done
[ -d "$REPLICAS_DIR" ] || { log "nothing to stop ($REPLICAS_DIR does not exist)"; exit 0; }
exec 9>"$REPLICAS_DIR/.up.lock"
flock -w 600 9 || die "tools/replicas/up.sh still holds $REPLICAS_DIR/.up.lock"

stop_process haproxy 5
for name in $(replica_names); do stop_process "$name" 30 & done
wait
[ -d "$REPLICAS_PG_DIR" ] && replicas_postgres down $([ "$PURGE" = 1 ] && echo --purge) | sed 's/^/  /'
if [ "$PURGE" = 1 ]; then
  log "purging $REPLICAS_DIR"
  rm -rf "$REPLICAS_DIR"
fi
log "down"
