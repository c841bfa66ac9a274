# Everyday tasks. Each one creates .venv (Python 3.11) if it is missing and installs the project
# into it, again only when pyproject.toml has changed since the last install.
#
#   make run            create or update the database, add demo accounts to a new one, serve on
#                       http://127.0.0.1:5000
#   make test           ruff lint and format check, then the whole test suite; the browser tests
#                       run when Chromium is installed (apt-get install chromium)
#   make test-postgres  the test suite on PostgreSQL (TEST_DATABASE_URL, default below)
#   make lint           ruff lint and format check only
#   make format         reformat the code and apply ruff's safe fixes

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app ctdppeia
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
INSTANCE := $(or $(CTDPPEIA_INSTANCE_PATH),instance)
CHROMIUM := $(shell test -x /usr/bin/chromium && echo /usr/bin/chromium || command -v chromium 2>/dev/null)
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: install run test test-postgres lint format

install: $(STAMP)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: install python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than 3.11: install python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Brings the database schema up to date with the migrations, then adds the demo data to a new one.
run: $(STAMP)
	@new=; [ -n "$$CTDPPEIA_DATABASE_URL" ] || [ -e "$(INSTANCE)/ctdppeia.sqlite3" ] || new=1; \
	$(FLASK) db upgrade || exit 1; \
	if [ -n "$$new" ] || [ -n "$$CTDPPEIA_DATABASE_URL" ]; then $(FLASK) seed-demo || exit 1; fi
	$(FLASK) run --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	@if [ -n "$(CHROMIUM)" ]; then \
		echo "Browser tests use $(CHROMIUM)"; \
		echo "$(BIN)/pytest $(PYTEST_ARGS)"; \
		$(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "Chromium not found: skipping browser tests (apt-get install chromium)"; \
		echo "$(BIN)/pytest -m 'not e2e' $(PYTEST_ARGS)"; \
		$(BIN)/pytest -m 'not e2e' $(PYTEST_ARGS); \
	fi

# The browser tests serve the app on its own SQLite database, so they are not repeated here.
test-postgres: $(STAMP)
	@echo "Running the test suite on $(TEST_DATABASE_URL) (browser tests already ran on SQLite)"
	TEST_DATABASE_URL='$(TEST_DATABASE_URL)' $(BIN)/pytest -m 'not e2e' $(PYTEST_ARGS)
