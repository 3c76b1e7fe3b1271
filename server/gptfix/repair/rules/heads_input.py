"""What goes between a layer's multi-dimensional output and a Dense head: the facts
``shape.missing-flatten`` decides by.

Bridges the script's layers (as written) and the choice between ``Flatten`` and global
pooling: a convolution with very few filters before the head (pooling would keep only
those few numbers), and a recurrent layer whose states over a known, small number of steps
flatten to a modest width (flattening keeps their order; a long, wide sequence would give
the head most of the model's parameters, so it is pooled); whether a layer that makes
steps comes before the head at all (else it reads the data as fed); and, for layers made
once and applied by name, the Dense the run's value trace shows on a tensor with steps.
"""

from __future__ import annotations

import ast
import re

from gptfix.repair.rules.base import RuleContext
from gptfix.repair.rules.text import Source, call_name, calls

_RECURRENT = ("SimpleRNN", "LSTM", "GRU", "Bidirectional", "CuDNNLSTM", "CuDNNGRU", "RNN")


#: the most values a flattened sequence may give a Dense head before flattening is worse
#: than pooling it (a head of that width times its units parameters)
_FLAT_MAX = 1024


def after_recurrent(src: Source, dense: ast.Call, steps: int) -> bool:
    """Whether the layer written nearest before ``dense`` is a recurrent one whose states
    over ``steps`` flatten to a modest width (its units, doubled when bidirectional)."""
    before = [
        c for c in calls(src) if c.lineno < dense.lineno and (call_name(c) or "")[:1].isupper()
    ]
    if not before:
        return False
    last = max(before, key=lambda c: (c.lineno, c.col_offset))
    outer = [c for c in before if c.lineno == last.lineno]
    rnn = [
        c for c in outer if (call_name(c) or "") in _RECURRENT and call_name(c) != "Bidirectional"
    ]
    if not rnn or not rnn[0].args or not isinstance(rnn[0].args[0], ast.Constant):
        return False
    units = rnn[0].args[0].value
    if not isinstance(units, int):
        return False
    both = any(call_name(c) == "Bidirectional" for c in outer)
    return steps * units * (2 if both else 1) <= _FLAT_MAX


def few_channels(src: Source, dense: ast.Call) -> int | None:
    """The filter count of the convolution nearest before ``dense`` when it is at most 4
    (global pooling would then remove most of what the layer computed)."""
    best: tuple[int, int] | None = None
    for c in calls(src):
        if (call_name(c) or "").startswith("Conv") and c.lineno <= dense.lineno and c.args:
            first = c.args[0]
            if isinstance(first, ast.Constant) and type(first.value) is int:
                if best is None or c.lineno >= best[0]:
                    best = (c.lineno, first.value)
    return best[1] if best is not None and best[1] <= 4 else None


def dense_on_traced(ctx: RuleContext) -> tuple[ast.Call, int, bool] | None:
    """``Dense(1)(x)`` where the run saw ``x`` with more than one axis per sample: layers
    made once and applied by name (``x = embedding(x)``) hide the rank from the code."""
    for node in ctx.src.walk():
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Call)
            and call_name(node.func) == "Dense"
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Name)
        ):
            continue
        fact = ctx.traced(node.args[0].id, before=node.lineno + 1)
        if fact is not None and fact.shape is not None and len(fact.shape) >= 3:
            return node.func, len(fact.shape) - 1, False
    return None


_STEP_MAKERS = re.compile(
    r"(?i)Embedding|Conv1D|Conv2D|Conv3D|SeparableConv|DepthwiseConv|LSTM|GRU|SimpleRNN|RNN|"
    r"Bidirectional|TimeDistributed|MultiHeadAttention|Attention|TextVectorization|Pooling"
)


def made_steps(src: Source, dense: ast.Call) -> bool:
    """Whether a layer that makes steps or feature maps (an Embedding, a convolution, a
    recurrent or attention layer) comes before ``dense`` in its model, since the last
    ``Sequential``/``Input``: else the Dense reads the data as the script feeds it."""
    seen = False
    for c in calls(src):
        if c is dense:
            return seen
        name = call_name(c) or ""
        if name in ("Sequential", "Input", "InputLayer"):
            seen = False
        elif _STEP_MAKERS.search(name):
            seen = True
    return True  # not found: keep the order as it was
