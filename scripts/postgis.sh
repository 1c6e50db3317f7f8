#!/usr/bin/env bash
# postgis.sh: a throwaway PostgreSQL + PostGIS server on loopback for the
# tests of data/postgis. Nothing here touches the machine's own clusters.
#
#   scripts/postgis.sh with CMD ARGS...   install what is missing, start a
#                                         server, run CMD with CAMPMAP_TEST_PG
#                                         (URL), CAMPMAP_TEST_PG_DIR and
#                                         CAMPMAP_TEST_PG_CTL set, then stop
#                                         the server and delete its files
#                                         (also when CMD fails); exits with
#                                         CMD's status.
#   scripts/postgis.sh pause DIR          stop the server of DIR, keep its data
#   scripts/postgis.sh resume DIR         start it again on the same port
#
# The server runs as the `postgres` OS user when this script runs as root
# (PostgreSQL refuses to run as root), else as the calling user. Its data
# and socket live in a temporary directory; it listens on 127.0.0.1 only, on
# a free port, with password authentication for the role `campmap`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
PGVER=15
PGBIN="/usr/lib/postgresql/$PGVER/bin"
PACKAGES=(postgresql "postgresql-$PGVER" "postgresql-$PGVER-postgis-3")

# as_owner CMD...: run CMD as the server's OS user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_packages() {
  "$here/apt-ensure.sh" "${PACKAGES[@]}"
  [ -x "$PGBIN/pg_ctl" ] || { echo "postgis.sh: $PGBIN/pg_ctl missing after install" >&2; exit 1; }
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

server_start() { # DIR
  local dir=$1 port
  port=$(cat "$dir/port")
  as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
}

server_stop() { # DIR
  as_owner "$PGBIN/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null
}

cmd_with() {
  [ $# -gt 0 ] || { echo "usage: postgis.sh with CMD ARGS..." >&2; exit 2; }
  ensure_packages
  local dir pw port tries=0
  dir=$(mktemp -d /tmp/campmap-pg.XXXXXX)
  chmod 755 "$dir"
  mkdir -p "$dir/sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
  cleanup() {
    if [ -f "$dir/data/postmaster.pid" ]; then server_stop "$dir" || true; fi
    rm -rf "$dir"
  }
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  pw=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$pw" >"$dir/pw"
  [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pw"
  as_owner "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  while :; do
    port=$((20000 + RANDOM % 30000))
    if port_free "$port"; then
      echo "$port" >"$dir/port"
      [ "$(id -u)" -eq 0 ] && chown postgres "$dir/port"
      server_start "$dir" && break
    fi
    tries=$((tries + 1))
    if [ $tries -ge 8 ]; then
      echo "postgis.sh: could not start PostgreSQL:" >&2
      cat "$dir/server.log" >&2 || true
      exit 1
    fi
  done
  # Local socket connections are trusted (the socket lives in $dir); TCP
  # ones need the password, as in production.
  as_owner "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/sock" -p "$port" -U postgres -d postgres >/dev/null <<SQL
CREATE ROLE campmap LOGIN CREATEDB PASSWORD '$pw';
CREATE DATABASE campmap_test OWNER campmap;
\c campmap_test
CREATE EXTENSION postgis;
SQL
  export CAMPMAP_TEST_PG="postgres://campmap:$pw@127.0.0.1:$port/campmap_test?sslmode=disable"
  export CAMPMAP_TEST_PG_DIR="$dir"
  export CAMPMAP_TEST_PG_CTL="$here/postgis.sh"
  echo "postgis.sh: PostgreSQL $PGVER + PostGIS on 127.0.0.1:$port ($dir)"
  local rc=0
  "$@" || rc=$?
  exit $rc
}

case "${1:-}" in
with) shift; cmd_with "$@" ;;
pause) server_stop "${2:?usage: postgis.sh pause DIR}" ;;
resume) server_start "${2:?usage: postgis.sh resume DIR}" ;;
*) echo "usage: postgis.sh with CMD... | pause DIR | resume DIR" >&2; exit 2 ;;
esac
