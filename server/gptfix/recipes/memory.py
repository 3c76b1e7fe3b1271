"""memory: mixed precision, halve the batch, smaller images, gradient accumulation.

Each remedy edits the value at its source of truth (``CFG.batch_size = 64``,
``IMG_SIZE = 224``, the literal in ``fit(batch_size=...)``), not a copy, and says what
memory change to expect; :func:`forecast_change` turns two build summaries into the
numbers of ``gptfix check``.
"""

from __future__ import annotations

from typing import Any

import libcst as cst

from gptfix.recipes.base import Change, InterpreterFacts, Option, Recipe, RecipeMatch, Refused
from gptfix.recipes.graph import (
    fit_calls,
    image_shapes,
)
from gptfix.recipes.lr_optimizer import compiled_optimizer, optimizer_from_name
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import (
    CstScript,
    callee,
    expr,
    kwarg,
    last,
    literal,
    statements,
    with_kwarg,
)
from gptfix.recipes.style import Style
from gptfix.runner.probe import signatures

_ID = "memory"
REMEDIES = ("mixed-precision", "halve-batch", "smaller-images", "gradient-accumulation")
_SIZE_CALLS: tuple[str, ...] = (
    "resize",
    "Resizing",
    "image_dataset_from_directory",
    "flow_from_directory",
    "flow_from_dataframe",
    "resize_with_pad",
    "load_img",
    "CenterCrop",
)


def find(src: CstScript) -> list[RecipeMatch]:
    out = []
    for call in fit_calls(src):
        line = src.line(call)
        out.append(
            RecipeMatch(
                _ID,
                "Reduce training memory: mixed precision",
                line,
                src.end_line(call),
                "mixed precision, a smaller batch or image size, gradient accumulation",
            )
        )
    return out


def transform(src: CstScript, options: dict[str, str], ctx: InterpreterFacts) -> Change:
    remedy = options["remedy"]
    if remedy == "mixed-precision":
        return _mixed_precision(src, options["policy"])
    if remedy == "halve-batch":
        return _divide_batch(src, 2, NodeEdits(), [], "Halve the batch size")
    if remedy == "smaller-images":
        return _smaller_images(src, float(options["factor"]))
    return _accumulate(src, int(options["steps"]), ctx)


# -- mixed precision -------------------------------------------------------------------
def _mixed_precision(src: CstScript, policy: str) -> Change:
    for found in src.index.keras.policies:
        if found.mixed:
            raise Refused(f"already present: {found.policy} policy at line {found.call.line}")
    style = Style.of(src)
    patch = NodeEdits()
    notes = [
        "expected memory change: activations and their gradients in 16-bit, about half of "
        "the activation memory; weights and optimizer state stay float32",
    ]
    setter = style.ref("keras.mixed_precision.set_global_policy")
    outputs = [c for c in map(src.call_at, src.index.keras.output_layers) if c is not None]
    for ctor in outputs:
        dtype = kwarg(ctor, "dtype")
        if dtype is None or literal(dtype.value) != "float32":
            patch.edit_call(ctor, lambda n: with_kwarg(n, "dtype", expr('"float32"')))
    if not outputs:
        notes.append('could not find the output layer: give it dtype="float32" yourself')
    first = _first_keras_call(src, style)
    style.patch_imports(src, patch, first)
    new = statements(f'{setter}("{policy}")\n', blank_before=1)
    anchor = src.last_import(first)
    if anchor is None:
        patch.prepend.extend(new)
    else:
        patch.after[anchor].extend(new)
    return Change(
        patch.apply(src), f"Mixed precision ({policy}) with a float32 output layer", notes
    )


def _first_keras_call(src: CstScript, style: Style) -> cst.Call | None:
    """The first call into Keras (the policy must be set before any layer is made)."""
    for call in src.calls:
        name = callee(call) or ""
        if "." in name or name in style.direct:
            path = style.resolve(name.rsplit(".", 1)[0] if "." in name else name) or ""
            if path.startswith("keras"):
                return call
    return None


