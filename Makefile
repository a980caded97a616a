# The two commands a newcomer needs: `make run` and `make test`.
# Both set themselves up: a virtualenv in .venv with the pinned dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

export NOMENTUM_DATA_DIR ?= ./var

.PHONY: run test lock bench bench-large screenshots clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Nomentum needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall only when the dependency files change, so a second run starts in seconds.
$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "  Nomentum is running at http://$(HOST):$(PORT)/   (Ctrl-C to stop)"
	@echo
	HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) exec scripts/serve

test: $(VENV)/.installed-dev
	@bash scripts/test

clean:
	rm -rf $(VENV) build *.egg-info

# Re-pin every dependency after a change to pyproject.toml.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	{ echo "# Exact versions of every dependency, direct and indirect, for Python 3.11."; \
	  echo "# Regenerate after changing pyproject.toml: make lock"; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.txt
	rm -rf .venv-lock

# Fresh pictures of the main pages in docs/screenshots/ (needs Chromium).
screenshots: $(VENV)/.installed-dev
	bash scripts/screenshots

# The production server under load at scales S and M (SQLite, then PostgreSQL when
# reachable), each page against a trivial view in the same run; writes bench/results/
# and docs/PERFORMANCE.md. bench-large: scale L, 1,000,000 asks.
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py --scales S,M

bench-large: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py --scales L
