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
from gptfix.repair.operators.edit import feed_calls, replace_node, segment
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext
from gptfix.repair.rules.text import Source, imported_names, insert_after_imports

#: A list repr whose first element is a number (possibly nested, possibly a NumPy scalar),
#: or lists nested deeper than the repr shows (``[[[...], [...]], ...]``: windows of rows).
_NUMBERS = re.compile(r"^\[+\s*(?:-?\d|np\.(?:int|float|uint)\w*\(|True|False|\.\.\.\])")
#: A list repr whose first element is a string (texts for a model that starts with a
#: text layer): NumPy must keep them as objects, Keras refuses its fixed-width str dtype.
_STRINGS = re.compile(r"^\[+\s*['\"]")
_FEED_ARGS = ("x", "y", "validation_data", "sample_weight")


def _list_kind(desc: Any) -> str | None:
    """ "numbers" or "strings" for a Python list of them (as the locals show it), else None."""
    if not (isinstance(desc, dict) and desc.get("type") in ("list", "tuple")):
        return None
    text = str(desc.get("repr", ""))
    return "numbers" if _NUMBERS.match(text) else "strings" if _STRINGS.match(text) else None


def _display_kind(node: ast.expr) -> str | None:
    """The same for a list written in place: ``predict(["a text"])``, ``fit(x, [0, 1])``."""
    if not isinstance(node, ast.List) or not node.elts:
        return None
    values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
    if len(values) != len(node.elts):
        return None
    if all(isinstance(v, str) for v in values):
        return "strings"
    return "numbers" if all(isinstance(v, int | float) for v in values) else None


def _fed_exprs(call: ast.Call) -> list[ast.expr]:
    """The feeding call's data (positional x, y; x=, y=): the elements of a tuple or of a
    list of inputs (``[x1, x2]``), and a list of numbers or texts written in place whole."""
    exprs: list[ast.expr] = list(call.args[:2])
    exprs += [k.value for k in call.keywords if k.arg in _FEED_ARGS]
    out: list[ast.expr] = []
    for e in exprs:
        several = isinstance(e, ast.Tuple | ast.List) and _display_kind(e) is None
        out += e.elts if several else [e]  # type: ignore[attr-defined]
    return out


def _fed_names(call: ast.Call) -> list[ast.Name]:
    """Names passed as the feeding call's data (positional x, y; x=, y=; tuple elements)."""
    return [e for e in _fed_exprs(call) if isinstance(e, ast.Name)]


