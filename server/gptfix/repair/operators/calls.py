"""Edit operators on how a layer is used: a script's own layer class given its input at
construction.

Bridges a failure at (or fed by) ``h = MyLayer(x)`` -- where ``MyLayer`` is a ``Layer``
subclass the script defines, whose ``__init__`` wants a size, and ``x`` held a tensor in
the run -- and the edit ``MyLayer(<size>)(x)``: construct, then call. The size is the
input's own width (the run's last axis of ``x``), so the layer keeps the width it is
given; the choice is the user's, so the fix is never offered as safe.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import last_name, replace_node, segment
from gptfix.repair.rules.base import UNSAFE, RuleContext


def _layer_classes(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Layer subclasses the script defines -> their ``__init__`` with a required size."""
    out: dict[str, ast.FunctionDef] = {}
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        if not any((last_name(b) or "").endswith("Layer") for b in cls.bases):
            continue
        init = next(
            (f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"),
            None,
        )
        if init is None:
            continue
        required = len(init.args.args) - 1 - len(init.args.defaults)
        if required >= 1:
            out[cls.name] = init
    return out


def construct_then_call(ctx: RuleContext) -> list[Fix]:
    """``MyLayer(x)`` with ``x`` a tensor: ``MyLayer(<x's width>)(x)``."""
    tree = ctx.index.tree
    if tree is None or not ctx.user_lines:
        return []
    classes = _layer_classes(tree)
    if not classes:
        return []
    near = set(ctx.user_lines)
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in classes
            and len(node.value.args) == 1
            and isinstance(node.value.args[0], ast.Name)
            and isinstance(node.targets[0], ast.Name)
        ):
            continue
        target = node.targets[0].id
        reads = {a.line for a in ctx.index.accesses if a.name == target and a.line > node.lineno}
        if not (near & ({node.lineno} | reads)):
            continue
        arg = node.value.args[0]
        fact = ctx.traced(arg.id, node.lineno)
        if fact is None or not fact.shape or not isinstance(fact.shape[-1], int):
            continue  # not seen as a tensor in the run
        width = fact.shape[-1]
        cls = node.value.func.id
        init = classes[cls]
        param = init.args.args[1].arg
        new = f"{cls}({width})({arg.id})"
        return ctx.fix(
            "ops.construct-then-call",
            f"construct `{cls}` with {param}={width} (the input's width), then call it on "
            f"`{arg.id}`",
            replace_node(ctx.script.text, node.value, new),
            UNSAFE,
            [
                f"`{arg.id}` held a tensor of shape {fact.shape} in the run",
                f"`{cls}.__init__` takes `{param}`, its `call` takes the input",
                f"line {node.lineno}: {segment(ctx.script.text, node.value)}",
            ],
        )
    return []
