"""Root causes that are declarations disagreeing with the data, not the data itself.

Bridges a located failure and the program model (the ``compile()`` call, the layers a
script constructs, its generator functions) for errors where the value that crashed is
right and what was declared for it is not, or where the data is made out of sight of the
crash line: a categorical loss declared for integer labels (the labels' origin is the
other side of the disagreement), an ``Embedding`` declared with fewer rows than the ids
it gets, a label beyond the output layer's units, a model output that keeps extra axes,
batches made by the ``yield`` of a generator function given to ``fit``.
"""

from __future__ import annotations

import ast
import re

from gptfix.index import ScriptIndex
from gptfix.model import Failure, Location, RootCause
from gptfix.tracebacks.outputs import calls_in as _calls
from gptfix.tracebacks.outputs import dims as _dims
from gptfix.tracebacks.outputs import model_output, unbatched_dataset
from gptfix.tracebacks.outputs import name_of as _name_of
from gptfix.values import ValueTrace

_TARGET = re.compile(r"target\.shape=\(([^)]*)\), output\.shape=\(([^)]*)\)")
_RANGE = re.compile(r"indices\[[^\]]*\] = (-?\d+) is not in \[0, (\d+)\)")
_CATEGORICAL = re.compile(r"^categorical_crossentropy$|^CategoricalCrossentropy$")
_STRUCTURE = re.compile(r"y_true|y_pred|target|labels|`loss`|structure|shape", re.I)
_TRAINING = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch")


def _rank(text: str) -> int:
    return len([p for p in text.split(",") if p.strip()])


def _config_key(node: ast.expr) -> str | None:
    """The key a configuration read names: ``cfg["loss"]``, ``cfg.loss``."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value if isinstance(node.slice.value, str) else None
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _categorical_loss(index: ScriptIndex) -> int | None:
    """The line that declares a categorical (one-hot) loss for ``compile()``, if any: the
    loss as written there, the name's assignment or the configuration value it reads."""
    for call in _calls(index):
        if _name_of(call.func) != "compile":
            continue
        for kw in call.keywords:
            if kw.arg != "loss":
                continue
            value = kw.value
            key = _config_key(value)
            conf = index.config_attr(key) if key is not None else None
            if conf is not None:
                written = conf.value.strip().strip("'\"")
                return conf.line if _CATEGORICAL.search(written) else None
            if isinstance(value, ast.Name):  # loss=LOSS: where the name is bound
                b = index.lookup(value.id, call.lineno)
                bound = _stmt_value(index, b.stmt_line or b.line) if b is not None else None
                value = bound if bound is not None else value
            for node in ast.walk(value):
                text = None
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                elif isinstance(node, ast.Call):
                    text = _name_of(node.func)
                if text and _CATEGORICAL.search(text):
                    return getattr(node, "lineno", None)
    return None


def _stmt_value(index: ScriptIndex, line: int) -> ast.expr | None:
    tree = index.tree
    for node in ast.walk(tree) if tree is not None else []:
        if isinstance(node, ast.Assign) and node.lineno == line:
            return node.value
    return None


def _loss_for_ids(index: ScriptIndex, failure: Failure, data: RootCause | None) -> RootCause | None:
    """Integer labels (one rank short of the output) given to a categorical loss."""
    m = _TARGET.search(failure.message)
    if not m:
        return None
    target, output = m.group(1).split(","), m.group(2).split(",")
    column = len(target) == len(output) and target[-1].strip() == "1" != output[-1].strip()
    if _rank(m.group(1)) + 1 != _rank(m.group(2)) and not column:
        return None
    if not column and len(target) > 1 and target[-1].strip() == output[-1].strip() != "1":
        return None  # one-hot labels as wide as the output: the output has an extra axis
    at = _categorical_loss(index)
    if at is None:
        return None
    root = RootCause(
        Location(index.path or "", at, 1, at),
        f"the loss declared here (line {at}) expects one-hot labels; the labels are "
        f"class ids, shape ({m.group(1)})",
        [f"{at}: {index.lines.line_text(at).strip()}"],
    )
    if data is not None and data.location.line != at:
        root.reason += f", made at line {data.location.line}"
        root.also.append(data.location)
        root.steps += data.steps
    return root


