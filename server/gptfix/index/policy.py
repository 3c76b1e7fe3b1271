"""Bridges the Keras graph and what mixed precision needs: the dtype policy and the outputs.

:func:`dtype_policies` finds the global dtype policies the script sets, in every spelling
the import table resolves (``keras.mixed_precision.set_global_policy``,
``tf.keras.mixed_precision.experimental.set_policy``, ``keras.config.set_dtype_policy``,
``from keras import mixed_precision``...), with the policy name followed through a
``Policy("mixed_float16")`` object or a variable. :func:`output_layers` finds the layer
constructor calls that make the model outputs (the ones mixed precision keeps float32).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from gptfix.index.facts import Assignment, CallFact, ModelFact, PolicyFact
from gptfix.index.imports import dotted

if TYPE_CHECKING:
    from gptfix.index.keras import KerasPass

_SETTERS = ("set_global_policy", "set_policy", "set_dtype_policy")


def _is_setter(path: str) -> bool:
    last = path.rsplit(".", 1)[-1]
    return last in _SETTERS and ("mixed_precision" in path or path.startswith("keras.config"))


def dtype_policies(kp: KerasPass) -> list[PolicyFact]:
    """The global dtype policies the script sets, in source order."""
    out: list[PolicyFact] = []
    for call, sid in kp.w.calls:
        path = kp.qual(call.func, sid) or dotted(call.func) or ""
        if not _is_setter(path):
            continue
        arg = kp.arg(call, 0, "policy") or kp.arg(call, 0, "value")
        out.append(PolicyFact(path, _policy_name(kp, arg, sid), kp.call_fact(call, sid)))
    return out


def _policy_name(kp: KerasPass, node: ast.expr | None, sid: int) -> str | None:
    for _ in range(4):
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Call):  # Policy("mixed_float16") / DTypePolicy(name=...)
            node = kp.arg(node, 0, "name")
            continue
        origin = kp.origins.of(node, sid)
        if origin.value is None or origin.span is None:
            return None
        try:
            expr = ast.parse(origin.value, mode="eval").body
        except SyntaxError:
            return None
        if isinstance(expr, ast.Name | ast.Attribute):
            return None
        node = expr
    return None


def output_layers(kp: KerasPass, built: list[tuple[ModelFact, ast.Call]]) -> list[CallFact]:
    """The constructor calls of the layers that produce the outputs of the models ``built``
    (a functional ``Model``'s outputs, a ``Sequential``'s last layer); when none can be
    followed, the last ``Dense`` layer the script builds."""
    out: list[CallFact] = []
    for model, call in built:
        if model.kind == "sequential":
            elts = call.args[0].elts if call.args and isinstance(call.args[0], ast.List) else []
            last = elts[-1] if elts else None
            if isinstance(last, ast.Call):
                out.append(kp.call_fact(last, model.scope))
            continue
        if model.kind != "functional":
            continue
        outs = kp.arg(call, 1, "outputs")
        items = outs.elts if isinstance(outs, ast.List | ast.Tuple) else [outs]
        items = list(outs.values) if isinstance(outs, ast.Dict) else items
        for item in items:
            layer = _applied_layer(kp, item, model)
            if layer is not None:
                out.append(kp.call_fact(layer, model.scope))
    if not out:
        dense = [
            (c, sid)
            for c, sid in kp.w.calls
            if (kp.qual(c.func, sid) or dotted(c.func) or "").rsplit(".", 1)[-1] == "Dense"
        ]
        if dense:
            out.append(kp.call_fact(*max(dense, key=lambda cs: (cs[0].lineno, cs[0].col_offset))))
    return out


def _applied_layer(kp: KerasPass, item: ast.expr | None, model: ModelFact) -> ast.Call | None:
    """``Dense(2)`` for an output written ``Dense(2)(h)`` or held by a variable made so."""
    if isinstance(item, ast.Call) and isinstance(item.func, ast.Call):
        return item.func
    if not isinstance(item, ast.Name):
        return None
    made: Assignment | None = None
    for a in kp.w.assignments:
        if a.scope == model.scope and item.id in a.targets and a.line <= model.line:
            made = a
    if made is not None and isinstance(made.value, ast.Call):
        if isinstance(made.value.func, ast.Call):
            return made.value.func
    return None


__all__ = ["dtype_policies", "output_layers"]
