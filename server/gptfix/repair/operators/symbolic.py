"""Edit operator for a TensorFlow function called on a Keras 3 symbolic tensor.

Bridges the failure "A KerasTensor cannot be used as input to a TensorFlow function" (Keras 3
builds functional models from symbolic ``KerasTensor`` values that only Keras layers and
``keras.ops`` accept) and the edit that keeps the computation: the failing call
``tf.one_hot(inputs, depth=n)``, whose argument ``inputs`` held a ``KerasTensor`` in the run
(the failing frame's locals or the value trace), moves into the ``call`` of a small ``Layer``
subclass defined just before the failing statement (so it sees the same names), and the
call becomes that layer called on ``inputs``. Several symbolic arguments become several
``call`` parameters of the same names. (A ``Lambda`` layer cannot infer the output shape of
many TensorFlow functions, ``tf.one_hot`` of an int input among them; a layer's ``call``
is traced instead.) The model computes what the author wrote, so the fix is offered as safe.
"""

from __future__ import annotations

import ast

from gptfix.index.imports import canonical
from gptfix.model import Fix
from gptfix.repair.operators.edit import replace_node, segment
from gptfix.repair.rules.base import SAFE, RuleContext

_MESSAGE = r"KerasTensor cannot be used as input to a TensorFlow function"


def _symbolic(ctx: RuleContext, name: str, line: int) -> bool:
    """Whether ``name`` held a Keras symbolic tensor when line ``line`` failed."""
    local = (ctx.failure.facts.get("locals") or {}).get(name)
    if isinstance(local, dict):
        return "KerasTensor" in str(local.get("type"))
    fact = ctx.traced(name, line)
    return fact is not None and "KerasTensor" in fact.type


def _tf_call(ctx: RuleContext, call: ast.Call) -> bool:
    """Whether ``call`` calls TensorFlow itself (not its Keras)."""
    qualified = ctx.index.imports.resolve_expr(call.func)
    if qualified is None:
        return False
    name = canonical(qualified)
    return name.startswith("tensorflow.") and not name.startswith("keras")


def _outermost_tf_calls(ctx: RuleContext, line: int) -> list[ast.Call]:
    tree = ctx.index.tree
    assert tree is not None
    calls = [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and c.lineno <= line <= (c.end_lineno or c.lineno)
        and _tf_call(ctx, c)
    ]
    inner = {id(d) for c in calls for d in ast.walk(c) if d is not c}
    return [c for c in calls if id(c) not in inner]


def _class_name(ctx: RuleContext, call: ast.Call) -> str:
    base = (segment(ctx.script.text, call.func).rsplit(".", 1)[-1] or "Op").strip("_")
    stem = "".join(p[:1].upper() + p[1:] for p in base.split("_")) or "Op"
    taken = {b.name for b in ctx.index.bindings} | {a.name for a in ctx.index.accesses}
    name, n = f"{stem}Layer", 2
    while name in taken:
        name, n = f"{stem}Layer{n}", n + 1
    return name


def _edited(ctx: RuleContext, call: ast.Call, names: list[str], base: str) -> str | None:
    """The text with a ``Layer`` subclass running ``call`` defined before its statement and
    the call replaced by an instance of it called on ``names``."""
    text = ctx.script.text
    start, _ = ctx.index.statement_at(call.lineno)  # the statement holding the call
    cls = _class_name(ctx, call)
    lines = text.splitlines(keepends=True)
    first = lines[start - 1]
    indent = first[: len(first) - len(first.lstrip())]
    seg = segment(text, call)
    expr = ast.unparse(call) if "\n" in seg else seg
    newline = "\r\n" if first.endswith("\r\n") else "\n"
    params = ", ".join(names)
    block = [
        f"{indent}class {cls}({base}):",
        f"{indent}    def call(self, {params}):",
        f"{indent}        return {expr}",
    ]
    out = replace_node(text, call, f"{cls}()({params})").splitlines(keepends=True)
    out[start - 1 : start - 1] = [b + newline for b in block]
    return "".join(out)


def tf_op_in_layer(ctx: RuleContext) -> list[Fix]:
    """``tf.one_hot(inputs, ...)`` on a ``KerasTensor``: run it inside a layer's ``call``."""
    tree = ctx.index.tree
    if tree is None or not ctx.user_lines or not ctx.search(_MESSAGE):
        return []
    line = ctx.user_lines[0]
    spelled = ctx.index.spell("keras.layers.Layer", line)
    if spelled is None:
        return []
    text = ctx.script.text
    for call in _outermost_tf_calls(ctx, line):
        names: list[str] = []
        for node in ast.walk(call):
            if (
                isinstance(node, ast.Name)
                and node.id not in names
                and _symbolic(ctx, node.id, line)
            ):
                names.append(node.id)
        if not names:
            continue
        edited = _edited(ctx, call, names, spelled)
        if edited is None:
            continue
        held = ", ".join(f"`{n}`" for n in names)
        return ctx.fix(
            "ops.tf-op-in-layer",
            f"run `{segment(text, call.func)}` inside a small layer (line {call.lineno})",
            edited,
            SAFE,
            [
                f"{held} held a Keras symbolic tensor at line {line}",
                "Keras 3 passes symbolic tensors only to layers and `keras.ops`; a layer's "
                "`call` runs the same TensorFlow call on real tensors",
                f"line {call.lineno}: {segment(text, call)}",
            ],
        )
    return []
