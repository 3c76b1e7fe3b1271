"""Helpers for the recipe tests: the bundled working scripts and recipe chains."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from gptfix.model import Fix
from gptfix.recipes import apply_recipe

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def _chain(text: str, *steps: tuple[str, dict[str, str]]) -> tuple[str, list[Fix]]:
    """Apply recipes one after another, as a user would; returns the text and the fixes."""
    fixes = []
    for recipe_id, options in steps:
        fix = apply_recipe(recipe_id, text, options)
        fixes.append(fix)
        text = fix.new_text
    return text, fixes


def _layers_of(build: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The trained model's layers by name, from a build summary."""
    assert build and build.get("models"), f"no model was built: {build}"
    return {layer["name"]: layer for layer in build["models"][0]["layers"]}


@pytest.fixture
def script_copy(tmp_path: Path):
    """Copy a bundled script (tests/recipes/scripts/NAME.py) into a temp folder."""

    def copy(name: str) -> Path:
        dest = tmp_path / f"{name}.py"
        shutil.copy(SCRIPTS / f"{name}.py", dest)
        return dest

    return copy


@pytest.fixture
def chain():
    """``chain(text, (recipe_id, options), ...) -> (text, fixes)``."""
    return _chain


@pytest.fixture
def layers_of():
    """``layers_of(build) -> {layer name: layer}`` for the trained model."""
    return _layers_of
