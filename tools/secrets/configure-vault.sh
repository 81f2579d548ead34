#!/usr/bin/env bash
# Configures the local Vault for Paved (idempotent; run by up.sh after every start, since dev mode keeps nothing):
#   - KV v2 at `paved/`, one path per team and namespace: paved/data/<team>/<namespace>/<secret>, where <team> is
#     the value of Paved's team label (group.default.team-checkout);
#   - per team of examples/org.yaml a policy paved-team-<team>: write (never read) its values, read its metadata;
#   - token role paved-team-writer, through which Paved mints short-lived tokens holding one team policy;
#   - Paved's own token (policy paved-backend): may only mint through that role, never touch a secret;
#   - kubernetes auth against the local API server, role paved-eso for the ServiceAccount `paved-secrets` of any
#     namespace, whose templated policy reads only the paths of the token's own namespace.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
load_secrets_ports
[ -n "${VAULT_BIN:-}" ] || load_secrets_bins
set -a
# shellcheck disable=SC1091
source "$CLUSTER_DIR/env"
set +a

# org_teams FILE -> the label value (group.default.<name>) of every Group whose spec.type is team
org_teams() {
  awk '
    function flush() { if (kind == "Group" && type == "team" && name != "") print "group.default." tolower(name)
                       kind = ""; name = ""; type = ""; section = "" }
    /^---/ { flush(); next }
    /^[a-z]/ { section = $1 }
    /^kind: / { kind = $2 }
    section == "metadata:" && /^  name: / { name = $2 }
    section == "spec:" && /^  type: / { type = $2 }
    END { flush() }
  ' "$1"
}

# --- KV v2 mount ------------------------------------------------------------------------------------------------
mounts="$(vault_cli secrets list -format=json)"
if ! grep -q "\"$KV_MOUNT/\"" <<<"$mounts"; then
  vault_cli secrets enable -path="$KV_MOUNT" -version=2 -description="Paved: team secrets" kv >/dev/null
  log "vault: KV v2 mounted at $KV_MOUNT/"
fi

# --- team policies ------------------------------------------------------------------------------------------------
TEAMS="$(org_teams "$REPO_ROOT/examples/org.yaml")"
[ -n "$TEAMS" ] || die "no team Groups found in examples/org.yaml"
for team in $TEAMS; do
  vault_cli policy write "paved-team-$team" - >/dev/null <<POLICY
# Team $team: write its secret values (never read them back), read and list their metadata.
path "$KV_MOUNT/data/$team/*" {
  capabilities = ["create", "update", "patch"]
}
path "$KV_MOUNT/metadata/$team/*" {
  capabilities = ["read", "list"]
}
POLICY
done
log "vault: team policies $(echo "$TEAMS" | sed 's/^/paved-team-/' | tr '\n' ' ')"

# --- Paved's identity ---------------------------------------------------------------------------------------------
vault_cli write auth/token/roles/paved-team-writer allowed_policies_glob="paved-team-*" orphan=true \
  token_no_default_policy=true token_ttl=5m token_explicit_max_ttl=5m renewable=false >/dev/null
vault_cli policy write paved-backend - >/dev/null <<POLICY
# Paved's backend: mints team tokens through the paved-team-writer role; touches no secret itself.
path "auth/token/create/paved-team-writer" {
  capabilities = ["create", "update"]
}
path "auth/token/lookup-self" {
  capabilities = ["read"]
}
path "auth/token/renew-self" {
  capabilities = ["update"]
}
POLICY
# Paved's token is kept while Vault still knows it (a restarted dev server does not)
if [ ! -s "$VAULT_PAVED_TOKEN_FILE" ] \
  || ! VAULT_ADDR="$VAULT_ADDR_LOCAL" VAULT_TOKEN="$(cat "$VAULT_PAVED_TOKEN_FILE")" "$VAULT_BIN" token lookup \
    >/dev/null 2>&1; then
  token="$(vault_cli token create -orphan -policy=paved-backend -no-default-policy -period=768h \
    -display-name=paved-backend -field=token)"
  (umask 077 && printf '%s\n' "$token" >"$VAULT_PAVED_TOKEN_FILE.tmp" \
    && mv "$VAULT_PAVED_TOKEN_FILE.tmp" "$VAULT_PAVED_TOKEN_FILE")
  log "vault: issued Paved's token (policy paved-backend, periodic 768h) -> $VAULT_PAVED_TOKEN_FILE"
fi

# --- kubernetes auth for External Secrets Operator ----------------------------------------------------------------
auths="$(vault_cli auth list -format=json)"
if ! grep -q '"kubernetes/"' <<<"$auths"; then
  vault_cli auth enable kubernetes >/dev/null
  log "vault: kubernetes auth enabled"
fi
# the reviewer's token goes in on stdin, without its newline (never on a command line)
tr -d '\n' <"$SECRETS_DIR/vault-token-reviewer.token" \
  | vault_cli write auth/kubernetes/config kubernetes_host="$PAVED_KUBE_API" kubernetes_ca_cert=@"$PAVED_KUBE_CA" \
    token_reviewer_jwt=- disable_local_ca_jwt=true >/dev/null
ACCESSOR="$(vault_cli auth list -format=json | sed -n '/"kubernetes\/"/,/}/s/^\s*"accessor": "\(.*\)",\?$/\1/p' | head -1)"
[ -n "$ACCESSOR" ] || die "no accessor for the kubernetes auth mount"
vault_cli policy write paved-eso - >/dev/null <<POLICY
# External Secrets Operator, logged in as a namespace's ServiceAccount paved-secrets: reads the values of that
# namespace only (any team; a namespace belongs to one team).
path "$KV_MOUNT/data/+/{{identity.entity.aliases.$ACCESSOR.metadata.service_account_namespace}}/*" {
  capabilities = ["read"]
}
POLICY
# (Vault warns that the role names no audience: the tokens ESO requests carry the API server's default audience)
out="$(vault_cli write auth/kubernetes/role/paved-eso bound_service_account_names=paved-secrets \
  bound_service_account_namespaces='*' token_policies=paved-eso token_ttl=10m token_max_ttl=1h 2>&1)" \
  || die "writing role paved-eso failed: $out"
log "vault: kubernetes auth role paved-eso (ServiceAccount paved-secrets of any namespace; mount $ACCESSOR)"
