"""Edit operator for features and labels of different splits fed together.

Bridges "Data cardinality is ambiguous ... 'x' sizes: 600 'y' sizes: 100" at
``model.fit(x_train, y_test)`` and the script's names: the two arrays' names say which
split they belong to (``train``, ``test``, ``val``/``valid``, ``dev``) and disagree, and the
script has, for one side, the array of the other side's split -- its name is the same with
the split word swapped, and the run saw it with the other side's number of samples
(``y_train``, 600). That name takes the place of the odd one out; when either side could
be, ``fit`` keeps the training split and ``evaluate`` the other.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import feed_calls, replace_node
from gptfix.repair.rules.base import SAFE, RuleContext

_SIZES = re.compile(r"'(x|y)' sizes: (\d+)")
_SPLITS = ("train", "test", "valid", "val", "dev", "tr", "te", "va")


def split_of(name: str) -> str | None:
    parts = re.split(r"_|(?<=[a-z])(?=[A-Z])", name)
    found = [p.lower() for p in parts if p.lower() in _SPLITS]
    return found[0] if len(found) == 1 else None


def as_split(name: str, old: str, new: str) -> str:
    return re.sub(
        rf"(?i)(?<![A-Za-z]){old}(?![a-z])",
        lambda m: new if m.group(0).islower() else new.capitalize(),
        name,
    )


def _rows(ctx: RuleContext, name: str, line: int) -> int | None:
    fact = ctx.traced(name, line)
    if fact is None or not fact.shape or not isinstance(fact.shape[0], int):
        return None
    return fact.shape[0]


def same_split(ctx: RuleContext) -> list[Fix]:
    """``fit(x_train, y_test)`` with 600 and 100 samples: ``fit(x_train, y_train)``."""
    sizes = {m.group(1): int(m.group(2)) for m in _SIZES.finditer(ctx.message)}
    tree = ctx.index.tree
    if len(sizes) != 2 or sizes["x"] == sizes["y"] or tree is None or not ctx.user_lines:
        return []
    line = ctx.user_lines[0]
    bound = {b.name for b in ctx.index.bindings}
    for call in feed_calls(tree):
        if not call.lineno <= line <= (call.end_lineno or call.lineno) or len(call.args) < 2:
            continue
        x, y = call.args[0], call.args[1]
        if not (isinstance(x, ast.Name) and isinstance(y, ast.Name)):
            continue
        sx, sy = split_of(x.id), split_of(y.id)
        if sx is None or sy is None or sx == sy:
            continue
        # ``fit`` trains on the training split, ``evaluate`` on another: the side whose
        # split that is stays
        fits = isinstance(call.func, ast.Attribute) and call.func.attr.startswith("fit")
        options = [(y, x, sizes["x"]), (x, y, sizes["y"])]
        options.sort(key=lambda o: (split_of(o[1].id) in ("train", "tr")) != fits)
        for odd, keep, want in options:
            keep_split = split_of(keep.id) or ""
            other = as_split(odd.id, split_of(odd.id) or "", keep_split)
            if other == odd.id or other not in bound or _rows(ctx, other, line) != want:
                continue
            return ctx.fix(
                "ops.same-split",
                f"feed `{other}` with `{keep.id}` (not `{odd.id}`)",
                replace_node(ctx.script.text, odd, other),
                SAFE,
                [
                    f"`{keep.id}` has {want} samples, `{odd.id}` {sizes['y' if odd is y else 'x']}: "
                    "their names say different splits",
                    f"`{other}` is `{odd.id}` of `{keep.id}`'s split and has {want} samples",
                ],
            )
    return []
