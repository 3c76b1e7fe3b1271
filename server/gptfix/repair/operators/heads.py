"""Edit operators for a model with several outputs fed labels as for one.

Bridges the program model (the model's outputs, the ``fit`` call, a generator the script
defines and feeds to ``fit``), and the value trace (each output tensor's shape, the label
array ``fit`` gets or the generator yields) into edits where the labels are given:

- ``split-labels``: one label array ``(N, k, *S)`` for a model with ``k`` outputs of
  shape ``(None, *S)`` each: it is given as ``k`` arrays, one per output in the model's
  order (``(y[:, 0], y[:, 1])``).
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import feed_calls, replace_node, segment, x_arg
from gptfix.repair.rules.base import UNSAFE, RuleContext


def _outputs(ctx: RuleContext, model: str, line: int) -> list[list[int | None]] | None:
    """The per-sample shapes of the outputs of the model held by ``model``."""
    facts = [m for m in ctx.index.keras.models if m.var == model and m.line <= line]
    if not facts or len(facts[-1].outputs) < 2:
        return None
    shapes = []
    for out in facts[-1].outputs:
        fact = ctx.traced(out.strip(), line)
        if fact is None or not fact.shape:
            return None
        shapes.append(list(fact.shape[1:]))
    return shapes


def _labels(ctx: RuleContext, call: ast.Call) -> list[tuple[ast.expr, int]]:
    """(label expression, its line) for ``fit``: its ``y`` or what a generator of the
    script that ``fit`` reads yields second."""
    tree = ctx.index.tree
    assert tree is not None
    y = call.args[1] if len(call.args) > 1 else None
    y = next((k.value for k in call.keywords if k.arg == "y"), y)
    if y is not None:
        return [(y, call.lineno)]
    x = x_arg(call)
    if not (isinstance(x, ast.Call) and isinstance(x.func, ast.Name)):
        return []
    out = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.name == x.func.id:
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.Yield)
                    and isinstance(node.value, ast.Tuple)
                    and len(node.value.elts) >= 2
                ):
                    out.append((node.value.elts[1], node.lineno))
    return out


def split_labels(ctx: RuleContext) -> list[Fix]:
    """One label array for a model of several outputs: one array per output."""
    tree = ctx.index.tree
    if tree is None or ctx.line is None:
        return []
    first, last = ctx.index.statement_at(ctx.line)
    for call in feed_calls(tree):
        if not (first <= call.lineno <= last) or call.func.attr != "fit":  # type: ignore[attr-defined]
            continue
        model = segment(ctx.script.text, call.func.value)  # type: ignore[attr-defined]
        heads = _outputs(ctx, model, call.lineno)
        if heads is None:
            continue
        k = len(heads)
        for y, line in _labels(ctx, call):
            if not isinstance(y, ast.Name):
                continue
            fact = ctx.traced(y.id, line + 1)
            shape = fact.shape if fact is not None else None
            if not shape or len(shape) < 2 or shape[1] != k:
                continue
            if any(h != shape[2:] and not (h == [1] and not shape[2:]) for h in heads):
                continue  # each slice must be the shape of its output (a column: one unit)
            parts = ", ".join(f"{y.id}[:, {i}]" for i in range(k))
            return ctx.fix(
                "ops.split-labels",
                f"give the {k} outputs of `{model}` one label array each: ({parts})",
                replace_node(ctx.script.text, y, f"({parts})"),
                UNSAFE,
                [
                    f"`{model}` has {k} outputs, each of shape {['None', *heads[0]]}",
                    f"`{y.id}` had shape {shape} in the run: {k} labels of {shape[2:]} per "
                    "sample in one array",
                    "the i-th label goes to the i-th output, in the model's order",
                ],
            )
    return []
