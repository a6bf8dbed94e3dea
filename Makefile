# Run `make help` for the list of targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local-only demo credentials: seed_demo creates this account only when asked.
ADMIN_PASSWORD ?= harborlight-demo
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/clinic_cms
PYTEST_ARGS ?=
# e.g. make bench BENCH_ARGS="--duration 10 --connections 16"
BENCH_ARGS ?=
# make loadtest: concurrent visitors and seconds of load; `make test` runs it shorter (LOADTEST_CI_DURATION).
LOADTEST_CLIENTS ?= 50
LOADTEST_DURATION ?= 60
LOADTEST_CI_DURATION ?= 20

DEV_ENV := DJANGO_SETTINGS_MODULE=cms.settings.dev DEBUG=1
# backup and restore: the caller's settings module and variables (DATABASE_URL, MEDIA_ROOT,
# BACKUP_DIR), else the laptop's, as `make run` uses them.
MANAGE_ENV := DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-cms.settings.dev}
# What `make audit` does when PyPI's vulnerability data cannot be fetched: fail, or (the default, as
# this machine cannot reach it) warn loudly and go on; bandit and any vulnerability found still fail.
AUDIT_OFFLINE ?= warn
# pip-audit reads https://pypi.org/pypi/NAME/VERSION/json for each pin; this one answers if any does.
PIP_AUDIT_PROBE := https://pypi.org/pypi/django/$(shell sed -n 's/^Django==//p' requirements.txt)/json
# Vulnerability IDs accepted with a reason in .pip-audit-ignore (the first word of each line).
PIP_AUDIT_IGNORES := $(shell awk 'substr($$1,1,1) != "\043" && NF {print $$1}' .pip-audit-ignore)

.PHONY: help install run test lint audit format check-migrations check-deploy test-sqlite test-postgres loadtest \
	test-browser bench bench-search browser vnu nginx postgres backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $@

install: $(BIN)/.installed ## Create the virtualenv and install the pinned dependencies

run: install ## Migrate, load demo content, collect static files, serve on http://127.0.0.1:8000 with the task worker
	@mkdir -p data
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py seed_demo --admin-password "$(ADMIN_PASSWORD)"
	$(DEV_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "  Harborlight Health:          http://localhost:$(PORT)/   (also http://$(HOST):$(PORT)/)"
	@echo "  Garden State Ketamine Care:  http://nj.localhost:$(PORT)/"
	@echo "  Admin:                       http://$(HOST):$(PORT)/admin/   (log in as admin / $(ADMIN_PASSWORD))"
	@echo "  Site teams, same password:   harborlight-editor, -reviewer, -manager; garden-state-editor, -reviewer, -manager"
	@echo "  The task worker runs beside the server (Procfile); Ctrl-C stops both."
	@echo
	$(DEV_ENV) HOST=$(HOST) PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho --no-colour --procfile Procfile start

test: install lint audit check-migrations check-deploy browser vnu nginx postgres ## The full suite: lint, audit, checks, SQLite and PostgreSQL runs, browser tests, load test
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory loadtest LOADTEST_DURATION=$(LOADTEST_CI_DURATION)

lint: install ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

audit: install ## bandit over the project's code; pip-audit of both requirements files (needs PyPI)
	$(BIN)/bandit -c pyproject.toml -r . --quiet
	@if ! $(BIN)/python -c 'import sys, urllib.request as r; sys.excepthook = lambda *e: print( \
		"pip-audit:", sys.argv[1], "->", e[1], file=sys.stderr); r.urlopen(sys.argv[1], timeout=30)' '$(PIP_AUDIT_PROBE)'; then \
		echo "pip-audit: PyPI's vulnerability data for each pinned version cannot be fetched:" >&2; \
		echo "pip-audit: the dependencies are NOT audited for known vulnerabilities." >&2; \
		[ "$(AUDIT_OFFLINE)" = warn ] && exit 0 || exit 1; \
	fi; \
	echo "$(BIN)/pip-audit --strict -r requirements.txt -r requirements-dev.txt"; \
	$(BIN)/pip-audit --strict --disable-pip --no-deps --progress-spinner off \
		$(addprefix --ignore-vuln ,$(PIP_AUDIT_IGNORES)) -r requirements.txt -r requirements-dev.txt \
		|| { echo "pip-audit failed: for a vulnerability, upgrade the pin or accept its ID in" \
			".pip-audit-ignore with a reason; a pin it could not look up is not audited." >&2; exit 1; }

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: install ## Django's deployment checklist on production settings: zero warnings
	DJANGO_SETTINGS_MODULE=cms.settings.production DEBUG=0 \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

test-sqlite: install nginx ## pytest on SQLite, with the browser and deployment tests
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install postgres ## pytest on PostgreSQL (a throw-away test database)
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -m "not deploy" --create-db $(PYTEST_ARGS)

bench: install postgres ## Site benchmark: gunicorn + wrk on each page (page cache on/off) and Lighthouse, 1,000 articles; the admin's publish
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python benchmarks/site_benchmark.py $(BENCH_ARGS)
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python benchmarks/publish_benchmark.py

loadtest: install postgres ## Load test: 50 visitors for 60 s on gunicorn (pages, search, signups); fails on any 5xx or lost signup
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python benchmarks/load_test.py \
		--clients $(LOADTEST_CLIENTS) --duration $(LOADTEST_DURATION)

bench-search: install postgres ## Search benchmark: 10,000 articles in a throw-away PostgreSQL database, p50/p95/p99
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python benchmarks/search_benchmark.py

test-browser: install browser vnu ## Only the browser tests
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

browser: ## Install Debian's chromium, and Java for the Nu Html Checker, if they are missing
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

# nginx for cms/tests/test_proxy.py, which lints and serves compose's front door (deploy/nginx.conf.template).
nginx: ## Install Debian's nginx-light if nginx is missing
	@PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }

# The Nu Html Checker for tests/browser/test_html_validity.py: the npm package vnu-jar, pinned in
# tests/browser/vnu/package-lock.json (install scripts off: vnu-jar's would download a Java of its own).
VNU_DIR := tests/browser/vnu
VNU_JAR := $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar

vnu: browser $(VNU_JAR) ## Install the Nu Html Checker (vnu.jar) from the npm registry if it is missing or stale

$(VNU_JAR): $(VNU_DIR)/package.json $(VNU_DIR)/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	cd $(VNU_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

postgres: ## Start the local PostgreSQL if it is not answering, and fail loudly if it cannot
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
		echo "PostgreSQL is not answering on 127.0.0.1:5432: the PostgreSQL suite cannot run." >&2; exit 1

backup: install ## Database (pg_dump, or a SQLite copy) and media into a timestamped folder under BACKUP_DIR
	$(MANAGE_ENV) $(BIN)/python manage.py backup

restore: install ## Restore a backup: make restore BACKUP=backups/<timestamp> [FORCE=1 to replace existing data]
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/backup [FORCE=1]" >&2; exit 2; }
	$(MANAGE_ENV) $(BIN)/python manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

clean: ## Remove the virtualenv, collected static files and local data
	rm -rf $(VENV) staticfiles data media .pytest_cache .ruff_cache
