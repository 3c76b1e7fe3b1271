"""A rule for Keras 1's ``Merge`` layer and ``merge`` function, gone since Keras 2.

Bridges "cannot import name 'Merge' from 'keras.layers'" (or "module 'keras.layers' has no
attribute 'merge'") and the script's calls of the removed name: Keras 1 chose the
operation with ``mode=`` (documented default ``'sum'``), and each mode has had its own
layer since Keras 2: ``concat`` -> ``Concatenate(axis=concat_axis)``, ``sum`` -> ``Add``,
``mul`` -> ``Multiply``, ``ave`` -> ``Average``, ``max`` -> ``Maximum``, ``dot`` ->
``Dot(axes=dot_axes)`` (the function ``merge`` likewise becomes ``concatenate``, ``add``,
...). Every call is rewritten and the import names the new classes, checked importable in
the user's interpreter. A mode without an exact equivalent (``cos``: a normalised ``Dot``)
is only suggested; a mode that is not a literal, a callable mode or a Keras 1 merge of
whole models (layers given to the constructor) gets nothing.
"""

from __future__ import annotations

import ast

from gptfix.model import Applicability, Fix
from gptfix.repair.rules.base import SAFE, SUGGESTION, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, call_name, calls, keyword, literal

#: mode -> (layer class, function, Keras 1 keyword -> Keras 2+ keyword)
_MODES: dict[str, tuple[str, str, dict[str, str]]] = {
    "concat": ("Concatenate", "concatenate", {"concat_axis": "axis"}),
    "sum": ("Add", "add", {}),
    "mul": ("Multiply", "multiply", {}),
    "ave": ("Average", "average", {}),
    "max": ("Maximum", "maximum", {}),
    "dot": ("Dot", "dot", {"dot_axes": "axes"}),
    "cos": ("Dot", "dot", {"dot_axes": "axes"}),  # normalised dot product: suggested only
}
_KEPT = {"name"}
_REMOVED = {"Merge": 0, "merge": 1}  #: name -> index of the name in a mode's tuple


def _rewrite(ctx: RuleContext, call: ast.Call, removed: str) -> tuple[str, str, bool] | None:
    """(new call text, new name, exact) for one call of the removed name."""
    functional = removed == "merge"
    if (call.args and not functional) or len(call.args) > 1:
        return None  # Keras 1 merged whole models given to the constructor
    mode_kw = keyword(call, "mode")
    mode = literal(mode_kw.value) if mode_kw is not None else "sum"
    if not isinstance(mode, str) or mode not in _MODES:
        return None
    cls, fn, renames = _MODES[mode]
    new = fn if functional else cls
    parts: list[str] = [ctx.src.segment(call.args[0])] if call.args else []
    for kw in call.keywords:
        if kw.arg in ("mode", None):
            if kw.arg is None:
                return None
            continue
        if kw.arg in renames:
            parts.append(f"{renames[kw.arg]}={ctx.src.segment(kw.value)}")
        elif kw.arg in _KEPT or (functional and kw.arg == "inputs"):
            parts.append(f"{kw.arg}={ctx.src.segment(kw.value)}")
        else:
            return None  # output_shape, node_indices, ...: no equivalent to carry over
    if cls == "Dot" and not any(p.startswith("axes=") for p in parts):
        parts.append("axes=-1")  # Keras 1's dot_axes default; Dot requires it
    if mode == "cos":
        parts.append("normalize=True")
    func = ctx.src.segment(call.func)
    prefix = func[: -len(removed)] if func.endswith(removed) else ""
    return f"{prefix}{new}({', '.join(parts)})", new, mode_kw is not None and mode != "cos"


def _merge_removed(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"cannot import name '(Merge|merge)' from '([\w.]+)'") or ctx.search(
        r"module '([\w.]+)' has no attribute '(Merge|merge)'"
    )
    if not m:
        return []
    removed = m.group(1) if m.group(1) in _REMOVED else m.group(2)
    module = m.group(2) if m.group(1) in _REMOVED else m.group(1)
    used = [c for c in calls(ctx.src) if call_name(c) == removed]
    if not used:
        return []
    patch = Patch(ctx.src.text)
    names: list[str] = []
    applicability: Applicability = SAFE
    for call in used:
        found = _rewrite(ctx, call, removed)
        if found is None:
            return []
        text, new, exact = found
        if not exact:
            applicability = SUGGESTION if "normalize=True" in text else UNSAFE
        s, e = ctx.src.span(call)
        patch.replace(s, e, text)
        names.append(new)
    names = list(dict.fromkeys(names))
    ok = ctx.probe.importable([f"from {module} import {n}" for n in names])
    if not all(ok.get(f"from {module} import {n}") for n in names):
        return []
    for node in ctx.src.walk():
        if not (isinstance(node, ast.ImportFrom) and node.module == module):
            continue
        for i, alias in enumerate(node.names):
            if alias.name != removed or alias.asname is not None:
                continue
            have = {a.asname or a.name for a in node.names}
            fresh = [n for n in names if n not in have]
            s, e = ctx.src.span(alias)
            if not fresh and len(node.names) == 1:
                return []
            if not fresh:  # the new names are imported already: drop the old one
                s, e = (
                    (ctx.src.span(node.names[i - 1])[1], e)
                    if i
                    else (s, ctx.src.span(node.names[1])[0])
                )
            patch.replace(s, e, ", ".join(fresh))
    text = patch.apply()
    modes = sorted({str(literal(kw.value)) for c in used if (kw := keyword(c, "mode"))})
    return ctx.fix(
        "api.merge-removed",
        f"use `{'`, `'.join(names)}` for Keras 1's `{removed}` "
        f"(mode {', '.join(repr(x) for x in modes) or 'sum, the default'})",
        text,
        applicability,
        [
            f"{ctx.failure.type}: `{removed}` was removed in Keras 2",
            "each merge mode is its own layer since Keras 2: "
            + ", ".join(f"{k} -> {v[0]}" for k, v in _MODES.items() if k != "cos"),
            f"`{module}` exports {', '.join(names)} in the installed version",
        ],
    )


RULES = [
    Rule(
        "api.merge-removed",
        "api",
        "Keras 1's Merge(mode=...) / merge(): the Keras 2+ layer of that mode (Concatenate, Add, ...)",
        _merge_removed,
    ),
]
