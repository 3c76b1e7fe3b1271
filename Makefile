# The two commands that are the contract: `make demo` and `make test`.
# Both create .venv with python3 -m venv when missing and install gptfix with its dev extra.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.gptfix-installed
EXT := client-vscode
EXT_STAMP := $(EXT)/node_modules/.gptfix-installed

.PHONY: setup demo test lint typecheck pytest vsix extension clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

demo: setup
	@bash scripts/demo.sh $(PY)

lint: setup
	$(PY) -m ruff check server tests bench scripts
	$(PY) -m ruff format --check server tests bench scripts

typecheck: setup
	$(PY) -m mypy

$(EXT_STAMP): $(EXT)/package.json $(EXT)/package-lock.json
	cd $(EXT) && npm ci --no-audit --no-fund --loglevel=error
	@touch $(EXT_STAMP)

# Type-check, lint, bundle and unit-test the VS Code extension.
extension: $(EXT_STAMP)
	cd $(EXT) && npm run --silent build && npm run --silent test:unit

# The installable extension: bundles the gptfix wheel so it can install gptfix offline.
vsix: setup extension
	rm -rf $(EXT)/bundled && $(PY) -m pip wheel -q --no-deps . -w $(EXT)/bundled
	cd $(EXT) && npm run --silent package

# Two test files at a time (-n 2: the CI machine's cores); a file's tests stay on one worker
# (--dist loadfile), so the runs a module starts up front are shared by its tests.
pytest: setup
	$(PY) -m pytest -q -rs -n 2 --dist loadfile --durations=25

test: lint typecheck vsix pytest

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache $(EXT)/node_modules $(EXT)/dist $(EXT)/out
