# The two commands that are the contract: `make demo` and `make test`.
# Both create .venv with python3 -m venv when missing and install gptfix with its dev extra.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.gptfix-installed

.PHONY: setup demo test lint typecheck pytest clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

demo: setup
	@bash scripts/demo.sh $(PY)

lint: setup
	$(PY) -m ruff check server tests bench
	$(PY) -m ruff format --check server tests bench

typecheck: setup
	$(PY) -m mypy

pytest: setup
	$(PY) -m pytest -q -rs

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
