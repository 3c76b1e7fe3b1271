"""The recipe operations every shell offers: where recipes apply, the picker's list, and
applying one recipe with its check (build, smoke run, memory forecast).

Part of the operations of :data:`gptfix.service.table.COMMANDS` (the rest are in
:mod:`gptfix.service.ops`); the recipes package is imported inside the functions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gptfix.model import Fix, Script
from gptfix.runner import run_script
from gptfix.service.ops import Cancel, Progress, quiet, verify
from gptfix.settings import Settings

if TYPE_CHECKING:
    from gptfix.recipes import RecipeMatch


def recipe_matches(text: str, path: str | None) -> list[RecipeMatch]:
    """Where each recipe would act in ``text`` (cheap: one parse, no run)."""
    from gptfix.recipes import applicable

    return applicable(text, path)


@dataclass
class RecipeEntry:
    """A recipe that applies to a script, once, with every line it would act at."""

    id: str
    title: str
    description: str
    options: list[dict[str, Any]]
    lines: list[int]
    why: str

    @property
    def where(self) -> str:
        return f"line {', '.join(str(n) for n in self.lines)}: {self.why}"

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "where": self.where}


def list_recipes(text: str, path: str | None) -> list[RecipeEntry]:
    """The recipes that apply to ``text`` (for a picker): id, title, options, lines."""
    from gptfix.recipes import RECIPES

    out: dict[str, RecipeEntry] = {}
    for match in recipe_matches(text, path):
        entry = out.get(match.recipe_id)
        if entry is None:
            spec = RECIPES[match.recipe_id].to_json()
            entry = out[match.recipe_id] = RecipeEntry(
                id=match.recipe_id,
                title=str(spec["title"]),
                description=str(spec["description"]),
                options=list(spec["options"]),
                lines=[],
                why=match.why,
            )
        entry.lines.append(match.line)
    return list(out.values())


@dataclass
class RecipeOutcome:
    """A recipe's patched script, its check, the built model and the memory forecast."""

    fix: Fix
    build: dict[str, Any] | None = None  #: the patched model as built
    forecast: str | None = None  #: the memory recipe's before/after line

    @property
    def verified(self) -> bool:
        return self.fix.verified


def apply_recipe(
    script: Script,
    recipe_id: str,
    options: dict[str, str],
    settings: Settings,
    *,
    verify_change: bool = True,
    cancel: Cancel = None,
    progress: Progress = quiet,
) -> RecipeOutcome:
    """Apply one recipe and (unless ``verify_change`` is false) :func:`check_recipe` it.

    Raises GptfixError saying why the recipe does not apply. A change that does not
    build comes back unverified with the reason on ``fix.verification``.
    """
    from gptfix.recipes import apply_recipe as transform

    opts = {str(k): str(v) for k, v in options.items()}
    fix = transform(recipe_id, script.text, opts, python=settings.interpreter)
    outcome = RecipeOutcome(fix)
    if verify_change:
        check_recipe(script, outcome, settings, cancel=cancel, progress=progress)
    return outcome


def check_recipe(
    script: Script,
    outcome: RecipeOutcome,
    settings: Settings,
    *,
    cancel: Cancel = None,
    progress: Progress = quiet,
) -> RecipeOutcome:
    """Build and smoke-run a recipe's patched script; for the memory recipe, forecast.

    Fills in ``outcome`` (``fix.verification``, ``build``, ``forecast``) and returns it.
    """
    from gptfix.recipes.memory import forecast_change

    progress("building and smoke-running the patched script")
    result = verify(script, outcome.fix, None, settings, cancel)
    outcome.build = result.build
    if outcome.fix.verified and outcome.fix.origin == "recipe:memory":
        progress("building the original model for the memory forecast")
        before = run_script(
            script.path,
            python=settings.interpreter,
            mode="build",
            timeout=settings.run_timeout,
            cancel=cancel,
        )
        outcome.forecast = forecast_change(before.build, result.build)
    return outcome
