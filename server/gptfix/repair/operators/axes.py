"""Edit operators on the batch axis and on an axis a tensor lacks at the failing call.

Bridges the shapes a failure reports (the shape a layer received, the shapes given to a
``Concatenate``), the value trace (the shape of the array that reaches the model) and
the program model (the declared input, where the array was made) into edits on the side
the evidence shows to be wrong:

- ``batch-axis``: an ``input_shape`` that includes the batch axis (the layer received
  ``(None, 1, 72, 128, 3)`` for data ``(64, 72, 128, 3)``): the declaration drops it.
- ``sample-axis``: one sample (``images[5]``) given to ``predict``/``evaluate`` whose
  shape is the declared input's: it gets its batch axis; a generator of the script that
  yields one sample at a time (the message shows the input without its batch axis) gets
  it on each yielded value.
- ``concat-axis``: a ``(n,)`` tensor concatenated with ``(n, k)`` ones: it gets its
  trailing axis.

The data-layout operators (an axis missing or misplaced where the data is made) are in
:mod:`gptfix.repair.operators.layout`; labels one axis short of the predictions in
:mod:`gptfix.repair.operators.dataset_labels`.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.provenance import provenance
from gptfix.model import Fix
from gptfix.repair.operators.data import _const, _declared
from gptfix.repair.operators.declared import value_of
from gptfix.repair.operators.edit import (
    feed_calls,
    last_name,
    replace_node,
    segment,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext
from gptfix.values import ValueFact

_RECEIVED = re.compile(
    r"(?:input of shape|Full shape received:|received input with shape|but received input with "
    r"shape|Expected shape) \(([^)]*)\)"
)  # what the model was declared to take: at build time the shape it received
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
        if len(got) != len(data) + 1 or got[2:] != data[1:]:
            continue
        # the extra leading axis is the batch's: its size is 1, unknown or the data's rows,
        # or any count written in the failing statement's own declaration (the author's
        # dataset size, ``input_shape=(26721, 32, 32, 1)``)
        counted_here = got[1] not in (1, None, data[0])
        for arg in _shape_args(tree):
            src = segment(ctx.script.text, arg)
            shapes = (f"{x.id}.shape", f"np.shape({x.id})")
            whole = src in shapes  # the data's own shape, or a name it reaches through
            if not whole and isinstance(arg, ast.Name):  # (``input_shape = X.shape``, a param)
                steps = provenance(ctx.index, arg.id, arg.lineno)
                whole = any(st.expr.split("=", 1)[-1].strip() in shapes for st in steps)
            counted = (
                isinstance(arg, ast.Tuple | ast.List)
                and [value_of(ctx, e, arg.lineno) for e in arg.elts] == data
            )  # a declaration that evaluates to the whole data shape, samples first
            # ``InputLayer(input_shape=(None, X.shape[1]))`` fed (N, 44): ``None`` written
            # where the batch goes, the rest the data's per-sample shape
            batch_none = (
                isinstance(arg, ast.Tuple | ast.List)
                and len(arg.elts) == len(data)
                and isinstance(arg.elts[0], ast.Constant)
                and arg.elts[0].value is None
                and [value_of(ctx, e, arg.lineno) for e in arg.elts[1:]] == data[1:]
            )
            if not (first <= arg.lineno <= last or whole or counted or batch_none):
                continue  # only the declaration the failing statement makes, or the data's
            if counted_here and not (
                first <= arg.lineno <= last
                and isinstance(arg, ast.Tuple | ast.List)
                and value_of(ctx, arg.elts[0], arg.lineno) == got[1]
            ):
                continue
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
                    *(
                        [f"`{src}` is the whole shape of `{x.id}`, samples first"]
                        if counted
                        else []
                    ),
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
    # a literal ``None`` takes any size; an axis that is not a literal is unknown (-1)
    declared = [
        [None if isinstance(e, ast.Constant) and e.value is None else _known(e) for e in elts]
        for _node, elts in _declared(tree)
    ]
    width = _LAST_AXIS.search(ctx.message)
    if width is not None:  # ``input_dim=784``: Keras names the width it expected
        declared.append([int(width.group(1))])
    np = ctx.index.spell("numpy")
    for call in feed_calls(tree):
        x = x_arg(call)
        if first <= call.lineno <= last and (fixes := _generator_samples(ctx, x, np)):
            return fixes
        if x is None or not first <= call.lineno <= last:
            continue
        predicts = isinstance(call.func, ast.Attribute) and call.func.attr in (
            "predict",
            "evaluate",
        )
        if isinstance(x, ast.Name) and not predicts:
            continue  # a named training array's own statement is ops.channel-axis's case
        src = segment(ctx.script.text, x)
        shape: list[int | None]
        listed = _listed_sample(x)
        if isinstance(x, ast.List) and x.elts and not isinstance(x.elts[0], ast.List | ast.Tuple):
            shape = [len(x.elts)]  # one sample's features written as a list
            new = f"{np}.array([{src}])" if np else f"[{src}]"
        elif listed is not None:  # np.array([0, 1, 2]): the list gets the batch axis
            shape = [len(listed.elts)]
            new = src.replace(
                segment(ctx.script.text, listed), f"[{segment(ctx.script.text, listed)}]", 1
            )
        else:
            shape = _sample_shape(ctx, x, call.lineno) or []
            new = f"{np}.expand_dims({src}, axis=0)" if np else f"{src}[None]"
        expected = _EXPECTED.search(ctx.message)
        if expected and shape and _dims(expected.group(2)) == shape:
            declared.append(_dims(expected.group(1))[1:])  # the model's input, as Keras says
        if shape and predicts and not any(_fits(shape, d) for d in declared):
            column = _one_sample_laid_out(shape, declared)
            if column is not None:  # a (784, 1) column for a model of (784,)
                dims = ", ".join(str(n) for n in column)
                return ctx.fix(
                    "ops.sample-axis",
                    f"`{src}` holds one sample laid out as {tuple(shape)}: "
                    f"reshape it to (1, {dims})",
                    replace_node(ctx.script.text, x, f"{src}.reshape(1, {dims})"),
                    SAFE if [n for n in shape if n != 1] == column else UNSAFE,
                    [f"`{src}` has shape {shape}: as many values as one declared sample {column}"],
                )
        if not shape or not any(_fits(shape, d) for d in declared):
            continue
        return ctx.fix(
            "ops.sample-axis",
            f"`{src}` is one sample: give it the batch axis ({new})",
            replace_node(ctx.script.text, x, new),
            SAFE,
            [f"`{src}` has shape {shape}, the model's declared input"],
        )
    return []


def _one_sample_laid_out(
    shape: list[int | None], declared: list[list[int | None]]
) -> list[int] | None:
    """The fully known declared sample shape with as many values as ``shape`` holds (the
    one sample fed), when exactly one declaration has it."""
    if any(not isinstance(n, int) or n < 1 for n in shape):
        return None
    size = 1
    for n in shape:
        size *= n  # type: ignore[operator]
    fits = []
    for d in declared:
        if d and all(isinstance(n, int) and n > 0 for n in d):
            total = 1
            for n in d:
                total *= n  # type: ignore[operator]
            if total == size and d != shape:
                fits.append([int(n) for n in d if n is not None])
    return fits[0] if len(fits) == 1 else None


def _known(node: ast.expr) -> int:
    value = _const(node)
    return -1 if value is None else value


def _fits(shape: list[int | None], declared: list[int | None]) -> bool:
    """Whether a sample of ``shape`` is what a model declared for ``declared`` (an axis
    declared ``None`` takes any size)."""
    return len(shape) == len(declared) and all(
        d is None or d == n for n, d in zip(shape, declared, strict=True)
    )


_LAST_AXIS = re.compile(r"expected axis -1 of input shape to have value (\d+)")
_EXPECTED = re.compile(
    r"Expected shape \(([^()]*)\), but input has incompatible shape \(([^()]*)\)"
)


def _generator_samples(ctx: RuleContext, x: ast.expr | None, np: str | None) -> list[Fix]:
    """A generator of the script fed to ``fit`` that yields one sample at a time: the
    message shows the model's input without its batch axis (the sample itself, or the
    sample read as a batch of its first axis), so each yielded value gets the axis."""
    m = _EXPECTED.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or not isinstance(x, ast.Call):
        return []
    if not isinstance(x.func, ast.Name):
        return []
    want, got = _dims(m.group(1)), _dims(m.group(2))
    if len(got) != len(want) - 1 or not (got == want[1:] or got[1:] == want[2:]):
        return []
    text = ctx.script.text
    yields = [
        node
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef) and fn.name == x.func.id
        for node in ast.walk(fn)
        if isinstance(node, ast.Yield) and node.value is not None
    ]
    values: list[ast.expr] = []
    for y in yields:
        if y.value is not None:
            values += y.value.elts if isinstance(y.value, ast.Tuple) else [y.value]
    if not values or any(isinstance(e, ast.Dict | ast.Tuple | ast.List) for e in values):
        return []
    for e in sorted(values, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        src = segment(ctx.script.text, e)
        text = replace_node(text, e, f"{np}.expand_dims({src}, axis=0)" if np else f"{src}[None]")
    return ctx.fix(
        "ops.sample-axis",
        f"`{x.func.id}` yields one sample at a time: give each yielded value the batch axis",
        text,
        UNSAFE,
        [
            f"the model expects {tuple(want)}, the generator's values arrived as {tuple(got)}",
            f"line {yields[0].lineno}: {segment(ctx.script.text, yields[0])}",
        ],
    )


def _listed_sample(x: ast.expr) -> ast.List | None:
    """The flat list literal of ``np.array([0, 1, 2])`` (one sample written out)."""
    if (
        isinstance(x, ast.Call)
        and last_name(x.func) in ("array", "asarray")
        and x.args
        and isinstance(x.args[0], ast.List)
        and x.args[0].elts
        and not isinstance(x.args[0].elts[0], ast.List | ast.Tuple)
    ):
        return x.args[0]
    return None


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
