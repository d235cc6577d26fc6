# The verbs people need. `make run` and `make test` do all set-up on a fresh machine that has
# Python 3.11+ and Node.js 20+; run again, they reuse what is there.

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint types migrations-check pytest install assets demo bench clean help

help:
	@echo "make run    set up everything, load the demo partnership, serve on http://$(HOST):$(PORT)"
	@echo "make test   lint, types, migrations check and the whole test suite"
	@echo "make bench  run the benchmarks under bench/"
	@echo "make clean  remove the virtual environment, built assets and the local database"

# --- installation --------------------------------------------------------------------------

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet
	@touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/build/.built: frontend/node_modules/.installed frontend/build.mjs $(wildcard frontend/src/*)
	cd frontend && npm run --silent build
	@touch $@

install: $(VENV)/.synced
assets: frontend/build/.built

# --- the two commands --------------------------------------------------------------------------

# Compiled bytecode is kept under .venv (even where PYTHONDONTWRITEBYTECODE is set, as in many
# containers), so a second start, and the three processes it starts, do not compile every
# module again: that was most of a warm start.
PYCACHE := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache

run: install assets
	@$(PYCACHE) $(MANAGE) serve_demo --host $(HOST) --port $(PORT)

test: lint types migrations-check pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy .

migrations-check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

pytest: install assets
	$(PYCACHE) $(BIN)/pytest -n auto $(PYTEST_ARGS)

# --- the few other verbs -------------------------------------------------------------------

demo: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_demo_data

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(TOOLS) frontend/node_modules frontend/build staticfiles db.sqlite3*
