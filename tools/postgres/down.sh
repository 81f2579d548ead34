#!/usr/bin/env bash
# Stops the PostgreSQL server tools/postgres/up.sh started (pg_ctl stop, fast mode).
#   down.sh           stop; the data directory is kept for the next up
#   down.sh --purge   stop and delete .postgres/ (data, password, env)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

PURGE=0
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h | --help) sed -n '2,4p' "$0"; exit 0 ;;
    *) die "unknown argument $a" ;;
  esac
done

if [ ! -d "$PG_DIR" ]; then
  log "nothing to stop ($PG_DIR does not exist)"
  exit 0
fi

exec 9>"$PG_DIR/.lock"
flock -w 120 9 || die "up.sh still holds $PG_DIR/.lock"

BIN="$(pg_bin_dir || true)"
if [ -n "$BIN" ] && pg_running "$BIN"; then
  log "stopping PostgreSQL (data $PG_DATA)"
  as_owner "$BIN/pg_ctl" -D "$PG_DATA" -w -t 60 -m fast stop >/dev/null
elif [ -f "$PG_DATA/postmaster.pid" ] && [ -z "$BIN" ]; then
  die "cannot check whether the server of $PG_DATA runs: no PostgreSQL binaries found"
fi

if [ "$PURGE" = 1 ]; then
  log "purging $PG_DIR"
  socket_dir="$(pg_socket_dir)"
  case "$socket_dir" in "$PG_DIR"/*) ;; *) rm -rf "$socket_dir" ;; esac
  rm -rf "$PG_DIR"
  # the link to a state directory outside the checkout
  [ -L "$REPO_ROOT/.postgres" ] && rm -f "$REPO_ROOT/.postgres"
fi
log "PostgreSQL down"
