#!/usr/bin/env bash
# Start a throw-away PostgreSQL (Debian package) on 127.0.0.1:$PGPORT and print its DATABASE_URL.
# Usage: scripts/pg.sh start | stop
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGROOT="${PGROOT:-/tmp/danvan-pg-$PGPORT}"
cmd="${1:-start}"

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "PostgreSQL binaries not found" >&2; exit 1; }
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "$cmd" = "stop" ]; then
  [ -d "$PGROOT/data" ] && as_owner "$(bindir)/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

"$(dirname "$0")/apt-install.sh" postgresql postgresql-contrib
BIN=$(bindir)
if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
  rm -rf "$PGROOT"
  mkdir -p "$PGROOT"
  [ "$(id -u)" = "0" ] && chown postgres "$PGROOT"
  as_owner "$BIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_owner "$BIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$PGROOT/data" -w -l "$PGROOT/log" \
    -o "-p $PGPORT -k $PGROOT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/danvan"
