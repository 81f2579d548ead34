# shellcheck shell=bash
# Shared definitions of the local secret manager's scripts (up.sh, down.sh, status.sh). Sourced, never executed.
# Process handling (pid files, start/stop, polling) comes from the control plane's tools/cluster/lib.sh; this file
# points it at the secret manager's own state and adds the components, ports and binaries.

SECRETS_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../cluster/lib.sh
source "$SECRETS_TOOLS/../cluster/lib.sh"

SECRETS_DIR="$CLUSTER_DIR/secrets"
# pid files of their own, so the control plane's scripts never see (nor stop) these processes
PIDS="$SECRETS_DIR/pids"
SECRETS_ENV="$CLUSTER_DIR/secrets.env"
VAULT_ROOT_TOKEN_FILE="$SECRETS_DIR/root.token"
VAULT_PAVED_TOKEN_FILE="$SECRETS_DIR/paved.token"
ESO_KUBECONFIG="$SECRETS_DIR/external-secrets.kubeconfig"
KV_MOUNT=paved
ESO_SYSTEM_NAMESPACE=paved-system

log() { printf '[secrets] %s %s\n' "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[secrets] %s WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[secrets] %s ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Components in start order.
SECRETS_COMPONENTS=(vault external-secrets)

# Ports. Precedence: PAVED_*_PORT from the environment > the ports recorded by the last `up` > the defaults.
SECRETS_PORT_VARS=(VAULT_PORT ESO_METRICS_PORT)
declare -A SECRETS_PORT_DEFAULTS=([VAULT_PORT]=18200 [ESO_METRICS_PORT]=18280)
load_secrets_ports() {
  load_port_set "$SECRETS_DIR" SECRETS_PORT_VARS SECRETS_PORT_DEFAULTS
  VAULT_ADDR_LOCAL="http://127.0.0.1:$VAULT_PORT"
}
save_secrets_ports() { save_port_set "$SECRETS_DIR" SECRETS_PORT_VARS; }
secrets_port() {
  case "$1" in
    vault) echo "$VAULT_PORT" ;;
    external-secrets) echo "$ESO_METRICS_PORT" ;;
  esac
}

# Binaries (directories printed by build.sh; nothing is built here).
load_secrets_bins() {
  eval "$(bash "$SECRETS_TOOLS/build.sh" print-dirs | grep -E '^[A-Z_]+_DIR=[^ ;&|]+$')"
  VAULT_BIN="$VAULT_DIR/vault"
  ESO_BIN="$ESO_DIR/external-secrets"
  ESO_CRDS_FILE="$ESO_DIR/crds.yaml"
}

# secrets_health NAME -> exit 0 when the component answers: Vault initialised, unsealed and active; ESO serving
# its metrics (the manager is up once its metrics server listens)
secrets_health() {
  local c=(curl -fsS --max-time 3 -o /dev/null)
  case "$1" in
    vault) "${c[@]}" "$VAULT_ADDR_LOCAL/v1/sys/health" ;;
    external-secrets) "${c[@]}" "http://127.0.0.1:$ESO_METRICS_PORT/metrics" ;;
  esac
}

# vault_cli ARGS... -> the Vault CLI against the local server with the root token
vault_cli() {
  VAULT_ADDR="$VAULT_ADDR_LOCAL" VAULT_TOKEN="$(cat "$VAULT_ROOT_TOKEN_FILE")" VAULT_FORMAT="${VAULT_FORMAT:-table}" \
    "$VAULT_BIN" "$@"
}
