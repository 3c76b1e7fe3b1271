"""swap-backbone: another keras.applications family, or another KerasCV/KerasHub preset.

Keeps every constructor argument the new family accepts (``include_top``, ``weights``,
``input_shape``, ``pooling``, ...) and the variable the model is held in (so
``backbone.trainable = False`` still applies), swaps the matching ``preprocess_input``
(or inserts it when the old family preprocessed inside and the new one does not), and
warns about input-size constraints.
"""

from __future__ import annotations

import libcst as cst

from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.recipes.base import Change, InterpreterFacts, Option, Recipe, RecipeMatch, Refused, pick
from gptfix.recipes.graph import Backbone, backbones, image_inputs
from gptfix.recipes.keras_facts import APPLICATIONS, PRESET_CLASSES, Family, accepts
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import (
    CstScript,
    callee,
    dotted,
    expr,
    kwarg,
    last,
    literal,
    positional,
    statements,
)
from gptfix.recipes.style import Style
from gptfix.runner.probe import signatures

_ID = "swap-backbone"


def find(src: CstScript) -> list[RecipeMatch]:
    out = []
    for bb in backbones(src):
        kind = "preset" if bb.preset else "keras.applications"
        out.append(
            RecipeMatch(
                _ID,
                f"Swap the backbone {last(bb.name) if not bb.preset else 'preset'}"
                + ("" if bb.preset else f" for {_default_target(last(bb.name))}"),
                src.line(bb.ctor),
                src.end_line(bb.ctor),
                f"`{bb.name}` ({kind} backbone)",
            )
        )
    return out


def transform(src: CstScript, options: dict[str, str], ctx: InterpreterFacts) -> Change:
    bbs = backbones(src)
    bb = bbs[pick(find(src), options, "no keras.applications or preset backbone found")]
    to = options.get("to") or ("" if bb.preset else _default_target(last(bb.name)))
    if not to:
        raise GptfixError("this backbone is a preset: pass --opt to=<preset name>", EXIT_USAGE)
    if bb.preset:
        return _swap_preset(src, bb, to)
    return _swap_application(src, bb, to, ctx)


def _default_target(current: str) -> str:
    """ResNet50, or EfficientNetV2B0 for a script that already uses ResNet50."""
    return "EfficientNetV2B0" if current == "ResNet50" else "ResNet50"


def _family(to: str, ctx: InterpreterFacts) -> Family:
    fam = APPLICATIONS.get(to)
    if ctx.python and fam is None:  # the table knows the stock families
        sig = signatures(ctx.python, (f"keras.applications.{to}",)).get(f"keras.applications.{to}")
        if sig is not None and not sig.exists:
            raise GptfixError(f"keras.applications has no {to} in {ctx.python}", EXIT_USAGE)
    if fam is None:
        raise GptfixError(
            f"unknown backbone {to!r} (e.g. {', '.join(list(APPLICATIONS)[:8])}, ...)", EXIT_USAGE
        )
    return fam


def _input_size(src: CstScript, bb: Backbone) -> tuple[int, int] | None:
    arg = kwarg(bb.ctor, "input_shape")
    shapes: list[cst.BaseExpression] = [arg.value] if arg else []
    for inp in image_inputs(src):
        shape_kw = kwarg(inp.call, "shape")
        shapes.append(shape_kw.value if shape_kw else positional(inp.call)[0].value)
    for shape in shapes:
        if isinstance(shape, cst.Tuple | cst.List) and len(shape.elements) == 3:
            h, w = (literal(e.value) for e in shape.elements[:2])
            if isinstance(h, int) and isinstance(w, int):
                return h, w
    return None


