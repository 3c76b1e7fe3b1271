"""add-augmentation: a Keras random preprocessing layer, where the script augments.

In order of preference: appended to the existing augmentation list (or augmentation
``Sequential``); added to the augmenter function before it returns; or, when the script
has none, a new ``augmentation = Sequential([...])`` wired right after the image input
(random layers act only in training). Option names are checked against the layer's
signature in the user's interpreter when it can be probed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

import libcst as cst

from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.index.values import is_augment_name
from gptfix.recipes.base import Change, InterpreterFacts, Option, Recipe, RecipeMatch, Refused, pick
from gptfix.recipes.graph import (
    MODEL_CALLS,
    POOLING,
    augment_lists,
    backbones,
    image_inputs,
    sequential_lists,
)
from gptfix.recipes.helpers import two_blank_lines
from gptfix.recipes.keras_facts import AUGMENT_DEFAULTS, AUGMENT_LAYERS, LABEL_MIXING
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import (
    CstScript,
    append_element,
    callee,
    dotted,
    expr,
    last,
    statements,
)
from gptfix.recipes.style import Style
from gptfix.runner.probe import signatures

_ID = "add-augmentation"


@dataclass
class _Site:
    kind: str  #: "list" | "function" | "input" | "sequential"
    node: cst.CSTNode  #: the List, FunctionDef, Input statement or Sequential List
    line: int
    why: str
    var: str = ""  #: the input variable (kind "input") / the returned image (kind "function")


def _returned_image(fn: cst.FunctionDef) -> tuple[str, cst.BaseStatement] | None:
    body = fn.body.body
    stmt = body[-1] if body else None
    if not isinstance(stmt, cst.SimpleStatementLine) or not isinstance(stmt.body[0], cst.Return):
        return None
    value = stmt.body[0].value
    if isinstance(value, cst.Tuple) and value.elements:
        value = value.elements[0].value
    name = dotted(value)
    inner_defs = {s.name.value for s in body if isinstance(s, cst.FunctionDef)}
    if name is None or "." in name or name in inner_defs:
        return None
    return name, stmt


def _sites(src: CstScript) -> list[_Site]:
    sites: list[_Site] = []
    lists = augment_lists(src)
    for node in lists:
        sites.append(_Site("list", node, src.line(node), "the augmentation list"))
    augmenters = {a.name for a in src.index.keras.augmentations if a.kind == "function"}
    for fn in src.functions.values():
        if fn.name.value not in augmenters or any(
            src.line(fn) <= src.line(lst) <= src.end_line(fn) for lst in lists
        ):
            continue
        found = _returned_image(fn)
        if found:
            sites.append(
                _Site("function", fn, src.line(fn), f"the augmenter `{fn.name.value}`", found[0])
            )
    seq_lists = {id(lst) for _, lst in sequential_lists(src)}
    for inp in image_inputs(src):
        sites.append(
            _Site("input", inp.stmt, src.line(inp.stmt), f"the image input `{inp.var}`", inp.var)
        )
    holders = {h for bb in backbones(src) for h in bb.holders}
    for _, lst in sequential_lists(src):
        if id(lst) in seq_lists and lst not in lists and _is_image_model(lst, holders):
            sites.append(_Site("sequential", lst, src.line(lst), "the Sequential model's input"))
    return sites


def _is_image_model(lst: cst.List, backbone_holders: set[str]) -> bool:
    """A Sequential of image layers, or one that starts from a backbone variable."""
    names = {last(callee(e.value)) for e in lst.elements if isinstance(e.value, cst.Call)}
    image_layers = {"Conv2D", "SeparableConv2D", "DepthwiseConv2D", "MaxPooling2D", *POOLING}
    if names & image_layers:
        return True
    return any(
        isinstance(e.value, cst.Name) and e.value.value in backbone_holders for e in lst.elements
    )


#: The layer added when none is asked for: the first of these the site lacks.
_DEFAULTS = ("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast")


def _default_layer(src: CstScript, site: _Site) -> str:
    if site.kind == "input":
        return _DEFAULTS[0]
    return next((n for n in _DEFAULTS if _has_layer(site.node, src, n) is None), _DEFAULTS[0])


def find(src: CstScript) -> list[RecipeMatch]:
    return [
        RecipeMatch(_ID, f"Add {_default_layer(src, s)} to {s.why}", s.line, s.line, s.why)
        for s in _sites(src)
    ]


def _value(raw: str) -> str:
    """An option value as Python source: literals as written, bare words as strings."""
    try:
        tree = ast.parse(raw, mode="eval").body
    except SyntaxError:
        return repr(raw)
    if isinstance(tree, ast.Name) and tree.id not in ("True", "False", "None"):
        return repr(raw).replace("'", '"')
    return raw


def _layer_call(
    layer: str, options: dict[str, str], ctx: InterpreterFacts
) -> tuple[str, list[str]]:
    """``(kwargs source, notes)`` for ``layer`` with the user's options, validated."""
    if layer in LABEL_MIXING:
        raise Refused(f"{layer} mixes labels too: it belongs in the data pipeline, not the model")
    given = {k: v for k, v in options.items() if k not in ("layer", "line")}
    params: tuple[str, ...] | None = None
    required: tuple[str, ...] = ()
    notes: list[str] = []
    if ctx.python and (given or layer not in AUGMENT_LAYERS):  # probe only when it matters
        sig = signatures(ctx.python, (f"keras.layers.{layer}",)).get(f"keras.layers.{layer}")
        if sig is not None and not sig.exists:
            raise GptfixError(f"keras.layers has no {layer} in {ctx.python}", EXIT_USAGE)
        if sig is not None:
            params, required = sig.params, sig.required
    if params is None and layer in AUGMENT_LAYERS:
        params, required = AUGMENT_LAYERS[layer]
    if params is None:
        if not is_augment_name(layer):
            raise GptfixError(f"{layer} is not a Keras random augmentation layer", EXIT_USAGE)
        notes.append(f"could not check the options of {layer} (the interpreter was not probed)")
    else:
        params = tuple(p for p in params if p != "name")
        unknown = [k for k in given if k not in params]
        if unknown:
            raise GptfixError(
                f"{layer} has no option {unknown[0]!r} (options: {', '.join(params)})", EXIT_USAGE
            )
    kwargs = {k: _value(v) for k, v in given.items()}
    for req in required:
        if req not in kwargs:
            default = AUGMENT_DEFAULTS.get(layer, {}).get(req)
            if default is None:
                raise GptfixError(f"{layer} needs option {req} (--opt {req}=...)", EXIT_USAGE)
            kwargs[req] = default
            notes.append(f"{req}={default} (default; set it with --opt {req}=...)")
    if not kwargs:
        kwargs = dict(AUGMENT_DEFAULTS.get(layer, {}))
    return ", ".join(f"{k}={v}" for k, v in kwargs.items()), notes


