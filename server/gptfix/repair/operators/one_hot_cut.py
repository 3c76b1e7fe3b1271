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
from gptfix.repair.operators.edit import replace_node, segment
from gptfix.repair.rules.base import SAFE, RuleContext
from gptfix.repair.rules.loss import cut_labels, shapes_from_message


def _only_statement(stmt: ast.stmt, tree: ast.Module) -> bool:
    """Whether ``stmt`` is the whole body of the block it sits in (``if single:`` over it)."""
    return any(
        getattr(node, field, None) == [stmt]
        for node in ast.walk(tree)
        for field in ("body", "orelse", "finalbody")
    )


def _without_cut(text: str, stmt: ast.Assign, tree: ast.Module) -> str:
    """``text`` without the cut: the whole line of ``v = v[k]``, else ``x = v[k]`` as
    ``x = v``."""
    value = stmt.value
    assert isinstance(value, ast.Subscript)
    target = stmt.targets[0]
    same = isinstance(target, ast.Name) and segment(text, value.value) == target.id
    lines = text.splitlines(keepends=True)
    row = lines[stmt.lineno - 1].strip()
    alone = row.startswith(segment(text, target)) and ";" not in row
    if same and alone and stmt.lineno == stmt.end_lineno and not _only_statement(stmt, tree):
        return "".join(lines[: stmt.lineno - 1] + lines[stmt.lineno :])
    return replace_node(text, value, segment(text, value.value))


def one_hot_cut(ctx: RuleContext) -> list[Fix]:
    """Labels one-hot encoded then indexed with a constant: keep the whole one-hot rows."""
    step = cut_labels(ctx)
    tree = ctx.index.tree
    if step is None or tree is None:
        return []
    cuts = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and n.lineno == step.line
        and len(n.targets) == 1
        and isinstance(n.value, ast.Subscript)
    ]
    if len(cuts) != 1:
        return []
    stmt = cuts[0]
    shapes = shapes_from_message(ctx.message)
    assert shapes is not None
    return ctx.fix(
        "ops.one-hot-cut",
        f"keep the whole one-hot labels: take out the index on line {step.line}",
        _without_cut(ctx.script.text, stmt, tree),
        SAFE,
        [
            f"targets {tuple(shapes[0])} against the model output {tuple(shapes[1])}:"
            " one value per sample where the output has a class axis",
            f"line {step.line}: `{step.expr}` keeps one column of labels the script"
            " one-hot encoded",
        ],
    )
