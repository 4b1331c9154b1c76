#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the awo-store-jdbc tests (and the benchmark) and prints, on stdout, the
# lines a caller evaluates:
#
#   eval "$(awo-store-jdbc/src/test/pg/start-postgres.sh)"   # sets AWO_TEST_PG_URL, AWO_TEST_PG_DATA, AWO_TEST_PG_STOP
#   mvn -o -q -pl awo-store-jdbc -am verify
#   eval "$AWO_TEST_PG_STOP"                               # when done (the cluster lives in a temp dir)
#
# What it does: installs PostgreSQL from Debian's packages when no initdb can be found (needs root
# or sudo), creates a cluster in a new temporary directory owned by a non-root user (PostgreSQL
# refuses to run as root: the 'postgres' user when this runs as root, else the current user),
# starts it on 127.0.0.1 on a free port with password authentication over TCP, and creates the
# role and database 'awo' (password 'awo'). Progress goes to stderr; only export lines go to stdout.
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

find_pg_bin() {
  local dir
  # Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<major>/bin: newest first
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"; return 0
  fi
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

if ! PG_BIN=$(find_pg_bin); then
  log "initdb not found; installing PostgreSQL from the Debian packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  PG_BIN=$(find_pg_bin) || { log "PostgreSQL was installed but initdb is still missing"; exit 1; }
fi
log "using PostgreSQL from $PG_BIN ($("$PG_BIN/postgres" --version))"

if [ "$(id -u)" = 0 ]; then
  RUN_AS=postgres
  id "$RUN_AS" >/dev/null 2>&1 || { log "running as root, but there is no 'postgres' user to run the server as"; exit 1; }
  as_user() { runuser -u "$RUN_AS" -- "$@"; }
else
  RUN_AS=$(id -un)
  as_user() { "$@"; }
fi

DATA=$(mktemp -d "${TMPDIR:-/tmp}/awo-pg.XXXXXX")
chmod 700 "$DATA"
[ "$(id -u)" = 0 ] && chown "$RUN_AS" "$DATA"
PWFILE="$DATA/.superuser-password"
as_user sh -c "echo postgres > '$PWFILE'"

as_user "$PG_BIN/initdb" -D "$DATA/cluster" -U postgres --pwfile="$PWFILE" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$DATA/initdb.log" 2>&1 \
  || { cat "$DATA/initdb.log" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  PORT=$(( 20000 + (RANDOM % 20000) ))
  port_in_use "$PORT" && continue
  if as_user "$PG_BIN/pg_ctl" -D "$DATA/cluster" -l "$DATA/server.log" -w -t 60 start \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c fsync=off -c synchronous_commit=off -c max_connections=200" >&2; then
    started=yes; break
  fi
  log "could not start on port $PORT (attempt $attempt); trying another"
done
[ -n "$started" ] || { cat "$DATA/server.log" >&2; exit 1; }

as_user "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DATA" -p "$PORT" -U postgres -d postgres >&2 <<SQL
CREATE ROLE awo LOGIN PASSWORD 'awo';
CREATE DATABASE awo OWNER awo;
SQL

STOP="$PG_BIN/pg_ctl -D $DATA/cluster stop -m fast"
[ "$(id -u)" = 0 ] && STOP="runuser -u $RUN_AS -- $STOP"
log "PostgreSQL is up on 127.0.0.1:$PORT (data in $DATA; stop with: $STOP)"
echo "export AWO_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$PORT/awo?user=awo&password=awo'"
echo "export AWO_TEST_PG_DATA='$DATA/cluster'"
echo "export AWO_TEST_PG_STOP='$STOP'"
