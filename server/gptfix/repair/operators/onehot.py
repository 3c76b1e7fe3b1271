"""Edit operator on one-hot labels built with a stray singleton axis.

Bridges a loss failure whose targets have one axis more than the model's output, the
extra axis being 1 (``target.shape=(32, 1, 4), output.shape=(32, 4)``), and where the
labels are made: ``np.eye(k)[ids]`` indexed by an ``(n, 1)`` column of class ids (the
value trace saw the one-hot array with the singleton axis) gives ``(n, 1, k)``. The ids
are flattened (``np.eye(k)[ids.ravel()]``) so the one-hot labels are ``(n, k)``.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import last_name, replace_node, segment
from gptfix.repair.rules.base import UNSAFE, RuleContext
from gptfix.repair.rules.loss import shapes_from_message


def _extra_singleton(target: list[int | None], output: list[int | None]) -> bool:
    """``target`` is ``output`` with one more axis of size 1 after the batch axis."""
    if len(target) != len(output) + 1:
        return False
    return any(
        target[i] == 1 and target[1:i] + target[i + 1 :] == output[1:]
        for i in range(1, len(target))
    )


def flatten_onehot_ids(ctx: RuleContext) -> list[Fix]:
    """``labels = np.eye(k)[ids]`` with ``ids`` of shape (n, 1): index with ``ids.ravel()``."""
    shapes = shapes_from_message(ctx.message)
    tree = ctx.index.tree
    if shapes is None or tree is None or not _extra_singleton(*shapes):
        return []
    target, output = shapes
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Subscript)
            and isinstance(node.value.value, ast.Call)
            and last_name(node.value.value.func) in ("eye", "identity")
        ):
            continue
        name = node.targets[0].id
        made = [f for _, f in ctx.trace.of(name, ctx.script.path)] if ctx.trace else []
        fact = next((f for f in made if f.shape), None)
        if fact is None or fact.shape is None or len(fact.shape) != len(target):
            continue
        if not _extra_singleton([None, *fact.shape[1:]], [None, *output[1:]]):
            continue
        ids = node.value.slice
        text = segment(ctx.script.text, ids)
        simple = isinstance(ids, ast.Name | ast.Attribute | ast.Call | ast.Subscript)
        new = f"{text}.ravel()" if simple else f"({text}).ravel()"
        return ctx.fix(
            "ops.flatten-onehot-ids",
            f"flatten the class ids the one-hot `{name}` is indexed with: `{new}`",
            replace_node(ctx.script.text, ids, new),
            UNSAFE,
            [
                f"targets {tuple(target)} vs model output {tuple(output)}: one axis of 1 too many",
                f"line {node.lineno}: `{name}` had shape {tuple(fact.shape)} in the run",
            ],
        )
    return []
