"""Edit operators on axes: a batch axis too many or too few, a missing or misplaced axis.

Bridges the shapes a failure reports (the shape a layer received, the shapes given to a
``Concatenate``), the value trace (the shape of the array that reaches the model) and
the program model (the declared input, where the array was made) into edits on the side
the evidence shows to be wrong:

- ``batch-axis``: an ``input_shape`` that includes the batch axis (the layer received
  ``(None, 1, 72, 128, 3)`` for data ``(64, 72, 128, 3)``): the declaration drops it.
- ``sample-axis``: one sample (``images[5]``) given to ``predict``/``evaluate`` whose
  shape is the declared input's: it gets its batch axis.
- ``concat-axis``: a ``(n,)`` tensor concatenated with ``(n, k)`` ones: it gets its
  trailing axis.
- ``feature-count``: an ``input_dim``/``input_shape`` that counts the samples
  (``input_dim=X.shape[0]``): the data's feature count.
- ``swap-axes``: data whose declared feature axis sits elsewhere (``(152, 7, 169)`` for
  a layer reading 7 features last) while the labels agree with the swapped layout.
- ``data-axis``: data missing the axis a layer needs when no input is declared (a
  subclassed model) -- every array fed with that layout gets it -- or when the declared
  input is the data's shape (a recurrent layer declared ``input_dim=9`` for a table):
  both get a trailing axis of 1.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix, ValueFact
from gptfix.repair.operators.data import _after_last_write, _const, _declared
from gptfix.repair.operators.edit import (
    feed_calls,
    insert_after,
    last_name,
    replace_node,
    segment,
    statement_at,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, SUGGESTION, UNSAFE, RuleContext

_RECEIVED = re.compile(
    r"(?:input of shape|Full shape received:|received input with shape|but received input with "
    r"shape) \(([^)]*)\)"
)
_NDIM = re.compile(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)")


def _dims(text: str) -> list[int | None]:
    out: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if part:
            out.append(None if part == "None" else int(part) if part.isdigit() else -1)
    return out


def _received(ctx: RuleContext) -> list[int | None] | None:
    m = _RECEIVED.search(ctx.message)
    return _dims(m.group(1)) if m else None


def _fed(ctx: RuleContext) -> list[tuple[ast.Call, ast.Name, ValueFact]]:
    """(feed call, its ``x`` name, the traced array) for every fit/evaluate/predict."""
    tree = ctx.index.tree
    assert tree is not None
    out = []
    for call in feed_calls(tree):
        x = x_arg(call)
        if isinstance(x, ast.Name):
            fact = ctx.traced(x.id, call.lineno)
            if fact is not None and fact.shape:
                out.append((call, x, fact))
    return out


def _shape_args(tree: ast.Module) -> list[ast.expr]:
    """Every ``input_shape=``/``Input(shape=)`` argument, whatever its spelling."""
    out: list[ast.expr] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        model_input = last_name(node.func) in ("Input", "InputLayer")
        for kw in node.keywords:
            if kw.arg == "input_shape" or (kw.arg == "shape" and model_input):
                out.append(kw.value)
        if model_input and node.args:
            out.append(node.args[0])
    return out


def batch_axis(ctx: RuleContext) -> list[Fix]:
    """``input_shape`` with the batch axis in it: declare the per-sample shape."""
    got = _received(ctx)
    tree = ctx.index.tree
    if got is None or tree is None or ctx.line is None:
        return []
    first, last = ctx.index.statement_at(ctx.line)
    for _call, x, fact in _fed(ctx):
        data = fact.shape or []
        if len(got) != len(data) + 1 or got[2:] != data[1:] or got[1] not in (1, None, data[0]):
            continue
        for arg in _shape_args(tree):
            src = segment(ctx.script.text, arg)
            whole = src in (f"{x.id}.shape", f"np.shape({x.id})")  # the data's own shape
            if not (first <= arg.lineno <= last or whole):
                continue  # only the declaration the failing statement makes, or the data's
            if isinstance(arg, ast.Tuple | ast.List) and len(arg.elts) == len(data):
                new = _tuple([segment(ctx.script.text, e) for e in arg.elts[1:]])
            elif isinstance(arg, ast.Name | ast.Attribute):
                new = f"{src}[1:]"
            else:
                continue
            return ctx.fix(
                "ops.batch-axis",
                f"declare the input without the batch axis: {new} instead of {src}",
                replace_node(ctx.script.text, arg, new),
                SAFE,
                [
                    f"the first layer received {tuple(got)}: one axis more than the data",
                    f"`{x.id}` had shape {data} in the run (batch first)",
                ],
            )
    return []


def _tuple(parts: list[str]) -> str:
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def _sample_shape(ctx: RuleContext, node: ast.expr, line: int) -> list[int | None] | None:
    """The shape of ``name`` or of ``name[i]`` (one sample) from the trace."""
    if isinstance(node, ast.Name):
        fact = ctx.traced(node.id, line)
        return fact.shape if fact is not None else None
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and not isinstance(node.slice, ast.Slice | ast.Tuple)
    ):
        fact = ctx.traced(node.value.id, line)
        return fact.shape[1:] if fact is not None and fact.shape else None
    return None


def sample_axis(ctx: RuleContext) -> list[Fix]:
    """One sample given to predict/evaluate without its batch axis: give it one."""
    tree = ctx.index.tree
    if tree is None or ctx.line is None or not ctx.is_type("ValueError"):
        return []
    first, last = ctx.index.statement_at(ctx.line)
    declared = [[_const(e) for e in elts] for _node, elts in _declared(tree)]
    np = ctx.index.spell("numpy")
    for call in feed_calls(tree):
        x = x_arg(call)
        if x is None or not first <= call.lineno <= last or isinstance(x, ast.Name):
            continue  # a named array's own statement is ops.channel-axis's case
        src = segment(ctx.script.text, x)
        shape: list[int | None]
        if isinstance(x, ast.List) and x.elts and not isinstance(x.elts[0], ast.List | ast.Tuple):
            shape = [len(x.elts)]  # one sample's features written as a list
            new = f"{np}.array([{src}])" if np else f"[{src}]"
        else:
            shape = _sample_shape(ctx, x, call.lineno) or []
            new = f"{np}.expand_dims({src}, axis=0)" if np else f"{src}[None]"
        if not shape or shape not in declared:
            continue
        return ctx.fix(
            "ops.sample-axis",
            f"`{src}` is one sample: give it the batch axis ({new})",
            replace_node(ctx.script.text, x, new),
            SAFE,
            [f"`{src}` has shape {shape}, the model's declared input"],
        )
    return []


def concat_axis(ctx: RuleContext) -> list[Fix]:
    """A ``(n,)`` tensor concatenated with ``(n, k)`` ones gets its trailing axis."""
    m = ctx.search(
        r"Concatenate` layer requires inputs with matching shapes.*?input_shape=\[(.*?)\]\]?"
    )
    tree = ctx.index.tree
    if m is None or tree is None or ctx.line is None:
        return []
    shapes = [_dims(s) for s in re.findall(r"\(([^()]*)\)", m.group(1))]
    if len(shapes) < 2:
        return []
    top = max(len(s) for s in shapes)
    first, last = ctx.index.statement_at(ctx.line)
    tf = ctx.index.spell("tensorflow")
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and first <= node.lineno <= last and node.args):
            continue
        if not (isinstance(node.args[0], ast.List | ast.Tuple)):
            continue
        name = last_name(node.func) or ""
        inner = last_name(node.func.func) if isinstance(node.func, ast.Call) else None
        if name.lower() != "concatenate" and (inner or "") != "Concatenate":
            continue
        elts = node.args[0].elts
        if len(elts) != len(shapes):
            continue
        text = ctx.script.text
        short = [
            e
            for e, s in zip(elts, shapes, strict=True)
            if len(s) == top - 1 and all(s == o[:-1] for o in shapes if len(o) == top)
        ]
        if not short or len(short) == len(elts):
            continue
        for e in sorted(short, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            src = segment(text, e)
            text = replace_node(
                text, e, f"{tf}.expand_dims({src}, -1)" if tf else f"{src}[..., None]"
            )
        names = ", ".join(f"`{segment(ctx.script.text, e)}`" for e in short)
        return ctx.fix(
            "ops.concat-axis",
            f"give {names} a trailing axis before concatenating (its shape is the others' "
            "without their last axis)",
            text,
            SAFE,
            [f"the Concatenate got shapes {m.group(1).strip()}"],
        )
    return []


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
    for _node, kw in dims_on_line:
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
    for _call, x, fact in _fed(ctx):
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
