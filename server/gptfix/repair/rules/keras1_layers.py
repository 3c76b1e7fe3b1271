"""Rules for Keras 1 layer arguments that fail in another way than an unknown keyword.

Bridges two messages and the layer calls of the script:

- "Dense.__init__() missing 1 required positional argument: 'units'" for
  ``Dense(output_dim=6, init='uniform')``: the keyword Keras 1 used for the missing
  argument (``output_dim`` -> ``units``) and the other known renames of the same call
  (``init`` -> ``kernel_initializer``) are renamed on every call of that layer class,
  so the next line of the same style does not fail in turn;
- "Could not interpret activation function identifier: PReLU": an activation given by
  the name of an activation *layer* (``PReLU``, ``ELU``, ``LeakyReLU``...) becomes that
  layer right after the one that named it (``model.add(PReLU())``, a list item, or
  ``x = PReLU()(x)``), for every layer of the script that names one.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import apply_edits, layer_holder, segment, text_offset
from gptfix.repair.rules.api_kwargs import CALLEE_RENAMES, KWARG_RENAMES
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.batch_shape import drop_keyword, layer_spelling

_MISSING = re.compile(r"(\w+)\.__init__\(\) missing \d+ required positional argument: '(\w+)'")
_ACTIVATION = re.compile(r"Could not interpret activation function identifier: (\w+)")
#: Keras 1 keyword -> the argument it became, where that argument is now required
_REQUIRED = {"output_dim": "units", "nb_filter": "filters"}
_ACTIVATION_LAYERS = {"PReLU", "ELU", "LeakyReLU", "ReLU", "ThresholdedReLU", "Softmax"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _keras1_required(ctx: RuleContext) -> list[Fix]:
    """``Dense(output_dim=6, init='uniform')`` -> ``Dense(units=6, kernel_initializer=...)``."""
    m = _MISSING.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    layer, wanted = m.groups()
    text = ctx.script.text
    edits: list[tuple[int, int, str]] = []
    renamed: set[str] = set()
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _name(node.func) == layer):
            continue
        present = {k.arg for k in node.keywords}
        if wanted in present or not any(_REQUIRED.get(k or "") == wanted for k in present):
            continue
        for kw in node.keywords:
            if kw.arg is None:
                continue
            new = CALLEE_RENAMES.get((layer, kw.arg)) or _REQUIRED.get(kw.arg)
            new = new or KWARG_RENAMES.get(kw.arg)
            if not new or new in present:
                continue
            start = text_offset(text, kw.lineno, kw.col_offset)
            edits.append((start, start + len(kw.arg), new))
            renamed.add(f"`{kw.arg}=` -> `{new}=`")
    if not edits:
        return []
    return ctx.fix(
        "api.keras1-required",
        f"rename Keras 1's keywords on `{layer}`: {', '.join(sorted(renamed))}",
        apply_edits(text, edits),
        SAFE,
        [ctx.message.splitlines()[0][:160], f"Keras 2 renamed them; `{wanted}` is required"],
    )


def _activation_layer(ctx: RuleContext) -> list[Fix]:
    """``model.add(Dense(500, activation='PReLU'))`` -> ``model.add(Dense(500))`` then
    ``model.add(PReLU())``."""
    m = _ACTIVATION.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or m.group(1) not in _ACTIVATION_LAYERS:
        return []
    text = ctx.script.text
    edits: list[tuple[int, int, str]] = []
    names: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kw = next((k for k in node.keywords if k.arg == "activation"), None)
        if not (
            kw is not None
            and isinstance(kw.value, ast.Constant)
            and kw.value.value in _ACTIVATION_LAYERS
        ):
            continue
        holder = layer_holder(tree, node)
        cls = str(kw.value.value)
        spelled, import_edit = layer_spelling(ctx, node, cls)
        if holder is None or not spelled:
            return []
        kind, where = holder
        if kind == "item":
            where = node  # the new layer goes right after this item
        edits.append(drop_keyword(text, node, kw))
        end = text_offset(text, where.end_lineno or 1, where.end_col_offset or 0)  # type: ignore[attr-defined]
        if kind == "item":
            edits.append((end, end, f", {spelled}()"))
        else:
            line = text.splitlines()[where.lineno - 1]  # type: ignore[attr-defined]
            indent = line[: len(line) - len(line.lstrip())]
            if kind == "add":
                receiver = segment(text, where.value.func)  # type: ignore[attr-defined]
                code = f"{receiver}({spelled}())"
            else:
                target = where.targets[0].id  # type: ignore[attr-defined]
                code = f"{target} = {spelled}()({target})"
            edits.append((end, end, f"\n{indent}{code}"))
        if import_edit is not None and cls not in names:
            edits.append((import_edit[0], import_edit[0], import_edit[1]))
        names.append(cls)
    if not edits:
        return []
    return ctx.fix(
        "api.activation-layer",
        "make " + ", ".join(f"`{n}`" for n in dict.fromkeys(names)) + " layers after the "
        "layers that named them as activations",
        apply_edits(text, edits),
        SAFE,
        [ctx.message.splitlines()[0][:160], "these are layer classes, not activation names"],
    )


RULES = [
    Rule("api.keras1-required", "api", "Keras 1 keywords for a now required argument", _keras1_required),
    Rule("api.activation-layer", "api", "an activation layer's class named as an activation", _activation_layer),
]  # fmt: skip
