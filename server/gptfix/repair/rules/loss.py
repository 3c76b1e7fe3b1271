"""Rules for a loss that does not match how the labels are encoded.

Bridges the target/output shapes in Keras' loss errors ("target.shape=(None,),
output.shape=(None, 3)", "Shapes (None, 1) and (None, 10) are incompatible") and the
``compile(loss=...)`` of the script: integer labels want a sparse loss, one-hot labels
a categorical one, a single sigmoid unit binary cross-entropy; a two-unit sigmoid head
on 0/1 labels wants one unit. Accuracy metrics named after the encoding follow the loss.
"""

from __future__ import annotations

import ast
import re

from gptfix.index.provenance import Step
from gptfix.model import Fix
from gptfix.repair.operators.edit import feed_calls, y_args
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.consts import definition
from gptfix.repair.rules.text import (
    Patch,
    arg_or_kw,
    call_name,
    calls,
    dotted,
    keyword,
    kwvalue,
    literal,
)

_SHAPE = r"\(([^()]*)\)"

#: loss spelling -> (encoding, family); family groups the spellings of one loss.
_LOSSES = {
    "categorical_crossentropy": "categorical",
    "CategoricalCrossentropy": "categorical",
    "sparse_categorical_crossentropy": "sparse",
    "SparseCategoricalCrossentropy": "sparse",
    "binary_crossentropy": "binary",
    "BinaryCrossentropy": "binary",
}
_SPELL = {
    ("categorical", False): "categorical_crossentropy",
    ("sparse", False): "sparse_categorical_crossentropy",
    ("binary", False): "binary_crossentropy",
    ("categorical", True): "CategoricalCrossentropy",
    ("sparse", True): "SparseCategoricalCrossentropy",
    ("binary", True): "BinaryCrossentropy",
}
_METRICS = {
    "categorical": ("categorical_accuracy", "CategoricalAccuracy"),
    "sparse": ("sparse_categorical_accuracy", "SparseCategoricalAccuracy"),
    "binary": ("binary_accuracy", "BinaryAccuracy"),
}


def _dims(text: str) -> list[int | None]:
    out: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        out.append(None if part in ("None", "?") else int(part) if part.isdigit() else None)
    return out


def shapes_from_message(message: str) -> tuple[list[int | None], list[int | None]] | None:
    """(target shape, output shape) from a Keras/TF loss error message, when it has them."""
    m = re.search(rf"target\.shape={_SHAPE}, output\.shape={_SHAPE}", message)
    if m:
        return _dims(m.group(1)), _dims(m.group(2))
    m = re.search(rf"Shapes {_SHAPE} and {_SHAPE} are incompatible", message)
    if m:
        return _dims(m.group(1)), _dims(m.group(2))
    m = re.search(rf"logits and labels must have the same shape \({_SHAPE} vs {_SHAPE}\)", message)
    if m:
        return _dims(m.group(2)), _dims(m.group(1))
    return None


def cut_labels(ctx: RuleContext) -> Step | None:
    """The step that cuts the one-hot labels a feed call at the failing line (or, when
    none is there, any feed call) passes, when the failure is targets one axis short."""
    shapes = shapes_from_message(ctx.message)
    tree = ctx.index.tree
    if shapes is None or tree is None:
        return None
    target, output = shapes
    if len(target) != len(output) - 1 or not output or (output[-1] or 0) < 2:
        return None
    feeds = feed_calls(tree)
    here = [
        c for c in feeds if ctx.line is not None and c.lineno <= ctx.line <= (c.end_lineno or 0)
    ]
    for call in here or feeds:
        for y in y_args(call)[:1]:
            if isinstance(y, ast.Name):
                step = ctx.provenance.encoded_then_cut(y.id, call.lineno)
                if step is not None:
                    return step
    return None


def _loss_node(call: ast.Call) -> ast.AST | None:
    kw = keyword(call, "loss")
    if kw is not None:
        return kw.value
    return call.args[1] if len(call.args) > 1 else None


