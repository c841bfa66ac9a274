# Everyday tasks. Each one creates .venv (Python 3.11) if it is missing and installs the project
# into it with the versions pinned in constraints.txt, again only when pyproject.toml or
# constraints.txt has changed since the last install.
#
#   make run            in development mode: create or update the database, add demo accounts when
#                       it is the default SQLite file of a new checkout, serve on
#                       http://127.0.0.1:5000 (a database named by CTDPPEIA_DATABASE_URL or in
#                       instance/config.py is never given demo accounts by make run)
#   make demo           update the database and add the demo accounts and samples to it, whichever
#                       database is configured
#   make test           lint (ruff, bandit), then the whole test suite; the browser tests run
#                       when Chromium is installed (apt-get install chromium)
#   make test-postgres  the test suite on PostgreSQL (TEST_DATABASE_URL, default below)
#   make lint           ruff lint and format check, bandit (security checks on ctdppeia/)
#   make audit          pip-audit: known vulnerabilities in the installed packages (skipped with a
#                       message when its vulnerability service does not answer)
#   make format         reformat the code and apply ruff's safe fixes
#   make constraints    refresh constraints.txt from what is installed in .venv (after an upgrade
#                       that passes the tests)

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app ctdppeia
# run and demo are for a development machine unless CTDPPEIA_ENV says otherwise.
DEV_FLASK := CTDPPEIA_ENV="$${CTDPPEIA_ENV:-development}" $(FLASK)
INSTANCE := $(or $(CTDPPEIA_INSTANCE_PATH),instance)
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
CHROMIUM := $(shell test -x /usr/bin/chromium && echo /usr/bin/chromium || command -v chromium 2>/dev/null)
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

PIP_AUDIT_TIMEOUT ?= 20

.PHONY: install run demo test test-postgres lint audit format constraints

install: $(STAMP)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: install python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than 3.11: install python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Brings the database schema up to date with the migrations; adds the demo data only to the
# default SQLite database of a new checkout (seed-demo --if-new-default decides).
run: $(STAMP) $(INSTANCE)/config.py
	$(DEV_FLASK) db upgrade
	$(DEV_FLASK) seed-demo --if-new-default
	$(DEV_FLASK) run --host 127.0.0.1 --port 5000

# The demo accounts and samples, on purpose, in whichever database is configured.
demo: $(STAMP) $(INSTANCE)/config.py
	$(DEV_FLASK) db upgrade
	$(DEV_FLASK) seed-demo

# A checkout where make run or make demo ran is a development machine: say so once in the
# instance folder, so every shell command there (flask --app ctdppeia ...) works without
# exporting CTDPPEIA_ENV. Never overwrites an existing file.
$(INSTANCE)/config.py:
	@mkdir -p $(INSTANCE)
	@printf '%s\n' '# Settings for this checkout only (never in the repository): see the README.' \
		'ENV = "development"' > $@
	@echo "Wrote $@ (ENV = \"development\")"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive ctdppeia

# Known vulnerabilities in the installed packages; skipped with a message when the vulnerability
# service cannot be reached.
audit: $(STAMP)
	$(BIN)/python .ci/pip_audit.py $(PIP_AUDIT_TIMEOUT)

# Pins every installed package (the project itself aside) at the version now in .venv.
constraints: $(STAMP)
	@{ echo "# Versions the tests passed with. Refresh: make constraints (after they pass)."; \
	  $(BIN)/python -m pip freeze --exclude-editable --exclude ctdppeia; } > constraints.txt
	@echo "constraints.txt: $$(grep -vc '^#' constraints.txt) packages pinned"

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
