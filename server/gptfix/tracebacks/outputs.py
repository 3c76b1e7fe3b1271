"""Root causes on the model's output and the data pipeline's batches.

Bridges a located failure and the program model for two disagreements between what a
model gives and what it is given, both named away from the ``fit`` line that crashed:

- labels given to a model whose output keeps axes the labels lack: where the model's
  output is made, the recurrent layer that returns every step of a sequence whose labels
  are one per sequence, or the Dense a Sequential model applies to those axes;
- a ``tf.data`` pipeline fed to ``fit`` without ``.batch``: each element reaches the
  model one axis short (the failing frame's locals show the datasets' element specs);
  the last line that makes those datasets.
"""

from __future__ import annotations

import ast
import re

from gptfix.index import ScriptIndex
from gptfix.model import Failure, Location, RootCause

_TARGET = re.compile(r"target\.shape=\(([^)]*)\), output\.shape=\(([^)]*)\)")
_FLATTENING = re.compile(r"^(Flatten|Global\w*Pooling\w*|Reshape)$")
_RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "RNN"})
_BATCHING = frozenset({"batch", "padded_batch", "bucket_by_sequence_length", "ragged_batch"})
_ONE_AXIS_SHORT = re.compile(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)")
_FEEDS = ("fit", "evaluate", "predict")


def calls_in(index: ScriptIndex) -> list[ast.Call]:
    tree = index.tree
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)] if tree is not None else []


def name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def dims(text: str) -> list[int | None]:
    return [int(p) if p.strip().isdigit() else None for p in text.split(",") if p.strip()]


def model_output(index: ScriptIndex, failure: Failure) -> RootCause | None:
    """Labels given to a model whose output keeps axes the labels lack (``(16, 67)``
    against ``(16, 2, 2, 67)``, class ids against ``(16, 5, 5, 10)``): where the model's
    output tensor is made, the recurrent layer of a Sequential model that returns its
    sequence, or the Dense a Sequential model applies to those axes."""
    m = _TARGET.search(failure.message)
    if not m:
        return None
    target, output = dims(m.group(1)), dims(m.group(2))
    sparse = re.search(r"target\.ndim - 1|up until the last dimension", failure.message)
    extra = len(output) - len(target) - (1 if sparse else 0)  # axes the labels lack
    same_last = bool(target) and target[-1] is not None and target[-1] == output[-1]
    if not (extra >= 2 or (extra == 1 and (sparse or same_last))):
        return None
    for call in calls_in(index):
        if name_of(call.func) not in ("Model", "Functional"):
            continue
        out = call.args[1] if len(call.args) > 1 else None
        out = next((k.value for k in call.keywords if k.arg == "outputs"), out)
        if isinstance(out, ast.Name):
            b = index.lookup(out.id, call.lineno)
            if b is not None and b.kind == "assign":
                at = b.stmt_line or b.line
                return RootCause(
                    Location(index.path or "", at, 1, at),
                    f"the model's output `{out.id}` is made here (line {at}) with shape "
                    f"({m.group(2)}); the labels are ({m.group(1)})",
                    [f"{at}: {index.lines.line_text(at).strip()}"],
                )
    layer = _sequence_layer(index) if extra == 1 else None
    if layer is not None:
        at = layer.lineno
        return RootCause(
            Location(index.path or "", at, 1, layer.end_lineno or at),
            f"the recurrent layer at line {at} returns every step (return_sequences): the "
            f"output is ({m.group(2)}), one per step; the labels are ({m.group(1)}), one "
            "per sequence",
            [f"{at}: {index.lines.line_text(at).strip()}"],
        )
    dense = _first_dense_on_axes(index)
    if dense is not None:
        at = dense.lineno
        return RootCause(
            Location(index.path or "", at, 1, dense.end_lineno or at),
            f"the Dense layer at line {at} works on the last axis only: the axes before it "
            f"reach the output ({m.group(2)}); the labels are ({m.group(1)})",
            [f"{at}: {index.lines.line_text(at).strip()}"],
        )
    return None


