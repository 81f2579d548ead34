# shellcheck shell=bash
# Shared definitions of tools/postgres/up.sh and down.sh. Sourced, never executed.
#
#   PAVED_POSTGRES_DIR      state directory (default <repo>/.postgres; git-ignored). When the checkout's folder
#                           is closed to the postgres user (a checkout under `mktemp -d`, mode 700), the state
#                           lives in /var/tmp/paved-postgres-<hash of the checkout's path> instead, and
#                           <repo>/.postgres is a link to it, so .postgres/env is found as usual.
#   PAVED_POSTGRES_PORT     TCP port on 127.0.0.1 (default 15432)
#   PAVED_POSTGRES_BIN_DIR  server binaries (default: the newest /usr/lib/postgresql/<version>/bin)

PG_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$PG_TOOLS/../.." && pwd)"
# the state directory: as configured, <repo>/.postgres, or (see above) a folder the postgres user can reach
pg_state_dir() {
  if [ -n "${PAVED_POSTGRES_DIR:-}" ]; then
    printf '%s' "$PAVED_POSTGRES_DIR"
    return
  fi
  local link="$REPO_ROOT/.postgres"
  if [ -L "$link" ]; then
    readlink -f "$link"
    return
  fi
  if [ "$(id -u)" = 0 ] && getent passwd postgres >/dev/null &&
    ! runuser -u postgres -- test -x "$REPO_ROOT" 2>/dev/null; then
    local outside
    outside="/var/tmp/paved-postgres-$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)"
    mkdir -p "$outside"
    rm -rf "$link"
    ln -s "$outside" "$link"
    printf '%s' "$outside"
    return
  fi
  printf '%s' "$link"
}
PG_DIR="$(pg_state_dir)"
PG_PORT="${PAVED_POSTGRES_PORT:-15432}"
PG_USER=paved
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_PASSWORD_FILE="$PG_DIR/password"
PG_ENV="$PG_DIR/env"
PG_ENV_JSON="$PG_DIR/env.json"

log() { printf '[postgres] %s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[postgres] %s ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# The server binaries of Debian's postgresql package (newest installed major version).
pg_bin_dir() {
  if [ -n "${PAVED_POSTGRES_BIN_DIR:-}" ]; then
    echo "$PAVED_POSTGRES_BIN_DIR"
    return
  fi
  local d
  d="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' -printf '%h\n' 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] && echo "$d"
}

# The server refuses to run as root: as root, its files belong to the package's `postgres` account.
if [ "$(id -u)" = 0 ]; then
  if getent passwd postgres >/dev/null; then PG_OWNER=postgres; else PG_OWNER=nobody; fi
else
  PG_OWNER="$(id -un)"
fi

# as_owner CMD... : runs a server command as the account that owns the data directory. The lock's descriptor
# (9) is closed so a server started this way does not hold the lock for its whole life.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd "$PG_DIR" && runuser -u "$PG_OWNER" -- "$@" 9>&-)
  else
    (cd "$PG_DIR" && "$@" 9>&-)
  fi
}

# The unix socket sits inside the state directory unless its path would exceed the kernel's 107 bytes.
pg_socket_dir() {
  local dir="$PG_DIR/run"
  if [ $((${#dir} + 20)) -gt 107 ]; then
    dir="/tmp/paved-postgres-$(printf '%s' "$PG_DIR" | sha256sum | cut -c1-12)"
  fi
  echo "$dir"
}

# pg_running BIN_DIR -> the server of this data directory runs (pg_ctl status)
pg_running() {
  [ -f "$PG_DATA/PG_VERSION" ] && as_owner "$1/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}
