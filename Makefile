# Guichet: `make run` to try it, `make test` to check it. Python 3.11+ is all it needs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve test test-fast bench audit lint translations translations-extract clean help

help:
	@echo "make run     set up everything and serve http://$(HOST):$(PORT) (SQLite, demo data, worker)"
	@echo "make test    run the whole test suite"
	@echo "make bench   run the benchmarks under bench/"
	@echo "make audit   bandit and pip-audit (AUDIT_STRICT=1: also fail on packages that could not be audited)"
	@echo "make lint    ruff"

$(VENV)/.created:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Guichet needs $(PYTHON) (Python 3.11 or newer) on PATH."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: $(VENV)/.created requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

# Compiled catalogues (.mo) are committed, so every install speaks French; this rewrites the stale ones
# (after translating in a .po). `make test` does not: tests/i18n checks the committed ones match their .po.
translations: $(VENV)/.installed
	$(BIN)/python -m booking.catalogues

# After changing any message in the code or templates: re-extract, then translate what is new in the .po files.
translations-extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext -k lazy_pgettext:1c,2 -k lazy_ngettext:1,2 -c Translators: --sort-by-file \
		-o booking/translations/messages.pot .
	$(BIN)/pybabel update -i booking/translations/messages.pot -d booking/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/python -m booking.catalogues

run: $(VENV)/.installed translations
	$(FLASK) db upgrade
	$(FLASK) booking seed-demo --if-empty
	@echo "Guichet: http://$(HOST):$(PORT)  (emails go to instance/outbox/; Ctrl-C stops server and worker)"
	@trap 'kill 0' INT TERM EXIT; \
		$(FLASK) booking worker & \
		$(FLASK) run --host $(HOST) --port $(PORT)

# One pytest process per CPU (at most 4: each runs its own live server and Chromium); every test has its own
# database and folders, so they run side by side. PYTEST_ARGS="-n 0" runs them in one process.
test: $(VENV)/.installed-dev
	$(BIN)/pytest -n auto --maxprocesses 4 $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev translations
	$(BIN)/python -m bench

# Bandit fails on any high-severity finding (a justified exception carries an inline `# nosec BXXX`).
# pip-audit checks the versions installed in the virtualenv; tools/audit_dependencies.py fails on any known
# vulnerability, and warns (or fails, with AUDIT_STRICT=1) when packages could not be audited at all.
audit: $(VENV)/.installed-dev
	$(BIN)/bandit -q -c pyproject.toml -r booking tools config.py wsgi.py --severity-level high
	$(BIN)/python tools/audit_dependencies.py $(PIP_AUDIT_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache
