"""Edit operator on feature maps that shrink to nothing: valid-padded convolutions.

Bridges ``Computed output size would be zero or negative`` (or ``Negative dimension
size``) raised while building a stack of convolution and pooling blocks, and the
script's convolutions: each unpadded convolution loses ``kernel - 1`` rows and columns,
so with pooling after every block a small input reaches 1x1 before the last kernel.
Every convolution that leaves ``padding`` at its default ("valid") keeps its input's
size with ``padding="same"``; the pooling layers still downsample as the user wrote.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg, last_name
from gptfix.repair.rules.base import UNSAFE, RuleContext

_CONVS = ("Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D")


def same_padding(ctx: RuleContext) -> list[Fix]:
    """Convolutions without ``padding=`` in a model whose maps shrink below a kernel."""
    if not ctx.search(r"zero or negative|Negative dimension size|negative output size"):
        return []
    if ctx.search(r"padding=(?:'|\")?same"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    convs = [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and last_name(c.func) in _CONVS
        and not any(k.arg == "padding" for k in c.keywords)
        and not (len(c.args) > 3)  # a positional padding (filters, kernel, strides, padding)
    ]
    if len(convs) < 2:
        return []  # one convolution: its kernel or the input is the user's choice to revisit
    text = ctx.script.text
    for call in sorted(convs, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        text = add_kwarg(text, call, "padding", '"same"')
    return ctx.fix(
        "ops.same-padding",
        f'keep each convolution\'s size with padding="same" ({len(convs)} layer(s))',
        text,
        UNSAFE,
        [
            "the feature maps shrank below a kernel: each valid convolution loses kernel - 1",
            "lines " + ", ".join(str(c.lineno) for c in sorted(convs, key=lambda c: c.lineno)),
        ],
    )
