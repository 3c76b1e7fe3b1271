"""The rule for a subclassed model whose ``call`` takes its inputs as several arguments.

Bridges "missing a required argument: 'tar'" (or "call() missing 1 required positional
argument") raised when ``fit``/``evaluate``/``predict`` feed a model of the script's own
class, and that class's ``call(self, inp, tar, training, mask_a, mask_b)``: Keras passes
the whole ``x`` (a tuple of the inputs) as the one first argument, so ``call`` takes
``inputs`` and unpacks it, ``def call(self, inputs, training=False):`` then ``inp, tar,
mask_a, mask_b = inputs`` (``training`` and ``mask`` stay keywords). Only when the model's
class is found through the program model's bindings, ``call`` lists at least two inputs
and no ``*args``, and the data fed is a tuple of as many arrays (as written, or as the
run's value trace saw it).
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import apply_edits, segment, text_offset
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.layer_call_args import script_class

_FEEDS = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch")
_KEYWORDS = ("training", "mask")


def _fed_count(ctx: RuleContext, call: ast.Call) -> int | None:
    """How many arrays the call's ``x`` holds: a tuple or list as written, or as traced."""
    x = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "x"), None)
    if isinstance(x, ast.Tuple | ast.List):
        return len(x.elts)
    if isinstance(x, ast.Name):
        fact = ctx.traced(x.id, call.lineno)
        if fact is not None and fact.type in ("tuple", "list") and fact.length:
            return fact.length
    return None


def _unpacked_call(ctx: RuleContext) -> list[Fix]:
    if not ctx.search(
        r"missing a required argument: '\w+'|call\(\) missing \d+ required positional argument"
    ):
        return []
    text = ctx.script.text
    for node in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(node, ast.Call)
        if not (isinstance(node.func, ast.Attribute) and node.func.attr in _FEEDS):
            continue
        cls = script_class(ctx, node.func.value)
        call = (
            next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "call"), None)
            if cls is not None
            else None
        )
        if call is None or call.args.vararg is not None or call.args.kwarg is not None:
            continue
        args = call.args.posonlyargs + call.args.args
        names = [a.arg for a in args[1:]]
        inputs = [n for n in names if n not in _KEYWORDS]
        if len(inputs) < 2 or call.args.defaults and len(call.args.defaults) >= len(names):
            continue
        if _fed_count(ctx, node) != len(inputs):
            continue
        head = ", ".join(
            ["self", "inputs"]
            + [f"{k}={'False' if k == 'training' else 'None'}" for k in _KEYWORDS if k in names]
        )
        body = call.body[0]
        if isinstance(body, ast.Expr) and isinstance(body.value, ast.Constant):
            body = call.body[1] if len(call.body) > 1 else body  # after the docstring
        indent = " " * body.col_offset
        start = text_offset(text, args[0].lineno, args[0].col_offset)
        last = args[-1]
        end = text_offset(text, last.end_lineno or last.lineno, last.end_col_offset or 0)
        at = text_offset(text, body.lineno, 0)
        edits = [
            (start, end, head),
            (at, at, f"{indent}{', '.join(inputs)} = inputs\n"),
        ]
        fed = segment(text, node.args[0]) if node.args else "x"
        return ctx.fix(
            "api.model-call-inputs",
            f"`{cls.name}.call` takes the inputs `fit` feeds as one argument and unpacks them",  # type: ignore[union-attr]
            apply_edits(text, edits),
            SAFE,
            [
                ctx.message.splitlines()[0][:160],
                f"Keras passes `{fed[:60]}` as the one first argument of `{cls.name}.call`, "  # type: ignore[union-attr]
                f"which lists {len(inputs)} inputs: {', '.join(inputs)}",
            ],
        )
    return []


RULES = [
    Rule(
        "api.model-call-inputs",
        "api",
        "a subclassed model whose call takes its inputs as several arguments: take one and unpack it",
        _unpacked_call,
    ),
]
