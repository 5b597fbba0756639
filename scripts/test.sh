#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, migrations check, tests on SQLite (with the browser
# tests in Debian's Chromium), then the tests again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-uv.sh
export PATH="$HOME/.local/bin:$PATH"
uv sync --frozen --quiet
# LibreOffice and poppler: the report document is converted to PDF and read back in a test.
scripts/apt-install.sh chromium fonts-liberation2 libreoffice-writer-nogui poppler-utils

echo "==> ruff"
uv run ruff format --check .
uv run ruff check .

echo "==> migrations are up to date"
DJANGO_SETTINGS_MODULE=danvan.settings_test uv run python manage.py makemigrations --check --dry-run >/dev/null

echo "==> OpenAPI schema is valid"
DJANGO_SETTINGS_MODULE=danvan.settings_test uv run python manage.py spectacular --validate --fail-on-warn --file /dev/null

echo "==> tests on SQLite (including browser tests)"
uv run pytest -q "$@"

echo "==> tests on PostgreSQL"
DATABASE_URL=$(scripts/pg.sh start)
trap 'scripts/pg.sh stop' EXIT
DATABASE_URL="$DATABASE_URL" uv run pytest -q -m "not browser" "$@"
