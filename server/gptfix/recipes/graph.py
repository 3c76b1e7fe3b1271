"""Bridges the script's Keras model code (as written) to the places recipes act on.

The backbones (``keras.applications`` classes and ``*Backbone.from_preset``, with where
their output is taken) and the augmentation lists are the program model's facts
(:mod:`gptfix.index`), located in the libcst tree of a
:class:`~gptfix.recipes.source.CstScript` for editing; they hold for models built inline,
in a function, or across functions (a backbone returned by a factory and applied
elsewhere). So are the image inputs, ``Sequential`` models and ``fit``/``compile`` calls;
thin matchers find the remaining edit sites (head pooling layers, 3-D shapes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from gptfix.index import CallFact
from gptfix.recipes.keras_facts import APPLICATIONS
from gptfix.recipes.source import CstScript, callee, dotted, kwarg, last, positional

POOLING = ("GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAvgPool2D", "GlobalMaxPool2D")
MODEL_CALLS = ("Model", "Functional")  #: the functional model constructors


@dataclass
class Backbone:
    """A backbone constructor call and the statements that take its 4-D output."""

    ctor: cst.Call
    name: str  #: the callee as written, e.g. "keras.applications.EfficientNetV2B0"
    preset: bool  #: ``X.from_preset(...)`` rather than a keras.applications class
    holders: list[str] = field(default_factory=list)  #: variables holding the model
    #: the string that names the class for ``getattr(keras.applications, CFG.name)(...)``
    #: (where the name is defined), None for a constructor called by name
    named_by: cst.SimpleString | None = None
    #: statements ``y = backbone(x)`` / ``y = backbone.output`` (target, statement)
    outputs: list[tuple[str, cst.BaseStatement]] = field(default_factory=list)


def swappable(constructor: str) -> bool:
    """Backbones the recipes know: ``keras.applications`` families and ``*Backbone`` presets."""
    if last(constructor) in APPLICATIONS:
        return True
    if last(constructor) == "from_preset":
        return last(constructor.rsplit(".", 1)[0]).endswith("Backbone")
    return False


def backbones(src: CstScript) -> list[Backbone]:
    """The program model's backbones (:attr:`gptfix.index.facts.KerasFacts.backbones`),
    located in the tree, with the statements that take their output."""
    out: list[Backbone] = []
    for fact in src.index.keras.backbones:
        ctor = src.call_at(fact.call)
        if ctor is None or not swappable(fact.constructor):
            continue
        name = fact.call.func
        named_by = None
        if isinstance(ctor.func, cst.Call):  # getattr(keras.applications, CFG.backbone)
            args = positional(ctor.func)
            found = src.origin(args[1].value) if len(args) > 1 else None
            if not isinstance(found, cst.SimpleString):
                continue
            name, named_by = fact.constructor, found
        bb = Backbone(
            ctor, name, last(name) == "from_preset", list(fact.holders), named_by=named_by
        )
        for applied in fact.applied:
            stmt = _assignment_at(src, applied.line, applied.output)
            if stmt is not None and applied.output is not None:
                bb.outputs.append((applied.output, stmt))
        out.append(bb)
    return out


def _assignment_at(src: CstScript, line: int, target: str | None) -> cst.BaseStatement | None:
    """The statement ``target = ...`` that starts at ``line``."""
    for stmt in src.statements_at(line):
        pair = src.assign_stmt(stmt)
        if pair is not None and pair[0] == target:
            return stmt
    return None


def pooling_kwarg(bb: Backbone) -> str | None:
    """``"avg"``/``"max"`` when the backbone pools inside (``pooling="avg"``)."""
    arg = kwarg(bb.ctor, "pooling")
    if arg is None or not isinstance(arg.value, cst.SimpleString):
        return None
    value = arg.value.evaluated_value
    return value if value in ("avg", "max") else None


@dataclass
class Pooling:
    """``y = GlobalAveragePooling2D()(x)``: the 4-D tensor ``x`` pooled into ``y``."""

    stmt: cst.BaseStatement
    apply: cst.Call  #: the outer call ``Layer(...)(x)``
    source: str  #: the pooled (4-D) variable
    target: str
    layer: str  #: the layer's class name


def poolings(src: CstScript, skip_functions: set[str]) -> list[Pooling]:
    out: list[Pooling] = []
    for call in src.calls:
        inner = call.func
        if not isinstance(inner, cst.Call):
            continue
        layer = last(callee(inner))
        if layer not in POOLING and layer != "Flatten":
            continue
        keep = kwarg(inner, "keepdims")
        if keep is not None and dotted(keep.value) == "True":
            continue
        args = positional(call)
        if len(args) != 1 or not isinstance(args[0].value, cst.Name):
            continue
        fn = src.function(call)
        if fn is not None and fn.name.value in skip_functions:
            continue
        stmt = src.statement(call)
        pair = src.assign_stmt(stmt)
        if not pair or pair[1] is not call:
            continue
        out.append(Pooling(stmt, call, args[0].value.value, pair[0], layer))
    return out


@dataclass
class ImageInput:
    call: cst.Call
    var: str
    stmt: cst.BaseStatement


def _shape_rank(src: CstScript, shape: cst.BaseExpression) -> int | None:
    if isinstance(shape, cst.Tuple | cst.List):
        rank = 0
        for el in shape.elements:
            if isinstance(el, cst.StarredElement):
                ref = src.origin(el.value)
                if not isinstance(ref, cst.Tuple | cst.List):
                    return None
                rank += len(ref.elements)
            else:
                rank += 1
        return rank
    ref = src.origin(shape)
    if ref is not shape and isinstance(ref, cst.Tuple | cst.List):
        return _shape_rank(src, ref)
    return None


def image_inputs(src: CstScript) -> list[ImageInput]:
    """The program model's ``x = keras.Input(shape=(H, W, C))`` with a 3-D (image) shape."""
    out = []
    for call in _located(src, [i.call for i in src.index.keras.inputs]):
        arg = kwarg(call, "shape")
        shape = arg.value if arg else (positional(call)[0].value if positional(call) else None)
        if shape is None or _shape_rank(src, shape) != 3:
            continue
        stmt = src.statement(call)
        pair = src.assign_stmt(stmt)
        if pair and pair[1] is call:
            out.append(ImageInput(call, pair[0], stmt))
    return out


