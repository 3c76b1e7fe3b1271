"""Edit operator for a sequence model that keeps its time axis where there is one label per
sequence.

Bridges ``target.shape=(32, 11), output.shape=(32, 398, 11)`` (the output one axis richer
than the labels, the class axis alike; for a regression loss "Incompatible shapes: [32,4]
vs. [32,30,4]"), the value trace (the fitted data's steps are that
extra axis) and the program model (the layers in model order) into the edit the
``return-sequences`` family mirrors: the last recurrent layer stops returning its whole
sequence (``return_sequences=True`` is dropped) and the ``TimeDistributed`` wrappers after
it become the layers they wrap, so the head sees the last state and gives one prediction
per sequence.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.axes import _dims
from gptfix.repair.operators.edit import (
    _offset,
    feed_calls,
    last_name,
    replace_node,
    segment,
    x_arg,
)
from gptfix.repair.operators.layers import _layer_sequences, _returns_sequences, _rnn_call
from gptfix.repair.rules.base import UNSAFE, RuleContext

_TARGET = re.compile(r"target\.shape=\(([^)]*)\), output\.shape=\(([^)]*)\)")
_INCOMPATIBLE = re.compile(r"Incompatible shapes: \[([^\]]*)\] vs\. \[([^\]]*)\]")
#: layers that remove a time axis: after one of them the output has no steps left
_REDUCING = re.compile(r"^(Flatten|Global\w*Pooling\w*|Reshape|Lambda)$")


def _keyword_span_removed(text: str, call: ast.Call, name: str) -> str:
    """``text`` without the ``name=`` keyword of ``call`` (and the comma before it)."""
    kw = next((k for k in call.keywords if k.arg == name), None)
    if kw is None:
        return text
    items: list[ast.AST] = [*call.args, *call.keywords]
    items.sort(key=lambda n: (n.lineno, n.col_offset))  # type: ignore[attr-defined]
    at = items.index(kw)
    if at == 0:
        return replace_node(text, kw, "") if len(items) == 1 else _drop_first(text, kw, items[1])
    prev = items[at - 1]
    lines = text.splitlines(keepends=True)
    start = _offset(lines, prev.end_lineno or prev.lineno, prev.end_col_offset or 0)  # type: ignore[attr-defined]
    end = _offset(lines, kw.end_lineno or kw.lineno, kw.end_col_offset or 0)
    return text[:start] + text[end:]


def _drop_first(text: str, kw: ast.keyword, following: ast.AST) -> str:
    """``text`` without the first argument ``kw`` of a call, up to the ``following`` one."""
    lines = text.splitlines(keepends=True)
    start = _offset(lines, kw.lineno, kw.col_offset)
    end = _offset(lines, following.lineno, following.col_offset)  # type: ignore[attr-defined]
    return text[:start] + text[end:]


def _extra_time_axis(ctx: RuleContext) -> tuple[list[int | None], list[int | None]] | None:
    """(target, output) dims when the output has one axis more than the labels, before
    a class axis both share."""
    m = _TARGET.search(ctx.message)
    if m is not None:
        target, output = _dims(m.group(1)), _dims(m.group(2))
    else:  # a regression loss: "Incompatible shapes: [32,4] vs. [32,30,4]", either order
        m = _INCOMPATIBLE.search(ctx.message)
        if m is None:
            return None
        target, output = sorted((_dims(m.group(1)), _dims(m.group(2))), key=len)
        if target[:1] != output[:1]:
            return None  # not the same batch
    if len(output) != len(target) + 1 or len(target) < 2 or target[-1] != output[-1]:
        return None
    return target, output


def _fitted_steps(ctx: RuleContext) -> int | None:
    """The steps axis of the data the script fits on (the run's second axis of ``x``)."""
    tree = ctx.index.tree
    for call in feed_calls(tree) if tree is not None else []:
        x = x_arg(call)
        fact = ctx.traced(x.id, call.lineno) if isinstance(x, ast.Name) else None
        if fact is not None and fact.shape and len(fact.shape) >= 3:
            return fact.shape[1]
    return None


def last_state(ctx: RuleContext) -> list[Fix]:
    """One label per sequence, a time axis in the output: the head reads the last state."""
    found = _extra_time_axis(ctx)
    tree = ctx.index.tree
    if found is None or tree is None:
        return []
    target, output = found
    steps = _fitted_steps(ctx)
    if steps is not None and output[1] is not None and steps != output[1]:
        return []  # the extra axis is not the data's steps
    for layers in _layer_sequences(tree):
        rnns = [i for i, layer in enumerate(layers) if _rnn_call(layer) is not None]
        if not rnns:
            continue
        last = rnns[-1]
        rnn = _rnn_call(layers[last])
        after = layers[last + 1 :]
        if rnn is None or not _returns_sequences(rnn):
            continue
        if any(_REDUCING.match(last_name(getattr(a, "func", a)) or "") for a in after):
            continue
        wrapped = [
            a
            for a in after
            if isinstance(a, ast.Call) and last_name(a.func) == "TimeDistributed" and a.args
        ]
        text = ctx.script.text
        for call in sorted(wrapped, key=lambda c: (c.lineno, c.col_offset), reverse=True):
            text = replace_node(text, call, segment(text, call.args[0]))
        text = _keyword_span_removed(text, rnn, "return_sequences")
        unwrapped = ", ".join(str(c.lineno) for c in wrapped)
        return ctx.fix(
            "ops.last-state",
            f"return the last state from the recurrent layer at line {rnn.lineno}"
            + (f" and apply the head(s) at line {unwrapped} to it directly" if wrapped else ""),
            text,
            UNSAFE,
            [
                f"the labels are {tuple(target)}: one per sequence; the output is "
                f"{tuple(output)}: one per step",
                f"line {rnn.lineno}: {segment(ctx.script.text, rnn)} returns every step",
                *([f"the fitted data has {steps} steps"] if steps is not None else []),
            ],
        )
    return []
