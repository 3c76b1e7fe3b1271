"""Edit operator on names a ``from ... import`` line of the script would bind.

Bridges a ``NameError`` for a name the script never binds (``Conv2D``) and the script's
own ``from tensorflow.keras.layers import Dense, Flatten``: when the installed package
exports the name from a module the script already imports from, the name joins that
import. Every other unbound name the script reads that the same module exports joins it
too (a pasted model usually lacks ``MaxPooling2D`` as well as ``Conv2D``), each checked
by importing it in the user's interpreter.
"""

from __future__ import annotations

import ast
import builtins

from gptfix.model import Fix
from gptfix.repair.operators.edit import replace_node
from gptfix.repair.rules.base import SAFE, RuleContext
from gptfix.repair.rules.names import bound_names

_ROOTS = ("keras", "tensorflow", "tf_keras")


def _unbound_reads(tree: ast.Module) -> list[str]:
    """Names the script reads but never binds (and Python does not provide), in order."""
    bound = set(bound_names(tree)) | set(dir(builtins))
    out: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.id not in bound
            and node.id not in out
        ):
            out.append(node.id)
    return out


def missing_from_import(ctx: RuleContext) -> list[Fix]:
    """``NameError: name 'Conv2D'`` with ``from tensorflow.keras.layers import Dense``."""
    tree = ctx.index.tree
    m = ctx.search(r"name '(\w+)' is not defined")
    if tree is None or m is None or not ctx.is_type("NameError"):
        return []
    missing = m.group(1)
    unbound = _unbound_reads(tree)
    if missing not in unbound:
        return []
    froms = [
        n
        for n in tree.body
        if isinstance(n, ast.ImportFrom)
        and n.level == 0
        and n.module
        and n.module.split(".")[0] in _ROOTS
        and not any(a.name == "*" for a in n.names)
    ]
    if not froms:
        return []
    statements = {
        (f.module, name): f"from {f.module} import {name}" for f in froms for name in unbound
    }
    ok = ctx.probe.importable(list(statements.values()))
    home = next((f for f in froms if ok.get(statements[(f.module, missing)])), None)
    if home is None:
        return []
    added = [n for n in unbound if ok.get(statements[(home.module, n)])]
    names = [a.name if a.asname is None else f"{a.name} as {a.asname}" for a in home.names]
    plain = [a.name for a in home.names]
    if plain == sorted(plain):
        names = sorted(names + added, key=lambda s: s.split(" as ")[0])
    else:
        names += added
    new = f"from {home.module} import {', '.join(names)}"
    return ctx.fix(
        "ops.missing-from-import",
        f"import {', '.join(f'`{n}`' for n in added)} from `{home.module}` (line {home.lineno})",
        replace_node(ctx.script.text, home, new),
        SAFE,
        [
            f"NameError: name '{missing}' is not defined",
            f"the script imports from `{home.module}`, which exports "
            + ", ".join(f"`{n}`" for n in added),
        ],
    )
