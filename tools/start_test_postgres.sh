#!/usr/bin/env bash
# Start a throw-away PostgreSQL on 127.0.0.1 for the store tests; prints the admin URL to use as
# PMO_TEST_POSTGRES_URL. PostgreSQL refuses to run as root, so it runs as the 'postgres' user.
set -euo pipefail
# A free port unless one is given: a developer's own server may already hold the usual ones.
port=${1:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
initdb=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1 || true)
[ -n "$initdb" ] || { echo "no PostgreSQL binaries found" >&2; exit 1; }
bindir=$(dirname "$initdb")
user=postgres
id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
data=$(mktemp -d /tmp/pmo-pg.XXXXXX)
chown "$user" "$data"
run() { if [ "$(id -u)" = 0 ]; then su "$user" -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
run "'$bindir/initdb' -D '$data/db' -U postgres --auth=trust -E UTF8 >/dev/null"
run "'$bindir/pg_ctl' -D '$data/db' -o \"-h 127.0.0.1 -p $port -k '$data'\" -l '$data/log' -w start >/dev/null"
# How to stop it, for whoever started it (run as the same user as the server).
echo "'$bindir/pg_ctl' -D '$data/db' -m fast stop" > "${PMO_TEST_POSTGRES_PIDFILE:-/dev/null}"
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
