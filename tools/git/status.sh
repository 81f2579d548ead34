#!/usr/bin/env bash
# Prints the local git host's state (running/stopped, pid, port, health). Exits non-zero if it is down.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

[ -d "$GITHOST_DIR" ] || { echo "no git host state in $GITHOST_DIR (run tools/git/up.sh)"; exit 1; }
load_git_ports
rc=0
print_component_states GIT_COMPONENTS git_port git_health || rc=1
if [ -f "$GITHOST_ENV" ]; then
  printf '\nenv: %s; Gitea %s\n' "$GITHOST_ENV" "$GITEA_URL"
else
  printf '\nno %s (run tools/git/up.sh)\n' "$GITHOST_ENV"
  rc=1
fi
exit "$rc"