def _swap_application(src: CstScript, bb: Backbone, to: str, ctx: InterpreterFacts) -> Change:
    old = last(bb.name)
    if old == to:
        raise Refused(f"already present: the backbone is already {to} (line {src.line(bb.ctor)})")
    fam = _family(to, ctx)
    old_fam = APPLICATIONS.get(old)
    style = Style.of(src)
    patch = NodeEdits()
    notes: list[str] = []
    moves: dict[str, str] = {}  #: bare names imported from keras.applications -> new name
    if bb.named_by is not None:  # getattr(keras.applications, CFG.backbone): the name
        quote = bb.named_by.prefix + bb.named_by.quote
        patch.put(bb.named_by, cst.SimpleString(f"{quote}{to}{bb.named_by.quote}"))
        new_callee = ""
    elif "." not in bb.name and (style.direct.get(bb.name) or "").startswith("keras.applications"):
        moves[bb.name] = to
        new_callee = to if _alias_of(src, bb.name) is None else bb.name
    else:
        new_callee = style.ref(f"keras.applications.{to}")
    dropped = [
        a.keyword.value for a in bb.ctor.args if a.keyword and not accepts(fam, a.keyword.value)
    ]

    def swap(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Call)
        args = [a for a in node.args if not (a.keyword and a.keyword.value in dropped)]
        if args and len(args) < len(node.args):
            args[-1] = args[-1].with_changes(comma=node.args[-1].comma)
        return node.with_changes(func=expr(new_callee) if new_callee else node.func, args=args)

    patch.replace[bb.ctor] = swap
    if dropped:
        notes.append(f"dropped {', '.join(dropped)}: {to} does not take them")
    swapped = _swap_preprocess(src, style, patch, fam, moves)
    _rehome(src, patch, moves, fam)
    if swapped:
        notes.append(f"preprocess_input now from keras.applications.{fam.module}")
    elif not fam.preprocessing and _preprocessed_inside(src, bb, old_fam):
        inserted = _insert_preprocess(src, style, patch, bb, fam)
        notes.append(
            f"inserted keras.applications.{fam.module}.preprocess_input before the backbone "
            "(it expects 0-255 pixels)"
            if inserted
            else f"{to} expects keras.applications.{fam.module}.preprocess_input on 0-255 pixels"
        )
    size = _input_size(src, bb)
    if size and min(size) < fam.min_size:
        notes.append(f"{to} needs inputs of at least {fam.min_size}x{fam.min_size}; got {size}")
    weights = kwarg(bb.ctor, "weights")
    if weights is None or literal(weights.value) == "imagenet":
        if size and size != (fam.native, fam.native):
            notes.append(f"{to}'s ImageNet weights were trained at {fam.native}x{fam.native}")
        notes.append("weights='imagenet' downloads the weights on first use (needs network)")
    style.patch_imports(src, patch, bb.ctor)
    return Change(patch.apply(src), f"Swap the backbone {old} -> {to}", notes)


def _preprocessed_inside(src: CstScript, bb: Backbone, old: Family | None) -> bool:
    """True when the old backbone rescaled pixels itself (so the new one needs help)."""
    flag = kwarg(bb.ctor, "include_preprocessing")
    if old is None or not old.preprocessing or (flag and literal(flag.value) is False):
        return False
    return not src.calls_named("Rescaling", "Normalization")


def _swap_preprocess(
    src: CstScript, style: Style, patch: NodeEdits, fam: Family, moves: dict[str, str]
) -> bool:
    """Point every ``<family>.preprocess_input`` at the new family; True if any."""
    changed = False
    target = f"keras.applications.{fam.module}.preprocess_input"
    for call in src.calls:
        name = callee(call) or ""
        if last(name) != "preprocess_input":
            continue
        path = style.resolve(name) or ""
        if not path.startswith("keras.applications.") or path == target:
            continue
        changed = True
        if "." in name:
            patch.put(call.func, expr(style.ref(target)))
        else:
            moves[name] = "preprocess_input"
    return changed


def _imports_from_applications(
    src: CstScript,
) -> list[tuple[cst.SimpleStatementLine, cst.ImportFrom]]:
    out = []
    for stmt in src.module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            imp = stmt.body[0]
            if (
                isinstance(imp, cst.ImportFrom)
                and not isinstance(imp.names, cst.ImportStar)
                and ".applications" in "." + (dotted(imp.module) or "")
            ):
                out.append((stmt, imp))
    return out


def _local(alias: cst.ImportAlias) -> str:
    return (dotted(alias.asname.name) if alias.asname else dotted(alias.name)) or ""


def _alias_of(src: CstScript, local: str) -> str | None:
    """The ``as`` name ``local`` was imported under, if it was renamed."""
    for _, imp in _imports_from_applications(src):
        assert not isinstance(imp.names, cst.ImportStar)
        for alias in imp.names:
            if _local(alias) == local and alias.asname is not None:
                return local
    return None


