# PeaceOps: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
XDIST ?= -n 2

.PHONY: demo venv install install-test migrate test test-sqlite test-postgres lint bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/peaceops migrate --no-input

## demo: create the venv, install, migrate, load the demo missions and serve on http://127.0.0.1:8000
demo: migrate
	$(BIN)/peaceops demo

## test: the whole suite on SQLite, then on PostgreSQL ($(PG_URL))
test: install-test
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Browser tests run in their own pytest process: Playwright's sync API keeps an event loop in the main thread,
# which must not leak into the other tests (Django refuses sync ORM calls inside a running loop).
test-sqlite: install-test
	@echo "== tests on SQLite"
	PEACEOPS_DATABASE_URL= ./scripts/pytest-run $(XDIST) --ignore=tests/browser $(PYTEST_ARGS)
	@echo "== browser tests on SQLite (headless Chromium)"
	PEACEOPS_DATABASE_URL= ./scripts/pytest-run tests/browser $(PYTEST_ARGS)

test-postgres: install-test
	@echo "== tests on PostgreSQL ($(PG_URL))"
	PEACEOPS_DATABASE_URL=$(PG_URL) ./scripts/pytest-run $(XDIST) --ignore=tests/browser $(PYTEST_ARGS)
	@echo "== browser tests on PostgreSQL (headless Chromium)"
	PEACEOPS_DATABASE_URL=$(PG_URL) ./scripts/pytest-run tests/browser $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

bench: install-test
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var/peaceops.sqlite3* test-output