def _spelling(src_node: ast.AST) -> tuple[ast.AST, str, bool] | None:
    """(node to rewrite, loss name, is_class) for a loss written as a string/func/class."""
    if isinstance(src_node, ast.Constant) and isinstance(src_node.value, str):
        return src_node, src_node.value, False
    if isinstance(src_node, ast.Call):
        name = call_name(src_node)
        if name in _LOSSES:
            return src_node.func, name, True
    if isinstance(src_node, ast.Attribute | ast.Name):
        name = (dotted(src_node) or "").rsplit(".", 1)[-1]
        if name in _LOSSES:
            return src_node, name, False
    return None


def _rewrite(ctx: RuleContext, patch: Patch, node: ast.AST, old: str, new: str) -> None:
    s, e = ctx.src.span(node)
    seg = ctx.src.text[s:e]
    idx = seg.rfind(old)
    if idx >= 0:
        patch.replace(s + idx, s + idx + len(old), new)


def _switch_metrics(
    ctx: RuleContext, patch: Patch, compile_call: ast.Call, old: str, new: str
) -> None:
    kw = keyword(compile_call, "metrics")
    if kw is None or old not in _METRICS or new not in _METRICS:
        return
    for node in ast.walk(kw.value):
        for i, spelled in enumerate(_METRICS[old]):
            if (isinstance(node, ast.Constant) and node.value == spelled) or (
                isinstance(node, ast.Call) and call_name(node) == spelled
            ):
                target = node if isinstance(node, ast.Constant) else node.func
                _rewrite(ctx, patch, target, spelled, _METRICS[new][i])


def _loss_encoding(ctx: RuleContext) -> list[Fix]:
    shapes = shapes_from_message(ctx.message)
    if shapes is None:
        return []
    target, output = shapes
    if not output or output[-1] is None or (len(output) > 2 and target != output):
        return []  # a spatial output: the model head is wrong, not the loss (shape rules)
    units = output[-1]
    labels_sparse = len(target) == len(output) - 1 or (
        len(target) == len(output) and target[-1] == 1
    )
    labels_onehot = len(target) == len(output) and target[-1] == units and units > 1
    compiles = [
        c for c in calls(ctx.src) if call_name(c) == "compile" and _loss_node(c) is not None
    ]
    fixes: list[Fix] = []
    for comp in compiles:
        node = _loss_node(comp)
        spelled = _spelling(node) if node is not None else None
        if spelled is None:  # LOSS_FN = "categorical_crossentropy"; compile(loss=LOSS_FN)
            bound = definition(ctx.src, node)
            spelled = _spelling(bound) if bound is not None else None
        head = ""
        if spelled is None and node is not None:  # one loss per output: the one that fails
            found = _per_output(ctx, node, units, labels_sparse, labels_onehot)
            spelled, head = found if found is not None else (None, "")
        if spelled is None:
            continue
        loss_node, name, is_class = spelled
        fam = _LOSSES.get(name)
        if fam is None:
            continue
        want = _wanted(fam, units, labels_sparse, labels_onehot)
        if want == "sparse" and cut_labels(ctx) is not None:
            continue  # one-hot labels cut to one column: ops.one-hot-cut keeps them whole
        one_column = bool(target) and target[-1] == 1 and len(target) == len(output)
        if fam == "binary" and want == "sparse" and one_column:
            fixes += _one_unit_head(ctx, units)
        if want is None:
            continue
        new_name = _SPELL[(want, is_class)]
        patch = Patch(ctx.src.text)
        _rewrite(ctx, patch, loss_node, name, new_name)
        _switch_metrics(ctx, patch, comp, fam, want)
        evidence = [
            f"labels have shape {tuple(target)}, the model outputs {tuple(output)}",
            f"`{name}` expects {_expects(fam)}; these labels are {_describe(target, output)}",
        ]
        if head:
            evidence.append(head)
        fixes += ctx.fix(
            "loss.label-encoding",
            f"use `{new_name}` (labels are {_describe(target, output)})",
            patch.apply(),
            SAFE,
            evidence,
        )
    return fixes


def _wanted(fam: str, units: int, labels_sparse: bool, labels_onehot: bool) -> str | None:
    """The loss family the labels need, when it is not ``fam``."""
    if labels_onehot and fam != "categorical":
        return "categorical"
    if labels_sparse and units == 1 and fam != "binary":
        return "binary"
    if labels_sparse and units > 1 and fam in ("categorical", "binary"):
        return "sparse"
    return None


