#!/usr/bin/env bash
# Run a command with a throw-away PostgreSQL server on loopback; exports THIDUA_TEST_PG_URL.
# Uses port $THIDUA_TEST_PG_PORT (default 54329), or the next free one when it is taken.
# Settings suit a throw-away test/bench server on a small machine (2 cores, a few GB of RAM): no
# durability (fsync, synchronous_commit and full-page writes off), 1 GB of shared buffers so a 50k
# document search index (about 770 MB with its tsvectors) stays cached, and larger WAL segments so
# bulk loads do not checkpoint often.
# A real deployment is tuned by its administrator; search assumes only the default planner settings.
set -euo pipefail
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$PG_BIN" ]; then
  echo "PostgreSQL server binaries not found (run scripts/install-system-deps.sh)" >&2
  exit 1
fi
FIRST_PORT=${THIDUA_TEST_PG_PORT:-54329}
DATA=$(mktemp -d /tmp/thidua-pg.XXXXXX)
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$DATA"
  RUN_AS=(runuser -u postgres --)
fi
cleanup() { "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/db" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DATA"; }
trap cleanup EXIT
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA/db" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
SETTINGS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB"
SETTINGS+=" -c work_mem=16MB -c maintenance_work_mem=128MB -c max_wal_size=2GB -c effective_cache_size=4GB"
PORT=""
for candidate in $(seq "$FIRST_PORT" $((FIRST_PORT + 20))); do
  # Another test run may hold the port: then the server fails to bind and we try the next one.
  if "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA/db" -l "$DATA/log" -w -t 30 \
      -o "-p $candidate -k $DATA -c listen_addresses=127.0.0.1 $SETTINGS" start >/dev/null 2>&1; then
    PORT=$candidate
    break
  fi
done
if [ -z "$PORT" ]; then
  echo "could not start PostgreSQL on ports $FIRST_PORT-$((FIRST_PORT + 20)); server log:" >&2
  cat "$DATA/log" >&2 || true
  exit 1
fi
"${RUN_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres thidua_test
export THIDUA_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/thidua_test"
"$@"
