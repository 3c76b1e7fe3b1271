"""Bridges an assigned expression and its role: is this an Input, a backbone, a dataset?

:func:`classify` looks at one ``ast`` expression with the import table and the roles
already known for names in scope, and answers with a ``value_kind`` (see
:class:`gptfix.index.facts.Binding`). Purely syntactic plus import resolution: no
inference engine, so it is fast enough to run on every keystroke.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field

from gptfix.index.imports import ImportTable

#: value kinds that are callable Keras objects (calling one on a tensor gives a tensor).
CALLABLE_KINDS = {"layer", "backbone", "model", "compiled-model", "augmentation"}
TENSOR_KINDS = {"tensor", "input"}
_DATASET_METHODS = {
    "map", "batch", "shuffle", "prefetch", "repeat", "cache", "take", "skip", "filter",
    "unbatch", "padded_batch", "with_options", "apply", "zip", "concatenate", "rebatch",
    "interleave", "flat_map", "ragged_batch", "shard",
}  # fmt: skip
_DATASET_FUNCS = (
    "tensorflow.data.",
    "keras.utils.image_dataset_from_directory",
    "keras.utils.text_dataset_from_directory",
    "keras.utils.audio_dataset_from_directory",
    "keras.utils.timeseries_dataset_from_array",
    "keras.preprocessing.image_dataset_from_directory",
    "keras.preprocessing.text_dataset_from_directory",
    "tensorflow_datasets.load",
)
_AUG_NAMES = {
    "RandAugment", "AugMix", "MixUp", "CutMix", "GridMask", "ChannelShuffle", "Mosaic",
    "RandomAugmentationPipeline", "Solarization", "Posterization", "FourierMix",
    "JitteredResize", "RandomChoice", "Augmenter", "AutoContrast", "Equalization",
    "RandomApply",
}  # fmt: skip
_PREPROCESSING = {"Rescaling", "Resizing", "Normalization", "CenterCrop"}
_MODEL_CTORS = {"keras.Model", "keras.models.Model", "keras.Sequential", "keras.models.Sequential"}


def is_augment_name(name: str) -> bool:
    """True for names of random augmentation layers (Keras, KerasCV or KerasHub)."""
    return name.startswith("Random") or name in _AUG_NAMES


def is_augmentation_op(qualname: str | None) -> bool:
    """True for augmentation layers (``RandomFlip``, ``RandAugment``) and ``tf.image.random_*``."""
    if not qualname:
        return False
    last = qualname.rsplit(".", 1)[-1]
    if qualname.startswith(("tensorflow.image.", "tensorflow.image.stateless_")):
        return last.startswith(("random_", "stateless_random_", "flip_", "rot90"))
    return is_augment_name(last)


def is_keras_path(qualname: str | None) -> bool:
    return qualname is not None and qualname.split(".")[0] in ("keras", "keras_cv", "keras_hub")


def backbone_kind(qualname: str) -> str | None:
    """``backbone`` / ``model`` for a pretrained-network constructor, else None."""
    if qualname.startswith("keras.applications.") and qualname.rsplit(".", 1)[-1][:1].isupper():
        return "backbone"
    if qualname.startswith("tensorflow_hub.KerasLayer"):
        return "backbone"
    if qualname.endswith(".from_preset"):
        owner = qualname[: -len(".from_preset")].rsplit(".", 1)[-1]
        if "Backbone" in owner or owner.endswith(("Encoder",)):
            return "backbone"
        if any(w in owner for w in ("Classifier", "Detector", "Segmenter", "LM", "Model")):
            return "model"
        return "backbone"
    return None


@dataclass
class ValueContext:
    """What :func:`classify` may consult."""

    imports: ImportTable
    scopes: set[int]  #: visible scope ids (for function-level imports)
    kind_of: Callable[[str], str | None]  #: current role of a name in scope
    func_returns: dict[str, str] = field(default_factory=dict)  #: user function -> kind returned
    class_kinds: dict[str, str] = field(
        default_factory=dict
    )  #: user class -> "model"/"layer"/"config"

    def qualname(self, node: ast.expr) -> str | None:
        return self.imports.resolve_expr(node, self.scopes)


def classify(node: ast.expr | None, ctx: ValueContext) -> str | None:
    """The role of the value of ``node`` (see ``Binding.value_kind``), or None."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return "constant"
    if isinstance(node, ast.Lambda):
        return "function"
    if isinstance(node, ast.Name):
        return ctx.kind_of(node.id)
    if isinstance(node, (ast.List, ast.Tuple)):
        kinds = [_call_kind(e, ctx) if isinstance(e, ast.Call) else None for e in node.elts]
        if node.elts and all(k == "augmentation" for k in kinds):
            return "augmentation"
        if node.elts and all(isinstance(e, ast.Constant) for e in node.elts):
            return "constant"
        return _tensor_if_reads_tensor(node, ctx)
    if isinstance(node, ast.Attribute):
        base = classify(node.value, ctx) if isinstance(node.value, ast.Name) else None
        if base in CALLABLE_KINDS and node.attr in ("output", "outputs"):
            return "tensor"
        if base in TENSOR_KINDS:
            return "tensor"
        return None
    if isinstance(node, ast.Call):
        return _call_kind(node, ctx)
    if isinstance(node, ast.Await):
        return classify(node.value, ctx)
    return _tensor_if_reads_tensor(node, ctx)


