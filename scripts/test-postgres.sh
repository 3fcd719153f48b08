#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the store and server tests (Debian's postgresql
# package; run as root, the server runs as the postgres user) and prints the variable the tests read:
#   eval "$(bash scripts/test-postgres.sh start)"   ...   bash scripts/test-postgres.sh stop
set -euo pipefail
dir="${PLUMBLINE_PG_DIR:-/tmp/plumbline-test-pg}"
port="${PLUMBLINE_PG_PORT:-54329}"
password="plumbline-test"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ]; then
  echo "test-postgres: no PostgreSQL server installed (apt-get install -y postgresql)" >&2
  exit 1
fi
as_pg() { runuser -u postgres -- "$@"; }

case "${1:-start}" in
  start)
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      rm -rf "$dir"
      mkdir -p "$dir"
      chown postgres:postgres "$dir"
      as_pg "$bin/initdb" -D "$dir/data" --auth-local=peer --auth-host=scram-sha-256 -U postgres >/dev/null
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
    fi
    as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA >/dev/null <<SQL
SELECT 'CREATE ROLE plumbline LOGIN PASSWORD ''$password'''
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plumbline') \gexec
SELECT 'CREATE DATABASE plumbline_test OWNER plumbline'
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'plumbline_test') \gexec
SQL
    echo "export PLUMBLINE_TEST_DATABASE_URL=postgres://plumbline:$password@127.0.0.1:$port/plumbline_test"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: test-postgres.sh start|stop" >&2
    exit 2
    ;;
esac
