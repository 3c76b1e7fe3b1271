"""Rules for a count used as an index where a slice of that many was meant.

Bridges "cannot reshape array of size 51529 into shape (227,227,10)" at
``X = X.reshape(-1, 227, 227, 10)`` and the statement that made ``X`` above it,
``X = X[:, :, frames]``, where ``frames`` was computed from that same axis's size
(``frames = X.shape[2]``, then rounded down to a multiple of 10): indexing with a count
keeps one frame and drops the axis, while ``X[:, :, :frames]`` keeps the first ``frames``
of them. The value trace gives the array's shape before the index and the count's value;
the slice is proposed only when it gives the reshape a size it can split.
"""

from __future__ import annotations

import ast
import math
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, statement_at

_CANNOT = re.compile(r"cannot reshape array of size (\d+) into shape \(([^)]*)\)")


def _reshaped(stmt: ast.stmt) -> str | None:
    """``X`` of ``... = X.reshape(...)`` / ``np.reshape(X, ...)`` on the failing line."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr != "reshape":
                continue
            target = node.func.value
            if isinstance(target, ast.Name) and target.id in ("np", "numpy") and node.args:
                target = node.args[0]
            if isinstance(target, ast.Name):
                return target.id
    return None


def _indexing(ctx: RuleContext, array: str, before: int) -> tuple[ast.Assign, int, ast.Name] | None:
    """The last ``array = array[:, :, n]`` above line ``before``: the statement, the axis
    and the index name."""
    found = None
    for node in ctx.src.walk():
        if not (isinstance(node, ast.Assign) and node.lineno < before and len(node.targets) == 1):
            continue
        target, value = node.targets[0], node.value
        if not (isinstance(target, ast.Name) and target.id == array):
            continue
        if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)):
            continue
        parts = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
        names = [(k, p) for k, p in enumerate(parts) if isinstance(p, ast.Name)]
        full = all(
            isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None
            for p in parts
            if not isinstance(p, ast.Name)
        )
        if value.value.id == array and len(names) == 1 and full:
            found = (node, names[0][0], names[0][1])
    return found


def _counts_axis(ctx: RuleContext, name: str, array: str, axis: int, line: int) -> bool:
    """Whether the program model traces ``name`` at ``line`` back to the size of that axis
    (``frames = X.shape[2]``, then ``frames = frames - frames % 10``)."""
    size = f"{array}.shape[{axis}]"
    return any(size in step.expr for step in ctx.provenance.trace(name, line))


def _slice_count(ctx: RuleContext) -> list[Fix]:
    m = _CANNOT.search(ctx.message)
    line = ctx.line
    stmt = statement_at(ctx.src, line) if line else None
    array = _reshaped(stmt) if stmt is not None else None
    if m is None or line is None or array is None:
        return []
    target = [int(d) for d in re.findall(r"-?\d+", m.group(2))]
    found = _indexing(ctx, array, line)
    if found is None:
        return []
    node, axis, index = found
    shape = ctx.traced(array, before=node.lineno)
    count = ctx.traced(index.id, before=node.lineno)
    if shape is None or not shape.shape or count is None or not isinstance(count.value, int):
        return []
    dims = shape.shape
    if (
        axis >= len(dims)
        or any(d is None for d in dims)
        or not _counts_axis(ctx, index.id, array, axis, node.lineno)
    ):
        return []
    size = math.prod(d for d in dims if d is not None) // (dims[axis] or 1) * count.value
    known = math.prod(d for d in target if d > 0)
    free = stmt is not None and "-1" in ast.unparse(stmt)  # NumPy's message leaves the -1 axis out
    if not known or size % known or (not free and size != known):
        return []
    s, e = ctx.src.span(index)
    return ctx.fix(
        "data.count-as-slice",
        f"take the first `{index.id}` along axis {axis} (`:{index.id}`), not the one at that index",
        Patch(ctx.src.text).replace(s, e, f":{index.id}").apply(),
        UNSAFE,
        [
            f"`{array}` was {tuple(dims)} before line {node.lineno}; `{index.id}` = {count.value} "
            f"is a count made from `{array}.shape[{axis}]`",
            f"indexing with it keeps one slice and drops the axis; `:{index.id}` keeps {size} "
            f"values, which the reshape at line {line} can split",
        ],
    )


RULES = [
    Rule(
        "data.count-as-slice",
        "data",
        "a count of an axis used as an index where a slice of that many was meant",
        _slice_count,
    ),
]