def _head_units(
    index: ScriptIndex, failure: Failure, trace: ValueTrace | None, data: RootCause | None
) -> RootCause | None:
    """One-hot labels of one width given to a head of another (``(16, 7)`` against
    ``(16, 5)``): the Dense declared with the output's width, unless the labels' own ids
    are offset (their spread is the head's width, their largest made the one-hot wider)."""
    m = _TARGET.search(failure.message)
    if not m or trace is None:
        return None
    target, output = _dims(m.group(1)), _dims(m.group(2))
    if len(target) != len(output) or len(target) < 2:
        return None
    wide, units = target[-1], output[-1]
    if wide is None or units is None or wide == units or min(wide, units) < 2:
        return None
    for facts in trace.lines.values():
        for found in facts.values():
            for f in found:
                if f.min is not None and f.max == wide - 1 and f.max - f.min + 1 == units:
                    return None  # offset ids: the data is the cause
    heads = [
        c
        for c in _calls(index)
        if _name_of(c.func) == "Dense"
        and (arg := _size_arg(c, 0, "units")) is not None
        and _size_of(index, arg, trace)[0] == units
    ]
    if not heads:
        return None
    head = max(heads, key=lambda c: c.lineno)
    conf = _size_of(index, _size_arg(head, 0, "units") or head, trace)[1]
    at = conf or head.lineno
    root = RootCause(
        Location(index.path or "", at, 1, at),
        f"the output Dense at line {head.lineno} has {units} units; the labels are one-hot "
        f"{wide} wide",
        [f"{at}: {index.lines.line_text(at).strip()}"],
    )
    if data is not None and data.location.line != at:
        root.also.append(data.location)
        root.steps += data.steps
    return root


def _dict_entry(index: ScriptIndex, key: str) -> tuple[int, int] | None:
    """(value, line) of the one integer entry ``key`` in the script's dict literals (a
    configuration nested deeper than its top-level keys)."""
    tree = index.tree
    found = [
        (v.value, k.lineno)
        for d in (ast.walk(tree) if tree is not None else [])
        if isinstance(d, ast.Dict)
        for k, v in zip(d.keys, d.values, strict=True)
        if isinstance(k, ast.Constant)
        and k.value == key
        and isinstance(v, ast.Constant)
        and type(v.value) is int
    ]
    return found[0] if len(found) == 1 else None


def _size_of(
    index: ScriptIndex, node: ast.expr, trace: ValueTrace | None
) -> tuple[int | None, int | None]:
    """(the value of a size argument, the line of the configuration that sets it when it
    is read from one): a literal, an int the run bound to a name, a configuration value."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value, None
    key = _config_key(node)
    if key is not None:
        conf = index.config_attr(key)
        if conf is not None and conf.value.strip().isdigit():
            return int(conf.value), conf.line
        nested = _dict_entry(index, key)
        if nested is not None:
            return nested
    if isinstance(node, ast.Name):
        conf = index.config_attr(node.id, "")
        if trace is not None:
            seen = [
                (line, f.value)
                for line, f in trace.of(node.id, index.path or "")
                if f.value is not None
            ]
            before = [v for line, v in seen if line < node.lineno]
            if seen:
                return (before or [v for _, v in seen])[-1], None
        if conf is not None and conf.value.strip().isdigit():
            return int(conf.value), None
    return None, None


#: layers sized by their first argument, and its keyword
_SIZED = {"Embedding": "input_dim", "Dense": "units"}

#: (the message, the layer classes whose size it bounds, the argument that sets the size)
_BOUNDS = (
    (_RANGE, ("Embedding",), 0, "input_dim", "rows"),
    (
        re.compile(r"label value of (-?\d+) which is outside the valid range of \[0, (\d+)\)"),
        ("Dense",),
        0,
        "units",
        "units",
    ),
)


def _size_arg(call: ast.Call, pos: int, keyword: str) -> ast.expr | None:
    arg = call.args[pos] if len(call.args) > pos else None
    return next((k.value for k in call.keywords if k.arg == keyword), arg)


def _shared_size(index: ScriptIndex, call: ast.Call, pos: int, keyword: str) -> int | None:
    """The line that binds a size variable several layers are sized by (one change there
    resizes them all), or None when the size is this layer's alone."""
    arg = _size_arg(call, pos, keyword)
    if not isinstance(arg, ast.Name):
        return None
    users = [
        c
        for c in _calls(index)
        if _name_of(c.func) in _SIZED
        and isinstance(sized := _size_arg(c, 0, _SIZED[_name_of(c.func) or ""]), ast.Name)
        and sized.id == arg.id
    ]
    b = index.lookup(arg.id, call.lineno)
    if len(users) < 2 or b is None or b.kind != "assign":
        return None
    return b.stmt_line or b.line


