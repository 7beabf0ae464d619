# casewatch: two commands set everything up on a fresh machine.
#   make demo   create .venv, install, run the pipeline on the bundled samples, serve Datasette
#   make test   create .venv if needed, install, run ruff and then the whole suite (includes the eval gate)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test eval eval-reports bench bench-site clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/casewatch demo --host 127.0.0.1 --port 8001

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python -m pipeline.evaluate

eval-reports: $(STAMP)
	$(BIN)/python -m pipeline.evaluate_reports

bench: $(STAMP)
	$(BIN)/python -m pipeline.bench

# the site at national scale (1,000,000 facts): builds build/bench-site.db once (minutes), serves it, times every page
bench-site: $(STAMP)
	$(BIN)/python -m pipeline.bench_site

clean:
	rm -rf $(VENV) data casewatch.db casewatch.db-wal casewatch.db-shm casewatch.db.lock build *.egg-info .pytest_cache
