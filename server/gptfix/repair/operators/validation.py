"""Edit operator for a validation value read from a run that had no validation data.

Bridges "KeyError: 'val_loss'" -- raised when a checkpoint's file name formats
``{val_loss}``, or when ``history.history['val_loss']`` is read -- and the ``fit`` call that
produced the logs: that call was given neither ``validation_data`` nor
``validation_split``, so training never logged a ``val_`` key. The fix gives the call
validation data: the script's own held-out split of the same arrays (``x_train`` ->
``x_val``/``x_test``, ``y_train`` likewise, both bound before the call), else a validation
dataset the script binds, else, for arrays the run saw, ``validation_split=0.2``.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import (
    add_kwarg,
    assignment_of,
    feed_calls,
    statement_at,
    x_arg,
)
from gptfix.repair.operators.pairs import as_split, split_of
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext

_KEY = re.compile(r"(?:KeyError: |Reason: \\?|^)'(val_\w+)\\?'", re.M)
_HELD_OUT = ("val", "valid", "dev", "test", "va", "te")
_VALIDATION = ("validation_data", "validation_split")


def _fits(tree: ast.Module) -> list[ast.Call]:
    return [
        c
        for c in feed_calls(tree)
        if isinstance(c.func, ast.Attribute) and c.func.attr in ("fit", "fit_generator")
    ]


def _producing_fit(ctx: RuleContext, tree: ast.Module) -> ast.Call | None:
    """The ``fit`` call whose logs lacked the key: the one on the failing line, else the
    one whose result the failing statement reads, else the script's only one."""
    fits = _fits(tree)
    for line in ctx.user_lines:
        for call in fits:
            if call.lineno <= line <= (call.end_lineno or call.lineno):
                return call
    if ctx.line is not None:
        line = ctx.line
        stmt = statement_at(tree, line)  # the failing statement, as the program model has it
        read = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)} if stmt else set()
        for name in sorted(read):
            made = assignment_of(tree, name, line)
            if made is not None and isinstance(made.value, ast.Call) and made.value in fits:
                return made.value
    return fits[0] if len(fits) == 1 else None


def _labels(call: ast.Call) -> ast.expr | None:
    if len(call.args) > 1:
        return call.args[1]
    return next((k.value for k in call.keywords if k.arg == "y"), None)


def validation_missing(ctx: RuleContext) -> list[Fix]:
    """``fit(x_train, y_train, callbacks=[ModelCheckpoint("{val_loss:.2f}.keras")])``:
    ``fit(..., validation_data=(x_val, y_val))``."""
    m = _KEY.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or not ctx.is_type("KeyError"):
        return []
    key = m.group(1)
    call = _producing_fit(ctx, tree)
    if call is None or any(k.arg in _VALIDATION for k in call.keywords):
        return []
    x, y = x_arg(call), _labels(call)
    if not isinstance(x, ast.Name):
        return []
    visible = ctx.index.names_in_scope(call.lineno, before_only=True)
    text, why = ctx.script.text, f"KeyError: '{key}': training logged no validation values"
    # the script's own held-out split of the same arrays
    sx = split_of(x.id)
    if sx in ("train", "tr") and isinstance(y, ast.Name) and split_of(y.id) == sx:
        for word in _HELD_OUT:
            xv, yv = as_split(x.id, sx, word), as_split(y.id, sx, word)
            if xv in visible and yv in visible and xv != x.id:
                return ctx.fix(
                    "ops.validation-missing",
                    f"validate on the script's held-out `{xv}`, `{yv}` (fit had no validation data)",
                    add_kwarg(text, call, "validation_data", f"({xv}, {yv})"),
                    SAFE,
                    [why, f"`{xv}` and `{yv}` are bound before the call"],
                )
    held = [
        n
        for n, b in visible.items()
        if b.value_kind == "dataset" and n != x.id and split_of(n) in _HELD_OUT
    ]
    if y is None and visible.get(x.id) is not None and visible[x.id].value_kind == "dataset":
        if len(held) == 1:
            return ctx.fix(
                "ops.validation-missing",
                f"validate on the script's dataset `{held[0]}` (fit had no validation data)",
                add_kwarg(text, call, "validation_data", held[0]),
                SAFE,
                [why, f"`{held[0]}` is a dataset bound before the call"],
            )
        return []
    fact = ctx.traced(x.id, call.lineno)
    if y is None or fact is None or not fact.shape or not isinstance(fact.shape[0], int):
        return []  # validation_split needs arrays with a sample axis
    return ctx.fix(
        "ops.validation-missing",
        "hold out 20 % of the training arrays for validation (fit had no validation data)",
        add_kwarg(text, call, "validation_split", "0.2"),
        UNSAFE,
        [why, f"`{x.id}` is an array of {fact.shape[0]} samples"],
    )
