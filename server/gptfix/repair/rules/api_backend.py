"""Rules for Keras 2 backend math (``K.mean``, ``K.square``) that Keras 3 moved to ``keras.ops``.

Bridges ``AttributeError: module 'keras.backend' has no attribute 'mean'`` and the
script's custom losses and metrics: every backend function of the table the installed
``keras.backend`` lacks is replaced by its ``keras.ops`` (or ``keras.losses``)
counterpart in one edit, so a loss written with five of them is fixed in one round. The
new names are checked in the user's interpreter before the fix is offered.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, Source, dotted, imported_names, replace_node

#: keras.backend function (Keras 2) -> (module under keras, name there), same arguments.
BACKEND_MOVES: dict[str, tuple[str, str]] = {
    **{
        n: ("ops", n)
        for n in (
            "mean sum square sqrt clip abs log exp cast expand_dims concatenate reshape dot "
            "maximum minimum argmax argmin ones_like zeros_like std var sigmoid softmax relu "
            "round shape stack max min prod tanh transpose equal not_equal greater less "
            "greater_equal less_equal sign softplus cumsum any all gather tile repeat"
        ).split()
    },
    "pow": ("ops", "power"),
    "categorical_crossentropy": ("losses", "categorical_crossentropy"),
    "sparse_categorical_crossentropy": ("losses", "sparse_categorical_crossentropy"),
    "binary_crossentropy": ("losses", "binary_crossentropy"),
}


def _keras_root(src: Source) -> tuple[str, str | None]:
    """(how the script spells the ``keras`` module, an import line to add or None)."""
    for local, path in imported_names(src).items():
        if path == "keras":
            return local, None
    for local, path in imported_names(src).items():
        if path == "tensorflow":
            return f"{local}.keras", None
    return "keras", "import keras"


def _backend_moves(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"module '([\w.]+backend)' has no attribute '(\w+)'")
    said = m.group(0) if m else ""
    if m and m.group(2) not in BACKEND_MOVES:
        return []
    failing = [
        n
        for n in ctx.nodes_on_user_lines(ast.Attribute)
        if isinstance(n, ast.Attribute) and dotted(n) and (n.attr == m.group(2) if m else True)
    ]
    if m is None:  # a Lambda hides the AttributeError: it only says it cannot infer a shape
        if not ctx.search(r"infer the shape of the Lambda"):
            return []
        backends = {a for a, p in imported_names(ctx.src).items() if p.endswith(".backend")}
        failing = [
            n
            for n in failing
            if isinstance(n, ast.Attribute)
            and n.attr in BACKEND_MOVES
            and ctx.src.segment(n.value) in backends
        ]
        said = "Lambda: its function calls Keras 2 backend functions"
    if not failing:
        return []
    assert isinstance(failing[0], ast.Attribute)
    base = ctx.src.segment(failing[0].value)
    present = set(ctx.probe.names(base) or [])
    root, import_line = _keras_root(ctx.src)
    patch = Patch(ctx.src.text)
    moved: dict[str, str] = {}
    used: set[tuple[str, str]] = set()
    for node in ctx.src.walk():
        if (
            isinstance(node, ast.Attribute)
            and node.attr in BACKEND_MOVES
            and node.attr not in present
            and ctx.src.segment(node.value) == base
        ):
            module, name = BACKEND_MOVES[node.attr]
            new = f"{root}.{module}.{name}"
            s, e = ctx.src.span(node)
            patch.replace(s, e, new)
            moved[f"{base}.{node.attr}"] = new
            used.add((module, name))
    if not moved:
        return []
    wanted = {f"from keras.{mod} import {name}" for mod, name in used}
    checked = ctx.probe.importable(sorted(wanted))
    if not checked or not all(checked.values()):
        return []
    text = patch.apply()
    if import_line:
        lines = text.splitlines(keepends=True)
        at = next((i for i, ln in enumerate(lines) if ln.startswith(("import ", "from "))), 0)
        text = "".join(lines[:at] + [import_line + "\n"] + lines[at:])
    desc = ", ".join(f"`{k}` -> `{v}`" for k, v in list(moved.items())[:4])
    return ctx.fix(
        "api.backend-to-ops",
        f"use keras.ops for the Keras 2 backend functions ({desc}"
        + (f" and {len(moved) - 4} more" if len(moved) > 4 else "")
        + ")",
        text,
        SAFE,
        [
            said,
            "Keras 3 moved the backend math functions to keras.ops (same arguments)",
            "checked in the installed version: " + ", ".join(sorted(set(moved.values()))[:4]),
        ],
    )


_ORDERINGS = {"tf": "channels_last", "th": "channels_first"}


def _dim_ordering(ctx: RuleContext) -> list[Fix]:
    """``K.set_image_dim_ordering('tf')`` (Keras 1) -> ``K.set_image_data_format(
    'channels_last')``: the same setting under the name Keras 2 and 3 give it."""
    if not ctx.search(r"has no attribute 'set_image_dim_ordering'"):
        return []
    for node in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(node, ast.Call)
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "set_image_dim_ordering"):
            continue
        arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
        said = arg.value if isinstance(arg, ast.Constant) else None
        if not isinstance(said, str) or said not in _ORDERINGS:
            continue
        base = ctx.src.segment(func.value)
        new = f"{base}.set_image_data_format({_ORDERINGS[said]!r})"
        return ctx.fix(
            "api.image-dim-ordering",
            f"`set_image_dim_ordering({said!r})` is `set_image_data_format({_ORDERINGS[said]!r})` since Keras 2",
            replace_node(ctx.src, node, new),
            SAFE,
            [ctx.message.splitlines()[0][:160], f"'{said}' ordering is {_ORDERINGS[said]}"],
        )
    return []


RULES = [
    Rule(
        "api.image-dim-ordering",
        "api",
        "Keras 1's set_image_dim_ordering('tf'/'th'): set_image_data_format",
        _dim_ordering,
    ),
    Rule(
        "api.backend-to-ops",
        "api",
        "Keras 2 backend functions (K.mean, K.square, ...) missing in Keras 3: use keras.ops",
        _backend_moves,
    ),
]
