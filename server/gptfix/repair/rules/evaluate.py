"""Rule for a metric read from ``evaluate`` that the model was never compiled with.

Bridges "'float' object is not subscriptable" on a line that indexes what ``evaluate``
returned (``score = model.evaluate(...)``; ``score[1]``) and the ``compile`` of that
model: without ``metrics=`` Keras returns the loss alone, a float. The compile call gets
the metric the script reads: ``metrics=["accuracy"]`` when the line reads index 1 and
says "acc" (a print label, a name) or the model is compiled with a classification loss.
Which metric the author meant is a guess from those words, so the fix is never offered as
safe.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg, assignment_of, segment
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext

_CLASSIFY = re.compile(r"crossentropy|hinge|CrossEntropy|Hinge")


def _evaluated(tree: ast.Module, name: str, line: int) -> ast.Call | None:
    """The ``X.evaluate(...)`` call ``name`` was last assigned from before ``line``."""
    found = assignment_of(tree, name, line)
    value = found.value if found is not None else None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        return value if value.func.attr == "evaluate" else None
    return None


def _compile_of(tree: ast.Module, owner: str, text: str, line: int) -> ast.Call | None:
    calls = [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and isinstance(c.func, ast.Attribute)
        and c.func.attr == "compile"
        and segment(text, c.func.value) == owner
        and c.lineno < line
    ]
    return max(calls, key=lambda c: c.lineno) if calls else None


def metric_not_compiled(ctx: RuleContext) -> list[Fix]:
    """``score[1]`` of ``evaluate`` with no metrics compiled: ``metrics=["accuracy"]``."""
    tree = ctx.index.tree
    if tree is None or not ctx.user_lines:
        return []
    if not ctx.search(r"'float' object is not subscriptable"):
        return []
    line = ctx.user_lines[0]
    text = ctx.script.text
    source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    for sub in ast.walk(tree):
        if not (
            isinstance(sub, ast.Subscript)
            and sub.lineno == line
            and isinstance(sub.value, ast.Name)
            and isinstance(sub.slice, ast.Constant)
            and sub.slice.value == 1
        ):
            continue
        evaluate = _evaluated(tree, sub.value.id, line)
        if evaluate is None or not isinstance(evaluate.func, ast.Attribute):
            continue
        owner = segment(text, evaluate.func.value)
        compiled = _compile_of(tree, owner, text, evaluate.lineno)
        if compiled is None or any(k.arg == "metrics" for k in compiled.keywords):
            continue
        loss = next((segment(text, k.value) for k in compiled.keywords if k.arg == "loss"), "")
        if not (re.search(r"(?i)acc", source_line) or _CLASSIFY.search(loss)):
            continue
        return ctx.fix(
            "evaluate.metric-not-compiled",
            f'compile `{owner}` with `metrics=["accuracy"]` so that `evaluate` returns it',
            add_kwarg(text, compiled, "metrics", '["accuracy"]'),
            UNSAFE,
            [
                f"line {line} reads `{segment(text, sub)}` of what `evaluate` returned "
                f"(line {evaluate.lineno})",
                f"`{owner}` is compiled without metrics (line {compiled.lineno}): "
                "`evaluate` returns the loss alone, a float",
            ],
        )
    return []


RULES = [
    Rule(
        "evaluate.metric-not-compiled",
        "history",
        "a metric read from evaluate that was never compiled",
        metric_not_compiled,
    ),
]