def _wrap(
    ctx: RuleContext, nodes: list[ast.expr], func: str, strings: frozenset[int] = frozenset()
) -> str:
    """The script with each of ``nodes`` passed as ``np.<func>(...)`` (those in ``strings``
    with ``dtype=object``), NumPy imported."""
    alias = next((a for a, p in imported_names(ctx.src).items() if p == "numpy"), None)
    text = ctx.script.text
    for node in sorted(nodes, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        extra = ", dtype=object" if id(node) in strings else ""
        text = replace_node(text, node, f"{alias or 'np'}.{func}({segment(text, node)}{extra})")
    src = Source.parse(text) if alias is None else None
    return insert_after_imports(src, "import numpy as np") if src is not None else text


def _failing_feeds(ctx: RuleContext) -> tuple[list[ast.Call], dict[str, Any]]:
    """The calls feeding data (``fit``, ``predict``...) on the failing line, and the failing
    frame's locals; nothing when either is unknown."""
    tree = ctx.index.tree
    local_vars = ctx.failure.facts.get("locals")
    if tree is None or not isinstance(local_vars, dict) or not ctx.user_lines:
        return [], {}
    line = ctx.user_lines[0]
    calls = [c for c in feed_calls(tree) if c.lineno <= line <= (c.end_lineno or c.lineno)]
    return calls, local_vars


def list_to_array(ctx: RuleContext) -> list[Fix]:
    """``model.fit(x, y_list)`` with ``y_list`` a Python list of numbers: ``np.array(y_list)``;
    ``predict(["a text"])``: ``np.array(["a text"], dtype=object)``."""
    calls, local_vars = _failing_feeds(ctx)
    written = bool(ctx.search(r"Unrecognized data type: .*\(of type <class 'list'>\)"))
    for call in calls:
        found: list[tuple[ast.expr, str, str]] = []
        for e in _fed_exprs(call):
            if isinstance(e, ast.Name):
                kind = _list_kind(local_vars.get(e.id))
                held = f"held a Python list ({local_vars.get(e.id, {}).get('repr')})"
            else:
                kind = _display_kind(e) if written else None
                held = "is a Python list written in place"
            if kind:
                found.append(
                    (e, kind, f"`{segment(ctx.script.text, e)}` {held} at line {ctx.user_lines[0]}")
                )
        if not found:
            continue
        strings = frozenset(id(e) for e, kind, _ in found if kind == "strings")
        text = _wrap(ctx, [e for e, _, _ in found], "array", strings)
        names = ", ".join(f"`{segment(ctx.script.text, e)}`" for e, _, _ in found)
        return ctx.fix(
            "ops.list-to-array",
            f"pass {names} as a NumPy array",
            text,
            UNSAFE,
            [
                *(why for _, _, why in found),
                "Keras takes arrays or tensors as data"
                + (
                    " (texts as an object array: Keras has no fixed-width string dtype)"
                    if strings
                    else ""
                ),
            ],
        )
    return []


_SIZES = re.compile(r"'(x|y)' sizes: (\d+(?:, \d+)*)")
_ONE_SAMPLE = re.compile(
    r"Expected shape \(None, ([^()]*)\), but input has incompatible shape \(([^()]*)\)"
)
_ARRAYS = re.compile(r"^\[(?:array\(|<tf\.Tensor)")


def _sample_list(desc: Any) -> int | None:
    """The length of a list of arrays (as the failing frame's locals show it), else None."""
    if not (isinstance(desc, dict) and desc.get("type") in ("list", "tuple")):
        return None
    length = desc.get("len")
    if not isinstance(length, int) or length < 2 or not _ARRAYS.match(str(desc.get("repr", ""))):
        return None
    return length


def _read_as_inputs(ctx: RuleContext, role: str, length: int) -> str | None:
    """What in the message shows a list of ``length`` per-sample arrays read as that many
    inputs (``role`` "x" or "y"), or None."""
    sizes = {m.group(1): m.group(2).split(", ") for m in _SIZES.finditer(ctx.message)}
    mine, other = sizes.get(role), sizes.get("y" if role == "x" else "x")
    if mine and len(set(mine)) == 1 and (len(mine) == length or other == [str(length)]):
        return f"Keras counted {len(mine)} {role} arrays of {mine[0]} rows each"
    one = _ONE_SAMPLE.search(ctx.message)
    if role == "x" and one and one.group(1).strip() == one.group(2).strip(" ,"):
        return f"the model got one sample of shape ({one.group(2)}) as its input"
    return None


def stack_samples(ctx: RuleContext) -> list[Fix]:
    """``model.fit(rows, y)`` with ``rows`` a list of per-sample arrays: ``np.stack(rows)``."""
    calls, local_vars = _failing_feeds(ctx)
    for call in calls:
        x = call.args[0] if call.args else None
        x = next((k.value for k in call.keywords if k.arg == "x"), x)
        y = call.args[1] if len(call.args) > 1 else None
        y = next((k.value for k in call.keywords if k.arg == "y"), y)
        found: list[tuple[ast.Name, str]] = []
        for role, node in (("x", x), ("y", y)):
            length = _sample_list(local_vars.get(node.id)) if isinstance(node, ast.Name) else None
            why = _read_as_inputs(ctx, role, length) if length else None
            if isinstance(node, ast.Name) and why:
                found.append((node, f"`{node.id}` was a Python list of {length} arrays; {why}"))
        if not found:
            continue
        names = ", ".join(f"`{n.id}`" for n, _ in found)
        return ctx.fix(
            "ops.stack-samples",
            f"stack the per-sample arrays of {names} into one array",
            _wrap(ctx, [n for n, _ in found], "stack"),
            SAFE,
            [*(why for _, why in found), "Keras reads a list as one input per element"],
        )
    return []
