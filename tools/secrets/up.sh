#!/usr/bin/env bash
# Brings the local secret manager up beside the running local cluster (idempotent): builds what is missing, starts
# HashiCorp Vault (dev mode, in memory) on loopback and configures it for Paved (configure-vault.sh), then applies
# External Secrets Operator's CRDs and identity and starts its controller on the host. Writes .cluster/secrets.env.
# See README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

START_TS=$(date +%s)
mkdir -p "$SECRETS_DIR" "$PIDS" "$LOGS"
chmod 700 "$SECRETS_DIR"
exec 8>"$SECRETS_DIR/.up.lock"
flock -n 8 || { log "another up.sh is running; waiting for it"; flock 8; }
load_secrets_ports

# --- binaries -------------------------------------------------------------------------------------------------
log "checking binaries (tools/secrets/build.sh; a cold build takes a while, see $LOGS/secrets-build.log)"
bash "$HERE/build.sh" all 2>&1 | tee -a "$LOGS/secrets-build.log" \
  | { grep --line-buffered -E '^\[secrets:build\]' | grep --line-buffered -vE ' cached$| done$' || true; }
if [ "${PIPESTATUS[0]}" != 0 ]; then
  tail -n 30 "$LOGS/secrets-build.log" >&2
  die "build failed (full log: $LOGS/secrets-build.log)"
fi
load_secrets_bins
for b in "$VAULT_BIN" "$ESO_BIN"; do [ -x "$b" ] || die "missing binary $b"; done

# --- the cluster this runs beside ----------------------------------------------------------------------------------
[ -f "$CLUSTER_DIR/env" ] || die "the local cluster is not set up ($CLUSTER_DIR/env is missing); run tools/cluster/up.sh"
set -a
# shellcheck disable=SC1091
source "$CLUSTER_DIR/env"
set +a
KUBECTL="$PAVED_KUBECTL"
wait_until 60 kube-apiserver kc get --raw /readyz || die "the local cluster's API server ($PAVED_KUBE_API) is not ready"
kc get namespace "$ESO_SYSTEM_NAMESPACE" >/dev/null 2>&1 \
  || die "namespace $ESO_SYSTEM_NAMESPACE is missing (tools/cluster/up.sh applies it with examples/rbac)"
KLOG="$LOGS/secrets-kubectl.log"
kc apply -f "$HERE/manifests/rbac.yaml" >>"$KLOG" 2>&1 || die "RBAC apply failed (see $KLOG)"
# server-side: the CRDs are too large for the last-applied annotation of a client-side apply
kc apply --server-side --force-conflicts --field-manager=paved-secrets -f "$ESO_CRDS_FILE" >>"$KLOG" 2>&1 \
  || die "External Secrets CRDs apply failed (see $KLOG)"
kc wait --for=condition=Established --timeout=60s -f "$ESO_CRDS_FILE" >>"$KLOG" 2>&1 \
  || die "External Secrets CRDs not established"

# token_identity TOKEN -> the user name the API server authenticates TOKEN as (empty when it does not)
token_identity() {
  "$KUBECTL" --kubeconfig=/dev/null --server="$PAVED_KUBE_API" --certificate-authority="$PAVED_KUBE_CA" \
    --token="$1" auth whoami -o jsonpath='{.status.userInfo.username}' 2>/dev/null || true
}
# sa_token SERVICEACCOUNT FILE -> FILE holds a token of that ServiceAccount of paved-system (TokenRequest API);
# kept while it still authenticates as that ServiceAccount and is younger than 300 days
sa_token() {
  local sa="$1" file="$2" identity="system:serviceaccount:$ESO_SYSTEM_NAMESPACE:$1" token
  if [ ! -s "$file" ] || [ -n "$(find "$file" -mtime +300)" ] \
    || [ "$(token_identity "$(cat "$file")")" != "$identity" ]; then
    token="$(kc create token "$sa" -n "$ESO_SYSTEM_NAMESPACE" --duration=8760h)" \
      || die "TokenRequest for $identity failed"
    (umask 077 && printf '%s\n' "$token" >"$file.tmp" && mv "$file.tmp" "$file")
    log "issued a token of $identity, valid for a year"
    TOKEN_ISSUED=1
  fi
}
save_secrets_ports

# --- Vault --------------------------------------------------------------------------------------------------------
# Dev mode: in memory, unsealed, listening on plain HTTP on loopback. The root token is chosen here and passed in
# the environment (not on the command line, where every user could read it). A restart loses Vault's data; the
# configuration below is applied again on every run.
STARTED=()
VAULT_ARGS=(server -dev "-dev-listen-address=127.0.0.1:$VAULT_PORT" -dev-no-store-token -log-level=info)
vault_ok() { secrets_health vault && [ -s "$VAULT_ROOT_TOKEN_FILE" ] && vault_cli token lookup >/dev/null 2>&1; }
if is_running vault && [ "$(recorded_fingerprint vault)" = "$(fingerprint "$VAULT_BIN" "${VAULT_ARGS[@]}")" ] \
  && vault_ok; then
  log "vault already running (pid $(pid_of vault)) on $VAULT_ADDR_LOCAL"
