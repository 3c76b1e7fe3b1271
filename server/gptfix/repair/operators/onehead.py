"""Edit operator for a one-unit head trained with a categorical loss on one-hot labels.

Bridges "Arguments `target` and `output` must have the same shape. Received:
target.shape=(16, 2), output.shape=(16, 1)" and the model: when the loss the script
compiles is categorical cross-entropy and the labels the run fed are one-hot with k
columns, the loss and the labels agree and the one-unit output layer is the odd one out
(categorical cross-entropy on one unit is a constant). The head gets k units, with a
softmax where it had a sigmoid. Nothing is proposed for a loss from a config, a loss of
another kind, or labels the run did not see.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.provenance import last_name
from gptfix.model import Fix
from gptfix.repair.operators.edit import feed_calls, replace_node, y_args
from gptfix.repair.operators.labels import _WIDTHS
from gptfix.repair.rules.base import SAFE, RuleContext

_CATEGORICAL = {"categorical_crossentropy", "CategoricalCrossentropy"}


def _categorical(ctx: RuleContext) -> bool:
    """Every ``compile`` the program model knows names categorical cross-entropy."""
    losses = [c.loss for c in ctx.index.keras.compile if c.loss is not None]
    names = [re.sub(r"\(.*", "", x.strip("'\" ")).rsplit(".", 1)[-1] for x in losses]
    return bool(names) and all(n in _CATEGORICAL for n in names)


def one_unit_head(ctx: RuleContext) -> list[Fix]:
    """``Dense(1, activation="sigmoid")`` + ``categorical_crossentropy`` + (n, 2) one-hot
    labels -> ``Dense(2, activation="softmax")``."""
    m = _WIDTHS.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or not _categorical(ctx):
        return []
    target, output = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
    if output != 1 or target < 2:
        return []
    labels = [
        fact
        for call in feed_calls(tree)
        for y in y_args(call)[:1]
        if isinstance(y, ast.Name) and (fact := ctx.traced(y.id, call.lineno)) is not None
    ]
    if not labels or any(not f.shape or f.shape[-1] != target for f in labels):
        return []
    heads = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and last_name(node.func) == "Dense"
        and isinstance(units := (node.args[0] if node.args else None), ast.Constant)
        and units.value == 1
    ]
    if len(heads) != 1:
        return []
    head = heads[0]
    text = replace_node(ctx.script.text, head.args[0], str(target))
    act = next((k for k in head.keywords if k.arg == "activation"), None)
    if act is not None and isinstance(act.value, ast.Constant) and act.value.value == "sigmoid":
        # found again in the edited text (the width edit may shift its column)
        new_tree = ast.parse(text)
        for node in ast.walk(new_tree):
            if (
                isinstance(node, ast.Constant)
                and node.value == "sigmoid"
                and node.lineno == act.value.lineno
            ):
                text = replace_node(text, node, '"softmax"')
                break
    return ctx.fix(
        "ops.one-unit-head",
        f"give the output layer at line {head.lineno} {target} softmax units, one per column "
        "of the one-hot labels",
        text,
        SAFE,
        [
            f"the labels had {target} columns in the run and the loss is categorical "
            "cross-entropy: they agree",
            "categorical cross-entropy on one unit is a constant: the head is the odd one out",
        ],
    )