def _has_layer(node: cst.CSTNode, src: CstScript, layer: str) -> int | None:
    for call in src.calls:
        if last(callee(call)) == layer and src.line(node) <= src.line(call) <= src.end_line(node):
            return src.line(call)
    return None


def transform(src: CstScript, options: dict[str, str], ctx: InterpreterFacts) -> Change:
    sites = _sites(src)
    site = sites[pick(find(src), options, "no augmentation list, augmenter or image input found")]
    layer = options.get("layer") or _default_layer(src, site)
    if site.kind != "input":
        line = _has_layer(site.node, src, layer)
        if line is not None:
            raise Refused(f"already present: {layer} in {site.why} (line {line})")
    kwargs, notes = _layer_call(layer, options, ctx)
    style = Style.of(src)
    patch = NodeEdits()
    if site.kind == "list":
        assert isinstance(site.node, cst.List)
        ref = style.layer(layer)
        first = next((e.value for e in site.node.elements if isinstance(e.value, cst.Call)), None)
        written = callee(first) if isinstance(first, cst.Call) else None
        if written and "." in written and style.resolve(written.rsplit(".", 1)[0]) is None:
            notes.append(
                f"added as {ref} (the Keras layer) next to {written.rsplit('.', 1)[0]} layers"
            )
        element = expr(f"{ref}({kwargs})")
        patch.edit_list(site.node, lambda n: append_element(n, element))
    elif site.kind == "sequential":
        assert isinstance(site.node, cst.List)
        at = 0
        for i, el in enumerate(site.node.elements):
            if isinstance(el.value, cst.Call) and last(callee(el.value)) in ("Input", "InputLayer"):
                at = i + 1
        element = expr(f"{style.layer(layer)}({kwargs})")
        patch.edit_list(site.node, lambda n: append_element(n, element, at))
    elif site.kind == "function":
        assert isinstance(site.node, cst.FunctionDef)
        found = _returned_image(site.node)
        assert found is not None
        var, ret = found
        # the layer is made once, outside: a tf.data map function may not create variables
        holder = src.unique(re.sub(r"(?<!^)(?=[A-Z])", "_", layer).lower())
        top = src.top_statement(site.node)
        patch.before[top].extend(
            statements(f"{holder} = {style.layer(layer)}({kwargs})\n", blank_before=2)
        )
        patch.edit(top, two_blank_lines)
        patch.before[ret].extend(statements(f"{var} = {holder}({var})\n"))
    else:
        _wire_input(src, site, style, patch, layer, kwargs)
        notes.append("random augmentation layers act only in training (fit), not in predict")
    style.patch_imports(src, patch, site.node)
    return Change(patch.apply(src), f"Add {layer}({kwargs}) to {site.why}", notes)


