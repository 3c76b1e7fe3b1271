"""Bridges the walked script and its augmentation pipelines, for the Keras pass.

An augmentation is a list of random layers, an augmentation ``Sequential`` (the value of
an assignment or of a function's ``return``), or an augmenter function: a function that
calls augmentation ops (``RandomFlip``, ``tf.image.random_*``) outside any such pipeline.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from gptfix.index.facts import Assignment, AugmentationFact
from gptfix.index.values import is_augmentation_op

if TYPE_CHECKING:
    from gptfix.index.keras import KerasPass


def augmentation_value(kp: KerasPass, a: Assignment) -> None:
    v = a.value
    if isinstance(v, (ast.List, ast.Tuple)):
        kind, elts = "list", v.elts
    elif isinstance(v, ast.Call) and v.args and isinstance(v.args[0], (ast.List, ast.Tuple)):
        kind, elts = "sequential", v.args[0].elts
    else:
        return
    layers = [kp.layer(e, kp.op_name(e.func, a.scope)) for e in elts if isinstance(e, ast.Call)]
    kp.facts.augmentations.append(
        AugmentationFact(kind, a.targets[0], a.line, a.end_line, a.scope, layers)
    )


def augmenter_functions(kp: KerasPass) -> None:
    """Functions that call augmentation ops outside any list/Sequential pipeline."""
    covered = {
        (layer.line, layer.source)
        for aug in kp.facts.augmentations
        for layer in aug.layers
    }  # fmt: skip
    found: dict[int, AugmentationFact] = {}
    for call, sid in kp.w.calls:
        scope = kp.w.scopes[sid]
        if scope.kind != "function":
            continue
        func = call.func.func if isinstance(call.func, ast.Call) else call.func
        q = kp.qual(func, sid)
        if not is_augmentation_op(q) or (call.lineno, kp.src(call)) in covered:
            continue
        if isinstance(call.func, ast.Call):
            covered.add((call.func.lineno, kp.src(call.func)))
        fact = found.setdefault(
            sid, AugmentationFact("function", scope.name, scope.line, scope.end_line, sid)
        )
        fact.layers.append(kp.layer(call, q or kp.src(func)))
    for fact in found.values():
        fact.layers.sort(key=lambda layer: layer.line)
        kp.facts.augmentations.append(fact)
