# Two entry points for a fresh Debian/Ubuntu machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
SAMPLES := build/samples
DB ?= campaigns.db

.PHONY: setup demo test lint bench clean

$(STAMPS)/system: scripts/install-system-deps.sh
	scripts/install-system-deps.sh
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/python: pyproject.toml constraints.txt normalize/_beam.pyx normalize/_edit.pyx $(STAMPS)/system
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,cluster]'
	@mkdir -p $(STAMPS) && touch $@

setup: $(STAMPS)/python

$(SAMPLES)/.done: $(STAMPS)/python
	$(BIN)/python -m thidua.training.synth.samples $(SAMPLES)
	@touch $@

demo: $(SAMPLES)/.done
	$(BIN)/thidua run $(SAMPLES) --db $(DB)
	$(BIN)/thidua search "nong thon moi" --db $(DB)

test: $(STAMPS)/python
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	scripts/with-postgres.sh $(BIN)/pytest -q

bench: $(STAMPS)/python
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

lint: $(STAMPS)/python
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(STAMPS) build $(DB) $(DB)-wal $(DB)-shm
