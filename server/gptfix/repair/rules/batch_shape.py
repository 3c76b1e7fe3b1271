"""Rules for a model's first layer that declares its input the Keras 1/2 way.

A first layer given the data's shape as positional numbers (``Flatten(60000, 28, 28)``:
"takes from 1 to 2 positional arguments but 4 were given") gets ``Input(shape=...)``
before it, the per-sample shape of the array ``fit`` gets (the numbers end with it).

Bridges "Unrecognized keyword arguments passed to LSTM: {'batch_input_shape': (1, 1, 7)}"
(Keras 3 dropped the keyword; a stateful RNN still needs its fixed batch size) and the
layer that passes it: the shape moves to an ``Input(batch_shape=...)`` placed before the
layer -- ``model.add(Input(batch_shape=...))`` on the line above a ``model.add(...)``, an
item before it in ``Sequential([...])`` -- with the same expression, so the model keeps
its batch size and per-sample shape. ``Input`` is spelled as the script already reaches
it, else added to the import the layer itself comes from.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import (
    apply_edits,
    feed_calls,
    layer_holder,
    segment,
    text_offset,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, Rule, RuleContext

_KW = "batch_input_shape"


def layer_spelling(
    ctx: RuleContext, near: ast.Call, name: str
) -> tuple[str, tuple[int, str] | None]:
    """How to write the Keras layer class ``name`` (``Input``, ``PReLU``) where ``near`` (a
    layer call) is: as the script already reaches it, else beside ``near``'s own module
    (``layers.LSTM`` -> ``layers.PReLU``), else added to the from-import that brings
    ``near``'s class (the insertion returned with it). ("", None) when there is no way."""
    index = ctx.index
    for qualified in (f"keras.layers.{name}",):
        spelled = index.spell(qualified, near.lineno)
        if spelled:
            return spelled, None
    func = near.func
    if isinstance(func, ast.Attribute):  # ``layers.LSTM``: ``layers.Input``
        return f"{segment(ctx.script.text, func.value)}.{name}", None
    tree = index.tree
    if not isinstance(func, ast.Name) or tree is None:
        return "", None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(
            (a.asname or a.name) == func.id for a in node.names
        ):
            last = node.names[-1]
            at = text_offset(ctx.script.text, last.end_lineno or 1, last.end_col_offset or 0)
            return name, (at, f", {name}")
    return "", None


def _batch_input_shape(ctx: RuleContext) -> list[Fix]:
    """``model.add(LSTM(4, batch_input_shape=(1, T, F), stateful=True))`` ->
    ``model.add(Input(batch_shape=(1, T, F)))`` then ``model.add(LSTM(4, stateful=True))``."""
    tree = ctx.index.tree
    if tree is None or _KW not in ctx.message:
        return []
    text = ctx.script.text
    for node in _calls_at(ctx, tree):
        if any(k.arg == _KW for k in node.keywords):
            kw = next(k for k in node.keywords if k.arg == _KW)
            shape = segment(text, kw.value)
            declared = _input_first(ctx, tree, node, f"batch_shape={shape}")
            if declared is None or not shape:
                return []
            edits = [drop_keyword(text, node, kw), *declared[1]]
            spelled = declared[0]
            new = apply_edits(text, edits)
            return ctx.fix(
                "api.batch-input-shape",
                f"declare the batch shape with `{spelled}(batch_shape={shape})` before the layer "
                f"(Keras 3 has no `{_KW}=`)",
                new,
                SAFE,
                [ctx.message.splitlines()[0][:160], f"`{_KW}` is at line {node.lineno}"],
            )
    return []


def drop_keyword(text: str, call: ast.Call, kw: ast.keyword) -> tuple[int, int, str]:
    """The edit removing ``kw`` (and one comma next to it) from ``call``."""
    start = text_offset(text, kw.lineno, kw.col_offset)
    end = text_offset(text, kw.end_lineno or kw.lineno, kw.end_col_offset or 0)
    rest = text[end:]
    stripped = rest.lstrip()
    if stripped.startswith(","):
        end += len(rest) - len(stripped) + 1
        while end < len(text) and text[end] == " ":
            end += 1
    else:
        head = text[:start].rstrip()
        if head.endswith(","):
            start = len(head) - 1
    return start, end, ""


