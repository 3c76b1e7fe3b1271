"""The recipe spec: id, title, options schema, applicability check and codemod.

A recipe is data plus two functions over a parsed :class:`~gptfix.recipes.source.CstScript`:
``find`` (cheap: where it would act, for editors' refactor lists) and ``transform``
(the LibCST codemod: returns the patched text or refuses with a one-line reason).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gptfix.errors import EXIT_USAGE, GptfixError, Refused
from gptfix.recipes.source import CstScript

#: Option keys every recipe accepts: pick which match to act on when there are several.
COMMON_OPTIONS = ("line",)


@dataclass(frozen=True)
class Option:
    """One ``--opt name=value`` a recipe understands."""

    name: str
    help: str
    default: str | None = None  #: None: optional with no default (the recipe decides)
    choices: tuple[str, ...] = ()
    kind: str = "str"  #: "str" | "int" | "float" | "number" (int or float)

    def check(self, value: str) -> str:
        if self.choices and value not in self.choices:
            raise GptfixError(
                f"option {self.name}={value}: expected one of {', '.join(self.choices)}",
                EXIT_USAGE,
            )
        if self.kind in ("int", "float", "number"):
            try:
                number = ast.literal_eval(value)
            except (ValueError, SyntaxError):
                number = None
            ok = isinstance(number, int | float) and not isinstance(number, bool)
            if self.kind == "int":
                ok = isinstance(number, int) and not isinstance(number, bool)
            if not ok or (isinstance(number, int | float) and number < 0):
                raise GptfixError(
                    f"option {self.name}={value}: expected a non-negative {self.kind}",
                    EXIT_USAGE,
                )
        return value

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "help": self.help,
            "default": self.default,
            "choices": list(self.choices),
            "kind": self.kind,
        }


@dataclass
class RecipeMatch:
    """Where a recipe would act in a script (1-based lines) and why."""

    recipe_id: str
    title: str
    line: int
    end_line: int
    why: str

    def to_json(self) -> dict[str, Any]:
        return {
            "recipe": self.recipe_id,
            "title": self.title,
            "line": self.line,
            "end_line": self.end_line,
            "why": self.why,
        }


@dataclass
class Change:
    """What a codemod produced: the patched text, a title, and notes for the user."""

    new_text: str
    title: str
    notes: list[str] = field(default_factory=list)  #: warnings, expected memory change, ...


@dataclass(frozen=True)
class Recipe:
    """A deterministic model-improvement transform."""

    id: str
    title: str
    description: str
    options: tuple[Option, ...]
    find: Callable[[CstScript], list[RecipeMatch]]
    transform: Callable[[CstScript, dict[str, str], InterpreterFacts], Change]
    extra_options: str | None = None  #: what unknown ``--opt`` keys mean (None: rejected)

    def resolve_options(self, given: dict[str, str]) -> dict[str, str]:
        """Defaults filled in and values checked; unknown keys refused unless allowed."""
        known = {o.name: o for o in self.options}
        out: dict[str, str] = {o.name: o.default for o in self.options if o.default is not None}
        for key, value in given.items():
            if key in known:
                out[key] = known[key].check(value)
            elif key in COMMON_OPTIONS:
                Option(key, "", kind="int").check(value)
                out[key] = value
            elif self.extra_options is None:
                names = ", ".join(sorted(known)) or "none"
                raise GptfixError(
                    f"{self.id}: unknown option {key!r} (options: {names})", EXIT_USAGE
                )
            else:
                out[key] = value
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "options": [o.to_json() for o in self.options],
            "extra_options": self.extra_options,
        }


@dataclass
class InterpreterFacts:
    """What a codemod may ask beyond the text: facts probed from the user's interpreter."""

    python: str | None = None  #: interpreter to probe; None: use the built-in tables only
    facts: dict[str, Any] = field(default_factory=dict)  #: probe results, filled lazily


def pick(matches: list[RecipeMatch], options: dict[str, str], what: str) -> int:
    """Index of the match to act on: the one at ``line=`` when given, else the first."""
    if not matches:
        raise Refused(f"nothing to act on: {what}")
    if "line" not in options:
        return 0
    line = int(options["line"])
    for i, match in enumerate(matches):
        if match.line <= line <= match.end_line:
            return i
    where = ", ".join(str(m.line) for m in matches)
    raise Refused(f"nothing to act on at line {line} (candidates at lines {where})")
