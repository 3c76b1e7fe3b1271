"""Rules for a concatenation along an axis the inputs do not differ on.

Bridges "A `Concatenate` layer requires inputs with matching shapes except for the
concatenation axis. Received: input_shape=[(None, 17, 17, 64), (None, 17, 17, 96)]" and
the ``concatenate(..., axis=1)`` / ``Concatenate(axis=1)`` call on the failing line: the
shapes the error gives agree on every axis but one, so that one is the only axis the
inputs can be joined on (channels-first code moved to channels-last data, usually).
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg, apply_edits, segment, text_offset
from gptfix.repair.rules.base import SAFE, Rule, RuleContext

_SHAPES = re.compile(
    r"Concatenate` layer requires inputs with matching shapes except for the concatenation "
    r"axis\. Received: input_shape=(\[[^\]]*\])"
)


def _shapes(text: str) -> list[tuple[int | None, ...]] | None:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    if (
        not isinstance(value, list)
        or len(value) < 2
        or not all(isinstance(s, tuple) for s in value)
    ):
        return None
    return value


def _only_axis(shapes: list[tuple[int | None, ...]]) -> int | None:
    """The one axis the shapes differ on (negative from the end when it is the last)."""
    rank = len(shapes[0])
    if any(len(s) != rank for s in shapes):
        return None
    differ = [k for k in range(1, rank) if len({s[k] for s in shapes if s[k] is not None}) > 1]
    if len(differ) != 1:
        return None
    return -1 if differ[0] == rank - 1 else differ[0]


def _concat_axis(ctx: RuleContext) -> list[Fix]:
    """``concatenate([a, b], axis=1)`` on (N, 17, 17, 64) and (N, 17, 17, 96) -> ``axis=-1``."""
    m = _SHAPES.search(ctx.message)
    tree = ctx.index.tree
    shapes = _shapes(m.group(1)) if m is not None else None
    axis = _only_axis(shapes) if shapes else None
    if axis is None or tree is None:
        return []
    text = ctx.script.text
    for node in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(node, ast.Call)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in ("concatenate", "Concatenate"):
            continue
        kw = next((k for k in node.keywords if k.arg == "axis"), None)
        if kw is not None:
            was = segment(text, kw.value)
            if was.replace(" ", "") == str(axis):
                continue
            # the script's other concatenations written on that axis (channels-first code
            # on channels-last data) fail next: all of them move
            alike = [c for c in _concat_axes(tree, text) if c[1] == was]
            new = apply_edits(
                text,
                [
                    (
                        text_offset(text, v.lineno, v.col_offset),
                        text_offset(text, v.end_lineno or v.lineno, v.end_col_offset or 0),
                        str(axis),
                    )
                    for v, _ in alike
                ],
            )
        elif axis == -1 or node.args[1:]:
            continue  # the default axis already, or given by position
        else:
            new = add_kwarg(text, node, "axis", str(axis))
            was = "-1 (the default)"
        return ctx.fix(
            "shape.concat-axis",
            f"concatenate on axis {axis}, the one axis the inputs differ on (was {was})",
            new,
            SAFE,
            [
                f"the inputs are {', '.join(str(s) for s in shapes or [])}",
                f"they agree on every axis but {axis}",
            ],
        )
    return []


def _concat_axes(tree: ast.Module, text: str) -> list[tuple[ast.expr, str]]:
    """(the ``axis=`` value, its text) of every concatenation call of the script."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("concatenate", "Concatenate"):
            out += [(k.value, segment(text, k.value)) for k in node.keywords if k.arg == "axis"]
    return out


RULES = [
    Rule(
        "shape.concat-axis",
        "shape",
        "a concatenation along an axis its inputs agree on: the one axis they differ on",
        _concat_axis,
    ),
]
