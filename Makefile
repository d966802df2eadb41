# Two commands for a fresh machine: `make demo` and `make test` (see README.md).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= conflictwire.db

.PHONY: demo test install install-test lint golden bench accuracy clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

## demo: install, ingest the bundled examples, print events with claims and disputes
demo: install
	$(BIN)/conflictwire ingest examples --db $(DB)
	$(BIN)/conflictwire events --db $(DB)
	$(BIN)/conflictwire disputes --db $(DB)

## test: install what the tests need and run the whole suite (pytest exit 5 = no tests is a failure)
test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests benchmarks
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
