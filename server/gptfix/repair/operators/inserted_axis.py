"""Edit operator on an axis the script inserts in the wrong place.

Bridges "expected axis -1 of input shape to have value 1, but received input with shape
(1, 1, 227, 227, 10)" at a feeding call, the value trace (the fed array was ``(2, 1, 227,
227, 10)``), the program model (that array was last made by ``X = np.expand_dims(X,
axis=1)``) and the declared input ``input_shape=(227, 227, 10, 1)``: the axis of size 1 the
script adds is where the model has none, and moving it to where the declared shape has its
1 gives exactly the declared shape. The ``axis=`` of that ``expand_dims`` changes; the data
and the model stay as they are otherwise.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.axes import _fed
from gptfix.repair.operators.data import _const, _declared
from gptfix.repair.operators.edit import statement_at
from gptfix.repair.rules.base import SAFE, RuleContext


def _expand_axis(stmt: ast.stmt) -> ast.expr | None:
    """The ``axis`` argument of ``x = np.expand_dims(x, axis=k)``."""
    value = stmt.value if isinstance(stmt, ast.Assign) else None
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)):
        return None
    if value.func.attr != "expand_dims":
        return None
    axis = value.args[1] if len(value.args) > 1 else None
    return next((k.value for k in value.keywords if k.arg == "axis"), axis)


def moved_axis(ctx: RuleContext) -> list[Fix]:
    """Move the axis an ``expand_dims`` adds to where the declared input has its 1."""
    if not ctx.search(r"expected axis -?\d+ of input shape to have value 1\b|incompatible shape"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    declared = [
        [_const(e) for e in elts] for _, elts in _declared(tree) if all(_const(e) for e in elts)
    ]
    for call, x, fact in _fed(ctx):
        data = list(fact.shape or [])
        steps = ctx.provenance.trace(x.id, call.lineno)
        stmt = statement_at(tree, steps[0].line) if steps else None
        axis = _expand_axis(stmt) if stmt is not None else None
        k = _const(axis) if axis is not None else None
        if axis is None or k is None or len(data) < 3:
            continue
        k = k if k >= 0 else len(data) + k
        if not 1 <= k < len(data) or data[k] != 1:
            continue
        rest = data[1:k] + data[k + 1 :]
        places = [
            p
            for shape in declared
            if len(shape) == len(data) - 1
            for p, d in enumerate(shape)
            if d == 1 and shape[:p] + shape[p + 1 :] == rest and p + 1 != k
        ]
        if len(set(places)) != 1:
            continue
        new = places[0] + 1
        s, e = ctx.src.span(axis)
        moved = data[:k] + data[k + 1 :]
        moved.insert(new, 1)
        return ctx.fix(
            "ops.inserted-axis",
            f"add `{x.id}`'s axis of 1 at position {new} (the declared input's), not {k}",
            ctx.src.text[:s] + str(new) + ctx.src.text[e:],
            SAFE,
            [
                f"`{x.id}` reached the model as {tuple(data)}; the input is declared "
                f"{tuple(d for d in declared[0])}"
                if len(declared) == 1
                else f"`{x.id}` reached the model as {tuple(data)}",
                f"line {stmt.lineno if stmt else '?'} inserts that axis; at {new} the data is "
                f"{tuple(moved)}, the declared layout",
            ],
        )
    return []
