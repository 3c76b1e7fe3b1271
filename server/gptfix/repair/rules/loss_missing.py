"""A rule for a model compiled without a loss: add the loss its head and labels imply.

Bridges Keras' "No loss to compute. Provide a `loss` argument in `compile()`" and the facts
that decide a loss: the output layer as the program model finds it (its units, its
activation as written) and the labels the training call is given (the value trace of a
``y`` array: shape, dtype, integer range; or the element spec of a dataset the failing
frame held). Integer class ids on a multi-unit head want the sparse categorical loss,
one-hot rows as wide as the head the categorical one, a single sigmoid unit on 0/1 labels
binary cross-entropy, float targets on a linear head the mean squared error. A head
without an activation gives logits, so the loss is written as its class with
``from_logits=True``; a softmax or sigmoid head takes the loss's name. The loss is a
choice the user did not write, so the edit is never safe; without a clear head or
labels nothing is proposed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import (
    Source,
    arg_or_kw,
    call_name,
    calls,
    imported_names,
    insert_after_imports,
    keyword,
    kwvalue,
    literal,
)

_NO_LOSS = (
    r"No loss to compute|Provide a `loss` argument in `compile\(\)`"
    r"|no loss to optimi[sz]e|must (?:specify|provide) a loss"
)
#: loss family -> (name, class)
_SPELLING = {
    "sparse": ("sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"),
    "categorical": ("categorical_crossentropy", "CategoricalCrossentropy"),
    "binary": ("binary_crossentropy", "BinaryCrossentropy"),
    "mse": ("mse", "MeanSquaredError"),
}
_SPEC = re.compile(r"TensorSpec\(shape=\(([^()]*)\), dtype=(\w+)")


@dataclass
class Labels:
    shape: list[int | None]
    dtype: str
    low: int | None = None
    high: int | None = None
    source: str = ""


@dataclass
class Head:
    units: int
    activation: str  #: "linear" when none is written
    line: int


def _dims(text: str) -> list[int | None]:
    return [int(p) if p.strip().isdigit() else None for p in text.split(",") if p.strip()]


def _head(ctx: RuleContext) -> Head | None:
    """The one output layer: its units and activation as written."""
    outs = ctx.index.keras.output_layers
    if len(outs) != 1:
        return None
    call = ctx.src.call_at(outs[0])
    if call is None or call_name(call) != "Dense":
        return None
    node = arg_or_kw(call, 0, "units")
    units = literal(node)
    if not isinstance(units, int) and node is not None:
        found = ctx.defined_int(node)
        units = found.number if found is not None else None
    act = literal(kwvalue(call, "activation")) if keyword(call, "activation") else None
    if not isinstance(act, str | type(None)) or not isinstance(units, int) or units < 1:
        return None  # an activation object or a size the script does not write down
    return Head(units, act or "linear", call.lineno)


def _fit_call(ctx: RuleContext) -> ast.Call | None:
    on_line = [
        c
        for c in ctx.nodes_on_user_lines(ast.Call)
        if isinstance(c, ast.Call) and call_name(c) in ("fit", "train_on_batch", "fit_generator")
    ]
    return on_line[0] if on_line else None


def _labels(ctx: RuleContext, fit: ast.Call) -> Labels | None:
    """The labels ``fit`` gets: a traced ``y`` array, or a dataset's second element."""
    y = arg_or_kw(fit, 1, "y")
    if isinstance(y, ast.Name):
        fact = ctx.traced(y.id, fit.lineno)
        if fact is None or fact.shape is None or not fact.dtype:
            return None
        return Labels(list(fact.shape), fact.dtype, fact.min, fact.max, f"`{y.id}`")
    x = arg_or_kw(fit, 0, "x")
    if y is not None or not isinstance(x, ast.Name):
        return None
    local = (ctx.failure.facts.get("locals") or {}).get(x.id) or {}
    specs = _SPEC.findall(str(local.get("element_spec") or ""))
    if len(specs) != 2:
        return None
    shape, dtype = specs[1]
    return Labels(_dims(shape), dtype, source=f"the second element of `{x.id}`")


def _family(head: Head, labels: Labels) -> str | None:
    """The loss the head and labels imply, or None when they do not say."""
    integer = labels.dtype.startswith(("int", "uint"))
    zero_one = labels.low is not None and labels.low >= 0 and (labels.high or 0) <= 1
    if head.units > 1 and labels.shape and labels.shape[-1] == head.units:
        if head.activation in ("softmax", "linear") and (not integer or zero_one):
            return "categorical"
        return None
    if head.units > 1 and integer and head.activation in ("softmax", "linear"):
        if labels.high is None or labels.high < head.units:
            return "sparse"
        return None
    if head.units == 1 and head.activation == "sigmoid" and (zero_one or not integer):
        return "binary"
    if head.activation == "linear" and not integer and labels.dtype.startswith("float"):
        return "mse"
    return None


def _losses_prefix(src: Source) -> tuple[str, str | None]:
    """How the script reaches the losses module, and an import to add when it cannot."""
    names = imported_names(src)
    if names.get("keras") == "keras":
        return "keras.losses.", None
    if names.get("tf") == "tensorflow":
        return "tf.keras.losses.", None
    return "keras.losses.", "import keras"


def _missing_loss(ctx: RuleContext) -> list[Fix]:
    if not ctx.search(_NO_LOSS):
        return []
    fit = _fit_call(ctx)
    compiles = [
        c
        for c in calls(ctx.src)
        if call_name(c) == "compile" and keyword(c, "loss") is None and len(c.args) < 2
    ]
    head = _head(ctx)
    labels = _labels(ctx, fit) if fit is not None else None
    if len(compiles) != 1 or head is None or labels is None:
        return []
    family = _family(head, labels)
    if family is None:
        return []
    name, cls = _SPELLING[family]
    logits = head.activation == "linear" and family != "mse"
    value = repr(name)
    prefix, needs = _losses_prefix(ctx.src)
    if logits:
        value = f"{prefix}{cls}(from_logits=True)"
    text: str | None = add_kwarg(ctx.src.text, compiles[0], "loss", value)
    if logits and needs and text is not None:
        parsed = Source.parse(text)
        text = insert_after_imports(parsed, needs) if parsed is not None else None
    rng = f", ids {labels.low}..{labels.high}" if labels.low is not None else ""
    return ctx.fix(
        "loss.missing",
        f"compile with `loss={value}`",
        text,
        UNSAFE,
        [
            f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:120]}",
            f"the output layer (line {head.line}) has {head.units} unit(s), activation "
            f"{head.activation}" + (" (logits)" if logits else ""),
            f"the labels ({labels.source}) have shape {tuple(labels.shape)}, dtype "
            f"{labels.dtype}{rng}",
        ],
    )


RULES = [
    Rule(
        "loss.missing",
        "loss",
        "a model compiled without a loss: add the loss the output layer and the labels imply",
        _missing_loss,
    ),
]
