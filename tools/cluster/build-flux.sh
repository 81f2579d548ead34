#!/usr/bin/env bash
# Builds Flux's source-controller and kustomize-controller from Go modules and caches them outside the repository,
# apart from the control plane's binaries (build.sh) and Jaeger (build-jaeger.sh), so that none rebuilds another.
#
#   tools/cluster/build-flux.sh             build them unless cached
#   tools/cluster/build-flux.sh print-dir   print their cache directory
#   tools/cluster/build-flux.sh then-up ARGS...
#                                           build, then run up.sh ARGS... (which starts them): what up.sh runs in
#                                           the background when it finds Flux not built yet
#
# The binaries and the controllers' CustomResourceDefinitions live in
# $PAVED_CACHE/flux/flux-<source>-<kustomize>-<recipe-hash>/{source-controller,kustomize-controller,crds/}.
# Each controller's module is built as the main module from a copy of its source: its go.mod points its own API
# module at ./api, which the published module does not contain, so that one `replace` is dropped and the API module
# comes from the module proxy at the version go.mod requires. A lock keeps two runs from racing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${PAVED_CACHE:-$HOME/.cache/paved}/flux"
RECIPE="$(sha256sum "$HERE/build-flux.sh" | cut -c1-10)"
OUT="$CACHE/flux-$FLUX_SOURCE_VERSION-$FLUX_KUSTOMIZE_VERSION-$RECIPE"
export CGO_ENABLED=0 GOFLAGS="-trimpath" GOTOOLCHAIN=local

log() { printf '[cluster:build-flux] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

if [ "${1:-}" = print-dir ]; then
  echo "$OUT"
  exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.build.lock; waiting for it"
  flock 9
fi

# build_controller NAME VERSION: compiles github.com/fluxcd/NAME@VERSION into $OUT.tmp/NAME, its CRDs into crds/
build_controller() {
  local name="$1" version="$2" module="github.com/fluxcd/$1" work dir
  work="$(mktemp -d)"
  log "$name: resolving $module@$version"
  dir="$(cd "$work" && go mod download -json "$module@$version" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { log "$name: $module@$version could not be downloaded"; rm -rf "$work"; return 1; }
  cp -r "$dir/." "$work/src" 2>/dev/null || cp -r "$dir" "$work/src"
  chmod -R u+w "$work/src"
  sed -i -E "\#^replace $module/api => \./api\$#d" "$work/src/go.mod"
  log "$name: compiling (several minutes on a cold cache)"
  (cd "$work/src" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "-s -w" -o "$OUT.tmp/$name" . \
    >"$work/build.log" 2>&1) || { cat "$work/build.log" >&2; rm -rf "$work"; return 1; }
  cp "$work/src/config/crd/bases/"*.yaml "$OUT.tmp/crds/"
  rm -rf "$work"
}

build() {
  [ -x "$OUT/source-controller" ] && [ -x "$OUT/kustomize-controller" ] && {
    log "flux source-controller $FLUX_SOURCE_VERSION, kustomize-controller $FLUX_KUSTOMIZE_VERSION cached"
    return 0
  }
  local started
  started=$(date +%s)
  rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp/crds"
  build_controller source-controller "$FLUX_SOURCE_VERSION" || { rm -rf "$OUT.tmp"; return 1; }
  build_controller kustomize-controller "$FLUX_KUSTOMIZE_VERSION" || { rm -rf "$OUT.tmp"; return 1; }
  rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
  log "flux controllers built in $(($(date +%s) - started)) s: $OUT"
}

case "${1:-build}" in
  build) build ;;
  then-up)
    shift
    build
    exec 9>&-
    log "starting them: tools/cluster/up.sh $*"
    exec bash "$HERE/up.sh" "$@"
    ;;
  *) echo "usage: $0 [build|print-dir|then-up ARGS...]" >&2; exit 2 ;;
esac
