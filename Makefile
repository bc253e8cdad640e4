SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
DEVSTACK := $(PY) -m devstack
PYTEST_ARGS ?=
# Test processes in parallel (pytest-xdist; a module's tests stay in one process); 0 runs them in this one.
TEST_PROCESSES ?= 2

# Shared libraries WeasyPrint loads at run time, and the Debian packages that ship them.
WEASYPRINT_LIBS := libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0
WEASYPRINT_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
FONTS_DIR := /usr/share/fonts/truetype/dejavu
CHROMIUM := /usr/bin/chromium

# $(call apt_install,WHAT,PACKAGES): install as root, otherwise say what to run.
define apt_install
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing $(1) from Debian: $(2)"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(2); \
	else \
		echo "WARNING: $(1) missing; run: sudo apt-get install $(2)" >&2; \
	fi
endef

.PHONY: help venv system-libs run test chromium lint audit bench wrk backup restore clean-var

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

venv: system-libs $(VENV)/.installed ## create .venv and install requirements-dev.txt

system-libs:
	@for lib in $(WEASYPRINT_LIBS); do /sbin/ldconfig -p | grep -q "$$lib" || missing=1; done; \
	[ -d $(FONTS_DIR) ] || missing=1; \
	if [ -n "$$missing" ]; then $(call apt_install,WeasyPrint libraries,$(WEASYPRINT_DEBS)); fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -r requirements-dev.txt
	touch $@

run: venv ## dev server, Celery worker and beat on embedded PostgreSQL/Redis
	$(DEVSTACK) run

# Bytecode kept in var/pycache even where PYTHONDONTWRITEBYTECODE is set: otherwise every test process, and every
# manage.py or worker process a test starts, compiles the project again and pytest rewrites the asserts of every
# test module again (collection 139 s → 39 s per process, measured on a loaded machine).
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/var/pycache

test: venv chromium ## pytest against embedded PostgreSQL/Redis (PYTEST_ARGS=...)
	$(DEVSTACK) exec -- $(TEST_ENV) $(PY) -m pytest --ds=clinic.settings.test -n $(TEST_PROCESSES) --dist loadfile $(PYTEST_ARGS)

backup: venv ## one archive of the database and stored files into the backups storage (var/backups)
	$(DEVSTACK) exec -- $(PY) manage.py backup

# FORCE=1 drops what is in the database and file store first.
restore: venv ## restore FILE=… (a path or an archive name) into an empty database and file store; FORCE=1
	@[ -n "$(FILE)" ] || { echo "usage: make restore FILE=var/backups/clinic-backup-….tar [FORCE=1]" >&2; exit 2; }
	$(DEVSTACK) exec -- $(PY) manage.py restore "$(FILE)" $(if $(FORCE),--force)

# The browser tests drive Debian's Chromium.
chromium:
	@[ -x $(CHROMIUM) ] || $(call apt_install,Chromium,chromium)

lint: venv ## ruff check and format check; lint-imports (the layers in docs/ARCHITECTURE.md)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/lint-imports

# bandit fails on any high-severity finding (medium ones are fixed or carry "# nosec <test>" with the reason beside it);
# scripts/audit fails on any known vulnerability and says SKIPPED loudly when it cannot ask.
audit: venv ## bandit over the project's code, pip-audit over requirements.txt
	$(VENV)/bin/bandit -q -r clinic clients outbox bookings quotes aftercare payments portal records website ops frontdesk demo devstack -x '*/migrations/*' --severity-level high
	$(PY) scripts/audit

# load.py also measures the peer (../shared/peer-bench/, built once under var/peer-bench) in the same run.
BENCHMARKS := load.py availability.py client_search.py reports_page.py quote_pdf.py reminder_dispatch.py backup.py

bench: venv wrk ## benchmarks (HTTP load on a large clinic next to the peer, scale, reports, quote PDF, reminders, backup) → docs/PERFORMANCE.md
	$(DEVSTACK) exec -- bash -c 'rc=0; for b in $(BENCHMARKS); do echo "== $$b"; $(PY) benchmarks/$$b || rc=1; done; \
		echo "== goals"; $(PY) benchmarks/report.py && echo "wrote docs/PERFORMANCE.md"; exit $$rc'

# The HTTP load generator for benchmarks/load.py.
wrk:
	@command -v wrk >/dev/null || $(call apt_install,wrk,wrk)

clean-var: ## stop the embedded servers and delete var/
	if [ -x $(PY) ]; then $(DEVSTACK) down; fi
	rm -rf var
