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

demo: setup
	$(UV) python manage.py migrate --noinput
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
