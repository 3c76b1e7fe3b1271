"""Edit operators for inputs given to ``predict``/``evaluate`` that are not what ``fit`` got.

Bridges the program model (the arrays ``fit`` gets per model input; the list a loop fills
for ``predict``, and what it appends) and the value trace (the fitted arrays are integer
ids, the table the appended rows come from) into an edit where the samples are made:

- ``ids-not-rows``: a model fitted on ids (``fit([users, items], ...)``, ints within
  ``0..n-1``) given, for prediction, the rows of an ``(n, m)`` table selected by an id
  (``items_input.append(data_matrix[:, item])``): the id itself is appended.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import feed_calls, last_name, replace_node, segment, x_arg
from gptfix.repair.rules.base import UNSAFE, RuleContext


def _fitted(ctx: RuleContext) -> list[ast.Name] | None:
    """The names ``fit`` gets, one per model input (the only fit with a list of them)."""
    tree = ctx.index.tree
    assert tree is not None
    fits = [c for c in feed_calls(tree) if c.func.attr == "fit"]  # type: ignore[attr-defined]
    if len(fits) != 1:
        return None
    x = x_arg(fits[0])
    if not isinstance(x, ast.List | ast.Tuple) or not all(isinstance(e, ast.Name) for e in x.elts):
        return None
    return list(x.elts)  # type: ignore[arg-type]


def _list_of(node: ast.expr) -> str | None:
    """``L`` of ``np.array(L)`` / ``L``."""
    if isinstance(node, ast.Call) and last_name(node.func) in ("array", "asarray") and node.args:
        node = node.args[0]
    return node.id if isinstance(node, ast.Name) else None


def _appended(tree: ast.Module, name: str) -> list[ast.expr]:
    return [
        c.args[0]
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and isinstance(c.func, ast.Attribute)
        and c.func.attr == "append"
        and isinstance(c.func.value, ast.Name)
        and c.func.value.id == name
        and len(c.args) == 1
    ]


def _selected(node: ast.expr) -> tuple[ast.Name, ast.Name, int] | None:
    """(table, id, axis) of ``table[id]`` / ``table[:, id]``."""
    if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
        return None
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    names = [(i, p) for i, p in enumerate(parts) if isinstance(p, ast.Name)]
    rest = [p for p in parts if not isinstance(p, ast.Name)]
    whole = all(isinstance(p, ast.Slice) and p.lower is None and p.upper is None for p in rest)
    if len(names) != 1 or not whole:
        return None
    return node.value, names[0][1], names[0][0]


def ids_not_rows(ctx: RuleContext) -> list[Fix]:
    """Rows of a table selected by an id, given where the model was fitted on the ids."""
    tree = ctx.index.tree
    if tree is None or ctx.line is None:
        return []
    fitted = _fitted(ctx)
    first, last = ctx.index.statement_at(ctx.line)
    if not fitted:
        return []
    for call in feed_calls(tree):
        x = x_arg(call)
        if call.func.attr == "fit" or not first <= call.lineno <= last:  # type: ignore[attr-defined]
            continue
        if not isinstance(x, ast.List | ast.Tuple) or len(x.elts) != len(fitted):
            continue
        text, evidence = ctx.script.text, []
        edits: list[tuple[ast.expr, str]] = []
        for given, fit_name in zip(x.elts, fitted, strict=True):
            lst = _list_of(given)
            ids = ctx.traced(fit_name.id)
            if lst is None or ids is None or ids.max is None or ids.min is None or ids.min < 0:
                continue
            if not ids.shape or len(ids.shape) > 2 or ids.shape[1:] not in ([], [1]):
                continue  # one integer id per sample
            for arg in _appended(tree, lst):
                sel = _selected(arg)
                table = ctx.traced(sel[0].id) if sel is not None else None
                if sel is None or table is None or not table.shape or sel[2] >= len(table.shape):
                    continue
                size = table.shape[sel[2]]
                if not isinstance(size, int) or ids.max >= size:
                    continue  # the ids index that axis of the table
                edits.append((arg, sel[1].id))
                evidence.append(
                    f"`{fit_name.id}` (fitted) holds ids {ids.min}..{ids.max}; "
                    f"`{segment(text, arg)}` is the {'row' if sel[2] == 0 else 'column'} of "
                    f"`{sel[0].id}` {table.shape} that the id `{sel[1].id}` selects"
                )
        if not edits:
            continue
        for node, new in sorted(edits, key=lambda e: (e[0].lineno, e[0].col_offset), reverse=True):
            text = replace_node(text, node, new)
        said = ", ".join(f"`{new}`" for _node, new in edits)
        return ctx.fix(
            "ops.ids-not-rows",
            f"give the model the ids it was fitted on ({said}), not the table's rows they select",
            text,
            UNSAFE,
            evidence,
        )
    return []