def _tensor_if_reads_tensor(node: ast.AST, ctx: ValueContext) -> str | None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and ctx.kind_of(sub.id) in TENSOR_KINDS:
            return "tensor"
    return None


def getattr_module(node: ast.expr, ctx: ValueContext) -> str | None:
    """``keras.applications`` for ``getattr(keras.applications, name)``, else None."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
    ):
        return ctx.qualname(node.args[0])
    return None


def _call_kind(node: ast.Call, ctx: ValueContext) -> str | None:
    func = node.func
    if (getattr_module(func, ctx) or "").startswith("keras.applications"):
        return "backbone"  # getattr(keras.applications, CFG.backbone)(...)
    if isinstance(func, ast.Call):  # Dense(8)(x): a layer built and applied at once
        inner = _call_kind(func, ctx)
        if inner in CALLABLE_KINDS or is_keras_path(ctx.qualname(func.func)):
            return "tensor"
        return None
    if isinstance(func, ast.Name):
        kind = ctx.kind_of(func.id)
        if kind in CALLABLE_KINDS:
            return "tensor"
        if func.id in ctx.class_kinds:
            return ctx.class_kinds[func.id]
        if func.id in ctx.func_returns:
            return ctx.func_returns[func.id]
    q = ctx.qualname(func)
    if q:
        kind = _qualified_kind(q, node, ctx)
        if kind:
            return kind
    if isinstance(func, ast.Attribute) and q is None:
        recv = classify(func.value, ctx)
        method = func.attr
        if recv == "dataset" and method in _DATASET_METHODS:
            return "dataset"
        if recv in ("model", "compiled-model", "backbone") and method in ("fit", "fit_generator"):
            return "history"
        if recv in CALLABLE_KINDS and method == "__call__":
            return "tensor"
        if method in ("flow_from_directory", "flow_from_dataframe", "flow"):
            return "dataset"
        if method == "astype":  # ``rng.random(...).astype("float32")``: a NumPy array
            return "dataframe" if recv == "dataframe" else "array"
        if recv in TENSOR_KINDS:
            return "tensor"
    if any(
        classify(a, ctx) in TENSOR_KINDS  # a tensor, or a call that makes one: f(g(x))
        for a in [*node.args, *(k.value for k in node.keywords)]
        if isinstance(a, (ast.Name, ast.Call))
    ):
        return "tensor"
    return None


def _qualified_kind(q: str, node: ast.Call, ctx: ValueContext) -> str | None:
    last = q.rsplit(".", 1)[-1]
    if q in ("keras.Input", "keras.layers.Input", "keras.layers.InputLayer"):
        return "input"
    bb = backbone_kind(q)
    if bb:
        return bb
    if q in _MODEL_CTORS:
        if "Sequential" in q and node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
            ops = [
                ctx.qualname(e.func) if isinstance(e, ast.Call) else None for e in node.args[0].elts
            ]
            if any(is_augmentation_op(q) for q in ops) and all(
                is_augmentation_op(q) or (q or "").rsplit(".", 1)[-1] in _PREPROCESSING for q in ops
            ):
                return "augmentation"
        return "model"
    if q.startswith(("keras.layers.", "keras_cv.layers.", "keras_hub.layers.")):
        if last[:1].islower():  # keras.layers.concatenate(...): a function on tensors
            return _tensor_if_reads_tensor(node, ctx)
        return "augmentation" if is_augmentation_op(q) else "layer"
    if q.startswith("keras.optimizers.schedules."):
        return "schedule"
    for prefix, kind in (
        ("keras.optimizers.", "optimizer"),
        ("keras.losses.", "loss"),
        ("keras.metrics.", "metric"),
        ("keras.callbacks.", "callback"),
    ):
        if q.startswith(prefix) and last[:1].isupper():
            return kind
    if q.startswith(_DATASET_FUNCS):
        return "dataset"
    if q in ("keras.models.load_model", "keras.saving.load_model"):
        return "model"
    if q.endswith("ImageDataGenerator"):
        return "generator"
    if q.startswith(("numpy.", "keras.ops.", "tensorflow.")) and _tensor_if_reads_tensor(node, ctx):
        return "tensor"
    if q.startswith("numpy."):
        return "array"
    if q.startswith("pandas."):
        return "dataframe"
    if q in ("os.path.join", "pathlib.Path") or q.startswith("glob."):
        return "path"
    return None


_MODEL_BASES = {"keras.Model", "keras.models.Model", "keras.Sequential", "keras.models.Sequential"}
_LAYER_BASES = {"keras.layers.Layer", "keras.Layer"}


def class_kind(node: ast.ClassDef, ctx: ValueContext) -> str | None:
    """ "model" / "layer" for Keras subclasses, "config" for a class of plain settings."""
    for base in node.bases:
        q = ctx.qualname(base)
        if q in _MODEL_BASES:
            return "model"
        if q in _LAYER_BASES:
            return "layer"
        if isinstance(base, ast.Name) and base.id in ctx.class_kinds:
            return ctx.class_kinds[base.id]
    body = [
        s for s in node.body
        if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]  # fmt: skip
    if body and all(isinstance(s, (ast.Assign, ast.AnnAssign, ast.Pass)) for s in body):
        return "config"
    return None
