"""Rules for Keras 2's ``weights=[kernel, bias]`` given to a layer that no longer takes it.

Bridges "Unrecognized keyword arguments passed to Dense: {'weights': [...]}" and the calls
of the script that pass ``weights=``: a layer whose installed signature has no ``weights``
but has ``kernel_initializer`` gets the same starting values as initializers --
``kernel_initializer=keras.initializers.Constant(kernel)`` and, for a second array,
``bias_initializer=keras.initializers.Constant(bias)`` -- spelled as the script imports
Keras. The values the layer starts from stay the ones the script wrote.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.api_kwargs import callee_expr
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, call_name, calls


def _weights_as_initializers(ctx: RuleContext) -> list[Fix]:
    if "'weights'" not in ctx.message or "nrecognized keyword" not in ctx.message:
        return []
    constant = ctx.index.spell("keras.initializers.Constant")
    if constant is None:
        return []
    patch = Patch(ctx.src.text)
    changed: list[str] = []
    for call in calls(ctx.src):
        kw = next((k for k in call.keywords if k.arg == "weights"), None)
        if kw is None or not isinstance(kw.value, ast.List | ast.Tuple):
            continue
        arrays = kw.value.elts
        callee = callee_expr(ctx, call)
        accepted = ctx.probe.params(callee) if callee else None
        if not accepted or "weights" in accepted or "kernel_initializer" not in accepted:
            continue
        if not 1 <= len(arrays) <= 2 or any(isinstance(a, ast.Starred) for a in arrays):
            continue
        parts = [f"kernel_initializer={constant}({ctx.src.segment(arrays[0])})"]
        if len(arrays) == 2:
            parts.append(f"bias_initializer={constant}({ctx.src.segment(arrays[1])})")
        s, e = ctx.src.span(kw)
        patch.replace(s, e, ", ".join(parts))
        changed.append(f"line {call.lineno}: {call_name(call)}")
    if not changed:
        return []
    return ctx.fix(
        "api.weights-initializers",
        f"start the layer from the same values with initializers ({'; '.join(changed)})",
        patch.apply(),
        SAFE,
        [
            "the installed Keras rejects `weights=` on the layer",
            "Constant initializers give the layer the arrays the script wrote",
        ],
    )


RULES = [
    Rule(
        "api.weights-initializers",
        "api",
        "Keras 2's weights=[kernel, bias] on a layer: the same values as initializers",
        _weights_as_initializers,
    ),
]
