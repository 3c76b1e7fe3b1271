"""A change said in prose for one call or function only: "In `model.fit`, change
`y_train` to `y_train_oh`" changes the ``y_train`` inside the script's one ``fit`` call,
not the other ``y_train`` of the script.

Bridges the scope a prose change names (read by :mod:`gptfix.llm.prose_edits`) and the
inline replacement of :mod:`gptfix.llm.patches`, made on that call's or function's source.
"""

from __future__ import annotations

import ast

from gptfix.errors import Refused
from gptfix.llm.patches import TextEdit, apply_inline, callee_tail, short, span_of


def _region(text: str, scope: str) -> tuple[int, int] | None:
    """Character offsets of the script's one call of ``scope`` (by its last dotted part)
    or its one function of that name; None when there is not exactly one."""
    tail = scope.rsplit(".", 1)[-1]
    found: list[ast.expr | ast.stmt] = [
        n
        for n in ast.walk(ast.parse(text))
        if (isinstance(n, ast.Call) and callee_tail(n) == tail)
        or (isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == tail)
    ]
    return span_of(text, found[0]) if len(found) == 1 else None


def apply_scoped_inline(
    text: str, scope: str, old: str, new: str, every: int | None = None
) -> tuple[str, TextEdit]:
    """``old`` replaced by ``new`` inside the call or function ``scope`` only."""
    region = _region(text, scope)
    if region is None:
        raise Refused(f"the prose changes code in `{scope}`, which the script has not once")
    start, end = region
    inner, edit = apply_inline(text[start:end], old, new, every)
    shift = text.count("\n", 0, start)
    edit.start_line += shift
    edit.end_line += shift
    edit.summary = f"replaced `{short(old, 30)}` in `{scope}` (line {edit.start_line})"
    return text[:start] + inner + text[end:], edit
