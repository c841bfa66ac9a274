# Everyday tasks. Each one creates .venv (Python 3.11) if it is missing and installs the project
# into it with the exact versions and hashes of requirements.lock, again only when
# pyproject.toml or requirements.lock has changed since the last install.
#
#   make run            in development mode: create or update the database, add demo accounts when
#                       it is the default SQLite file of a new checkout, serve on
#                       http://127.0.0.1:5000 (a database named by CTDPPEIA_DATABASE_URL or in
#                       instance/config.py is never given demo accounts by make run)
#   make serve          in production: bring the database up to date (flask db upgrade, under a
#                       lock, so that several hosts may start at once), then serve with gunicorn
#                       and gunicorn.conf.py (GUNICORN_BIND, default 127.0.0.1:8000); the settings
#                       come from the environment (docs/deployment.md)
#   make demo           update the database and add the demo accounts and samples to it, whichever
#                       database is configured
#   make test           lint (ruff, bandit, mypy), then the whole test suite: the tests that start no
#                       server on every core (pytest-xdist; PYTEST_WORKERS=1 for one process),
#                       then the fault tests and the browser tests one at a time; the browser
#                       tests run when Chromium is installed (apt-get install chromium)
#   make test-postgres  the test suite on PostgreSQL (TEST_DATABASE_URL, default below; each
#                       worker uses databases named after it, see tests/databases.py)
#   make lint           ruff lint and format check, bandit (security checks on ctdppeia/), mypy
#                       (type checks on ctdppeia/, strict on the questionnaires, the statistics,
#                       the PDFs, the audit chain and the keys: [tool.mypy] in pyproject.toml)
#   make audit          pip-audit: known vulnerabilities in the installed packages (skipped with a
#                       message when its vulnerability service does not answer)
#   make format         reformat the code and apply ruff's safe fixes
#   make lock           requirements.lock (exact versions with hashes) and constraints.txt (the
#                       same versions, without hashes) from pyproject.toml's bounds, keeping the
#                       versions already locked where the bounds still allow them
#   make lock-upgrade   the same with the newest versions the bounds allow (then run the tests)

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
PYTEST_WORKERS ?= auto
LOCK := requirements.lock
# pytest's status 5 means "no test was selected" (PYTEST_ARGS chose none of that group).
PYTEST_OK := || [ $$? -eq 5 ]

PIP_AUDIT_TIMEOUT ?= 20
OIDC_PROVIDER := tests/sso/provider/node_modules/.package-lock.json

.PHONY: install run serve demo test test-postgres lint audit format lock lock-upgrade

install: $(STAMP)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: install python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than 3.11: install python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Every package from the lock, each checked against its hash; then the project itself, built
# with the setuptools the lock installed. pip check finds a dependency that pyproject.toml names
# and the lock lacks.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
		echo "$(LOCK) does not hold what pyproject.toml asks for: run make lock"; exit 1; }
	touch $(STAMP)

# Brings the database schema up to date with the migrations and the open reviews' stored flags
# up to date with the rules (reviews refresh-flags); adds the demo data only to the
# default SQLite database of a new checkout (seed-demo --if-new-default decides).
run: $(STAMP) $(INSTANCE)/config.py
	$(DEV_FLASK) db upgrade
	$(DEV_FLASK) reviews refresh-flags
	$(DEV_FLASK) seed-demo --if-new-default
	$(DEV_FLASK) run --host 127.0.0.1 --port 5000

# Production on this host: the schema brought up to date under the migrations' lock, then
# gunicorn with the shipped settings in the foreground (for systemd or a container).
serve: $(STAMP)
	$(FLASK) db upgrade
	exec $(BIN)/gunicorn --config gunicorn.conf.py

# The demo accounts and samples, on purpose, in whichever database is configured.
demo: $(STAMP) $(INSTANCE)/config.py
	$(DEV_FLASK) db upgrade
	$(DEV_FLASK) reviews refresh-flags
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
	$(BIN)/mypy

# Known vulnerabilities in the installed packages; skipped with a message when the vulnerability
# service cannot be reached.
audit: $(STAMP)
	$(BIN)/python .ci/pip_audit.py $(PIP_AUDIT_TIMEOUT)

# The lock, from pyproject.toml's bounds (the dev extra and what builds the project included),
# for Python 3.11; constraints.txt is the same list without hashes, for pip install -c.
PIP_COMPILE := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev \
	--build-deps-for editable --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	@$(MAKE) --no-print-directory constraints.txt

lock-upgrade: $(STAMP)
	$(PIP_COMPILE) --upgrade --output-file $(LOCK) pyproject.toml
	@$(MAKE) --no-print-directory constraints.txt

constraints.txt: $(LOCK)
	@{ echo "# The versions of $(LOCK), without hashes. Made by make lock: do not edit."; \
	  sed -n 's/^\([A-Za-z0-9._-]*==[^ ]*\).*/\1/p' $(LOCK); } > $@
	@echo "$(LOCK) and $@: $$(grep -vc '^#' $@) packages"

# The OpenID Connect provider the sign-in tests start (Node.js, from the npm registry, at the
# versions of its package-lock.json). Without npm the sign-in tests say so and are skipped.
$(OIDC_PROVIDER): tests/sso/provider/package-lock.json
	@if command -v npm >/dev/null; then \
		cd tests/sso/provider && npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm not found: the single sign-on tests will be skipped (apt-get install nodejs npm)"; \
	fi

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The tests that start no server, on every core; then the fault tests (real servers, killed
# on purpose) and the browser tests, one at a time, so that their servers have the machine;
# those two from their own folders, without collecting the whole suite to pick them out
# (tests/test_markers.py keeps every such test in its folder).
test: lint $(OIDC_PROVIDER)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m 'not e2e and not faults' $(PYTEST_ARGS) $(PYTEST_OK)
	$(BIN)/pytest -m faults $(or $(PYTEST_ARGS),tests/faults) $(PYTEST_OK)
	@if [ -n "$(CHROMIUM)" ]; then \
		echo "Browser tests use $(CHROMIUM)"; \
		echo "$(BIN)/pytest -m e2e $(or $(PYTEST_ARGS),tests/e2e)"; \
		$(BIN)/pytest -m e2e $(or $(PYTEST_ARGS),tests/e2e) $(PYTEST_OK); \
	else \
		echo "Chromium not found: skipping browser tests (apt-get install chromium)"; \
	fi

# The browser tests serve the app on its own SQLite database, so they are not repeated here.
test-postgres: $(STAMP) $(OIDC_PROVIDER)
	@echo "Running the test suite on $(TEST_DATABASE_URL) (browser tests already ran on SQLite)"
	TEST_DATABASE_URL='$(TEST_DATABASE_URL)' \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -m 'not e2e and not faults' $(PYTEST_ARGS) $(PYTEST_OK)
	TEST_DATABASE_URL='$(TEST_DATABASE_URL)' $(BIN)/pytest -m faults $(or $(PYTEST_ARGS),tests/faults) $(PYTEST_OK)
