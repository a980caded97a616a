# The two commands a newcomer needs: `make run` and `make test`.
# Both set themselves up: a virtualenv in .venv with the pinned dependencies.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
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

# Migrates, then runs the Procfile's processes under honcho: the server (which collects
# the static files first) and a task worker for emails. HOST, PORT and WEB_CONCURRENCY (in the
# environment or as `make run PORT=9000`) reach the server's options in `manage.py serve`.
run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	exec $(BIN)/honcho start --port "$${PORT:-8000}"

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
