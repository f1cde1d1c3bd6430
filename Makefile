# PeaceOps: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
XDIST ?= -n 2
#: The port `make demo` serves on (http://127.0.0.1:$(PORT)): `make demo PORT=8080`.
PORT ?= 8000

.PHONY: demo venv install install-test migrate test test-sqlite test-postgres lint bench durability forecast-reports clean

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

## demo: create the venv, install, migrate, load the demo missions and serve on http://127.0.0.1:$(PORT) (default
## 8000; `make demo PORT=8080` for another), with the background worker (`peaceops worker`) beside the web server;
## Ctrl-C stops both
demo: migrate
	$(BIN)/peaceops demo --addr 127.0.0.1:$(PORT)

## test: the layers' import contracts, then the whole suite on SQLite, then on PostgreSQL ($(PG_URL))
test: install-test
	$(MAKE) --no-print-directory test-layers
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

## test-layers: the import-linter contracts of pyproject.toml (docs/developers/architecture.md): fails on a break
test-layers: install-test
	@echo "== layers (import-linter)"
	$(BIN)/lint-imports --no-cache

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

## bench: every benchmark in bench/, or those named: make bench BENCH="triage_queue alert_intake"
bench: install-test
	$(PY) bench/run_all.py $(BENCH)

## durability: kill -9 the web server during a burst of webhook posts and the worker while it sends; checks that
## every alert answered 2xx is stored and every SMS delivered once (docs/operators/durability.md; about a minute)
durability: install-test
	$(PY) bench/durability_intake.py

## forecast-reports: regenerate the committed evaluation reports in docs/forecasting/reports (about 2 minutes)
REPORTS := docs/forecasting/reports
GED := tests/fixtures/ucdp
CAF1 := peaceops/demo/data/boundaries/cgaz_CAF_ADM1.geojson
forecast-reports: install
	$(BIN)/peaceops forecast evaluate --source $(GED)/ged231_car_1991_2020.csv.gz --level adm1 --scored-months 24 --title "CAR adm1, last 24 months" -o $(REPORTS)/car-adm1
	$(BIN)/peaceops forecast evaluate --source $(GED)/ged231_car_1991_2020.csv.gz --level adm2 --scored-months 24 --title "CAR adm2, last 24 months" -o $(REPORTS)/car-adm2
	$(BIN)/peaceops forecast evaluate --source $(GED)/ged231_car_1991_2020.csv.gz --level priogrid --boundary $(CAF1) --scored-months 24 --title "CAR PRIO-GRID, last 24 months" -o $(REPORTS)/car-priogrid
	$(BIN)/peaceops forecast evaluate --source $(GED)/ged231_car_1991_2020.csv.gz --level h3 --target incidents --boundary $(CAF1) --scored-months 24 --title "CAR H3 (resolution 4) incident counts" -o $(REPORTS)/car-h3-incidents
	$(BIN)/peaceops forecast evaluate --source $(GED)/ged_syria_2016_2018.csv.gz --level priogrid --scored-months 12 --title "Syria PRIO-GRID, last 12 months" -o $(REPORTS)/syria-priogrid

clean:
	rm -rf $(VENV) var/peaceops.sqlite3* test-output
