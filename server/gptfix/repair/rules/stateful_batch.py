"""Rules for a stateful recurrent model fed batches of another size.

Bridges "If an RNN is stateful, the batch size of the input sequences must be the same as
the batch size of the initial state. Expected batch size: 1, Received batch size: 32" at a
``fit`` / ``evaluate`` / ``predict`` call and that call: a stateful model is built for one
batch size (``Input(batch_shape=(1, 10, 3))``), and the call, given no ``batch_size=`` (32
by default) or another one, must pass the model's. The size comes from the message.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, call_name, kwvalue

_STATEFUL = re.compile(
    r"(?s)\bstateful\b.*?Expected batch size:\s*(?P<want>\d+).*?Received batch size:\s*(?P<got>\d+)"
)
_FEEDS = ("fit", "evaluate", "predict")


def _stateful_batch(ctx: RuleContext) -> list[Fix]:
    m = _STATEFUL.search(ctx.message)
    if m is None or m["want"] == m["got"]:
        return []
    calls = [
        c
        for c in ctx.nodes_on_user_lines(ast.Call)
        if isinstance(c, ast.Call) and call_name(c) in _FEEDS
    ]
    if not calls:
        return []
    call = calls[0]
    want = m["want"]
    if any(k.arg is None for k in call.keywords):
        return []  # ``**kw`` may pass a batch size of its own
    patch = Patch(ctx.src.text)
    given = kwvalue(call, "batch_size")
    if given is not None:
        s, e = ctx.src.span(given)
        patch.replace(s, e, want)
    elif call.args or call.keywords:
        ends = [ctx.src.span(n)[1] for n in [*call.args, *call.keywords]]
        patch.insert(max(ends), f", batch_size={want}")  # a trailing comma stays after it
    else:
        patch.insert(ctx.src.span(call)[1] - 1, f"batch_size={want}")
    return ctx.fix(
        "fit.stateful-batch-size",
        f"pass `batch_size={want}` to `{call_name(call)}`: the stateful model is built for "
        f"batches of {want}",
        patch.apply(),
        SAFE,
        [
            f"the model's stateful layers keep state for batches of {want}; `{call_name(call)}` "
            f"sent {m['got']}",
        ],
    )


RULES = [
    Rule(
        "fit.stateful-batch-size",
        "fit",
        "a stateful recurrent model fed batches of another size than it is built for",
        _stateful_batch,
    ),
]
