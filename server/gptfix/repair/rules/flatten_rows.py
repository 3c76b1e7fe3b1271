"""Rules for a NumPy reshape that flattens each sample to a hard-coded width.

Bridges "cannot reshape array of size 3211264 into shape (32,2048)" at a line such as
``features = features.reshape((features.shape[0], 2048))`` -- each row of a model's output
flattened to the width the author expected (the pooled features) while the array holds more
per row (a ``(32, 7, 7, 2048)`` feature map) -- and that width: it becomes ``-1``, so each
sample is flattened to the size it has. Only for a two-axis target whose first axis is the
array's own first axis (``x.shape[0]``, ``len(x)``) and a size that splits into whole rows:
the reshape then keeps every sample and every value.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch

_CANNOT = re.compile(r"cannot reshape array of size (\d+) into shape \((\d+),\s*(\d+)\)")


def _rows_of(node: ast.expr, array: str) -> bool:
    """``array.shape[0]`` or ``len(array)``."""
    text = ast.unparse(node)
    return text in (f"{array}.shape[0]", f"len({array})")


def _target(call: ast.Call) -> tuple[str, list[ast.expr]] | None:
    """The array a reshape call reshapes and its target's axes: ``x.reshape((a, b))``,
    ``x.reshape(a, b)``, ``np.reshape(x, (a, b))``."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "reshape":
        return None
    args = list(call.args)
    if isinstance(func.value, ast.Name) and func.value.id in ("np", "numpy") and args:
        array, args = ast.unparse(args[0]), args[1:]
    else:
        array = ast.unparse(func.value)
    if len(args) == 1 and isinstance(args[0], ast.Tuple | ast.List):
        return array, list(args[0].elts)
    return (array, args) if len(args) == 2 else None


def _flatten_rows(ctx: RuleContext) -> list[Fix]:
    m = _CANNOT.search(ctx.message)
    line = ctx.line
    if m is None or line is None:
        return []
    size, rows, width = (int(g) for g in m.groups())
    if rows <= 0 or size % rows or size // rows == width:
        return []
    for call in ctx.src.walk():
        if not (isinstance(call, ast.Call) and call.lineno <= line <= (call.end_lineno or line)):
            continue
        found = _target(call)
        if found is None or len(found[1]) != 2 or not _rows_of(found[1][0], found[0]):
            continue
        last = found[1][1]
        if isinstance(last, ast.Constant) and last.value == -1:
            continue
        s, e = ctx.src.span(last)
        return ctx.fix(
            "shape.flatten-rows",
            f"flatten each sample to its own size (-1: {size // rows} values, not {width})",
            Patch(ctx.src.text).replace(s, e, "-1").apply(),
            UNSAFE,
            [
                f"the array holds {size} values for {rows} rows: {size // rows} per row",
                f"`{ast.unparse(last)}` is a width the rows do not have",
            ],
        )
    return []


RULES = [
    Rule(
        "shape.flatten-rows",
        "shape",
        "a NumPy reshape to (rows, width) whose width is not the rows' size: flatten with -1",
        _flatten_rows,
    ),
]
