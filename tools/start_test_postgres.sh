#!/usr/bin/env bash
# A throw-away PostgreSQL on 127.0.0.1 for the store tests.
#   tools/start_test_postgres.sh [PORT]      start one; prints the admin URL to use as PMO_TEST_POSTGRES_URL and
#                                            writes its data folder to $PMO_TEST_POSTGRES_STATE (if set)
#   tools/start_test_postgres.sh --stop DIR  stop the server of that data folder and delete the folder
# PostgreSQL refuses to run as root, so as root it runs as the 'postgres' user.
set -euo pipefail

run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
find_bin() { command -v "$1" || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1 || true; }

stop() {
  local data=$1
  case "$data" in /tmp/pmo-pg.*) ;; *) echo "refusing to delete '$data': not a pmo-pg data folder" >&2; return 1 ;; esac
  [ -d "$data" ] || return 0
  local pg_ctl
  pg_ctl=$(find_bin pg_ctl)
  if [ -n "$pg_ctl" ] && [ -f "$data/db/postmaster.pid" ]; then
    run "'$pg_ctl' -D '$data/db' -m fast -w stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
}

if [ "${1:-}" = "--stop" ]; then
  stop "${2:?usage: $0 --stop DATA_DIR}"
  exit 0
fi

# A free port unless one is given: a developer's own server may already hold the usual ones.
port=${1:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
initdb=$(find_bin initdb)
[ -n "$initdb" ] || { echo "no PostgreSQL binaries found (initdb): install Debian's postgresql package" >&2; exit 1; }
bindir=$(dirname "$initdb")
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
fi
data=$(mktemp -d /tmp/pmo-pg.XXXXXX)
trap 'stop "$data"' EXIT  # a half-started server leaves nothing behind
[ "$(id -u)" = 0 ] && chown postgres "$data"
run "'$bindir/initdb' -D '$data/db' -U postgres --auth=trust -E UTF8 >/dev/null"
run "'$bindir/pg_ctl' -D '$data/db' -o \"-h 127.0.0.1 -p $port -k '$data'\" -l '$data/log' -w start >/dev/null"
trap - EXIT
# Whoever started it stops it with --stop and this folder.
[ -z "${PMO_TEST_POSTGRES_STATE:-}" ] || echo "$data" > "$PMO_TEST_POSTGRES_STATE"
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
