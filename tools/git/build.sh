#!/usr/bin/env bash
# Builds the local git host (Gitea) from Go modules and caches it outside the repository.
#
#   tools/git/build.sh             build it unless cached
#   tools/git/build.sh print-dir   print its cache directory
#   PAVED_CACHE=/some/dir ...      cache root (default: ~/.cache/paved)
#
# The binary lives in  $PAVED_CACHE/git/gitea-<version>-<recipe-hash>/gitea, so a version bump or a change of this
# script builds anew while earlier builds stay usable. Built with SQLite (cgo, the machine's gcc); without the
# `bindata` tag nothing is embedded: the module's options/, templates/ and public/ are copied beside the binary (its
# static root), and the web UI's scripts and styles, which need a JavaScript build, are missing. The API and git
# over HTTP, which Paved and Backstage use, work without them. A lock keeps two runs from racing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${PAVED_CACHE:-$HOME/.cache/paved}/git"
RECIPE="$(sha256sum "$HERE/build.sh" | cut -c1-10)"
OUT="$CACHE/gitea-$GITEA_VERSION-$RECIPE"
MODULE=code.gitea.io/gitea
export GOFLAGS="-trimpath" GOTOOLCHAIN=local

log() { printf '[git:build] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

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

[ -x "$OUT/gitea" ] && { log "gitea $GITEA_VERSION cached"; exit 0; }
command -v gcc >/dev/null || { log "gcc is needed (cgo, for SQLite): apt-get install gcc"; exit 1; }
started=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work" "$OUT.tmp"' EXIT
log "gitea: resolving $MODULE@$GITEA_VERSION"
gomod="$(cd "$work" && go mod download -json "$MODULE@$GITEA_VERSION" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
# Gitea's go.mod has `replace` directives, which `go install` refuses: a throwaway module requires Gitea at the tag
# and restates its replaces onto published modules (a dependency's replaces are ignored) and its godebug settings.
{
  echo "module paved.local/build/gitea"
  echo
  grep -E '^go [0-9]' "$gomod" | head -1
  grep -E '^godebug ' "$gomod" || true
  echo
  echo "require $MODULE $GITEA_VERSION"
  echo
  grep -E '^\s*(replace\s+)?[A-Za-z0-9./_~-]+(\s+v[^ ]+)?\s+=>\s+[A-Za-z0-9_-]+\.[A-Za-z0-9./_-]+\s+v' "$gomod" \
    | sed -E 's/^\s*(replace\s+)?/replace /'
} >"$work/go.mod"
log "gitea: $(grep -c '^replace' "$work/go.mod") replace directive(s) restated"
(cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go get "$MODULE@$GITEA_VERSION" >"$work/get.log" 2>&1) \
  || { cat "$work/get.log" >&2; exit 1; }
log "gitea: compiling (several minutes on a cold cache)"
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"
(cd "$work" && CGO_ENABLED=1 GOFLAGS="$GOFLAGS -mod=mod" go build -tags "sqlite sqlite_unlock_notify" \
  -ldflags "-s -w -X code.gitea.io/gitea/modules/setting.AppVer=${GITEA_VERSION#v}" \
  -o "$OUT.tmp/gitea" "$MODULE")
# without `bindata`, Gitea reads its locales, licence and README templates (options/), page and mail templates
# (templates/) and static files (public/) from its static root: they come from the module's source, beside the binary
moddir="$(cd "$work" && go list -m -f '{{.Dir}}' "$MODULE")"
cp -r "$moddir/options" "$moddir/templates" "$moddir/public" "$OUT.tmp/"
chmod -R u+w "$OUT.tmp"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
log "gitea built in $(($(date +%s) - started)) s: $OUT/gitea"
