# Two commands set up everything on a fresh machine with Python 3.11:
#   make demo   - runs the pipeline on corpus/, writing outputs/
#   make test   - runs the whole test suite
# Both create .venv and install the project into it first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test regen bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/press-extract run corpus --out outputs --jsonl outputs/records.jsonl

test: $(STAMP)
	$(PY) -m pytest -q

# Accept changed golden records (pytest-regressions), rewrite outputs/ and
# the schema; then review with `git diff outputs/ tests/`.
regen: $(STAMP)
	-$(PY) -m pytest -q tests/test_golden.py --regen-all
	$(MAKE) demo
	$(VENV)/bin/press-extract schema > pipeline/records.schema.json

schema: $(STAMP)
	$(VENV)/bin/press-extract schema > pipeline/records.schema.json

clean:
	rm -rf $(VENV) .pytest_cache