def image_shapes(src: CstScript) -> list[tuple[cst.BaseExpression, cst.Call]]:
    """Every 3-D shape the model is given: ``Input(shape=...)`` and ``input_shape=`` args."""
    out: list[tuple[cst.BaseExpression, cst.Call]] = []
    for call in src.calls:
        if last(callee(call)) in ("Input", "InputLayer"):
            arg = kwarg(call, "shape")
            pos = positional(call)
            shape = arg.value if arg else (pos[0].value if pos else None)
        else:
            arg = kwarg(call, "input_shape")
            shape = arg.value if arg else None
        if shape is not None and _shape_rank(src, shape) == 3:
            out.append((shape, call))
    return out


def augment_lists(src: CstScript) -> list[cst.List]:
    """The layer lists of the program model's augmentation pipelines (a list of layers or
    an augmentation ``Sequential``: :attr:`gptfix.index.facts.KerasFacts.augmentations`)."""
    out = []
    for aug in src.index.keras.augmentations:
        if aug.kind == "function" or not aug.layers:
            continue
        first = aug.layers[0]
        for node in src.nodes_at(first.line, first.col):
            element = src.parent.get(node) if isinstance(node, cst.Call) else None
            up = src.parent.get(element) if element is not None else None
            if isinstance(up, cst.List) and up not in out:
                out.append(up)
                break
    return sorted(out, key=src.line)


def sequential_lists(src: CstScript) -> list[tuple[cst.Call, cst.List]]:
    """The program model's ``Sequential([...])`` models (the call and its layer list)."""
    out = []
    models = src.index.keras.models
    for call in _located(src, [m.call for m in models if m.kind == "sequential"]):
        args = positional(call) or [
            a for a in call.args if a.keyword and a.keyword.value == "layers"
        ]
        if args and isinstance(args[0].value, cst.List):
            out.append((call, args[0].value))
    return out


def fit_calls(src: CstScript) -> list[cst.Call]:
    """The model's ``fit()`` calls (the program model's, not ``scaler.fit``)."""
    return _located(src, [f.call for f in src.index.keras.fit if f.method == "fit"])


def compile_calls(src: CstScript) -> list[cst.Call]:
    """The model's ``compile()`` calls (the program model's, not ``re.compile``)."""
    return _located(src, [c.call for c in src.index.keras.compile])


def _located(src: CstScript, facts: list[CallFact | None]) -> list[cst.Call]:
    found = [src.call_at(f) for f in facts if f is not None]
    return [c for c in found if c is not None]
