"""Edit operator on one-hot labels indexed back down to one value per sample.

Bridges a loss failure whose targets lack the output's class axis (``target.shape=(None,)``,
``output.shape=(None, 2)``) and the labels' provenance in the program model: labels one-hot
encoded (``to_categorical``, ``one_hot``) and then indexed with a constant on their way to
``fit`` (``label_hot = label_hot[0]  # just get a single row``) keep one column of the
encoding, not the class. The cut is taken out, so the labels reach the loss as the one-hot
rows the script made them. The loss rule leaves such labels to this operator instead of
switching to a sparse loss.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import replace_node, segment, statement_at
from gptfix.repair.rules.base import SAFE, RuleContext
from gptfix.repair.rules.loss import cut_labels, shapes_from_message


def _without_cut(text: str, stmt: ast.Assign) -> str:
    """``text`` without the cut: the whole line of ``v = v[k]``, else ``x = v[k]`` as
    ``x = v``."""
    value = stmt.value
    assert isinstance(value, ast.Subscript)
    target = stmt.targets[0]
    same = isinstance(target, ast.Name) and segment(text, value.value) == target.id
    lines = text.splitlines(keepends=True)
    alone = lines[stmt.lineno - 1].strip().startswith(segment(text, target))
    if same and alone and stmt.lineno == stmt.end_lineno:
        return "".join(lines[: stmt.lineno - 1] + lines[stmt.lineno :])
    return replace_node(text, value, segment(text, value.value))


def one_hot_cut(ctx: RuleContext) -> list[Fix]:
    """Labels one-hot encoded then indexed with a constant: keep the whole one-hot rows."""
    step = cut_labels(ctx)
    tree = ctx.index.tree
    if step is None or tree is None:
        return []
    stmt = statement_at(tree, step.line)
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1):
        return []
    shapes = shapes_from_message(ctx.message)
    assert shapes is not None
    return ctx.fix(
        "ops.one-hot-cut",
        f"keep the whole one-hot labels: take out the index on line {step.line}",
        _without_cut(ctx.script.text, stmt),
        SAFE,
        [
            f"targets {tuple(shapes[0])} against the model output {tuple(shapes[1])}:"
            " one value per sample where the output has a class axis",
            f"line {step.line}: `{step.expr}` keeps one column of labels the script"
            " one-hot encoded",
        ],
    )
