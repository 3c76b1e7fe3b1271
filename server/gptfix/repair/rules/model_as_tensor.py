"""A model object given where a functional graph wants its tensors: ``B(A)`` or
``layers.GlobalAveragePooling2D()(base)`` where ``A`` and ``base`` are models, not the
tensors they output. The fix passes the model's output: ``A.outputs`` for a model built
with several outputs, ``base.output`` otherwise.

Bridges the failing statement and the program model: which names the statement passes by
position to a layer or a model, and what the binding each read resolves to holds (the
index's value kinds: a model, a compiled model, a backbone) and how it was built (its
``outputs=`` list).
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch

_MODEL_KINDS = ("model", "compiled-model", "backbone")
_CALLEE_KINDS = (*_MODEL_KINDS, "layer")


def _outputs(ctx: RuleContext, name: str, line: int) -> int:
    """How many outputs the model ``name`` bound at ``line`` was built with (the index's
    model facts; 1 when its outputs are not listed)."""
    for m in ctx.index.keras.models:
        if m.var == name and m.line == line:
            return max(len(m.outputs), 1)
    return 1


def _is_layer_call(ctx: RuleContext, call: ast.Call, line: int) -> bool:
    """A call of a layer or a model: ``Dense(4)(x)``, or a name bound to one."""
    if isinstance(call.func, ast.Call):
        return True
    if isinstance(call.func, ast.Name):
        found = ctx.index.lookup(call.func.id, line)
        return found is not None and found.value_kind in _CALLEE_KINDS
    return False


def _model_given_as_tensor(ctx: RuleContext) -> list[Fix]:
    if not ctx.is_type("ValueError", "TypeError", "AttributeError") or not ctx.user_lines:
        return []
    line = ctx.user_lines[0]
    first, last = ctx.index.statement_at(line)
    patch = Patch(ctx.src.text)
    given: list[str] = []
    for node in ast.walk(ctx.src.tree):
        if not isinstance(node, ast.Call) or not first <= node.lineno <= max(last, line):
            continue
        if not _is_layer_call(ctx, node, node.lineno):
            continue
        for arg in node.args:
            if not isinstance(arg, ast.Name):
                continue
            found = ctx.index.lookup(arg.id, node.lineno)
            if found is None or found.value_kind not in _MODEL_KINDS:
                continue
            attr = "outputs" if _outputs(ctx, arg.id, found.stmt_line) > 1 else "output"
            s, e = ctx.src.span(arg)
            patch.replace(s, e, f"{arg.id}.{attr}")
            given.append(f"`{arg.id}` (a model, line {found.stmt_line}) -> `{arg.id}.{attr}`")
    if not given:
        return []
    return ctx.fix(
        "api.model-as-tensor",
        "pass the model's output, not the model: " + "; ".join(given),
        patch.apply(),
        UNSAFE,
        [ctx.failure.message.split("\n")[0][:200], *given],
    )


RULES = [
    Rule(
        "api.model-as-tensor",
        "api",
        "a model object passed to a layer or a model where its output tensors go: pass "
        "`model.output` (`model.outputs` for several)",
        _model_given_as_tensor,
    ),
]
