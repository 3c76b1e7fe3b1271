"""Edit operators for a model with several outputs fed labels as for one.

Bridges the program model (the model's outputs, the ``fit`` call, a generator the script
defines and feeds to ``fit``), and the value trace (each output tensor's shape, the label
array ``fit`` gets or the generator yields) into edits where the labels are given:

- ``split-labels``: one label array ``(N, k, *S)`` for a model with ``k`` outputs of
  shape ``(None, *S)`` each: it is given as ``k`` arrays, one per output in the model's
  order (``(y[:, 0], y[:, 1])``);
- ``reshape-head``: a ``Reshape`` to the labels' per-sample shape fed a feature map with
  another number of values: ``Flatten()`` and a ``Dense`` of that many units before it.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.provenance import last_name
from gptfix.model import Fix
from gptfix.repair.operators.edit import (
    apply_edits,
    feed_calls,
    layer_holder,
    replace_node,
    segment,
    text_offset,
    x_arg,
)
from gptfix.repair.rules.base import UNSAFE, RuleContext
from gptfix.repair.rules.batch_shape import layer_spelling


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


_TOTAL = re.compile(
    r"total size of the tensor must be unchanged\. Received: input_shape=\(([^)]*)\), "
    r"target_shape=\(([^)]*)\)"
)


def reshape_head(ctx: RuleContext) -> list[Fix]:
    """``model.add(Reshape((4, 10)))`` straight after a (13, 13, 64) feature map, trained
    on (N, 4, 10) labels: the reshape is the model's output and needs that many values:
    ``Flatten()`` and ``Dense(4 * 10)`` go before it."""
    m = _TOTAL.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or ctx.line is None:
        return []
    target = [int(d) for d in m.group(2).replace(" ", "").split(",") if d]
    reshape = next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and last_name(n.func) == "Reshape"
            and n.lineno <= ctx.line <= (n.end_lineno or n.lineno)
        ),
        None,
    )
    if reshape is None or not target or not _labels_shaped(ctx, tree, target):
        return []
    holder = layer_holder(tree, reshape)
    if holder is None or (holder[0] == "item" and holder[1].elts[-1] is not reshape):  # type: ignore[attr-defined]
        return []  # a Reshape in the middle of a list is no head
    text = ctx.script.text
    flatten, flatten_import = layer_spelling(ctx, reshape, "Flatten")
    dense, dense_import = layer_spelling(ctx, reshape, "Dense")
    if not flatten or not dense:
        return []
    width = " * ".join(str(d) for d in target)
    kind, stmt = holder
    row = getattr(stmt, "lineno", reshape.lineno)
    line = text.splitlines()[row - 1]
    indent = line[: len(line) - len(line.lstrip())]
    start = text_offset(text, row, 0)
    if kind == "add":
        receiver = segment(text, stmt.value.func)  # type: ignore[attr-defined]
        code = f"{indent}{receiver}({flatten}())\n{indent}{receiver}({dense}({width}))\n"
        edits = [(start, code)]
    elif kind == "item":
        at = text_offset(text, reshape.lineno, reshape.col_offset)
        edits = [(at, f"{flatten}(), {dense}({width}), ")]
    else:
        args = stmt.value.args  # type: ignore[attr-defined]
        if len(args) != 1 or not isinstance(args[0], ast.Name):
            return []
        fed = args[0].id
        code = f"{indent}{fed} = {flatten}()({fed})\n{indent}{fed} = {dense}({width})({fed})\n"
        edits = [(start, code)]
    for extra in (flatten_import, dense_import):
        if extra is not None and extra[1] not in [e[1] for e in edits]:
            edits.append(extra)
    text = apply_edits(text, [(at, at, code) for at, code in edits])
    return ctx.fix(
        "ops.reshape-head",
        f"flatten and give the model {width} outputs before `Reshape({tuple(target)})`",
        text,
        UNSAFE,
        [
            f"the Reshape receives {m.group(1)} per sample and is asked for {tuple(target)}",
            f"the labels the script trains on are {tuple(target)} per sample",
        ],
    )


def _labels_shaped(ctx: RuleContext, tree: ast.Module, target: list[int]) -> bool:
    """Whether a label array ``fit`` gets had ``target`` as its per-sample shape."""
    for call in feed_calls(tree):
        y = call.args[1] if len(call.args) > 1 else None
        y = y or next((k.value for k in call.keywords if k.arg == "y"), None)
        if isinstance(y, ast.Name):
            fact = ctx.traced(y.id, call.lineno)
            if fact is not None and fact.shape and list(fact.shape[1:]) == target:
                return True
    return False
