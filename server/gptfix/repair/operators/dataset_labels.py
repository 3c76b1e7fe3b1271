"""Edit operators for labels one axis short of the model's output.

``label-axis``: label arrays ``(n,)`` where a metric or loss compares them with predictions
``(n, 1)`` (``F1Score`` wants 2-D inputs) get their trailing axis right after the statement
that made them (the array and its shape from the program model and the value trace).

``dataset-label-axis``: bridges "Arguments `target` and `output` must have the same rank
(ndim). Received: target.shape=(None,), output.shape=(None, 1)" raised by the ``fit`` of a
``tf.data`` dataset and the program model: the datasets that ``fit`` trains and validates on (names
the index knows as datasets) are given the labels' trailing axis where ``fit`` reads them
(``train_ds.map(lambda x, y: (x, tf.expand_dims(y, -1)))``). Arrays are the
``ops.label-axis`` operator's; a difference of more than that one axis proposes nothing.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.axes import _dims as _shape
from gptfix.repair.operators.data import _after_last_write, _origin
from gptfix.repair.operators.edit import (
    feed_calls,
    insert_after,
    replace_node,
    segment,
    statement_at,
    x_arg,
    y_args,
)
from gptfix.repair.rules.base import SAFE, RuleContext


def _dims(text: str) -> list[str]:
    return [d.strip() for d in text.split(",") if d.strip()]


def dataset_label_axis(ctx: RuleContext) -> list[Fix]:
    """``fit(train_ds, validation_data=val_ds)`` with labels ``(n,)`` for a ``(n, 1)``
    output -> both datasets mapped to ``(x, tf.expand_dims(y, -1))`` in the call."""
    m = ctx.search(r"target\.shape=\(([^()]*)\), output\.shape=\(([^()]*)\)")
    tree = ctx.index.tree
    tf = ctx.index.spell("tensorflow")
    if m is None or tree is None or ctx.line is None or not tf:
        return []
    true, pred = _dims(m.group(1)), _dims(m.group(2))
    if not pred or pred[-1] != "1" or true != pred[:-1]:
        return []
    stmt = statement_at(tree, ctx.line)
    if stmt is None:
        return []
    calls = [
        n
        for n in ast.walk(stmt)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "fit"
    ]
    if len(calls) != 1:
        return []
    call = calls[0]
    given = [x_arg(call), *(k.value for k in call.keywords if k.arg == "validation_data")]
    sets = [
        e
        for e in given
        if isinstance(e, ast.Name)
        and (b := ctx.index.lookup(e.id, call.lineno)) is not None
        and b.value_kind == "dataset"
    ]
    if not sets or sets[0] is not given[0]:
        return []  # the training data is no dataset the script names
    text = ctx.script.text
    for e in sorted(sets, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        src = segment(text, e)
        text = replace_node(text, e, f"{src}.map(lambda x, y: (x, {tf}.expand_dims(y, -1)))")
    names = " and ".join(f"`{e.id}`" for e in sets if isinstance(e, ast.Name))
    return ctx.fix(
        "ops.dataset-label-axis",
        f"give the labels of {names} their trailing axis where `fit` reads them "
        f"(line {call.lineno})",
        text,
        SAFE,
        [
            f"the labels reached the loss as ({', '.join(true)}), the output is "
            f"({', '.join(pred)})",
            f"{names} {'are datasets' if len(sets) > 1 else 'is a dataset'} the script builds",
        ],
    )


_TRUE_PRED = re.compile(
    r"y_pred\.shape=\(([^()]*)\) and y_true\.shape=\(([^()]*)\)"
    r"|y_true\.shape=\(([^()]*)\) and y_pred\.shape=\(([^()]*)\)"
)


def label_axis(ctx: RuleContext) -> list[Fix]:
    """Labels ``(n,)`` where a metric or loss wants ``(n, 1)`` like the predictions:
    the labels get their trailing axis right after the statement that made them."""
    m = _TRUE_PRED.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    pred, true = (_shape(g) for g in (m.group(1, 2) if m.group(1) is not None else m.group(4, 3)))
    if not pred or pred[-1] != 1 or true != pred[:-1]:
        return []  # only a missing trailing axis of 1
    for call in feed_calls(tree):
        for y in y_args(call)[:1]:
            if not isinstance(y, ast.Name):
                continue
            found = _origin(ctx, y.id, call.lineno)
            if found is None:
                continue
            stmt, fact = found
            if fact is None or not fact.shape or len(fact.shape) != len(true):
                continue  # the labels the run saw are not the short ones
            where = _after_last_write(tree, stmt, y.id, call.lineno)
            add = f"{y.id} = {y.id}.reshape(-1, 1)  # gptfix: one label column"
            return ctx.fix(
                "ops.label-axis",
                f"give the labels `{y.id}` their trailing axis after line "
                f"{where.end_lineno or where.lineno}",
                insert_after(ctx.script.text, where, add),
                SAFE,
                [
                    f"`{y.id}` had shape {fact.shape} in the run",
                    f"the predictions have shape {tuple(pred)}, the labels {tuple(true)}",
                ],
            )
    return []
