"""Edit operator on data fed as Python lists: labels or features Keras wants as arrays.

Bridges a failure at ``model.fit(x, y, ...)`` (``validation_split`` is only supported
for tensors or NumPy arrays, no data adapter for a list, ...) and the locals the failing
frame recorded: an argument of the feeding call that held a plain Python list of numbers
(``[1, 0, 1, ...]`` or nested ones, not a list of arrays, which is how a multi-input
model is fed) is passed as ``np.array(...)``. NumPy is imported in the script's style
when it is not yet.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from gptfix.model import Fix
from gptfix.repair.operators.edit import feed_calls, replace_node
from gptfix.repair.rules.base import UNSAFE, RuleContext
from gptfix.repair.rules.text import Source, imported_names, insert_after_imports

#: A list repr whose first element is a number (possibly nested, possibly a NumPy scalar).
_NUMBERS = re.compile(r"^\[+\s*(?:-?\d|np\.(?:int|float|uint)\w*\(|True|False)")
_FEED_ARGS = ("x", "y", "validation_data", "sample_weight")


def _numeric_list(desc: Any) -> bool:
    return (
        isinstance(desc, dict)
        and desc.get("type") in ("list", "tuple")
        and bool(_NUMBERS.match(str(desc.get("repr", ""))))
    )


def _fed_names(call: ast.Call) -> list[ast.Name]:
    """Names passed as the feeding call's data (positional x, y; x=, y=; tuple elements)."""
    exprs: list[ast.expr] = list(call.args[:2])
    exprs += [k.value for k in call.keywords if k.arg in _FEED_ARGS]
    out: list[ast.Name] = []
    for e in exprs:
        items = e.elts if isinstance(e, ast.Tuple | ast.List) else [e]
        out += [i for i in items if isinstance(i, ast.Name)]
    return out


def list_to_array(ctx: RuleContext) -> list[Fix]:
    """``model.fit(x, y_list)`` with ``y_list`` a Python list of numbers: ``np.array(y_list)``."""
    tree = ctx.index.tree
    local_vars = ctx.failure.facts.get("locals")
    if tree is None or not isinstance(local_vars, dict) or not ctx.user_lines:
        return []
    line = ctx.user_lines[0]
    calls = [c for c in feed_calls(tree) if c.lineno <= line <= (c.end_lineno or c.lineno)]
    for call in calls:
        lists = [n for n in _fed_names(call) if _numeric_list(local_vars.get(n.id))]
        if not lists:
            continue
        alias = next((a for a, p in imported_names(ctx.src).items() if p == "numpy"), None)
        text = ctx.script.text
        for node in sorted(lists, key=lambda n: n.col_offset, reverse=True):
            text = replace_node(text, node, f"{alias or 'np'}.array({node.id})")
        src = Source.parse(text) if alias is None else None
        if src is not None:
            text = insert_after_imports(src, "import numpy as np")
        names = ", ".join(f"`{n.id}`" for n in lists)
        return ctx.fix(
            "ops.list-to-array",
            f"pass {names} as a NumPy array",
            text,
            UNSAFE,
            [
                *(
                    f"`{n.id}` held a Python list ({local_vars[n.id].get('repr')}) at line {line}"
                    for n in lists
                ),
                "Keras takes arrays or tensors as data",
            ],
        )
    return []
