# negotiator — two commands: `make run` (set up, migrate, demo, serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := FLASK_APP=negotiator $(BIN)/flask
HOST ?= 127.0.0.1
PORT ?= 5000

# Debian packages: WeasyPrint's libraries (PDF), and for tests chromium and poppler-utils.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-ipamj-mincho
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils redis-server

.PHONY: run test lint format bench translations system-deps-run system-deps-test serve-gunicorn \
	serve-worker

# The server and, beside it, one job consumer (mail, digests, deadlines) on the embedded SQLite
# job storage: no other service to start. The consumer stops with the server.
run: $(VENV)/.installed system-deps-run instance/config.py translations
	$(FLASK) db upgrade
	$(FLASK) agreement init-seal
	$(FLASK) demo --if-empty
	$(FLASK) jobs worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	FLASK_APP='negotiator.runtime:server_app()' $(BIN)/flask run --host $(HOST) --port $(PORT)

# A consumer on its own, for machines that only work the queue (set NEGOTIATOR_REDIS_URL and
# the same NEGOTIATOR_DATABASE_URL as the servers).
serve-worker: $(VENV)/.installed instance/config.py translations
	$(FLASK) jobs worker --workers $${WORKERS:-4}

# Three workers keep both cores busy while one of them waits (a consumer test waits up to two
# minutes for the once-a-minute sweep); a fourth only made the others slower: workers switching
# on two cores with 1 MB of cache each cost each other CPU. The authorization matrix alone
# (CPU-bound) took 32 s wall / 47 s CPU with -n 2, 44 / 64 with -n 3, 53 / 77 with -n 4. Tests
# go out one at a time (xdist's default hands each worker a share of the first tests at once,
# so one worker got every slow test of SLOW_FIRST in tests/conftest.py).
# Bytecode is cached whatever the environment says (PYTHONDONTWRITEBYTECODE): without it each
# worker compiles and assertion-rewrites every test module again (collection 8 s of CPU instead
# of 3), and each of the ~60 consumers, servers and commands the tests start compiles
# negotiator's ~230 modules from source (0.3 s of its start).
test: $(VENV)/.installed system-deps-test translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q negotiator
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n 3 --maxschedchunk 1 --durations=40

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# BENCH_ARGS="--councils 1000" adds one council's pages among 1,000 others (bench/installation.py:
# a few minutes more for the PostgreSQL seed).
bench: $(VENV)/.installed translations
	$(BIN)/python bench/run_all.py $(BENCH_ARGS)

serve-gunicorn: $(VENV)/.installed instance/config.py translations
	$(FLASK) db upgrade
	$(BIN)/gunicorn --config python:negotiator.gunicorn_conf --workers 4 --bind $(HOST):$(PORT) \
		'negotiator:create_app()'

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile -d negotiator/translations >/dev/null

# A secret key of this installation's own, written once and never committed.
instance/config.py:
	@mkdir -p instance
	@$(BIN)/python -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@
	@chmod 600 $@
	@echo "wrote a new secret key to $@"

system-deps-run:
	@./scripts/ensure-debs.sh $(RUN_DEBS)

system-deps-test:
	@./scripts/ensure-debs.sh $(TEST_DEBS)
