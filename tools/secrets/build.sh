#!/usr/bin/env bash
# Builds the local secret manager's binaries (HashiCorp Vault, External Secrets Operator) from Go modules and
# caches them outside the repository.
#
#   tools/secrets/build.sh             build whatever is missing from the cache
#   tools/secrets/build.sh print-dirs  print the cache directory of each component
#   PAVED_CACHE=/some/dir ...          cache root (default: ~/.cache/paved)
#
# Each component lives in  $PAVED_CACHE/secrets/<component>-<version>-<recipe-hash>/  so a version bump or a change
# of this script builds anew while earlier builds stay usable. A lock keeps two runs from racing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${PAVED_CACHE:-$HOME/.cache/paved}/secrets"
mkdir -p "$CACHE"
RECIPE="$(sha256sum "$HERE/build.sh" | cut -c1-10)"
export CGO_ENABLED=0 GOFLAGS="-trimpath" GOTOOLCHAIN=local

log() { printf '[secrets:build] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

# bin_dir COMPONENT VERSION -> prints the cache directory of that component
bin_dir() { printf '%s/%s-%s-%s' "$CACHE" "$1" "$2" "$RECIPE"; }

if [ "${1:-all}" = print-dirs ]; then
  echo "VAULT_DIR=$(bin_dir vault "$VAULT_VERSION")"
  echo "ESO_DIR=$(bin_dir eso "$ESO_VERSION")"
  exit 0
fi

exec 9>"$CACHE/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.build.lock; waiting for it"
  flock 9
fi

# Wrapper-module build. Both upstream modules carry `replace` directives, which `go install` refuses: a throwaway
# module requires upstream at the tag, keeps upstream's replaces onto other published modules (a dependency's
# replaces are ignored, so they must be restated) and drops its replaces onto local sub-module directories, which
# leaves those sub-modules at the published versions upstream's go.mod requires.
#   wrapper_build NAME MODULE VERSION OUTFILE PKG
wrapper_build() {
  local name="$1" module="$2" version="$3" outfile="$4" pkg="$5" work gomod started
  started=$(date +%s)
  work="$(mktemp -d)"
  log "$name: resolving $module@$version"
  gomod="$(cd "$work" && go mod download -json "$module@$version" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
  {
    echo "module paved.local/build/$name"
    echo
    grep -E '^go [0-9]' "$gomod" | head -1
    echo
    echo "require $module $version"
    echo
    grep -E '^\s*(replace\s+)?[A-Za-z0-9./_-]+(\s+v[^ ]+)?\s+=>\s+[A-Za-z0-9_-]+\.[A-Za-z0-9./_-]+\s+v' "$gomod" \
      | sed -E 's/^\s*(replace\s+)?/replace /'
  } >"$work/go.mod"
  log "$name: $(grep -c '^replace' "$work/go.mod") replace directive(s) restated"
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go get "$module@$version" >"$work/get.log" 2>&1) \
    || { cat "$work/get.log" >&2; rm -rf "$work"; return 1; }
  log "$name: compiling $pkg (the slow part on a cold cache)"
  mkdir -p "$(dirname "$outfile")"
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "-s -w" -o "$outfile" "$pkg") \
    || { rm -rf "$work"; return 1; }
  rm -rf "$work"
  log "$name: compiled in $(($(date +%s) - started)) s"
}

# Vault: only the server/CLI binary of the module root, without the web UI (its assets need the `ui` build tag and
# a JavaScript build) and without cgo. A Vault release builds its own sdk/ sub-module from its release branch,
# which the module zip does not carry; the release must therefore be one whose required sdk tag matches that
# branch (see README.md: v1.21.1 with sdk v0.20.0).
build_vault() {
  local out
  out="$(bin_dir vault "$VAULT_VERSION")"
  [ -x "$out/vault" ] && { log "vault $VAULT_VERSION cached"; return; }
  rm -rf "$out.tmp"
  wrapper_build vault github.com/hashicorp/vault "$VAULT_VERSION" "$out.tmp/vault" github.com/hashicorp/vault
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "vault built: $("$out/vault" version)"
}

# ESO: its controller binary (the module root's main; its ExternalSecret and SecretStore controllers import every
# provider, so a smaller build is not possible) and the CRDs its controller needs, taken from the module's bundle.
ESO_CRDS=(externalsecrets.external-secrets.io secretstores.external-secrets.io
  clustersecretstores.external-secrets.io generatorstates.generators.external-secrets.io)
build_eso() {
  local out dir
  out="$(bin_dir eso "$ESO_VERSION")"
  [ -x "$out/external-secrets" ] && [ -s "$out/crds.yaml" ] && { log "eso $ESO_VERSION cached"; return; }
  rm -rf "$out.tmp"
  wrapper_build eso github.com/external-secrets/external-secrets "$ESO_VERSION" "$out.tmp/external-secrets" \
    github.com/external-secrets/external-secrets
  dir="$(go mod download -json "github.com/external-secrets/external-secrets@$ESO_VERSION" \
    | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  # one YAML document per CRD; keep those named in ESO_CRDS
  awk -v want="${ESO_CRDS[*]}" '
    function flush() { if (doc != "" && keep) printf "---\n%s", doc; doc = ""; keep = 0 }
    BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) names[w[i]] = 1 }
    /^---/ { flush(); next }
    /^  name: / && !named { named = 1; if ($2 in names) keep = 1 }
    /^metadata:/ { named = 0 }
    { doc = doc $0 "\n" }
    END { flush() }
  ' "$dir/deploy/crds/bundle.yaml" >"$out.tmp/crds.yaml"
  # no conversion webhook runs here: a CRD that asks for one cannot be served
  if grep -qE '^\s+strategy:\s+Webhook' "$out.tmp/crds.yaml"; then
    log "eso: the bundle's CRDs ask for a conversion webhook" >&2
    return 1
  fi
  [ "$(grep -c '^kind: CustomResourceDefinition' "$out.tmp/crds.yaml")" = "${#ESO_CRDS[@]}" ] \
    || { log "eso: expected ${#ESO_CRDS[@]} CRDs in the bundle" >&2; return 1; }
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "eso built: $("$out/external-secrets" --help 2>&1 | head -1)"
}

case "${1:-all}" in
  all) build_vault; build_eso ;;
  vault) build_vault ;;
  eso) build_eso ;;
  *) echo "usage: $0 [all|vault|eso|print-dirs]" >&2; exit 2 ;;
esac
log "done"
