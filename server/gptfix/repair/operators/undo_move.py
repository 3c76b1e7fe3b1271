"""Edit operator on an axis move that puts the channels first for a channels-last model.

Bridges "expected axis -1 of input shape to have value 3, but received input with shape
(32, 3, 48, 48)" at a feeding call, the value trace (the fed array is ``(172, 3, 48, 48)``),
the declared input ``input_shape=(48, 48, 3)`` and the one call of the script that moves an
image's last axis to the front (``np.rollaxis(img, -1)``, ``np.moveaxis(img, -1, 0)``,
``img.transpose(2, 0, 1)``, ``np.transpose(x, (0, 3, 1, 2))``): a preprocessing step left
from a channels-first setup. The move goes (the call becomes its array); the model, declared
channels last as Keras convolutions read, stays.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.axes import _fed
from gptfix.repair.operators.data import _const, _declared
from gptfix.repair.rules.base import UNSAFE, RuleContext
from gptfix.repair.rules.consts import evaluate

_EXPECTED = re.compile(r"expected axis -1 of input shape to have value (\d+)")


def _ints(node: ast.expr | None) -> list[int] | None:
    """The ints of a literal ``(2, 0, 1)`` / ``[2, 0, 1]`` / ``-1``, or None."""
    if node is None:
        return None
    if isinstance(node, ast.Tuple | ast.List):
        out = [_signed(e) for e in node.elts]
        return None if None in out else [x for x in out if x is not None]
    one = _signed(node)
    return None if one is None else [one]


def _signed(node: ast.expr) -> int | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _const(node.operand)
        return -inner if inner is not None else None
    return _const(node)


def _moves_last_first(call: ast.Call) -> ast.expr | None:
    """The array a call moves the last axis of to the front, or None."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    method = isinstance(call.func, ast.Attribute) and name == "transpose"
    if name == "rollaxis" and len(call.args) == 2 and not call.keywords:
        axis = _ints(call.args[1])
        return call.args[0] if axis in ([-1], [2], [3]) else None
    if name == "moveaxis" and len(call.args) == 3:
        src, dst = _ints(call.args[1]), _ints(call.args[2])
        return call.args[0] if src in ([-1], [2], [3]) and dst in ([0], [1]) else None
    if name != "transpose":
        return None
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(receiver, ast.Name) and receiver.id in ("np", "numpy", "tf") and call.args:
        array, perm = call.args[0], _ints(call.args[1]) if len(call.args) > 1 else None
    elif method and receiver is not None:
        array = receiver
        perm = _ints(call.args[0]) if len(call.args) == 1 else _ints(ast.Tuple(call.args))
    else:
        return None
    return array if perm in ([2, 0, 1], [0, 3, 1, 2]) else None


def undo_axis_move(ctx: RuleContext) -> list[Fix]:
    """Drop the script's one move of the channel axis to the front."""
    m = _EXPECTED.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    channels = int(m.group(1))
    declared = [[evaluate(ctx.src, e) for e in elts] for _, elts in _declared(tree)]
    moves = [
        (node, array)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and (array := _moves_last_first(node)) is not None
    ]
    if len(moves) != 1:
        return []
    node, array = moves[0]
    holder = next(
        (
            f
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef)
            and f.lineno <= node.lineno <= (f.end_lineno or f.lineno)
        ),
        None,
    )
    if holder is not None and not any(
        isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == holder.name
        for c in ast.walk(tree)
    ):
        return []  # a helper nothing calls never made the fed array
    for _call, x, fact in _fed(ctx):
        data = list(fact.shape or [])
        if len(data) < 4 or data[1] != channels:
            continue
        laid = [*data[2:], channels]
        if laid not in declared:
            continue
        s, e = ctx.src.span(node)
        a, b = ctx.src.span(array)
        text = ctx.src.text
        return ctx.fix(
            "ops.undo-axis-move",
            f"keep the channels last: `{text[a:b]}` instead of `{text[s:e]}`",
            text[:s] + text[a:b] + text[e:],
            UNSAFE,
            [
                f"`{x.id}` reached the model as {tuple(data)}; the input is declared "
                f"{tuple(laid)}, channels last",
                f"line {node.lineno} moves the last axis to the front",
            ],
        )
    return []
