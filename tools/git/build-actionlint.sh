#!/usr/bin/env bash
# Builds actionlint, the linter of GitHub Actions workflows, from its Go module and caches it outside the repository.
# The tests run it on the CI workflow each golden path generates.
#
#   tools/git/build-actionlint.sh             build it unless cached
#   tools/git/build-actionlint.sh print-bin   build it unless cached, then print the binary's path (alone on stdout)
#   PAVED_CACHE=/some/dir ...                 cache root (default: ~/.cache/paved)
#
# The binary lives in $PAVED_CACHE/git/actionlint-<version>/actionlint. A lock keeps two runs from racing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${PAVED_CACHE:-$HOME/.cache/paved}/git"
OUT="$CACHE/actionlint-$ACTIONLINT_VERSION"
export GOFLAGS="-trimpath" GOTOOLCHAIN=local

log() { printf '[git:actionlint] %s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

mkdir -p "$CACHE"
exec 9>"$CACHE/.actionlint.lock"
flock 9
if [ ! -x "$OUT/actionlint" ]; then
  started=$(date +%s)
  log "building github.com/rhysd/actionlint $ACTIONLINT_VERSION"
  rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp"
  GOBIN="$OUT.tmp" CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
  log "built in $(($(date +%s) - started)) s: $OUT/actionlint"
fi
[ "${1:-}" = print-bin ] && echo "$OUT/actionlint"
exit 0
