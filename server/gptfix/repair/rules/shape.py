"""Rules for tensors of the wrong shape between layers.

Bridges Keras shape errors and the model as written: a Dense head fed a 4-D (or 3-D)
tensor gets a Flatten or a global pooling inserted before it (found by walking the
layer calls in source order), a Reshape target is recomputed from the element count in
the message, an ``Input`` shape is aligned with the data shape Keras reports, and a
4-D branch concatenated with a 2-D one is pooled first.
"""

from __future__ import annotations

import ast
import math
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, SUGGESTION, Rule, RuleContext
from gptfix.repair.rules.consts import evaluate, shape_constant
from gptfix.repair.rules.heads_input import (
    after_recurrent,
    dense_on_traced,
    few_channels,
    made_steps,
)
from gptfix.repair.rules.loss import shapes_from_message
from gptfix.repair.rules.text import (
    Patch,
    Source,
    add_from_import_name,
    arg_or_kw,
    call_name,
    calls,
    dotted,
    keyword,
    kwvalue,
    layer_prefix,
    literal,
)

_SPATIAL_2D = re.compile(
    r"^(Conv2D|Conv2DTranspose|SeparableConv2D|DepthwiseConv2D|MaxPool(ing)?2D|AveragePool(ing)?2D"
    r"|UpSampling2D|ZeroPadding2D|Cropping2D|Convolution2D)$"
)
_SPATIAL_1D = re.compile(
    r"^(Conv1D|MaxPool(ing)?1D|AveragePool(ing)?1D|Embedding|UpSampling1D|Conv1DTranspose)$"
)
_RNN = re.compile(r"^(LSTM|GRU|SimpleRNN|Bidirectional)$")
_FLAT = re.compile(
    r"^(Flatten|GlobalAveragePooling[123]D|GlobalMaxPool(ing)?[123]D|GlobalAvgPool[123]D)$"
)
_RESET = re.compile(r"^(Sequential|Input|InputLayer)$")
_BACKBONE_HINT = re.compile(
    r"applications\.|Backbone|EfficientNet|ResNet|MobileNet|VGG|DenseNet|Xception|Inception|ConvNeXt"
)


def _rank_after(src: Source, call: ast.Call) -> int | None:
    """The rank (without batch) a layer call produces, when it changes it; None = unchanged."""
    name = call_name(call)
    if _SPATIAL_2D.match(name):
        return 3
    if _SPATIAL_1D.match(name):
        return 2
    if _RNN.match(name):
        inner = call.args[0] if name == "Bidirectional" and call.args else call
        seq = literal(kwvalue(inner, "return_sequences")) if isinstance(inner, ast.Call) else False
        return 2 if seq is True else 1
    if _FLAT.match(name):
        return 1
    if name in ("Input", "InputLayer"):
        node = arg_or_kw(call, 0, "shape") or kwvalue(call, "input_shape")
        if isinstance(node, ast.Tuple | ast.List):
            return len(node.elts)
    if name == "Reshape":
        node = arg_or_kw(call, 0, "target_shape")
        if isinstance(node, ast.Tuple | ast.List):
            return len(node.elts)
    if _BACKBONE_HINT.search(src.segment(call.func)):
        if literal(kwvalue(call, "include_top")) is False:
            return 3
    return None


def _first_unflattened_dense(src: Source) -> tuple[ast.Call, int, bool] | None:
    """The first Dense call reached by a >1-rank tensor: (call, rank, after a backbone)."""
    rank = 1
    backbone = False
    for c in calls(src):
        name = call_name(c)
        if name in ("Sequential",):
            rank, backbone = 1, False
            continue
        if name == "Dense":
            if rank > 1:
                return c, rank, backbone
            continue
        r = _rank_after(src, c)
        if r is not None:
            rank = r
            if _BACKBONE_HINT.search(src.segment(c.func)):
                backbone = True
    return None


def _wrap_layer_input(ctx: RuleContext, dense: ast.Call, layer: str) -> str | None:
    """Put ``layer`` in front of ``dense`` in whichever style the model is written."""
    src = ctx.src
    prefix = layer_prefix(src, dense)
    text = src.text
    if not prefix:
        added = add_from_import_name(src, "Dense", layer)
        if added is None:
            return None
        new_src = Source.parse(added)
        if new_src is None:
            return None
        # recompute the Dense node in the new text (same position or shifted on its line)
        for c in calls(new_src):
            if call_name(c) == "Dense" and c.lineno == dense.lineno + (
                added.count("\n") - text.count("\n")
            ):
                if src.segment(dense) == new_src.segment(c):
                    src, dense = new_src, c
                    break
        else:
            return None
        text = added
    new_layer = f"{prefix}{layer}()"
    # functional: Dense(...)(x) -> Dense(...)(Flatten()(x))
    for node in ast.walk(src.tree):
        if isinstance(node, ast.Call) and node.func is dense and node.args:
            arg = node.args[0]
            s, e = src.span(arg)
            return Patch(text).replace(s, e, f"{new_layer}({text[s:e]})").apply()
    # Sequential([... Dense ...]) or model.add(Dense(...))
    for node in ast.walk(src.tree):
        if isinstance(node, ast.List) and dense in node.elts:
            s, _ = src.span(dense)
            line_start = text.rfind("\n", 0, s) + 1
            own_line = text[line_start:s].strip() == ""
            sep = "\n" + text[line_start:s] if own_line else " "
            return Patch(text).insert(s, f"{new_layer},{sep}").apply()
        if isinstance(node, ast.Call) and call_name(node) == "add" and dense in node.args:
            assert isinstance(node.func, ast.Attribute)
            owner = src.segment(node.func.value)
            s, _ = src.span(node)
            line_start = text.rfind("\n", 0, s) + 1
            return Patch(text).insert(s, f"{owner}.add({new_layer})\n{text[line_start:s]}").apply()
    return _wrap_attribute_layer(src, text, dense, layer, new_layer)


