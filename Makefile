# Two commands: `make run` and `make test`. Everything else here is what they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TORCH ?= 2.13.0
# Local commands run in development mode unless the caller sets DEBUG.
DEV := DEBUG=$${DEBUG:-true}

.PHONY: setup migrate demo run lint format test clean axe browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch's CPU build is all the matcher needs; where pip finds it (as on our CI machines)
	# this takes it before the semantic extra would take a several-GB CUDA build.
	$(BIN)/python -m pip install --quiet 'torch==$(TORCH)'
	$(BIN)/python -m pip install --quiet -e '.[dev,semantic]'
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	$(DEV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(DEV) $(BIN)/python manage.py load_demo

run: demo
	@echo "Claimtrail at http://127.0.0.1:8000/admin/ with a worker and beat (Ctrl-C stops all)"
	$(DEV) bin/run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# axe-core for the browser tests' accessibility checks, from npm into a git-ignored folder;
# where npm is missing the tests that need it are skipped, and say so.
AXE := var/npm/node_modules/axe-core/axe.min.js
$(AXE):
	@if command -v npm >/dev/null; then \
		npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix var/npm axe-core@4.14; \
	else echo "npm not found: the axe-core accessibility tests will be skipped"; fi

axe: $(AXE)

# The browser tests drive Debian's Chromium (never a browser Playwright downloads): as root
# where apt-get is (CI, a fresh container) this installs it; elsewhere the browser tests are
# skipped, and the test run's last line says they did not run.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "$(CHROMIUM) is missing and only root with apt-get installs it here: the browser tests will be skipped"; fi

# Two pytest processes (pytest-xdist), one per core of our CI machines: each has its own test
# database, cache and brokers (tests/conftest.py says how). TEST_PROCESSES=0 runs in one.
TEST_PROCESSES ?= 2
test: lint $(AXE) browser
	$(BIN)/pytest -n $(TEST_PROCESSES)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
