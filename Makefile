# Two commands: `make run` (set up, then extract corpus/ into outputs/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test eval bench bench-ocr system-packages clean


$(STAMP): pyproject.toml
	@sh scripts/system_packages.sh
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

bench-ocr: $(STAMP)
	$(BIN)/python scripts/ocr_eval.py --jobs 1 2

# Debian packages: Tesseract with Vietnamese data (scans), antiword/catdoc (.doc), chromium
# (a test); installed with apt-get when missing and run as root, otherwise listed.
system-packages:
	@sh scripts/system_packages.sh

clean:
	rm -rf $(VENV) outputs/*.csv outputs/*.sqlite outputs/*.xlsx outputs/*.html outputs/parquet outputs/manifest.json
