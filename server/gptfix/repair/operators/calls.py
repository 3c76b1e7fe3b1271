"""Edit operators on how a layer is used: a script's own layer class given its input at
construction; a convolution written in Keras 1's positional form.

Bridges a failure at (or fed by) ``h = MyLayer(x)`` -- where ``MyLayer`` is a ``Layer``
subclass the script defines, whose ``__init__`` wants a size, and ``x`` held a tensor in
the run -- and the edit ``MyLayer(<size>)(x)``: construct, then call. The size is the
input's own width (the run's last axis of ``x``), so the layer keeps the width it is
given; the choice is the user's, so the fix is never offered as safe.

``keras1-kernel``: ``Conv2D(32, 3, 3)`` is Keras 1's (filters, rows, cols); Keras 2 and 3
read the third as the strides, so the feature maps shrink by 3 at each layer until a
size reaches zero. On that failure the kernel becomes ``(3, 3)``.

``keras-layer-called``: ``GlobalMaxPooling2D(h)`` -- a Keras layer class (resolved through
the script's imports) given a tensor (the failing frame's locals or the run's trace) as
its first constructor argument, where the message shows the tensor bound to a
parameter: the layer is constructed with its other arguments, then called on ``h``. A
list of tensors (``Concatenate([a, b], axis=1)``, a merge layer's inputs, failing as
"got multiple values for argument 'axis'") is handled alike: ``Concatenate(axis=1)([a, b])``.
"""

from __future__ import annotations

import ast

from gptfix.index.imports import canonical
from gptfix.model import Fix
from gptfix.repair.operators.edit import last_name, replace_node, replace_span, segment
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext


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


def _tensor_shape(ctx: RuleContext, name: str, line: int) -> list[int | None] | None:
    """The shape ``name`` held as a tensor when line ``line`` failed (locals, then trace)."""
    local = (ctx.failure.facts.get("locals") or {}).get(name)
    if isinstance(local, dict) and "Tensor" in str(local.get("type")):
        shape = local.get("shape")
        return list(shape) if isinstance(shape, list) else []
    fact = ctx.traced(name, line)
    if fact is not None and "Tensor" in fact.type:
        return list(fact.shape or [])
    return None


def _tensor_args(ctx: RuleContext, arg: ast.expr, line: int) -> list[tuple[str, list]] | None:
    """(name, shape) of each tensor ``arg`` gives: one name, or a list/tuple of names
    (a merge layer's inputs) every one of which held a tensor; else None."""
    names = arg.elts if isinstance(arg, ast.List | ast.Tuple) else [arg]
    if not names or not all(isinstance(n, ast.Name) for n in names):
        return None
    out = []
    for n in names:
        shape = _tensor_shape(ctx, n.id, line)  # type: ignore[attr-defined]
        if shape is None:
            return None
        out.append((n.id, shape))  # type: ignore[attr-defined]
    return out


def keras_layer_called(ctx: RuleContext) -> list[Fix]:
    """``layers.MaxPooling2D(x)`` with ``x`` a tensor: ``layers.MaxPooling2D()(x)``;
    ``Concatenate([a, b], axis=1)`` with tensors: ``Concatenate(axis=1)([a, b])``."""
    tree = ctx.index.tree
    if tree is None or not ctx.user_lines:
        return []
    if not ctx.search(r"(?i)tensor|got multiple values for argument"):
        return []
    line = ctx.user_lines[0]
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call)
            and call.lineno <= line <= (call.end_lineno or call.lineno)
            and call.args
        ):
            continue
        qualified = ctx.index.imports.resolve_expr(call.func)
        if qualified is None or not canonical(qualified).startswith("keras.layers."):
            continue
        tensors = _tensor_args(ctx, call.args[0], line)
        if tensors is None:
            continue
        text = ctx.script.text
        arg = segment(text, call.args[0])
        rest = [segment(text, a) for a in call.args[1:]]
        rest += [segment(text, k) for k in call.keywords]
        cls = segment(text, call.func)
        new = f"{cls}({', '.join(rest)})({arg})"
        held = [f"`{n}` held a tensor{f' of shape {s}' if s else ''}" for n, s in tensors]
        return ctx.fix(
            "ops.keras-layer-called",
            f"construct `{cls}` and call it on `{arg}` (line {call.lineno})",
            replace_node(text, call, new),
            SAFE,
            [
                f"{'; '.join(held)} at line {line}",
                f"`{cls}` is a Keras layer: its constructor takes settings, its call the input",
                f"line {call.lineno}: {segment(text, call)}",
            ],
        )
    return []


_CONV_RANK = {"Conv1D": 1, "Conv2D": 2, "Conv3D": 3, "Convolution2D": 2, "Convolution3D": 3}


def keras1_kernel(ctx: RuleContext) -> list[Fix]:
    """``Conv2D(32, 3, 3)`` (Keras 1: filters, rows, cols) shrinking the maps to nothing."""
    if not ctx.search(r"zero or negative|Negative dimension size|negative output size"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    text, fixed = ctx.script.text, []
    calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call)]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        rank = _CONV_RANK.get(last_name(call.func) or "")
        args = call.args
        if rank is None or len(args) != rank + 1 or rank < 2:
            continue
        if any(k.arg in ("kernel_size", "strides") for k in call.keywords):
            continue
        dims = args[1:]
        if not all(isinstance(a, ast.Constant) and type(a.value) is int for a in dims):
            continue
        kernel = "(" + ", ".join(segment(ctx.script.text, a) for a in dims) + ")"
        text = replace_span(text, dims[0], dims[-1], kernel)
        fixed.append(f"line {call.lineno}: {segment(ctx.script.text, call)}")
    if not fixed:
        return []
    return ctx.fix(
        "ops.keras1-kernel",
        f"write the kernel size as a tuple (Keras 1's rows, cols form) ({len(fixed)} layer(s))",
        text,
        UNSAFE,
        [*reversed(fixed), "Keras 2 and 3 read a third positional argument as the strides"],
    )
