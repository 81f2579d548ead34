#!/usr/bin/env bash
# Stops what up.sh started (by the pid recorded in .cluster/git/pids, only while it still runs the recorded binary)
# and removes .cluster/git.env.
#   down.sh           stop; repositories, users and tokens are kept for the next up
#   down.sh --purge   stop and delete .cluster/git/ as well
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

read_down_args 5 "$@"

stop_components "$GITHOST_DIR/.up.lock" GIT_COMPONENTS
rm -f "$GITHOST_ENV"
if [ "$PURGE" = 1 ]; then
  log "purging $GITHOST_DIR"
  rm -rf "$GITHOST_DIR"
fi
log "git host down"
