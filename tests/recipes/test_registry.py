"""The registry and the cheap `applicable` listing; robustness on every fixture script."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gptfix.edits import parses
from gptfix.errors import EXIT_REFUSED, EXIT_USAGE, GptfixError
from gptfix.recipes import RECIPES, applicable, apply_recipe
from gptfix.runner.probe import signatures

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/train.py"))


def test_registry_ids_match_the_recipes() -> None:
    assert list(RECIPES) == [
        "add-augmentation",
        "attention",
        "swap-backbone",
        "lr-schedule",
        "memory",
    ]
    for recipe_id, recipe in RECIPES.items():
        assert recipe.id == recipe_id
        assert all(
            o.default is None or not o.choices or o.default in o.choices for o in recipe.options
        )


def test_applicable_is_empty_for_text_that_does_not_parse_or_has_no_model() -> None:
    assert applicable("def broken(:\n") == []
    assert applicable("print('no model here')\n") == []


def test_apply_refuses_a_script_that_does_not_parse() -> None:
    with pytest.raises(GptfixError) as err:
        apply_recipe("memory", "def broken(:\n", {})
    assert "does not parse" in err.value.message


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_recipe_on_every_fixture_gives_parseable_code_or_a_reason(case) -> None:  # noqa: ANN001
    """Scripts the recipes were not written for: never a crash, never broken code."""
    for name in ("train.py", "fixed.py"):
        path = case / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for match in applicable(text):
            assert 1 <= match.line <= len(text.splitlines())
        for recipe_id in RECIPES:
            try:
                fix = apply_recipe(recipe_id, text, {})
            except GptfixError as exc:
                assert exc.exit_code in (EXIT_REFUSED, EXIT_USAGE, 5)
                assert "\n" not in exc.message
                continue
            assert parses(fix.new_text) is None
            assert fix.origin == f"recipe:{recipe_id}"
            assert fix.new_text != text


@pytest.mark.tf
def test_option_names_are_checked_against_the_installed_keras() -> None:
    found = signatures(
        sys.executable, ("keras.layers.RandomTranslation", "keras.layers.RandomWarp")
    )
    assert found["keras.layers.RandomTranslation"].required == ("height_factor", "width_factor")
    assert found["keras.layers.RandomWarp"].exists is False
    text = "import keras\naug = keras.Sequential([keras.layers.RandomFlip()])\n"
    with pytest.raises(GptfixError) as err:
        apply_recipe("add-augmentation", text, {"layer": "RandomWarp"}, python=sys.executable)
    assert err.value.exit_code == EXIT_USAGE
    assert "keras.layers has no RandomWarp" in err.value.message