def _wrap_attribute_layer(
    src: Source, text: str, dense: ast.Call, layer: str, new_layer: str
) -> str | None:
    """Subclassed model: ``self.head = Dense(...)`` in ``__init__`` and ``self.head(h)`` in
    ``call``: create the new layer next to it and apply it to every input of ``self.head``."""
    for node in ast.walk(src.tree):
        if not (
            isinstance(node, ast.Assign)
            and node.value is dense
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute)
        ):
            continue
        owner = dotted(node.targets[0])
        uses = [
            c
            for c in ast.walk(src.tree)
            if isinstance(c, ast.Call) and c.args and owner and dotted(c.func) == owner
        ]
        if not owner or not uses:
            return None
        attr = (
            re.sub(r"(?<!^)(?=[A-Z])", "_", layer).lower().replace("2_d", "2d").replace("1_d", "1d")
        )
        new_attr = f"{owner.rsplit('.', 1)[0]}.{attr}"
        while new_attr in text:
            new_attr += "_in"
        patch = Patch(text)
        indent = src.indent_of(node.lineno)
        patch.insert(src.starts[node.lineno - 1], f"{indent}{new_attr} = {new_layer}\n")
        for c in uses:
            s, e = src.span(c.args[0])
            patch.replace(s, e, f"{new_attr}({text[s:e]})")
        return patch.apply()
    return None


def _missing_flatten(ctx: RuleContext) -> list[Fix]:
    shapes = shapes_from_message(ctx.message)
    spatial_out = shapes is not None and len(shapes[1]) > max(2, len(shapes[0]))
    min_ndim = ctx.search(r"expected (?:min_)?ndim=2, found ndim=[34]")
    if not spatial_out and not min_ndim:
        return []
    found = _first_unflattened_dense(ctx.src) or dense_on_traced(ctx)
    if found is None:
        return []
    dense, rank, backbone = found
    pool = "GlobalAveragePooling2D" if rank == 3 else "GlobalAveragePooling1D"
    raw = not backbone and not made_steps(ctx.src, dense)
    # a backbone's feature maps are pooled, and so are steps (a bag of embedded tokens or
    # of convolved windows), except a recurrent layer's states over a known number of
    # steps that flatten to a modest width: those are flattened, keeping their order
    # (pooling over time forgets it); a wide flattening would give the head most of the
    # model's parameters
    order = [pool, "Flatten"] if backbone or rank == 2 else ["Flatten", pool]
    if (
        rank == 2
        and shapes
        and len(shapes[1]) == 3
        and shapes[1][1]
        and after_recurrent(ctx.src, dense, shapes[1][1])
    ):
        order = ["Flatten", pool]
    evidence = [
        f"the model outputs {tuple(shapes[1]) if shapes else 'a tensor of rank > 2'}"
        + (f" but the labels have shape {tuple(shapes[0])}" if shapes else ""),
        f"`Dense` at line {dense.lineno} receives a {rank + 1}-D tensor (nothing flattens it)",
    ]
    few = few_channels(ctx.src, dense)
    if (few is not None and not backbone) or raw:
        # pooling would leave `few` features for the head; or the Dense reads the data as
        # given (an image's rows are not a bag of tokens): both keep everything flattened
        order = ["Flatten", pool]
    fixes: list[Fix] = []
    for layer in order:
        lossy = layer != "Flatten" and few is not None and not backbone
        fixes += ctx.fix(
            "shape.missing-flatten",
            f"insert `{layer}()` before the Dense layer at line {dense.lineno}",
            _wrap_layer_input(ctx, dense, layer),
            SUGGESTION if lossy else SAFE,
            evidence
            + ([f"pooling keeps only {few} feature(s) of the layer before it"] if lossy else []),
        )
    return fixes


def _tuple(text: str) -> list[int]:
    return [int(p) for p in re.findall(r"-?\d+", text)]


