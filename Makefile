# `make demo` sets everything up and runs storyline on the bundled examples;
# `make test` sets everything up and runs the test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test bench-floors docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[model,test]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/storyline analyze examples/ --meta examples/meta.jsonl --db demo.db \
		--json report.json --md report.md --html report.html
	@echo "Reports written: report.html report.md report.json"

test: setup
	$(BIN)/python -m pytest -q

# Quality floors on fixed subsets of the public gold sets (needs ../shared; skipped when absent).
bench-floors: setup
	$(BIN)/python bench/floors.py

docs: setup
	$(BIN)/python -m storyline.docs_cli > docs/CLI.md

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm report.json report.md report.html
