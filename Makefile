# danvan developer commands. `make demo` and `make test` are the two a newcomer needs.
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
UV := uv run
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo setup run worker test fmt bench check-deploy

setup:
	@scripts/ensure-uv.sh
	uv sync --frozen --quiet

# The demo runs as users will see it: DEBUG off, so errors and "not found" get the app's own
# Vietnamese pages; static files are collected and served by WhiteNoise. It is served over plain
# HTTP on this machine, so the HTTPS hardening of production is off. `make run` keeps DEBUG on.
demo: export DEBUG := false
demo: export SECRET_KEY_FILE := .demo-secret-key
demo: export ALLOWED_HOSTS := $(HOST),127.0.0.1,localhost
demo: export SITE_URL := http://$(HOST):$(PORT)
demo: export SECURE_SSL_REDIRECT := false
demo: export SESSION_COOKIE_SECURE := false
demo: export CSRF_COOKIE_SECURE := false
demo: export SECURE_HSTS_SECONDS := 0
demo: setup
	@test -s .demo-secret-key || $(UV) python -c "import secrets; print(secrets.token_urlsafe(50))" > .demo-secret-key
	$(UV) python manage.py migrate --noinput
	$(UV) python manage.py collectstatic --noinput --verbosity 0
	$(UV) python manage.py load_units --legacy
	$(UV) python manage.py demo
	$(UV) python manage.py fail_stale_jobs
	@echo "==> danvan at http://$(HOST):$(PORT)/ (Ctrl+C to stop; the background worker stops with it)"
	@trap 'kill 0' EXIT; $(UV) python manage.py db_worker & $(UV) python manage.py runserver $(HOST):$(PORT)

run: setup
	$(UV) python manage.py runserver $(HOST):$(PORT)

worker: setup
	$(UV) python manage.py fail_stale_jobs
	$(UV) python manage.py db_worker

test:
	scripts/test.sh

fmt: setup
	$(UV) ruff format .
	$(UV) ruff check --fix .

bench: setup
	scripts/bench.sh