def _reshape_target(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"total size of the tensor must be unchanged\. Received: input_shape=\(([^)]*)\), target_shape=\(([^)]*)\)"
    )
    if not m:
        return []
    in_shape, target = _tuple(m.group(1)), _tuple(m.group(2))
    count = math.prod(d for d in in_shape if d > 0)
    reshapes = [
        c
        for c in calls(ctx.src)
        if call_name(c) == "Reshape" and (c.args or keyword(c, "target_shape"))
    ]
    on_lines = {id(n) for n in ctx.nodes_on_user_lines(ast.Call)}
    reshapes.sort(key=lambda c: id(c) not in on_lines)
    for c in reshapes:
        node = arg_or_kw(c, 0, "target_shape")
        if not isinstance(node, ast.Tuple | ast.List) or len(node.elts) != len(target):
            continue
        lit = literal(node)
        if lit is not ... and list(lit) != target:  # type: ignore[call-overload]
            continue
        fixes: list[Fix] = []
        for i in reversed(range(len(target))):
            rest = math.prod(d for j, d in enumerate(target) if j != i)
            if rest and count % rest == 0:
                new_dim = count // rest
                s, e = ctx.src.span(node.elts[i])
                new_target = tuple(new_dim if j == i else d for j, d in enumerate(target))
                spelled = shape_constant(ctx.src, new_dim) or str(new_dim)
                fixes += ctx.fix(
                    "shape.reshape-target",
                    f"reshape to {new_target}: the input has {count} elements per sample",
                    Patch(ctx.src.text).replace(s, e, spelled).apply(),
                    SAFE,
                    [
                        f"input shape {tuple(in_shape)} = {count} elements; target {tuple(target)} = {math.prod(target)}"
                    ],
                )
                if len(fixes) >= 2:
                    break
        return fixes
    return []


def _concat_rank(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"Concatenate` layer requires inputs with matching shapes.*?Received: input_shape=\[(.*?)\]\s*$",
        re.M | re.S,
    )
    if not m:
        return []
    shapes = [
        s.count(",") + 1 - (1 if s.strip().endswith(",") else 0)
        for s in re.findall(r"\(([^()]*)\)", m.group(1))
    ]
    if not shapes or min(shapes) == max(shapes):
        return []
    low = min(shapes)
    for c in calls(ctx.src):
        if call_name(c) not in ("Concatenate", "concatenate"):
            continue
        lst = None
        for node in ctx.src.walk():
            if isinstance(node, ast.Call) and node.func is c and node.args:
                lst = node.args[0]
        if call_name(c) == "concatenate" and c.args:
            lst = c.args[0]
        if not isinstance(lst, ast.List) or len(lst.elts) != len(shapes):
            continue
        prefix = layer_prefix(ctx.src, c)
        if not prefix:
            continue
        patch = Patch(ctx.src.text)
        for el, rank in zip(lst.elts, shapes, strict=True):
            if rank > low:
                pool = "GlobalAveragePooling2D" if rank == 4 else "GlobalAveragePooling1D"
                s, e = ctx.src.span(el)
                patch.replace(s, e, f"{prefix}{pool}()({ctx.src.text[s:e]})")
        return ctx.fix(
            "shape.concat-rank",
            "pool the spatial branch before concatenating it with the flat one",
            patch.apply(),
            SAFE,
            [f"Concatenate received tensors of rank {shapes}"],
        )
    return []


def _hardcoded_batch(ctx: RuleContext) -> list[Fix]:
    """A reshape that hard-codes the batch size breaks on the last, smaller batch: use -1."""
    m = ctx.search(r"Incompatible shapes: \[(\d+)[,\]].*?vs\. \[(\d+)[,\]]") or ctx.search(
        r"Input to reshape is a tensor with (\d+) values, but the requested shape has (\d+)"
    )
    if not m:
        return []
    sizes = {int(m.group(1)), int(m.group(2))}
    patch = Patch(ctx.src.text)
    changed = []
    for c in calls(ctx.src):
        if call_name(c) != "reshape" or len(c.args) < 2:
            continue
        shape = c.args[1]
        if not isinstance(shape, ast.Tuple | ast.List) or not shape.elts:
            continue
        first = shape.elts[0]
        value = evaluate(ctx.src, first)
        if (
            isinstance(value, int)
            and value > 1
            and (value in sizes or "batch" in ctx.src.segment(first).lower())
        ):
            s, e = ctx.src.span(first)
            patch.replace(s, e, "-1")
            changed.append(f"line {first.lineno}: `{ctx.src.segment(first)}` -> -1")
    if not changed:
        return []
    return ctx.fix(
        "shape.hardcoded-batch",
        "let reshape infer the batch dimension (-1) instead of hard-coding it",
        patch.apply(),
        SAFE,
        [f"batches of sizes {sorted(sizes)} meet a shape fixed to one batch size", *changed],
    )


RULES = [
    Rule(
        "shape.missing-flatten",
        "shape",
        "a Dense head fed a spatial tensor: insert Flatten or global pooling before it",
        _missing_flatten,
    ),
    Rule(
        "shape.reshape-target",
        "shape",
        "a Reshape target whose element count does not match: recompute one dimension",
        _reshape_target,
    ),
    Rule(
        "shape.hardcoded-batch",
        "shape",
        "a reshape hard-coding the batch size (fails on the last batch): use -1",
        _hardcoded_batch,
    ),
    Rule(
        "shape.concat-rank",
        "shape",
        "concatenating a 4-D with a 2-D tensor: pool the 4-D branch first",
        _concat_rank,
    ),
]
