"""Edit operator on initial weights built one size off from the layer they initialise.

Bridges a failure "Layer embedding weight shape (2000, 100) is not compatible with provided
weight shape (2001, 100)" -- a layer given ``weights=[matrix]`` -- and where ``matrix`` is
made: ``matrix = np.zeros((num_words + 1, dim))``. On each axis where the two shapes differ,
when the matrix's size there is written as a size the layer itself is given, plus or minus
a constant (``num_words + 1`` where the layer says ``Embedding(num_words, ...)``), the size
becomes the layer's own (``num_words``). The layer keeps the size its author declared; the
weights are made to fit it. Which side is wrong is the author's call, so the fix is never
offered as safe.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import assignment_of, replace_node, segment
from gptfix.repair.rules.base import UNSAFE, RuleContext

_MESSAGE = re.compile(
    r"weight shape \(([\d, ]*)\) is not compatible with provided weight shape \(([\d, ]*)\)"
)


def _dims(text: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d+", text)]


def _weights_names(call: ast.Call) -> list[str]:
    for kw in call.keywords:
        if kw.arg == "weights" and isinstance(kw.value, ast.List | ast.Tuple):
            return [e.id for e in kw.value.elts if isinstance(e, ast.Name)]
    return []


def _shape_of_made(tree: ast.Module, name: str, line: int) -> ast.Tuple | None:
    """The shape tuple of the last ``name = np.zeros((...))``-like call before ``line``."""
    best = assignment_of(tree, name, line)
    if best is None or not isinstance(best.value, ast.Call) or not best.value.args:
        return None
    shape = best.value.args[0]
    return shape if isinstance(shape, ast.Tuple) else None


def _off_by_constant(expr: ast.expr, sizes: set[str], text: str) -> ast.expr | None:
    """``X`` when ``expr`` is ``X + c`` or ``X - c`` and ``X`` is one of ``sizes``."""
    if (
        isinstance(expr, ast.BinOp)
        and isinstance(expr.op, ast.Add | ast.Sub)
        and isinstance(expr.right, ast.Constant)
        and segment(text, expr.left) in sizes
    ):
        return expr.left
    return None


def weights_fit_layer(ctx: RuleContext) -> list[Fix]:
    """``np.zeros((num_words + 1, dim))`` given to ``Embedding(num_words, ...)``: ``num_words``."""
    tree = ctx.index.tree
    found = _MESSAGE.search(ctx.message)
    if tree is None or found is None or not ctx.user_lines:
        return []
    want, given = _dims(found.group(1)), _dims(found.group(2))
    if len(want) != len(given):
        return []
    text = ctx.script.text
    lines = set(ctx.user_lines)
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or not lines & set(
            range(call.lineno, (call.end_lineno or call.lineno) + 1)
        ):
            continue
        sizes = {segment(text, a) for a in call.args}
        sizes |= {segment(text, k.value) for k in call.keywords if k.arg != "weights"}
        for name in _weights_names(call):
            shape = _shape_of_made(tree, name, call.lineno)
            if shape is None or len(shape.elts) != len(want):
                continue
            edits: list[tuple[ast.expr, str]] = []
            for axis, (w, g) in enumerate(zip(want, given, strict=True)):
                if w == g:
                    continue
                base = _off_by_constant(shape.elts[axis], sizes, text)
                if base is None:
                    edits = []
                    break
                edits.append((shape.elts[axis], segment(text, base)))
            if not edits:
                continue
            new = text
            for node, size in sorted(edits, key=lambda e: e[0].col_offset, reverse=True):
                new = replace_node(new, node, size)
            return ctx.fix(
                "ops.weights-fit-layer",
                f"build `{name}` with the layer's own size "
                + ", ".join(f"`{s}`" for _, s in edits)
                + f" (line {shape.lineno})",
                new,
                UNSAFE,
                [
                    f"the layer at line {call.lineno} is declared with "
                    + ", ".join(f"`{s}`" for _, s in edits)
                    + f": its weights are {tuple(want)}",
                    f"`{name}` (line {shape.lineno}, {segment(text, shape)}) is {tuple(given)}",
                ],
            )
    return []
