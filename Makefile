# Two commands: `make run` (set up, then extract corpus/ into outputs/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/plans run corpus --out outputs

test: $(STAMP)
	$(BIN)/pytest

eval: $(STAMP)
	$(BIN)/plans eval --out outputs --gold ../shared/gold

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py --sizes 400 4000 --jobs 1 2

clean:
	rm -rf $(VENV) outputs/*.csv outputs/*.sqlite outputs/*.xlsx outputs/*.html outputs/parquet outputs/manifest.json
