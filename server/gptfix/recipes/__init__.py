"""Model-improvement recipes: deterministic LibCST transforms, verified by building the model.

The API the CLI and the language server call:

- :data:`RECIPES` -- the registry (id -> :class:`Recipe`);
- :func:`applicable` -- cheap: which recipes apply and where (for refactor actions);
- :func:`apply_recipe` -- run one recipe's codemod; returns a :class:`~gptfix.model.Fix`
  or raises :class:`~gptfix.errors.GptfixError` (``EXIT_REFUSED``) saying why in one line;

A recipe's fix is verified like every other change, by :func:`gptfix.verify.verify`
with ``against=None`` (it must build and smoke-run clean).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from gptfix.edits import parses
from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.model import Applicability, Fix
from gptfix.recipes.base import InterpreterFacts, Recipe, RecipeMatch, Refused
from gptfix.recipes.registry import RECIPES
from gptfix.recipes.source import CstScript

__all__ = [
    "RECIPES",
    "Recipe",
    "RecipeMatch",
    "Refused",
    "applicable",
    "apply_recipe",
]


#: The last few parsed scripts by text: listing then applying on one text parses it once.
#: Sources are read-only (codemods build new trees), so sharing them is safe.
_SOURCES: OrderedDict[str, CstScript] = OrderedDict()
_SOURCES_KEPT = 4
_SOURCES_LOCK = threading.Lock()  #: the language server calls in from worker threads


def _source(text: str) -> CstScript:
    with _SOURCES_LOCK:
        src = _SOURCES.get(text)
        if src is not None:
            _SOURCES.move_to_end(text)
            return src
    src = CstScript(text)  # parse outside the lock
    with _SOURCES_LOCK:
        _SOURCES[text] = src
        while len(_SOURCES) > _SOURCES_KEPT:
            _SOURCES.popitem(last=False)
    return src


def applicable(text: str, path: str | None = None) -> list[RecipeMatch]:
    """Every place a recipe would act in ``text``, ordered by recipe then line.

    Cheap (one parse, no subprocess). A script that does not parse has no matches.
    """
    try:
        src = _source(text)
    except GptfixError:
        return []
    out: list[RecipeMatch] = []
    for recipe in RECIPES.values():
        out.extend(recipe.find(src))
    return out


def apply_recipe(
    recipe_id: str, text: str, options: dict[str, str], *, python: str | None = None
) -> Fix:
    """Apply recipe ``recipe_id`` to ``text`` with ``options`` (``--opt k=v`` strings).

    ``python`` is the user's interpreter, probed for the installed Keras signatures
    (option names, optimizer support); without it the built-in tables are used.
    Raises GptfixError: EXIT_USAGE for an unknown recipe or option, EXIT_REFUSED when the
    recipe does not apply (nothing to act on, already present).
    """
    recipe = RECIPES.get(recipe_id)
    if recipe is None:
        raise GptfixError(
            f"unknown recipe {recipe_id!r} (recipes: {', '.join(RECIPES)})", EXIT_USAGE
        )
    resolved = recipe.resolve_options(options)
    src = _source(text)
    change = recipe.transform(src, resolved, InterpreterFacts(python=python))
    if change.new_text == text:
        raise Refused(f"{recipe_id}: nothing to change")
    problem = parses(change.new_text)
    if problem is not None:  # a codemod bug; never hand out code that does not parse
        raise Refused(f"{recipe_id}: the patched script would not parse ({problem})")
    return Fix(
        title=change.title,
        new_text=change.new_text,
        origin=f"recipe:{recipe_id}",
        applicability=Applicability.UNSAFE,
        evidence=change.notes,
        id=recipe_id,
    )
