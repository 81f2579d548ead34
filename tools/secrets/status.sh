#!/usr/bin/env bash
# Prints the local secret manager's state (running/stopped, pid, port, health). Exits non-zero if a component is
# down.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

load_secrets_ports
[ -d "$SECRETS_DIR" ] || { echo "no secret manager state in $SECRETS_DIR (run tools/secrets/up.sh)"; exit 1; }
rc=0
print_component_states SECRETS_COMPONENTS secrets_port secrets_health || rc=1
if [ -f "$SECRETS_ENV" ]; then
  printf '\nenv: %s\n' "$SECRETS_ENV"
else
  printf '\nno %s (run tools/secrets/up.sh)\n' "$SECRETS_ENV"
  rc=1
fi
exit "$rc"
