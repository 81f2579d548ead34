#!/usr/bin/env bash
# Builds Jaeger v2 (traces: OTLP in, Jaeger's query API out) from Go modules and caches it outside the repository,
# apart from the control plane's binaries (build.sh), so that neither rebuilds the other.
#
#   tools/cluster/build-jaeger.sh             build it unless cached
#   tools/cluster/build-jaeger.sh print-dir   print its cache directory
#   tools/cluster/build-jaeger.sh then-up ARGS...
#                                             build, then run up.sh ARGS... (which starts it): what up.sh runs in
#                                             the background when it finds Jaeger not built yet
#
# The binary lives in  $PAVED_CACHE/traces/jaeger-<version>-<recipe-hash>/jaeger. The web UI is not built (its
# assets need a JavaScript build); the query API is what Paved reads. A lock keeps two runs from racing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${PAVED_CACHE:-$HOME/.cache/paved}/traces"
RECIPE="$(sha256sum "$HERE/build-jaeger.sh" | cut -c1-10)"
OUT="$CACHE/jaeger-$JAEGER_VERSION-$RECIPE"
export CGO_ENABLED=0 GOFLAGS="-trimpath" GOTOOLCHAIN=local

log() { printf '[cluster:build-jaeger] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

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

build() {
  [ -x "$OUT/jaeger" ] && { log "jaeger $JAEGER_VERSION cached"; return 0; }
  local work gomod started
  started=$(date +%s)
  work="$(mktemp -d)"
  log "jaeger: resolving github.com/jaegertracing/jaeger@$JAEGER_VERSION"
  gomod="$(cd "$work" && go mod download -json "github.com/jaegertracing/jaeger@$JAEGER_VERSION" \
    | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
  # a throwaway module requires Jaeger at the tag and restates its replaces onto published modules (a
  # dependency's replaces are ignored)
  {
    echo "module paved.local/build/jaeger"
    echo
    grep -E '^go [0-9]' "$gomod" | head -1
    echo
    echo "require github.com/jaegertracing/jaeger $JAEGER_VERSION"
    echo
    grep -E '^\s*(replace\s+)?[A-Za-z0-9./_-]+(\s+v[^ ]+)?\s+=>\s+[A-Za-z0-9_-]+\.[A-Za-z0-9./_-]+\s+v' "$gomod" \
      | sed -E 's/^\s*(replace\s+)?/replace /'
  } >"$work/go.mod"
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go get "github.com/jaegertracing/jaeger@$JAEGER_VERSION" \
    >"$work/get.log" 2>&1) || { cat "$work/get.log" >&2; rm -rf "$work"; return 1; }
  log "jaeger: compiling cmd/jaeger (several minutes on a cold cache)"
  rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -ldflags "-s -w" -o "$OUT.tmp/jaeger" \
    github.com/jaegertracing/jaeger/cmd/jaeger) || { rm -rf "$work" "$OUT.tmp"; return 1; }
  rm -rf "$work" "$OUT" && mv "$OUT.tmp" "$OUT"
  log "jaeger built in $(($(date +%s) - started)) s: $OUT/jaeger"
}

case "${1:-build}" in
  build) build ;;
  then-up)
    shift
    build
    exec 9>&-
    log "starting it: tools/cluster/up.sh $*"
    exec bash "$HERE/up.sh" "$@"
    ;;
  *) echo "usage: $0 [build|print-dir|then-up ARGS...]" >&2; exit 2 ;;
esac
