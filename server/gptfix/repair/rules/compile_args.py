"""Rules for ``compile`` arguments given in a shape Keras 3 no longer takes.

Bridges "Expected `metrics` argument to be a list, tuple, or dict. Received instead:
metrics=<BinaryAccuracy ...>" (Keras 2 took one metric object) and the ``compile`` call
on the failing line: the one metric becomes a one-item list, the same metric.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import replace_node, segment
from gptfix.repair.rules.base import SAFE, Rule, RuleContext

_LISTED = re.compile(r"Expected `(\w+)` argument to be a list, tuple, or dict")


def _listed_argument(ctx: RuleContext) -> list[Fix]:
    """``compile(metrics=BinaryAccuracy())`` -> ``compile(metrics=[BinaryAccuracy()])``."""
    m = _LISTED.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    arg = m.group(1)
    text = ctx.script.text
    for line in ctx.user_lines:
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "compile"
                and node.lineno <= line <= (node.end_lineno or node.lineno)
            ):
                continue
            kw = next((k for k in node.keywords if k.arg == arg), None)
            if kw is None or isinstance(kw.value, ast.List | ast.Tuple | ast.Dict):
                continue
            value = segment(text, kw.value)
            return ctx.fix(
                "api.listed-argument",
                f"give `{arg}=` as a list: `[{value}]`",
                replace_node(text, kw.value, f"[{value}]"),
                SAFE,
                [
                    ctx.message.splitlines()[0][:160],
                    f"`{arg}=` at line {kw.value.lineno} is one object",
                ],
            )
    return []


RULES = [
    Rule(
        "api.listed-argument",
        "api",
        "a compile argument given as one object where Keras 3 takes a list",
        _listed_argument,
    ),
]