else
  stop_proc vault
  (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' | sed 's/^/paved-root-/' >"$VAULT_ROOT_TOKEN_FILE")
  (umask 077 && touch "$LOGS/vault.log")
  chmod 600 "$LOGS/vault.log"
  VAULT_DEV_ROOT_TOKEN_ID="$(cat "$VAULT_ROOT_TOKEN_FILE")" start_proc vault "$VAULT_BIN" "${VAULT_ARGS[@]}"
  wait_until 60 vault vault_ok || { tail -n 30 "$LOGS/vault.log" >&2; die "vault did not become ready"; }
  log "vault started (pid $(pid_of vault)) on $VAULT_ADDR_LOCAL"
  STARTED+=(vault)
fi

sa_token vault-token-reviewer "$SECRETS_DIR/vault-token-reviewer.token"
VAULT_ADDR_LOCAL="$VAULT_ADDR_LOCAL" VAULT_BIN="$VAULT_BIN" bash "$HERE/configure-vault.sh" \
  || die "configuring vault failed"

# --- External Secrets Operator -------------------------------------------------------------------------------------
# a new token means a new or recreated cluster (whose CA the running controller may not trust): restart it then
TOKEN_ISSUED=0
sa_token external-secrets "$SECRETS_DIR/external-secrets.token"
(
  umask 077
  cat >"$ESO_KUBECONFIG.tmp" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: $PAVED_KUBE_API
      certificate-authority: $PAVED_KUBE_CA
users:
  - name: external-secrets
    user:
      tokenFile: $SECRETS_DIR/external-secrets.token
contexts:
  - name: external-secrets
    context: { cluster: local, user: external-secrets }
current-context: external-secrets
KUBECONFIG
  mv "$ESO_KUBECONFIG.tmp" "$ESO_KUBECONFIG"
)
# Only the namespaced controllers run: no leader election (one instance), no webhook or cert controller (they are
# other subcommands), no push secrets, no cluster-wide stores or external secrets.
ESO_ARGS=("--metrics-addr=127.0.0.1:$ESO_METRICS_PORT" --enable-leader-election=false
  --enable-cluster-store-reconciler=false --enable-cluster-external-secret-reconciler=false
  --enable-push-secret-reconciler=false --enable-cluster-push-secret-reconciler=false
  --loglevel=info --zap-time-encoding=iso8601)
if is_running external-secrets && [ "$TOKEN_ISSUED" = 0 ] \
  && [ "$(recorded_fingerprint external-secrets)" = "$(fingerprint "$ESO_BIN" "${ESO_ARGS[@]}")" ] \
  && secrets_health external-secrets; then
  log "external-secrets already running (pid $(pid_of external-secrets))"
else
  stop_proc external-secrets
  KUBECONFIG="$ESO_KUBECONFIG" start_proc external-secrets "$ESO_BIN" "${ESO_ARGS[@]}"
  wait_until 60 external-secrets secrets_health external-secrets \
    || { tail -n 30 "$LOGS/external-secrets.log" >&2; die "external-secrets did not become ready"; }
  log "external-secrets started (pid $(pid_of external-secrets)), metrics on 127.0.0.1:$ESO_METRICS_PORT"
  STARTED+=(external-secrets)
fi

# --- environment for tests and the Backstage app --------------------------------------------------------------------
{
  echo "# Generated by tools/secrets/up.sh — source it: set -a; . .cluster/secrets.env; set +a"
  echo "PAVED_VAULT_ADDR='$VAULT_ADDR_LOCAL'"
  echo "PAVED_VAULT_TOKEN_FILE='$VAULT_PAVED_TOKEN_FILE'"
  echo "PAVED_VAULT_ROOT_TOKEN_FILE='$VAULT_ROOT_TOKEN_FILE'"
  echo "PAVED_VAULT_KV_MOUNT='$KV_MOUNT'"
  echo "PAVED_ESO_RUNNING=1"
} | (umask 077 && cat >"$SECRETS_ENV.tmp" && mv "$SECRETS_ENV.tmp" "$SECRETS_ENV")

if [ "${#STARTED[@]}" -eq 0 ]; then
  log "secret manager already up; nothing started ($(($(date +%s) - START_TS)) s)"
else
  log "secret manager up in $(($(date +%s) - START_TS)) s; started: ${STARTED[*]}"
fi
log "env: $SECRETS_ENV; Vault $VAULT_ADDR_LOCAL (KV v2 mount '$KV_MOUNT')"
