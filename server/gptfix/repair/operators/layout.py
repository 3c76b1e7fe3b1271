"""Edit operators on the data's layout: an axis missing where the data is made, or in the
wrong place, or a declared size that counts the wrong axis.

Bridges the shapes a failure reports (the shape a layer received, the value a layer
expected on its last axis), the value trace (the shape of every array fed to the model)
and the program model (where each array was made, the declared input) into edits on the
side the evidence shows to be wrong:

- ``swap-axes``: data whose declared feature axis sits elsewhere (``(152, 7, 169)`` for
  a layer reading 7 features last) while the labels agree with the swapped layout.
- ``data-axis``: data missing the axis a layer needs when no input is declared (a
  subclassed model) -- every array fed with that layout gets it -- or when the declared
  input is the data's shape (a recurrent layer declared ``input_dim=9`` for a table):
  both get a trailing axis of 1.
- ``feature-count``: an ``input_dim``/``input_shape`` that counts the samples
  (``input_dim=X.shape[0]``): the data's feature count.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.axes import _NDIM, _dims, _fed, _received, _shape_args, _tuple
from gptfix.repair.operators.data import _after_last_write, _const
from gptfix.repair.operators.edit import (
    feed_calls,
    insert_after,
    replace_node,
    segment,
    statement_at,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, SUGGESTION, UNSAFE, RuleContext


def swap_axes(ctx: RuleContext) -> list[Fix]:
    """Data whose feature axis is not last, while the labels agree with it swapped."""
    m = ctx.search(r"expected axis -1 of input shape to have value (\d+)")
    tree = ctx.index.tree
    np = ctx.index.spell("numpy") if tree is not None else None
    if m is None or tree is None or np is None:
        return []
    want = int(m.group(1))
    for call, x, fact in _fed(ctx):
        data = fact.shape or []
        at = [i for i, d in enumerate(data[1:-1], start=1) if d == want]
        if len(data) < 3 or data[-1] == want or len(at) != 1:
            continue
        swapped = list(data)
        swapped[at[0]], swapped[-1] = swapped[-1], swapped[at[0]]
        y = call.args[1] if len(call.args) > 1 else None
        y = next((k.value for k in call.keywords if k.arg == "y"), y)
        yfact = ctx.traced(y.id, call.lineno) if isinstance(y, ast.Name) else None
        agrees = bool(
            yfact
            and yfact.shape
            and len(yfact.shape) == len(data)
            and yfact.shape[:-1] == swapped[:-1]
        )
        steps = ctx.provenance.trace(x.id, call.lineno)
        stmt = statement_at(tree, steps[0].line) if steps else None
        if stmt is None:
            continue
        where = _after_last_write(tree, stmt, x.id, call.lineno)
        code = f"{x.id} = {np}.swapaxes({x.id}, {at[0]}, -1)  # features last"
        return ctx.fix(
            "ops.swap-axes",
            f"put `{x.id}`'s {want} features last: {data} -> {swapped}",
            insert_after(ctx.script.text, where, code),
            SAFE if agrees else SUGGESTION,
            [
                f"the layer reads {want} features on the last axis; `{x.id}` had shape {data}",
            ]
            + (
                [f"the labels `{segment(ctx.script.text, y)}` had shape {yfact.shape}"]
                if agrees and y is not None and yfact
                else []
            ),
        )
    return []


def _fed_like(ctx: RuleContext, dims: list[int | None]) -> list[tuple[str, int]]:
    """(name, line read) of every array fed to the model (``x``, validation inputs) whose
    per-sample shape is ``dims``."""
    tree = ctx.index.tree
    assert tree is not None
    out: list[tuple[str, int]] = []
    for call in feed_calls(tree):
        xs = [x_arg(call)]
        val = next((k.value for k in call.keywords if k.arg == "validation_data"), None)
        if isinstance(val, ast.Tuple | ast.List) and val.elts:
            xs.append(val.elts[0])
        for x in xs:
            if isinstance(x, ast.Name) and x.id not in [n for n, _ in out]:
                fact = ctx.traced(x.id, call.lineno)
                if fact is not None and fact.shape and fact.shape[1:] == dims:
                    out.append((x.id, call.lineno))
    return out


def _add_axis(ctx: RuleContext, text: str, arrays: list[tuple[str, int]]) -> str | None:
    """``text`` with ``name = name[..., None]`` after the statement that made each array."""
    tree = ctx.index.tree
    assert tree is not None
    sites: list[tuple[ast.stmt, int, str]] = []
    for order, (name, line) in enumerate(arrays):
        steps = ctx.provenance.trace(name, line)
        stmt = statement_at(tree, steps[0].line) if steps else None
        if stmt is None or steps[0].kind not in ("assign", "unpack"):
            return None
        sites.append((_after_last_write(tree, stmt, name, line), order, name))
    for where, _order, name in sorted(sites, key=lambda s: (s[0].lineno, s[1]), reverse=True):
        text = insert_after(text, where, f"{name} = {name}[..., None]  # gptfix: the last axis")
    return text


def data_axis(ctx: RuleContext) -> list[Fix]:
    """Data one axis short of what a layer needs, the layer fed the data as it is."""
    m = _NDIM.search(ctx.message)
    got = _received(ctx)
    tree = ctx.index.tree
    if m is None or got is None or tree is None or int(m.group(1)) != int(m.group(2)) + 1:
        return []
    dims = got[1:]
    arrays = _fed_like(ctx, dims)
    if not arrays:
        return []
    shapes = _shape_args(tree)
    first, last = ctx.index.statement_at(ctx.line or 0)
    dims_on_line = [
        (node, kw)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and first <= node.lineno <= last
        for kw in node.keywords
        if kw.arg in ("input_dim", "input_shape")
    ]
    evidence = [f"the layer received {tuple(got)}: `{arrays[0][0]}` as it was made"]
    names = ", ".join(f"`{n}`" for n, _ in arrays)
    declared_any = bool(shapes) or any(
        isinstance(n, ast.Call) and any(k.arg == "input_dim" for k in n.keywords)
        for n in ast.walk(tree)
    )
    if not declared_any:
        patched = _add_axis(ctx, ctx.script.text, arrays)
        return ctx.fix(
            "ops.data-axis",
            f"add the axis the layer needs to {names} where they are made",
            patched,
            # images lack their channel; a table read as steps x 1 feature is a choice
            SAFE if len(got) >= 3 else UNSAFE,
            [*evidence, "the model declares no input shape: only the data can be wrong"],
        )
    fed = {n for n, _ in arrays}
    for _node, kw in dims_on_line:
        value = kw.value
        if (
            kw.arg == "input_shape"
            and isinstance(value, ast.Subscript)
            and isinstance(value.value, ast.Attribute)
            and value.value.attr == "shape"
            and isinstance(value.value.value, ast.Name)
            and value.value.value.id in fed
        ):
            # ``input_shape=X.shape[1:]``: the declaration follows the data, which lacks the axis
            return ctx.fix(
                "ops.data-axis",
                f"add a trailing axis of 1 to {names} where they are made (the model's "
                f"{segment(ctx.script.text, value)} follows)",
                _add_axis(ctx, ctx.script.text, arrays),
                UNSAFE,
                [*evidence, f"the layer is declared with {segment(ctx.script.text, value)}"],
            )
        declared = (
            [_const(kw.value)]
            if kw.arg == "input_dim"
            else [_const(e) for e in kw.value.elts]
            if isinstance(kw.value, ast.Tuple | ast.List)
            else None
        )
        if declared != dims:
            continue
        parts = (
            [segment(ctx.script.text, kw.value)]
            if kw.arg == "input_dim"
            else [segment(ctx.script.text, e) for e in kw.value.elts]  # type: ignore[attr-defined]
        )
        text = ctx.script.text
        lines = text.splitlines(keepends=True)
        line = lines[kw.lineno - 1]
        col = ctx.index.lines.char_col(kw.lineno, kw.col_offset)
        end = ctx.index.lines.char_col(
            kw.value.end_lineno or kw.lineno, kw.value.end_col_offset or 0
        )
        if (kw.value.end_lineno or kw.lineno) != kw.lineno:
            continue
        lines[kw.lineno - 1] = line[:col] + f"input_shape={_tuple([*parts, '1'])}" + line[end:]
        patched = _add_axis(ctx, "".join(lines), arrays)
        return ctx.fix(
            "ops.data-axis",
            f"add a trailing axis of 1 to {names} and declare input_shape={_tuple([*parts, '1'])}",
            patched,
            UNSAFE,
            [
                *evidence,
                f"the layer is declared with {segment(ctx.script.text, kw.value)}, the data's own shape",
            ],
        )
    return []


def feature_count(ctx: RuleContext) -> list[Fix]:
    """An ``input_dim``/``input_shape`` that counts the samples: the features instead."""
    m = ctx.search(
        r"expected axis -1 of input shape to have value (\d+), but received input with shape "
        r"\(([^)]*)\)"
    )
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    want, got = int(m.group(1)), _dims(m.group(2))
    for call, x, fact in _fed(ctx):
        if isinstance(call.func, ast.Attribute) and call.func.attr.startswith(
            ("predict", "evaluate")
        ):
            continue  # the model trained with its declaration: the fed data is the odd one
        data = fact.shape or []
        if len(data) < 2 or data[0] != want or data[-1] != got[-1] or data[0] == data[-1]:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                value = kw.value
                if kw.arg == "input_shape" and isinstance(value, ast.Tuple) and value.elts:
                    value = value.elts[-1]
                elif kw.arg != "input_dim":
                    continue
                src = segment(ctx.script.text, value)
                if re.fullmatch(rf"{re.escape(x.id)}\.shape\[0\]|len\({re.escape(x.id)}\)", src):
                    new = f"{x.id}.shape[-1]"
                elif _const(value) == want:
                    new = str(data[-1])
                else:
                    continue
                return ctx.fix(
                    "ops.feature-count",
                    f"declare the {data[-1]} features of `{x.id}`, not its {want} samples "
                    f"({new} for {src})",
                    replace_node(ctx.script.text, value, new),
                    SAFE,
                    [
                        f"`{x.id}` had shape {data} in the run: {want} samples of {data[-1]} "
                        "features",
                        f"the layer was declared with {want} inputs",
                    ],
                )
    return []