def _input_first(
    ctx: RuleContext, tree: ast.Module, layer: ast.Call, declaration: str
) -> tuple[str, list[tuple[int, int, str]]] | None:
    """The edits putting ``Input(<declaration>)`` before ``layer``, a model's first layer
    (the line above its ``model.add``, or the item before it in ``Sequential([...])``),
    with the import ``Input`` needs; None when the layer is not a model's first."""
    text = ctx.script.text
    spelled, import_edit = layer_spelling(ctx, layer, "Input")
    holder = layer_holder(tree, layer)
    if not spelled or holder is None or holder[0] == "chain":
        return None
    kind, at = holder
    edits: list[tuple[int, int, str]] = []
    if kind == "item":
        if at.elts[0] is not layer:  # type: ignore[attr-defined]
            return None  # only a model's first layer declares its input
        start = text_offset(text, layer.lineno, layer.col_offset)
        edits.append((start, start, f"{spelled}({declaration}), "))
    else:
        stmt = at.value  # type: ignore[attr-defined]
        indent = " " * at.col_offset  # type: ignore[attr-defined]
        start = text_offset(text, stmt.lineno, 0)
        edits.append(
            (start, start, f"{indent}{segment(text, stmt.func)}({spelled}({declaration}))\n")
        )
    if import_edit is not None:
        edits.append((import_edit[0], import_edit[0], import_edit[1]))
    return spelled, edits


_POSITIONAL = re.compile(
    r"(\w+)\.__init__\(\) takes from \d+ to \d+ positional arguments but (\d+) were given"
)


def _positional_shape(ctx: RuleContext) -> list[Fix]:
    """``Flatten(60000, 28, 28)`` as a model's first layer, trained on (N, 28, 28) data:
    ``Input(shape=(28, 28))`` before it and ``Flatten()``."""
    m = _POSITIONAL.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    text = ctx.script.text
    for node in _calls_at(ctx, tree):
        if (
            len(node.args) >= 2
            and all(isinstance(a, ast.Constant) and type(a.value) is int for a in node.args)
            and not node.keywords
        ):
            ints = [a.value for a in node.args]  # type: ignore[attr-defined]
            sample = _fed_sample(ctx, tree)
            if sample is None or ints[-len(sample) :] != sample or len(ints) - len(sample) > 1:
                continue
            shape = (
                "(" + ", ".join(str(d) for d in sample) + ("," if len(sample) == 1 else "") + ")"
            )
            declared = _input_first(ctx, tree, node, f"shape={shape}")
            if declared is None:
                return []
            start = text_offset(text, node.args[0].lineno, node.args[0].col_offset)
            end = text_offset(
                text, node.args[-1].end_lineno or 1, node.args[-1].end_col_offset or 0
            )
            new = apply_edits(text, [(start, end, ""), *declared[1]])
            return ctx.fix(
                "api.positional-shape",
                f"declare the input as `{declared[0]}(shape={shape})` and build `{m.group(1)}` "
                "without the shape",
                new,
                SAFE,
                [
                    ctx.message.splitlines()[0][:160],
                    f"the numbers {tuple(ints)} end with the per-sample shape of the data fed "
                    f"to the model, {shape}",
                ],
            )
    return []


def _calls_at(ctx: RuleContext, tree: ast.Module) -> list[ast.Call]:
    """The calls of the program model's tree spanning the failure's user lines."""
    return [
        node
        for line in ctx.user_lines
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and node.lineno <= line <= (node.end_lineno or node.lineno)
    ]


def _fed_sample(ctx: RuleContext, tree: ast.Module) -> list[int] | None:
    """The per-sample shape of the array the script's ``fit`` gets (from the trace)."""
    for call in feed_calls(tree):
        x = x_arg(call)
        if isinstance(x, ast.Name):
            fact = ctx.traced(x.id, call.lineno)
            if fact is not None and fact.shape and all(isinstance(d, int) for d in fact.shape[1:]):
                return [int(d) for d in fact.shape[1:] if d is not None]
    return None


RULES = [
    Rule(
        "api.positional-shape",
        "api",
        "a first layer given the data's shape as positional numbers",
        _positional_shape,
    ),
    Rule(
        "api.batch-input-shape",
        "api",
        "Keras 2's batch_input_shape= on a model's first layer",
        _batch_input_shape,
    ),
]
