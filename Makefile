# The README's two commands: `make run` and `make test`.
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV ?= .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1

.PHONY: run test lint format migrate demo clean bench bench-live bench-import audit

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Newsroom needs Python 3.11 or newer; none was found."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

migrate: $(VENV)/.installed
	$(DEV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV) $(BIN)/python manage.py load_demo

## Set up everything and serve the demo site on http://127.0.0.1:8000 (Django's runserver, SQLite).
run: demo
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

## Install the test dependencies and run the whole suite.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Lighthouse and the Nu Html Checker on the production settings (npm, Java 17, Chromium).
audit: $(VENV)/.installed
	PYTHON=$(BIN)/python scripts/audit.sh

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .demo-admin-password

## Load-test the reader pages under gunicorn with production settings (needs wrk);
## BENCH_ARGS="--parts pages,storm" runs a subset (pages, storm, proxy, weight, comments, memory).
bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

## 1,000 readers polling a live story every 30 s while an update is posted every 20 s:
## the origin's CPU must stay under 5% of one core (also the `live` part of make bench).
bench-live: $(VENV)/.installed
	$(BIN)/python scripts/bench_live.py $(BENCH_LIVE_ARGS)

## Import a generated 10,000-post WordPress export; prints time and peak memory.
bench-import: $(VENV)/.installed
	$(BIN)/python scripts/import_bench.py $(BENCH_ARGS)