def _sequential_layers(index: ScriptIndex) -> list[ast.Call]:
    """The layers of a Sequential model (``model.add(...)`` or ``Sequential([...])``)."""
    layers: list[ast.Call] = []
    for call in calls_in(index):
        name = name_of(call.func)
        if name == "add" and call.args and isinstance(call.args[0], ast.Call):
            layers.append(call.args[0])
        elif name == "Sequential" and call.args and isinstance(call.args[0], ast.List):
            layers += [e for e in call.args[0].elts if isinstance(e, ast.Call)]
    return sorted(layers, key=lambda c: (c.lineno, c.col_offset))


def _sequence_layer(index: ScriptIndex) -> ast.Call | None:
    """The last recurrent layer of a Sequential model when it returns its sequence and
    nothing after it flattens or pools the steps away."""
    found: ast.Call | None = None
    for layer in _sequential_layers(index):
        inner = layer.args[0] if name_of(layer.func) == "Bidirectional" and layer.args else layer
        name = name_of(inner.func) if isinstance(inner, ast.Call) else None
        if name in _RECURRENT and isinstance(inner, ast.Call):
            seq = next((k.value for k in inner.keywords if k.arg == "return_sequences"), None)
            returns = seq is not None and not (isinstance(seq, ast.Constant) and not seq.value)
            found = layer if returns else None
        elif _FLATTENING.match(name_of(layer.func) or ""):
            found = None
    return found


def _first_dense_on_axes(index: ScriptIndex) -> ast.Call | None:
    """In a Sequential model: the first Dense layer no Flatten / pooling / Reshape precedes."""
    for layer in _sequential_layers(index):
        name = name_of(layer.func) or ""
        if _FLATTENING.match(name):
            return None
        if name == "Dense":
            return layer
    return None


def unbatched_dataset(
    index: ScriptIndex, failure: Failure, first: int, last: int
) -> RootCause | None:
    """Datasets (the locals show their element specs) fed to ``fit`` one axis short of
    what a layer expects, made without ``.batch``: the last line that makes them."""
    m = _ONE_AXIS_SHORT.search(failure.message)
    local_vars = failure.facts.get("locals") or {}
    if m is None or int(m.group(1)) != int(m.group(2)) + 1 or not isinstance(local_vars, dict):
        return None
    tree = index.tree
    if tree is None:
        return None
    made: list[tuple[str, int]] = []
    for call in calls_in(index):
        if not (first <= call.lineno <= last and name_of(call.func) in _FEEDS):
            continue
        fed = [
            *call.args[:1],
            *(k.value for k in call.keywords if k.arg in ("x", "validation_data")),
        ]
        for node in fed:
            desc = local_vars.get(node.id) if isinstance(node, ast.Name) else None
            if not (isinstance(node, ast.Name) and isinstance(desc, dict)):
                continue
            if "element_spec" not in desc:
                continue
            writes = [
                s
                for s in ast.walk(tree)
                if isinstance(s, ast.Assign)
                and s.lineno < call.lineno
                and any(isinstance(t, ast.Name) and t.id == node.id for t in s.targets)
            ]
            batched = any(
                isinstance(c, ast.Call) and name_of(c.func) in _BATCHING
                for s in writes
                for c in ast.walk(s.value)
            )
            if writes and not batched:
                made.append((node.id, max(s.lineno for s in writes)))
    if not made:
        return None
    at = max(line for _, line in made)
    names = ", ".join(f"`{n}`" for n, _ in made)
    root = RootCause(
        Location(index.path or "", at, 1, at),
        f"the dataset(s) {names} are made without .batch() (line {at}): each element reaches "
        f"the model without its batch axis (ndim={m.group(2)}, expected {m.group(1)})",
        [f"{line}: {index.lines.line_text(line).strip()}" for _, line in made],
    )
    root.also += [Location(index.path or "", line, 1, line) for _, line in made if line != at]
    return root
