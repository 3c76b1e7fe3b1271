"""A custom ``train_step``/``test_step`` that unpacks ``x, y = data`` while ``fit`` feeds
sample weights too (``sample_weight=`` or a dataset of three-tuples): "too many values to
unpack (expected 2)". The fix unpacks the weights when they come and hands them to the
loss and the metrics the step computes, as the Keras guide's step does.

Bridges the failing unpacking and the function around it (the index's scopes): the
statement must unpack the function's own parameter into two names; every
``compiled_loss``/``compute_loss``/``compiled_metrics.update_state`` call of that function
that gives no weight then gets ``sample_weight=``.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch

_WEIGHTED = ("compiled_loss", "compute_loss", "update_state")


def _unpacks_weights(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"too many values to unpack \(expected 2")
    if not m or not ctx.user_lines:
        return []
    line = ctx.user_lines[0]
    scope = ctx.index.enclosing_function(line)  # the program model's scopes
    fn = next(
        (
            n
            for n in ast.walk(ctx.src.tree)
            if isinstance(n, ast.FunctionDef) and scope is not None and n.lineno == scope.line
        ),
        None,
    )
    if fn is None:
        return []
    params = {a.arg for a in fn.args.args}
    stmt = next(
        (
            s
            for s in ast.walk(fn)
            if isinstance(s, ast.Assign)
            and s.lineno == line
            and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Tuple)
            and len(s.targets[0].elts) == 2
            and all(isinstance(e, ast.Name) for e in s.targets[0].elts)
            and isinstance(s.value, ast.Name)
            and s.value.id in params
        ),
        None,
    )
    if stmt is None:
        return []
    bound = {x.id for x in ast.walk(fn) if isinstance(x, ast.Name)} | params
    weight = "sample_weight" if "sample_weight" not in bound else "sample_weight_"
    assert isinstance(stmt.value, ast.Name) and isinstance(stmt.targets[0], ast.Tuple)
    data = stmt.value.id
    x, y = (ast.unparse(e) for e in stmt.targets[0].elts)
    row = ctx.src.lines[stmt.lineno - 1]
    pad = row[: len(row) - len(row.lstrip())]
    new = (
        f"if len({data}) == 3:\n{pad}    {x}, {y}, {weight} = {data}\n{pad}else:\n"
        f"{pad}    {x}, {y} = {data}\n{pad}    {weight} = None"
    )
    patch = Patch(ctx.src.text)
    s, e = ctx.src.span(stmt)
    patch.replace(s, e, new)
    calls = 0
    for node in ast.walk(fn):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _WEIGHTED
            and not any(k.arg == "sample_weight" for k in node.keywords)
            and len(node.args) >= 2
        ):
            if node.func.attr == "update_state" and "compiled_metrics" not in ast.unparse(
                node.func
            ):
                continue
            end = ctx.src.span(node.args[-1])[1]
            patch.replace(end, end, f", sample_weight={weight}")
            calls += 1
    return ctx.fix(
        "api.step-sample-weight",
        f"unpack the sample weights `fit` feeds in `{fn.name}` and pass them to the loss"
        + (f" ({calls} calls)" if calls > 1 else ""),
        patch.apply(),
        UNSAFE,
        [
            f"ValueError: too many values to unpack (expected 2) at `{ast.unparse(stmt)}`",
            f"`{fn.name}` unpacks its `{data}` into two values; `fit` gives three (with weights)",
        ],
    )


RULES = [
    Rule(
        "api.step-sample-weight",
        "api",
        "a custom training step unpacks (x, y) while fit feeds sample weights too: unpack them "
        "when given and pass them to the loss and metrics",
        _unpacks_weights,
    ),
]
