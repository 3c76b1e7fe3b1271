"""Edit operator for a class count written as a number that the labels outgrow.

Bridges "index 31 is out of bounds for axis 1 with size 10" raised by
``to_categorical(y - 1, num_classes=10)`` and the value trace (the labels' range: 1..50)
into one edit of every place the script writes that count: each ``to_categorical`` given
the same number and the output layer whose units are that number (a literal where it is
read, or the constant it is read from) become the count the labels need (their largest
value after the call's own shift, plus one). The head and the encoding keep agreeing, so
the model still has one unit per class.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import last_name
from gptfix.repair.operators.layers import INDEX_OUT
from gptfix.repair.rules.base import UNSAFE, RuleContext
from gptfix.repair.rules.text import Patch


def _count_arg(call: ast.Call) -> ast.expr | None:
    found = next((k.value for k in call.keywords if k.arg == "num_classes"), None)
    return found if found is not None else (call.args[1] if len(call.args) > 1 else None)


def _largest(ctx: RuleContext, labels: ast.expr, line: int) -> int | None:
    """The largest label ``labels`` gives: a traced name, shifted by a constant."""
    shift = 0
    if isinstance(labels, ast.BinOp) and isinstance(labels.right, ast.Constant):
        step = labels.right.value
        if not isinstance(step, int) or isinstance(step, bool):
            return None
        shift = (
            -step
            if isinstance(labels.op, ast.Sub)
            else step
            if isinstance(labels.op, ast.Add)
            else 0
        )
        labels = labels.left
    if not isinstance(labels, ast.Name):
        return None
    fact = ctx.traced(labels.id, line)
    if fact is None or fact.max is None:
        return None
    return fact.max + shift


def class_count(ctx: RuleContext) -> list[Fix]:
    """``to_categorical(y - 1, num_classes=10)`` with labels up to 50 (and ``Dense(10)``):
    50 in both."""
    m = INDEX_OUT.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or ctx.line is None:
        return []
    first, last = ctx.index.statement_at(ctx.line)
    size = int(m.group(2))
    encodes = [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call) and last_name(c.func) == "to_categorical" and c.args
    ]
    failing = [c for c in encodes if first <= c.lineno <= last]
    if not failing:
        return []
    need = _largest(ctx, failing[0].args[0], failing[0].lineno)
    if need is None or need + 1 <= size:
        return []
    count = need + 1
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    places: list[str] = []
    for call in encodes:
        arg = _count_arg(call)
        found = ctx.defined_int(arg) if arg is not None else None
        if found is not None and found.number == size and found.span is not None:
            spans[(found.span.line, found.span.col)] = ctx.src.range(found.span)
            places.append(f"line {call.lineno}: to_categorical")
    for layer in ctx.index.keras.output_layers:
        head = ctx.src.call_at(layer)
        units = None
        if head is not None:
            units = next((k.value for k in head.keywords if k.arg == "units"), None)
            units = units if units is not None else (head.args[0] if head.args else None)
        found = ctx.defined_int(units) if units is not None else None
        if found is not None and found.number == size and found.span is not None:
            spans[(found.span.line, found.span.col)] = ctx.src.range(found.span)
            places.append(f"line {layer.line}: the output layer's units")
    if not places:
        return []
    patch = Patch(ctx.src.text)
    for s, e in spans.values():
        patch.replace(s, e, str(count))
    return ctx.fix(
        "ops.class-count",
        f"size the classes by the labels: {size} -> {count} ({'; '.join(places)})",
        patch.apply(),
        UNSAFE,
        [
            f"a label {m.group(1)} does not fit {size} classes",
            f"the run's labels go up to {need} as encoded: {count} classes",
        ],
    )