def _per_output(
    ctx: RuleContext, node: ast.AST, units: int, labels_sparse: bool, labels_onehot: bool
) -> tuple[tuple[ast.AST, str, bool], str] | None:
    """Of a loss per output (a dict by output name, a list), the one entry whose loss
    does not fit the failing labels: the only one that would change, narrowed by the
    named output layer's units when several would."""
    if isinstance(node, ast.Dict):
        keys = [literal(k) if k is not None else None for k in node.keys]
        entries = list(zip(keys, node.values, strict=True))
    elif isinstance(node, ast.List | ast.Tuple):
        entries = [(None, v) for v in node.elts]
    else:
        return None
    out: list[tuple[object, tuple[ast.AST, str, bool]]] = []
    for key, value in entries:
        spelled = _spelling(value)
        fam = _LOSSES.get(spelled[1]) if spelled is not None else None
        if spelled is None or fam is None:
            continue
        if _wanted(fam, units, labels_sparse, labels_onehot) is not None:
            out.append((key, spelled))
    if len(out) > 1:  # several could fail: keep the one whose named output has ``units``
        named = {
            literal(kwvalue(c, "name")): literal(arg_or_kw(c, 0, "units"))
            for c in calls(ctx.src)
            if kwvalue(c, "name") is not None
        }
        out = [(k, sp) for k, sp in out if isinstance(k, str) and named.get(k) == units]
    if len(out) != 1:
        return None
    key, spelled = out[0]
    head = f"the loss of output `{key}` is the only one that does not fit" if key else ""
    return spelled, head


def _expects(fam: str) -> str:
    return {
        "categorical": "one-hot labels",
        "sparse": "integer class ids",
        "binary": "0/1 labels, one per output unit",
    }[fam]


def _describe(target: list[int | None], output: list[int | None]) -> str:
    if len(target) == len(output) and target[-1] == output[-1] and (output[-1] or 0) > 1:
        return "one-hot"
    return "integer class ids"


def _one_unit_head(ctx: RuleContext, units: int) -> list[Fix]:
    """A sigmoid head with ``units`` units on single 0/1 labels: give it one unit."""
    heads = [
        c
        for c in calls(ctx.src)
        if call_name(c) == "Dense" and literal(kwvalue(c, "activation")) == "sigmoid"
    ]
    fixes: list[Fix] = []
    for head in heads[-1:]:
        unit_node = arg_or_kw(head, 0, "units")
        if unit_node is None or literal(unit_node) != units:
            continue
        s, e = ctx.src.span(unit_node)
        fixes += ctx.fix(
            "loss.label-encoding",
            "give the sigmoid output layer 1 unit (one 0/1 label per sample)",
            Patch(ctx.src.text).replace(s, e, "1").apply(),
            SAFE,
            [f"the labels have one column; the sigmoid head has {units} units"],
        )
    return fixes


RULES = [
    Rule(
        "loss.label-encoding",
        "loss",
        "the loss does not match the label encoding (sparse / one-hot / binary): switch the loss "
        "or the head, read from the target and output shapes in the error",
        _loss_encoding,
    ),
]


def _label_range(ctx: RuleContext) -> list[Fix]:
    """Labels beyond the output units: give the output layer as many units as classes."""
    m = ctx.search(
        r"Received a label value of (\d+) which is outside the valid range of \[0, (\d+)\)"
    )
    if not m:
        return []
    label, units = int(m.group(1)), int(m.group(2))
    for layer in reversed(ctx.index.keras.output_layers):
        head = ctx.src.call_at(layer)
        node = arg_or_kw(head, 0, "units") if head is not None else None
        if node is None:
            continue
        truth = ctx.defined_int(node)
        if truth is None or truth.number != units or truth.span is None:
            continue
        s, e = ctx.src.range(truth.span)
        return ctx.fix(
            "loss.label-range",
            f"give the output layer {label + 1} units: labels go up to {label}",
            Patch(ctx.src.text).replace(s, e, str(label + 1)).apply(),
            UNSAFE,
            [
                f"a label value {label} was seen; the output layer has {units} units (classes 0..{units - 1})",
                f"line {truth.line} sets the number of output units",
            ],
        )
    return []


RULES.append(
    Rule(
        "loss.label-range",
        "loss",
        "class ids beyond the output layer's units: widen the output layer at its source",
        _label_range,
    )
)