def _wire_input(
    src: CstScript, site: _Site, style: Style, patch: NodeEdits, layer: str, kwargs: str
) -> None:
    stmt = site.node
    assert isinstance(stmt, cst.BaseStatement)
    fn = src.function(stmt)
    uses: list[tuple[cst.Name, cst.BaseStatement]] = []
    for node, up in src.parent.items():
        # every read of the input inside a layer call's arguments, e.g. backbone(inputs)
        # or Concatenate()([inputs, inputs, inputs]); Model(inputs, ...) keeps the input
        if not (isinstance(node, cst.Name) and node.value == site.var):
            continue
        if src.line(node) <= src.end_line(stmt) or src.function(node) is not fn:
            continue
        if not isinstance(up, cst.Arg | cst.Element) or (
            isinstance(up, cst.Arg) and up.keyword is node
        ):
            continue
        calls = [a for a in src.ancestors(node) if isinstance(a, cst.Call)]
        if not calls or any(last(callee(c)) in MODEL_CALLS for c in calls):
            continue
        uses.append((node, src.statement(node)))
    if not uses:
        raise Refused(f"the image input `{site.var}` is not passed to any layer after it")
    aug = src.unique("augmentation")
    consumers = {id(s): s for _, s in uses}
    only = next(iter(consumers.values())) if len(consumers) == 1 else None
    pair = src.assign_stmt(only) if only is not None else None
    var = pair[0] if pair else src.unique("augmented")
    for name, _ in uses:
        patch.put(name, cst.Name(var))
    seq = style.ref("keras.Sequential")
    make = f'{aug} = {seq}([{style.layer(layer)}({kwargs})], name="{aug}")'
    depth = sum(1 for up in src.ancestors(stmt) if isinstance(up, cst.IndentedBlock))
    if len(make) + 4 * depth > 88:
        make = f'{aug} = {seq}(\n    [{style.layer(layer)}({kwargs})],\n    name="{aug}",\n)'
    patch.after[stmt].extend(statements(f"{make}\n{var} = {aug}({site.var})\n"))


RECIPE = Recipe(
    id=_ID,
    title="Add a random augmentation layer",
    description=(
        "Appends a Keras random preprocessing layer (RandomFlip, RandomTranslation, "
        "RandomRotation, ...) to the script's augmentation list or augmenter, or creates one "
        "right after the image input."
    ),
    options=(
        Option(
            "layer",
            "the Keras layer, e.g. RandomTranslation (default: the first of RandomFlip, "
            "RandomRotation, RandomZoom, RandomTranslation, RandomContrast not there yet)",
        ),
    ),
    find=find,
    transform=transform,
    extra_options="keyword arguments of the layer, e.g. height_factor=0.1",
)