def _sized_layer(
    index: ScriptIndex, failure: Failure, trace: ValueTrace | None
) -> RootCause | None:
    """An id or label out of range: the layer declared with exactly that many rows/units
    (the output layer when several are), or the configuration value that sized it."""
    for pattern, classes, pos, keyword, what in _BOUNDS:
        m = pattern.search(failure.message)
        if not m:
            continue
        size = int(m.group(2))
        found: list[tuple[ast.Call, int | None]] = []
        for call in _calls(index):
            if _name_of(call.func) not in classes:
                continue
            arg = _size_arg(call, pos, keyword)
            value, conf = _size_of(index, arg, trace) if arg is not None else (None, None)
            if value == size:
                found.append((call, conf))
        if not found or (len(found) > 1 and what == "rows"):
            continue
        call, conf = max(found, key=lambda f: f[0].lineno)
        conf = conf or _shared_size(index, call, pos, keyword)
        at = conf or call.lineno
        end = at if conf else (call.end_lineno or at)
        root = RootCause(
            Location(index.path or "", at, 1, end),
            f"the {_name_of(call.func)} declared at line {call.lineno} has {size} {what}"
            + (f" (set at line {conf})" if conf else "")
            + f"; the values it gets go up to {m.group(1)}",
            [f"{at}: {index.lines.line_text(at).strip()}"],
        )
        if trace is not None:  # other layers of the kind the run's ids overflow the same way
            tops = {f.max for facts in trace.lines.values() for fs in facts.values() for f in fs}
            for other in _calls(index):
                arg = _size_arg(other, pos, keyword)
                if other is call or _name_of(other.func) not in classes or arg is None:
                    continue
                rows = _size_of(index, arg, trace)[0]
                if rows is not None and rows != size and rows in tops:
                    root.also.append(Location(index.path or "", other.lineno, 1, other.lineno))
        return root
    return None


def _generator_yield(
    index: ScriptIndex, failure: Failure, first: int, last: int
) -> RootCause | None:
    """Batches from a generator function given to fit(): the ``yield`` that makes them."""
    if not _STRUCTURE.search(failure.message):
        return None
    tree = index.tree
    if tree is None:
        return None
    gens: dict[str, list[ast.Yield]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            ys = [y for y in ast.walk(node) if isinstance(y, ast.Yield) and y.value is not None]
            if ys:
                gens[node.name] = ys
    for call in _calls(index):
        if not (first <= call.lineno <= last and _name_of(call.func) in _TRAINING and call.args):
            continue
        data = call.args[0]
        if isinstance(data, ast.Name):
            b = index.lookup(data.id, call.lineno)
            value = _stmt_value(index, (b.stmt_line or b.line)) if b else None
            data = value if value is not None else data
        if isinstance(data, ast.Call) and isinstance(data.func, ast.Name):
            made = gens.get(data.func.id)
            if made:
                y = made[-1]
                return RootCause(
                    Location(index.path or "", y.lineno, 1, y.end_lineno or y.lineno),
                    f"each batch `{data.func.id}()` gives training is made here (line {y.lineno})",
                    [f"{y.lineno}: {index.lines.line_text(y.lineno).strip()}"],
                )
    return None


def declared_root(
    index: ScriptIndex,
    failure: Failure,
    first: int,
    last: int,
    trace: ValueTrace | None,
    data: RootCause | None,
) -> RootCause | None:
    """A declaration that disagrees with the data (``data``: the data's own root cause
    when one was found), or the generator that made the batches; None otherwise."""
    found = (
        _loss_for_ids(index, failure, data)
        or model_output(index, failure)
        or unbatched_dataset(index, failure, first, last)
        or _head_units(index, failure, trace, data)
        or _sized_layer(index, failure, trace)
        or _generator_yield(index, failure, first, last)
    )
    if found is None or first <= found.location.line <= last:
        return None
    return found


__all__ = ["declared_root"]
