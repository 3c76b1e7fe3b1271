"""Rules for the model's input side: data shape and channels vs what the model declares.

Bridges Keras' input-compatibility errors ("expected axis -1 of input shape to have
value 3, but received input with shape (None, 32, 32, 1)", the data shape in
"Arguments received by ... inputs=tf.Tensor(shape=...)") and the script: a grayscale
input reaching an ImageNet-shaped ``keras.applications`` backbone is repeated to three
channels where the backbone is applied (or the weightless backbone is built for one
channel), and an ``Input``/``input_shape`` declared with another shape than the data's
is declared with the data's.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import (
    Patch,
    call_name,
    calls,
    imported_names,
    keyword,
    layer_prefix,
    literal,
)

_BACKBONE_HINT = re.compile(
    r"applications\.|Backbone|EfficientNet|ResNet|MobileNet|VGG|DenseNet|Xception|Inception|ConvNeXt"
)


def _received_data_shape(ctx: RuleContext) -> list[int | None] | None:
    m = ctx.search(r"inputs=tf\.Tensor\(shape=\(([^)]*)\)") or ctx.search(
        r"received input with shape \(([^)]*)\)"
    )
    if not m:
        return None
    return [None if p.strip() == "None" else int(p) for p in m.group(1).split(",") if p.strip()]


def _channels_and_input(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"expected axis -1 of input shape to have value (\d+), but received input with shape \(([^)]*)\)"
    )
    if not m:
        return []
    want = int(m.group(1))
    data = _received_data_shape(ctx)
    got = [p.strip() for p in m.group(2).split(",") if p.strip()]
    fixes: list[Fix] = []
    backbones = [
        c
        for c in calls(ctx.src)
        if _BACKBONE_HINT.search(ctx.src.segment(c.func))
        and "applications" in ctx.src.segment(c.func)
        or call_name(c).endswith("Backbone")
    ]
    if backbones and want == 3 and len(got) == 4 and got[-1] == "1":
        fixes += _grayscale_to_rgb(ctx, backbones[0])
    del data
    return fixes


def _input_shape(ctx: RuleContext) -> list[Fix]:
    if not ctx.search(r"incompatible with the layer"):
        return []
    data = _received_data_shape(ctx)
    return _input_shape_from_data(ctx, data) if data is not None else []


def _grayscale_to_rgb(ctx: RuleContext, backbone: ast.Call) -> list[Fix]:
    """Repeat a 1-channel input to 3 channels where the backbone is applied."""
    stmt_var = None
    for node in ctx.src.walk():
        if (
            isinstance(node, ast.Assign)
            and node.value is backbone
            and isinstance(node.targets[0], ast.Name)
        ):
            stmt_var = node.targets[0].id
    applied = [
        c
        for c in calls(ctx.src)
        if (stmt_var and isinstance(c.func, ast.Name) and c.func.id == stmt_var and c.args)
        or (c.func is backbone and c.args)
    ]
    evidence = ["the backbone's first layer expects 3 channels; the data has 1 (grayscale)"]
    prefix = ""
    for c in calls(ctx.src):
        if call_name(c) in ("Dense", "Conv2D", "GlobalAveragePooling2D", "Dropout"):
            prefix = layer_prefix(ctx.src, c)
            break
    fixes: list[Fix] = []
    if not applied and prefix:
        fixes += _sequential_adapter(ctx, backbone, stmt_var, prefix, evidence)
    if applied and prefix:
        arg = applied[0].args[0]
        s, e = ctx.src.span(arg)
        a = ctx.src.text[s:e]
        fixes += ctx.fix(
            "shape.channels",
            "repeat the grayscale channel 3 times before the backbone",
            Patch(ctx.src.text).replace(s, e, f"{prefix}Concatenate()([{a}, {a}, {a}])").apply(),
            SAFE,
            evidence,
        )
    shp = keyword(backbone, "input_shape")
    weights = keyword(backbone, "weights")
    if shp and isinstance(shp.value, ast.Tuple) and weights and literal(weights.value) is None:
        last = shp.value.elts[-1]
        s, e = ctx.src.span(last)
        fixes += ctx.fix(
            "shape.channels",
            "build the backbone for 1-channel input (it has no pretrained weights)",
            Patch(ctx.src.text).replace(s, e, "1").apply(),
            UNSAFE,
            evidence + ["weights=None, so the backbone can take any channel count"],
        )
    return fixes


def _sequential_adapter(
    ctx: RuleContext, backbone: ast.Call, var: str | None, prefix: str, evidence: list[str]
) -> list[Fix]:
    """In a Sequential list, put a layer repeating the channel 3 times before the backbone."""
    for node in ctx.src.walk():
        if not isinstance(node, ast.List):
            continue
        for el in node.elts:
            if el is backbone or (var and isinstance(el, ast.Name) and el.id == var):
                names = imported_names(ctx.src)
                keras = next(
                    (k for k, v in names.items() if v in ("keras", "tensorflow.keras")), None
                )
                tf = next((k for k, v in names.items() if v == "tensorflow"), None)
                if keras:
                    repeat = f"{keras}.ops.repeat(t, 3, axis=-1)"
                elif tf:
                    repeat = f"{tf}.repeat(t, 3, axis=-1)"
                else:
                    return []
                s, _ = ctx.src.span(el)
                line_start = ctx.src.text.rfind("\n", 0, s) + 1
                own_line = ctx.src.text[line_start:s].strip() == ""
                sep = "\n" + ctx.src.text[line_start:s] if own_line else " "
                layer = f"{prefix}Lambda(lambda t: {repeat}),{sep}"
                return ctx.fix(
                    "shape.channels",
                    "repeat the grayscale channel 3 times before the backbone",
                    Patch(ctx.src.text).insert(s, layer).apply(),
                    SAFE,
                    evidence,
                )
    return []


def _input_shape_from_data(ctx: RuleContext, data: list[int | None]) -> list[Fix]:
    want = tuple(data[1:])
    if None in want:
        return []
    fixes: list[Fix] = []
    for c in calls(ctx.src):
        name = call_name(c)
        kw = keyword(c, "shape") if name in ("Input", "InputLayer") else keyword(c, "input_shape")
        node = kw.value if kw else (c.args[0] if name == "Input" and c.args else None)
        if not isinstance(node, ast.Tuple | ast.List):
            continue
        lit = literal(node)
        if lit is ... or len(lit) != len(want) or tuple(lit) == want:  # type: ignore[arg-type]
            continue
        s, e = ctx.src.span(node)
        fixes += ctx.fix(
            "shape.input-shape",
            f"declare the input shape as {want}, the shape of the data fed to the model",
            Patch(ctx.src.text).replace(s, e, repr(want)).apply(),
            UNSAFE,
            [f"the model declares {tuple(lit)}; the data arriving has shape {tuple(data)}"],  # type: ignore[arg-type]
        )
        break
    return fixes


RULES = [
    Rule(
        "shape.channels",
        "shape",
        "input channels vs a keras.applications backbone: repeat grayscale to 3 channels",
        _channels_and_input,
    ),
    Rule(
        "shape.input-shape",
        "shape",
        "the declared Input shape differs from the data's shape: declare the data's",
        _input_shape,
    ),
]
