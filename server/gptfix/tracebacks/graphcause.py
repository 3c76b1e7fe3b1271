"""Root causes in the model as written: the layer or name a shape error came through.

Bridges a located failure and the program model alone (no run needed, so logs from
another machine get them too): the name a layer's declared input shape was made under
(``input_shape=frame_shape``), and, for a rank error raised on a layer, the layer that
made the tensor it was given (``Layer(...)(x)``: where ``x`` was made; ``model.add``:
the layer added before it).
"""

from __future__ import annotations

import ast
import re

from gptfix.index import ScriptIndex
from gptfix.index.provenance import Provenance
from gptfix.model import Failure, Location, RootCause


def declared_elsewhere(
    index: ScriptIndex, failure: Failure, first: int, last: int
) -> RootCause | None:
    """A layer that received a wrongly shaped input declared on the crash line by a name
    (``input_shape=frame_shape``): the root cause is where that shape was made."""
    tree = index.tree
    if tree is None or not re.search(r"input of shape|Full shape received", failure.message):
        return None
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and first <= node.lineno <= last):
            continue
        for kw in node.keywords:
            if kw.arg in ("input_shape", "shape") and isinstance(kw.value, ast.Name):
                b = index.lookup(kw.value.id, node.lineno)
                at = (b.stmt_line or b.line) if b is not None else None
                if b is not None and b.kind == "assign" and at and not first <= at <= last:
                    return RootCause(
                        Location(index.path or "", at, 1, at),
                        f"the declared input shape `{kw.value.id}` is made here (line {at})",
                        [f"{at}: {index.lines.line_text(at).strip()}"],
                    )
    return None


def producing_layer(
    index: ScriptIndex, prov: Provenance, first: int, last: int, line: int
) -> RootCause | None:
    """For a rank error at a layer: the layer that made the tensor it was given."""
    tree = index.tree
    if tree is None:
        return None
    path = index.path or ""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and first <= node.lineno <= last):
            continue
        if isinstance(node.func, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
            name = node.args[0].id  # Layer(...)(x): where was x made?
            steps = prov.trace(name, line)
            if steps and steps[0].kind == "assign" and "(" in steps[0].expr:
                step = steps[0]
                return RootCause(
                    Location(path, step.line, 1, step.end_line),
                    f"`{name}`, the tensor this layer got, is made at line {step.line}",
                    [f"{s.line}: {s.expr}" for s in steps],
                )
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "add"
            and isinstance(node.func.value, ast.Name)
        ):
            model = node.func.value.id  # model.add(Layer): the layer added before it
            before = [
                c.lineno
                for c in ast.walk(tree)
                if isinstance(c, ast.Call)
                and isinstance(c.func, ast.Attribute)
                and c.func.attr == "add"
                and isinstance(c.func.value, ast.Name)
                and c.func.value.id == model
                and c.lineno < node.lineno
            ]
            if before:
                at = max(before)
                return RootCause(
                    Location(path, at, 1, at),
                    f"the layer added at line {at} gives this layer its input",
                    [f"{at}: {index.lines.line_text(at).strip()}"],
                )
    return None


__all__ = ["declared_elsewhere", "producing_layer"]
