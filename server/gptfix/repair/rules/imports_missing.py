"""Rules for a ``NameError`` on a name that an import would bind.

Bridges a pasted snippet's assumptions ("name 'np' is not defined", "name 'Dense' is
not defined") and the script's imports: a conventional alias gets its conventional
import (``np`` -> ``import numpy as np``, ``layers`` -> from the Keras the script already
uses), and a bare class name that lives in a module the script imports is qualified
with the script's own alias (``Dense(...)`` -> ``layers.Dense(...)``), checked in the
user's interpreter.
"""

from __future__ import annotations

import ast

from gptfix.index.imports import KERAS_SUBMODULES
from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.names import bound_names
from gptfix.repair.rules.text import Patch, Source, imported_names, insert_after_imports

#: Conventional aliases -> the import statement that binds them.
CONVENTIONS = {
    "np": "import numpy as np",
    "numpy": "import numpy",
    "tf": "import tensorflow as tf",
    "pd": "import pandas as pd",
    "plt": "import matplotlib.pyplot as plt",
    "os": "import os",
    "math": "import math",
    "random": "import random",
    "time": "import time",
    "json": "import json",
    "keras": "import keras",
}


def _keras_root(src: Source) -> str:
    """``keras`` or ``tensorflow.keras``, whichever the script already imports from."""
    for path in imported_names(src).values():
        if path.startswith("tensorflow.keras") or path == "tensorflow":
            return "tensorflow.keras"
    return "keras"


def _missing_import(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"name '(\w+)' is not defined")
    if not m or not ctx.is_type("NameError"):
        return []
    missing = m.group(1)
    if missing in bound_names(ctx.src.tree):
        return []
    fixes: list[Fix] = []
    statement = CONVENTIONS.get(missing)
    if missing in KERAS_SUBMODULES:
        statement = f"from {_keras_root(ctx.src)} import {missing}"
    if missing == "K":
        statement = f"from {_keras_root(ctx.src)} import backend as K"
    if statement:
        ok = ctx.probe.importable([statement]).get(statement)
        if ok:
            fixes += ctx.fix(
                "names.missing-import",
                f"add `{statement}`",
                insert_after_imports(ctx.src, statement),
                SAFE,
                [
                    f"NameError: name '{missing}' is not defined",
                    f"`{statement}` is the usual import for `{missing}`",
                ],
            )
    fixes += _qualify(ctx, missing)
    return fixes


def _qualify(ctx: RuleContext, missing: str) -> list[Fix]:
    """``Dense`` -> ``layers.Dense`` when a module the script imports has it."""
    if not missing[:1].isupper() and missing not in ("concatenate", "add", "multiply", "average"):
        return []
    aliases = [
        local
        for local, path in imported_names(ctx.src).items()
        if path.split(".")[0] in ("keras", "tensorflow", "numpy") and not local[:1].isupper()
    ]
    exprs = [f"{a}.{missing}" for a in aliases]
    exprs += [
        f"{a}.{sub}.{missing}"
        for a in aliases
        for sub in ("layers", "keras.layers")
        if imported_names(ctx.src)[a] in ("keras", "tensorflow", "tensorflow.keras")
    ]
    if not exprs:
        return []
    found = ctx.probe.exists(exprs)
    target = next((e for e in exprs if found.get(e)), None)
    if target is None:
        return []
    patch = Patch(ctx.src.text)
    for node in ctx.src.walk():
        if isinstance(node, ast.Name) and node.id == missing and isinstance(node.ctx, ast.Load):
            s, e = ctx.src.span(node)
            patch.replace(s, e, target)
    return ctx.fix(
        "names.missing-import",
        f"use `{target}` for the undefined `{missing}`",
        patch.apply(),
        SAFE,
        [
            f"NameError: name '{missing}' is not defined",
            f"`{target}` exists in the installed version",
        ],
    )


RULES = [
    Rule(
        "names.missing-import",
        "names",
        "an undefined name an import would bind (np, tf, layers, a bare Keras class): import or qualify it",
        _missing_import,
    ),
]
