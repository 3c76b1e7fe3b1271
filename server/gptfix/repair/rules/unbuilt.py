"""Rules for weights saved from a subclassed model that ``build(input_shape)`` left unbuilt.

Bridges Keras 3's loading error ("A total of 4 objects could not be loaded ... Layer 'dense'
expected 2 variables, but received 0 variables during loading") at a ``load_weights`` line
and the script's ``model.build(input_shape=(None, 128, 11))``: on a ``keras.Model`` subclass
with no ``build`` method of its own, that call marks the model built without creating its
layers' weights, so the weights saved right after it hold nothing and loading them into the
trained model fails. Calling the model once on a batch of zeros of that shape, right after
``build``, creates every layer's weights before they are saved; what the model computes and
how it trains do not change.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, statement_at


def _owner(call: ast.Call) -> str | None:
    """``model`` of ``model.load_weights(...)``."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id
    return None


def _shape(call: ast.Call) -> list[str] | None:
    """The dimensions a ``build`` call gives (``(None, 128, 11)``), the batch axis as 1."""
    given = call.args[0] if call.args else None
    for kw in call.keywords:
        if kw.arg == "input_shape":
            given = kw.value
    if not isinstance(given, ast.Tuple | ast.List) or len(given.elts) < 2:
        return None
    dims: list[str] = []
    for k, elt in enumerate(given.elts):
        if isinstance(elt, ast.Constant) and elt.value is None:
            if k:
                return None  # a free axis past the batch: no one shape to call it on
            dims.append("1")
        else:
            dims.append(ast.unparse(elt))
    return dims


def _build_call(ctx: RuleContext, owner: str, before: int) -> ast.Expr | None:
    """The one ``owner.build(...)`` statement above line ``before``."""
    found = [
        st
        for st in ctx.src.walk()
        if isinstance(st, ast.Expr)
        and isinstance(st.value, ast.Call)
        and isinstance(st.value.func, ast.Attribute)
        and st.value.func.attr == "build"
        and _owner(st.value) == owner
        and st.lineno < before
    ]
    return found[0] if len(found) == 1 else None


def _has_own_build(ctx: RuleContext) -> bool:
    """Whether a class the script defines writes a ``build`` method."""
    return any(
        isinstance(cls, ast.ClassDef)
        and any(isinstance(f, ast.FunctionDef) and f.name == "build" for f in cls.body)
        for cls in ctx.src.walk()
    )


def _call_after_build(ctx: RuleContext) -> list[Fix]:
    if not re.search(r"expected \d+ variables, but received 0 variables", ctx.message):
        return []
    line = ctx.line
    stmt = statement_at(ctx.src, line) if line else None
    nodes = list(ast.walk(stmt)) if stmt is not None else []
    loads = [
        n
        for n in nodes
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "load_weights"
    ]
    owner = _owner(loads[0]) if len(loads) == 1 else None
    if owner is None or line is None or _has_own_build(ctx):
        return []
    build = _build_call(ctx, owner, line)
    if build is None:
        return []
    assert isinstance(build.value, ast.Call)
    dims = _shape(build.value)
    zeros = ctx.index.spell("tensorflow.zeros") or ctx.index.spell("keras.ops.zeros")
    if dims is None or zeros is None:
        return []
    shape = f"({', '.join(dims)},)" if len(dims) == 1 else f"({', '.join(dims)})"
    end = build.end_lineno or build.lineno
    at = ctx.src.starts[end] if end < len(ctx.src.starts) else len(ctx.src.text)
    text = f"{ctx.src.indent_of(build.lineno)}{owner}({zeros}({shape}))  # creates every layer's weights\n"
    patch = Patch(ctx.src.text).insert(at, text)
    return ctx.fix(
        "api.build-by-calling",
        f"call `{owner}` once on zeros of shape {shape} after `{owner}.build(...)` (line "
        f"{build.lineno}), so the weights it saves exist",
        patch.apply(),
        SAFE,
        [
            "loading finds no saved variables for the model's layers: they were saved unbuilt",
            f"`{owner}.build(...)` on a subclassed model without a build method creates no weights",
            "one call on zeros builds every layer; training is unchanged",
        ],
    )


RULES = [
    Rule(
        "api.build-by-calling",
        "api",
        "weights saved from a subclassed model build() left unbuilt: call it once after build",
        _call_after_build,
    ),
]
