"""Edit operator for a loss that cuts the gradient with a step function of the prediction.

Bridges "No gradients provided for any variable" and the script's own loss (``compile``'s
``loss=`` followed to a function or lambda the script defines): where that loss turns the
prediction into a step -- ``tf.where(y_pred >= 0.5, 1.0, 0.0)``, ``K.round(y_pred)``,
``tf.cast(y_pred > 0.5, "float32")`` -- its gradient is zero or undefined everywhere, so no
weight gets one. The loss reads the continuous prediction instead (``1 - y_pred`` where the
step was inverted); when the step was at a probability (0 < t < 1) and the model's one
output layer writes no activation, that layer gets ``activation="sigmoid"`` so the
prediction is the probability the threshold meant. Thresholding belongs at prediction time.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg, replace_node, segment
from gptfix.repair.rules.base import UNSAFE, RuleContext

_WHERE = {"where", "switch"}
_ROUND = {"round", "rint"}
_UP = {ast.Gt: True, ast.GtE: True, ast.Lt: False, ast.LtE: False}
_UP_CALLS = {"greater": True, "greater_equal": True, "less": False, "less_equal": False}


def _last(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _number(node: ast.expr) -> float | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return None if isinstance(node.value, bool) else float(node.value)
    return None


def _is(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _threshold(cond: ast.expr, pred: str) -> tuple[float, bool] | None:
    """``y_pred >= 0.5`` -> (0.5, True): the threshold and whether the condition holds
    for large predictions."""
    if isinstance(cond, ast.Compare) and len(cond.ops) == 1:
        op, left, right = type(cond.ops[0]), cond.left, cond.comparators[0]
        if op in _UP and _is(left, pred) and (t := _number(right)) is not None:
            return t, _UP[op]
        if op in _UP and _is(right, pred) and (t := _number(left)) is not None:
            return t, not _UP[op]
    if isinstance(cond, ast.Call) and _last(cond.func) in _UP_CALLS and len(cond.args) == 2:
        if _is(cond.args[0], pred) and (t := _number(cond.args[1])) is not None:
            return t, _UP_CALLS[_last(cond.func)]
    return None


def _step(node: ast.Call, pred: str) -> tuple[str, float] | None:
    """What a step of the prediction ``node`` becomes (``y_pred`` or ``1 - y_pred``) and
    its threshold; None when ``node`` is not one."""
    name = _last(node.func)
    if name in _ROUND and len(node.args) == 1 and _is(node.args[0], pred):
        return pred, 0.5
    if name == "cast" and node.args:
        found = _threshold(node.args[0], pred)
        return (pred if found[1] else f"1 - {pred}", found[0]) if found else None
    if name in _WHERE and len(node.args) == 3:
        found = _threshold(node.args[0], pred)
        hi, lo = _number(node.args[1]), _number(node.args[2])
        if found is None or {hi, lo} != {0.0, 1.0}:
            return None
        up = found[1] == (hi == 1.0)
        return (pred if up else f"1 - {pred}", found[0])
    return None


def _loss_def(ctx: RuleContext, tree: ast.Module) -> tuple[ast.AST, str] | None:
    """The script's own loss given to ``compile`` and its prediction parameter."""
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _last(call.func) == "compile"):
            continue
        given = next((k.value for k in call.keywords if k.arg == "loss"), None)
        given = given or (call.args[1] if len(call.args) > 1 else None)
        if isinstance(given, ast.Lambda) and len(given.args.args) == 2:
            return given, given.args.args[1].arg
        if not isinstance(given, ast.Name):
            continue
        bound = ctx.index.names_in_scope(call.lineno).get(given.id)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.FunctionDef)
                and node.name == given.id
                and bound is not None
                and node.lineno <= bound.line <= (node.end_lineno or node.lineno)
                and len(node.args.args) == 2
            ):
                return node, node.args.args[1].arg
    return None


def continuous_loss(ctx: RuleContext) -> list[Fix]:
    """``tf.where(y_pred >= 0.5, 1.0, 0.0)`` in the loss: the loss reads ``y_pred``."""
    tree = ctx.index.tree
    if tree is None or not ctx.search(r"No gradients provided for any variable"):
        return []
    found = _loss_def(ctx, tree)
    if found is None:
        return []
    loss, pred = found
    steps: list[tuple[ast.Call, str, float]] = []
    for node in ast.walk(loss):
        if not isinstance(node, ast.Call) or (made := _step(node, pred)) is None:
            continue
        if not any(n.lineno == node.lineno for n, _, _ in steps):
            steps.append((node, made[0], made[1]))
    if not steps:
        return []
    text = ctx.script.text
    evidence = ["No gradients provided for any variable: the loss gives no weight a gradient"]
    evidence += [
        f"line {n.lineno}: `{segment(text, n)}` is a step of the prediction (zero gradient)"
        for n, _, _ in steps
    ]
    edits: list[tuple[ast.expr, str]] = [(n, new) for n, new, _ in steps]
    outs = ctx.index.keras.output_layers
    head = ctx.src.call_at(outs[0]) if len(outs) == 1 else None
    probability = any(0.0 < t < 1.0 for _, _, t in steps)
    if probability and head is not None and not any(k.arg == "activation" for k in head.keywords):
        edits.append((head, "sigmoid"))
        evidence.append(
            f"line {head.lineno}: the output layer has no activation; a threshold in (0, 1) "
            "means the prediction is a probability"
        )
    for node, new in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
        if new == "sigmoid" and isinstance(node, ast.Call) and node is head:
            text = add_kwarg(text, node, "activation", '"sigmoid"')
        else:
            text = replace_node(text, node, new)
    what = "the prediction itself" if len(steps) == 1 else "the predictions themselves"
    sigmoid = ", with a sigmoid output" if len(edits) > len(steps) else ""
    return ctx.fix(
        "ops.continuous-loss",
        f"compare {what} in the loss{sigmoid} (a thresholded prediction has no gradient; "
        "threshold when predicting)",
        text,
        UNSAFE,
        evidence,
    )
