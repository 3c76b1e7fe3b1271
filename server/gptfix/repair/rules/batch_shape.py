"""Rules for Keras 2's ``batch_input_shape=`` on a model's first layer.

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

from gptfix.model import Fix
from gptfix.repair.operators.edit import apply_edits, layer_holder, segment, text_offset
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
    for line in ctx.user_lines:
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and node.lineno <= line <= (node.end_lineno or node.lineno)
                and any(k.arg == _KW for k in node.keywords)
            ):
                continue
            kw = next(k for k in node.keywords if k.arg == _KW)
            shape = segment(text, kw.value)
            spelled, import_edit = layer_spelling(ctx, node, "Input")
            if not spelled or not shape:
                return []
            edits = [drop_keyword(text, node, kw)]
            holder = layer_holder(tree, node)
            if holder is None or holder[0] == "chain":
                return []
            kind, at = holder
            if kind == "item" and at.elts[0] is not node:  # type: ignore[attr-defined]
                return []  # only a model's first layer declares its input
            if kind == "add":
                stmt = at.value  # type: ignore[attr-defined]
                indent = " " * at.col_offset  # type: ignore[attr-defined]
                stmt_start = text_offset(text, stmt.lineno, 0)
                code = f"{indent}{segment(text, stmt.func)}(" + (
                    f"{spelled}(batch_shape={shape}))\n"
                )
                edits.append((stmt_start, stmt_start, code))
            else:
                start = text_offset(text, node.lineno, node.col_offset)
                edits.append((start, start, f"{spelled}(batch_shape={shape}), "))
            if import_edit is not None:
                edits.append((import_edit[0], import_edit[0], import_edit[1]))
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


RULES = [
    Rule(
        "api.batch-input-shape",
        "api",
        "Keras 2's batch_input_shape= on a model's first layer",
        _batch_input_shape,
    ),
]
