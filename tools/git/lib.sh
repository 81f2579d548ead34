# shellcheck shell=bash
# Shared definitions of the local git host's scripts (up.sh, down.sh, status.sh). Sourced, never executed.
# Process handling (pid files, start/stop, polling) comes from the control plane's tools/cluster/lib.sh; this file
# points it at the git host's own state and adds its component, port, binary and API helpers.

GIT_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../cluster/lib.sh
source "$GIT_TOOLS/../cluster/lib.sh"

GITHOST_DIR="$CLUSTER_DIR/git"
# pid files of its own, so the control plane's scripts never see (nor stop) this process
PIDS="$GITHOST_DIR/pids"
GITHOST_ENV="$CLUSTER_DIR/git.env"
GITEA_WORK="$GITHOST_DIR/gitea"
GITEA_INI="$GITEA_WORK/custom/conf/app.ini"
GITEA_ADMIN=paved-admin
GITEA_ADMIN_TOKEN_FILE="$GITHOST_DIR/admin.token"

LOG_TAG=git

# Components in start order.
GIT_COMPONENTS=(gitea)

# Ports. Precedence: PAVED_GITEA_PORT from the environment > the port recorded by the last `up` > the default.
GIT_PORT_VARS=(GITEA_PORT)
declare -A GIT_PORT_DEFAULTS=([GITEA_PORT]=13300)
load_git_ports() {
  load_port_set "$GITHOST_DIR" GIT_PORT_VARS GIT_PORT_DEFAULTS
  GITEA_URL="http://127.0.0.1:$GITEA_PORT"
}
save_git_ports() { save_port_set "$GITHOST_DIR" GIT_PORT_VARS; }
git_port() { echo "$GITEA_PORT"; }

# The binary (directory printed by build.sh; nothing is built here).
load_git_bins() { GITEA_BIN="$(bash "$GIT_TOOLS/build.sh" print-dir)/gitea"; }

# git_health NAME -> exit 0 when Gitea answers its health check (database reachable)
git_health() { curl -fsS --max-time 3 -o /dev/null "$GITEA_URL/api/healthz"; }

# gitea_cli ARGS... -> Gitea's own command line against the local instance's configuration
gitea_cli() { "$GITEA_BIN" --config "$GITEA_INI" --work-path "$GITEA_WORK" "$@"; }

# gitea_api METHOD PATH [JSON] -> the API as the admin (token from GITEA_ADMIN_TOKEN_FILE); prints the body, fails
# on an HTTP error
gitea_api() {
  local method="$1" path="$2" body="${3:-}"
  curl -fsS --max-time 10 -X "$method" -H "Authorization: token $(cat "$GITEA_ADMIN_TOKEN_FILE")" \
    -H 'Content-Type: application/json' ${body:+--data "$body"} "$GITEA_URL/api/v1$path"
}

# example_teams -> the names of the example org's teams (Groups of examples/org.yaml with spec.type team)
example_teams() {
  awk '
    /^---/ { if (kind == "Group" && type == "team") print name; kind = ""; name = ""; type = ""; next }
    /^kind:/ { kind = $2 }
    /^  name:/ && name == "" { name = $2 }
    /^  type:/ { type = $2 }
    END { if (kind == "Group" && type == "team") print name }
  ' "$REPO_ROOT/examples/org.yaml"
}
