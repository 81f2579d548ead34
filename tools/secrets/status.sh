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
printf '%-24s %-8s %-8s %-6s %s\n' COMPONENT STATE PID PORT HEALTH
for name in "${SECRETS_COMPONENTS[@]}"; do
  port="$(secrets_port "$name")"
  if pid="$(pid_of "$name")"; then
    if secrets_health "$name"; then h=ok; else h=failing; rc=1; fi
    printf '%-24s %-8s %-8s %-6s %s\n' "$name" running "$pid" "$port" "$h"
  else
    printf '%-24s %-8s %-8s %-6s %s\n' "$name" stopped - "$port" -
    rc=1
  fi
done
if [ -f "$SECRETS_ENV" ]; then
  printf '\nenv: %s\n' "$SECRETS_ENV"
else
  printf '\nno %s (run tools/secrets/up.sh)\n' "$SECRETS_ENV"
  rc=1
fi
exit "$rc"
