#!/usr/bin/env bash
# Builds the local control plane's binaries from Go modules and caches them outside the repository.
#
#   tools/cluster/build.sh            build whatever is missing from the cache
#   PAVED_CACHE=/some/dir ...         cache root (default: ~/.cache/paved)
#
# Each binary set lives in  $PAVED_CACHE/cluster/<component>-<version>-<recipe-hash>/  so a version bump or a
# change of this script builds anew while earlier builds stay usable. A lock keeps two runs from racing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
CACHE="${PAVED_CACHE:-$HOME/.cache/paved}/cluster"
mkdir -p "$CACHE"
RECIPE="$(sha256sum "$HERE/build.sh" | cut -c1-10)"
export CGO_ENABLED=0 GOFLAGS="-trimpath" GOTOOLCHAIN=local

log() { printf '[cluster:build] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

exec 9>"$CACHE/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE/.build.lock; waiting for it"
  flock 9
fi

# bin_dir COMPONENT VERSION -> prints the cache directory of that component's binaries
bin_dir() { printf '%s/%s-%s-%s' "$CACHE" "$1" "$2" "$RECIPE"; }

# Wrapper-module build: the upstream module points its own sub-modules at local paths through `replace`
# directives, which `go install` refuses. A throwaway module requires upstream at the tag and replaces
# every such sub-module with its published tag instead.
#   wrapper_build NAME MODULE VERSION SUBVERSION OUTDIR LDFLAGS PKG...
wrapper_build() {
  local name="$1" module="$2" version="$3" subversion="$4" out="$5" ldflags="$6"
  shift 6
  local work
  work="$(mktemp -d)"
  log "$name: resolving $module@$version"
  local gomod
  gomod="$(cd "$work" && go mod download -json "$module@$version" | sed -n 's/^\s*"GoMod": "\(.*\)",$/\1/p')"
  local goline godebug
  goline="$(grep -E '^go [0-9]' "$gomod" | head -1)"
  godebug="$(awk '/^godebug \(/{f=1;print;next} f{print; if(/^\)/)f=0; next} /^godebug /{print}' "$gomod")"
  {
    echo "module paved.local/build/$name"
    echo
    echo "$goline"
    echo
    [ -n "$godebug" ] && { echo "$godebug"; echo; }
    echo "require $module $version"
    echo
    # every "X => ./path" or "X => ../path" replace becomes "X => X <subversion>"
    # (targets named FORBIDDEN_DEPENDENCY are upstream's guards against importing a module at all)
    grep -E '^\s*(replace\s+)?[a-z0-9./_-]+(\s+v[^ ]+)?\s+=>\s+\.\.?/' "$gomod" | grep -v FORBIDDEN \
      | sed -E 's/^\s*(replace\s+)?([a-z0-9./_-]+).*/\2/' | sort -u \
      | while read -r dep; do echo "replace $dep => $dep $subversion"; done
  } >"$work/go.mod"
  log "$name: $(grep -c '^replace' "$work/go.mod") sub-modules pinned to $subversion"
  (cd "$work" && go mod download "$module" && GOFLAGS="$GOFLAGS -mod=mod" go get "$module@$version" >/dev/null 2>&1 || true)
  log "$name: compiling $* (this is the slow part on a cold cache)"
  mkdir -p "$out.tmp"
  (cd "$work" && GOFLAGS="$GOFLAGS -mod=mod" go build -tags "selinux,notest,grpcnotrace" -ldflags "$ldflags" -o "$out.tmp/" "$@")
  rm -rf "$work"
}

build_etcd() {
  local out
  out="$(bin_dir etcd "$ETCD_VERSION")"
  [ -x "$out/etcd" ] && { log "etcd $ETCD_VERSION cached"; return; }
  wrapper_build etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" "$ETCD_VERSION" "$out" \
    "-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" go.etcd.io/etcd/server/v3
  mv "$out.tmp/v3" "$out.tmp/etcd" 2>/dev/null || mv "$out.tmp/server" "$out.tmp/etcd" 2>/dev/null || true
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "etcd built: $("$out/etcd" --version | head -1)"
}

build_kubernetes() {
  local out
  out="$(bin_dir kubernetes "$KUBERNETES_VERSION")"
  [ -x "$out/kube-apiserver" ] && [ -x "$out/kubectl" ] && { log "kubernetes $KUBERNETES_VERSION cached"; return; }
  local v="${KUBERNETES_VERSION#v}" major minor sub date flags=""
  major="${v%%.*}"; minor="$(echo "$v" | cut -d. -f2)"
  sub="v0.${minor}.$(echo "$v" | cut -d. -f3)"
  date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date -X $pkg.gitCommit=$KUBERNETES_VERSION"
  done
  wrapper_build kubernetes k8s.io/kubernetes "$KUBERNETES_VERSION" "$sub" "$out" "-s -w$flags" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "kubernetes built: $("$out/kubectl" version --client 2>/dev/null | head -1)"
}

# Plain modules without local replaces install directly.
#   plain_build NAME MODULE/CMD VERSION
plain_build() {
  local name="$1" pkg="$2" version="$3" out
  out="$(bin_dir "$name" "$version")"
  [ -x "$out/$name" ] && { log "$name $version cached"; return; }
  log "$name: compiling $pkg@$version"
  mkdir -p "$out.tmp"
  GOBIN="$out.tmp" go install -ldflags "-s -w" "$pkg@$version"
  rm -rf "$out" && mv "$out.tmp" "$out"
  log "$name built"
}

# KWOK ships no built-in stages in its binary; copy the stage definitions from its module alongside.
kwok_stages() {
  local out dir
  out="$(bin_dir kwok "$KWOK_VERSION")"
  [ -d "$out/stages" ] && return
  dir="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')"
  mkdir -p "$out/stages"
  cp -r "$dir/kustomize/stage/." "$out/stages/"
  chmod -R u+w "$out/stages"
  log "kwok stages copied from $dir/kustomize/stage"
}

case "${1:-all}" in
  all)
    build_etcd
    plain_build kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION"
    kwok_stages
    plain_build metrics-server sigs.k8s.io/metrics-server/cmd/metrics-server "$METRICS_SERVER_VERSION"
    build_kubernetes
    ;;
  print-dirs)
    echo "ETCD_DIR=$(bin_dir etcd "$ETCD_VERSION")"
    echo "KUBE_DIR=$(bin_dir kubernetes "$KUBERNETES_VERSION")"
    echo "KWOK_DIR=$(bin_dir kwok "$KWOK_VERSION")"
    echo "METRICS_SERVER_DIR=$(bin_dir metrics-server "$METRICS_SERVER_VERSION")"
    ;;
  *) echo "usage: $0 [all|print-dirs]" >&2; exit 2 ;;
esac
log "done"
