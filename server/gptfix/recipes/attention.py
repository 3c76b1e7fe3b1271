"""attention: SE, CBAM or MHSA on the backbone's 4-D feature map, before pooling.

The block goes where the script pools the image features (``GlobalAveragePooling2D()(x)``
and friends), so it always sees a 4-D tensor. When the backbone pools inside
(``pooling="avg"``), the recipe removes that argument and pools after the block. The
helper function is added once, in the script's import style.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from gptfix.recipes.base import Change, InterpreterFacts, Option, Recipe, RecipeMatch, Refused, pick
from gptfix.recipes.graph import Backbone, Pooling, backbones, pooling_kwarg, poolings
from gptfix.recipes.helpers import add_helper, calls_helper, count_calls, family, neighbour
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import CstScript, statements, without_kwarg
from gptfix.recipes.style import Style

KINDS = {"se": "se_block", "cbam": "cbam_block", "mhsa": "mhsa_block"}
_TITLES = {
    "se": "squeeze-and-excitation",
    "cbam": "CBAM (channel + spatial attention)",
    "mhsa": "multi-head self-attention",
}

_SE = '''
def @NAME@(x, ratio=16, name="se"):
    """Squeeze-and-excitation: reweight the channels of a 4-D feature map."""
    channels = x.shape[-1]
    s = @GlobalAveragePooling2D@(keepdims=True, name=f"{name}_squeeze")(x)
    s = @Dense@(
        max(channels // ratio, 8), activation="relu", name=f"{name}_reduce"
    )(s)
    s = @Dense@(channels, activation="sigmoid", name=f"{name}_excite")(s)
    return @Multiply@(name=f"{name}_scale")([x, s])
'''

_CBAM = '''
def @NAME@(x, ratio=8, kernel_size=7, name="cbam"):
    """CBAM: channel attention, then spatial attention, on a 4-D feature map."""
    channels = x.shape[-1]
    mlp_1 = @Dense@(
        max(channels // ratio, 8), activation="relu", name=f"{name}_mlp_1"
    )
    mlp_2 = @Dense@(channels, name=f"{name}_mlp_2")
    avg = @GlobalAveragePooling2D@(keepdims=True, name=f"{name}_avg")(x)
    peak = @GlobalMaxPooling2D@(keepdims=True, name=f"{name}_max")(x)
    scale = @Add@(name=f"{name}_sum")([mlp_2(mlp_1(avg)), mlp_2(mlp_1(peak))])
    scale = @Activation@("sigmoid", name=f"{name}_channel")(scale)
    x = @Multiply@(name=f"{name}_channel_scale")([x, scale])
    pooled = @Concatenate@(axis=-1, name=f"{name}_pool")(
        [@mean@(x, axis=-1, keepdims=True), @max@(x, axis=-1, keepdims=True)]
    )
    spatial = @Conv2D@(
        1, kernel_size, padding="same", activation="sigmoid", name=f"{name}_spatial"
    )(pooled)
    return @Multiply@(name=f"{name}_spatial_scale")([x, spatial])
'''

_MHSA = '''
def @NAME@(x, num_heads=4, name="mhsa"):
    """Transformer encoder block over the spatial positions of a 4-D feature map."""
    height, width, channels = x.shape[1], x.shape[2], x.shape[3]
    tokens = @Reshape@((height * width, channels), name=f"{name}_tokens")(x)
    attended = @MultiHeadAttention@(
        num_heads=num_heads,
        key_dim=max(min(channels // num_heads, 64), 8),
        name=f"{name}_attention",
    )(tokens, tokens)
    tokens = @Add@(name=f"{name}_residual_1")([tokens, attended])
    tokens = @LayerNormalization@(name=f"{name}_norm_1")(tokens)
    hidden = @Dense@(channels, activation="gelu", name=f"{name}_ffn_1")(tokens)
    hidden = @Dense@(channels, name=f"{name}_ffn_2")(hidden)
    tokens = @Add@(name=f"{name}_residual_2")([tokens, hidden])
    tokens = @LayerNormalization@(name=f"{name}_norm_2")(tokens)
    return @Reshape@((height, width, channels), name=f"{name}_map")(tokens)
'''

_TEMPLATES = {"se": _SE, "cbam": _CBAM, "mhsa": _MHSA}
_LAYERS = (
    "GlobalAveragePooling2D",
    "GlobalMaxPooling2D",
    "Dense",
    "Multiply",
    "Activation",
    "Add",
    "Concatenate",
    "Conv2D",
    "Reshape",
    "MultiHeadAttention",
    "LayerNormalization",
)


@dataclass
class _Site:
    stmt: cst.BaseStatement  #: the pooling statement, or the backbone-output statement
    var: str  #: the 4-D variable
    pool: Pooling | None = None
    backbone: Backbone | None = None
    pooling: str | None = None  #: "avg"/"max" when the backbone pools inside


def _all_helpers(src: CstScript) -> set[str]:
    return {n for base in KINDS.values() for n in family(src, base)}


def _sites(src: CstScript) -> list[_Site]:
    sites: list[_Site] = []
    for bb in backbones(src):
        mode = pooling_kwarg(bb)
        if mode:
            for target, stmt in bb.outputs:
                sites.append(_Site(stmt, target, backbone=bb, pooling=mode))
    for pool in poolings(src, _all_helpers(src)):
        sites.append(_Site(pool.stmt, pool.source, pool=pool))
    # global pooling first (a sure 4-D input), Flatten last; then by line
    sites.sort(key=lambda s: (bool(s.pool and s.pool.layer == "Flatten"), src.line(s.stmt)))
    return sites


def find(src: CstScript) -> list[RecipeMatch]:
    out = []
    for site in _sites(src):
        if site.pool is not None:
            why = f"the 4-D feature map `{site.var}` is pooled by {site.pool.layer} here"
        else:
            why = f"`{site.var}` is the backbone output (pooling={site.pooling!r} moves after the block)"
        line = src.line(site.stmt)
        out.append(
            RecipeMatch(
                "attention", f"Add a squeeze-and-excitation block on `{site.var}`", line, line, why
            )
        )
    return out


def transform(src: CstScript, options: dict[str, str], ctx: InterpreterFacts) -> Change:
    kind = options["kind"]
    sites = _sites(src)
    site = sites[
        pick(find(src), options, "no 4-D feature map found (no global pooling after a backbone)")
    ]
    helpers = _all_helpers(src)
    next_to = neighbour(src, site.stmt, -1 if site.pool else 1)
    present = calls_helper(next_to, helpers) if next_to is not None else None
    if present:
        raise Refused(f"already present: {present} on `{site.var}` at line {src.line(site.stmt)}")
    style = Style.of(src)
    patch = NodeEdits()
    existing = family(src, KINDS[kind])
    helper = existing[0] if existing else src.unique(KINDS[kind])
    uses = count_calls(src, helper)
    layer_name = kind if uses == 0 else f"{kind}_{uses + 1}"
    notes: list[str] = []
    if kind == "mhsa":
        notes.append("mhsa needs a fixed input height and width (Input(shape=(H, W, C)))")
    if site.pool is not None:
        pool = site.pool
        if pool.target == pool.source:
            new_var = pool.source
        else:
            new_var = src.unique(f"{pool.source}_{kind}")

            def rewire(node: cst.CSTNode, new_var: str = new_var) -> cst.CSTNode:
                assert isinstance(node, cst.Call)
                return node.with_changes(args=[node.args[0].with_changes(value=cst.Name(new_var))])

            patch.replace[pool.apply] = rewire
        patch.before[site.stmt].extend(
            statements(f'{new_var} = {helper}({pool.source}, name="{layer_name}")\n')
        )
        where = f"before {pool.layer} at line {src.line(site.stmt)}"
    else:
        assert site.backbone is not None
        ctor = site.backbone.ctor
        patch.edit_call(ctor, lambda node: without_kwarg(node, "pooling"))
        pool_layer = "GlobalAveragePooling2D" if site.pooling == "avg" else "GlobalMaxPooling2D"
        for n, (target, stmt) in enumerate(site.backbone.outputs):
            suffix = "" if n == 0 else f"_{n + 1}"
            patch.after[stmt].extend(
                statements(
                    f'{target} = {helper}({target}, name="{layer_name}{suffix}")\n'
                    f'{target} = {style.layer(pool_layer)}(name="{kind}_pool{suffix}")({target})\n'
                )
            )
        where = f"after the backbone output at line {src.line(site.stmt)}"
        notes.append(f'moved pooling="{site.pooling}" out of the backbone, after the block')
    if not existing:
        code = _TEMPLATES[kind].replace("@NAME@", helper)
        for layer in _LAYERS:
            if f"@{layer}@" in code:
                code = code.replace(f"@{layer}@", style.layer(layer))
        for op in ("mean", "max"):
            if f"@{op}@" in code:
                code = code.replace(f"@{op}@", style.ref(f"keras.ops.{op}"))
        first_use = site.stmt
        style.patch_imports(src, patch, site.stmt)
        add_helper(src, patch, code, first_use)
    else:
        style.patch_imports(src, patch, site.stmt)
    title = f"Add {_TITLES[kind]} ({helper}) on `{site.var}` {where}"
    return Change(patch.apply(src), title, notes)


RECIPE = Recipe(
    id="attention",
    title="Add an attention block on the backbone's feature map",
    description=(
        "Squeeze-and-excitation, CBAM or a transformer encoder block (multi-head self-attention "
        "over spatial positions) on the 4-D feature map, after the backbone and before pooling."
    ),
    options=(Option("kind", "which block", default="se", choices=tuple(KINDS)),),
    find=find,
    transform=transform,
)
