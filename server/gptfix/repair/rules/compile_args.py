"""Rules for ``compile`` arguments given in a shape Keras 3 no longer takes.

Bridges "Expected `metrics` argument to be a list, tuple, or dict. Received instead:
metrics=<BinaryAccuracy ...>" (Keras 2 took one metric object) and the ``compile`` call
on the failing line: the one metric becomes a one-item list, the same metric. And "tuple
arity mismatch; expected: 3, got: 1 ... Invalid `metrics` ... match the output structure of
the model" (Keras 2 applied a metrics list to every output of a multi-output model; Keras
3 reads the list as one entry per output): the one ``compile`` whose metrics list is the
list the error received gets it repeated for each output (``["mae"] * 3``).
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


_ARITY = re.compile(
    r"arity mismatch; expected: (\d+), got: (\d+).*?Invalid `(metrics|loss_weights)`", re.S
)


#: the list the error quotes: "Received: metrics=['mae']"
_RECEIVED = re.compile(r"Received: metrics=(\[[^\]\n]*\])")


def _literal_of(source: str) -> object:
    try:
        return ast.literal_eval(source.strip())
    except (ValueError, SyntaxError):
        return None


def _per_output(ctx: RuleContext) -> list[Fix]:
    """``compile(metrics=["mae"])`` for a model of 3 outputs -> ``metrics=["mae"] * 3``."""
    m = _ARITY.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or m.group(3) != "metrics":
        return []
    outputs, given = int(m.group(1)), int(m.group(2))
    received = _RECEIVED.search(ctx.message)
    if given != 1 or outputs < 2 or received is None:
        return []
    try:
        said = ast.literal_eval(received.group(1))
    except (ValueError, SyntaxError):
        return []
    lines = {  # the model compiles the program model records whose list is the one received
        fact.line
        for fact in ctx.index.keras.compile
        if fact.kwargs.get("metrics") is not None and _literal_of(fact.kwargs["metrics"]) == said
    }
    found = [
        kw.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "compile"
        and node.lineno in lines
        for kw in node.keywords
        if kw.arg == "metrics" and isinstance(kw.value, ast.List)
    ]
    if len(found) != 1:
        return []
    text = ctx.script.text
    value = segment(text, found[0])
    return ctx.fix(
        "api.metrics-per-output",
        f"give each of the {outputs} outputs the metrics: `{value} * {outputs}`",
        replace_node(text, found[0], f"{value} * {outputs}"),
        SAFE,
        [
            f"the model has {outputs} outputs; `metrics={value}` at line {found[0].lineno} "
            "is read as the metric of the first output only",
            "Keras 3 takes one entry per output in a metrics list",
        ],
    )


RULES = [
    Rule(
        "api.listed-argument",
        "api",
        "a compile argument given as one object where Keras 3 takes a list",
        _listed_argument,
    ),
    Rule(
        "api.metrics-per-output",
        "api",
        "one metrics list for a multi-output model, which Keras 3 reads per output",
        _per_output,
    ),
]
