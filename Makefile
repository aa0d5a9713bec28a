# Two commands set up everything on a fresh machine with Python 3.11:
#   make demo   - runs the pipeline on corpus/, writing outputs/
#   make test   - runs the whole test suite
# Both create .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test regen bench fuzz schema clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/press-extract run corpus --out outputs --jsonl outputs/records.jsonl

# On CI (CI=true) the browser test must run, so the browser is installed
# first; elsewhere that test skips, saying why, when Chromium is missing.
test: $(STAMP) $(if $(filter true,$(CI)),browser)
	$(PY) -m pytest -q

# Debian's Chromium for the review page's browser test (never a download
# by playwright); the font makes Chinese readable in the screenshot.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei)

# Accept changed golden records (pytest-regressions), rewrite outputs/ and
# the schema; then review with `git diff outputs/ tests/`.
regen: $(STAMP)
	-$(PY) -m pytest -q tests/test_golden.py --force-regen
	$(MAKE) demo
	$(VENV)/bin/press-extract schema > pipeline/records.schema.json

# A longer property-test campaign (hypothesis), for rule authors.
fuzz: $(STAMP)
	HYPOTHESIS_EXAMPLES=5000 $(PY) -m pytest -q tests/test_properties.py

# Speed and memory against the targets; the table is committed.
bench: $(STAMP)
	$(PY) tests/bench.py --output tests/BENCHMARKS.md
	$(PY) tests/bench_scale.py --docs 2000 --update tests/SCALING.md

schema: $(STAMP)
	$(VENV)/bin/press-extract schema > pipeline/records.schema.json

clean:
	rm -rf $(VENV) .pytest_cache
