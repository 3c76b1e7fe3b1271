"""The rule for NumPy object arrays fed to Keras or made into a dataset or tensor.

Bridges "Failed to convert a NumPy array to a Tensor (Unsupported object type float)" (and
"Invalid dtype: object") and the arrays on the failing line: the ones the run's value trace
saw as ``dtype=object`` (mixed types from a CSV, booleans beside floats) are converted to
float32 where they are made, or at the call when they have no assignment of their own.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch


def _object_dtype(ctx: RuleContext, name: str, line: int) -> bool:
    """Whether ``name`` held an object array before ``line``: the trace, else its binding."""
    fact = ctx.traced(name, line)
    if fact is not None:
        return fact.dtype == "object"
    b = ctx.index.lookup(name, line)
    return bool(b and b.value and "dtype=object" in b.value.replace(" ", ""))


def _fed_arrays(ctx: RuleContext, call: ast.Call) -> list[tuple[ast.expr, bool]]:
    """The arrays a ``fit``/``evaluate``/``predict`` call feeds: (expression, is x)."""
    out: list[tuple[ast.expr, bool]] = []
    x = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "x"), None)
    if x is not None:
        out.append((x, True))
    y = (
        call.args[1]
        if len(call.args) > 1
        else next((k.value for k in call.keywords if k.arg == "y"), None)
    )
    if y is not None:
        out.append((y, False))
    val = next((k.value for k in call.keywords if k.arg == "validation_data"), None)
    if isinstance(val, ast.Tuple | ast.List):
        out += [(e, False) for e in val.elts]
    return out


def _source_value(ctx: RuleContext, name: str, line: int) -> ast.expr | None:
    """The expression ``name`` was last assigned before ``line`` (``a = e`` or the matching
    element of ``a, b = e1, e2``), in a statement of its own; None when it has no such source."""
    b = ctx.index.lookup(name, line)
    if b is None or b.kind != "assign":
        return None
    for node in ctx.src.walk():
        if not (isinstance(node, ast.Assign) and node.lineno == (b.stmt_line or b.line)):
            continue
        if len(node.targets) != 1:
            return None
        target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            return node.value
        if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
            names = [t.id if isinstance(t, ast.Name) else None for t in target.elts]
            if name in names and len(target.elts) == len(node.value.elts):
                return node.value.elts[names.index(name)]
    return None


#: functions that make a dataset or tensor from the array given first (or by keyword)
_MAKERS = {
    "timeseries_dataset_from_array": "data",
    "from_tensor_slices": "tensors",
    "from_tensors": "tensors",
    "convert_to_tensor": "value",
    "constant": "value",
}


def _called(call: ast.Call) -> str:
    func = call.func
    return (
        func.attr
        if isinstance(func, ast.Attribute)
        else func.id
        if isinstance(func, ast.Name)
        else ""
    )


def _made_from(call: ast.Call) -> list[tuple[ast.expr, bool]]:
    """The array a dataset or tensor is made from (its members, for a tuple of arrays)."""
    keyword = _MAKERS[_called(call)]
    data = (
        call.args[0]
        if call.args
        else next((k.value for k in call.keywords if k.arg == keyword), None)
    )
    if data is None:
        return []
    if isinstance(data, ast.Tuple | ast.List):
        return [(e, True) for e in data.elts if isinstance(e, ast.Name)]
    return [(data, True)]


def _same_makers(
    ctx: RuleContext, patch: Patch, np_name: str, called: str, made: set[str], done: ast.Call
) -> list[str]:
    """The script's other datasets made the same way (``timeseries_dataset_from_array(
    frame_to_numpy(valid))`` beside the failing one for training): converted too, so the
    next run does not stop on the validation set."""
    out: list[str] = []
    if not made:
        return out
    for node in ctx.src.walk():
        if not isinstance(node, ast.Call) or node is done or _called(node) != called:
            continue
        for arg, _ in _made_from(node):
            if isinstance(arg, ast.Call) and _called(arg) in made:
                s, e = ctx.src.span(arg)
                try:
                    patch.replace(s, e, f'{np_name}.asarray({ctx.src.text[s:e]}).astype("float32")')
                except ValueError:
                    continue
                out.append(ctx.src.segment(arg))
    return out


def _object_arrays(ctx: RuleContext) -> list[Fix]:
    """NumPy object arrays (mixed types from a CSV) fed to Keras or made into a dataset or
    tensor: convert them to float32 where they are made (every fed array the run saw as
    objects, validation data too), or at the call when an array has no assignment of its
    own (a call's result given to ``timeseries_dataset_from_array`` is converted there)."""
    if not ctx.search(
        r"Invalid dtype: object|Failed to convert a NumPy array to a Tensor|Unsupported object type"
    ):
        return []
    np_name = ctx.index.spell("numpy")
    if np_name is None:
        return []
    patch = Patch(ctx.src.text)
    wrapped: list[str] = []
    at_source = 0
    for node in ctx.nodes_on_user_lines(ast.Call):
        if not isinstance(node, ast.Call):
            continue
        called = _called(node)
        if called in ("fit", "evaluate", "predict", "train_on_batch"):
            fed = _fed_arrays(ctx, node)
        elif called in _MAKERS:
            fed = _made_from(node)
        else:
            continue
        for arg, is_x in fed:
            if not isinstance(arg, ast.Name | ast.Attribute | ast.Subscript | ast.Call):
                continue
            if isinstance(arg, ast.Call) and called not in _MAKERS:
                continue
            if isinstance(arg, ast.Name):
                fact = ctx.traced(arg.id, node.lineno)
                if not _object_dtype(ctx, arg.id, node.lineno) and (fact is not None or not is_x):
                    continue  # the run saw numbers there (or nothing, for labels)
            elif not is_x:
                continue
            source = _source_value(ctx, arg.id, node.lineno) if isinstance(arg, ast.Name) else None
            target = source if source is not None else arg
            s, e = ctx.src.span(target)
            seg = ctx.src.text[s:e]
            fact = ctx.traced(arg.id, node.lineno) if isinstance(arg, ast.Name) else None
            # a 1-D object array may hold one array per sample: stacking makes them rows
            # (and stacks plain numbers just as well)
            make = (
                "stack" if fact is not None and fact.shape and len(fact.shape) == 1 else "asarray"
            )
            try:
                patch.replace(s, e, f'{np_name}.{make}({seg}).astype("float32")')
            except ValueError:  # the same source feeds two arguments
                continue
            wrapped.append(ctx.src.segment(arg))
            at_source += source is not None
        if wrapped:
            made = (
                {_called(a) for a, _ in fed if isinstance(a, ast.Call)}
                if called in _MAKERS
                else set()
            )
            wrapped += _same_makers(ctx, patch, np_name, called, made, node)
            break
    if not wrapped:
        return []
    where = " where they are made" if at_source == len(wrapped) else ""
    return ctx.fix(
        "dtype.object-array",
        f"convert {', '.join(f'`{w}`' for w in wrapped)} to a float32 array{where}",
        patch.apply(),
        SAFE,
        [
            "the data is a NumPy array of Python objects (mixed types)"
            + (f": {', '.join(wrapped)} in the failing run" if ctx.trace is not None else ""),
            "Keras needs a numeric dtype",
        ],
    )


RULES = [
    Rule(
        "dtype.object-array",
        "dtype",
        "an object-dtype NumPy array fed to Keras or made into a dataset: convert it to float32",
        _object_arrays,
    ),
]
