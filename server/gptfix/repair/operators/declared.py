"""Edit operators on a declared input shape that cannot be a shape or counts the samples.

Bridges the failure (Keras' "Cannot convert '784' to a shape", a layer receiving one axis
more than the data has), the value trace (the shape of the array that reaches ``fit``,
the integers the script computed) and the program model (the declaration's spelling,
where the data is made) into edits that make the declaration the per-sample shape of the
data, spelled from the script's own expression:

- ``shape-int``: ``Input(shape=28 * 28)`` / ``input_shape=X.shape[1]`` -- an int where a
  shape is needed -- becomes the one-element tuple ``(28 * 28,)`` (what Keras 2 read it
  as). For a layer that reads ``(steps, features)`` (a recurrent layer, a 1-D
  convolution) fed rows ``(N, steps)`` and declared ``input_shape=1`` (one feature per
  step), the data gets its feature axis where it is made and the declaration becomes
  the data's per-sample shape.
- :func:`value_of` evaluates an int expression of the script (literals, arithmetic,
  ``X.shape[k]``, ``len(X)``, names) from the trace and the program model; other
  operators compare declarations with the data through it.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.data import _after_last_write, _origin
from gptfix.repair.operators.edit import (
    feed_calls,
    insert_after,
    last_name,
    replace_node,
    segment,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, RuleContext

#: per-sample rank a layer reads (without the batch axis), for layers that need more than 1
_SAMPLE_RANK = {
    **dict.fromkeys(
        (
            "LSTM",
            "GRU",
            "SimpleRNN",
            "RNN",
            "Bidirectional",
            "CuDNNLSTM",
            "CuDNNGRU",
            "Conv1D",
            "SeparableConv1D",
            "MaxPooling1D",
            "AveragePooling1D",
            "GlobalAveragePooling1D",
            "GlobalMaxPooling1D",
            "TimeDistributed",
            "MultiHeadAttention",
        ),
        2,
    ),
    **dict.fromkeys(
        ("Conv2D", "SeparableConv2D", "DepthwiseConv2D", "MaxPooling2D", "AveragePooling2D"), 3
    ),
    **dict.fromkeys(("Conv3D", "MaxPooling3D", "ConvLSTM2D"), 4),
}
_INPUTS = ("Input", "InputLayer")


def value_of(ctx: RuleContext, node: ast.expr, line: int) -> int | None:
    """The int ``node`` (read at ``line``) evaluated to in the run, or None if unknown."""
    if isinstance(node, ast.Constant):
        return node.value if type(node.value) is int else None
    if isinstance(node, ast.BinOp):
        a, b = value_of(ctx, node.left, line), value_of(ctx, node.right, line)
        if a is None or b is None:
            return None
        ops = {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}
        if isinstance(node.op, ast.FloorDiv) and b:
            return a // b
        return ops.get(type(node.op))
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        owner = node.value  # X.shape[k] / np.shape(X)[k]
        k = node.slice.value
        name = None
        if isinstance(owner, ast.Attribute) and owner.attr == "shape":
            name = owner.value
        elif isinstance(owner, ast.Call) and last_name(owner.func) == "shape" and owner.args:
            name = owner.args[0]
        if isinstance(name, ast.Name) and type(k) is int:
            fact = ctx.traced(name.id, line + 1)
            if fact is not None and fact.shape and -len(fact.shape) <= k < len(fact.shape):
                return fact.shape[k]
        return None
    if isinstance(node, ast.Call) and last_name(node.func) == "len" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, ast.Name):
            fact = ctx.traced(arg.id, line + 1)
            if fact is not None and fact.shape:
                return fact.shape[0]
            return fact.length if fact is not None else None
        return None
    if isinstance(node, ast.Name):
        fact = ctx.traced(node.id, line + 1)
        if fact is not None and fact.value is not None:
            return fact.value
        found = ctx.defined_int(node)
        return found.number if found is not None and isinstance(found.number, int) else None
    return None


def _shape_kwargs(call: ast.Call) -> list[ast.expr]:
    """The shape a call declares: ``input_shape=``, ``Input(shape=)`` or ``Input(s)``."""
    model_input = last_name(call.func) in _INPUTS
    out = [
        kw.value
        for kw in call.keywords
        if kw.arg == "input_shape" or (kw.arg == "shape" and model_input)
    ]
    if model_input and call.args and not out:
        out.append(call.args[0])
    return out


def _fed_data(ctx: RuleContext) -> tuple[ast.Call, ast.Name, list[int | None]] | None:
    """The first array given to ``fit`` (else evaluate/predict) the trace saw."""
    tree = ctx.index.tree
    assert tree is not None
    calls = sorted(feed_calls(tree), key=lambda c: (c.func.attr != "fit", c.lineno))  # type: ignore[attr-defined]
    for call in calls:
        x = x_arg(call)
        if isinstance(x, ast.Name):
            fact = ctx.traced(x.id, call.lineno)
            if fact is not None and fact.shape and fact.type != "KerasTensor":
                return call, x, list(fact.shape)
    return None


def _one_tuple(text: str, node: ast.expr) -> str:
    """``text`` with ``node`` made a one-element tuple (``(28 * 28)`` -> ``(28 * 28,)``)."""
    src = segment(text, node)
    lines = text.splitlines(keepends=True)
    before = lines[node.lineno - 1].encode("utf-8")[: node.col_offset].decode("utf-8")  # type: ignore[attr-defined]
    end_line = lines[(node.end_lineno or node.lineno) - 1].encode("utf-8")
    after = end_line[node.end_col_offset or 0 :].decode("utf-8")  # type: ignore[attr-defined]
    if before.rstrip().endswith("(") and after.lstrip().startswith(")"):
        head = before.rstrip()[:-1].rstrip()
        if head.endswith("="):  # ``shape=(28 * 28)``: the parentheses are the value's own
            return replace_node(text, node, f"{src},")
    return replace_node(text, node, f"({src},)")


def shape_int(ctx: RuleContext) -> list[Fix]:
    """An int declared where a shape is needed: the per-sample shape it stands for."""
    m = ctx.search(r"Cannot convert '(-?\d+)' to a shape")
    older = ctx.search(r"'int' object is not iterable|object of type 'int' has no len\(\)")
    tree = ctx.index.tree
    if (m is None and older is None) or tree is None or ctx.line is None:
        return []
    first, last = ctx.index.statement_at(ctx.line)
    fed = _fed_data(ctx)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and first <= node.lineno <= last):
            continue
        for arg in _shape_kwargs(node):
            value = value_of(ctx, arg, node.lineno)
            said = int(m.group(1)) if m is not None else value
            if isinstance(arg, ast.Tuple | ast.List) or said is None or value not in (said, None):
                continue  # Keras 2's messages do not say the int: the trace must
            return _declare(ctx, node, arg, said, fed)
    return []


def _declare(
    ctx: RuleContext,
    call: ast.Call,
    arg: ast.expr,
    n: int,
    fed: tuple[ast.Call, ast.Name, list[int | None]] | None,
) -> list[Fix]:
    text = ctx.script.text
    src = segment(text, arg)
    layer = last_name(call.func) or ""
    rank = _SAMPLE_RANK.get(layer, 1)
    per_sample = fed[2][1:] if fed is not None else None
    evidence = [f"`{src}` is the int {n}; Keras needs a shape (a tuple)"]
    if per_sample is not None and fed is not None:
        evidence.append(f"`{fed[1].id}` had shape {fed[2]} in the run (batch first)")
    if rank == 1 or per_sample is None:
        if per_sample is not None and per_sample != [n] and layer in _INPUTS + ("Dense",):
            return []  # the data says otherwise: not a one-feature-axis declaration
        if rank > 1:
            return []
        return ctx.fix(
            "ops.shape-int",
            f"declare the shape as the one-element tuple ({src},)",
            _one_tuple(text, arg),
            SAFE,
            evidence,
        )
    assert fed is not None
    call_fed, x, _shape = fed
    if len(per_sample) == rank and per_sample[-1] == n:
        new = f"{x.id}.shape[1:]"  # n counts the features of data that has its axes
        patched = replace_node(text, arg, new)
        title = f"declare the input as the data's per-sample shape: {new} instead of {src}"
        return ctx.fix("ops.shape-int", title, patched, SAFE, evidence)
    if len(per_sample) != rank - 1 or n != 1:
        return []  # n could be the steps or the features: the data does not say
    found = _origin(ctx, x.id, call_fed.lineno)
    tree = ctx.index.tree
    if found is None or tree is None:
        return []
    stmt, _fact = found
    where = _after_last_write(tree, stmt, x.id, call_fed.lineno)
    if not (where.end_lineno or where.lineno) < call.lineno <= call_fed.lineno:
        return []  # the declaration must read the data after its axis is added
    new = f"{x.id}.shape[1:]"
    patched = replace_node(text, arg, new)
    patched = insert_after(patched, where, f"{x.id} = {x.id}[..., None]  # one feature per step")
    evidence.append(
        f"`{layer}` reads {rank} axes per sample; `{src}` = 1 is the one feature of each of "
        f"the {per_sample[0]} steps of `{x.id}`"
    )
    return ctx.fix(
        "ops.shape-int",
        f"give `{x.id}` its feature axis of 1 after line {where.end_lineno or where.lineno} "
        f"and declare {new} instead of {src}",
        patched,
        SAFE,
        evidence,
    )