# -- batch size ------------------------------------------------------------------------
def _divide_batch(
    src: CstScript, by: int, patch: NodeEdits, notes: list[str], title: str
) -> Change:
    found = src.index.keras.batch_sizes  # each at its source of truth, deduplicated
    read = [b for b in found if b.via != "config"] or found
    sources = [(node, b.line) for b in read if b.span and (node := src.span_node(b.span))]
    if not sources:
        raise Refused("no batch size found (fit(batch_size=...), .batch(...), CFG.batch_size)")
    changed = []
    for origin, line in sources:
        value = literal(origin)
        if isinstance(value, int):
            if value <= 1:
                raise Refused(f"the batch size at line {line} is already {value}")
            new = max(1, value // by)
            patch.put(origin, cst.Integer(str(new)))
            changed.append(f"{value} -> {new} (line {line})")
        else:
            code = f"max(1, ({src.code(origin)}) // {by})"
            patch.put(origin, expr(code))
            changed.append(f"{src.code(origin)} -> {code} (line {line})")
    notes.insert(
        0,
        f"expected memory change: activation memory about 1/{by} of before (batch "
        f"{'; '.join(changed)}); weights and optimizer state unchanged",
    )
    return Change(patch.apply(src), f"{title}: {'; '.join(changed)}", notes)


# -- image size ------------------------------------------------------------------------
def _smaller_images(src: CstScript, factor: float) -> Change:
    if not 0 < factor < 1:
        raise Refused(f"factor={factor}: expected a number between 0 and 1")
    shapes = image_shapes(src)
    if not shapes:
        raise Refused("no image input found (keras.Input(shape=(H, W, C)) or input_shape=...)")
    patch = NodeEdits()
    sizes: dict[int, tuple[cst.BaseExpression, int]] = {}
    for shape_expr, _call in shapes:
        shape = src.origin(shape_expr)
        if not isinstance(shape, cst.Tuple | cst.List):
            continue
        dims: list[cst.BaseExpression] = []
        for el in shape.elements:
            if isinstance(el, cst.StarredElement):
                inner = src.origin(el.value)
                if isinstance(inner, cst.Tuple | cst.List):
                    dims.extend(e.value for e in inner.elements)
            else:
                dims.append(el.value)
        if len(dims) != 3:
            continue
        for dim in dims[:2]:
            origin = src.origin(dim)
            value = literal(origin)
            if isinstance(value, int):
                sizes[id(origin)] = (origin, value)
    if not sizes:
        raise Refused("the image size is not a number the script sets (e.g. IMG_SIZE = 224)")
    old = max(v for _, v in sizes.values())
    if old <= 32:
        raise Refused(f"the images are already {old} pixels; smaller would break most backbones")
    for origin, value in sizes.values():
        new = _shrink(value, factor)
        patch.put(origin, cst.Integer(str(new)))
    for call in src.calls:  # literal sizes in the input pipeline follow the model
        if last(callee(call)) in _SIZE_CALLS:
            for node in src.parent:
                if (
                    isinstance(node, cst.Integer)
                    and node.evaluated_value in {v for _, v in sizes.values()}
                    and src.line(call) <= src.line(node) <= src.end_line(call)
                    and id(node) not in sizes
                    and _inside(src, node, call)
                ):
                    new = _shrink(node.evaluated_value, factor)
                    patch.put(node, cst.Integer(str(new)))
    ratio = (_shrink(old, factor) / old) ** 2
    notes = [
        f"expected memory change: activations scale with height x width, about "
        f"{ratio:.0%} of before ({old} -> {_shrink(old, factor)} pixels); weights unchanged",
    ]
    return Change(patch.apply(src), f"Smaller images: {old} -> {_shrink(old, factor)}", notes)


def _inside(src: CstScript, node: cst.CSTNode, call: cst.Call) -> bool:
    return any(up is call for up in src.ancestors(node))


def _shrink(value: int, factor: float) -> int:
    step = 32 if value >= 64 else 8
    return max(step, int(value * factor / step) * step)


# -- gradient accumulation -------------------------------------------------------------
def _accumulate(src: CstScript, steps: int, ctx: InterpreterFacts) -> Change:
    if steps < 2:
        raise Refused("steps must be at least 2")
    notes: list[str] = []
    if ctx.python:
        path = "keras.optimizers.Adam"
        sig = signatures(ctx.python, (path,)).get(path)
        if (
            sig is not None
            and sig.params is not None
            and ("gradient_accumulation_steps" not in sig.params)
        ):
            raise Refused("the installed Keras optimizers have no gradient_accumulation_steps")
    else:
        notes.append("assumes Keras 3 optimizers (gradient_accumulation_steps)")
    site = compiled_optimizer(src)
    style = Style.of(src)
    patch = NodeEdits()
    opt = site.built
    value = literal(opt)
    if isinstance(value, str):
        optimizer_from_name(
            src, patch, style, site, value, lambda _cls: f"gradient_accumulation_steps={steps}"
        )
    elif isinstance(opt, cst.Call):
        if kwarg(opt, "gradient_accumulation_steps") is not None:
            raise Refused(f"already present: gradient_accumulation_steps at line {src.line(opt)}")
        patch.edit_call(
            opt, lambda n: with_kwarg(n, "gradient_accumulation_steps", cst.Integer(str(steps)))
        )
    else:
        raise Refused(f"cannot find the optimizer `{src.code(site.arg.value)}` is built from")
    style.patch_imports(src, patch, site.compile)
    notes.append(f"the optimizer steps every {steps} batches: same effective batch size")
    return _divide_batch(src, steps, patch, notes, f"Accumulate gradients over {steps} steps")


def forecast_change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str | None:
    """``gptfix check``'s estimate before and after a remedy, as one line (None if unknown)."""
    if not before or not after:
        return None
    from gptfix.repair.memory import forecast

    a = forecast(before, detect_gpu=False)
    b = forecast(after, detect_gpu=False)
    if a is None or b is None:
        return None
    return (
        f"forecast (gptfix check): {_size(a.total)} -> {_size(b.total)} "
        f"(activations {_size(a.activations)} -> {_size(b.activations)}, "
        f"batch {a.batch_size} -> {b.batch_size})"
    )


def _size(n: int) -> str:
    gib = 1024**3
    return f"{n / gib:.2f} GiB" if n >= gib else f"{n / 1024**2:.0f} MiB"


RECIPE = Recipe(
    id=_ID,
    title="Reduce training memory",
    description=(
        "mixed-precision (global policy, float32 output layer), halve-batch (at its source), "
        "smaller-images (input size at its source), gradient-accumulation (smaller batches, "
        "same effective batch)."
    ),
    options=(
        Option("remedy", "which remedy", default="mixed-precision", choices=REMEDIES),
        Option(
            "policy",
            "mixed-precision policy",
            default="mixed_float16",
            choices=("mixed_float16", "mixed_bfloat16"),
        ),
        Option("factor", "smaller-images: scale of height and width", default="0.75", kind="float"),
        Option(
            "steps", "gradient-accumulation: batches per optimizer step", default="2", kind="int"
        ),
    ),
    find=find,
    transform=transform,
)
