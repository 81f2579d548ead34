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

read_down_args 6 "$@"

stop_components "$SECRETS_DIR/.up.lock" SECRETS_COMPONENTS
rm -f "$SECRETS_ENV"
if [ "$PURGE" = 1 ]; then
  log "purging $SECRETS_DIR"
  rm -rf "$SECRETS_DIR"
fi
log "secret manager down"