def _rehome(src: CstScript, patch: NodeEdits, moves: dict[str, str], fam: Family) -> None:
    """Import moved names (``EfficientNetV2B0 -> ResNet50``, ``preprocess_input``) where the
    new family has them, keeping the rest of each import as it was.

    A class imported from ``keras.applications`` itself is renamed in place (that module
    exports every family); a name from a family module moves to the new family's module.
    """
    for stmt, imp in _imports_from_applications(src):
        assert not isinstance(imp.names, cst.ImportStar)
        module = dotted(imp.module) or ""
        root = module.split(".applications")[0] if not module.startswith("applications") else ""
        new_module = (f"{root}." if root else "") + f"applications.{fam.module}"
        top_level = module.endswith("applications")
        stay, leave = [], []
        for alias in imp.names:
            if _local(alias) not in moves:
                stay.append(alias)
            elif new_module == module or (top_level and moves[_local(alias)] != "preprocess_input"):
                stay.append(alias.with_changes(name=cst.Name(moves[_local(alias)])))
            else:
                leave.append(alias)
        if (
            not leave
            and len(stay) == len(imp.names)
            and all(a is b for a, b in zip(stay, imp.names, strict=True))
        ):
            continue
        names = []
        for alias in leave:
            asname = f" as {_local(alias)}" if alias.asname is not None else ""
            names.append(f"{moves[_local(alias)]}{asname}")
        new_stmt = statements(f"from {new_module} import {', '.join(names)}\n") if leave else []
        if not stay:
            patch.put(stmt, new_stmt[0].with_changes(leading_lines=stmt.leading_lines))
            continue
        stay[-1] = stay[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        kept = stay
        patch.edit_import(stmt, lambda node, kept=kept: node.with_changes(names=kept))  # type: ignore[misc]
        patch.after[stmt].extend(new_stmt)


def _insert_preprocess(
    src: CstScript, style: Style, patch: NodeEdits, bb: Backbone, fam: Family
) -> bool:
    for _, stmt in bb.outputs:
        pair = src.assign_stmt(stmt)
        if pair is None or not isinstance(pair[1], cst.Call):
            continue
        call = pair[1]
        args = positional(call)
        if not args:
            continue
        pre = style.ref(f"keras.applications.{fam.module}.preprocess_input")
        first = args[0]
        patch.put(first.value, cst.Call(func=expr(pre), args=[cst.Arg(value=first.value)]))
        return True
    return False


def _swap_preset(src: CstScript, bb: Backbone, to: str) -> Change:
    if to in APPLICATIONS:
        raise GptfixError(
            f"this backbone comes from a preset ({bb.name}); pass a preset name, "
            "e.g. --opt to=resnet50_imagenet",
            EXIT_USAGE,
        )
    patch = NodeEdits()
    args = positional(bb.ctor)
    preset_kw = kwarg(bb.ctor, "preset")
    arg = args[0].value if args else (preset_kw.value if preset_kw else None)
    if arg is None:
        raise Refused(f"the preset of {bb.name} at line {src.line(bb.ctor)} is not given")
    node: cst.BaseExpression = arg
    if not isinstance(arg, cst.SimpleString):
        ref = src.origin(arg)
        if not isinstance(ref, cst.SimpleString):
            raise Refused(f"cannot find the value of the preset `{src.code(arg)}`")
        node = ref
    assert isinstance(node, cst.SimpleString)
    current = node.evaluated_value
    if current == to:
        raise Refused(f"already present: the preset is already {to!r}")
    quote = node.prefix + node.quote
    patch.put(node, cst.SimpleString(f"{quote}{to}{node.quote}"))
    lib = "keras_hub" if "keras_hub" in bb.name or "keras_nlp" in bb.name else "keras_cv"
    owner = bb.name.rsplit(".", 1)[0]
    notes = [f"presets download their weights on first use (needs network); {lib} must know {to!r}"]
    cls = last(owner)
    if cls != "Backbone":
        match = max((p for p in PRESET_CLASSES[lib] if to.startswith(p)), key=len, default=None)
        if match is None:
            notes.append(f"kept {cls}: no known {lib} backbone class for {to!r}")
        elif PRESET_CLASSES[lib][match] != cls:
            new_owner = owner.rsplit(".", 1)[0] + "." + PRESET_CLASSES[lib][match]
            func = bb.ctor.func
            assert isinstance(func, cst.Attribute)
            patch.put(func.value, expr(new_owner))
    return Change(patch.apply(src), f"Swap the backbone preset {current!r} -> {to!r}", notes)


RECIPE = Recipe(
    id=_ID,
    title="Swap the image backbone",
    description=(
        "Replace a keras.applications backbone with another family (ResNet50/101, "
        "EfficientNetV2B0-S, ConvNeXt*, MobileNetV3*, DenseNet*, ...) or a KerasCV/KerasHub "
        "preset with another, carrying over its arguments and swapping preprocess_input."
    ),
    options=(
        Option(
            "to",
            "the new backbone class or preset name (default: ResNet50, or EfficientNetV2B0 "
            "when the script already uses ResNet50)",
        ),
    ),
    find=find,
    transform=transform,
)
