#!/usr/bin/env bash
# Benchmark the unit-tree queries on a national-scale dataset in PostgreSQL (see bench/README.md).
# Starts a throw-away PostgreSQL, (re)uses the database danvan_bench, migrates it, generates the
# data unless a complete dataset with the same parameters is already there, runs the benchmarks,
# writes and prints bench/results.json, and stops PostgreSQL on exit.
#
#   scripts/bench.sh                 # or: make bench
#   BENCH_FRESH=1 scripts/bench.sh   # drop danvan_bench first and generate from scratch
#   BENCH_RUNS=500 scripts/bench.sh  # timed runs per side (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-uv.sh
export PATH="$HOME/.local/bin:$PATH"

# A cluster of its own rather than the test suite's (54329): stopping it at the end cannot cut
# off a concurrent `make test`, a test run cannot stop it in the middle of a benchmark, and its
# data directory survives between runs, so the generated dataset is reused.
export PGPORT="${BENCH_PGPORT:-54339}"
server_url=$(scripts/pg.sh start)
trap 'scripts/pg.sh stop' EXIT
server_url="${server_url%/*}"
admin() { psql "$server_url/postgres" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

if [ "${BENCH_FRESH:-0}" = "1" ]; then
  admin "DROP DATABASE IF EXISTS danvan_bench"
fi
if [ "$(admin "SELECT 1 FROM pg_database WHERE datname = 'danvan_bench'")" != "1" ]; then
  admin "CREATE DATABASE danvan_bench"
fi

# Production-like settings: DEBUG off, so no cursor wrapper records the queries.
export DATABASE_URL="$server_url/danvan_bench"
export DJANGO_SETTINGS_MODULE=danvan.settings
export DEBUG=false
export SECRET_KEY="${SECRET_KEY:-bench-only-not-a-secret}"

echo "==> migrate danvan_bench" >&2
uv run python manage.py migrate --noinput -v 0
echo "==> generate the national tree (skipped when already complete)" >&2
uv run python -m bench.generate
echo "==> run the benchmarks" >&2
uv run python -m bench.run --runs "${BENCH_RUNS:-200}" >/dev/null
echo "==> Dân vận khéo registry: 1,000,000 records (generated once), list and search" >&2
uv run python -m bench.initiatives --runs "${BENCH_RUNS:-200}" >/dev/null
echo "==> Dân vận khéo registry: a 10,000-row Excel import" >&2
uv run python -m bench.initiatives_import >/dev/null
echo "==> reports: monthly reports of every organization (generated once), roll-ups and the province document" >&2
uv run python -m bench.reports --runs "${BENCH_RUNS:-200}" >/dev/null
cat bench/results.json
