#!/usr/bin/env bash
# Stops what up.sh started (by the pids recorded in .cluster/secrets/pids, only while a pid still runs the recorded
# binary), External Secrets Operator first, and removes .cluster/secrets.env (Vault's dev mode keeps nothing, so
# the file would describe a server that no longer exists).
#   down.sh           stop; tokens and logs are kept
#   down.sh --purge   stop and delete .cluster/secrets/ as well
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) die "unknown argument $a" ;;
  esac
done

if [ -d "$PIDS" ]; then
  exec 8>"$SECRETS_DIR/.up.lock"
  flock -w 120 8 || warn "up.sh still holds the lock; stopping anyway"
  for ((i = ${#SECRETS_COMPONENTS[@]} - 1; i >= 0; i--)); do
    name="${SECRETS_COMPONENTS[$i]}"
    if pid="$(pid_of "$name")"; then
      log "stopping $name (pid $pid)"
      stop_proc "$name"
    else
      rm -f "$PIDS/$name.pid"
    fi
  done
fi
rm -f "$SECRETS_ENV"
if [ "$PURGE" = 1 ]; then
  log "purging $SECRETS_DIR"
  rm -rf "$SECRETS_DIR"
fi
log "secret manager down"
